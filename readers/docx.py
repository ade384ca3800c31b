"""DOCX reader: python-docx, in body order, tables and text boxes included.

The Decree 30 header and the Nơi nhận | signer block are usually borderless two-column
tables, which ``Document.paragraphs`` skips entirely. We walk the body XML in order,
descend into tables cell by cell (a two-cell row's cells become a left and a right
column, matching what the PDF reader produces) and pick up text boxes and headers.

Letters typed in legacy Vietnamese fonts (.VnTime, VNI-Times) are converted to Unicode run
by run (readers/legacy.py): a run's effective font is its own, else its character style's,
else its paragraph style's (and their bases), else the document default. A paragraph whose
fonts say nothing but whose characters are plainly TCVN3/VNI is converted whole.

XML safety: python-docx parses parts with its own lxml parser, which has
``resolve_entities=False`` (and lxml never fetches network DTDs by default), so a
``<!ENTITY x SYSTEM "file:///etc/passwd">`` in document.xml stays an unexpanded reference;
tests/test_hostile.py checks this.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from congvan.models import Warning
from congvan.readers import legacy
from congvan.readers.base import Column, LineBuilder, ReadDocument, ReadError
from congvan.readers.registry import register

MAX_UNCOMPRESSED = 150 * 1024 * 1024  # bytes; real letters are a few MB even with images
MAX_RATIO = 200  # uncompressed/compressed per member; zip bombs are thousands


def check_zip(path: Path) -> None:
    """Refuse zip bombs and non-Word zips before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise ReadError("not_docx", "zip archive without word/document.xml: not a Word document")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise ReadError("zip_bomb", f"DOCX expands to {total // 2**20} MB; refusing (limit {MAX_UNCOMPRESSED // 2**20} MB)")
            for info in infos:
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10 * 2**20:
                    raise ReadError("zip_bomb", f"DOCX member {info.filename} has compression ratio "
                                    f"{info.file_size // info.compress_size}:1; refusing as a zip bomb")
    except zipfile.BadZipFile as exc:
        raise ReadError("not_docx", f"not a Word .docx file (not a zip archive: {exc})") from exc
    except (NotImplementedError, EOFError, OSError, RuntimeError, ValueError) as exc:
        # zipfile raises these for unsupported versions/compression, truncation and encryption
        raise ReadError("corrupt_docx", f"damaged or unsupported zip structure ({type(exc).__name__}: {exc})") from exc


def _textbox_paragraphs(paragraph: Paragraph) -> Iterator[str]:
    """Text of text boxes anchored in a paragraph (modern markup only; the VML fallback repeats it)."""
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(anc.tag.endswith("}Fallback") for anc in box.iterancestors()):
            continue
        for p in box.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if text.strip():
                yield text


@register(".docx", rank=20)
class DocxReader:
    """Reads Office Open XML word-processing documents."""

    def read(self, path: Path) -> ReadDocument:
        check_zip(path)
        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError) as exc:
            raise ReadError("not_docx", f"not a readable Word document ({type(exc).__name__}: {exc})") from exc
        except Exception as exc:  # lxml raises XMLSyntaxError and friends on broken parts
            raise ReadError("corrupt_docx", f"Word document is damaged ({type(exc).__name__}: {exc})") from exc
        builder = LineBuilder()
        self._block = 0
        self._tables = 0
        self._fonts = _Fonts(document)
        self._converted: set[str] = set()
        for section in document.sections[:1]:
            if not section.header.is_linked_to_previous or section.header.paragraphs:
                for p in section.header.paragraphs:
                    if not p.text.strip().isdigit():  # a page number (Decree 30 puts it at the top)
                        self._paragraph(builder, p, "full", 0)
        self._body(builder, document)
        for section in document.sections[:1]:
            for p in section.footer.paragraphs:
                text = p.text.strip()
                if text and not text.isdigit():
                    self._paragraph(builder, p, "full", 0)
        warnings = []
        if self._converted:
            warnings.append(Warning(
                code="legacy_font",
                message=f"text set in legacy Vietnamese fonts ({', '.join(sorted(self._converted))}) was converted to Unicode",
            ))
        return ReadDocument("docx", 1, builder.lines, "born_digital", warnings)

    def _body(self, builder: LineBuilder, document: DocxDocument) -> None:
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                self._paragraph(builder, item, "full", 0)
            else:
                self._table(builder, item)

    def _paragraph(self, builder: LineBuilder, paragraph: Paragraph, column: Column, block: int,
                   cell: tuple[int, int, int] | None = None) -> None:
        for part in self._text(paragraph).split("\n"):
            builder.add(part, column, block, cell)
        for text in _textbox_paragraphs(paragraph):
            builder.add(text, column, block, cell)

    def _table(self, builder: LineBuilder, table: Table, column: Column | None = None) -> None:
        rows = [_unique_cells(row.cells) for row in table.rows]
        # A grid of three or more columns is a table of content (an assignment table, a list of
        # criteria): its lines carry their cell, so layout can read its rows and columns.
        grid = column is None and max((len(cells) for cells in rows), default=0) >= 3
        if grid:
            self._tables += 1
        for row_index, cells in enumerate(rows):
            two_column = len(cells) == 2 and column is None and not grid
            if two_column:
                self._block += 1
            for index, cell in enumerate(cells):
                side: Column = ("left" if index == 0 else "right") if two_column else (column or "full")
                block = self._block if two_column else 0
                where = (self._tables, row_index, index) if grid else None
                for item in cell.iter_inner_content():
                    if isinstance(item, Paragraph):
                        self._paragraph(builder, item, side, block, where)
                    else:
                        self._table(builder, item, side)


    def _text(self, paragraph: Paragraph) -> str:
        """The paragraph's text, legacy-font runs converted; plain ``paragraph.text`` otherwise."""
        if self._fonts.any_legacy:
            parts = []
            for r in paragraph._p.xpath("./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"):
                text = Run(r, paragraph).text
                font = self._fonts.effective(r, paragraph)
                encoding = legacy.font_encoding(font)
                if encoding is not None and text:
                    self._converted.add(legacy.base_font(font or ""))
                    text = legacy.convert(text, encoding, upper=legacy.is_upper_font(font))
                parts.append(text)
            return "".join(parts)
        text = paragraph.text
        guessed = legacy.guess_encoding(text)
        if guessed is not None:
            self._converted.add(f"{guessed.upper()} by its characters")
            return legacy.convert(text, guessed)
        return text


class _Fonts:
    """Effective run fonts: direct formatting → character style → paragraph style → defaults."""

    def __init__(self, document: DocxDocument) -> None:
        self._styles = document.styles
        self._style_font: dict[str, str | None] = {}
        styles_el = document.styles.element
        default = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        self.default = _font_of(default)
        names = {self.default} | {_font_of(el) for el in styles_el.iter(qn("w:rFonts"))}
        names |= {_font_of(el) for el in document.element.body.iter(qn("w:rFonts"))}
        self.any_legacy = any(legacy.font_encoding(n) for n in names if n)

    def _style(self, style_id: str | None) -> str | None:
        if not style_id:
            return None
        if style_id not in self._style_font:
            self._style_font[style_id] = None  # guards against basedOn cycles
            element = self._styles.element.get_by_id(style_id)
            font = None
            if element is not None:
                font = _font_of(element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}"))
                if font is None:
                    based = element.find(qn("w:basedOn"))
                    font = self._style(based.get(qn("w:val")) if based is not None else None)
            self._style_font[style_id] = font
        return self._style_font[style_id]

    def effective(self, r: object, paragraph: Paragraph) -> str | None:
        rpr = r.find(qn("w:rPr"))  # type: ignore[attr-defined]
        if rpr is not None:
            direct = _font_of(rpr.find(qn("w:rFonts")))
            if direct:
                return direct
            rstyle = rpr.find(qn("w:rStyle"))
            font = self._style(rstyle.get(qn("w:val")) if rstyle is not None else None)
            if font:
                return font
        ppr = paragraph._p.pPr
        pstyle = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        font = self._style(pstyle)
        if font is None and pstyle is None:
            default_style = self._styles.default(WD_STYLE_TYPE.PARAGRAPH)
            font = self._style(default_style.style_id) if default_style is not None else None
        return font or self.default


def _font_of(rfonts: object) -> str | None:
    if rfonts is None:
        return None
    return rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))  # type: ignore[attr-defined]


def _unique_cells(cells: list) -> list:
    """Merged cells appear once per grid column in python-docx; keep each once."""
    seen: set[int] = set()
    out = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out

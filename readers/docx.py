"""DOCX reader: python-docx, in body order, tables and text boxes included.

The Decree 30 header and the Nơi nhận | signer block are usually borderless two-column
tables, which ``Document.paragraphs`` skips entirely. We walk the body XML in order,
descend into tables cell by cell (a two-cell row's cells become a left and a right
column, matching what the PDF reader produces) and pick up text boxes and headers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from congvan.readers.base import Column, LineBuilder, ReadDocument, ReadError

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


def _textbox_paragraphs(paragraph: Paragraph) -> Iterator[str]:
    """Text of text boxes anchored in a paragraph (modern markup only; the VML fallback repeats it)."""
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(anc.tag.endswith("}Fallback") for anc in box.iterancestors()):
            continue
        for p in box.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if text.strip():
                yield text


class DocxReader:
    """Reads Office Open XML word-processing documents."""

    suffixes = (".docx",)

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
        for section in document.sections[:1]:
            if not section.header.is_linked_to_previous or section.header.paragraphs:
                for p in section.header.paragraphs:
                    self._paragraph(builder, p, "full", 0)
        self._body(builder, document)
        for section in document.sections[:1]:
            for p in section.footer.paragraphs:
                text = p.text.strip()
                if text and not text.isdigit():
                    self._paragraph(builder, p, "full", 0)
        return ReadDocument("docx", 1, builder.lines, "born_digital", [])

    def _body(self, builder: LineBuilder, document: DocxDocument) -> None:
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                self._paragraph(builder, item, "full", 0)
            else:
                self._table(builder, item)

    def _paragraph(self, builder: LineBuilder, paragraph: Paragraph, column: Column, block: int) -> None:
        for part in paragraph.text.split("\n"):
            builder.add(part, column, block)
        for text in _textbox_paragraphs(paragraph):
            builder.add(text, column, block)

    def _table(self, builder: LineBuilder, table: Table, column: Column | None = None) -> None:
        for row in table.rows:
            cells = _unique_cells(row.cells)
            two_column = len(cells) == 2 and column is None
            if two_column:
                self._block += 1
            for index, cell in enumerate(cells):
                side: Column = ("left" if index == 0 else "right") if two_column else (column or "full")
                block = self._block if two_column else 0
                for item in cell.iter_inner_content():
                    if isinstance(item, Paragraph):
                        self._paragraph(builder, item, side, block)
                    else:
                        self._table(builder, item, side)


def _unique_cells(cells: list) -> list:
    """Merged cells appear once per grid column in python-docx; keep each once."""
    seen: set[int] = set()
    out = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out

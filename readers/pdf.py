"""PDF reader: the text layer's words regrouped into lines in the letter's reading order.

A Decree 30 letter has two side-by-side blocks: the header (issuer | national motto;
number | place and date) and the bottom (Nơi nhận | signer). A plain text dump reads
across both columns line by line and interleaves them ("ỦY BAN NHÂN DÂN CỘNG HÒA ...").
We rebuild lines from word boxes (readers/geometry.py), detect lines split by a wide gap
around the page's middle, and emit each two-column block left column first, then right.

The word boxes come from PDFium (readers/pdfium_text.py), about seven times cheaper than
pdfplumber for the same boxes; a file PDFium refuses is tried with pdfplumber
(readers/plumber_text.py) before it is called corrupt.

Pages whose only text is a digital-signature stamp (or nothing) are scans: they are read
by OCR (readers/ocr.py), whose word boxes go through the same line and column logic, and
the document's ``text_layer`` is then ``"ocr"``. Runs set in a legacy Vietnamese font
(.VnTime, VNI-Times) are converted to Unicode (readers/legacy.py). When the number or the
day is blank in the text layer, readers/hints.py looks for it where e-signing tools and
clerks put it (the signature field's appearance, handwriting) and reports it as a hint.
The digital signatures themselves, and the stamp text the page lines drop, are read by
readers/signatures.py and carried on the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from congvan.models import Warning
from congvan.readers import budget, grid, ocr, pdfium_text, plumber_text, raster, signatures
from congvan.readers.base import LineBuilder, ReadDocument, ReadError
from congvan.readers.ocr_tones import mend_ocr_line
from congvan.readers.geometry import VisualLine, Word, group_lines, is_noise, layout_page, page_lines
from congvan.readers.registry import register

MIN_TEXT_CHARS_PER_PAGE = 40

# PDFium's load errors that mean "locked", not "broken" (fpdfview.h FPDF_ERR_*).
_LOCKED = {pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY}


@dataclass
class FirstPage:
    """What the header hints need of page 1, read while the PDF was open."""

    width: float
    height: float
    words: list[Word]
    widgets: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


class _PdfiumRefused(Exception):
    """PDFium could not read the file; pdfplumber gets a chance before it is called corrupt."""

    def __init__(self, error: ReadError) -> None:
        super().__init__(error.message)
        self.error = error


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _LOCKED:
            raise ReadError("encrypted", "PDF is password-protected or encrypted; ask the sender for an unprotected copy") from exc
        raise _PdfiumRefused(ReadError("corrupt_pdf", f"not a readable PDF ({exc})")) from exc


def _text_pages(path: Path, deadline: budget.Deadline, legacy_fonts: set[str],
                ) -> tuple[list[tuple[list[Word], float, float]], list[tuple[float, float, float, float]], list[list[grid.Rule]]]:
    """Each page's words and size, page 1's widgets and each page's table rules: PDFium first,
    pdfplumber if it refuses (then without rules: its tables read as lines, as before)."""
    try:
        return _pdfium_pages(path, deadline, legacy_fonts)
    except _PdfiumRefused as refused:
        try:
            pages, widgets = plumber_text.read_words(path, deadline, legacy_fonts)
            return pages, widgets, [[] for _ in pages]
        except ReadError as second:
            raise (refused.error if second.code == "corrupt_pdf" else second) from None
    except RecursionError as exc:
        raise ReadError("corrupt_pdf", "PDF objects nest too deeply to be read (a broken or hostile file)") from exc


@register(".pdf", rank=10)
class PdfReader:
    """Reads PDFs: the text layer where there is one, OCR for the pages that are images."""

    def read(self, path: Path) -> ReadDocument:
        deadline = budget.Deadline()
        legacy_fonts: set[str] = set()
        text_pages, widgets, rules = _text_pages(path, deadline, legacy_fonts)
        first_words, first_width, first_height = text_pages[0]
        first = FirstPage(first_width, first_height, first_words, widgets)
        pages: list[tuple[list[VisualLine], float]] = []
        tables: dict[int, list[tuple[grid.Grid, dict[tuple[int, int], list[Word]]]]] = {}
        empty_pages: list[int] = []
        stamps = []
        for number, (words, width, _height) in enumerate(text_pages, start=1):
            outside, ruled = grid.split_words(words, grid.find_grids(rules[number - 1]))
            grouped = group_lines(outside)
            stamps.extend(signatures.stamp_signatures("\n".join(ln.text() for ln in grouped)))
            lines = [ln for k, ln in enumerate(grouped) if not is_noise(ln.text(), k)]  # = page_lines(words)
            table_chars = sum(len(w.text) for _, cells in ruled for ws in cells.values() for w in ws)
            if sum(len(ln.text()) for ln in lines) + table_chars < MIN_TEXT_CHARS_PER_PAGE:
                empty_pages.append(number)
            elif ruled:
                tables[number] = ruled
            pages.append((lines, width))
        n_pages = len(pages)
        warnings: list[Warning] = []
        if legacy_fonts:
            warnings.append(Warning(
                code="legacy_font",
                message=f"text set in legacy Vietnamese fonts ({', '.join(sorted(legacy_fonts))}) was converted to Unicode",
            ))

        text_layer = "born_digital"
        ocr_words: dict[int, list[Word]] = {}
        if empty_pages:
            text_layer = self._ocr(path, empty_pages, n_pages, pages, ocr_words, warnings, deadline)

        ocr_read = set(empty_pages) if text_layer == "ocr" else set()  # the pages whose text is Tesseract's
        builder = LineBuilder()
        block = 0
        table_no = 0
        for number, (lines, width) in enumerate(pages, start=1):
            builder.new_page(number)
            builder.mend = mend_ocr_line if number in ocr_read else None  # spaces and hook tones OCR lost
            for table_grid, cells in sorted(tables.get(number, []), key=lambda t: t[0].ys[0]):
                above = [ln for ln in lines if ln.bottom <= table_grid.ys[0] + grid.SNAP]
                block = layout_page(above, width, builder, block)
                lines = lines[len(above):]
                table_no += 1
                for (row, col), words in sorted(cells.items()):
                    for line in group_lines(words):  # a cell's own lines, top to bottom
                        builder.add(line.text(), cell=(table_no, row, col))
            block = layout_page(lines, width, builder, block)
        document = ReadDocument("pdf", n_pages, builder.lines, text_layer, warnings)
        deadline.check("the digital signatures")
        found, signature_warnings = signatures.read_signatures(path)
        document.signatures = signatures.merge_stamps(found, stamps)
        document.warnings.extend(signature_warnings)
        from congvan.readers import hints

        deadline.check("the header")
        hints.add_header_hints(document, path, first, ocr_words.get(1))
        return document

    def _ocr(self, path: Path, empty_pages: list[int], n_pages: int, pages: list[tuple[list[VisualLine], float]],
             ocr_words: dict[int, list[Word]], warnings: list[Warning], deadline: budget.Deadline) -> str:
        """Replace image pages by their OCR; returns the document's text_layer."""
        listed = ", ".join(map(str, empty_pages))
        if not ocr.enabled():
            if len(empty_pages) == n_pages:
                warnings.append(Warning(code="needs_ocr", message="no text layer beyond a signature stamp: "
                                        "the pages are images and need OCR (OCR is switched off: CONGVAN_OCR=0)"))
                return "none"
            warnings.append(Warning(code="pages_without_text",
                                    message=f"pages {listed} have no text layer (images); they need OCR"))
            return "born_digital"
        deadline.extend(budget.OCR_PAGE_SECONDS * len(empty_pages))
        try:
            results = ocr.ocr_pages(path, [n - 1 for n in empty_pages], deadline=deadline)
        except ReadError as exc:
            if len(empty_pages) == n_pages or exc.code != "ocr_unavailable":
                raise
            warnings.append(Warning(code="pages_without_text",
                                    message=f"pages {listed} have no text layer and were not read: {exc.message}"))
            return "born_digital"
        for result in results:
            pages[result.index] = (page_lines(result.words), result.width)
            if not result.rotated:  # the hints crop the unturned page by these coordinates
                ocr_words[result.index + 1] = result.words
        turned = [f"{r.index + 1} ({r.rotated}°)" for r in results if r.rotated]
        message = (f"{'all pages' if len(empty_pages) == n_pages else 'pages ' + listed} are images, read by OCR "
                   f"(Tesseract {results[0].lang if results else 'vie'}); expect some misread characters")
        if turned:
            message += f"; pages turned upright: {', '.join(turned)}"
        warnings.append(Warning(code="ocr", message=message))
        return "ocr"


def _pdfium_pages(path: Path, deadline: budget.Deadline, legacy_fonts: set[str],
                  ) -> tuple[list[tuple[list[Word], float, float]], list[tuple[float, float, float, float]], list[list[grid.Rule]]]:
    """(words, width, height) per page, page 1's widget boxes and each page's thin rules (table
    borders, readers/grid.py), read with PDFium."""
    with raster.PDFIUM_LOCK:  # PDFium is not thread-safe; OCR renders from other threads
        pdf = _open(path)
        try:
            n_pages = len(pdf)
            budget.check_page_count(n_pages)
            pages = []
            rules: list[list[grid.Rule]] = []
            widgets: list[tuple[float, float, float, float]] = []
            for number in range(1, n_pages + 1):
                deadline.check(f"page {number}")
                page = pdf[number - 1]
                try:
                    width, height = page.get_size()
                    budget.check_page_size(number, width, height)
                    with budget.page_limit(budget.PAGE_SECONDS, f"page {number}"):
                        pages.append((pdfium_text.page_words(page, legacy_fonts), float(width), float(height)))
                        rules.append(grid.page_rules(page))
                    if number == 1:
                        widgets = pdfium_text.widgets(page)
                finally:
                    page.close()
            return pages, widgets, rules
        except pdfium.PdfiumError as exc:  # a page PDFium cannot load
            raise _PdfiumRefused(ReadError("corrupt_pdf", f"not a readable PDF ({exc})")) from exc
        finally:
            pdf.close()

"""PDF reader: pdfplumber words regrouped into lines in the letter's reading order.

A Decree 30 letter has two side-by-side blocks: the header (issuer | national motto;
number | place and date) and the bottom (Nơi nhận | signer). ``extract_text`` reads
across both columns line by line and interleaves them ("ỦY BAN NHÂN DÂN CỘNG HÒA ...").
We rebuild lines from word boxes (readers/geometry.py), detect lines split by a wide gap
around the page's middle, and emit each two-column block left column first, then right.

Pages whose only text is a digital-signature stamp (or nothing) are scans: they are read
by OCR (readers/ocr.py), whose word boxes go through the same line and column logic, and
the document's ``text_layer`` is then ``"ocr"``. Runs set in a legacy Vietnamese font
(.VnTime, VNI-Times) are converted to Unicode (readers/legacy.py). When the number or the
day is blank in the text layer, readers/hints.py looks for it where e-signing tools and
clerks put it (the signature field's appearance, handwriting) and reports it as a hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
import pdfplumber

from congvan.models import Warning
from congvan.readers import budget, legacy, ocr
from congvan.readers.base import LineBuilder, ReadDocument, ReadError
from congvan.readers.geometry import VisualLine, Word, layout_page, page_lines
from congvan.text import nfc

MAX_PAGES = 400  # a letter, even with annexes; beyond this it is an archive dump, not a letter
MAX_PAGE_AREA = 2000 * 2000  # points²: about 0.7 × 0.7 m; larger is a poster or a hostile file
MIN_TEXT_CHARS_PER_PAGE = 40


def _read_error(exc: BaseException) -> ReadError:
    """Name the real cause: pdfplumber wraps pdfminer's exceptions in PdfminerException."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        chain.extend(a for a in current.args if isinstance(a, BaseException))
        current = current.__cause__ or current.__context__
    for e in chain:
        if isinstance(e, ReadError):  # our own time limit, raised inside pdfminer and wrapped by it
            return e
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain):
        return ReadError("encrypted", "PDF is password-protected or encrypted; ask the sender for an unprotected copy")
    root = chain[-1]
    return ReadError("corrupt_pdf", f"not a readable PDF ({type(root).__name__}: {root})")


class PdfReader:
    """Reads PDFs: the text layer where there is one, OCR for the pages that are images."""

    suffixes = (".pdf",)

    def read(self, path: Path) -> ReadDocument:
        deadline = budget.Deadline()
        try:
            with budget.page_limit(budget.PAGE_SECONDS, "opening the PDF"):
                pdf = pdfplumber.open(path)
        except ReadError:
            raise
        except Exception as exc:  # pdfplumber wraps pdfminer's many private error types
            raise _read_error(exc) from exc
        try:
            return self._read_open(pdf, path, deadline)
        except ReadError:
            raise
        except RecursionError as exc:
            raise ReadError("corrupt_pdf", "PDF objects nest too deeply to be read (a broken or hostile file)") from exc
        except Exception as exc:
            raise _read_error(exc) from exc
        finally:
            _close(pdf)

    def _read_open(self, pdf: Any, path: Path, deadline: budget.Deadline) -> ReadDocument:
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise ReadError("corrupt_pdf", "PDF has no pages")
        if n_pages > MAX_PAGES:
            raise ReadError("too_many_pages", f"PDF has {n_pages} pages; the limit for one letter is {MAX_PAGES}")
        warnings: list[Warning] = []
        pages: list[tuple[list[VisualLine], float]] = []
        empty_pages: list[int] = []
        legacy_fonts: set[str] = set()
        for number, page in enumerate(pdf.pages, start=1):
            deadline.check(f"page {number}")
            if page.width * page.height > MAX_PAGE_AREA:
                raise ReadError("page_too_large", f"page {number} is {page.width:.0f}×{page.height:.0f} pt; not a letter page")
            with budget.page_limit(budget.PAGE_SECONDS, f"page {number}"):
                words = _page_words(page, legacy_fonts)
            lines = page_lines(words)
            if sum(len(ln.text()) for ln in lines) < MIN_TEXT_CHARS_PER_PAGE:
                empty_pages.append(number)
            pages.append((lines, float(page.width)))
            page.flush_cache()  # keep memory flat on long PDFs
        if legacy_fonts:
            warnings.append(Warning(
                code="legacy_font",
                message=f"text set in legacy Vietnamese fonts ({', '.join(sorted(legacy_fonts))}) was converted to Unicode",
            ))

        text_layer = "born_digital"
        ocr_words: dict[int, list[Word]] = {}
        if empty_pages:
            text_layer = self._ocr(path, empty_pages, n_pages, pages, ocr_words, warnings, deadline)

        builder = LineBuilder()
        block = 0
        for number, (lines, width) in enumerate(pages, start=1):
            builder.new_page(number)
            block = layout_page(lines, width, builder, block)
        document = ReadDocument("pdf", n_pages, builder.lines, text_layer, warnings)
        from congvan.readers import hints

        deadline.check("the header")
        hints.add_header_hints(document, path, pdf.pages[0], ocr_words.get(1))
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


def _close(pdf: Any) -> None:
    """Close without raising: pdfplumber's close() walks the page tree again, which fails on
    the same broken trees we are already reporting (found by tests/test_hostile.py fuzzing)."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - any parser error here is already being reported
        stream = getattr(pdf, "stream", None)
        if stream is not None and not getattr(pdf, "stream_is_external", True):
            stream.close()


def _page_words(page: Any, legacy_fonts: set[str]) -> list[Word]:
    """The words of a page's text layer, legacy-font runs converted to Unicode.

    Word sometimes draws a space glyph on top of a letter ("CỘ NG"): drop space glyphs
    and split words on real horizontal gaps instead. Only the characters drawn in a legacy
    font (.VnTime, VNI-Times) are converted, so a TCVN3 run next to a Unicode run in the
    same line, or even the same word, keeps the Unicode one intact.
    """
    glyphs = page.filter(lambda obj: obj.get("object_type") != "char" or not obj["text"].isspace())
    raw = glyphs.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, return_chars=True)
    words = []
    for w in raw:
        text = w["text"]
        chars = w.get("chars") or []
        if any(legacy.font_encoding(c.get("fontname", "")) for c in chars):
            text = _convert_runs(chars, legacy_fonts)
        words.append(Word(nfc(text), w["x0"], w["x1"], w["top"], w["bottom"]))
    return words


def _convert_runs(chars: list[dict[str, Any]], legacy_fonts: set[str]) -> str:
    """Join a word's characters, converting each run drawn in one legacy font."""
    out: list[str] = []
    run: list[str] = []
    run_font = ""

    def flush() -> None:
        if run:
            kind = legacy.font_encoding(run_font)
            text = "".join(run)
            out.append(legacy.convert(text, kind, upper=legacy.is_upper_font(run_font)) if kind else text)
            run.clear()

    for char in chars:
        font = char.get("fontname", "")
        if font != run_font:
            flush()
            run_font = font
            if legacy.font_encoding(font):
                legacy_fonts.add(legacy.base_font(font))
        run.append(char["text"])
    flush()
    return "".join(out)

"""A PDF's text layer as word boxes, read with pdfplumber: the second opinion.

The reader's fast path is PDFium (readers/pdfium_text.py). pdfminer, under pdfplumber,
repairs some broken files differently, so a file PDFium refuses to open is tried here before
it is quarantined as corrupt. pdfminer is pure Python, so a crafted content stream can keep
one page busy: each page runs under ``budget.page_limit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from congvan.readers import budget, legacy
from congvan.readers.base import ReadError
from congvan.readers.geometry import Word
from congvan.readers.pdfium_text import X_TOLERANCE, Y_TOLERANCE  # one word rule for both parsers
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from congvan.text import nfc


def read_words(path: Path, deadline: budget.Deadline, legacy_fonts: set[str],
               ) -> tuple[list[tuple[list[Word], float, float]], list[tuple[float, float, float, float]]]:
    """(words, width, height) per page, and page 1's widget boxes; ReadError when unreadable."""
    try:
        with budget.page_limit(budget.PAGE_SECONDS, "opening the PDF"):
            pdf = pdfplumber.open(path)
    except ReadError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's many private error types
        raise read_error(exc) from exc
    try:
        budget.check_page_count(len(pdf.pages))
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            deadline.check(f"page {number}")
            budget.check_page_size(number, page.width, page.height)
            with budget.page_limit(budget.PAGE_SECONDS, f"page {number}"):
                pages.append((page_words(page, legacy_fonts), float(page.width), float(page.height)))
            page.flush_cache()  # keep memory flat on long PDFs
        return pages, _widgets(pdf.pages[0])
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError("corrupt_pdf", "PDF objects nest too deeply to be read (a broken or hostile file)") from exc
    except Exception as exc:
        raise read_error(exc) from exc
    finally:
        _close(pdf)


def page_words(page: Any, legacy_fonts: set[str]) -> list[Word]:
    """pdfplumber's words without space glyphs (Word draws some on top of letters: "CỘ NG")."""
    glyphs = page.filter(lambda obj: obj.get("object_type") != "char" or not obj["text"].isspace())
    raw = glyphs.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False,
                               return_chars=True)
    words = []
    for w in raw:
        text = w["text"]
        chars = [(c["text"], c.get("fontname", "")) for c in w.get("chars") or []]
        if any(legacy.font_encoding(font) for _ch, font in chars):
            text = legacy.convert_runs(chars, legacy_fonts)
        words.append(Word(nfc(text), w["x0"], w["x1"], w["top"], w["bottom"]))
    return words


def read_error(exc: BaseException) -> ReadError:
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


def _widgets(page: Any) -> list[tuple[float, float, float, float]]:
    boxes = []
    for annot in getattr(page, "annots", []) or []:
        data = annot.get("data") or {}
        if "Widget" in str(data.get("Subtype", "")):
            boxes.append((annot["x0"], annot["top"], annot["x1"], annot["bottom"]))
    return boxes


def _close(pdf: Any) -> None:
    """Close without raising: pdfplumber's close() walks the page tree again, which fails on
    the same broken trees we are already reporting (found by tests/test_hostile.py fuzzing)."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - any parser error here is already being reported
        stream = getattr(pdf, "stream", None)
        if stream is not None and not getattr(pdf, "stream_is_external", True):
            stream.close()

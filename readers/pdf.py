"""PDF reader: pdfplumber words regrouped into lines in the letter's reading order.

A Decree 30 letter has two side-by-side blocks: the header (issuer | national motto;
number | place and date) and the bottom (Nơi nhận | signer). ``extract_text`` reads
across both columns line by line and interleaves them ("ỦY BAN NHÂN DÂN CỘNG HÒA ...").
We rebuild lines from word boxes, detect lines split by a wide gap around the page's
middle, and emit each two-column block left column first, then right column.

Pages whose only text is a digital-signature stamp (or nothing) are recorded as needing
OCR; reading the pixels is the OCR reader's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from congvan.models import Warning
from congvan.readers.base import Column, LineBuilder, ReadDocument, ReadError
from congvan.text import nfc

MAX_PAGES = 400  # a letter, even with annexes; beyond this it is an archive dump, not a letter
MAX_PAGE_AREA = 2000 * 2000  # points²: about 0.7 × 0.7 m; larger is a poster or a hostile file
MIN_TEXT_CHARS_PER_PAGE = 40

# Text a signing tool stamps on the page ("Ký bởi: ...", "Thời gian ký: ..."): not the letter.
_STAMP = re.compile(
    r"^(Ký bởi|Người ký|Signed by|Email|E-mail|Cơ quan|Chức vụ|Thời gian ký|Ngày ký|Signing time)\s*:",
    re.IGNORECASE,
)
_ENDS_BLOCK = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _VisualLine:
    words: list[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    def text(self, words: list[_Word] | None = None) -> str:
        return " ".join(w.text for w in (words if words is not None else self.words))


def _group_lines(words: list[_Word]) -> list[_VisualLine]:
    """Cluster words whose vertical centres are within half a line of each other."""
    lines: list[_VisualLine] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        centre = (word.top + word.bottom) / 2
        height = max(word.bottom - word.top, 1.0)
        for line in reversed(lines[-3:]):
            ref = line.words[0]
            if abs((ref.top + ref.bottom) / 2 - centre) <= height * 0.5:
                line.words.append(word)
                break
        else:
            lines.append(_VisualLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.top)
    return lines


def _split_columns(line: _VisualLine, width: float) -> tuple[list[_Word], list[_Word]] | None:
    """Split a line at its widest gap when that gap separates a left and a right column."""
    best_gap, best_i = 0.0, -1
    for i in range(1, len(line.words)):
        gap = line.words[i].x0 - line.words[i - 1].x1
        if gap > best_gap:
            best_gap, best_i = gap, i
    if best_i < 0 or best_gap < max(18.0, width * 0.03):
        return None
    left, right = line.words[:best_i], line.words[best_i:]
    if left[-1].x1 < width * 0.62 and right[0].x0 > width * 0.38:
        return left, right
    return None


def _half(line: _VisualLine, width: float) -> Column:
    """Which half a one-part line sits in ('full' when it crosses the middle)."""
    mid = width / 2
    if line.x1 <= mid:
        return "left"
    if line.x0 >= mid:
        return "right"
    return "full"


def _layout_page(lines: list[_VisualLine], width: float, builder: LineBuilder, block_base: int) -> int:
    """Emit a page's lines, each two-column block as left column then right column."""
    block_no = block_base
    i = 0
    while i < len(lines):
        split = _split_columns(lines[i], width)
        if split is None:
            builder.add(lines[i].text())
            i += 1
            continue
        block_no += 1
        left: list[str] = []
        right: list[str] = []
        while i < len(lines):
            if _ENDS_BLOCK.match(lines[i].text()):
                break  # 'Kính gửi: …' is left-aligned but belongs to the body, not the header column
            split = _split_columns(lines[i], width)
            if split is not None:
                left.append(lines[i].text(split[0]))
                right.append(lines[i].text(split[1]))
            else:
                side = _half(lines[i], width)
                if side == "full":
                    break
                (left if side == "left" else right).append(lines[i].text())
            i += 1
        for text in left:
            builder.add(text, "left", block_no)
        for text in right:
            builder.add(text, "right", block_no)
    return block_no


def _is_noise(text: str, index: int) -> bool:
    """Signature-stamp lines anywhere, and a bare page number as a page's first line."""
    return bool(_STAMP.match(text)) or (index == 0 and bool(_PAGE_NUMBER.match(text)))


def _read_error(exc: BaseException) -> ReadError:
    """Name the real cause: pdfplumber wraps pdfminer's exceptions in PdfminerException."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        chain.extend(a for a in current.args if isinstance(a, BaseException))
        current = current.__cause__ or current.__context__
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain):
        return ReadError("encrypted", "PDF is password-protected or encrypted; ask the sender for an unprotected copy")
    root = chain[-1]
    kind = "corrupt_pdf" if isinstance(root, (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, EOFError)) else "corrupt_pdf"
    return ReadError(kind, f"not a readable PDF ({type(root).__name__}: {root})")


class PdfReader:
    """Reads PDFs that carry a text layer (born-digital or already OCR'd)."""

    suffixes = (".pdf",)

    def read(self, path: Path) -> ReadDocument:
        try:
            pdf = pdfplumber.open(path)
        except Exception as exc:  # pdfplumber wraps pdfminer's many private error types
            raise _read_error(exc) from exc
        with pdf:
            try:
                return self._read_open(pdf)
            except ReadError:
                raise
            except Exception as exc:
                raise _read_error(exc) from exc

    def _read_open(self, pdf: Any) -> ReadDocument:
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise ReadError("corrupt_pdf", "PDF has no pages")
        if n_pages > MAX_PAGES:
            raise ReadError("too_many_pages", f"PDF has {n_pages} pages; the limit for one letter is {MAX_PAGES}")
        builder = LineBuilder()
        warnings: list[Warning] = []
        empty_pages: list[int] = []
        block = 0
        for number, page in enumerate(pdf.pages, start=1):
            if page.width * page.height > MAX_PAGE_AREA:
                raise ReadError("page_too_large", f"page {number} is {page.width:.0f}×{page.height:.0f} pt; not a letter page")
            builder.new_page(number)
            # Word sometimes draws a space glyph on top of a letter ("CỘ NG"): drop space
            # glyphs and split words on real horizontal gaps instead.
            glyphs = page.filter(lambda obj: obj.get("object_type") != "char" or not obj["text"].isspace())
            raw = glyphs.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
            words = [_Word(nfc(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw]
            lines = [ln for ln in _group_lines(words)]
            lines = [ln for k, ln in enumerate(lines) if not _is_noise(ln.text(), k)]
            if sum(len(ln.text()) for ln in lines) < MIN_TEXT_CHARS_PER_PAGE:
                empty_pages.append(number)
            block = _layout_page(lines, page.width, builder, block)
            page.flush_cache()  # keep memory flat on long PDFs
        text_layer = "born_digital"
        if len(empty_pages) == n_pages:
            text_layer = "none"
            warnings.append(Warning(
                code="needs_ocr",
                message="no text layer beyond a signature stamp: the pages are images and need OCR",
            ))
        elif empty_pages:
            warnings.append(Warning(
                code="pages_without_text",
                message=f"pages {', '.join(map(str, empty_pages))} have no text layer (images); they need OCR",
            ))
        return ReadDocument("pdf", n_pages, builder.lines, text_layer, warnings)

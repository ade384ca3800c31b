"""Word boxes → visual lines → reading order, shared by the PDF text layer and OCR.

A Decree 30 letter has two side-by-side blocks: the header (issuer | national motto;
number | place and date) and the bottom (Nơi nhận | signer). Reading across the page
line by line interleaves them ("ỦY BAN NHÂN DÂN CỘNG HÒA ..."). We rebuild lines from
word boxes, detect lines split by a wide gap around the page's middle, and emit each
two-column block left column first, then right column.

Coordinates are PDF points with the origin at the top left (pdfplumber's convention).
The OCR reader converts Tesseract's pixel boxes to points before calling in here, so the
two sources of words get exactly the same lines, columns and blocks, and layout does not
need to know which one it is looking at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from congvan.readers.base import Column, LineBuilder

# Text a signing tool stamps on the page ("Ký bởi: ...", "Thời gian ký: ..."): not the letter.
STAMP = re.compile(
    r"^(Ký bởi|Người ký|Signed by|Email|E-mail|Cơ quan|Chức vụ|Thời gian ký|Ngày ký|Signing time)\s*:",
    re.IGNORECASE,
)
_ENDS_BLOCK = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")


@dataclass
class Word:
    """One word with its box in points (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float = 100.0  # OCR confidence 0–100; a text layer is certain


@dataclass
class VisualLine:
    """Words that share a baseline, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    def text(self, words: list[Word] | None = None) -> str:
        return " ".join(w.text for w in (words if words is not None else self.words))


def group_lines(words: list[Word]) -> list[VisualLine]:
    """Cluster words whose vertical centres are within half a line of each other.

    'Half a line' is half the *smaller* of the two heights, and a word joins the nearest of the
    recent lines: OCR gives every word of a recognised line that line's box, and a line that
    runs from the Nơi nhận column into the signer's name (larger type) is twice as tall as its
    neighbours, so measured by its own height it swallowed the line above ('- Thanh tra tỉnh;'
    and '- UBND huyện Tư Nghĩa;' read as 'Thanh UBND tra huyện tỉnh; …').
    """
    lines: list[VisualLine] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        centre = (word.top + word.bottom) / 2
        height = max(word.bottom - word.top, 1.0)
        best: tuple[float, VisualLine] | None = None
        for line in lines[-3:]:
            ref = line.words[0]
            distance = abs((ref.top + ref.bottom) / 2 - centre)
            if distance <= min(height, max(ref.bottom - ref.top, 1.0)) * 0.5 and (best is None or distance < best[0]):
                best = (distance, line)
        if best is not None:
            best[1].words.append(word)
        else:
            lines.append(VisualLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.top)
    return lines


def split_columns(line: VisualLine, width: float) -> tuple[list[Word], list[Word]] | None:
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


def half(line: VisualLine, width: float) -> Column:
    """Which half a one-part line sits in ('full' when it crosses the middle)."""
    mid = width / 2
    if line.x1 <= mid:
        return "left"
    if line.x0 >= mid:
        return "right"
    return "full"


def layout_page(lines: list[VisualLine], width: float, builder: LineBuilder, block_base: int) -> int:
    """Emit a page's lines, each two-column block as left column then right column."""
    block_no = block_base
    i = 0
    while i < len(lines):
        split = split_columns(lines[i], width)
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
            split = split_columns(lines[i], width)
            if split is not None:
                left.append(lines[i].text(split[0]))
                right.append(lines[i].text(split[1]))
            else:
                side = half(lines[i], width)
                if side == "full":
                    break
                (left if side == "left" else right).append(lines[i].text())
            i += 1
        for text in left:
            builder.add(text, "left", block_no)
        for text in right:
            builder.add(text, "right", block_no)
    return block_no


def is_noise(text: str, index: int) -> bool:
    """Signature-stamp lines anywhere, and a bare page number as a page's first line."""
    return bool(STAMP.match(text)) or (index == 0 and bool(_PAGE_NUMBER.match(text)))


def page_lines(words: list[Word]) -> list[VisualLine]:
    """A page's visual lines in top-to-bottom order, stamp text and page number dropped."""
    lines = group_lines(words)
    return [ln for k, ln in enumerate(lines) if not is_noise(ln.text(), k)]

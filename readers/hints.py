"""The number and day that are not in the text: signature-field text and handwriting.

Two real cases leave ``Số:      /TB-UBND`` and ``ngày    tháng 11 năm 2024`` in a letter:

* **E-signed born-digital letters.** The signing tool (VGCA and the provincial ones) fills
  the number and the day in *signature widgets* placed over the gaps; the page's text
  layer never has them. Their appearance streams usually draw real text, so we flatten the
  first page in memory (PDFium ``FPDFPage_Flatten``; the file is not touched) and read the
  text inside the gap exactly. Only if the widget draws an image do we OCR it.
* **Scans with a hand-written number and day.** The clerk writes them in ink after
  printing. Tesseract cannot read handwriting, so the gaps between ``Số:`` and ``/CT-UBND``,
  ``ngày`` and ``tháng``, ``tháng`` and ``năm`` are read by a text-line recogniser
  (``readers/digits.py``, PP-OCRv4 recognition) at 300 dpi, in two views and three crops
  that must agree (``read_handwriting``).

What we found goes into ``ReadDocument.header_hints`` (never into the lines): the full
``number_line`` / ``date_line`` with the digits put in the gap, so the metadata extractor
parses them with its usual rules, and ``origin`` = ``signature_field`` or ``handwriting``,
``method`` = ``text`` or ``ocr``. A value is given only when the digits read cleanly
(a plausible count of digits, a day 1–31, and for handwriting the readings' vote);
otherwise there is no hint and the field stays null, as before. We never guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from congvan.models import Warning
from congvan.readers import digits, raster, tesseract
from congvan.readers.base import ReadDocument, ReadError
from congvan.readers.geometry import VisualLine, Word, group_lines, split_columns
from PIL import Image

if TYPE_CHECKING:
    from congvan.readers.pdf import FirstPage

NUMBER_WORD = re.compile(r"^S[ốôo6]\s*[:.;]?$")  # capital S: "số 86/2016/TT-BQP" in a sentence is a citation
BLANK_NUMBER = re.compile(r"^Số\s*[:.]?\s*[/-]", re.IGNORECASE)
_YEAR = re.compile(r"năm\s+(19|20)\d\d\b")
BLANK_DAY = re.compile(r"ngày\s*[.…]*\s*tháng", re.IGNORECASE)
DIGITS_DPI = 300  # measured on the hand-written gaps (docs/OCR.md): 300 ≥ 400 ≥ 600
DIGITS_LANG = "eng"  # with a digits whitelist, eng's digit shapes read handwriting better than vie's
MIN_DIGIT_CONF = 90.0
SURE_DIGITS = 90.0  # main-pass digits in a gap are kept only at this confidence (printed digits read 93–97)


@dataclass
class Gap:
    """Where a missing value should be: a box in points on page 1, and the line around it."""

    field: str  # "number" | "day" | "month"
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    before: list[Word]  # words of the line before the gap (same column)
    after: list[Word]  # words after it


def _column_words(line: VisualLine, anchor: Word, width: float) -> list[Word]:
    """The words of ``line`` in the same half of the page as ``anchor``."""
    mid = width / 2
    left = anchor.x1 <= mid
    return [w for w in line.words if (w.x1 <= mid + 20) == left]


def _segment(line: VisualLine, word: Word, width: float) -> list[Word]:
    """The words of ``line`` in the same column as ``word`` (the line's column split, if any)."""
    split = split_columns(line, width)
    if split is None:
        return line.words
    left, right = split
    return left if word in left else right


_DAY_WORD_WIDTH = 1.8  # "ngày" is ~1.7 times as wide as its box is high (measured on the real scans)


def _anchor_end(anchor: Word) -> float:
    """Where the printed anchor word really ends.

    Tesseract often stretches "ngày" over the hand-written day after it, and reads the lot
    as "ngày" (its box twice as wide as the word) or as garbage like "ngàW†". A "ngày" box
    wider than the word can be is cut back to the word's width.
    """
    h = anchor.bottom - anchor.top
    if anchor.text.lower().startswith("ng") and h > 0 and anchor.x1 - anchor.x0 > 2.3 * h:
        return anchor.x0 + _DAY_WORD_WIDTH * h
    return anchor.x1


def _is_day_word(word: Word, after_place: bool) -> bool:
    """'ngày'; or, right after '<place>,', an unsure 'ngà…' that swallowed the hand-written day."""
    text = word.text.lower()
    if text == "ngày":
        return True
    return after_place and text.startswith(("ngà", "ngay")) and word.conf < SURE_DIGITS and _anchor_end(word) < word.x1


def _gap_box(line: VisualLine, anchor: Word, stop: Word, between: list[Word]) -> tuple[float, float, float, float] | None:
    """The box from the end of ``anchor`` to the start of ``stop``; None if there is no room.

    Tesseract sometimes stretches the anchor's box over hand-written digits next to it
    ("ngày" running into "15"), so the box starts where the first word in between starts.
    """
    x0 = min([_anchor_end(anchor), *(w.x0 for w in between)]) + 0.5
    x1 = stop.x0 - 0.5
    if x1 - x0 < 3:
        return None
    h = line.bottom - line.top
    return (x0, line.top - 0.6 * h, x1, line.bottom + 0.3 * h)


def find_gaps(words: list[Word], width: float, height: float) -> list[Gap]:
    """The number gap (after 'Số:'), the day gap (after 'ngày') and the month gap, in the header.

    The header is the top 30% of page 1; the number line is the first line there that starts
    a column with 'Số' and has a '/CODE' after it, the date line the first with
    '<place>, ngày … tháng … năm YYYY'. The month gap is filled only on scans, by hand
    (where the clerk may write the month by hand too), never from a signature field.
    """
    lines = group_lines([w for w in words if w.top < height * 0.3])
    gaps: list[Gap] = []
    for line in lines:
        for i, word in enumerate(line.words):
            starts_column = i == 0 or word.x0 - line.words[i - 1].x1 > 18
            if NUMBER_WORD.match(word.text) and starts_column and not any(g.field == "number" for g in gaps):
                column = _column_words(line, word, width)
                rest = [w for w in column if w.x0 > word.x0]
                code = next((w for w in rest if w.text.startswith(("/", "-"))), None)
                box = _gap_box(line, word, code, [w for w in rest if w.x0 < code.x0]) if code else None
                if code is None or box is None:
                    continue
                gaps.append(Gap("number", box, [word], [w for w in rest if w.x0 >= code.x0]))
            after_place = i > 0 and line.words[i - 1].text.endswith(",")
            if (_is_day_word(word, after_place) and (starts_column or after_place)
                    and not any(g.field == "day" for g in gaps)):
                segment = _segment(line, word, width)
                after = [w for w in segment if w.x0 > word.x0]
                month = next((w for w in after if w.text.lower() == "tháng"), None)
                year = next((w for w in after if w.text.lower() == "năm"), None)
                if month is None or year is None or not _YEAR.search(" ".join(w.text for w in after)):
                    continue
                box = _gap_box(line, word, month, [w for w in after if w.x0 < month.x0])
                if box is not None:
                    gaps.append(Gap("day", box, [w for w in segment if w.x0 <= word.x0], [w for w in after if w.x0 >= month.x0]))
                month_box = _gap_box(line, month, year, [w for w in after if month.x0 < w.x0 < year.x0])
                if month_box is not None:
                    gaps.append(Gap("month", month_box, [month], [w for w in after if w.x0 >= year.x0]))
    return gaps


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


_NUMBER_AND_CODE = re.compile(r"^(?P<num>[^/]+)(?P<code>/[A-ZĐ].*)$")


def _split_number_word(words: list[Word], height: float) -> list[Word]:
    """'574/UBND-KTTH' read as one unsure word right after 'Số:' → the number part and '/UBND-KTTH'.

    Then the number part is judged like any other content of the number gap.
    """
    out = list(words)
    for line in group_lines([w for w in words if w.top < height * 0.3]):
        for i, word in enumerate(line.words[:-1]):
            following = line.words[i + 1]
            match = _NUMBER_AND_CODE.match(following.text)
            if NUMBER_WORD.match(word.text) and match and following.conf < SURE_DIGITS:
                cut = following.x0 + (following.x1 - following.x0) * len(match["num"]) / len(following.text)
                at = out.index(following)
                out[at:at + 1] = [
                    Word(match["num"], following.x0, cut, following.top, following.bottom, following.conf),
                    Word(match["code"], cut, following.x1, following.top, following.bottom, SURE_DIGITS),
                ]
    return out


def guard_gaps(words: list[Word], width: float, height: float) -> list[Word]:
    """Drop what the main OCR pass put in the number/day gap of page 1 unless it is sure digits.

    A hand-written "574" read at confidence 40 as "514" would otherwise reach the register as
    the letter's number with no warning. Removing it leaves the line blank ("Số: /UBND-KTTH"),
    which the extractor reports as blank and the digits pass (below) may fill, as a hint.
    """
    words = _split_number_word(words, height)
    drop: set[int] = set()
    for gap in find_gaps(words, width, height):
        inside = [w for w in words if _inside(w, gap.box) and w not in gap.before and w not in gap.after]
        text = " ".join(w.text for w in inside)
        if inside and not (clean_digits(text, gap.field) and min(w.conf for w in inside) >= SURE_DIGITS):
            drop.update(id(w) for w in inside)
    return [w for w in words if id(w) not in drop]


def gap_text(words: list[Word], gap: Gap) -> str:
    """What the text layer (or the main OCR pass) already has inside a gap."""
    return " ".join(w.text for w in words if _inside(w, gap.box) and w not in gap.before and w not in gap.after)


def clean_digits(text: str, field: str) -> str | None:
    """The value if ``text`` is cleanly digits that fit the field, else None (never repaired)."""
    value = re.sub(r"\s+", "", text)
    if not value.isdigit():
        return None
    if field == "day":
        return value if len(value) <= 2 and 1 <= int(value) <= 31 else None
    if field == "month":
        return value if len(value) <= 2 and 1 <= int(value) <= 12 else None
    return value if 1 <= len(value) <= 5 and int(value) > 0 else None


def _line(gap: Gap, value: str) -> str:
    before = " ".join(w.text for w in gap.before)
    after = " ".join(w.text for w in gap.after)
    if gap.field == "number":
        return f"{before} {value}{after}"
    return f"{before} {value} {after}"


def _date_line(day_gap: Gap, day: str, month_gap: Gap | None, month: str | None) -> str:
    """'<place>, ngày D tháng M năm YYYY' from the day gap's words and the values put in."""
    before = " ".join(w.text for w in day_gap.before[:-1])
    if month_gap is None or month is None:
        after = " ".join(w.text for w in day_gap.after)
        return f"{before} ngày {day} {after}"  # the anchor may be read 'ngàW†': write it plainly
    rest = " ".join(w.text for w in month_gap.after)
    return f"{before} ngày {day} tháng {month} {rest}"


# --- born-digital: the signature widgets' own text ------------------------------------------------

def widget_text(path: Path, box: tuple[float, float, float, float]) -> str:
    """Text drawn inside ``box`` of page 1 once annotations are flattened into the page."""
    with raster.PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            pdf.init_forms()
            page = pdf[0]
            if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_PRINT) != pdfium_c.FLATTEN_SUCCESS:
                page.close()
                return ""
            page.close()
            page = pdf[0]  # reload: flattening rewrote the page's content
            _width, height = page.get_size()
            textpage = page.get_textpage()
            x0, top, x1, bottom = box
            text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
            textpage.close()
            page.close()
        finally:
            pdf.close()
    return text.strip()


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- digits OCR of a gap ---------------------------------------------------------------------------

def ocr_digits(path: Path, box: tuple[float, float, float, float], *, annotations: bool,
               dpi: int = DIGITS_DPI) -> tuple[str, float]:
    """OCR a small box of page 1 with digits only: (digits, confidence), or ("", 0) if unsure.

    Tesseract is not a handwriting recogniser: on our 19 hand-written gaps it drops the thin
    "1" of "15" and reads "5" at 85–92% confidence. So a value is returned only when two
    page-segmentation modes (one line, one word) agree, and no ink touches the left or right
    edge of the box (a digit running out of the box would be read as a shorter number).
    """
    with raster.PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            if annotations:
                pdf.init_forms()
            image, _scale = raster.render(pdf, 0, dpi, annotations=annotations, crop=box)
        finally:
            pdf.close()
    gray = raster.gray_without_red(image)
    ink = np.asarray(gray) < 128
    columns = ink.sum(axis=0)
    edge = max(2, gray.width // 40)
    if columns[:edge].sum() > 2 or columns[-edge:].sum() > 2:
        return "", 0.0
    readings: list[tuple[str, float]] = []
    for psm in (7, 8):
        found = tesseract.ocr_tsv(raster.encode(gray), lang=DIGITS_LANG, dpi=dpi, psm=psm,
                                  config={"tessedit_char_whitelist": "0123456789", "tessedit_do_invert": "0"})
        found = [w for w in found if w.conf >= 0]
        if not found:
            return "", 0.0
        readings.append(("".join(w.text for w in found), min(w.conf for w in found)))
    (first, conf1), (second, conf2) = readings
    if first.lstrip("0") != second.lstrip("0"):
        return "", 0.0
    return (first if len(first) >= len(second) else second), min(conf1, conf2)


# --- hand-written digits on scans: a line recogniser (readers/digits.py) --------------------------

HAND_DPI = 300  # the recogniser resizes to 48 px high anyway; 200/300/400 read the same (docs/OCR.md)
# The recogniser's reading of a hand-written digit can flip when the crop moves by a point
# (a "54" read at 0.99 where another crop reads "574"), so each gap is read in both views on
# the crop and on two crops moved by about a point, and the readings vote (docs/OCR.md).
SHIFTS = ((0.0, 0.0, 0.0, 0.0), (-1.5, -1.0, 1.5, 1.0), (1.0, 0.7, -1.0, -0.7))  # x0, top, x1, bottom (points)
VOTES_NEEDED = 4  # of the 6 readings (2 views × 3 crops), at least this many give the same digits,
VOTE_SHARE = 0.75  # and they are at least this share of the readings that gave any digits
# What the recogniser makes of the printed words around a gap: "Số:" reads "S6:", "So:";
# "ngày" reads "ngay", "ngiy", "ngaiy"; "tháng" "thang", "thaing". The digits must sit
# between the two, with nothing else: a letter or a mark in between means no reading, except
# the letter O, which the line view reads for a hand-written 0 ("2O8"). It is taken as 0; the
# vote needs the digits-only gap view to agree anyway.
_AROUND = {
    "number": re.compile(r"[Ss]\S?\s*[:;.]\s*(?P<v>[0-9Oo ]+?)\s*/"),
    "day": re.compile(r"n\s*g\D{0,3}?y\s*(?P<v>[0-9Oo ]+?)\s*t\s*h", re.IGNORECASE),
    "month": re.compile(r"t\s*h\D{0,3}?n\s*g\s*(?P<v>[0-9Oo ]+?)\s*n\s*[a-zăâ]", re.IGNORECASE),
}


@dataclass
class HandReading:
    """What the recogniser made of one gap, and whether that is sure enough to use."""

    value: str | None  # the digits the vote agreed on, or None
    line: str  # the line view of the unmoved crop: the whole 'Số: … /CODE' (or 'ngày … tháng'), as read
    readings: list[tuple[str, str, float]]  # (view, digits or '', least sure digit's probability) per view and crop

    def first(self, view: str) -> tuple[str, float]:
        """The reading of one view on the unmoved crop."""
        return next(((d, p) for v, d, p in self.readings if v == view), ("", 0.0))


def _line_box(gap: Gap) -> tuple[float, float, float, float]:
    """The gap with the printed words on either side: what the line view reads."""
    x0, top, x1, bottom = gap.box
    return (min(gap.before[-1].x0, x0) - 2, top, max(gap.after[0].x1, x1) + 2, bottom)


@dataclass(frozen=True)
class InkBand:
    """A colour band of pen ink in HSV: hue in degrees, saturation and value 0–1.

    ``min_chroma`` is S·V (= (max − min) / 255 of the RGB channels): a dark pixel's hue and
    saturation are noise (RGB 0,0,3 has S = 1), so a pixel counts as coloured ink only when
    its channels really differ.
    """

    hue: tuple[float, float]
    min_sat: float
    max_val: float
    min_chroma: float
    min_share: float  # below this share of the crop's dark pixels in the band, the crop is read as it is

    def mask(self, rgb: Image.Image) -> np.ndarray:
        hsv = np.asarray(rgb.convert("RGB").convert("HSV"), dtype=np.float32)
        h, sat, val = hsv[..., 0] * (360 / 255), hsv[..., 1] / 255, hsv[..., 2] / 255
        lo, hi = self.hue
        return ((h >= lo) & (h <= hi) & (sat >= self.min_sat) & (val <= self.max_val)
                & (sat * val >= self.min_chroma))


# Blue-ballpoint ink (docs/OCR.md, "Blue ink"): hue 200–260°, clearly coloured (S·V ≥ 0.16, i.e. the
# channels differ by ≥ 40 of 255). On the 12 real scans the hand-written digits are NOT in it: their
# ink is as black as the print (chroma ≤ 14 of 255 at the 90th percentile, the same blue scanner
# cast, hue ≈ 248°, on print and pen), so the filter never fires there and is not on by default.
BLUE_PEN = InkBand(hue=(200.0, 260.0), min_sat=0.35, max_val=0.9, min_chroma=0.16, min_share=0.3)
# The band that best separated the pen from the print on the real colour scans (hue 200–300°,
# S ≥ 0.25): in-band share of the ink pixels 0.00–0.55 for the pen against 0.00–0.45 for the print.
SCAN_CAST = InkBand(hue=(200.0, 300.0), min_sat=0.25, max_val=0.75, min_chroma=0.0, min_share=0.0)
INK: InkBand | None = None  # the pre-filter used by the reader: none (measured, docs/OCR.md)


def isolate_ink(rgb: Image.Image, band: InkBand) -> Image.Image | None:
    """The crop with its in-band ink pixels black on white; None if too little of its ink is in the band.

    "Too little" is ``band.min_share`` of the crop's dark pixels (at least 0.25 darker than its
    paper): a grey scan, or a black pen, then gives None and the caller reads the crop as it is.
    """
    arr = np.asarray(rgb.convert("RGB"), dtype=np.int16)
    if arr.size == 0:
        return None
    inked = band.mask(rgb)
    value = arr.max(axis=2)
    dark = value < np.percentile(value, 90) - 64
    if not inked.any() or inked.sum() < band.min_share * max(int(dark.sum()), 1):
        return None
    out = np.full(inked.shape, 255, dtype=np.uint8)
    out[inked] = 0
    return Image.fromarray(out, "L")


@dataclass
class HeaderBand:
    """Page 1's header rendered once (red seal removed) for all the gaps of a letter.

    Rendering a scanned page decodes its whole image, so each crop rendered apart costs more
    than reading it; one render of the box around all the gaps serves them all. ``rgb`` is
    the colour render (red removed), for the ink filter; ``gray`` what the recognisers read.
    """

    gray: Image.Image
    box: tuple[float, float, float, float]
    scale: float
    rgb: Image.Image | None = None

    @classmethod
    def render(cls, path: Path, boxes: list[tuple[float, float, float, float]], dpi: int = HAND_DPI) -> HeaderBand:
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        with raster.PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(str(path))
            try:
                image, scale = raster.render(pdf, 0, dpi, annotations=False, crop=box)
            finally:
                pdf.close()
        colour = raster.remove_red(image)
        return cls(raster.to_gray(colour), box, scale, colour if colour.mode == "RGB" else None)

    def _pixels(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x0, top, x1, bottom = box
        return (max(0, round((x0 - self.box[0]) * self.scale)), max(0, round((top - self.box[1]) * self.scale)),
                min(self.gray.width, round((x1 - self.box[0]) * self.scale)),
                min(self.gray.height, round((bottom - self.box[1]) * self.scale)))

    def crop(self, box: tuple[float, float, float, float], ink: InkBand | None = None) -> Image.Image:
        """The gray crop of ``box``; with ``ink``, its in-band ink black on white when there is enough."""
        pixels = self._pixels(box)
        if ink is not None and self.rgb is not None:
            isolated = isolate_ink(self.rgb.crop(pixels), ink)
            if isolated is not None:
                return isolated
        return self.gray.crop(pixels)


def _line_view(gray: Image.Image, field: str, reader: str = digits.DEFAULT) -> tuple[str, float, str]:
    """(digits between the printed words, least sure digit's probability, everything read)."""
    chars = digits.read_line(gray, reader)
    text = "".join(c.text for c in chars)
    match = _AROUND[field].search(text)
    if not match:
        return "", 0.0, text
    picked = [chars[i] for i in range(match.start("v"), match.end("v")) if chars[i].text.strip()]
    return "".join("0" if c.text in "Oo" else c.text for c in picked), min((c.prob for c in picked), default=0.0), text


def vote(readings: list[tuple[str, str, float]], field: str) -> str | None:
    """The digits most readings agree on, if enough do (``VOTES_NEEDED``, ``VOTE_SHARE``); else None.

    Leading zeros do not split the vote ("6" and "06" agree); the form the line view wrote wins.
    """
    given = [(view, d) for view, d, _p in readings if d]
    if not given:
        return None
    counts: dict[str, int] = {}
    for _view, d in given:
        counts[d.lstrip("0") or "0"] = counts.get(d.lstrip("0") or "0", 0) + 1
    best, count = max(counts.items(), key=lambda item: item[1])
    if count < VOTES_NEEDED or count < VOTE_SHARE * len(given):
        return None
    forms = [d for view, d in sorted(given, key=lambda g: g[0] != "line") if (d.lstrip("0") or "0") == best]
    return clean_digits(forms[0], field)


def read_handwriting(path: Path, gap: Gap, dpi: int = HAND_DPI, *, band: HeaderBand | None = None,
                     reader: str = digits.DEFAULT, ink: InkBand | None = None) -> HandReading:
    """Read the hand-written digits of a gap in two views and three crops; a value only if they agree.

    * The **line view** crops from the printed word before the gap to the one after it
      (``Số: 46 /TB-UBND``) and reads everything; the digits are what sits between the two
      printed words. Context keeps a digit that the gap box cuts in half.
    * The **gap view** reads the gap box alone, with the output restricted to digits.

    Both views read the crop as found and moved by about a point (``SHIFTS``); the six
    readings vote (``vote``). On the real scans, every wrong reading was one that the other
    view or a moved crop contradicted (docs/OCR.md). ``reader`` names the recogniser
    (``digits.RECOGNISERS``); ``ink`` an optional colour pre-filter (``isolate_ink``) for the gap
    view only: the line view needs the printed words around the gap, which the filter removes.
    """
    band = band or header_band(path, [gap], dpi)
    readings: list[tuple[str, str, float]] = []
    line = ""
    for k, shift in enumerate(SHIFTS):
        moved = _shifted(gap, shift)
        line_digits, line_prob, text = _line_view(band.crop(_line_box(moved)), gap.field, reader)
        line = line if k else text
        readings.append(("line", line_digits, line_prob))
        x0, _top, x1, _bottom = moved.box
        gap_chars = digits.read_digits(band.crop(moved.box, ink), reader) if (x1 - x0) * band.scale > 2 else []
        readings.append(("gap", "".join(c.text for c in gap_chars), min((c.prob for c in gap_chars), default=0.0)))
    return HandReading(vote(readings, gap.field), line, readings)


# The recognisers whose votes must agree (docs/OCR.md): PP-OCRv6 small rec (rapidocr 3.x) and
# PP-OCRv4 rec (rapidocr-onnxruntime). A recogniser that is not installed has no voice; with one
# voice left, its own strict vote (VOTES_NEEDED, VOTE_SHARE) decides, as before there were two.
READERS = ("v6", "v4")
# With two recognisers that must agree, each one's vote can be looser: the digits a recogniser
# *supports* are its most frequent reading (ties kept) if given by at least CROSS_VOTES_NEEDED of
# its 6 readings, at least CROSS_VOTE_SHARE of those that gave digits, and by both of its views.
# Measured on the 28 real gaps and 60 synthetic scribbles (docs/OCR.md): 0 wrong across the two;
# alone, this setting reads a wrong "41" for 11 with PP-OCRv4.
CROSS_VOTES_NEEDED = 2
CROSS_VOTE_SHARE = 0.5


def _norm(d: str) -> str:
    return d.lstrip("0") or "0"


def supports(readings: list[tuple[str, str, float]]) -> set[str]:
    """The digits (leading zeros stripped) one recogniser's readings support; several on a tie.

    A value read by one view only is never supported, however often: a scribble in the number
    gap read "4" on all three line-view crops by PP-OCRv4, and on all three gap-view crops by
    PP-OCRv6 (the synthetic scribbles of tests/test_hint_handwriting.py).
    """
    given = [(view, _norm(d)) for view, d, _p in readings if d]
    counts: dict[str, int] = {}
    for _view, d in given:
        counts[d] = counts.get(d, 0) + 1
    views = {view for view, _d, _p in readings}
    both = {d for d in counts if {v for v, e in given if e == d} == views}
    top = max(counts.values(), default=0)
    if top < CROSS_VOTES_NEEDED or top < CROSS_VOTE_SHARE * len(given):
        return set()
    return {d for d, c in counts.items() if c == top and d in both}


def agree(by_reader: dict[str, list[tuple[str, str, float]]], field: str) -> str | None:
    """The digits every recogniser supports, if exactly one such value, and plausible for ``field``.

    The form written is the line view's (it keeps a leading zero: "06"), else the longest.
    """
    if not by_reader:
        return None
    common = set.intersection(*(supports(r) for r in by_reader.values()))
    if len(common) != 1:
        return None
    value = common.pop()
    forms = [(v != "line", -len(d), d) for r in by_reader.values() for v, d, _p in r if d and _norm(d) == value]
    return clean_digits(min(forms)[2], field)


@dataclass
class CrossReading:
    """Each recogniser's reading of a gap and the value they agree on (or None)."""

    value: str | None
    by_reader: dict[str, HandReading]


def read_across(path: Path, gap: Gap, *, band: HeaderBand | None = None, readers: tuple[str, ...] | None = None,
                ink: InkBand | None = None) -> CrossReading:
    """Every available recogniser (``READERS``) reads the gap, 2 views × 3 crops each; a value only if they agree."""
    band = band or header_band(path, [gap])
    available = [name for name in (READERS if readers is None else readers) if digits.model(name) is not None]
    if len(available) == 1:
        alone = read_handwriting(path, gap, band=band, reader=available[0], ink=ink)
        return CrossReading(alone.value, {available[0]: alone})
    by_reader: dict[str, HandReading] = {}
    for name in available:
        by_reader[name] = read_handwriting(path, gap, band=band, reader=name, ink=ink)
        if not supports(by_reader[name].readings):
            return CrossReading(None, by_reader)  # no agreement is possible: the next recogniser is not run
    return CrossReading(agree({k: r.readings for k, r in by_reader.items()}, gap.field), by_reader)


def header_band(path: Path, gaps: list[Gap], dpi: int = HAND_DPI) -> HeaderBand:
    """One render of page 1 around every crop that ``read_handwriting`` will read for ``gaps``."""
    return HeaderBand.render(path, [_line_box(_shifted(g, shift)) for g in gaps for shift in SHIFTS], dpi)


def _shifted(gap: Gap, shift: tuple[float, float, float, float]) -> Gap:
    return Gap(gap.field, tuple(a + b for a, b in zip(gap.box, shift)), gap.before, gap.after)  # type: ignore[arg-type]


def _read_gap(path: Path, gap: Gap, words: list[Word], widgets: list[tuple[float, float, float, float]],
              scanned: bool, band: HeaderBand | None = None) -> tuple[str, str, str] | None:
    """(value, origin, method) for one gap, or None."""
    if not scanned:
        if not any(_overlaps(gap.box, w) for w in widgets):
            return None
        value = clean_digits(widget_text(path, gap.box), gap.field)
        if value is not None:
            return value, "signature_field", "text"
        text, conf = ocr_digits(path, gap.box, annotations=True)
        value = clean_digits(text, gap.field)
        return (value, "signature_field", "ocr") if value is not None and conf >= MIN_DIGIT_CONF else None
    if not gap.before or not gap.after:
        return None
    value = read_across(path, gap, band=band, ink=INK).value
    return (value, "handwriting", "ocr") if value is not None else None


def _scan_hints(path: Path, gaps: list[Gap], words: list[Word]) -> dict[str, str]:
    """Hints for a scan: each gap the main OCR pass left blank is read by the recogniser.

    The number line is given when the number was read; the date line when the day and the
    month are both known (printed and read by the main pass, or hand-written and read here)
    and at least one of them came from the handwriting.
    """
    by_field = {gap.field: gap for gap in gaps if gap.before and gap.after}
    known: dict[str, tuple[str, bool]] = {}  # field -> (value, from the handwriting)
    band: HeaderBand | None = None
    for field, gap in by_field.items():
        present = clean_digits(gap_text(words, gap), field)
        if present is not None:
            known[field] = (present, False)  # the main OCR pass read it (print, or sure digits)
            continue
        if field == "month" and "day" not in by_field:
            continue  # a month alone makes no date
        band = band or header_band(path, list(by_field.values()))
        found = _read_gap(path, gap, words, [], True, band)
        if found is not None:
            known[field] = (found[0], True)
    hints: dict[str, str] = {}
    if "number" in known and known["number"][1]:
        hints["number_line"] = _line(by_field["number"], known["number"][0])
    day, month = known.get("day"), known.get("month")
    if day and (month or "month" not in by_field) and (day[1] or (month and month[1])):
        hints["date_line"] = _date_line(by_field["day"], day[0], by_field.get("month"), month[0] if month else None)
    if hints:
        hints["origin"], hints["method"] = "handwriting", "ocr"
    return hints


def add_header_hints(document: ReadDocument, path: Path, first_page: FirstPage, ocr_words: list[Word] | None) -> None:
    """Fill ``document.header_hints`` for a blank number or day on page 1 (PDF only).

    ``first_page`` is what the PDF reader read of page 1 (its size, text-layer words and widget
    boxes); ``ocr_words`` are page 1's OCR words when it was a scan.
    """
    scanned = ocr_words is not None
    header = [ln.text for ln in document.lines if ln.page == 1][:30]
    number_blank = any(BLANK_NUMBER.match(t) for t in header)
    day_blank = any(BLANK_DAY.search(t) for t in header)
    if not scanned and not (number_blank or day_blank):
        return
    try:
        if scanned:
            words, width, height = ocr_words, first_page.width, first_page.height
            widgets: list[tuple[float, float, float, float]] = []
        else:
            words, width, height = first_page.words, first_page.width, first_page.height
            widgets = first_page.widgets
            if not widgets:
                return
        hints: dict[str, str] = {}
        gaps = find_gaps(words, width, height)
        if scanned:
            hints = _scan_hints(path, gaps, words)
        for gap in [] if scanned else gaps:
            if gap.field == "month":
                continue  # a signing tool fills the number and the day, never the month
            if (gap.field == "number" and not number_blank) or (gap.field == "day" and not day_blank):
                continue
            found = _read_gap(path, gap, words, widgets, scanned)
            if found is None:
                continue
            value, origin, method = found
            key = "number_line" if gap.field == "number" else "date_line"
            hints[key] = _line(gap, value)
            hints["origin"] = origin
            hints["method"] = method
        if hints:
            document.header_hints.update(hints)
            document.warnings.append(Warning(
                code="header_hint",
                message=f"{' and '.join(k.split('_')[0] for k in ('number_line', 'date_line') if k in hints)} "
                        f"read from the {hints['origin'].replace('_', ' ')} ({hints['method']})",
            ))
    except (ReadError, pdfium.PdfiumError):
        return  # the hints are a bonus: no Tesseract, a timeout or a file PDFium cannot open still leaves the text


"""A PDF's text layer as word boxes, read with PDFium (pypdfium2): the reader's fast path.

Why PDFium: it builds the same word boxes as pdfplumber (all 18,189 words of the sample
letters agree, ``python -m benchmarks.pdfium_words``) in about a seventh of the CPU time,
because the content stream is parsed in C++ rather than pure Python; and a crafted content
stream cannot keep it busy the way it can pdfminer. pypdfium2 is Apache-2.0/BSD (PyMuPDF,
the other fast option, is AGPL). pdfplumber stays as the second opinion for files PDFium
refuses (readers/plumber_text.py).

Coordinates are PDF points with a top-left origin on the crop box, as pdfplumber gives them
and as rendering for OCR sees the page.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from congvan.readers import legacy
from congvan.readers.geometry import Word

from congvan.text import nfc

X_TOLERANCE = 1.5  # points: a wider horizontal gap between glyphs starts a new word (pdfplumber's rule)
Y_TOLERANCE = 3.0  # points: a baseline or glyph top that moves more than this starts a new word
LINE_END_HYPHEN = 0x02  # PDFium's code for a hyphen that ends a line ("Nghị định số 48/2023/NĐ-")


def page_words(page: pdfium.PdfPage, legacy_fonts: set[str]) -> list[Word]:
    """The words of a page's text layer, legacy-font runs converted to Unicode.

    A space (or a space glyph drawn on top of a letter, as Word does in "CỘ NG") ends a
    word; so does a horizontal gap wider than ``X_TOLERANCE``, or a baseline or glyph top
    that moves by more than ``Y_TOLERANCE`` (a smaller font on the same baseline, as in
    "VT, KGVX" + "VHTin507", is a word of its own). A word's box spans its glyphs' advances
    and one font size above the baseline: the box pdfminer gives, on which the line grouping
    in readers/geometry.py was tuned.
    """
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        left, _bottom, _right, top = page.get_cropbox()
        n = pdfium_c.FPDFText_CountChars(raw)
        rect = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        fonts = _FontNames(raw)
        words: list[Word] = []
        chars: list[tuple[str, str]] = []  # (character, font name) of the word being built
        x0 = x1 = w_top = w_bottom = 0.0
        last_x1 = last_base = last_top = 0.0
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            ch = "-" if code == LINE_END_HYPHEN else chr(code) if 0 < code < 0x110000 else ""
            if not ch or ch.isspace() or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                if chars:
                    words.append(_word(chars, x0, x1, w_top, w_bottom, legacy_fonts))
                    chars = []
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
            c0, c1 = rect.left - left, rect.right - left
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy))
            base = top - oy.value  # the baseline: the same for every glyph of a line, accents or not
            c_top = base - pdfium_c.FPDFText_GetFontSize(raw, i)
            if chars and (abs(base - last_base) > Y_TOLERANCE or abs(c_top - last_top) > Y_TOLERANCE
                          or c0 - last_x1 > X_TOLERANCE):
                words.append(_word(chars, x0, x1, w_top, w_bottom, legacy_fonts))
                chars = []
            if chars:
                x0, x1 = min(x0, c0), max(x1, c1)
            else:
                x0, x1, w_top, w_bottom = c0, c1, c_top, base
            chars.append((ch, fonts.name(i)))
            last_x1, last_base, last_top = c1, base, c_top
        if chars:
            words.append(_word(chars, x0, x1, w_top, w_bottom, legacy_fonts))
        return words
    finally:
        textpage.close()


def widgets(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom) of the page's form and signature widgets."""
    left, _bottom, _right, top = page.get_cropbox()
    boxes = []
    rect = pdfium_c.FS_RECTF()
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            if (pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET
                    and pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect))):
                x0, x1 = sorted((rect.left - left, rect.right - left))
                t, b = sorted((top - rect.top, top - rect.bottom))
                boxes.append((x0, t, x1, b))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


class _FontNames:
    """Each character's font name, asked of PDFium once per text object rather than per glyph."""

    def __init__(self, textpage: pdfium_c.FPDF_TEXTPAGE) -> None:
        self.textpage = textpage
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.last_object: int | None = None
        self.last_name = ""

    def name(self, index: int) -> str:
        key = ctypes.cast(pdfium_c.FPDFText_GetTextObject(self.textpage, index), ctypes.c_void_p).value
        if key is None or key != self.last_object:  # one text object has one font
            length = pdfium_c.FPDFText_GetFontInfo(self.textpage, index, self.buffer, len(self.buffer),
                                                   ctypes.byref(self.flags))
            self.last_name = self.buffer.raw[: max(0, min(length, len(self.buffer)) - 1)].decode("utf-8", "replace")
            self.last_object = key
        return self.last_name


def _word(chars: list[tuple[str, str]], x0: float, x1: float, top: float, bottom: float,
          legacy_fonts: set[str]) -> Word:
    if any(legacy.font_encoding(font) for _ch, font in chars):
        text = legacy.convert_runs(chars, legacy_fonts)
    else:
        text = "".join(ch for ch, _font in chars)
    return Word(nfc(text), x0, x1, top, bottom)

"""How much faster could congvan read born-digital PDFs with PDFium's word boxes? A measurement.

congvan's PDF reader asks pdfplumber for word boxes (``readers/pdf.py: _page_words``); the
raw-layer benchmark shows pdfplumber costs ~40× more CPU than PDFium's text extraction.
This script builds the same word boxes from PDFium's characters (pypdfium2: the character,
its box, its font name) with pdfplumber's grouping rule (a new word after a space or a gap
wider than ``x_tolerance``, a new line when the vertical position moves by more than
``y_tolerance``), and compares both on the same pages: CPU time per page and how many words agree
(same text, left edges within 1.5 pt, vertical centres within 4 pt). It only measures; congvan is not changed.

    python -m benchmarks.pdfium_words [PDF ...]      # default: samples/letters/*.pdf
"""

from __future__ import annotations

import ctypes
import sys
import time
from pathlib import Path

X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0


def pdfium_words(page, textpage) -> list[tuple[str, float, float, float, float, str]]:  # type: ignore[no-untyped-def]
    """(text, x0, x1, top, bottom, font) per word, top-left origin like pdfplumber."""
    import pypdfium2.raw as c

    height = page.get_height()
    n = c.FPDFText_CountChars(textpage.raw)
    rect = c.FS_RECTF()  # the loose box: font ascent to descent and the advance, as pdfplumber's boxes
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fontbuf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    words = []
    cur: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]
    font = ""
    last_x1 = last_top = None
    for i in range(n):
        code = c.FPDFText_GetUnicode(textpage.raw, i)
        ch = chr(code) if code else ""
        if not ch or ch.isspace() or c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            if cur:
                words.append(("".join(cur), *box, font))
                cur = []
            continue
        c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
        x0, x1 = rect.left, rect.right
        c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(ox), ctypes.byref(oy))
        base = height - oy.value  # the baseline: the same for every glyph of a line, accents or not
        if cur and (last_top is None or abs(base - last_top) > Y_TOLERANCE or x0 - last_x1 > X_TOLERANCE):
            words.append(("".join(cur), *box, font))
            cur = []
        if not cur:
            length = c.FPDFText_GetFontInfo(textpage.raw, i, fontbuf, 128, ctypes.byref(flags))
            font = fontbuf.raw[: max(0, length - 1)].decode("utf-8", "replace")
            # pdfminer's box for these fonts: one font size tall, standing on the baseline
            size = c.FPDFText_GetFontSize(textpage.raw, i)
            box = [x0, x1, base - size, base]
        else:
            box = [min(box[0], x0), max(box[1], x1), box[2], box[3]]
        cur.append(ch)
        last_x1, last_top = x1, base
    if cur:
        words.append(("".join(cur), *box, font))
    return words


def plumber_words(page) -> list[tuple[str, float, float, float, float]]:  # type: ignore[no-untyped-def]
    """What congvan's reader asks pdfplumber for (readers/pdf.py: _page_words)."""
    glyphs = page.filter(lambda obj: obj.get("object_type") != "char" or not obj["text"].isspace())
    raw = glyphs.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False,
                               return_chars=True)
    return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw]


def compare(files: list[Path]) -> dict[str, float]:
    import unicodedata

    import pdfplumber
    import pypdfium2 as pdfium

    t_plumber = t_pdfium = 0.0
    pages = same = total_plumber = total_pdfium = 0
    for path in files:
        t0 = time.process_time()
        with pdfplumber.open(path) as pdf:
            ref = []
            for page in pdf.pages:
                ref.append(plumber_words(page))
                page.flush_cache()
        t1 = time.process_time()
        doc = pdfium.PdfDocument(str(path))
        got = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            got.append(pdfium_words(page, textpage))
            textpage.close()
            page.close()
        doc.close()
        t2 = time.process_time()
        t_plumber += t1 - t0
        t_pdfium += t2 - t1
        for a, b in zip(ref, got):
            pages += 1
            total_plumber += len(a)
            total_pdfium += len(b)
            pool = {}
            for w in b:
                pool.setdefault(unicodedata.normalize("NFC", w[0]), []).append(w)
            for w in a:
                for cand in pool.get(unicodedata.normalize("NFC", w[0]), []):
                    if abs(cand[1] - w[1]) <= 1.5 and abs((cand[3] + cand[4]) - (w[3] + w[4])) / 2 <= 4.0:
                        same += 1
                        break
    return {
        "files": len(files), "pages": pages,
        "pdfplumber_ms_per_page": t_plumber / pages * 1000, "pdfium_ms_per_page": t_pdfium / pages * 1000,
        "speed_up": t_plumber / t_pdfium if t_pdfium else float("inf"),
        "words_pdfplumber": total_plumber, "words_pdfium": total_pdfium,
        "pdfplumber_words_matched": same / total_plumber if total_plumber else 0.0,
    }


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((Path(__file__).resolve().parent.parent / "samples" / "letters").glob("*.pdf"))
    result = compare(files)
    for key, value in result.items():
        print(f"{key:>28}: {value:.3f}" if isinstance(value, float) else f"{key:>28}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

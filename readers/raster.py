"""PDF page → clean greyscale image for Tesseract: render, drop red ink, straighten.

Rendering uses pypdfium2 (Apache-2.0/BSD; PyMuPDF is AGPL and not an option). Scanned
letters carry red seals and signature stamps over the signer's name and the date; Tesseract
reads their ring text as words ("ỦY BAN NHÂN DÂN TỈNH" in a circle becomes noise in the
body), so reddish pixels are turned white before OCR. Black text printed *over* a seal
stays, because it is dark in every channel.

Skew of a fed scanner is usually under 2°, which Tesseract tolerates, but the line grouping
we run on its word boxes (readers/geometry.py) compares vertical centres across the whole
width of the page, where 1° already shifts a line by a third of its height; so pages are
straightened by the angle that maximises the row-profile variance.
"""

from __future__ import annotations

import io
import threading

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

# PDFium must never be entered from two threads at once (even for different documents);
# every user of pypdfium2 in the readers takes this one lock.
PDFIUM_LOCK = threading.Lock()
MAX_PIXELS = 40_000_000  # an A4 page at 400 dpi is 15.5 MP; beyond this we lower the resolution


def render(pdf: pdfium.PdfDocument, index: int, dpi: int, *, annotations: bool = False,
           crop: tuple[float, float, float, float] | None = None) -> tuple[Image.Image, float]:
    """Render one page (or the ``crop`` box, in points from the top left) to RGB; returns (image, scale).

    ``annotations=False`` hides the digital-signature widgets, whose appearance draws "Ký bởi…"
    text over the letter. ``True`` shows them (the caller must have called ``init_forms``
    before loading the page), which is where e-signed letters draw the number and day.
    """
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = dpi / 72.0
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        pdf_crop = (0.0, 0.0, 0.0, 0.0)
        if crop is not None:
            x0, top, x1, bottom = crop
            pdf_crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
        bitmap = page.render(scale=scale, crop=pdf_crop, draw_annots=annotations, may_draw_forms=annotations)
        image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    return image, scale


RED_TILE = 32  # pixels: red ink is looked for, at full resolution, only in tiles of this size that have some
_RED_SCAN = 4  # the tiles are chosen on a copy reduced this many times


def remove_red(image: Image.Image) -> Image.Image:
    """Turn reddish pixels (seals, red stamps, red signatures) white; others untouched.

    A red pixel is ``r > 110``, ``r − g > 45``, ``r − b > 30``. Testing every pixel of a page
    cost 35 ms at 200 dpi, and red ink covers a few percent of a letter (the seal, the
    signature, a stamp), so the test runs only in the 32-px tiles, grown by one tile, where a
    4× reduced copy shows any reddish colour under a looser threshold; the output was
    pixel-identical on the sample scans at a quarter of the cost (``python -m benchmarks.ocr_prep_probe``).
    """
    if image.mode != "RGB":
        return image
    small = np.asarray(image.reduce(_RED_SCAN)).astype(np.int16)
    r, g, b = small[..., 0], small[..., 1], small[..., 2]
    reddish = (r > 90) & (r - g > 20) & (r - b > 12)  # looser: a thin red stroke is paler once averaged
    if not reddish.any():
        return image
    out = np.asarray(image).copy()
    per_tile = RED_TILE // _RED_SCAN
    rows, cols = -(-reddish.shape[0] // per_tile), -(-reddish.shape[1] // per_tile)
    padded = np.zeros((rows * per_tile, cols * per_tile), dtype=bool)
    padded[: reddish.shape[0], : reddish.shape[1]] = reddish
    tiles = padded.reshape(rows, per_tile, cols, per_tile).any(axis=(1, 3))
    grown = tiles.copy()  # one tile of margin: the reduced copy blurs a stroke's edge across tiles
    grown[1:] |= tiles[:-1]
    grown[:-1] |= tiles[1:]
    grown[:, 1:] |= grown[:, :-1].copy()
    grown[:, :-1] |= grown[:, 1:].copy()
    for row in range(rows):
        picked = np.flatnonzero(grown[row])
        if picked.size == 0:
            continue
        breaks = np.flatnonzero(np.diff(picked) > 1)
        starts = np.concatenate(([picked[0]], picked[breaks + 1]))
        ends = np.concatenate((picked[breaks], [picked[-1]]))
        y0, y1 = row * RED_TILE, (row + 1) * RED_TILE
        for first, last in zip(starts, ends):  # each run of adjacent tiles in one slice
            block = out[y0:y1, first * RED_TILE:(last + 1) * RED_TILE]
            wide = block.astype(np.int16)
            rr, gg, bb = wide[..., 0], wide[..., 1], wide[..., 2]
            block[(rr > 110) & (rr - gg > 45) & (rr - bb > 30)] = 255
    return Image.fromarray(out)


def to_gray(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("L")


def gray_without_red(image: Image.Image) -> Image.Image:
    """What every OCR reading of a letter starts from: red ink (seals, stamps) removed, greyscale."""
    return to_gray(remove_red(image))


def skew_angle(gray: Image.Image, limit: float = 3.0, step: float = 0.2) -> float:
    """The rotation (degrees, counter-clockwise) that makes text rows horizontal.

    Works on a ~1000 px wide copy: the dark pixels' row profile is sharpest when rows are
    level. Each candidate angle shears the ink pixels' coordinates (for ±3° the same as a
    rotation to within a pixel) and counts them per row with ``bincount``, instead of
    rotating the image 31 times: the same angles on the sample scans, a third of the time.
    """
    small = gray.copy()
    small.thumbnail((1000, 1000 * gray.height // max(gray.width, 1) + 1))
    ys, xs = np.nonzero(np.asarray(small) < 128)
    if ys.size < 500:
        return 0.0
    x = xs.astype(np.float64) - small.width / 2
    y = ys.astype(np.float64)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rows = np.rint(y - x * np.tan(np.radians(angle))).astype(np.int64)
        score = float(np.var(np.bincount(rows - rows.min())))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return round(best_angle, 2)


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """Straightened image and the angle applied (0 when already level).

    Pillow, bicubic. Measured and rejected: bilinear (a third of the time, but CER 2.23% →
    2.44%, ``python -m congvan.readers.ocr_cer``); OpenCV's bicubic ``warpAffine`` (24 against
    83 ms, CER 2.09%, but the handwritten gaps read right fell from 20 to 17 of 28,
    ``python -m congvan.readers.hint_eval``: the gap finder loses "Số:" on some scans).
    """
    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray, 0.0
    return gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255), angle


def encode(image: Image.Image) -> bytes:
    """Bytes Tesseract reads from stdin; PNM because it costs no compression time."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # P5 (PGM) for greyscale, P6 for colour
    return buffer.getvalue()

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
from PIL import Image
import pypdfium2 as pdfium

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


def remove_red(image: Image.Image) -> Image.Image:
    """Turn reddish pixels (seals, red stamps, red signatures) white; others untouched."""
    if image.mode != "RGB":
        return image
    arr = np.asarray(image).astype(np.int16)
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    red = (r > 110) & (r - g > 45) & (r - b > 30)
    out = np.asarray(image).copy()
    out[red] = 255
    return Image.fromarray(out)


def to_gray(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("L")


def skew_angle(gray: Image.Image, limit: float = 3.0, step: float = 0.2) -> float:
    """The rotation (degrees, counter-clockwise) that makes text rows horizontal.

    Works on a ~1000 px wide copy: dark pixels' row profile is sharpest when rows are level.
    """
    small = gray.copy()
    small.thumbnail((1000, 1000 * gray.height // max(gray.width, 1) + 1))
    ink = (np.asarray(small) < 128).astype(np.uint8)
    if ink.sum() < 500:
        return 0.0
    ink_image = Image.fromarray(ink * 255)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rotated = np.asarray(ink_image.rotate(float(angle), resample=Image.Resampling.NEAREST, fillcolor=0))
        score = float(np.var(rotated.sum(axis=1, dtype=np.int64)))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return round(best_angle, 2)


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """Straightened image and the angle applied (0 when already level)."""
    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray, 0.0
    return gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255), angle


def encode(image: Image.Image) -> bytes:
    """Bytes Tesseract reads from stdin; PNM because it costs no compression time."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # P5 (PGM) for greyscale, P6 for colour
    return buffer.getvalue()

"""How much of the OCR preparation could go? A measurement on the benchmark's scans.

congvan prepares every scanned page before Tesseract (``readers/raster.py``): render at
300 dpi, turn red ink white (``remove_red``), greyscale, find the skew by trying 31 angles
(``skew_angle``: -3° to +3° in 0.2° steps, each a rotation of a 1000-px copy) and rotate
the page (``deskew``). This script times those steps page by page and times the same work
done two cheaper ways:

* ``skew_angle`` coarse to fine: 1° steps, then 0.2° steps around the best. It searches the
  same 0.2° grid but scores about 15 angles instead of 31. The script reports how often it
  finds the same angle.
* ``remove_red`` with Pillow channel operations (``ImageChops.subtract`` and a mask paste).
  This gives the same mask without numpy's int16 copy of the whole page. The script reports
  whether the output pixels are identical.

It only measures: congvan is not changed. Run: ``python -m benchmarks.ocr_prep_probe [PDF ...]``.
The default is the benchmark's 10-scan corpus in ``benchmarks/.work/corpus/scan-10/inbox``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops


def skew_coarse_to_fine(gray: Image.Image, limit: float = 3.0, step: float = 0.2) -> float:
    small = gray.copy()
    small.thumbnail((1000, 1000 * gray.height // max(gray.width, 1) + 1))
    ink = (np.asarray(small) < 128).astype(np.uint8)
    if ink.sum() < 500:
        return 0.0
    ink_image = Image.fromarray(ink * 255)
    scores: dict[float, float] = {}

    def score(angle: float) -> float:
        angle = round(angle, 2)
        if angle not in scores:
            rotated = np.asarray(ink_image.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0))
            scores[angle] = float(np.var(rotated.sum(axis=1, dtype=np.int64)))
        return scores[angle]

    coarse = max(np.arange(-limit, limit + 0.5, 1.0), key=lambda a: score(float(a)))
    fine = [a for a in np.arange(coarse - 0.8, coarse + 0.8 + step / 2, step) if -limit - 1e-9 <= a <= limit + 1e-9]
    best = max(fine, key=lambda a: score(float(a)))
    return round(float(best), 2)


def remove_red_pillow(image: Image.Image) -> Image.Image:
    r, g, b = image.split()
    mask = ImageChops.multiply(
        ImageChops.multiply(r.point(lambda v: 255 if v > 110 else 0),
                            ImageChops.subtract(r, g).point(lambda v: 255 if v > 45 else 0)),
        ImageChops.subtract(r, b).point(lambda v: 255 if v > 30 else 0))
    out = image.copy()
    out.paste((255, 255, 255), mask=mask)
    return out


def main(argv: list[str]) -> int:
    import pypdfium2 as pdfium
    from congvan.readers import raster

    default = Path(__file__).resolve().parent / ".work" / "corpus" / "scan-10" / "inbox"
    files = [Path(a) for a in argv] or sorted(default.glob("*.pdf"))
    if not files:
        print("no scans: run the benchmark first, or name PDF files")
        return 1
    t = {k: 0.0 for k in ("render", "remove_red", "remove_red_pillow", "skew_angle", "skew_c2f", "rotate_bicubic",
                          "rotate_bilinear")}
    pages = same_angle = same_pixels = 0
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            pages += 1
            c0 = time.process_time()
            image, _scale = raster.render(pdf, index, 300)
            c1 = time.process_time()
            red = raster.remove_red(image)
            c2 = time.process_time()
            red2 = remove_red_pillow(image)
            c3 = time.process_time()
            gray = raster.to_gray(red)
            c4 = time.process_time()
            angle = raster.skew_angle(gray)
            c5 = time.process_time()
            angle2 = skew_coarse_to_fine(gray)
            c6 = time.process_time()
            gray.rotate(angle or 0.5, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            c7 = time.process_time()
            gray.rotate(angle or 0.5, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
            c8 = time.process_time()
            for key, dt in zip(t, (c1 - c0, c2 - c1, c3 - c2, c5 - c4, c6 - c5, c7 - c6, c8 - c7)):
                t[key] += dt
            same_angle += angle == angle2
            same_pixels += np.array_equal(np.asarray(red), np.asarray(red2))
        pdf.close()
    print(f"{len(files)} files, {pages} pages at 300 dpi; CPU ms per page:")
    for key, value in t.items():
        print(f"  {key:>18}: {value / pages * 1000:7.1f}")
    print(f"  coarse-to-fine skew finds the same angle on {same_angle}/{pages} pages")
    print(f"  Pillow red removal gives identical pixels on {same_pixels}/{pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

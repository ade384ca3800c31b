"""OCR of PDF pages that have no usable text layer: render → clean → Tesseract → word boxes.

The result of a page is a list of :class:`~congvan.readers.geometry.Word` in PDF points,
the same thing the PDF reader gets from pdfplumber, so the page goes through the very same
line grouping and two-column logic and layout never knows it was a scan.

Parallelism: Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``) in its own process per
page, and pages are handed to a small thread pool that starts those processes, so two
pages are read at once on two cores. PDFium is not thread-safe, so rendering takes a lock;
it is a tenth of the time of the OCR.

Settings were chosen by measurement on ``samples/ocr-truth`` (``python -m
congvan.readers.ocr_cer``; numbers in docs/OCR.md).
"""

from __future__ import annotations

import os
import re
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium
from congvan.readers import hints, raster, tesseract
from congvan.readers.base import ReadError
from congvan.readers.budget import Deadline
from congvan.readers.geometry import Word
from PIL import Image

# Clean-up measured on samples/ocr-truth (docs/OCR.md): a word read at confidence < 20 is
# almost always a seal, a signature, a stamp or a speck, and a "word" with no letter or digit
# below 50 is a rule or the edge of a seal (|, —, ~, ‘). Dropping both takes CER from 3.5% to 2.6%.
MIN_CONF = 20.0
SURE_CONF = 85.0
_NO_ALNUM = re.compile(r"^[^\w]+$")
# Rules under the issuer and the motto read as "—=", "__", "~~": never text, whatever the confidence.
_RULE = re.compile(r"^[-—–_=~|]{2,}$")
# Hand-written digits run into the printed text next to them ("Đ14/UBND-KTTH", "O†tháng") and
# the whole word gets a low confidence. The printed part is kept and the rest judged alone.
_GLUED_AFTER = re.compile(r"^(?P<junk>.+?)(?P<kept>/[A-ZĐ][\w&.-]*|ngày|tháng|năm)$")
_GLUED_BEFORE = re.compile(r"^(?P<kept>Số\s*[:.]|ngày|tháng)(?P<junk>.*[^\s,.;:)].*)$")
# "thángØ", "ngày4D": a date word with anything but punctuation glued to it is split whatever
# the confidence (Tesseract is often sure of such words); "tháng," and "ngày." are left alone.
_CLEAN_NUMBER = re.compile(r"^[\d./]+$")
_GLUED_KEYWORD = re.compile(r"^(ngày|tháng)[^\s,.;:)]+$|^[^\s(]+(ngày|tháng)$")


@dataclass(frozen=True)
class OcrSettings:
    """How a page is read; defaults are the measured best (docs/OCR.md)."""

    dpi: int = 200
    lang: str = "vie"
    remove_red: bool = True
    deskew: bool = True
    cleanup: bool = True
    auto_rotate: bool = True
    psm: int = 3

    @classmethod
    def from_env(cls) -> OcrSettings:
        """Defaults, overridden by CONGVAN_OCR_DPI / CONGVAN_OCR_LANG for an office that needs it."""
        settings = cls()
        if os.environ.get("CONGVAN_OCR_DPI", "").isdigit():
            settings = replace(settings, dpi=int(os.environ["CONGVAN_OCR_DPI"]))
        if os.environ.get("CONGVAN_OCR_LANG"):
            settings = replace(settings, lang=os.environ["CONGVAN_OCR_LANG"])
        return settings


@dataclass
class PageOcr:
    """What OCR found on one page."""

    index: int  # 0-based page index
    lang: str
    width: float  # points, of the page as read (after any 90° turn)
    height: float
    words: list[Word] = field(default_factory=list)
    mean_conf: float = 0.0
    rotated: int = 0  # degrees clockwise the page was turned to read it
    skew: float = 0.0
    cpu_seconds: float = 0.0


def enabled() -> bool:
    """OCR can be switched off (CONGVAN_OCR=0) to read only text layers, as before OCR existed."""
    return os.environ.get("CONGVAN_OCR", "1").lower() not in ("0", "off", "false", "no")


def _clean(image: Image.Image, settings: OcrSettings) -> Image.Image:
    """Red ink removed (unless switched off, for measuring), greyscale."""
    return raster.gray_without_red(image) if settings.remove_red else raster.to_gray(image)


def _straighten(gray: Image.Image, settings: OcrSettings) -> tuple[Image.Image, float]:
    return raster.deskew(gray) if settings.deskew else (gray, 0.0)


def _words(found: list[tesseract.OcrWord], scale: float, cleanup: bool) -> list[Word]:
    """Tesseract words as layout words in points.

    Each word gets the vertical extent of its Tesseract *line*, not its own ink box: ink boxes
    of "quy" and "Chính" differ by a diacritic and a descender, enough for the centre-based
    line grouping to split one line in two (CER 4.5% → 3.5%).
    """
    out = []
    heights = sorted({(w.block, w.par, w.line): w.line_height for w in found if w.line_height}.values())
    tall = 2.0 * heights[len(heights) // 2] if heights else 0.0
    for w in _drop_echoes(found) if cleanup else found:
        # A Tesseract "line" over twice as tall as the page's usual line has swallowed two lines
        # (bullets of a Nơi nhận list); its words keep their own boxes.
        use_line = 0 < w.line_height <= tall
        top, height = (w.line_top, w.line_height) if use_line else (w.top, w.height)
        pieces = _unglue(w.text, float(w.left), float(w.left + w.width), w.conf)
        for text, x0, x1, conf in pieces:
            if cleanup and (conf < MIN_CONF or (conf < 50 and _NO_ALNUM.match(text)) or _RULE.match(text)):
                continue
            out.append(Word(text, x0 / scale, x1 / scale, top / scale, (top + height) / scale, conf))
    return out


def _unglue(text: str, x0: float, x1: float, conf: float, depth: int = 0) -> list[tuple[str, float, float, float]]:
    """Split printed keywords off hand-written junk glued to them ("ngày#0tháng" → ngày, #0, tháng).

    The printed part gets a sure confidence, the junk keeps the word's; x positions are
    shared out by character count.
    """
    if depth > 3 or not (conf < SURE_CONF or _GLUED_KEYWORD.match(text)):
        return [(text, x0, x1, conf)]
    glued = _GLUED_AFTER.match(text)
    if glued and glued["kept"].startswith("/") and _CLEAN_NUMBER.match(glued["junk"]):
        glued = None  # "58/NQ-HĐND", "123/2020/NĐ-CP": a citation read whole, not junk before a code
    if glued:
        cut = x0 + (x1 - x0) * len(glued["junk"]) / len(text)
        return [*_unglue(glued["junk"], x0, cut, conf, depth + 1), (glued["kept"], cut, x1, SURE_CONF)]
    glued = _GLUED_BEFORE.match(text)
    if glued:
        cut = x0 + (x1 - x0) * len(glued["kept"]) / len(text)
        return [(glued["kept"], x0, cut, SURE_CONF), *_unglue(glued["junk"], cut, x1, conf, depth + 1)]
    return [(text, x0, x1, conf)]


def _drop_echoes(found: list[tesseract.OcrWord]) -> list[tesseract.OcrWord]:
    """Remove the second reading of an underlined line.

    Tesseract reads an underlined line (the national motto "Độc lập - Tự do - Hạnh phúc"
    under every letter's header) twice, as two Tesseract lines with shifted boxes, which
    interleave into "Độc ộc lập lập - - Tự Tự". A word is such an echo when a word of
    another Tesseract line sits at the same height and nearly the same place and one text
    contains the other; the longer (then the more confident) reading is kept.
    """
    drop: set[int] = set()
    for i, j in _overlapping_pairs(found):  # in (i, j) order, as a double loop over all pairs would
        a, b = found[i], found[j]
        if (a.block, a.par, a.line) == (b.block, b.par, b.line) or i in drop or j in drop:
            continue
        dy = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
        if dy <= 0.5 * min(a.height, b.height):
            continue
        centres = abs((a.left + a.width / 2) - (b.left + b.width / 2))
        if centres < 0.8 * max(a.width, b.width) and (a.text in b.text or b.text in a.text):
            drop.add(j if (len(a.text), a.conf) >= (len(b.text), b.conf) else i)
    return [w for k, w in enumerate(found) if k not in drop]


def _overlapping_pairs(found: list[tesseract.OcrWord]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of words whose vertical extents overlap, sorted.

    A sweep over the words sorted by top: a page has ~400 words, and comparing every pair in
    Python cost tens of milliseconds per page for the few pairs that share a height.
    """
    order = sorted(range(len(found)), key=lambda k: found[k].top)
    pairs = []
    for p, i in enumerate(order):
        bottom = found[i].top + found[i].height
        for j in order[p + 1:]:
            if found[j].top >= bottom:
                break
            pairs.append((i, j) if i < j else (j, i))
    pairs.sort()
    return pairs


def _mean_conf(found: list[tesseract.OcrWord]) -> float:
    confs = [w.conf for w in found if w.conf >= 0]
    return sum(confs) / len(confs) if confs else 0.0


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ocr_image(image: Image.Image, scale: float, index: int, settings: OcrSettings) -> PageOcr:
    """OCR an already rendered page image (``scale`` pixels per point)."""
    clean = _clean(image, settings)
    gray, skew = _straighten(clean, settings)
    config = {"tessedit_do_invert": "0"}  # letters are dark on light; skipping the inverted pass saves time
    found = tesseract.ocr_tsv(raster.encode(gray), lang=settings.lang, dpi=round(scale * 72), psm=settings.psm, config=config)
    rotated = 0
    if settings.auto_rotate and (_mean_conf(found) < 60 or len(found) < 20):
        # A page scanned sideways or upside down reads as garbage; ask OSD only then, it costs a second.
        turn, confidence = tesseract.orientation(raster.encode(gray))
        if turn and confidence >= 1.5:
            # the skew found on a sideways page means nothing: turn the unstraightened page, then straighten
            turned, turned_skew = _straighten(clean.rotate(-turn, expand=True, fillcolor=255), settings)
            again = tesseract.ocr_tsv(raster.encode(turned), lang=settings.lang, dpi=round(scale * 72),
                                      psm=settings.psm, config=config)
            if _mean_conf(again) > _mean_conf(found):
                found, gray, rotated, skew = again, turned, turn, turned_skew
    words = _words(found, scale, settings.cleanup)
    if index == 0:
        words = hints.guard_gaps(words, gray.width / scale, gray.height / scale)
    return PageOcr(
        index=index,
        lang=settings.lang,
        width=gray.width / scale,
        height=gray.height / scale,
        words=words,
        mean_conf=_mean_conf(found),
        rotated=rotated,
        skew=skew,
    )


def ocr_page(path: Path, index: int, settings: OcrSettings) -> PageOcr:
    """Render page ``index`` (0-based) of a PDF, annotations hidden, and OCR it."""
    started_self, started_children = time.process_time(), _child_cpu()
    with raster.PDFIUM_LOCK:
        pdf = _open(path)
        try:
            image, scale = raster.render(pdf, index, settings.dpi)
        finally:
            pdf.close()
    page = ocr_image(image, scale, index, settings)
    page.cpu_seconds = (time.process_time() - started_self) + (_child_cpu() - started_children)
    return page


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("encrypted", "PDF is password-protected or encrypted; ask the sender for an unprotected copy") from exc
        raise ReadError("corrupt_pdf", f"the PDF cannot be rendered for OCR ({exc})") from exc


def default_workers() -> int:
    """Pages read at once: one per core (CONGVAN_OCR_WORKERS overrides).

    Also inside a batch worker: the threads only wait on Tesseract processes, and a long scan
    at the end of a batch would otherwise be read on one core while the other sits idle.
    """
    if os.environ.get("CONGVAN_OCR_WORKERS", "").isdigit():
        return max(1, int(os.environ["CONGVAN_OCR_WORKERS"]))
    return max(1, min(os.cpu_count() or 1, 4))


def ocr_pages(path: Path, indices: list[int], settings: OcrSettings | None = None,
              workers: int | None = None, deadline: Deadline | None = None) -> list[PageOcr]:
    """OCR several pages of one PDF, in parallel, results in the order of ``indices``.

    ``deadline`` is checked before each page starts, so a letter over its time budget stops
    within one page's OCR instead of finishing hundreds of them.
    """
    settings = settings or OcrSettings.from_env()
    tesseract.check_language(settings.lang)  # fail once, clearly, before rendering anything
    workers = workers or default_workers()

    def one(index: int) -> PageOcr:
        if deadline is not None:
            deadline.check(f"OCR of page {index + 1}")
        return ocr_page(path, index, settings)

    if workers <= 1 or len(indices) <= 1:
        return [one(i) for i in indices]
    with ThreadPoolExecutor(max_workers=min(workers, len(indices))) as pool:
        return list(pool.map(one, indices))

"""The Tesseract command line, run one page at a time, words and boxes back as TSV.

Why the CLI and not a binding: it is what pytesseract runs anyway, it lets us set
``OMP_THREAD_LIMIT=1`` per call (Tesseract's OpenMP threads make a page 4× slower in wall
time on two cores, measured: 4.75 s instead of 1.19 s at 300 dpi) and put a hard timeout on
a page, and it needs no Python package. Images go in on stdin and TSV comes out on
stdout, so nothing touches the disk.

``CONGVAN_TESSERACT`` names the binary (default: ``tesseract`` on PATH); pointing it at
a file that does not exist is how the tests check the "not installed" error.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from congvan.readers.base import ReadError
from congvan.text import nfc

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
PAGE_TIMEOUT = 120.0  # seconds for one page; a normal page takes 1–3 s


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read, in pixels of the image it was given."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int
    line_top: int = 0  # the box of the Tesseract line the word belongs to (level-4 row)
    line_height: int = 0


def binary() -> str:
    """The tesseract executable, or a ReadError that says what to install."""
    name = os.environ.get("CONGVAN_TESSERACT", "tesseract")
    found = shutil.which(name)
    if found is None:
        raise ReadError(
            "ocr_unavailable",
            f"this PDF is a scan and needs OCR, but Tesseract was not found ({name!r}); "
            f"install it with: {INSTALL_HINT}",
        )
    return found


@functools.lru_cache(maxsize=8)
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReadError("ocr_unavailable", f"cannot run Tesseract ({exc}); install it with: {INSTALL_HINT}") from exc
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def check_language(lang: str) -> str:
    """The binary, after checking every language in ``lang`` ('vie', 'vie+osd') is installed."""
    exe = binary()
    have = _languages(exe)
    missing = [part for part in lang.split("+") if part not in have]
    if missing:
        package = {"vie": "tesseract-ocr-vie", "Vietnamese": "tesseract-ocr-script-viet", "osd": "tesseract-ocr-osd"}
        names = " ".join(package.get(m, f"tesseract-ocr-{m.lower()}") for m in missing)
        raise ReadError(
            "ocr_unavailable",
            f"Tesseract has no {'/'.join(missing)} language data; install it with: apt-get install {names}",
        )
    return exe


def has_language(lang: str) -> bool:
    """Whether Tesseract is installed with this language (no error if it is not)."""
    try:
        check_language(lang)
    except ReadError:
        return False
    return True


def _run(args: list[str], image: bytes, timeout: float) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(args, input=image, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError("ocr_timeout", f"OCR of one page took more than {timeout:.0f} s; giving up on this file") from exc
    except OSError as exc:
        raise ReadError("ocr_unavailable", f"cannot run Tesseract ({exc}); install it with: {INSTALL_HINT}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError("ocr_failed", f"Tesseract failed on a page: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def ocr_tsv(image: bytes, *, lang: str = "vie", dpi: int = 300, psm: int = 3,
            config: dict[str, str] | None = None, timeout: float = PAGE_TIMEOUT) -> list[OcrWord]:
    """Words and boxes of one image (PNG/PNM bytes)."""
    exe = check_language(lang)
    args = [exe, "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
    for key, value in (config or {}).items():
        args += ["-c", f"{key}={value}"]
    args.append("tsv")
    return parse_tsv(_run(args, image, timeout))


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Level-5 (word) rows of Tesseract's TSV with their line's box, NFC, empty words dropped."""
    words: list[OcrWord] = []
    line_box: dict[tuple[str, str, str], tuple[int, int]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[6].lstrip("-").isdigit():
            continue
        key = (cols[2], cols[3], cols[4])
        if cols[0] == "4":
            line_box[key] = (int(cols[7]), int(cols[9]))
            continue
        if cols[0] != "5":
            continue
        text = nfc(cols[11]).strip()
        if not text:
            continue
        try:
            top, height = line_box.get(key, (int(cols[7]), int(cols[9])))
            words.append(OcrWord(
                text, float(cols[10]), int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]),
                int(cols[2]), int(cols[3]), int(cols[4]), top, height,
            ))
        except ValueError:
            continue
    return words


def orientation(image: bytes, timeout: float = 60.0) -> tuple[int, float]:
    """(degrees to rotate clockwise to make the page upright, confidence) from Tesseract OSD.

    Returns (0, 0.0) when OSD data is not installed or the page has too little text to tell.
    """
    if not has_language("osd"):
        return 0, 0.0
    exe = binary()
    try:
        out = _run([exe, "stdin", "stdout", "--psm", "0"], image, timeout)
    except ReadError:
        return 0, 0.0  # "Too few characters" and friends: keep the page as it is
    rotate, conf = 0, 0.0
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Rotate":
            rotate = int(value.strip() or 0)
        elif key.strip() == "Orientation confidence":
            conf = float(value.strip() or 0)
    return rotate, conf

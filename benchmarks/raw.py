"""The raw layer under congvan, on the same files, with the same number of processes.

Each baseline is the least a program must do to get the text out with that library:

* ``pdfplumber``: ``page.extract_text()`` for every page (congvan's PDF reader is built on
  pdfplumber's word boxes);
* ``pypdfium2``: ``page.get_textpage().get_text_bounded()`` for every page, the practical
  floor for born-digital PDF;
* ``python-docx``: the text of every body paragraph and every table cell;
* ``tesseract``: every page rendered by pypdfium2 at congvan's OCR resolution, greyscale,
  piped to the ``tesseract`` CLI single-threaded (``OMP_THREAD_LIMIT=1``), plain text out.

They run in ``workers`` processes (congvan's batch uses one extraction process per core),
each warmed up first so that imports are not counted: wall time is the library's floor on
this machine, CPU time is measured inside the workers (plus Tesseract's own CPU).
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BASELINES = {
    "pdf": ("pdfplumber", "pypdfium2"),
    "docx": ("python-docx",),
    "scan": ("tesseract",),
}


def ocr_dpi() -> int:
    """The resolution congvan's OCR renders at (so the Tesseract baseline reads the same pixels)."""
    try:
        from congvan.readers.ocr import OcrSettings

        return OcrSettings.from_env().dpi
    except Exception:  # noqa: BLE001  (OCR module absent or being rewritten)
        return 300


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pdfplumber(path: Path) -> tuple[int, int]:
    import pdfplumber

    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.flush_cache()
        return len(pdf.pages), chars


def _pypdfium2(path: Path) -> tuple[int, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    chars = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return len(pdf), chars
    finally:
        pdf.close()


def _python_docx(path: Path) -> tuple[int, int]:
    import docx

    document = docx.Document(str(path))
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return 1, chars


def _tesseract(path: Path, dpi: int) -> tuple[int, int, float]:
    """(pages, characters, seconds spent rendering) for one scanned PDF."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    chars = 0
    render = 0.0
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        n = len(pdf)
        for index in range(n):
            started = time.perf_counter()
            page = pdf[index]
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PPM")
            render += time.perf_counter() - started
            done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "--dpi", str(dpi)],
                                  input=buffer.getvalue(), capture_output=True, env=env, check=True, timeout=300)
            chars += len(done.stdout.decode("utf-8", "replace"))
        return n, chars, render
    finally:
        pdf.close()


def _one(job: tuple[str, str, int]) -> dict[str, float]:
    baseline, path, dpi = job
    cpu0, child0 = time.process_time(), _children_cpu()
    started = time.perf_counter()
    render = 0.0
    if baseline == "pdfplumber":
        pages, chars = _pdfplumber(Path(path))
    elif baseline == "pypdfium2":
        pages, chars = _pypdfium2(Path(path))
    elif baseline == "python-docx":
        pages, chars = _python_docx(Path(path))
    elif baseline == "tesseract":
        pages, chars, render = _tesseract(Path(path), dpi)
    else:
        raise ValueError(baseline)
    return {"pages": pages, "chars": chars, "wall": time.perf_counter() - started, "render": render,
            "cpu": (time.process_time() - cpu0) + (_children_cpu() - child0)}


def _warm(baseline: str) -> int:
    if baseline == "pdfplumber":
        import pdfplumber  # noqa: F401
    elif baseline in ("pypdfium2", "tesseract"):
        import PIL.Image  # noqa: F401
        import pypdfium2  # noqa: F401
    elif baseline == "python-docx":
        import docx  # noqa: F401
    time.sleep(0.05)  # so that every worker gets one warm-up job
    return os.getpid()


def run_baseline(baseline: str, files: list[Path], workers: int) -> dict[str, float]:
    """Read every file with one raw library in ``workers`` warm processes; totals and rates."""
    dpi = ocr_dpi()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, [baseline] * workers))
        started = time.perf_counter()
        results = list(pool.map(_one, [(baseline, str(p), dpi) for p in files], chunksize=1 if baseline == "tesseract" else 4))
        wall = time.perf_counter() - started
    letters = len(files)
    pages = sum(r["pages"] for r in results)
    cpu = sum(r["cpu"] for r in results)
    out = {
        "baseline": baseline,
        "workers": workers,
        "letters": letters,
        "pages": pages,
        "chars": sum(r["chars"] for r in results),
        "wall_s": wall,
        "cpu_s": cpu,
        "letters_per_s": letters / wall if wall else 0.0,
        "pages_per_s": pages / wall if wall else 0.0,
        "cpu_s_per_page": cpu / pages if pages else 0.0,
        "cpu_s_per_letter": cpu / letters if letters else 0.0,
    }
    if baseline == "tesseract":
        out["dpi"] = dpi
        out["render_s"] = sum(r["render"] for r in results)
    return out

"""CPU of the hand-written number/day pass per scanned letter: one recogniser against two.

For every real scan whose gold file marks the number or the date as hand-written, page 1 is
read once by the main OCR pass (as the reader does; its CPU, Tesseract's included, is
reported for scale). Then the handwriting pass (``hints._scan_hints``: the header band's
render, every blank gap read, the date line built) is timed in this one process, in turns:

* **before**: ``hints.READERS = ("v4",)``. With one recogniser, ``read_across`` is exactly the
  code that shipped before: PP-OCRv4, 2 views × 3 crops, ≥ 4 of 6 and ≥ 75% agree.
* **after**: the shipped ``hints.READERS`` (PP-OCRv6 small, then PP-OCRv4; the second is not
  run when the first supports no value).
* **after + ink**: the same, with the gap view through ``hints.SCAN_CAST`` (not shipped).

Each variant runs ``--rounds`` times per letter, interleaved (before, after, after + ink,
before, ...), after one warm-up round that loads the models; the median CPU per letter is
reported and the ratio after / before. CPU is ``time.process_time`` (the pass starts no child
process). The models are single-threaded (``readers/digits.py``).

    python -m benchmarks.handwriting [--rounds 5] [--pdfs DIR] [--gold DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from congvan.readers import digits, hints
from congvan.readers.hint_eval import handwritten_scans
from congvan.readers.ocr import OcrSettings, ocr_page


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def letters(pdf_dir: Path, gold_dir: Path) -> list[tuple[Path, list, list, float]]:
    """(path, gaps, page-1 OCR words, page-1 OCR CPU) for each scan with a hand-written gap."""
    out = []
    settings = OcrSettings.from_env()
    for path, _gold in handwritten_scans(pdf_dir, gold_dir):
        started = time.process_time() + _children_cpu()
        page = ocr_page(path, 0, settings)
        ocr_cpu = time.process_time() + _children_cpu() - started
        gaps = hints.find_gaps(page.words, page.width, page.height)
        out.append((path, gaps, page.words, ocr_cpu))
    return out


VARIANTS = {
    "before (v4 alone)": (("v4",), None),
    "after (v6 + v4 agree)": (hints.READERS, None),
    "after + ink filter": (hints.READERS, hints.SCAN_CAST),
}


def run(path: Path, gaps: list, words: list, readers: tuple[str, ...], ink) -> tuple[float, dict]:
    saved = hints.READERS, hints.INK
    hints.READERS, hints.INK = readers, ink
    try:
        started = time.process_time()
        found = hints._scan_hints(path, gaps, words)
        return time.process_time() - started, found
    finally:
        hints.READERS, hints.INK = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdfs", type=Path, default=Path("../shared/samples/real-pdf"))
    parser.add_argument("--gold", type=Path, default=Path("samples/gold-real"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for name in ("v4", "v6"):
        if digits.model(name) is None:
            print(f"recogniser {name} unavailable: {digits.unavailable_reason(name)}", file=sys.stderr)
            return 1
    found = letters(args.pdfs, args.gold)
    times: dict[str, dict[str, list[float]]] = {v: {p.name: [] for p, *_ in found} for v in VARIANTS}
    hints_out: dict[str, dict[str, dict]] = {v: {} for v in VARIANTS}
    for path, gaps, words, _ in found:  # warm-up: models loaded, caches filled
        for readers, ink in VARIANTS.values():
            run(path, gaps, words, readers, ink)
    for _ in range(args.rounds):
        for path, gaps, words, _ in found:
            for variant, (readers, ink) in VARIANTS.items():
                cpu, hint = run(path, gaps, words, readers, ink)
                times[variant][path.name].append(cpu)
                hints_out[variant][path.name] = hint
    print(f"{len(found)} scanned letters, {args.rounds} rounds, median CPU per letter of the handwriting pass")
    print("| letter | page-1 OCR CPU s | " + " | ".join(VARIANTS) + " |")
    print("|---|---:|" + "---:|" * len(VARIANTS))
    for path, _gaps, _words, ocr_cpu in found:
        cells = [f"{statistics.median(times[v][path.name]) * 1000:.0f} ms" for v in VARIANTS]
        print(f"| {path.name[:30]} | {ocr_cpu:.2f} | " + " | ".join(cells) + " |")
    means = {v: statistics.mean(statistics.median(t) for t in times[v].values()) for v in VARIANTS}
    base = means["before (v4 alone)"]
    print(f"| **mean** | {statistics.mean(f[3] for f in found):.2f} | "
          + " | ".join(f"**{m * 1000:.0f} ms ({m / base:.2f}×)**" for m in means.values()) + " |")
    for variant in VARIANTS:
        filled = sum(1 for h in hints_out[variant].values() for k in ("number_line", "date_line") if k in h)
        print(f"{variant}: {filled} number/date lines filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())

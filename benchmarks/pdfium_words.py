"""PDF word boxes from PDFium against pdfplumber: CPU per page and how many words agree.

congvan's PDF reader builds its word boxes from PDFium's characters
(``readers/pdfium_text.py``) and keeps pdfplumber as the fallback for files PDFium refuses
(``readers/plumber_text.py``). Both follow one grouping rule. This script runs the two on the
same pages and reports the CPU time per page of each and the share of pdfplumber's words that
PDFium also gives: the same text, left edges within 1.5 pt, vertical centres within 4 pt.

    python -m benchmarks.pdfium_words [PDF ...]      # default: samples/letters/*.pdf
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from congvan.readers import pdfium_text, plumber_text
from congvan.readers.geometry import Word


def _matched(reference: list[Word], candidates: list[Word]) -> int:
    pool: dict[str, list[Word]] = {}
    for w in candidates:
        pool.setdefault(w.text, []).append(w)
    return sum(
        any(abs(c.x0 - w.x0) <= 1.5 and abs((c.top + c.bottom) - (w.top + w.bottom)) / 2 <= 4.0
            for c in pool.get(w.text, []))
        for w in reference
    )


def compare(files: list[Path]) -> dict[str, float]:
    import pdfplumber
    import pypdfium2 as pdfium

    t_plumber = t_pdfium = 0.0
    pages = same = total_plumber = total_pdfium = 0
    for path in files:
        t0 = time.process_time()
        with pdfplumber.open(path) as pdf:
            ref = []
            for page in pdf.pages:
                ref.append(plumber_text.page_words(page, set()))
                page.flush_cache()
        t1 = time.process_time()
        doc = pdfium.PdfDocument(str(path))
        got = []
        for index in range(len(doc)):
            page = doc[index]
            got.append(pdfium_text.page_words(page, set()))
            page.close()
        doc.close()
        t2 = time.process_time()
        t_plumber += t1 - t0
        t_pdfium += t2 - t1
        for a, b in zip(ref, got):
            pages += 1
            total_plumber += len(a)
            total_pdfium += len(b)
            same += _matched(a, b)
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

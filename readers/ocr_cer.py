"""Measure OCR: character error rate against hand transcriptions, and CPU time per page.

    python -m congvan.readers.ocr_cer                      # the default settings
    python -m congvan.readers.ocr_cer --grid               # every setting docs/OCR.md reports
    python -m congvan.readers.ocr_cer --dpi 400 --no-red   # one variant

Truth files are ``<pdf stem>-p<N>.txt`` (page N, 1-based) in ``samples/ocr-truth``, written
in reading order (left header column, then right; Nơi nhận, then signer). The OCR text is
the page as the reader would produce it (same line grouping and column order), so the CER
measures what the extractors actually get. Both sides are NFC with every run of
whitespace collapsed to one space; CER = Levenshtein distance / length of the truth.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
from dataclasses import replace
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from congvan.readers.base import LineBuilder
from congvan.readers.geometry import layout_page, page_lines
from congvan.readers.ocr import OcrSettings, PageOcr, ocr_page
from congvan.readers.ocr_tones import mend_ocr_line
from congvan.text import nfc, squash

_TRUTH_NAME = re.compile(r"^(?P<stem>.+)-p(?P<page>\d+)$")


def normalise(text: str) -> str:
    return squash(nfc(text))


def cer(predicted: str, truth: str) -> float:
    """Character error rate of ``predicted`` against ``truth`` (both normalised first)."""
    truth_n = normalise(truth)
    return Levenshtein.distance(normalise(predicted), truth_n) / max(len(truth_n), 1)


def page_text(page: PageOcr) -> str:
    """The page's text exactly as the PDF reader would emit it."""
    builder = LineBuilder()
    builder.mend = mend_ocr_line
    layout_page(page_lines(page.words), page.width, builder, 0)
    return "\n".join(line.text for line in builder.lines)


def truth_pages(truth_dir: Path, pdf_dir: Path) -> list[tuple[Path, int, str]]:
    """(pdf, 0-based page, transcription) for every truth file whose PDF is present."""
    out = []
    for path in sorted(truth_dir.glob("*.txt")):
        match = _TRUTH_NAME.match(path.stem)
        pdf = pdf_dir / f"{match['stem']}.pdf" if match else None
        if match and pdf is not None and pdf.exists():
            out.append((pdf, int(match["page"]) - 1, path.read_text(encoding="utf-8")))
    return out


def measure(pages: list[tuple[Path, int, str]], settings: OcrSettings) -> dict[str, object]:
    """CER per page, overall CER (total edits / total truth characters) and CPU seconds per page."""
    rows = []
    edits = chars = 0
    for pdf, index, truth in pages:
        page = ocr_page(pdf, index, settings)
        text = page_text(page)
        distance = Levenshtein.distance(normalise(text), normalise(truth))
        edits += distance
        chars += len(normalise(truth))
        rows.append({"page": f"{pdf.stem}-p{index + 1}", "cer": distance / max(len(normalise(truth)), 1),
                     "cpu": page.cpu_seconds, "conf": page.mean_conf, "skew": page.skew, "rotated": page.rotated})
    return {
        "settings": settings,
        "cer": edits / max(chars, 1),
        "cpu_per_page": statistics.mean(r["cpu"] for r in rows) if rows else 0.0,
        "pages": rows,
    }


def _label(s: OcrSettings) -> str:
    return (f"{s.lang:<10} {s.dpi:>3} dpi  red-filter {'on ' if s.remove_red else 'off'}  "
            f"deskew {'on ' if s.deskew else 'off'}  cleanup {'on ' if s.cleanup else 'off'}")


def grid(base: OcrSettings, langs: list[str]) -> list[OcrSettings]:
    """The variants docs/OCR.md reports: resolution × colour filter × model, then the extras one at a time."""
    out = [replace(base, dpi=dpi, remove_red=red, lang=lang)
           for lang, dpi, red in itertools.product(langs, (200, 300, 400), (False, True))]
    out.append(replace(base, deskew=not base.deskew))
    out.append(replace(base, cleanup=not base.cleanup))
    return out


def main(argv: list[str] | None = None) -> int:
    root = Path.cwd()
    parser = argparse.ArgumentParser(prog="python -m congvan.readers.ocr_cer", description=__doc__.split("\n")[0])
    parser.add_argument("--truth", type=Path, default=root / "samples" / "ocr-truth")
    parser.add_argument("--pdfs", type=Path, default=root / ".." / "shared" / "samples" / "real-pdf")
    parser.add_argument("--dpi", type=int, default=OcrSettings.dpi)
    parser.add_argument("--lang", default=OcrSettings.lang)
    parser.add_argument("--no-red", action="store_true", help="do not filter red ink")
    parser.add_argument("--no-deskew", action="store_true")
    parser.add_argument("--no-cleanup", action="store_true")
    parser.add_argument("--grid", action="store_true", help="measure every variant reported in docs/OCR.md")
    parser.add_argument("--pages", action="store_true", help="print the CER of each page")
    args = parser.parse_args(argv)

    pages = truth_pages(args.truth, args.pdfs)
    if not pages:
        print(f"no truth pages with a matching PDF ({args.truth}, {args.pdfs})", file=sys.stderr)
        return 2
    base = OcrSettings(dpi=args.dpi, lang=args.lang, remove_red=not args.no_red,
                       deskew=not args.no_deskew, cleanup=not args.no_cleanup)
    from congvan.readers.tesseract import has_language

    langs = [lang for lang in ("vie", "Vietnamese") if has_language(lang)]
    variants = grid(base, langs) if args.grid else [base]
    print(f"{len(pages)} pages; CER = edits / truth characters, whitespace collapsed")
    for settings in variants:
        result = measure(pages, settings)
        print(f"{_label(settings)}   CER {result['cer']:.4f}   CPU {result['cpu_per_page']:.2f} s/page", flush=True)
        if args.pages:
            for row in result["pages"]:
                print(f"    {row['page']:<40} CER {row['cer']:.4f}  CPU {row['cpu']:.2f} s  "
                      f"conf {row['conf']:.0f}  skew {row['skew']:+.1f}°  rotated {row['rotated']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

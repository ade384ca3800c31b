"""Measure the reading of hand-written numbers and days in the gaps of real scans.

    python -m congvan.readers.hint_eval                       # ../shared/samples/real-pdf, samples/gold-real
    python -m congvan.readers.hint_eval --verbose             # one line per gap, every option's reading
    python -m congvan.readers.hint_eval --pdfs DIR --gold DIR

For every scanned PDF that has a gold file saying its number or date was written by hand
(``doc_number_handwritten`` / ``issue_date_handwritten``), page 1 is read by the main OCR pass
exactly as the reader does it (``ocr_page``, with the gap guard), the gaps are found with
``hints.find_gaps``, and each gap the main pass left blank is read by every option below.
A reading is *right* if its digits equal the gold value (leading zeros ignored), *wrong* if
it gives other digits, *none* if it gives nothing. docs/OCR.md reports the table.

Options:
* ``tesseract strict``: what shipped before: two agreeing Tesseract digit passes ≥ 90, no ink
  on the box's edges (``hints.ocr_digits``).
* ``tesseract lenient``: one Tesseract line pass (psm 7, digits), any confidence ≥ 60.
* ``line view``: the recogniser on the 'Số: … /CODE' (or 'ngày … tháng') crop, digits parsed
  between the printed words, at any probability; ``line view ≥ 0.75`` the same, only when its
  least sure digit is that sure.
* ``gap view``: the recogniser on the gap box alone, digits only, any probability.
* ``two views agree``: the line view's digits when the gap view reads the same.
* ``views agree, or line view ≥ 0.75``: the rule first tried (it reads a wrong "5" for "15"
  once the crop moves by a point).
* ``shipped``: ``hints.read_handwriting``: both views on three crops moved by about a point,
  a value only when at least 4 of the 6 readings, and 75% of those that gave digits, agree.
The page is rendered once around all the gaps, as the reader does (``hints.header_band``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from congvan.readers import hints, tesseract
from congvan.readers.ocr import OcrSettings, ocr_page


@dataclass
class GapCase:
    pdf: str
    field: str
    gold: str
    readings: dict[str, str]  # option -> digits ('' = no value)
    detail: str


def _gold_value(gold: dict, field: str) -> str | None:
    if field == "number" and gold.get("doc_number_handwritten") and gold.get("doc_number"):
        return str(gold["doc_number"]).split("/")[0]
    if field in ("day", "month") and gold.get("issue_date_handwritten") and gold.get("issue_date"):
        year_month_day = str(gold["issue_date"]).split("-")
        return year_month_day[2] if field == "day" else year_month_day[1]
    return None


def _tesseract_lenient(path: Path, box: tuple[float, float, float, float]) -> str:
    import pypdfium2 as pdfium
    from congvan.readers import raster

    with raster.PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            image, _ = raster.render(pdf, 0, hints.DIGITS_DPI, crop=box)
        finally:
            pdf.close()
    gray = raster.gray_without_red(image)
    found = tesseract.ocr_tsv(raster.encode(gray), lang=hints.DIGITS_LANG, dpi=hints.DIGITS_DPI, psm=7,
                              config={"tessedit_char_whitelist": "0123456789", "tessedit_do_invert": "0"})
    found = [w for w in found if w.conf >= 0]
    if not found or min(w.conf for w in found) < 60:
        return ""
    return "".join(w.text for w in found)


def cases(pdf_dir: Path, gold_dir: Path, *, with_tesseract: bool = True) -> list[GapCase]:
    out: list[GapCase] = []
    settings = OcrSettings.from_env()
    for path in sorted(pdf_dir.glob("*.pdf")):
        gold_path = gold_dir / f"{path.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not (gold.get("doc_number_handwritten") or gold.get("issue_date_handwritten")):
            continue
        page = ocr_page(path, 0, settings)
        gaps = [g for g in hints.find_gaps(page.words, page.width, page.height) if g.before and g.after]
        band = hints.header_band(path, gaps) if gaps else None  # as the reader renders it
        for gap in gaps:
            truth = _gold_value(gold, gap.field)
            if truth is None:
                continue
            if hints.clean_digits(hints.gap_text(page.words, gap), gap.field) is not None:
                continue  # the main pass read it (printed): not a hand-written gap
            hand = hints.read_handwriting(path, gap, band=band)
            (line, line_p), (alone, _gap_p) = hand.first("line"), hand.first("gap")
            agree = line if line and line.lstrip("0") == alone.lstrip("0") else ""
            readings = {
                "line view": line,
                "line view ≥ 0.75": line if line_p >= 0.75 else "",
                "gap view": alone,
                "two views agree": agree,
                "views agree, or line view ≥ 0.75": agree or (line if line_p >= 0.75 else ""),
                "shipped: vote of 2 views × 3 crops": hand.value or "",
            }
            if with_tesseract:
                text, conf = hints.ocr_digits(path, gap.box, annotations=False)
                strict = hints.clean_digits(text, gap.field) if conf >= hints.MIN_DIGIT_CONF else None
                readings = {"tesseract strict": strict or "", "tesseract lenient": _tesseract_lenient(path, gap.box),
                            **readings}
            detail = f"line {hand.line!r}; " + " ".join(f"{v}={d or '-'}({p:.2f})" for v, d, p in hand.readings)
            out.append(GapCase(path.name, gap.field, truth, readings, detail))
    return out


def _outcome(reading: str, truth: str) -> str:
    if not reading:
        return "none"
    return "right" if (reading.lstrip("0") or "0") == (truth.lstrip("0") or "0") else "wrong"


def table(found: list[GapCase]) -> list[tuple[str, int, int, int]]:
    options: list[str] = list(found[0].readings) if found else []
    rows = []
    for option in options:
        outcomes = [_outcome(case.readings[option], case.gold) for case in found]
        rows.append((option, outcomes.count("right"), outcomes.count("wrong"), outcomes.count("none")))
    return rows


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdfs", type=Path, default=Path("../shared/samples/real-pdf"))
    parser.add_argument("--gold", type=Path, default=Path("samples/gold-real"))
    parser.add_argument("--no-tesseract", action="store_true", help="skip the two Tesseract options")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    started = time.process_time()
    found = cases(args.pdfs, args.gold, with_tesseract=not args.no_tesseract)
    if args.verbose:
        for case in found:
            marks = " ".join(f"{k}={v or '-'}" for k, v in case.readings.items())
            echo(f"{case.pdf[:32]:32} {case.field:6} gold={case.gold:4} {marks}\n    {case.detail}")
    echo(f"{len(found)} hand-written gaps in {len({c.pdf for c in found})} scans")
    echo("| option | read right | read wrong | no value |")
    echo("|---|---:|---:|---:|")
    for option, right, wrong, none in table(found):
        echo(f"| {option} | {right} | {wrong} | {none} |")
    echo(f"(CPU in this process: {time.process_time() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

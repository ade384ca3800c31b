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
* ``vote of 2 views × 3 crops``: ``hints.read_handwriting``: both views on three crops moved by
  about a point, a value only when at least 4 of the 6 readings, and 75% of those that gave
  digits, agree (what shipped with one recogniser). Rows for PP-OCRv4 (``v4``) and PP-OCRv6
  small (``v6``, rapidocr 3.x), each also with the gap view's crop through the ink filter
  ``hints.SCAN_CAST`` (the band measured on these scans, ``--ink``).
* ``vote across v6 + v4``: ``hints.agree``: each recogniser's 6 readings support their most
  frequent digits (2 or more readings, half of those that gave digits, and read by both of its
  views); the value only when both support the same. ``shipped`` is ``hints.read_across``, the
  same as the reader runs it (PP-OCRv4 is not run when PP-OCRv6 supports nothing).
* ``... + Tesseract lenient``: the same, and the lenient Tesseract reading (when it gives
  one) must not differ: Tesseract as a third, weaker voice.
The page is rendered once around all the gaps, as the reader does (``hints.header_band``).

``--ink`` prints the HSV statistics of the ink in the gaps (the hand-written digits), in the
printed words beside them and in the red seal, and the share of each that falls in the ink
bands (docs/OCR.md, "Blue ink").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
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


def handwritten_scans(pdf_dir: Path, gold_dir: Path) -> Iterator[tuple[Path, dict]]:
    """(path, gold) of each scan whose gold marks its number or day as hand-written."""
    for path in sorted(pdf_dir.glob("*.pdf")):
        gold_path = gold_dir / f"{path.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("doc_number_handwritten") or gold.get("issue_date_handwritten"):
            yield path, gold


def cases(pdf_dir: Path, gold_dir: Path, *, with_tesseract: bool = True) -> list[GapCase]:
    out: list[GapCase] = []
    settings = OcrSettings.from_env()
    for path, gold in handwritten_scans(pdf_dir, gold_dir):
        page = ocr_page(path, 0, settings)
        gaps = [g for g in hints.find_gaps(page.words, page.width, page.height) if g.before and g.after]
        band = hints.header_band(path, gaps) if gaps else None  # as the reader renders it
        for gap in gaps:
            truth = _gold_value(gold, gap.field)
            if truth is None:
                continue
            if hints.clean_digits(hints.gap_text(page.words, gap), gap.field) is not None:
                continue  # the main pass read it (printed): not a hand-written gap
            hand = hints.read_handwriting(path, gap, band=band, reader="v4")
            six = hints.read_handwriting(path, gap, band=band, reader="v6")
            hand_ink = hints.read_handwriting(path, gap, band=band, reader="v4", ink=hints.SCAN_CAST)
            six_ink = hints.read_handwriting(path, gap, band=band, reader="v6", ink=hints.SCAN_CAST)
            across = hints.agree({"v6": six.readings, "v4": hand.readings}, gap.field)
            across_ink = hints.agree({"v6": six_ink.readings, "v4": hand_ink.readings}, gap.field)
            (line, line_p), (alone, _gap_p) = hand.first("line"), hand.first("gap")
            agree = line if line and line.lstrip("0") == alone.lstrip("0") else ""
            readings = {
                "v4 line view": line,
                "v4 line view ≥ 0.75": line if line_p >= 0.75 else "",
                "v4 gap view": alone,
                "v4 two views agree": agree,
                "v4 views agree, or line view ≥ 0.75": agree or (line if line_p >= 0.75 else ""),
                "v4 vote of 2 views × 3 crops (shipped before)": hand.value or "",
                "v4 vote, gap view through the ink filter": hand_ink.value or "",
                "v6 line view": six.first("line")[0],
                "v6 gap view": six.first("gap")[0],
                "v6 vote of 2 views × 3 crops": six.value or "",
                "v6 vote, gap view through the ink filter": six_ink.value or "",
                "vote across v6 + v4, gap view through the ink filter": across_ink or "",
                "vote across v6 + v4": across or "",
                "shipped: vote across v6 + v4 (hints.read_across)": hints.read_across(path, gap, band=band).value or "",
            }
            if with_tesseract:
                text, conf = hints.ocr_digits(path, gap.box, annotations=False)
                strict = hints.clean_digits(text, gap.field) if conf >= hints.MIN_DIGIT_CONF else None
                lenient = _tesseract_lenient(path, gap.box)
                third = hints.clean_digits(lenient, gap.field) if lenient else None
                readings = {"tesseract strict": strict or "", "tesseract lenient": lenient, **readings,
                            "vote across v6 + v4, Tesseract lenient not differing":
                                across if across and (third is None or third.lstrip("0") == across.lstrip("0")) else ""}
            detail = (f"v4 line {hand.line!r}; " + " ".join(f"{v}={d or '-'}({p:.2f})" for v, d, p in hand.readings)
                      + f"\n    v6 line {six.line!r}; " + " ".join(f"{v}={d or '-'}({p:.2f})" for v, d, p in six.readings))
            out.append(GapCase(path.name, gap.field, truth, readings, detail))
    return out


def _hsv_ink(image, paper: float | None = None):
    """H (degrees), S, V (0–1) and chroma (S·V) of the pixels at least 0.25 darker than the paper."""
    import numpy as np

    hsv = np.asarray(image.convert("RGB").convert("HSV"), dtype=np.float32).reshape(-1, 3)
    h, s, v = hsv[:, 0] * (360 / 255), hsv[:, 1] / 255, hsv[:, 2] / 255
    if paper is None:
        return h, s, v, s * v
    dark = v < paper - 0.25
    return h[dark], s[dark], v[dark], (s * v)[dark]


def ink_stats(pdf_dir: Path, gold_dir: Path, echo: Callable[[str], None] = print) -> None:
    """HSV of the hand-written ink in the gaps, of the printed words beside them and of the red seal."""
    import numpy as np
    import pypdfium2 as pdfium
    from congvan.readers import raster

    settings = OcrSettings.from_env()
    groups: dict[str, list] = {"pen (gap boxes)": [], "print (the words beside)": [], "red seal (page 1)": []}

    def pct(x, ps=(10, 50, 90)) -> str:
        return "/".join(f"{np.percentile(x, p):.2f}" for p in ps) if len(x) else "-"

    for path, gold in handwritten_scans(pdf_dir, gold_dir):
        page = ocr_page(path, 0, settings)
        gaps = [g for g in hints.find_gaps(page.words, page.width, page.height)
                if g.before and g.after and _gold_value(gold, g.field) is not None
                and hints.clean_digits(hints.gap_text(page.words, g), g.field) is None]
        if not gaps:
            continue
        band = hints.header_band(path, gaps)
        with raster.PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(str(path))
            try:
                full, _ = raster.render(pdf, 0, 100, annotations=False)
            finally:
                pdf.close()
        colour = band.rgb if band.rgb is not None else band.gray.convert("RGB")
        paper = float(np.percentile(_hsv_ink(colour)[2], 90))
        for gap in gaps:
            x0, top, x1, bottom = gap.box
            w = x1 - x0
            pen = _hsv_ink(colour.crop(band._pixels((x0 + 0.1 * w, top, x1 - 0.1 * w, bottom))), paper)
            printed = [_hsv_ink(colour.crop(band._pixels((p.x0, p.top, p.x1, p.bottom))), paper)
                       for p in (gap.before[-1], gap.after[0])]
            printed = tuple(np.concatenate([p[i] for p in printed]) for i in range(4))
            groups["pen (gap boxes)"].append(pen)
            groups["print (the words beside)"].append(printed)
            echo(f"{path.name[:26]:26} {gap.field:6} pen H {pct(pen[0])} S {pct(pen[1])} V {pct(pen[2])} "
                 f"chroma {pct(pen[3])} | print H {pct(printed[0])} S {pct(printed[1])} V {pct(printed[2])} "
                 f"chroma {pct(printed[3])}")
        rgb = np.asarray(full.convert("RGB"), dtype=np.int16).reshape(-1, 3)
        red = (rgb[:, 0] > 110) & (rgb[:, 0] - rgb[:, 1] > 45) & (rgb[:, 0] - rgb[:, 2] > 30)
        h, s, v, c = _hsv_ink(full)
        groups["red seal (page 1)"].append((h[red], s[red], v[red], c[red]))
    bands = {"SCAN_CAST": hints.SCAN_CAST, "BLUE_PEN": hints.BLUE_PEN}
    echo("| ink | pixels | H ° (10/50/90%) | S | V | chroma S·V | in SCAN_CAST | in BLUE_PEN |")
    echo("|---|---:|---|---|---|---|---:|---:|")
    for name, parts in groups.items():
        h, s, v, c = (np.concatenate([p[i] for p in parts]) if parts else np.array([]) for i in range(4))
        shares = []
        for band_ in bands.values():
            lo, hi = band_.hue
            inside = (h >= lo) & (h <= hi) & (s >= band_.min_sat) & (v <= band_.max_val) & (c >= band_.min_chroma)
            shares.append(f"{inside.mean():.1%}" if len(h) else "-")
        echo(f"| {name} | {len(h)} | {pct(h)} | {pct(s)} | {pct(v)} | {pct(c)} | {shares[0]} | {shares[1]} |")


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
    parser.add_argument("--ink", action="store_true", help="the HSV statistics of pen, print and seal instead")
    args = parser.parse_args(argv)
    started = time.process_time()
    if args.ink:
        ink_stats(args.pdfs, args.gold, echo)
        return 0
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

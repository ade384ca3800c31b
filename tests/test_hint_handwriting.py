"""Hand-written number and day on scans: the line recogniser (readers/digits.py) in the gaps.

The synthetic pages draw the digits as slanted pen strokes with jitter (no handwriting font
ships on these machines), in the gaps of a printed 'Số:      /CT-UBND' and
'Quảng Ngãi, ngày    tháng 5 năm 2021' header, and save the page as an image-only PDF.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED, needs_shared
from congvan.readers import digits, hints
from congvan.readers.geometry import Word
from congvan.readers.hint_eval import GapCase, table
from PIL import Image, ImageDraw, ImageFont

from congvan.pipeline import process_file

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

DPI = 300
S = DPI / 72  # pixels per point
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
INK = (20, 30, 90)  # ballpoint blue
# Each digit as pen strokes in a unit box (x to the right, y down).
STROKES = {
    "0": [[(0.5, 0), (0.15, 0.2), (0.05, 0.55), (0.2, 0.9), (0.5, 1), (0.8, 0.85), (0.95, 0.45), (0.8, 0.1), (0.5, 0)]],
    "1": [[(0.25, 0.25), (0.6, 0), (0.55, 1)]],
    "2": [[(0.1, 0.25), (0.35, 0.02), (0.7, 0.02), (0.85, 0.25), (0.7, 0.5), (0.1, 1), (0.95, 0.97)]],
    "3": [[(0.1, 0.1), (0.5, 0), (0.85, 0.2), (0.45, 0.48), (0.9, 0.7), (0.6, 1), (0.1, 0.92)]],
    "4": [[(0.7, 1), (0.7, 0), (0.05, 0.7), (0.95, 0.7)]],
    "5": [[(0.9, 0), (0.25, 0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.65), (0.65, 0.97), (0.1, 0.9)]],
    "6": [[(0.8, 0.05), (0.35, 0.2), (0.1, 0.7), (0.35, 1), (0.8, 0.85), (0.75, 0.55), (0.3, 0.55), (0.12, 0.7)]],
    "7": [[(0.05, 0.02), (0.95, 0.02), (0.4, 1)]],
    "8": [[(0.5, 0.48), (0.15, 0.25), (0.5, 0), (0.85, 0.25), (0.5, 0.48), (0.1, 0.75), (0.5, 1), (0.9, 0.75), (0.5, 0.48)]],
    "9": [[(0.85, 0.35), (0.5, 0.55), (0.15, 0.35), (0.45, 0.02), (0.85, 0.2), (0.8, 0.6), (0.55, 1)]],
}


def _hand(draw: ImageDraw.ImageDraw, text: str, x: float, top: float, h: float, seed: int,
          ink: tuple[int, int, int] = INK) -> None:
    rng = random.Random(seed)
    w = 0.62 * h
    for k, ch in enumerate(text):
        x0 = x + k * w * 1.05
        for stroke in STROKES[ch]:
            points = []
            for u, v in stroke:
                u, v = u + rng.uniform(-0.04, 0.04), v + rng.uniform(-0.03, 0.03)
                points.append(((x0 + u * w + (1 - v) * 0.25 * h) * S, (top + v * h) * S))
            draw.line(points, fill=ink, width=max(2, round(0.09 * h * S)), joint="curve")


def _scribble(draw: ImageDraw.ImageDraw, x: float, top: float, h: float, seed: int) -> None:
    rng = random.Random(seed)
    points = [((x + rng.uniform(0, 1.6 * h)) * S, (top + rng.uniform(0, h)) * S) for _ in range(12)]
    draw.line(points, fill=INK, width=round(0.08 * h * S), joint="curve")


def scan_with_gaps(path: Path, number: str | None, day: str | None, *, scribble_seed: int | None = None,
                   body: bool = False, ink: tuple[int, int, int] = INK) -> list[Word]:
    """An image-only A4 PDF with a printed header and hand-written digits; returns the printed words."""
    image = Image.new("RGB", (round(595 * S), round(842 * S)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, round(13 * S))
    words: list[Word] = []

    def put(text: str, x: float, top: float = 100.0) -> float:
        draw.text((x * S, top * S), text, font=font, fill="black")
        left, upper, right, lower = draw.textbbox((x * S, top * S), text, font=font)
        words.append(Word(text, left / S, right / S, upper / S, lower / S, 96.0))
        return right / S

    put("ỦY BAN NHÂN DÂN", 80, 50)
    put("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 50)
    put("TỈNH QUẢNG NGÃI", 90, 70)
    put("Độc lập - Tự do - Hạnh phúc", 340, 70)
    x = put("Số:", 80)
    put("/CT-UBND", x + 45)
    if scribble_seed is not None:
        _scribble(draw, x + 8, 96, 16, scribble_seed)
    elif number:
        _hand(draw, number, x + 8, 95, 18, seed=3, ink=ink)
    x = put("Quảng", 300)
    x = put("Ngãi,", x + 4)
    x = put("ngày", x + 4)
    if day:
        _hand(draw, day, x + 6, 95, 18, seed=5, ink=ink)
    x = put("tháng", x + 38)
    x = put("5", x + 4)
    x = put("năm", x + 4)
    put("2021", x + 4)
    if body:
        for i, line in enumerate(["CHỈ THỊ", "Về việc tăng cường công tác phòng, chống thiên tai",
                                  "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện tốt các nội dung sau."]):
            put(line, 80 if i else 270, 150 + 22 * i)
    image.save(path, "PDF", resolution=DPI)
    return words


@pytest.mark.parametrize("name", sorted(digits.RECOGNISERS))
def test_the_models_ship_in_the_installed_wheels_and_load_without_network(name: str):
    path = digits.model_path(name)
    assert path is not None and path.is_file() and path.stat().st_size > 1_000_000
    assert digits.unavailable_reason(name) is None
    assert digits.model(name) is digits.model(name)  # one session per process and recogniser
    assert set(digits.DIGITS) <= set(digits.model(name).alphabet)  # its own character list has the digits
    assert digits.model("v4") is not digits.model("v6")


@pytest.mark.parametrize("name", sorted(digits.RECOGNISERS))
def test_each_recogniser_reads_printed_digits(name: str):
    image = Image.new("L", (400, 70), 255)
    ImageDraw.Draw(image).text((10, 5), "Số: 2024", font=ImageFont.truetype(FONT, 48), fill=0)
    assert "".join(c.text for c in digits.read_line(image, name)).endswith("2024")
    assert "".join(c.text for c in digits.read_digits(image, name)).endswith("2024")


def test_printed_digits_are_read_by_the_line_recogniser():
    image = Image.new("L", (400, 70), 255)
    ImageDraw.Draw(image).text((10, 5), "Số: 2024", font=ImageFont.truetype(FONT, 48), fill=0)
    text = "".join(c.text for c in digits.read_line(image))
    assert text.endswith("2024")
    assert "".join(c.text for c in digits.read_digits(image)).endswith("2024")


@pytest.mark.parametrize("number,day", [("37", "12"), ("208", "04")])
def test_handwritten_number_and_day_in_the_gaps_are_read(tmp_path: Path, number: str, day: str):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, number, day)
    gaps = hints.find_gaps(words, 595, 842)
    assert [g.field for g in gaps] == ["number", "day", "month"]
    assert hints._scan_hints(path, gaps, words) == {
        "number_line": f"Số: {number}/CT-UBND",
        "date_line": f"Quảng Ngãi, ngày {day} tháng 5 năm 2021",
        "origin": "handwriting",
        "method": "ocr",
    }


@pytest.mark.parametrize("seed", [1, 3, 5])
def test_a_scribble_in_the_number_gap_gives_no_number(tmp_path: Path, seed: int):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, None, "12", scribble_seed=seed)
    gaps = hints.find_gaps(words, 595, 842)
    reading = hints.read_handwriting(path, gaps[0])
    assert reading.value is None
    found = hints._scan_hints(path, gaps, words)
    assert "number_line" not in found
    assert found["date_line"] == "Quảng Ngãi, ngày 12 tháng 5 năm 2021"


def test_the_views_and_moved_crops_must_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, "37", "12")
    gap = hints.find_gaps(words, 595, 842)[0]
    reading = hints.read_handwriting(path, gap)
    assert reading.value == "37" and len(reading.readings) == 2 * len(hints.SHIFTS)
    # the gap view now reads 31 on every crop: 3 readings against 3, no value
    monkeypatch.setattr(digits, "read_digits", lambda gray, name=digits.DEFAULT: [digits.Char("3", 0.99, 0.3),
                                                                                    digits.Char("1", 0.99, 0.6)])
    assert hints.read_handwriting(path, gap).value is None


@pytest.mark.parametrize("readings,value", [
    ([("line", "06", 0.9), ("gap", "6", 0.9)] * 3, "06"),  # leading zeros do not split the vote
    ([("line", "574", 0.5), ("gap", "574", 0.8), ("line", "54", 0.99), ("gap", "574", 0.8),
      ("line", "514", 0.7), ("gap", "574", 0.8)], None),  # 4 of 6 agree, but only 4 of the 6 that gave digits
    ([("line", "24", 0.9), ("gap", "", 0.0), ("line", "24", 0.6), ("gap", "", 0.0), ("line", "24", 0.6),
      ("gap", "24", 0.4)], "24"),
    ([("line", "24", 0.9), ("gap", "", 0.0)] * 3, None),  # the line view alone, however sure, is 3 votes
    ([("line", "0", 0.9), ("gap", "0", 0.9)] * 3, None),  # agreed, but not a day
])
def test_vote(readings, value):
    assert hints.vote(readings, "day") == value


def _six(*digits_read: str) -> list[tuple[str, str, float]]:
    return [("line" if k % 2 == 0 else "gap", d, 0.9) for k, d in enumerate(digits_read)]


@pytest.mark.parametrize("v6,v4,value", [
    (_six("24", "24", "24", "24", "24", "24"), _six("24", "24", "24", "24", "24", "24"), "24"),
    (_six("06", "6", "06", "6", "", ""), _six("6", "6", "", "", "", ""), "06"),  # leading zeros; the line view's form
    (_six("11", "11", "11", "", "11", "11"), _six("41", "1", "", "11", "41", ""), None),  # qn_11CT: 11 against 41
    (_six("45", "5", "45", "15", "415", "5"), _six("15", "5", "15", "15", "15", "5"), None),  # qn_05CT: v6 ties 45/5
    (_six("24", "", "24", "", "", ""), _six("", "", "", "", "", ""), None),  # one recogniser gives nothing
    (_six("24", "", "", "", "", ""), _six("24", "", "", "", "", ""), None),  # one reading each is too few
    (_six("15", "5", "15", "5", "", ""), _six("15", "5", "", "", "", ""), None),  # both tie 15/5: two candidates
    # a scribble: PP-OCRv4 reads "4" in its three line views, PP-OCRv6 "4" in its three gap views. Each
    # recogniser must read a value in both of its views
    (_six("", "4", "", "4", "", "4"), _six("4", "", "4", "", "4", ""), None),
    (_six("0", "0", "0", "0", "0", "0"), _six("0", "0", "0", "0", "0", "0"), None),  # agreed, but not a day
    (_six("32", "32", "32", "32", "32", "32"), _six("32", "32", "32", "32", "32", "32"), None),  # nor is 32
])
def test_the_recognisers_must_agree(v6, v4, value):
    assert hints.agree({"v6": v6, "v4": v4}, "day") == value


def test_a_plausible_number_is_up_to_five_digits():
    # qn_574: PP-OCRv4 reads 514 or 54 in the line view, 574 in the gap view only; PP-OCRv6 574 everywhere.
    # PP-OCRv4 supports nothing read by both its views, so no value (never the wrong 514)
    assert hints.agree({"v6": _six(*["574"] * 6), "v4": _six("514", "574", "54", "574", "514", "574")}, "number") is None
    assert hints.agree({"v6": _six(*["574"] * 6), "v4": _six("574", "574", "54", "574", "514", "574")}, "number") == "574"
    assert hints.agree({"v6": _six(*["99999"] * 6), "v4": _six(*["99999"] * 6)}, "number") == "99999"
    assert hints.agree({"v6": _six(*["123456"] * 6), "v4": _six(*["123456"] * 6)}, "number") is None
    assert hints.agree({"v6": _six(*["13"] * 6), "v4": _six(*["13"] * 6)}, "month") is None


def test_vote_across_reads_synthetic_pen_digits_with_both_recognisers(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, "37", "12")
    gaps = hints.find_gaps(words, 595, 842)
    band = hints.header_band(path, gaps)
    for gap, expected in zip(gaps[:2], ("37", "12")):
        found = hints.read_across(path, gap, band=band)
        assert set(found.by_reader) == set(hints.READERS)
        assert found.value == expected
        assert all(r.value == expected for r in found.by_reader.values())


def test_vote_across_skips_the_second_recogniser_when_the_first_supports_nothing(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, None, "12", scribble_seed=1)
    gap = hints.find_gaps(words, 595, 842)[0]
    calls: list[str] = []
    real = hints.read_handwriting

    def counting(*args, **kwargs):
        calls.append(kwargs["reader"])
        return real(*args, **kwargs)

    monkeypatch.setattr(hints, "read_handwriting", counting)
    found = hints.read_across(path, gap)
    assert found.value is None
    if not hints.supports(found.by_reader[hints.READERS[0]].readings):
        assert calls == [hints.READERS[0]]


def test_with_one_recogniser_installed_its_strict_vote_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, "37", "12")
    gap = hints.find_gaps(words, 595, 842)[0]
    real = digits.model
    monkeypatch.setattr(digits, "model", lambda name=digits.DEFAULT: None if name == "v6" else real(name))
    found = hints.read_across(path, gap)
    assert list(found.by_reader) == ["v4"]
    assert found.value == hints.read_handwriting(path, gap, reader="v4").value == "37"
    monkeypatch.setattr(digits, "model", lambda name=digits.DEFAULT: None)
    assert hints.read_across(path, gap).value is None  # no recogniser: no value, no crash


# --- the ink pre-filter ---------------------------------------------------------------------------

def _patch(ink: tuple[int, int, int], print_too: bool = True) -> Image.Image:
    image = Image.new("RGB", (200, 60), (250, 248, 244))  # paper
    draw = ImageDraw.Draw(image)
    if print_too:
        draw.text((4, 10), "Số:", font=ImageFont.truetype(FONT, 36), fill=(25, 25, 30))  # printed black
    draw.line([(110, 50), (130, 8), (150, 50)], fill=ink, width=5)  # a pen stroke
    return image


def test_blue_ink_is_isolated_black_on_white_and_print_goes():
    out = hints.isolate_ink(_patch((20, 30, 90)), hints.BLUE_PEN)
    assert out is not None and out.mode == "L"
    pixels = np.asarray(out)
    assert pixels[:, 100:160].min() == 0  # the pen stroke is black
    assert pixels[:, :90].min() == 255  # the printed 'Số:' is gone
    assert set(np.unique(pixels)) <= {0, 255}


@pytest.mark.parametrize("ink", [(25, 25, 30), (60, 60, 60)])  # black pen, or a grey scan: nothing in the band
def test_ink_filter_gives_way_when_the_pen_is_not_blue(ink):
    assert hints.isolate_ink(_patch(ink), hints.BLUE_PEN) is None
    assert hints.isolate_ink(_patch(ink).convert("L").convert("RGB"), hints.BLUE_PEN) is None


def test_ink_filter_ignores_a_few_blue_pixels_among_black_ink():
    image = _patch((25, 25, 30))
    image.putpixel((5, 5), (20, 30, 200))  # a speck of blue: far below min_share of the dark pixels
    assert hints.isolate_ink(image, hints.BLUE_PEN) is None


def test_red_seal_is_not_blue_ink():
    assert hints.isolate_ink(_patch((200, 40, 50), print_too=False), hints.BLUE_PEN) is None


def test_band_crop_uses_the_filter_only_when_asked_and_when_it_fires(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, "37", "12")
    gaps = hints.find_gaps(words, 595, 842)
    band = hints.header_band(path, gaps)
    assert band.rgb is not None
    plain, filtered = band.crop(gaps[0].box), band.crop(gaps[0].box, hints.BLUE_PEN)
    assert plain.size == filtered.size
    assert np.asarray(filtered).min() == 0 and set(np.unique(np.asarray(filtered))) <= {0, 255}
    # the line box is mostly print ('Số:', '/CT-UBND'): under min_share of its ink is blue, so it is read as it is
    line_box = hints._line_box(gaps[0])
    assert band.crop(line_box, hints.BLUE_PEN).tobytes() == band.crop(line_box).tobytes()
    gray = tmp_path / "gray.pdf"
    scan_with_gaps(gray, "37", "12", ink=(40, 40, 40))
    gray_band = hints.header_band(gray, gaps)
    assert gray_band.crop(gaps[0].box, hints.BLUE_PEN).tobytes() == gray_band.crop(gaps[0].box).tobytes()


def test_gap_view_through_the_blue_filter_still_reads_blue_pen(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    words = scan_with_gaps(path, "37", "12")
    gaps = hints.find_gaps(words, 595, 842)
    band = hints.header_band(path, gaps)
    assert hints.read_across(path, gaps[0], band=band, ink=hints.BLUE_PEN).value == "37"
    assert hints.INK is None  # measured on the real scans: not on by default (docs/OCR.md)


def test_a_ngay_box_stretched_over_the_day_is_cut_back():
    stretched = Word("ngày", 361, 405, 125, 141, 58)  # Tesseract ran 'ngày' into the hand-written '06'
    assert hints._anchor_end(stretched) == pytest.approx(361 + 1.8 * 16)
    assert hints._anchor_end(Word("ngày", 369, 395, 98, 113, 97)) == 395  # a normal one is kept
    assert hints._is_day_word(Word("ngàW†", 365, 404, 122, 134, 46), after_place=True)
    assert not hints._is_day_word(Word("ngàW†", 365, 404, 122, 134, 46), after_place=False)
    line = [Word("Quảng", 287, 324, 125, 141), Word("Ngãi,", 327, 356, 125, 141), stretched,
            Word("tháng", 407, 438, 125, 141), Word("năm", 466, 489, 125, 141), Word("2025", 494, 521, 125, 141)]
    gaps = {g.field: g for g in hints.find_gaps(line, 595, 842)}
    assert gaps["day"].box[0] > 385 and gaps["month"].box[0] >= 438
    assert hints._date_line(gaps["day"], "06", gaps["month"], "01") == "Quảng Ngãi, ngày 06 tháng 01 năm 2025"


def test_eval_table_counts_right_wrong_and_none():
    cases = [GapCase("a.pdf", "number", "07", {"x": "7"}, ""), GapCase("a.pdf", "day", "15", {"x": "5"}, ""),
             GapCase("b.pdf", "number", "574", {"x": ""}, "")]
    assert table(cases) == [("x", 1, 1, 1)]


@needs_tesseract
def test_scribbled_number_is_null_with_a_warning_end_to_end(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    scan_with_gaps(path, None, "12", scribble_seed=1, body=True)
    doc = process_file(path)
    assert doc.source.text_layer == "ocr"
    assert doc.doc_number is None
    assert any(w.field == "doc_number" and w.code == "number_blank" for w in doc.warnings)
    assert str(doc.issue_date) == "2021-05-12"
    assert doc.confidence["issue_date"] < 1
    assert any(w.field == "issue_date" and w.code == "from_handwriting" for w in doc.warnings)


@needs_shared
@needs_tesseract
def test_real_scan_handwritten_number_and_date_are_read_with_lower_confidence():
    doc = process_file(SHARED / "real-pdf" / "qn_01_TTr_signed.pdf")  # number, day and month all by hand
    assert doc.doc_number == "01/TTr-UBND"
    assert str(doc.issue_date) == "2025-01-06"
    assert doc.confidence["doc_number"] < 1 and doc.confidence["issue_date"] < 1
    codes = {(w.field, w.code) for w in doc.warnings}
    assert ("doc_number", "from_handwriting") in codes and ("issue_date", "from_handwriting") in codes


@needs_shared
@needs_tesseract
def test_real_scan_whose_recognisers_disagree_gets_no_number():
    # qn_11CT: PP-OCRv4 reads the hand-written 11 as 41 (2 of its 6 readings, the rest 1, 11 or none),
    # PP-OCRv6 as 11: they disagree, so the number stays blank rather than wrong.
    doc = process_file(SHARED / "real-pdf" / "qn_11CT.pdf")
    assert doc.doc_number is None
    assert any(w.field == "doc_number" and w.code == "number_blank" for w in doc.warnings)


@needs_shared
@needs_tesseract
def test_real_scan_574_stays_blank_rather_than_wrong():
    # PP-OCRv4's line view reads the hand-written 574 as 514 or 54 (once at 0.99), only its gap view
    # 574; PP-OCRv6 reads 574 everywhere. PP-OCRv4 supports no value read by both its views: blank.
    doc = process_file(SHARED / "real-pdf" / "qn_574_UB_signed.pdf")
    assert doc.doc_number is None
    assert any(w.field == "doc_number" and w.code == "number_blank" for w in doc.warnings)
    assert doc.issue_date is None or str(doc.issue_date) == "2025-02-04"


def test_synthetic_scribbles_give_no_value_across_the_recognisers(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    for seed in (105, 109, 159):  # scribbles that PP-OCRv4's line view and PP-OCRv6's gap view both read "4"
        words = scan_with_gaps(path, None, "12", scribble_seed=seed)
        gap = hints.find_gaps(words, 595, 842)[0]
        assert hints.read_across(path, gap).value is None

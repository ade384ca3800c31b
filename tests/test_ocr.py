"""OCR of scanned pages, and the number/day hints from signature fields.

Each OCR test reads at most two pages: a page costs 1–2 s of CPU. The synthetic scan is a
born-digital sample letter rendered to pixels with a red seal drawn over it, so its truth is
that letter's own text layer and the test needs nothing from ../shared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
import pytest

from congvan.readers import ReadError, hints, raster, read_file, tesseract
from congvan.readers.geometry import Word
from congvan.readers.ocr_cer import cer

from conftest import LETTERS, ROOT, SHARED, needs_shared

LETTER = LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or not tesseract.has_language("vie"),
    reason="tesseract with Vietnamese not installed (make system)",
)


def _render(pdf_path: Path, dpi: int = 200) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def _with_seal(image: Image.Image) -> Image.Image:
    """A red ring and red words over the signer, like a provincial seal."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    cx, cy, r = int(image.width * 0.7), int(image.height * 0.8), 160
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 40), width=14)
    font = ImageFont.truetype(str(FONT), 40) if FONT.exists() else ImageFont.load_default()
    draw.text((cx - 130, cy - 25), "BỘ Y TẾ", fill=(210, 40, 50), font=font)
    draw.text((cx - r + 20, cy + 40), "SEAL SEAL", fill=(210, 40, 50), font=font)
    return image


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two image-only pages: the letter with a red seal, and the same page scanned sideways."""
    page = _with_seal(_render(LETTER))
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    page.save(path, "PDF", resolution=200, save_all=True, append_images=[page.rotate(90, expand=True)])
    return path


@pytest.fixture(scope="module")
def scanned(scan: Path):
    return read_file(scan)


@needs_tesseract
def test_image_pdf_is_read_by_ocr_in_reading_order(scanned):
    doc = scanned
    truth = read_file(LETTER).page_text(1)
    assert doc.text_layer == "ocr"
    assert any(w.code == "ocr" for w in doc.warnings)
    assert cer(doc.page_text(1), truth) < 0.04
    # the sideways page was turned upright by OSD and reads as well as the straight one
    assert cer(doc.page_text(2), truth) < 0.04
    assert "pages turned upright: 2 (90°)" in next(w.message for w in doc.warnings if w.code == "ocr")
    page1 = [line for line in doc.lines if line.page == 1]
    texts = [line.text for line in page1]
    # same two-column logic as the text layer: issuer and number left, motto right, one block
    number = next(line for line in page1 if line.text.startswith("Số:"))
    motto = next(line for line in page1 if line.text.startswith("CỘNG HÒA"))
    assert number.column == "left" and motto.column == "right" and number.block == motto.block
    assert texts.index(number.text) < texts.index(motto.text)
    assert "Độc lập - Tự do - Hạnh phúc" in texts  # the underlined motto is not read twice
    closing = next(line for line in page1 if line.text.startswith("Nơi nhận"))
    assert closing.column == "left"
    # offsets still index the page text
    for line in page1:
        assert doc.page_text(1)[line.start:line.start + len(line.text)] == line.text


@needs_tesseract
def test_red_seal_does_not_reach_the_text(scanned):
    assert "SEAL" not in scanned.page_text(1)


def test_red_filter_whitens_red_and_keeps_black_ink():
    image = Image.new("RGB", (4, 1))
    image.putdata([(220, 30, 40), (240, 150, 160), (20, 20, 20), (30, 40, 160)])
    filtered = raster.remove_red(image)
    out = [filtered.getpixel((x, 0)) for x in range(4)]
    assert out[0] == (255, 255, 255) and out[1] == (255, 255, 255)
    assert out[2] == (20, 20, 20) and out[3] == (30, 40, 160)  # black text and blue handwriting stay


def test_skew_is_measured_and_removed():
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 40):
        draw.rectangle((100, y, 1100, y + 12), fill=0)  # text-like rows
    tilted = image.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(raster.skew_angle(tilted) + 1.5) <= 0.3
    assert raster.skew_angle(image) == 0.0


def test_tesseract_tsv_gives_words_with_their_line_box():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t100\t300\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t110\t50\t30\t96.5\tSố:\n"
        "5\t1\t1\t1\t1\t2\t70\t100\t90\t40\t91.0\tQuy\u0301\n"
        "5\t1\t1\t1\t1\t3\t170\t110\t20\t30\t12.0\t \n"
    )
    words = tesseract.parse_tsv(tsv)
    assert [w.text for w in words] == ["Số:", "Quý"]  # NFC, blanks dropped
    assert words[0].line_top == 100 and words[0].line_height == 40


def test_missing_tesseract_is_a_read_error_naming_the_package(scan: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONGVAN_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(ReadError) as info:
        read_file(scan)
    assert info.value.code == "ocr_unavailable"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in info.value.message


def test_ocr_can_be_switched_off(scan: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONGVAN_OCR", "0")
    doc = read_file(scan)
    assert doc.text_layer == "none" and any(w.code == "needs_ocr" for w in doc.warnings)


# --- header hints ---------------------------------------------------------------------------------

def _words(spec: list[tuple[str, float, float]], top: float = 100.0, conf: float = 96.0) -> list[Word]:
    return [Word(text, x0, x1, top, top + 14, conf) for text, x0, x1 in spec]


HEADER = [("Số:", 110, 130), ("/TB-UBND", 170, 215), ("Quảng", 290, 325), ("Ngãi,", 328, 356),
          ("ngày", 359, 385), ("tháng", 407, 437), ("11", 440, 452), ("năm", 456, 480), ("2024", 482, 508)]


def test_gaps_are_found_for_the_number_and_the_day():
    gaps = {g.field: g for g in hints.find_gaps(_words(HEADER), 595, 842)}
    assert set(gaps) == {"number", "day", "month"}  # the month gap is only guarded, never filled
    assert gaps["number"].box[0] >= 130 and gaps["number"].box[2] <= 170
    assert hints._line(gaps["number"], "542") == "Số: 542/TB-UBND"
    assert hints._line(gaps["day"], "06") == "Quảng Ngãi, ngày 06 tháng 11 năm 2024"


def test_a_citation_in_the_body_is_not_a_number_gap():
    body = _words([("Thông", 60, 90), ("tư", 92, 100), ("số", 102, 115), ("86/2016/TT", 118, 170), ("-BQP", 172, 200),
                   ("ngày", 203, 228), ("tháng", 240, 268), ("6", 270, 276), ("năm", 278, 300), ("2016", 302, 328)])
    assert hints.find_gaps(body, 595, 842) == []


@pytest.mark.parametrize("text,field,value", [
    ("542", "number", "542"), ("0 7", "number", "07"), ("5T4", "number", None), ("", "number", None),
    ("06", "day", "06"), ("32", "day", None), ("123", "day", None), ("0", "day", None),
])
def test_digits_are_accepted_only_when_clean(text, field, value):
    assert hints.clean_digits(text, field) == value


def test_unsure_handwritten_digits_are_removed_not_kept():
    words = _words(HEADER[:1]) + _words([("514", 135, 160)], conf=41.0) + _words(HEADER[1:])
    kept = [w.text for w in hints.guard_gaps(words, 595, 842)]
    assert "514" not in kept and "/TB-UBND" in kept
    sure = _words(HEADER[:1]) + _words([("514", 135, 160)], conf=95.0) + _words(HEADER[1:])
    assert "514" in [w.text for w in hints.guard_gaps(sure, 595, 842)]


@needs_shared
def test_signature_field_number_and_day_become_hints():
    doc = read_file(SHARED / "real-pdf" / "qn_vht507_signed.pdf")
    assert doc.text_layer == "born_digital"
    assert doc.header_hints == {
        "number_line": "Số: 542/TB-UBND",
        "date_line": "Quảng Ngãi, ngày 06 tháng 11 năm 2024",
        "origin": "signature_field",
        "method": "text",
    }
    texts = [line.text for line in doc.lines]
    assert "Số: /TB-UBND" in texts  # the lines stay what the text layer says


@needs_shared
@needs_tesseract
def test_real_scan_reads_header_and_never_invents_the_handwritten_number():
    path = SHARED / "real-pdf" / "qn_574_UB_signed.pdf"  # 2 pages, red seal, hand-written 574 and 04
    doc = read_file(path)
    assert doc.text_layer == "ocr"
    texts = [line.text for line in doc.lines]
    assert texts[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: /UBND-KTTH"]
    assert "Kính gửi: Thường trực HĐND tỉnh" in texts
    assert "Nguyễn Hoàng Giang" in texts
    truth = (ROOT / "samples" / "ocr-truth" / "qn_574_UB_signed-p1.txt").read_text(encoding="utf-8")
    assert cer(doc.page_text(1), truth) < 0.05
    # the readings of "574" disagree (PP-OCRv4's line view 514 / 54): left blank, never guessed
    assert "number_line" not in doc.header_hints


def test_unsure_number_glued_to_its_code_is_removed():
    words = _words(HEADER[:1]) + _words([("514/TB-UBND", 135, 215)], conf=41.0) + _words(HEADER[2:])
    kept = [w.text for w in hints.guard_gaps(words, 595, 842)]
    assert "514" not in " ".join(kept) and "/TB-UBND" in kept
    sure = _words(HEADER[:1]) + _words([("514/TB-UBND", 135, 215)], conf=96.0) + _words(HEADER[2:])
    assert "514/TB-UBND" in [w.text for w in hints.guard_gaps(sure, 595, 842)]


def test_a_tall_ocr_line_does_not_swallow_the_line_above():
    """OCR gives each word its recognised line's box. A line running from the Nơi nhận column into
    the signer's larger name is tall; it must not merge with the short line just above it
    (measured on qn_46_TB: '- Thanh tra tỉnh;' / '- UBND huyện Tư Nghĩa;')."""
    from congvan.readers.geometry import group_lines
    above = [Word("-", 86, 90, 741.2, 751.7), Word("Thanh", 93, 120, 741.2, 751.7), Word("tra", 123, 135, 741.2, 751.7),
             Word("tỉnh;", 138, 160, 741.2, 751.7)]
    tall = [Word("-", 86, 90, 745.9, 764.3), Word("UBND", 93, 125, 745.9, 764.3), Word("huyện", 127, 153, 745.9, 764.3),
            Word("Tư", 156, 168, 745.9, 764.3), Word("Nghĩa;", 171, 200, 745.9, 764.3), Word("Trần", 372, 400, 745.9, 764.3)]
    lines = group_lines(above + tall)
    assert [ln.text() for ln in lines] == ["- Thanh tra tỉnh;", "- UBND huyện Tư Nghĩa; Trần"]
    # words of one line with slightly different boxes still form one line
    one = group_lines([Word("Sở", 10, 20, 100, 112), Word("Y", 22, 26, 101, 112), Word("tế", 28, 40, 99, 113)])
    assert [ln.text() for ln in one] == ["Sở Y tế"]

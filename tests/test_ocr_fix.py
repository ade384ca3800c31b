"""OCR slips in header text: the hook tones Tesseract drops, and a trích yếu's opening mark."""

import pytest

from congvan.extractors.ocr_fix import fix_subject
from congvan.readers.ocr_tones import fix_tones


@pytest.mark.parametrize("read,written", [
    ("V/v đăng ký bô sung nội dung trình HĐND tỉnh", "V/v đăng ký bổ sung nội dung trình HĐND tỉnh"),
    ("Quy định và hướng dẫn tô chức lễ tang", "Quy định và hướng dẫn tổ chức lễ tang"),
    ("Kỳ thi tốt nghiệp trung học phỗ thông năm 2021", "Kỳ thi tốt nghiệp trung học phổ thông năm 2021"),
    ("VỀ VIỆC TÔ CHỨC HỘI NGHỊ", "VỀ VIỆC TỔ CHỨC HỘI NGHỊ"),
])
def test_a_lost_hook_tone_comes_back(read, written):
    assert fix_tones(read) == written


@pytest.mark.parametrize("text", [
    "HĐND tỉnh tại kỳ họp thứ 31",  # 'tĩnh tại' is a word too: only a missing hook is put back
    "Kỳ thi tốt nghiệp",  # 'kỳ thị' would add a dot, not a hook
    "công tác thi hành án hành chính trên địa bàn tỉnh Quảng Ngãi",
    "Phạm Trường Thọ",
])
def test_text_that_reads_is_left_alone(text):
    assert fix_tones(text) == text


def test_a_subject_loses_stray_marks_and_gets_its_opening_space_back():
    assert fix_subject(",Vềviệc triển khai nộp thuế điện tử") == "Về việc triển khai nộp thuế điện tử"


def test_the_line_builder_mends_before_it_counts_offsets():
    from congvan.readers.base import LineBuilder

    builder = LineBuilder()
    builder.mend = fix_tones
    builder.add("Giao Sở Y tế tô chức kiểm tra")
    builder.add("bô sung kinh phí")
    assert [line.text for line in builder.lines] == ["Giao Sở Y tế tổ chức kiểm tra", "bổ sung kinh phí"]
    assert builder.lines[1].start == len(builder.lines[0].text) + 1


@pytest.mark.parametrize("read,written", [
    ("BộCông Thương nghiên cứu quyếtđịnh", "Bộ Công Thương nghiên cứu quyết định"),
    ("gửi quýcơ quan theo côngvăn số 12", "gửi quý cơ quan theo công văn số 12"),
    ("Ủyban nhân dân cácphường", "Ủy ban nhân dân các phường"),
])
def test_syllables_that_lost_their_space_are_split(read, written):
    from congvan.readers.unglue import unglue

    assert unglue(read) == written


@pytest.mark.parametrize("text", ["Trancy Distribution", "file online", "nghean.gov.vn", "HĐND tỉnh", "nghiêng", "Phớc"])
def test_words_that_are_whole_stay_whole(text):
    from congvan.readers.unglue import unglue

    assert unglue(text) == text


def test_a_web_copy_is_read_with_its_spaces_back():
    from congvan.readers import read_text

    doc = read_text("BộCông Thương nghiên cứu giải quyết các đề xuất.")
    assert doc.lines[0].text == "Bộ Công Thương nghiên cứu giải quyết các đề xuất."

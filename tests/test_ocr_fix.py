"""OCR slips in header text: the hook tones Tesseract drops, and a trích yếu's opening mark."""

import pytest

from congvan.extractors.ocr_fix import fix_subject, fix_tones


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
    assert fix_subject("V/v bô sung kinh phí") == "V/v bổ sung kinh phí"

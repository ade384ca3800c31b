"""Deadline phrases → normalised values on the Vietnamese working calendar."""

import datetime as dt

import pytest

from congvan.extractors.calendar import add_duration, is_working_day
from congvan.extractors.deadlines import find_deadline

LETTER = dt.date(2023, 4, 27)
RECEIVED = dt.date(2023, 4, 28)


@pytest.mark.parametrize(
    "phrase,kind,date",
    [
        ("báo cáo UBND tỉnh trước ngày 30/6/2023.", "absolute", dt.date(2023, 6, 30)),
        ("chậm nhất ngày 15 tháng 7 năm 2024", "absolute", dt.date(2024, 7, 15)),
        ("gửi về trước 16 giờ 00 ngày 20/5", "absolute", dt.datetime(2023, 5, 20, 16, 0)),
        ("hoàn thành trong tháng 12/2023", "absolute", dt.date(2023, 12, 31)),
        ("hoàn thành trong quý III/2024", "absolute", dt.date(2024, 9, 30)),
        ("trước ngày 15/01", "absolute", dt.date(2024, 1, 15)),  # January has passed: next year
        ("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", "relative", dt.date(2023, 5, 10)),
        ("trong vòng 10 ngày kể từ ngày ký", "relative", dt.date(2023, 5, 7)),
        ("định kỳ hằng quý, trước ngày 15 tháng cuối quý", "recurring", dt.date(2023, 6, 15)),
        ("hằng năm trước ngày 15/12", "recurring", dt.date(2023, 12, 15)),
        ("hằng tháng trước ngày 20", "recurring", dt.date(2023, 5, 20)),
        ("khẩn trương triển khai", "urgent", None),
        ("thường xuyên kiểm tra", "ongoing", None),
        ("báo cáo trước kỳ họp thứ 15 HĐND tỉnh", "event", None),
    ],
)
def test_phrases(phrase, kind, date):
    found = find_deadline(phrase, LETTER, RECEIVED)
    assert found is not None
    assert found.deadline.kind == kind
    assert found.deadline.date == date
    assert found.deadline.text and found.deadline.text in phrase


def test_relative_deadline_carries_duration_and_anchor():
    d = find_deadline("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", LETTER, RECEIVED).deadline
    assert (d.duration, d.working_days, d.anchor) == ("P5D", True, "receipt")


def test_recurring_deadline_has_rrule():
    d = find_deadline("định kỳ hằng quý, trước ngày 15 tháng cuối quý", LETTER, RECEIVED).deadline
    assert d.rrule == "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=15"


def test_meeting_time_is_not_a_deadline():
    assert find_deadline("Thời gian: vào lúc 08 giờ 00 phút, ngày 09/11/2024", LETTER, RECEIVED) is None


def test_working_days_skip_tet_and_count_make_up_saturdays():
    # Received Friday 24/01/2025; Tết Ất Tỵ closes 27/01–31/01 (+ weekend); 5 working days → 07/02.
    assert add_duration(dt.date(2025, 1, 24), "P5D", working_days=True) == dt.date(2025, 2, 7)
    assert not is_working_day(dt.date(2025, 1, 29))  # Mùng 1 Tết
    assert is_working_day(dt.date(2025, 2, 8))  # Saturday worked to bridge Tết (calendar_vn.toml)
    assert not is_working_day(dt.date(2025, 9, 2))  # Quốc khánh


@pytest.mark.parametrize(
    "phrase,kind",
    [
        ("Lập kế hoạch đầu tư công trung hạn, hằng năm vốn ngân sách trung ương.", None),
        ("Thông báo mức dự kiến kinh phí sự nghiệp giai đoạn 5 năm và hằng năm cho các bộ.", None),
        ("Căn cứ kết quả sơ kết hằng năm, Bộ Công an chủ trì báo cáo Chính phủ.", None),
        ("Hằng năm, Cục Pháp chế chủ trì tham mưu thành lập đoàn kiểm tra.", "recurring"),
        ("“a) Hằng năm, căn cứ Kế hoạch, Cục Pháp chế chủ trì.", "recurring"),
        ("báo cáo Bộ Công an trước ngày 20 tháng 12 hằng năm.", "recurring"),
        ("báo cáo về Sở Công Thương hằng năm trước ngày 15/12.", "recurring"),
        ("Định kỳ hằng năm và khi có yêu cầu, trao đổi thông tin.", "recurring"),
    ],
)
def test_yearly_noun_is_not_a_deadline(phrase, kind):
    found = find_deadline(phrase, LETTER, RECEIVED)
    assert (found.deadline.kind if found else None) == kind


def test_working_hours_are_relative():
    d = find_deadline("phải có thông báo không muộn hơn 08 giờ làm việc kể từ khi hệ thống tiếp nhận hồ sơ",
                      LETTER, RECEIVED).deadline
    assert (d.kind, d.duration, d.working_days) == ("relative", "PT8H", True)


def test_cut_off_date_of_the_data_is_not_the_deadline():
    d = find_deadline("Rà soát số lượng cán bộ có mặt đến ngày 31/12/2023 theo biểu mẫu; gửi báo cáo về Sở Nội vụ "
                      "trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này.", LETTER, RECEIVED).deadline
    assert d.kind == "relative" and d.anchor == "receipt"


def test_guide_calendar_ignores_office_make_up_days():
    """The gold counts on weekends + `holidays` only; the extractor also knows make-up Saturdays.

    Received Thu 24/04/2025: Sat 26/04 is worked (for Fri 02/05), so the office calendar reaches
    15 working days a day earlier than the labelling guide's calendar (samples/README.md).
    """
    start = dt.date(2025, 4, 24)
    assert add_duration(start, "P15D", working_days=True) == dt.date(2025, 5, 19)
    assert add_duration(start, "P15D", working_days=True, office_calendar=False) == dt.date(2025, 5, 20)

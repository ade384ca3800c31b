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


@pytest.mark.parametrize(
    "sentence,text,rrule",
    [
        # samples/README.md, recurring: 'định kỳ' with no period is recurring with no rule
        ("Định kỳ rà soát, kiểm tra, đánh giá tình hình thực hiện.", "Định kỳ", None),
        ("Báo cáo theo định kỳ, kiểm kê hàng năm hoặc đột xuất theo yêu cầu.", "định kỳ", None),
        # the day written before or after the period is part of the phrase
        ("Vụ trình Bộ trưởng trước ngày 31 tháng 3 hàng năm và phân công bổ sung.", "trước ngày 31 tháng 3 hàng năm",
         "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31"),
        ("Cục báo cáo lãnh đạo Bộ hằng năm (trước ngày 31 tháng 12).", "hằng năm (trước ngày 31 tháng 12)",
         "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
        ("Định kỳ trước ngày 15 tháng 11 hằng năm, các đơn vị gửi báo cáo.", "Định kỳ trước ngày 15 tháng 11 hằng năm",
         "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15"),
        ("Định kỳ 6 tháng và hằng năm cập nhật, công khai báo cáo.", "Định kỳ 6 tháng và hằng năm",
         "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1"),
        # a clause break between the period and a later date: the date is not the recurrence's day
        ("báo cáo định kỳ hằng năm về Bộ Tư pháp để tổng hợp, báo cáo Thủ tướng trước ngày 31 tháng 12",
         "định kỳ hằng năm", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
    ],
)
def test_recurring_phrase_and_rule(sentence, text, rrule):
    found = find_deadline(sentence, LETTER, RECEIVED)
    assert found is not None and found.deadline.kind == "recurring"
    assert found.deadline.text == text
    assert found.deadline.rrule == rrule
    assert (found.deadline.date is None) == (rrule is None)


@pytest.mark.parametrize(
    "sentence,text,anchor",
    [
        ("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", "trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", "receipt"),
        ("trong 05 ngày kể từ ngày nhận được công văn này", "trong 05 ngày kể từ ngày nhận được công văn này", "receipt"),
        # what is received is a step of a procedure, not the letter: an event, no date
        ("Trong thời hạn 05 ngày làm việc kể từ ngày nhận được Tờ trình của Sở Nội vụ (kèm theo hồ sơ), Chủ tịch xem xét.",
         "Trong thời hạn 05 ngày làm việc kể từ ngày nhận được Tờ trình của Sở Nội vụ", "event"),
        ("Trong thời gian 10 ngày làm việc kể từ ngày nhận đủ hồ sơ theo quy định, Quỹ kiểm tra hồ sơ.",
         "Trong thời gian 10 ngày làm việc kể từ ngày nhận đủ hồ sơ", "event"),
        ("trả lời trong thời hạn 15 ngày làm việc kể từ ngày cơ quan có thẩm quyền nhận được phản ánh",
         "trong thời hạn 15 ngày làm việc kể từ ngày cơ quan có thẩm quyền nhận được phản ánh", "event"),
        ("trong thời hạn không quá 01 ngày làm việc kể từ khi nhận được hồ sơ hoặc theo thời hạn khác",
         "trong thời hạn không quá 01 ngày làm việc kể từ khi nhận được hồ sơ", "event"),
        ("chậm nhất sau 02 ngày làm việc, kể từ ngày chốt số liệu", "chậm nhất sau 02 ngày làm việc, kể từ ngày chốt số liệu", "event"),
    ],
)
def test_relative_anchor_names_what_is_received(sentence, text, anchor):
    found = find_deadline(sentence, LETTER, RECEIVED)
    assert found is not None and found.deadline.kind == "relative"
    assert found.deadline.text == text
    assert found.deadline.anchor == anchor
    assert (found.deadline.date is None) == (anchor == "event")


@pytest.mark.parametrize(
    "sentence,text",
    [
        ("trình đơn vị phê duyệt trước khi ban hành và ban hành theo thẩm quyền.", "trước khi ban hành"),
        ("báo cáo cơ quan chủ quản trước khi nhà nghỉ dưỡng ban hành theo thẩm quyền.", "trước khi nhà nghỉ dưỡng ban hành"),
        ("báo cáo khối lượng sau khi kết thúc nhiệm vụ để phục vụ công tác quản lý.", "sau khi kết thúc nhiệm vụ"),
    ],
)
def test_event_phrase_ends_with_its_act(sentence, text):
    found = find_deadline(sentence, LETTER, RECEIVED)
    assert found is not None and found.deadline.kind == "event"
    assert found.deadline.text == text


def test_bare_time_limit_in_a_condition_counts_from_a_step():
    """samples/README.md, relative: in a 'Trường hợp …' rule a bare time limit runs from the step before."""
    rule = find_deadline("Trường hợp không công nhận thì trong thời hạn 03 ngày làm việc, Chủ tịch phải có văn bản trả lời.",
                         LETTER, RECEIVED)
    letter = find_deadline("Đề nghị Quý Sở báo cáo trong thời hạn 05 ngày.", LETTER, RECEIVED)
    assert rule is not None and rule.deadline.anchor == "event" and rule.deadline.date is None
    assert letter is not None and letter.deadline.anchor == "receipt" and letter.deadline.date is not None


def test_urgent_after_an_event_spans_the_event():
    found = find_deadline("Ngay sau khi nhận đủ hồ sơ và có Quyết định thành lập Hội đồng, Hội đồng gửi Giấy mời họp.", LETTER, RECEIVED)
    assert found is not None and (found.deadline.kind, found.deadline.text) == ("urgent", "Ngay sau khi nhận đủ hồ sơ")
    found = find_deadline("Đề nghị triển khai ngay.", LETTER, RECEIVED)
    assert found is not None and found.deadline.text == "ngay"


def test_a_conclusion_frame_is_no_event_deadline():
    # 'Sau khi nghe báo cáo …, Chủ tịch UBND tỉnh kết luận:' opens a thông báo kết luận; the items
    # under it must not inherit it as their deadline (deadline_words.tsv, event_frame)
    day = dt.date(2024, 9, 20)
    assert find_deadline("Sau khi nghe báo cáo của Sở Xây dựng và ý kiến của các đại biểu, Chủ tịch UBND tỉnh kết luận như sau:", day, day) is None
    assert find_deadline("Sau khi làm việc với các sở, ngành, Phó Chủ tịch UBND tỉnh kết luận:", day, day) is None
    found = find_deadline("Sở Tài chính thẩm định sau khi nhận được hồ sơ.", day, day)
    assert found is not None and found.deadline.kind == "event" and found.deadline.text == "sau khi nhận được hồ sơ"

"""Task extraction on hand-made bodies: what becomes a task, what inherits from a heading."""

import datetime as dt

from congvan.pipeline import build_document
from congvan.readers import read_text

TEMPLATE = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 3308/UBND-TH
V/v chấn chỉnh, tăng cường trách nhiệm
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 27 tháng 4 năm 2023
Kính gửi: {to}
{body}
Nơi nhận:
- Như trên;
- Lưu: VT, TH.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Hồng Vinh
"""


def tasks_of(body: str, to: str = "Các sở, ban, ngành cấp tỉnh."):
    doc = build_document(read_text(TEMPLATE.format(body=body, to=to)), path="t.txt", sha256="1" * 64,
                         received_at=dt.date(2023, 4, 28))
    return doc.tasks


def test_preambles_narrative_and_chairing_are_not_tasks():
    body = "\n".join([
        "Thực hiện Công điện số 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ về chấn chỉnh công tác.",
        "Căn cứ Quyết định số 56/2021/QĐ-UBND ngày 09/12/2021 của UBND tỉnh.",
        "Thời gian qua, Sở Y tế đã chỉ đạo các đơn vị triển khai nhiều giải pháp.",
        "Phó Chủ tịch UBND tỉnh chủ trì Hội nghị trực tuyến với các địa phương.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
    ])
    assert tasks_of(body) == []


def test_directive_sentence_becomes_one_task_with_evidence():
    body = ("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, báo cáo UBND tỉnh "
            "trước ngày 30/6/2023./.")
    (task,) = tasks_of(body)
    assert task.assignees == ["Sở Tài chính"] and task.lead == "Sở Tài chính"
    assert task.collaborators == ["Sở Nội vụ"] and task.report_to == "UBND tỉnh"
    assert task.deadline.kind == "absolute" and task.deadline.date == dt.date(2023, 6, 30)
    assert task.evidence.text.startswith("Giao Sở Tài chính") and task.evidence.page == 1
    assert task.action and task.action.startswith("rà soát kinh phí")
    assert task.deliverable == "báo cáo"
    assert 0 < task.confidence <= 1


def test_items_inherit_the_heading_body():
    body = "\n".join([
        "1. Sở Y tế:",
        "- Chủ trì, phối hợp với Công an tỉnh kiểm tra các cơ sở khám bệnh, chữa bệnh;",
        "- Hằng tháng trước ngày 20, tổng hợp báo cáo UBND tỉnh.",
        "2. Trách nhiệm của Sở Giáo dục và Đào tạo",
        "- Hướng dẫn các trường học triển khai; hoàn thành trong quý III/2023.",
    ])
    tasks = tasks_of(body)
    assert [t.assignees for t in tasks] == [["Sở Y tế"], ["Sở Y tế"], ["Sở Giáo dục và Đào tạo"]]
    assert tasks[0].lead == "Sở Y tế" and tasks[0].collaborators == ["Công an tỉnh"]
    assert tasks[1].deadline.kind == "recurring" and tasks[1].deadline.date == dt.date(2023, 5, 20)
    assert tasks[2].deadline.date == dt.date(2023, 9, 30)
    assert not tasks[0].evidence.text.startswith("-")  # list markers are not part of the evidence


def test_quy_so_assigns_the_addressee():
    (task,) = tasks_of("Đề nghị Quý Sở khẩn trương rà soát, báo cáo kết quả về UBND tỉnh.", to="Sở Giáo dục và Đào tạo")
    assert task.assignees == ["Sở Giáo dục và Đào tạo"]
    assert task.deadline.kind == "urgent"


def test_relative_deadline_counts_working_days_from_receipt():
    (task,) = tasks_of("Yêu cầu UBND các huyện báo cáo trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản.")
    assert task.deadline.kind == "relative" and task.deadline.working_days
    assert task.deadline.date == dt.date(2023, 5, 10)  # 29/4–3/5 are holidays (30/4, 1/5 and bridges)

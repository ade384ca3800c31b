"""ExtractionOptions: one validated object for the numbers extraction uses, passed down the pipeline."""

import datetime as dt

import pytest
from pydantic import ValidationError

from congvan.extractors.options import DEFAULT_OPTIONS, ExtractionOptions, TaskConfidence
from congvan.pipeline import build_document
from congvan.readers import read_text

LETTER = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 3308/UBND-TH
V/v tăng cường kiểm tra
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 27 tháng 4 năm 2023
Kính gửi: Sở Y tế.
Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, báo cáo UBND tỉnh trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này.
Nơi nhận:
- Như trên;
- Lưu: VT, TH.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Hồng Vinh
"""


def _task(**kwargs):
    return build_document(read_text(LETTER), path="t.txt", sha256="1" * 64, **kwargs).tasks[0]


def test_the_receipt_date_may_come_in_the_options():
    direct = _task(received_at=dt.date(2023, 4, 28))
    via_options = _task(options=ExtractionOptions(received_at=dt.date(2023, 4, 28)))
    assert direct == via_options and direct.deadline.date == dt.date(2023, 5, 10)


def test_without_a_receipt_date_extraction_refuses():
    with pytest.raises(ValueError, match="date of receipt"):
        _task()


def test_confidences_and_action_length_come_from_the_options():
    options = ExtractionOptions(received_at=dt.date(2023, 4, 28), confidence=TaskConfidence(trigger=0.5), action_max_chars=20)
    task = _task(options=options)
    assert task.confidence == 0.5
    assert task.action.endswith("…") and len(task.action) <= 22
    assert _task(received_at=dt.date(2023, 4, 28)).confidence == DEFAULT_OPTIONS.confidence.trigger


def test_options_are_validated_and_frozen():
    with pytest.raises(ValidationError):
        TaskConfidence(trigger=1.5)
    with pytest.raises(ValidationError):
        ExtractionOptions(unknown=1)
    with pytest.raises(ValidationError):
        DEFAULT_OPTIONS.action_max_chars = 10

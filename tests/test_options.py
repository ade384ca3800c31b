"""ExtractionOptions: one validated object for the numbers extraction uses, passed down the pipeline."""

import datetime as dt

import pytest
from pydantic import ValidationError

from congvan.extractors.options import DEFAULT_OPTIONS, ExtractionOptions, TaskConfidence
from congvan.pipeline import build_document
from congvan.readers import read_text
from test_tasks import TEMPLATE

# The test_tasks letter, with one trigger sentence as its body.
LETTER = TEMPLATE.format(
    to="Sở Y tế.",
    body="Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, báo cáo UBND tỉnh trong thời hạn "
         "05 ngày làm việc kể từ ngày nhận được văn bản này.",
)


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

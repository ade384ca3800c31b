"""Task extraction (who must do what by when). Filled in by the task-extraction issue."""

from __future__ import annotations

import datetime as dt

from congvan.extractors.metadata import Metadata
from congvan.layout.regions import Regions
from congvan.models import Task
from congvan.readers.base import ReadDocument


def extract_tasks(
    document: ReadDocument, regions: Regions, meta: Metadata, *, doc_id: str, received_at: dt.date
) -> list[Task]:
    """No tasks yet: the list is in place for the contract."""
    return []

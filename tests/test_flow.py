"""The Prefect flow runs the same batch under a real (temporary) Prefect API."""

import json
from pathlib import Path

from conftest import copy_letters


def test_process_inbox_flow(prefect_harness, inbox: Path, tmp_path: Path):
    from congvan.flows.process_inbox import process_inbox

    copy_letters(inbox, ["cv-byt-2023-benh-an-dien-tu.pdf", "cv-bnnptnt-2024-san-xuat-he-thu.docx"])
    (inbox / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    counts = process_inbox(str(inbox), str(out))
    assert counts == {"new": 2, "duplicate": 0, "unchanged": 0, "quarantined": 1}
    assert len(list((out / "documents").glob("*.json"))) == 2
    assert json.loads((out / "tasks.json").read_text(encoding="utf-8"))["count"] > 0
    again = process_inbox(str(inbox), str(out))
    assert again["new"] == 0 and again["unchanged"] == 3

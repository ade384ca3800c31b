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
    assert counts == {"new": 2, "duplicate": 0, "unchanged": 0, "quarantined": 1, "waiting": 0, "problems": 0}
    assert len(list((out / "documents").glob("*.json"))) == 2
    assert json.loads((out / "tasks.json").read_text(encoding="utf-8"))["count"] > 0
    again = process_inbox(str(inbox), str(out))
    assert again["new"] == 0 and again["unchanged"] == 3


def test_flow_archives_chunks_and_retries_transient_failures_with_prefect(prefect_harness, inbox: Path, tmp_path: Path):
    """archive=True moves letters; chunks run in worker processes; Prefect retries transient failures."""
    import asyncio
    import shutil

    from conftest import LETTERS
    from congvan.flows.process_inbox import process_inbox
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    names = ["cv-byt-2023-benh-an-dien-tu.pdf", "cv-bnnptnt-2024-san-xuat-he-thu.docx", "cv-byt-2023-benh-an-dien-tu.docx"]
    copy_letters(inbox, names)
    shutil.copy2(LETTERS / names[1], inbox / "flaky.docx")  # locked twice, then readable
    (inbox / "stuck.txt").write_text("Kính gửi: Sở Y tế", encoding="utf-8")  # OCR times out every time
    out = tmp_path / "out"
    state = process_inbox(str(inbox), str(out), archive=True, workers=2, chunk_size=2, settle_seconds=0,
                          retries=2, retry_backoff_seconds=0.1, extractor="faults:extract", return_state=True)
    counts = state.result()
    assert counts == {"new": 3, "duplicate": 1, "unchanged": 0, "quarantined": 1, "waiting": 0, "problems": 0}
    assert sorted(p.name for p in inbox.iterdir()) == [".congvan.lock", ".flaky.docx.attempts", ".stuck.txt.attempts"]
    assert len(list((out / "archive").rglob("*.*"))) == 4
    reason = json.loads((out / "quarantine" / "stuck.txt.error.json").read_text(encoding="utf-8"))["reason"]
    assert "after 3 attempts" in reason and "ocr_timeout" in reason

    async def task_runs() -> list[tuple[str, str]]:
        async with get_client() as client:
            runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
            return [(r.name, r.state.name) for r in runs]

    runs = asyncio.run(task_runs())
    extract = [name for name, _ in runs if name.startswith("extract")]
    assert len(extract) == 3, "5 letters in chunks of 2: three extraction tasks, not five"
    retried = {name: status for name, status in runs if name.startswith("retry")}
    assert retried == {"retry flaky.docx": "Completed", "retry stuck.txt": "Failed"}


def test_flow_goes_on_when_one_letters_review_cannot_be_written(prefect_harness, inbox: Path, tmp_path: Path,
                                                                monkeypatch):
    """The flow shares the batch's commit and export: a writer failing for one letter is that letter's problem."""
    from congvan.flows import batch
    from congvan.flows.process_inbox import process_inbox

    names = ["cv-byt-2023-benh-an-dien-tu.docx", "cv-bnnptnt-2024-san-xuat-he-thu.docx"]
    copy_letters(inbox, names)
    original = batch.write_review

    def faulty(out, document, *args, **kwargs):
        if names[0] in document.source.path:
            raise OSError(28, "No space left on device")
        return original(out, document, *args, **kwargs)

    monkeypatch.setattr(batch, "write_review", faulty)
    out = tmp_path / "out"
    counts = process_inbox(str(inbox), str(out), settle_seconds=0)
    assert counts["new"] == 2 and counts["problems"] == 2  # the commit's write, then the export's healing
    assert len(list((out / "review").glob("*.docx"))) == 1 and (out / "register.xlsx").is_file()
    monkeypatch.undo()
    again = process_inbox(str(inbox), str(out), settle_seconds=0)
    assert again["unchanged"] == 2 and again["problems"] == 0
    assert len(list((out / "review").glob("*.docx"))) == 2

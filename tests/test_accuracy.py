"""Accuracy floors on the gold sets: a change that drops below them is a regression.

The floors sit a little under the numbers measured when they were set (see README,
"Accuracy"); raise them when the extractor improves.
"""

import shutil

import pytest

from congvan.evaluation import evaluate_dirs
from congvan.flows.batch import BatchOptions, run_batch
from conftest import LETTERS, SAMPLES, needs_shared


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval-samples")
    import datetime as dt

    run_batch(LETTERS, out, BatchOptions(received_at=dt.date(2026, 1, 5), workers=2))
    return evaluate_dirs(SAMPLES / "gold", out / "documents")


def test_sample_metadata_accuracy(sample_report):
    assert sample_report["documents"] >= 60
    for field, floor in {"doc_number": 0.97, "doc_type": 0.97, "issuer": 0.9, "issue_date": 0.97, "subject": 0.9,
                         "urgency": 0.95, "signer.name": 0.95, "signer.title": 0.9}.items():
        assert sample_report["metadata"][field]["accuracy"] >= floor, field


def test_sample_task_accuracy(sample_report):
    tasks = sample_report["tasks"]
    assert tasks["detection"]["f1"] >= 0.93
    assert tasks["assignees"]["f1"] >= 0.89
    assert tasks["collaborators"]["f1"] >= 0.88
    assert tasks["deadline_date_accuracy"] >= 0.96
    assert tasks["triple"]["f1"] >= 0.85


@needs_shared
def test_real_letter_task_accuracy(tmp_path):
    """The tuning set: every real letter whose tasks were labelled before issue 14 (batch b0 of
    samples/splits.tsv, now train and dev), read with the receipt date of its label. The floors
    were measured on exactly this set. Letters labelled later are not floored here: the held-out
    test split is scored in aggregate only, by `make eval`, so that no one tunes rules on its
    errors, and the later dev letters get floors once the rules are improved on them."""
    import datetime as dt
    import json

    from congvan.evaluation import load_manifest
    from congvan.pipeline import process_file

    manifest = load_manifest(SAMPLES / "splits.tsv")
    tuning_set = {r["file"] for r in manifest if r["batch"].startswith("b0") and r["split"] != "test"}

    gold = tmp_path / "gold"
    pred = tmp_path / "documents"
    gold.mkdir()
    pred.mkdir()
    for path in (SAMPLES / "gold-real").glob("*.json"):
        label = json.loads(path.read_text(encoding="utf-8"))
        if label.get("tasks") is None:
            continue  # metadata-only labels (scans) are scored by the OCR tests, not here
        if label["file"] not in tuning_set:
            continue
        shutil.copy(path, gold / path.name)
        source = (SAMPLES.parent / label["source_path"]).resolve()
        document = process_file(source, dt.date.fromisoformat(label["received_at"]))
        (pred / f"{document.id}.json").write_text(document.model_dump_json(), encoding="utf-8")
    report = evaluate_dirs(gold, pred)
    assert report["documents"] >= 15
    assert report["tasks"]["detection"]["f1"] >= 0.92
    assert report["tasks"]["assignees"]["f1"] >= 0.89
    assert report["tasks"]["triple"]["f1"] >= 0.85
    assert report["tasks"]["deadline_date_accuracy"] >= 0.92


@needs_shared
def test_dev_split_task_and_header_floors(tmp_path):
    """The dev split, floored now that the rules were improved on it (2026-12-04: detection 0.928,
    assignees 0.854, lead 0.914, deadline value 0.839, triple 0.829; issuer 1.000, issue_date 0.983,
    subject 0.983, signer 1.000). Test stays unfloored: it is scored in aggregate only, by
    `make eval`. The V-* batches joined dev later, harder (V-1 was scored blind at assignees
    0.337); they are left out of these floors until the rules are improved on them."""
    from congvan.evaluation import load_manifest, predict_gold_letters, split_stems

    manifest = load_manifest(SAMPLES / "splits.tsv")
    later = {r["file"] for r in manifest if r["batch"].startswith("V-")}
    only = split_stems("dev", manifest, SAMPLES / "gold-real") - later
    assert only
    pred = tmp_path / "documents"
    predict_gold_letters(SAMPLES / "gold-real", None, pred, labelled_tasks_only=True, only=only)
    report = evaluate_dirs(SAMPLES / "gold-real", pred, only=only)
    assert report["documents"] >= 55
    tasks = report["tasks"]
    assert tasks["detection"]["f1"] >= 0.91
    assert tasks["assignees"]["f1"] >= 0.83
    assert tasks["lead"]["f1"] >= 0.88
    assert tasks["deadline_value"]["f1"] >= 0.81
    assert tasks["triple"]["f1"] >= 0.80
    for field, floor in {"doc_number": 0.97, "issuer": 0.97, "issue_date": 0.95, "subject": 0.95, "signer.name": 0.96}.items():
        assert report["metadata"][field]["accuracy"] >= floor, field

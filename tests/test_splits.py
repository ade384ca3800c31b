"""The split manifest samples/splits.tsv: one row per real gold document, current hashes,
disjoint splits, held-out issuers really held out, and test scored in aggregate only."""

import hashlib
import json

import pytest

from congvan.evaluation import aggregate_only, bootstrap_tasks, evaluate_tasks, load_manifest, split_stems
from conftest import ROOT, SAMPLES, needs_shared

MANIFEST = SAMPLES / "splits.tsv"
GOLD = SAMPLES / "gold-real"


@pytest.fixture(scope="module")
def rows():
    return load_manifest(MANIFEST)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_gold_file_listed_once(rows):
    listed = [r["file"] for r in rows]
    assert len(listed) == len(set(listed)), "a document is listed twice"
    assert set(listed) == {p.stem for p in GOLD.glob("*.json")}


def test_columns_and_values(rows):
    for r in rows:
        assert r["split"] in ("train", "dev", "test"), r
        assert r["issuer_held_out"] in ("yes", "no"), r
        assert r["double_labelled"] in ("yes", "no"), r
        assert r["issuer"] and r["batch"] and r["labelled_by"], r
        label = json.loads((GOLD / f"{r['file']}.json").read_text(encoding="utf-8"))
        assert r["source_path"] == label["source_path"]


def test_gold_hashes_match(rows):
    for r in rows:
        assert _sha(GOLD / f"{r['file']}.json") == r["gold_sha256"], f"{r['file']}: run python samples/splits.py --rehash"


@needs_shared
def test_source_hashes_match(rows):
    for r in rows:
        assert _sha((ROOT / r["source_path"]).resolve()) == r["source_sha256"], r["file"]


def test_splits_disjoint_by_document_and_source(rows):
    by_source = {}
    for r in rows:
        by_source.setdefault(r["source_path"], set()).add(r["split"])
    assert all(len(s) == 1 for s in by_source.values()), {k: v for k, v in by_source.items() if len(v) > 1}
    stems = {s: split_stems(s, rows, GOLD) for s in ("train", "dev", "test")}
    assert not (stems["train"] & stems["dev"]) and not (stems["train"] & stems["test"]) and not (stems["dev"] & stems["test"])


def test_held_out_issuers_not_in_other_splits(rows):
    issuers = {}
    for r in rows:
        issuers.setdefault(r["split"], set()).add(r["issuer"])
    for r in rows:
        if r["issuer_held_out"] == "yes":
            for split, names in issuers.items():
                if split != r["split"]:
                    assert r["issuer"] not in names, (r["file"], r["issuer"], split)


def test_pre_issue_14_labels_are_not_test(rows):
    """Every label made while the rules were tuned has been read by a rule-writer: train or dev only."""
    for r in rows:
        if r["batch"].startswith("b0"):
            assert r["split"] != "test", r["file"]


def test_double_labels_exist(rows):
    for r in rows:
        second = SAMPLES / "gold-real-second" / f"{r['file']}.json"
        assert (r["double_labelled"] == "yes") == second.exists(), r["file"]


def test_synthetic_gold_is_train(rows):
    assert split_stems("train", rows, SAMPLES / "gold") == {p.stem for p in (SAMPLES / "gold").glob("*.json")}
    assert split_stems("test", rows, SAMPLES / "gold") == set()


def _task(text, who, date=None, kind="none", span=None):
    return {"assignees": who, "lead": None, "collaborators": [], "evidence": {"text": text},
            "deadline": {"text": span, "kind": kind, "date": date}}


def test_deadline_span_and_value_are_separate():
    gold = {"file": "a", "tasks": [_task("Bộ Tài chính báo cáo trước ngày 30/6/2026.", ["Bộ Tài chính"], "2026-06-30", "absolute",
                                         "trước ngày 30/6/2026")]}
    pred = {"tasks": [_task("Bộ Tài chính báo cáo trước ngày 30/6/2026.", ["Bộ Tài chính"], "2026-06-30", "absolute",
                            "ngày 30/6/2026")]}
    result = evaluate_tasks([(gold, pred)])
    assert result["deadline_value"]["f1"] == 1.0
    assert result["deadline_span"]["f1"] == 0.0


def test_bootstrap_and_aggregate_only():
    gold = {"file": "a", "tasks": [_task("Bộ Tài chính báo cáo.", ["Bộ Tài chính"])]}
    pred = {"tasks": [_task("Bộ Tài chính báo cáo.", ["Bộ Tài chính"])]}
    other = {"file": "b", "tasks": [_task("Bộ Y tế hướng dẫn.", ["Bộ Y tế"])]}
    ci = bootstrap_tasks([(gold, pred), (other, {"tasks": []})], resamples=200)
    assert ci["documents"] == 2 and 0.0 <= ci["detection"][0] <= ci["detection"][1] <= 1.0
    assert bootstrap_tasks([(gold, pred), (other, {"tasks": []})], resamples=200) == ci  # fixed seed
    report = {"tasks": {**evaluate_tasks([(other, {"tasks": []})])}, "metadata": {"issuer": {"accuracy": 1.0, "mismatches": [{"file": "b"}]}},
              "gold_without_prediction": ["b"]}
    assert report["tasks"]["misses"]
    redacted = json.dumps(aggregate_only(report), ensure_ascii=False)
    assert "Bộ Y tế hướng dẫn" not in redacted and '"b"' not in redacted


def test_cli_test_split_prints_aggregates_only(tmp_path):
    """`congvan eval --split test` never lists a held-out document or sentence, even with --show."""
    from typer.testing import CliRunner

    from congvan.cli import app

    empty = tmp_path / "pred"
    empty.mkdir()
    test_files = [r["file"] for r in load_manifest(MANIFEST) if r["split"] == "test"]
    for name in test_files:  # a prediction with no task and no metadata: every test task is a miss, so a leak would show
        (empty / f"{name}.json").write_text(json.dumps({"source": {"path": f"{name}.txt"}, "tasks": []}), encoding="utf-8")
    runner = CliRunner()
    for extra in ([], ["--json"], ["--show", "50"]):
        result = runner.invoke(app, ["eval", "--gold", str(GOLD), "--pred", str(empty), "--split", "test", "--resamples", "20", *extra])
        assert result.exit_code == 0, result.output
        assert "0/0/" in result.output or '"fn"' in result.output  # the misses are counted ...
        for name in test_files:  # ... but never listed
            assert name not in result.output
        label = json.loads((GOLD / f"{test_files[0]}.json").read_text(encoding="utf-8"))
        if label["tasks"]:
            assert label["tasks"][0]["evidence"]["text"][:40] not in result.output
    bad = runner.invoke(app, ["eval", "--gold", str(GOLD), "--pred", str(empty), "--split", "holdout"])
    assert bad.exit_code != 0

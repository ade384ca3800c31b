"""The task model of issue 14: training data builder, shipped model, hybrid decision, smoke training."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LETTERS, SAMPLES, needs_shared

from congvan.extractors.task_model import (
    ModelVersionError,
    _package_model_dir,
    apply_model,
    check_version,
    decide,
    load_model,
    score_texts,
)
from congvan.training.data import gold_documents, label_units, read_units

HUE = "cv-hue-ubnd-2025-tiet-kiem-dien"


# ----------------------------------------------------------------------------------- builder
def test_builder_labels_a_known_letter():
    gold = json.loads((SAMPLES / "gold" / f"{HUE}.json").read_text(encoding="utf-8"))
    _read, _regions, units = read_units(LETTERS / f"{HUE}.docx")
    labelled = label_units(gold, units)
    tasks = [u for u in labelled if u.task]
    # five gold tasks, five distinct evidence sentences, each on its own unit
    assert len(tasks) == len(gold["tasks"]) == 5
    assert not labelled[0].task and labelled[0].text.startswith("Ủy ban nhân dân thành phố nhận được")
    first = tasks[0]
    assert first.text.startswith("1. Giao Sở Công Thương chủ trì")
    spans = {(first.text[a:b], label) for a, b, label in first.spans}
    assert ("Sở Công Thương", "AGENCY") in spans
    assert ("Công ty Điện lực Thừa Thiên Huế", "AGENCY") in spans
    assert any(label == "DEADLINE" for _text, label in spans)
    # a continuation sentence of item 3 is a task of its own with only its deadline verbatim
    continued = next(u for u in tasks if u.text.startswith("Đồng thời, báo cáo"))
    assert [label for *_ab, label in continued.spans] == ["DEADLINE"]
    # every span lies on the unit's text, verbatim
    for unit in tasks:
        for a, b, _label in unit.spans:
            assert unit.text[a:b].strip() == unit.text[a:b]


@needs_shared
def test_builder_never_serves_test_split():
    with pytest.raises(ValueError):
        gold_documents("test")
    test_stems = {line.split("\t")[0] for line in (SAMPLES / "splits.tsv").read_text(encoding="utf-8").splitlines()
                  if "\ttest\t" in line}
    for split in ("train", "dev"):
        assert not {d.gold["file"] for d in gold_documents(split)} & test_stems


def test_builder_accepts_review_export_gold(tmp_path):
    """`congvan review export-gold` writes outputs.review_gold.to_gold: it joins train as is."""
    import datetime as dt

    from congvan.outputs.review_gold import write_gold
    from congvan.pipeline import process_file

    letter = tmp_path / f"{HUE}.docx"
    shutil.copy(LETTERS / f"{HUE}.docx", letter)
    document = process_file(letter, dt.date(2025, 3, 10))
    folder = tmp_path / "reviewed"
    folder.mkdir()
    path = write_gold(folder, document)
    gold = json.loads(path.read_text(encoding="utf-8"))
    gold["tasks"] = gold["tasks"][:2]  # the reviewer deleted the other tasks
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")

    extra = [d for d in gold_documents("train", extra=[folder]) if d.source == letter]
    assert len(extra) == 1
    _read, _regions, units = read_units(extra[0].source)
    assert sum(u.task for u in label_units(extra[0].gold, units)) == 2


# ----------------------------------------------------------------------------- shipped model
def test_shipped_model_loads_offline(monkeypatch):
    def no_network(*_args, **_kwargs):
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    nlp = load_model()
    assert nlp.pipe_names == ["tok2vec", "textcat", "ner"]
    assert nlp.vocab.vectors.shape[0] == 0  # no vectors
    size = sum(p.stat().st_size for p in _package_model_dir().rglob("*") if p.is_file())
    assert size < 10_000_000
    [task, preamble] = score_texts([
        "Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát, báo cáo UBND tỉnh trước ngày 30/6/2025.",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    ], nlp)
    assert task.task > 0.5 > preamble.task


def test_version_check_refuses_another_minor(tmp_path):
    meta = json.loads((_package_model_dir() / "meta.json").read_text(encoding="utf-8"))
    check_version(meta)  # the installed spaCy: fine
    with pytest.raises(ModelVersionError, match="make train"):
        check_version(meta, installed="3.9.0")
    with pytest.raises(ModelVersionError):
        check_version({k: v for k, v in meta.items() if k != "congvan"})
    copy = tmp_path / "task_model"
    shutil.copytree(_package_model_dir(), copy)
    meta["congvan"]["spacy_minor"] = "3.7"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelVersionError, match="3.7"):
        load_model(copy)


# --------------------------------------------------------------------------------- decisions
flags = st.lists(st.booleans(), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_decide_is_pure_and_deterministic(data):
    rules = data.draw(flags)
    probs = data.draw(st.lists(st.floats(0, 1), min_size=len(rules), max_size=len(rules)))
    frozen_rules, frozen_probs = tuple(rules), tuple(probs)
    for variant in ("rules", "model", "hybrid"):
        first = decide(rules, probs, variant, accept=0.4, add=0.9, remove=0.1)
        assert first == decide(list(frozen_rules), list(frozen_probs), variant, accept=0.4, add=0.9, remove=0.1)
    assert (tuple(rules), tuple(probs)) == (frozen_rules, frozen_probs)  # inputs untouched
    assert decide(rules, probs, "rules") == rules
    assert decide(rules, probs, "model", accept=0.4) == [p >= 0.4 for p in probs]
    assert decide(rules, probs, "hybrid", add=1.01, remove=0.0) == rules  # the hybrid's neutral point
    hybrid = decide(rules, probs, "hybrid", add=0.9, remove=0.1)
    for r, p, h in zip(rules, probs, hybrid):
        assert h == ((p >= 0.1) if r else (p >= 0.9))


def test_decide_rejects_bad_input():
    with pytest.raises(ValueError):
        decide([True], [0.2, 0.3], "hybrid")
    with pytest.raises(ValueError):
        decide([True], [0.2], "vote")


def test_apply_model_is_deterministic_and_neutral_point_is_rules():
    import datetime as dt

    from congvan.extractors.metadata import extract_metadata
    from congvan.extractors.tasks import extract_tasks

    read, regions, units = read_units(LETTERS / f"{HUE}.docx")
    meta = extract_metadata(read, regions)
    received = dt.date(2025, 3, 10)
    rule_tasks = extract_tasks(read, regions, meta, doc_id="d", received_at=received)
    context = {"letter_date": meta.issue_date, "received": received, "addressees": meta.addressees}
    dump = lambda tasks: [t.model_dump(mode="json") for t in tasks]  # noqa: E731
    neutral = apply_model(units, rule_tasks, context=context, doc_id="d", variant="hybrid",
                          thresholds={"add": 1.01, "remove": 0.0})
    assert dump(neutral) == dump(rule_tasks)
    once = apply_model(units, rule_tasks, context=context, doc_id="d", variant="model", thresholds={"accept": 0.3})
    again = apply_model(units, rule_tasks, context=context, doc_id="d", variant="model", thresholds={"accept": 0.3})
    assert dump(once) == dump(again)
    assert dump(apply_model(units, rule_tasks, context=context, doc_id="d", variant="rules")) == dump(rule_tasks)


# ------------------------------------------------------------------------------ smoke training
@needs_shared  # the dev split's letters live in ../shared/samples
def test_smoke_training(tmp_path):
    """`make train` end to end on 2 documents per split and 2 steps, into a temp dir (~15 s).
    Runs in CI: it is what proves the config, the data builder and the meta pin still fit together."""
    from congvan.training.train import train

    ship = tmp_path / "ship"
    meta = train(tmp_path / "work", ship, limit=2,
                 overrides={"training.max_steps": 2, "training.eval_frequency": 1, "training.max_epochs": 1})
    assert meta["congvan"]["spacy_minor"] == ".".join(__import__("spacy").__version__.split(".")[:2])
    assert meta["congvan"]["data"]["train"]["documents"] == 2
    nlp = load_model(ship)
    assert nlp.pipe_names == ["tok2vec", "textcat", "ner"]
    assert (Path(_package_model_dir()) / "meta.json").exists()  # the shipped model was not touched

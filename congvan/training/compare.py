"""Rules alone, model alone and hybrid, scored by split: ``python -m congvan.training.compare``.

Each document is read once and run through the real pipeline (``congvan.pipeline.build_document``:
the rules' tasks); its units (``layout.units.directive_units``, as ``extract_tasks`` builds them)
are scored by the shipped model; each variant of ``extractors.task_model`` then gives the
document's tasks, scored with ``congvan.evaluation.evaluate_tasks`` and ``bootstrap_tasks``
(1000 document resamples, seed 14, percentile 95%).

Thresholds (``accept`` for the model alone, ``add`` / ``remove`` for the hybrid) are chosen on dev
only, by the mean of dev detection and triple F1, and written to
``congvan/data/task_model.thresholds.json``. Test is scored once with them, **in aggregate only**:
nothing here prints or writes a test document's name, sentence or error.

``--write-docs`` replaces the section between the ``task-model-compare`` markers in
docs/ACCURACY.md with the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congvan.evaluation import bootstrap_tasks, evaluate_tasks, load_manifest
from congvan.text import nfc

from congvan.training.data import ROOT, SAMPLES, gold_documents, read_units, received_of, resolve_source

MEASURES = ("detection", "assignees", "lead", "collaborators", "deadline_span", "deadline_value", "triple")
ACCEPT_GRID = [round(0.05 * i, 2) for i in range(2, 20)]
ADD_GRID = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.01]  # 1.01: add nothing
REMOVE_GRID = [0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3]  # 0.0: remove nothing
DOCS_START = "<!-- task-model-compare:start -->"
DOCS_END = "<!-- task-model-compare:end -->"


@dataclass
class Prepared:
    gold: dict[str, Any]
    pred: dict[str, Any]  # the pipeline's Document (rules), as JSON
    units: list[Any]
    rule_tasks: list[Any]
    probs: list[float]
    agencies: list[tuple[str, ...]]
    context: dict[str, Any]
    doc_id: str
    filled: dict[int, list[Any]]


def _test_documents() -> list[tuple[dict[str, Any], Path]]:
    real = SAMPLES / "gold-real"
    stems = {r["file"] for r in load_manifest() if r["split"] == "test"}
    out = []
    for path in sorted(real.glob("*.json")):
        if path.stem in stems:
            gold = json.loads(nfc(path.read_text(encoding="utf-8")))
            source = resolve_source(gold, real)
            if gold.get("tasks") is not None and source is not None:
                out.append((gold, source))
    return out


def prepare(gold: dict[str, Any], source: Path, nlp) -> Prepared:
    from congvan.extractors.metadata import extract_metadata
    from congvan.extractors.task_model import score_units
    from congvan.hashing import sha256_file
    from congvan.pipeline import build_document
    from congvan.text import path_text

    read, regions, units = read_units(source)
    received = received_of(gold) or dt.date(2026, 1, 5)
    document = build_document(read, path=path_text(source), sha256=sha256_file(source), received_at=received)
    meta = extract_metadata(read, regions)
    scores = score_units(units, nlp)
    return Prepared(gold, json.loads(document.model_dump_json()), units, list(document.tasks),
                    [s.task for s in scores], [s.agencies for s in scores],
                    {"letter_date": meta.issue_date, "received": received, "addressees": meta.addressees},
                    document.id, {})


def variant_tasks(doc: Prepared, variant: str, thresholds: dict[str, float]) -> list[dict[str, Any]]:
    from congvan.extractors.task_model import assemble, decide, fill_task, protected_units, unit_of_task

    covered = {unit_of_task(doc.units, t) for t in doc.rule_tasks}
    thresholds = dict(thresholds)
    require_body = bool(thresholds.pop("require_body", 0))
    protected = protected_units(doc.units, doc.rule_tasks, thresholds.pop("protect_above", 1.01))
    decisions = decide([i in covered for i in range(len(doc.units))], doc.probs, variant, protected=protected,
                       **thresholds)

    def fill(index: int) -> list[Any]:
        if index not in doc.filled:
            doc.filled[index] = [fill_task(doc.units, index, context=doc.context, doc_id=doc.doc_id,
                                           ordinal=len(doc.rule_tasks) + index, agencies=doc.agencies[index])]
        return [t for t in doc.filled[index] if t.assignees or not require_body]

    tasks = assemble(doc.units, doc.rule_tasks, decisions, fill)
    return [json.loads(t.model_dump_json()) for t in tasks]


def score(docs: list[Prepared], variant: str, thresholds: dict[str, float], resamples: int = 0) -> dict[str, Any]:
    pairs = [(d.gold, {**d.pred, "tasks": variant_tasks(d, variant, thresholds)}) for d in docs]
    result = evaluate_tasks(pairs)
    result.pop("misses", None)  # never kept: the test split is aggregate only, and dev/train need none here
    if resamples:
        result["ci95"] = bootstrap_tasks(pairs, resamples)
    return result


def paired_difference(docs: list[Prepared], variant: str, thresholds: dict[str, float], base_thresholds: dict[str, float],
                      measures: tuple[str, ...] = ("detection", "triple"), resamples: int = 1000, seed: int = 14) -> dict[str, Any]:
    """F1(variant) − F1(rules) with a 95% paired bootstrap interval: the same document resamples
    (seed 14, as ``bootstrap_tasks``) score both, so the interval is of the difference itself."""
    import random

    from congvan.evaluation import Counts

    per_doc = []
    for d in docs:
        a = evaluate_tasks([(d.gold, {**d.pred, "tasks": variant_tasks(d, variant, thresholds)})])
        b = evaluate_tasks([(d.gold, {**d.pred, "tasks": variant_tasks(d, "rules", base_thresholds)})])
        per_doc.append({m: ((a[m]["tp"], a[m]["fp"], a[m]["fn"]), (b[m]["tp"], b[m]["fp"], b[m]["fn"])) for m in measures})

    def f1(picks, m, side):
        c = Counts()
        for d in picks:
            c.add(*d[m][side])
        return c.as_dict()["f1"]

    rng = random.Random(seed)
    out: dict[str, Any] = {}
    samples: dict[str, list[float]] = {m: [] for m in measures}
    for _ in range(resamples):
        picks = [per_doc[rng.randrange(len(per_doc))] for _ in per_doc]
        for m in measures:
            samples[m].append(f1(picks, m, 0) - f1(picks, m, 1))
    for m in measures:
        values = sorted(samples[m])
        out[m] = {"difference": round(f1(per_doc, m, 0) - f1(per_doc, m, 1), 4),
                  "ci95": [round(values[int(0.025 * (len(values) - 1))], 4), round(values[int(round(0.975 * (len(values) - 1)))], 4)]}
    return out


def _objective(result: dict[str, Any]) -> float:
    return (result["detection"]["f1"] + result["triple"]["f1"]) / 2


def choose_thresholds(dev: list[Prepared]) -> dict[str, dict[str, float]]:
    """Dev only. Ties go to the threshold closest to the rules (fewest changes)."""
    best_model = max(ACCEPT_GRID, key=lambda t: (_objective(score(dev, "model", {"accept": t})), -abs(t - 0.5)))
    best_hybrid, best_value = {"add": 1.01, "remove": 0.0, "require_body": 0, "protect_above": 1.01}, -1.0
    for require_body in (0, 1):
        for add in reversed(ADD_GRID):
            for protect in (1.01, 0.8, 0.7):  # 1.01: any rule task may go; 0.8: only below trigger/addressee
                for remove in REMOVE_GRID:
                    if remove == 0.0 and protect != 1.01:
                        continue
                    candidate = {"add": add, "remove": remove, "require_body": require_body, "protect_above": protect}
                    value = _objective(score(dev, "hybrid", candidate))
                    if value > best_value + 1e-9:
                        best_hybrid, best_value = candidate, value
    return {"model": {"accept": best_model}, "hybrid": best_hybrid}


def dev_sensitivity(dev: list[Prepared]) -> str:
    """Dev detection / triple F1 of a few hybrid settings: what adding or removing alone does."""
    rows = ["| hybrid on dev | detection F1 | triple F1 |", "|---|---|---|"]
    settings = [("neutral (= rules)", {"add": 1.01, "remove": 0.0})]
    settings += [(f"add at p ≥ {a}", {"add": a, "remove": 0.0}) for a in (0.8, 0.9, 0.95, 0.99)]
    settings += [(f"add at p ≥ {a}, a body found", {"add": a, "remove": 0.0, "require_body": 1}) for a in (0.9, 0.99)]
    settings += [(f"remove at p < {r}", {"add": 1.01, "remove": r}) for r in (0.001, 0.01, 0.05, 0.1)]
    settings += [(f"remove at p < {r}, rule confidence < 0.8", {"add": 1.01, "remove": r, "protect_above": 0.8})
                 for r in (0.01, 0.1)]
    for name, t in settings:
        result = score(dev, "hybrid", t)
        rows.append(f"| {name} | {result['detection']['f1']:.3f} | {result['triple']['f1']:.3f} |")
    return "\n".join(rows)


def _fmt(result: dict[str, Any], measure: str, ci: bool) -> str:
    value = f"{result[measure]['f1']:.3f}"
    if ci and "ci95" in result and measure in result["ci95"]:
        low, high = result["ci95"][measure]
        value += f" ({low:.2f}–{high:.2f})"
    return value


def table(results: dict[str, dict[str, dict[str, Any]]], splits: list[str]) -> str:
    lines = ["| tasks | variant | " + " | ".join(splits) + " |", "|---|---|" + "---|" * len(splits)]
    for measure in MEASURES:
        for variant in ("rules", "model", "hybrid"):
            cells = [_fmt(results[s][variant], measure, s in ("dev", "test")) for s in splits]
            lines.append(f"| {measure.replace('_', ' ')} | {variant} | " + " | ".join(cells) + " |")
    lines.append("| detection P / R | " + " | ".join(
        ["rules / model / hybrid"] + [" · ".join(f"{results[s][v]['detection']['precision']:.2f}/{results[s][v]['detection']['recall']:.2f}"
                                                 for v in ("rules", "model", "hybrid")) for s in splits]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rules / model / hybrid by split (test aggregate only).")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/ACCURACY.md")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--no-test", action="store_true", help="train and dev only")
    parser.add_argument("--model", type=Path, default=None, help="a model folder other than the shipped one (no thresholds written)")
    args = parser.parse_args(argv)

    from congvan.extractors.task_model import load_model, thresholds_path

    nlp = load_model(args.model)
    started = time.monotonic()
    prepared: dict[str, list[Prepared]] = {}
    train_docs = gold_documents("train")
    prepared["train (real)"] = [prepare(d.gold, d.source, nlp) for d in train_docs if d.source.parent.name != "letters"]
    prepared["synthetic"] = [prepare(d.gold, d.source, nlp) for d in train_docs if d.source.parent.name == "letters"]
    prepared["dev"] = [prepare(d.gold, d.source, nlp) for d in gold_documents("dev")]
    chosen = choose_thresholds(prepared["dev"])
    thresholds = {"model": chosen["model"], "hybrid": chosen["hybrid"], "rules": {}}
    if not args.no_test:
        prepared["test"] = [prepare(g, s, nlp) for g, s in _test_documents()]
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for split, docs in prepared.items():
        resamples = args.resamples if split in ("dev", "test") else 0
        results[split] = {v: score(docs, v, thresholds[v], resamples) for v in ("rules", "model", "hybrid")}
    splits = list(prepared)
    diff_lines = ["| paired difference to rules (F1, 95% paired bootstrap) | " + " | ".join(
        s for s in ("dev", "test") if s in prepared) + " |", "|---|" + "---|" * len([s for s in ("dev", "test") if s in prepared])]
    differences: dict[str, Any] = {}
    for variant in ("model", "hybrid"):
        for measure in ("detection", "triple"):
            cells = []
            for split in ("dev", "test"):
                if split not in prepared:
                    continue
                key = (split, variant)
                if key not in differences:
                    differences[key] = paired_difference(prepared[split], variant, thresholds[variant], {}, resamples=args.resamples)
                d = differences[key][measure]
                cells.append(f"{d['difference']:+.3f} ({d['ci95'][0]:+.2f} to {d['ci95'][1]:+.2f})")
            diff_lines.append(f"| {variant} − rules, {measure} | " + " | ".join(cells) + " |")
    text = table(results, splits) + "\n\n" + "\n".join(diff_lines) + "\n\n" + dev_sensitivity(prepared["dev"])
    counts = {s: len(d) for s, d in prepared.items()}
    payload = {"thresholds": {**chosen["model"], **chosen["hybrid"]}, "chosen_on": "dev", "objective":
               "mean of detection F1 and triple F1", "documents": counts}
    if args.model is None:
        thresholds_path().write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    summary = {s: {v: {m: results[s][v][m]["f1"] for m in MEASURES} | ({"ci95": results[s][v]["ci95"]} if "ci95" in results[s][v] else {})
                   for v in results[s]} for s in results}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "compare.json").write_text(json.dumps({"thresholds": payload, "results": summary}, indent=2) + "\n",
                                                  encoding="utf-8")
    print(text)
    print(json.dumps(payload))
    print(f"{time.monotonic() - started:.0f} s")
    if args.write_docs:
        write_docs(text, payload)


def write_docs(text: str, payload: dict[str, Any]) -> None:
    path = ROOT / "docs" / "ACCURACY.md"
    doc = path.read_text(encoding="utf-8")
    t = payload["thresholds"]
    block = (f"{DOCS_START}\n_Generated by `make compare` (`python -m congvan.training.compare --write-docs`). "
             f"Thresholds chosen on dev: model alone accepts p(TASK) ≥ {t['accept']}; hybrid adds a unit the rules "
             f"dropped at p ≥ {t['add']}"
             + (" when the rules' role functions find a body for it" if t.get("require_body") else "")
             + f" and removes a rule task at p < {t['remove']}"
             + (f" when the rules' confidence is below {t['protect_above']}" if t.get("protect_above", 1.01) <= 1 else "")
             + " (1.01 and 0.0: never). Documents: "
             + ", ".join(f"{k} {v}" for k, v in payload["documents"].items())
             + ". F1; dev and test with 95% bootstrap intervals (1000 document resamples, seed 14)._\n\n"
             f"{text}\n{DOCS_END}")
    if DOCS_START in doc:
        head, rest = doc.split(DOCS_START, 1)
        doc = head + block + rest.split(DOCS_END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()

"""``congvan eval``: score predicted Documents against gold labels.

Gold files (``samples/gold``, ``samples/gold-real``) name their letter by ``file`` (the
stem); a prediction belongs to the gold whose stem equals its ``source.path`` stem. A
letter rendered both as DOCX and PDF is scored once per format.

Metadata: accuracy per field over documents (values compared NFC, case, tone-placement
and spacing insensitive), plus micro P/R/F1 for list fields. Tasks: gold and predicted
tasks are matched one-to-one by evidence overlap and assignee similarity (greedy on the
best pair first, never by position); then detection, assignee, lead and collaborator
P/R/F1, deadline kind/date accuracy on matched pairs, deadline span F1 (the verbatim phrase)
and deadline value F1 (the normalised value) over all tasks, and the end-to-end triple
(assignee, deadline date-or-kind) P/R/F1.

Splits: ``samples/splits.tsv`` assigns every real gold document to train, dev or test
(``load_manifest``, ``split_stems``); ``bootstrap_tasks`` gives 95% intervals by resampling
documents; ``aggregate_only`` strips everything that names a held-out error (the test split
is never scored any other way).
"""

from __future__ import annotations

import re

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rich.console import Group
from rich.table import Table
from rich.text import Text

from congvan.text import compare_key, nfc

SCALAR_FIELDS = ("doc_number", "doc_type", "issuer", "issuer_parent", "place", "issue_date", "subject", "urgency",
                 "signer.name", "signer.title", "signer.authority")
LIST_FIELDS = ("addressees", "cc", "references")


def _get(doc: dict[str, Any], dotted: str) -> Any:
    value: Any = doc
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _norm(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(_norm(v) for v in value)
    if value is None:
        return ""
    key = compare_key(str(value))
    if key.startswith(("v/v ", "về việc ")):
        key = key.split(" ", 1)[1] if key.startswith("v/v ") else key[len("về việc "):]
    return key


def number_key(value: Any) -> str:
    """A document number compared without spaces: '3478 /BTTTT-VP' and '3478/BTTTT-VP' are one
    number (the spaces are the typist's, samples/README.md)."""
    return re.sub(r"\s+", "", compare_key(str(value))) if value else ""


def _items(doc: dict[str, Any], field: str) -> list[str]:
    values = doc.get(field) or []
    if field == "references":
        return [number_key(r.get("doc_number")) for r in values if r.get("doc_number")]
    return [compare_key(v) for v in values]


class Counts:
    """Micro-averaged precision/recall/F1."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _set_counts(gold: list[str], pred: list[str], same=lambda a, b: a == b) -> tuple[int, int, int, list[str], list[str]]:
    """One-to-one matching of two lists of keys; returns tp, fp, fn, missed gold, extra pred."""
    remaining = list(pred)
    missed = []
    tp = 0
    for g in gold:
        hit = next((p for p in remaining if same(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            remaining.remove(hit)
            tp += 1
    return tp, len(remaining), len(missed), missed, remaining


def _same_body(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 90)


def load_json_dir(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(nfc(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))]


# ---------------------------------------------------------------------------------- tasks
def _tokens(text: str | None) -> set[str]:
    return set(compare_key(text).replace(",", " ").replace(";", " ").split()) if text else set()


def _evidence_sim(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    g = _tokens((gold.get("evidence") or {}).get("text"))
    p = _tokens((pred.get("evidence") or {}).get("text"))
    if not g or not p:
        return 0.0
    return len(g & p) / min(len(g), len(p)) if min(len(g), len(p)) else 0.0


def _assignee_sim(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    g = [compare_key(a) for a in gold.get("assignees") or []]
    p = [compare_key(a) for a in pred.get("assignees") or []]
    if not g and not p:
        return 1.0
    tp, fp, fn, _, _ = _set_counts(g, p, _same_body)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def match_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index): best-scoring pairs first, evidence must overlap."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ev = _evidence_sim(g, p)
            if ev >= 0.5:
                scored.append((ev + 0.5 * _assignee_sim(g, p), gi, pi))
    scored.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _score, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _deadline_value(task: dict[str, Any]) -> str:
    deadline = task.get("deadline") or {}
    date = deadline.get("date")
    return str(date)[:10] if date else (deadline.get("kind") or "none")


def _gold_date(gold_task: dict[str, Any], gold_doc: dict[str, Any], pred_doc: dict[str, Any]) -> str | None:
    """Gold due date, re-anchored when the prediction was made with another receipt date."""
    deadline = gold_task.get("deadline") or {}
    date = deadline.get("date")
    if not date:
        return None
    received_gold = gold_doc.get("received_at")
    received_pred = (pred_doc.get("source") or {}).get("received_at")
    if deadline.get("kind") == "relative" and deadline.get("anchor") == "receipt" and received_gold and received_pred \
            and received_gold != received_pred and deadline.get("duration"):
        from congvan.extractors.calendar import add_duration

        # Re-anchor with the labelling guide's calendar (weekends + `holidays`), the one the gold
        # was computed with, not the extractor's office calendar: otherwise a make-up Saturday
        # or an extra day off would be scored right in this mode and wrong with each label's date.
        shifted = add_duration(dt.date.fromisoformat(received_pred), deadline["duration"], bool(deadline.get("working_days")),
                               office_calendar=False)
        return shifted.isoformat()
    return str(date)[:10]


def _triples(task: dict[str, Any], date: str | None = None) -> list[str]:
    value = date or _deadline_value(task)
    return [f"{compare_key(a)}@{value}" for a in task.get("assignees") or []]


def _deadline_span(task: dict[str, Any]) -> list[str]:
    """The deadline phrase as one item (compared case, tone and spacing insensitive), if the task has one."""
    deadline = task.get("deadline") or {}
    text = deadline.get("text")
    return [compare_key(text)] if text and (deadline.get("kind") or "none") != "none" else []


def _deadline_norm(task: dict[str, Any], date: str | None = None) -> list[str]:
    """The normalised deadline as one item: the due date when there is one, else kind plus its
    parameters (duration and anchor for relative, rrule for recurring). ``none`` gives no item."""
    deadline = task.get("deadline") or {}
    kind = deadline.get("kind") or "none"
    if kind == "none":
        return []
    date = date or (str(deadline["date"])[:10] if deadline.get("date") else None)
    if date:
        return [date]
    if kind == "relative":
        return [f"relative|{deadline.get('duration')}|{'wd' if deadline.get('working_days') else 'cd'}|{deadline.get('anchor')}"]
    if kind == "recurring":
        return [f"recurring|{deadline.get('rrule')}"]
    return [kind]


def evaluate_tasks(pairs_of_docs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    detection, assignee, lead, collab, triple = Counts(), Counts(), Counts(), Counts(), Counts()
    span, value = Counts(), Counts()
    kind_ok = kind_n = date_ok = date_n = 0
    misses: list[dict[str, Any]] = []
    for gold_doc, pred_doc in pairs_of_docs:
        gold, pred = gold_doc.get("tasks"), pred_doc.get("tasks") or []
        if gold is None:  # tasks not labelled for this letter
            continue
        pairs = match_tasks(gold, pred)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        detection.add(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
        name = gold_doc.get("file")
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                assignee.add(0, 0, len(g.get("assignees") or []))
                lead.add(0, 0, 1 if g.get("lead") else 0)
                collab.add(0, 0, len(g.get("collaborators") or []))
                triple.add(0, 0, len(_triples(g)))
                span.add(0, 0, len(_deadline_span(g)))
                value.add(0, 0, len(_deadline_norm(g, _gold_date(g, gold_doc, pred_doc))))
                misses.append({"file": name, "kind": "missed task", "gold": (g.get("evidence") or {}).get("text")})
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                assignee.add(0, len(p.get("assignees") or []), 0)
                lead.add(0, 1 if p.get("lead") else 0, 0)
                collab.add(0, len(p.get("collaborators") or []), 0)
                triple.add(0, len(_triples(p)), 0)
                span.add(0, len(_deadline_span(p)), 0)
                value.add(0, len(_deadline_norm(p)), 0)
                misses.append({"file": name, "kind": "spurious task", "pred": (p.get("evidence") or {}).get("text")})
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            for counts, key, field in ((assignee, "assignees", "assignees"), (collab, "collaborators", "collaborators")):
                gk = [compare_key(a) for a in g.get(key) or []]
                pk = [compare_key(a) for a in p.get(key) or []]
                tp, fp, fn, missed, extra = _set_counts(gk, pk, _same_body)
                counts.add(tp, fp, fn)
                if missed or extra:
                    misses.append({"file": name, "kind": f"wrong {field}", "gold": g.get(key), "pred": p.get(key),
                                   "evidence": (g.get("evidence") or {}).get("text")})
            gl = [compare_key(g["lead"])] if g.get("lead") else []
            pl = [compare_key(p["lead"])] if p.get("lead") else []
            tp, fp, fn, _, _ = _set_counts(gl, pl, _same_body)
            lead.add(tp, fp, fn)
            gd, pd = g.get("deadline") or {}, p.get("deadline") or {}
            kind_n += 1
            kind_ok += gd.get("kind", "none") == pd.get("kind", "none")
            gold_date = _gold_date(g, gold_doc, pred_doc)
            if gold_date:
                date_n += 1
                pred_date = str(pd.get("date"))[:10] if pd.get("date") else None
                date_ok += gold_date == pred_date
                if gold_date != pred_date:
                    misses.append({"file": name, "kind": "wrong deadline date", "gold": gold_date, "pred": pred_date,
                                   "phrase": gd.get("text"), "evidence": (g.get("evidence") or {}).get("text")})
            elif gd.get("kind") != pd.get("kind"):
                misses.append({"file": name, "kind": "wrong deadline kind", "gold": gd.get("kind"), "pred": pd.get("kind"),
                               "phrase": gd.get("text")})
            tp, fp, fn, _, _ = _set_counts(_triples(g, gold_date), _triples(p), lambda a, b: a.rsplit("@", 1)[1] == b.rsplit("@", 1)[1] and _same_body(a.rsplit("@", 1)[0], b.rsplit("@", 1)[0]))
            triple.add(tp, fp, fn)
            tp, fp, fn, _, _ = _set_counts(_deadline_span(g), _deadline_span(p))
            span.add(tp, fp, fn)
            tp, fp, fn, _, _ = _set_counts(_deadline_norm(g, gold_date), _deadline_norm(p))
            value.add(tp, fp, fn)
    return {
        "detection": detection.as_dict(),
        "assignees": assignee.as_dict(),
        "lead": lead.as_dict(),
        "collaborators": collab.as_dict(),
        "deadline_kind_accuracy": round(kind_ok / kind_n, 4) if kind_n else None,
        "deadline_date_accuracy": round(date_ok / date_n, 4) if date_n else None,
        "deadline_counts": {"kind": kind_n, "date": date_n},
        "deadline_span": span.as_dict(),
        "deadline_value": value.as_dict(),
        "triple": triple.as_dict(),
        "misses": misses,
    }


# ------------------------------------------------------------------------------- metadata
def evaluate_dirs(gold_dir: Path, pred_dir: Path, only: set[str] | None = None, resamples: int = 0) -> dict[str, Any]:
    """Full report for a gold folder against a folder of predicted Documents.

    ``only`` restricts the gold to these file stems (a split of the manifest). With
    ``resamples`` > 0 the task measures get 95% bootstrap intervals over documents."""
    golds = {g["file"]: g for g in load_json_dir(gold_dir) if only is None or g["file"] in only}
    preds = load_json_dir(pred_dir)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for pred in preds:
        stem = Path((pred.get("source") or {}).get("path", "")).stem
        if stem in golds:
            pairs.append((golds[stem], pred))
    predicted_stems = {Path((p.get("source") or {}).get("path", "")).stem for p in preds}
    missing = sorted(set(golds) - predicted_stems)

    fields: dict[str, dict[str, Any]] = {}
    by_format: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for field in SCALAR_FIELDS + LIST_FIELDS:
        ok = 0
        mismatches = []
        counts = Counts()
        for gold, pred in pairs:
            fmt = (pred.get("source") or {}).get("format", "?")
            if field in LIST_FIELDS:
                g, p = _items(gold, field), _items(pred, field)
                tp, fp, fn, missed, extra = _set_counts(g, p, _same_body)
                counts.add(tp, fp, fn)
                good = not missed and not extra
                detail = {"missed": missed, "extra": extra}
            else:
                g, p = _get(gold, field), _get(pred, field)
                good = number_key(g) == number_key(p) if field == "doc_number" else _norm(g) == _norm(p)
                detail = {"gold": g, "pred": p}
            ok += good
            by_format[fmt][field][0] += good
            by_format[fmt][field][1] += 1
            if not good:
                mismatches.append({"file": gold["file"], "format": fmt, **detail})
        entry: dict[str, Any] = {"accuracy": round(ok / len(pairs), 4) if pairs else None, "n": len(pairs),
                                 "mismatches": mismatches}
        if field in LIST_FIELDS:
            entry.update(counts.as_dict())
        fields[field] = entry
    return {
        "gold": str(gold_dir),
        "pred": str(pred_dir),
        "documents": len(pairs),
        "gold_without_prediction": missing,
        "metadata": fields,
        "metadata_by_format": {fmt: {f: round(v[0] / v[1], 4) for f, v in d.items()} for fmt, d in by_format.items()},
        "tasks": evaluate_tasks(pairs),
        "ci95": bootstrap_tasks(pairs, resamples) if resamples else {},
    }


# ------------------------------------------------------------------- splits and intervals
SPLITS = ("train", "dev", "test")
CI_MEASURES = ("detection", "assignees", "deadline_span", "deadline_value", "triple")
MANIFEST_COLUMNS = ("file", "source_path", "source_sha256", "gold_sha256", "issuer", "issuer_held_out", "split", "batch",
                    "labelled_by", "double_labelled")


def default_manifest() -> Path:
    return Path(__file__).resolve().parents[1] / "samples" / "splits.tsv"


def load_manifest(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of ``samples/splits.tsv``: one per real gold document (see samples/README.md)."""
    path = path or default_manifest()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def split_stems(split: str, manifest: list[dict[str, str]], gold_dir: Path) -> set[str] | None:
    """The gold stems of one split. Gold files the manifest does not list (the synthetic set,
    ``samples/gold``) belong to ``train``. ``all`` gives None (no filter)."""
    if split == "all":
        return None
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use train, dev, test or all")
    listed = {row["file"]: row["split"] for row in manifest}
    stems = {p.stem for p in gold_dir.glob("*.json")}
    return {s for s in stems if listed.get(s, "train") == split}


def bootstrap_tasks(pairs: list[tuple[dict[str, Any], dict[str, Any]]], resamples: int = 1000, seed: int = 14) -> dict[str, Any]:
    """95% percentile intervals of the task F1s, resampling documents with replacement.

    The unit is the gold document: a letter scored in two formats is resampled as one."""
    import random

    by_doc: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for gold, pred in pairs:
        if gold.get("tasks") is not None:
            by_doc[gold.get("file") or ""].append((gold, pred))
    docs = sorted(by_doc)
    if not docs:
        return {}
    per_doc = []
    for name in docs:
        result = evaluate_tasks(by_doc[name])
        per_doc.append({m: (result[m]["tp"], result[m]["fp"], result[m]["fn"]) for m in CI_MEASURES})
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {m: [] for m in CI_MEASURES}
    for _ in range(resamples):
        picks = [per_doc[rng.randrange(len(per_doc))] for _ in docs]
        for m in CI_MEASURES:
            c = Counts()
            for d in picks:
                c.add(*d[m])
            samples[m].append(c.as_dict()["f1"])
    out: dict[str, Any] = {"resamples": resamples, "seed": seed, "documents": len(docs)}
    for m in CI_MEASURES:
        values = sorted(samples[m])
        out[m] = [values[int(0.025 * (len(values) - 1))], values[int(round(0.975 * (len(values) - 1)))]]
    return out


def aggregate_only(report: dict[str, Any]) -> dict[str, Any]:
    """The report without anything that names a held-out error: no per-task misses, no metadata
    mismatches, no file names. Used for the test split."""
    out = dict(report)
    out["tasks"] = {k: v for k, v in report["tasks"].items() if k != "misses"}
    out["metadata"] = {f: {k: v for k, v in e.items() if k != "mismatches"} for f, e in report["metadata"].items()}
    out["gold_without_prediction"] = len(report["gold_without_prediction"])
    out["aggregate_only"] = True
    return out


def predict_gold_letters(gold_dir: Path, letters: Path | None, out: Path, labelled_tasks_only: bool = False,
                         only: set[str] | None = None) -> int:
    """Extract every letter a gold folder labels into ``out`` (one Document JSON each).

    The letter is found in ``letters`` by file stem (every format present is extracted), or at
    the label's ``source_path`` (relative to the repository root, i.e. the gold folder's
    grandparent). Each is read with the receipt date its label records, so relative deadlines are
    comparable.
    """
    from congvan.pipeline import process_file

    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for label_path in sorted(gold_dir.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        if labelled_tasks_only and label.get("tasks") is None:
            continue
        if only is not None and label.get("file") not in only:
            continue
        received = dt.date.fromisoformat(label["received_at"]) if label.get("received_at") else None
        if letters is not None:
            sources = sorted(p for p in letters.glob(f"{label['file']}.*") if p.suffix in (".pdf", ".docx", ".txt"))
        elif label.get("source_path"):
            # source_path is relative to the repository root: samples/<set>/ sits two levels below it
            roots = [gold_dir.resolve().parents[1], Path.cwd()]
            sources = [next(((r / label["source_path"]).resolve() for r in roots if (r / label["source_path"]).exists()),
                            (roots[0] / label["source_path"]).resolve())]
        else:
            sources = []
        for source in sources:
            if not source.exists():
                continue
            document = process_file(source, received)
            (out / f"{document.id}.json").write_text(document.model_dump_json(), encoding="utf-8")
            count += 1
    return count


def render_report(report: dict[str, Any], show: int = 10, title: str = "") -> Group:
    """Rich tables for the terminal. An aggregate-only report (test split) lists no mismatches."""
    aggregate = bool(report.get("aggregate_only"))
    meta = Table(title=f"{title}Metadata: {report['documents']} documents ({report['gold']})")
    meta.add_column("field")
    meta.add_column("accuracy", justify="right")
    meta.add_column("P / R / F1 (lists)", justify="right")
    for field, entry in report["metadata"].items():
        prf = f"{entry['precision']:.3f} / {entry['recall']:.3f} / {entry['f1']:.3f}" if "f1" in entry else ""
        acc = "-" if entry["accuracy"] is None else f"{entry['accuracy']:.3f}"
        meta.add_row(field, acc, prf)
    tasks = report["tasks"]
    ci = report.get("ci95") or {}
    task_table = Table(title=f"{title}Tasks" + (f" (95% CI: {ci['resamples']} document resamples, seed {ci['seed']})" if ci else ""))
    task_table.add_column("measure")
    task_table.add_column("precision", justify="right")
    task_table.add_column("recall", justify="right")
    task_table.add_column("F1", justify="right")
    task_table.add_column("95% CI", justify="right")
    task_table.add_column("tp/fp/fn", justify="right")
    for key in ("detection", "assignees", "lead", "collaborators", "deadline_span", "deadline_value", "triple"):
        c = tasks[key]
        interval = f"{ci[key][0]:.3f}-{ci[key][1]:.3f}" if key in ci else ""
        task_table.add_row(key, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", interval, f"{c['tp']}/{c['fp']}/{c['fn']}")
    for key in ("deadline_kind_accuracy", "deadline_date_accuracy"):
        value = tasks[key]
        task_table.add_row(key, "", "", "-" if value is None else f"{value:.3f}", "", str(tasks["deadline_counts"][key.split("_")[1]]))
    parts: list[Any] = [meta, task_table]
    if aggregate:
        parts.append(Text("Held-out split: aggregate numbers only; mismatches are not listed (samples/README.md)."))
        return Group(*parts)
    lines = []
    for field, entry in report["metadata"].items():
        for mismatch in entry["mismatches"][:show]:
            lines.append(f"{field}: {json.dumps(mismatch, ensure_ascii=False, default=str)}")
    for miss in tasks["misses"][:show * 3]:
        lines.append(f"task: {json.dumps(miss, ensure_ascii=False, default=str)}")
    if report["gold_without_prediction"]:
        lines.append(f"gold without prediction: {', '.join(report['gold_without_prediction'])}")
    if lines:
        parts.append(Text("Mismatches\n" + "\n".join(lines)))
    return Group(*parts)

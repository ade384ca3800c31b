"""Gold labels → the units the extractor judges, each labelled TASK / NOT_TASK with AGENCY and
DEADLINE spans.

A document is read with the project's own reader and layout (``readers.read_file``,
``layout.regions.split_regions``, ``layout.units.body_units``, exactly as
``extractors.tasks.extract_tasks`` does), so the model sees the very units the rules see.

A unit is TASK when a gold task's evidence matches it. The match is the evaluation's own
(``congvan.evaluation._evidence_sim`` ≥ 0.5, tokens after NFC, tone, case and spacing
normalisation), taken one to one per distinct evidence sentence, best pair first; among equal
pairs the unit whose text *equals* the evidence (NFC, whitespace collapsed) wins, then the one
closest in length, so a heading whose few words all occur in a long task sentence does not steal it.

Spans, in the unit's whitespace-collapsed text: AGENCY for every gold assignee and collaborator
of the unit's tasks found verbatim (NFC; case-sensitive first, then case-insensitive), DEADLINE
for the gold deadline text found verbatim. Overlapping finds keep the longer.

Gold folders accepted: ``samples/gold`` (synthetic; the letter is found in ``samples/letters``
by stem), ``samples/gold-real`` (``source_path`` relative to the repository root) and the output
of ``congvan review export-gold`` (same format; ``source_path`` as the register recorded it,
absolute or relative to where ``congvan process`` ran; ``--letters`` finds it by stem otherwise).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from congvan.evaluation import _evidence_sim, load_manifest, split_stems
from congvan.text import nfc, squash

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@dataclass
class LabelledUnit:
    text: str  # the unit's text, whitespace collapsed (what the model reads)
    task: bool
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, AGENCY|DEADLINE) in text
    index: int = 0  # position among the document's units
    is_heading: bool = False
    prefix: int = 0  # length of the heading context before the unit in ``text`` (no spans labelled there)


@dataclass
class GoldDoc:
    gold: dict[str, Any]
    source: Path
    split: str


from congvan.extractors.task_model import model_text  # noqa: E402  (one definition, runtime's)


def _strip_marker(text: str) -> str:
    from congvan.layout.units import MARKERS

    for _name, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            return text[match.end():]
    return text


# ------------------------------------------------------------------------------ sources
def resolve_source(gold: dict[str, Any], gold_dir: Path, letters: Path | None = None) -> Path | None:
    """The letter a gold label describes (see the module docstring for the places looked in)."""
    if letters is not None:
        for suffix in (".docx", ".txt", ".pdf", ".doc", ".odt"):
            candidate = letters / f"{gold['file']}{suffix}"
            if candidate.exists():
                return candidate
        # `congvan schedule` archives letters under OUT/archive/YYYY/MM/: look below too
        found = sorted(p for p in letters.rglob(f"{gold['file']}.*") if p.suffix.lower() in (".docx", ".txt", ".pdf", ".doc", ".odt"))
        if found:
            return found[0]
    source_path = gold.get("source_path")
    if source_path:
        raw = Path(source_path)
        for base in (None, ROOT, gold_dir.resolve().parents[1] if len(gold_dir.resolve().parents) > 1 else None, Path.cwd()):
            if raw.is_absolute() and base is None:
                if raw.exists():
                    return raw
            elif base is not None and (base / raw).exists():
                return (base / raw).resolve()
    return None


def gold_documents(split: str, *, manifest: Path | None = None, real: Path | None = None, synthetic: Path | None = None,
                   extra: Iterable[Path] = (), letters: Path | None = None, synthetic_too: bool = True) -> list[GoldDoc]:
    """Task-labelled gold documents of one split, with their source files.

    train = the manifest's train rows of ``samples/gold-real`` + all of ``samples/gold`` (DOCX
    rendering only, one per letter) + every ``extra`` folder (reviewer corrections from
    ``congvan review export-gold``). dev = the manifest's dev rows. ``test`` is refused here:
    test documents are never training or threshold data (``congvan.training.compare`` reads them
    for the aggregate score only)."""
    if split not in ("train", "dev"):
        raise ValueError("training data comes from train and dev only; test is scored in aggregate by compare")
    rows = load_manifest(manifest)
    real = real or SAMPLES / "gold-real"
    out: list[GoldDoc] = []
    stems = split_stems(split, rows, real) or set()
    held_stems = {r["file"] for r in rows if r["split"] in ("dev", "test")}
    for path in sorted(real.glob("*.json")):
        if path.stem not in stems:
            continue
        gold = json.loads(nfc(path.read_text(encoding="utf-8")))
        if gold.get("tasks") is None:
            continue
        source = resolve_source(gold, real)
        if source is not None:
            out.append(GoldDoc(gold, source, split))
    if split == "train" and synthetic_too:
        synthetic = synthetic or SAMPLES / "gold"
        for path in sorted(synthetic.glob("*.json")):
            gold = json.loads(nfc(path.read_text(encoding="utf-8")))
            source = resolve_source(gold, synthetic, letters or SAMPLES / "letters")
            if gold.get("tasks") is not None and source is not None:
                out.append(GoldDoc(gold, source, "train"))
    if split == "train":
        for folder in extra:
            for path in sorted(Path(folder).glob("*.json")):
                gold = json.loads(nfc(path.read_text(encoding="utf-8")))
                if gold.get("tasks") is None:
                    continue
                if gold.get("file") in held_stems:
                    continue  # a reviewed copy of a dev or test letter stays out of training
                source = resolve_source(gold, Path(folder), letters)
                if source is not None:
                    out.append(GoldDoc(gold, source, "train"))
    return out


# ------------------------------------------------------------------------------ units
def read_units(source: Path):
    """(ReadDocument, Regions, units) exactly as ``extract_tasks`` builds them."""
    from congvan.layout.regions import split_regions
    from congvan.layout.units import body_units
    from congvan.readers import read_file

    from congvan.layout.tables import region_tables, table_lines

    read = read_file(source)
    regions = split_regions(read)
    units = body_units(regions, read.format, table_lines(region_tables(regions)))
    return read, regions, units


def _evidence_texts(gold: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    for task in gold.get("tasks") or []:
        text = squash(nfc((task.get("evidence") or {}).get("text") or ""))
        if text and text not in seen:
            seen.append(text)
    return seen


def match_units(evidences: list[str], unit_texts: list[str]) -> dict[int, int]:
    """evidence index → unit index, one to one, with the evaluation's evidence similarity."""
    scored = []
    for ei, ev in enumerate(evidences):
        for ui, text in enumerate(unit_texts):
            stripped = squash(_strip_marker(text))
            sim = _evidence_sim({"evidence": {"text": ev}}, {"evidence": {"text": stripped}})
            if sim >= 0.5:
                exact = stripped == ev or text == ev
                closeness = -abs(len(stripped) - len(ev)) / max(len(ev), 1)
                scored.append((sim, exact, closeness, -ui, ei, ui))
    scored.sort(reverse=True)
    used_e: set[int] = set()
    used_u: set[int] = set()
    pairs: dict[int, int] = {}
    for *_keys, ei, ui in scored:
        if ei not in used_e and ui not in used_u:
            used_e.add(ei)
            used_u.add(ui)
            pairs[ei] = ui
    return pairs


def _find(text: str, needle: str) -> tuple[int, int] | None:
    needle = squash(nfc(needle or ""))
    if len(needle) < 2:
        return None
    for pattern in (re.compile(re.escape(needle)), re.compile(re.escape(needle), re.IGNORECASE)):
        match = pattern.search(text)
        if match:
            return match.start(), match.end()
    return None


def _spans(text: str, tasks: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for task in tasks:
        for body in [*(task.get("assignees") or []), *(task.get("collaborators") or [])]:
            hit = _find(text, body)
            if hit:
                found.append((*hit, "AGENCY"))
        deadline = task.get("deadline") or {}
        if deadline.get("text") and (deadline.get("kind") or "none") != "none":
            hit = _find(text, deadline["text"])
            if hit:
                found.append((*hit, "DEADLINE"))
    # longest first, no overlaps
    kept: list[tuple[int, int, str]] = []
    for span in sorted(set(found), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def label_units(gold: dict[str, Any], units: list[Any], context: str = "unit") -> list[LabelledUnit]:
    """Every unit of a document, TASK when a gold evidence matches it, with its spans.

    ``context="headings"``: ``text`` is the model input with the enclosing headings first
    (``extractors.task_model.model_input``); spans are shifted by ``prefix``."""
    from congvan.extractors.task_model import model_input

    texts = [model_text(u.text) for u in units]
    evidences = _evidence_texts(gold)
    pairs = match_units(evidences, texts)
    tasks_of: dict[int, list[dict[str, Any]]] = {}
    for task in gold.get("tasks") or []:
        ev = squash(nfc((task.get("evidence") or {}).get("text") or ""))
        if ev in evidences and evidences.index(ev) in pairs:
            tasks_of.setdefault(pairs[evidences.index(ev)], []).append(task)
    out = []
    for index, (unit, text) in enumerate(zip(units, texts)):
        tasks = tasks_of.get(index, [])
        full, prefix = model_input(units, index, context)
        spans = [(a + prefix, b + prefix, label) for a, b, label in _spans(text, tasks)]
        out.append(LabelledUnit(full, bool(tasks), spans, index, bool(unit.is_heading), prefix))
    return out


def labelled_document(doc: GoldDoc, context: str = "unit") -> tuple[list[LabelledUnit], int]:
    """(labelled units, gold evidences that matched no unit)."""
    _read, _regions, units = read_units(doc.source)
    labelled = label_units(doc.gold, units, context)
    unmatched = len(_evidence_texts(doc.gold)) - sum(u.task for u in labelled)
    return labelled, unmatched


def received_of(gold: dict[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(gold["received_at"]) if gold.get("received_at") else None

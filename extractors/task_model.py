"""The small task model beside the rules (issue 14): load it, score units, decide per unit.

The model (``congvan/data/task_model/``, trained by ``make train`` from
``congvan/training/config.cfg``) is a blank Vietnamese spaCy pipeline: a textcat that says
whether a directive unit is a task (``TASK`` / ``NOT_TASK``) and an ner for ``AGENCY`` and
``DEADLINE`` spans. It ships as package data and is loaded lazily from there, never downloaded.
It is pinned to the spaCy minor version it was trained with (``meta.json``, block ``congvan``):
another minor refuses to load with ``ModelVersionError``; run ``make train`` again.

The rules stay in charge of roles (chủ trì / phối hợp) and deadline normalisation. The model only
decides *which units are tasks*; for a unit it accepts that the rules dropped, the rules' own
functions (``extractors.nlp.analyse`` → roles and deadline, ``heading_roles`` for an enclosing
heading) fill the task, with the model's AGENCY spans as the last resort for the assignee.

Variants (``decide``, pure):
- ``rules``: the rules' decision;
- ``model``: the model's decision, ``p(TASK) ≥ accept``;
- ``hybrid``: rule tasks kept unless ``p < remove``; units the rules dropped added when ``p ≥ add``
  (and, with ``require_body``, only when the rules' role functions find a body for them).
Thresholds are chosen on the dev split by ``congvan.training.compare`` and stored next to the
model (``congvan/data/task_model.thresholds.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Callable, Sequence

VARIANTS = ("rules", "model", "hybrid")


def model_text(unit_text: str) -> str:
    """What the model reads for a unit: NFC, whitespace collapsed, list marker kept ('2.', 'a)')."""
    from congvan.text import nfc, squash

    return squash(nfc(unit_text))


CONTEXT_SEP = " ⟩ "


def model_input(units: Sequence[Any], index: int, context: str = "headings") -> tuple[str, int]:
    """(text the model reads, where the unit starts in it). With ``context="headings"`` the unit is
    preceded by its outermost and nearest enclosing headings (8 words each), so that the model sees
    'I. MỤC ĐÍCH, YÊU CẦU ⟩ …' or '2. Sở Y tế: ⟩ …' as the rules do; ``"unit"``: the unit alone."""
    unit = units[index]
    text = model_text(unit.text)
    if context != "headings" or not unit.parents:
        return text, 0
    heads = []
    for parent in dict.fromkeys([unit.parents[0], unit.parents[-1]]):
        heads.append(" ".join(model_text(units[parent].text).split()[:8]))
    prefix = CONTEXT_SEP.join(heads) + CONTEXT_SEP
    return prefix + text, len(prefix)


def model_context(nlp) -> str:
    return (nlp.meta.get("congvan") or {}).get("input", "unit")


def _package_model_dir() -> Path:
    """The shipped model inside the installed ``congvan`` package (editable or not)."""
    import congvan

    return Path(congvan.__file__).resolve().parent / "data" / "task_model"


def thresholds_path() -> Path:
    return _package_model_dir().parent / "task_model.thresholds.json"


class ModelVersionError(RuntimeError):
    """The shipped model was trained with another spaCy minor version than the installed one."""


def check_version(meta: dict[str, Any], installed: str | None = None) -> None:
    """Refuse a model trained on another spaCy minor (3.8 model on 3.9 spaCy, say)."""
    if installed is None:
        import spacy

        installed = spacy.__version__
    trained = (meta.get("congvan") or {}).get("spacy_minor")
    if trained is None:
        raise ModelVersionError("the task model's meta.json has no congvan.spacy_minor: it was not built by `make train`")
    have = ".".join(installed.split(".")[:2])
    if have != trained:
        raise ModelVersionError(
            f"the task model was trained with spaCy {trained}.x but spaCy {installed} is installed; "
            f"spaCy models do not carry across minor versions: run `make train` to retrain it, "
            f"or install spacy=={trained}.*")


def load_model(path: Path | None = None):
    """The spaCy pipeline, from package data (no download). Checks the version first."""
    path = Path(path) if path is not None else _package_model_dir()
    if path == _package_model_dir():
        return _load_cached(str(path))
    return _load(path)


@cache
def _load_cached(path: str):
    return _load(Path(path))


def _load(path: Path):
    meta_file = path / "meta.json"
    if not meta_file.exists():
        raise FileNotFoundError(f"no task model at {path}: run `make train`")
    check_version(json.loads(meta_file.read_text(encoding="utf-8")))
    import spacy

    return spacy.load(path)


def shipped_thresholds() -> dict[str, float]:
    path = thresholds_path()
    defaults = {"accept": 0.5, "add": 0.9, "remove": 0.1}
    if path.exists():
        defaults.update({k: float(v) for k, v in json.loads(path.read_text(encoding="utf-8")).get("thresholds", {}).items()})
    return defaults


@dataclass(frozen=True)
class UnitScore:
    task: float  # p(TASK)
    agencies: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()


def score_texts(texts: Sequence[str], nlp=None, offsets: Sequence[int] | None = None) -> list[UnitScore]:
    """p(TASK) and the AGENCY / DEADLINE spans of each model input; spans before ``offsets[i]``
    (in the heading context) are not the unit's and are dropped."""
    nlp = nlp or load_model()
    offsets = list(offsets) if offsets is not None else [0] * len(texts)
    out = []
    for doc, offset in zip(nlp.pipe(list(texts), batch_size=64), offsets):
        ents = [e for e in doc.ents if e.start_char >= offset]
        out.append(UnitScore(
            task=float(doc.cats.get("TASK", 0.0)),
            agencies=tuple(e.text for e in ents if e.label_ == "AGENCY"),
            deadlines=tuple(e.text for e in ents if e.label_ == "DEADLINE"),
        ))
    return out


def score_units(units: Sequence[Any], nlp=None) -> list[UnitScore]:
    """Scores for the units ``extract_tasks`` iterated, in the input form the model was trained on."""
    nlp = nlp or load_model()
    inputs = [model_input(units, i, model_context(nlp)) for i in range(len(units))]
    return score_texts([t for t, _ in inputs], nlp, [o for _, o in inputs])


def decide(rule_units: Sequence[bool], probs: Sequence[float], variant: str, *, accept: float = 0.5,
           add: float = 0.9, remove: float = 0.1, protected: Sequence[bool] | None = None) -> list[bool]:
    """Per unit: is it a task? Pure and deterministic (same inputs, same output).

    ``protected`` (hybrid): units whose rule tasks the model may not remove (say, the rules were
    sure of them)."""
    if len(rule_units) != len(probs) or (protected is not None and len(protected) != len(probs)):
        raise ValueError("one rule decision and one probability per unit")
    if variant == "rules":
        return [bool(r) for r in rule_units]
    if variant == "model":
        return [p >= accept for p in probs]
    if variant == "hybrid":
        keep = protected or [False] * len(probs)
        return [(k or p >= remove) if r else (p >= add) for r, p, k in zip(rule_units, probs, keep)]
    raise ValueError(f"unknown variant {variant!r}: use one of {VARIANTS}")


def protected_units(units: Sequence[Any], rule_tasks: Sequence[Any], protect_above: float) -> list[bool]:
    """Units with a rule task of confidence ≥ ``protect_above`` (trigger 0.9, addressee 0.85, subject
    0.75, heading 0.7, others 0.6; minus 0.05 without a deadline): the hybrid keeps those."""
    out = [False] * len(units)
    for task in rule_tasks:
        index = unit_of_task(units, task)
        if index is not None and task.confidence >= protect_above:
            out[index] = True
    return out


def unit_of_task(units: Sequence[Any], task: Any) -> int | None:
    """The index of the unit a rule task's evidence points at (same page, same end offset)."""
    evidence = task.evidence
    if evidence is None:
        return None
    for index, unit in enumerate(units):
        if unit.page == evidence.page and unit.end == evidence.end and unit.start <= evidence.start <= unit.end:
            return index
    return None


def _strip_marker(text: str) -> tuple[str, int]:
    """The unit's text without its list marker ('2.', 'a)', '-'), and the marker's length."""
    from congvan.layout.units import MARKERS

    for _name, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            return text[match.end():], match.end()
    return text, 0


def fill_task(units: Sequence[Any], index: int, *, context: dict[str, Any], doc_id: str, ordinal: int,
              agencies: Sequence[str] = ()) -> Any:
    """A Task for a unit the rules did not make one of, with the rules' roles and deadline.

    Roles: the unit's own (``analyse``), else the nearest enclosing heading's (``heading_roles``),
    else the letter's addressees, else the model's AGENCY spans; a borrowed set takes its lead,
    phối hợp bodies and report-to from the unit itself, as ``extract_tasks`` does. Deadline: the
    unit's own, else the heading's. Only the public functions of ``nlp`` and ``roles`` are called
    (none is changed), so this survives the rule-table refactor of ``extractors/tasks.py``."""
    import re

    from congvan.extractors.nlp import analyse
    from congvan.extractors.roles import Roles, collaborators_in, heading_roles, report_to
    from congvan.models import Deadline, Evidence, Task
    from congvan.text import squash

    unit = units[index]
    text, marker_len = _strip_marker(unit.text)
    doc = analyse(text, **context)
    roles, found = doc._.roles, doc._.deadline
    confidence = 0.7  # the model's call, with the unit's own roles
    if roles is None or not roles.assignees:
        confidence = 0.6  # ... with roles borrowed from elsewhere
        source: list[str] = []
        heading_deadline = None
        for parent in reversed(unit.parents):
            parent_text = _strip_marker(units[parent].text)[0]
            handed = heading_roles(parent_text, context.get("addressees") or [])
            if not source and handed is not None and handed.assignees:
                source = list(handed.assignees)
            if heading_deadline is None:
                heading_deadline = analyse(parent_text, **context)._.deadline
            if source and heading_deadline is not None:
                break
        found = found or heading_deadline
        source = source or list(context.get("addressees") or []) or list(dict.fromkeys(agencies))
        lead = source[0] if source and re.match(r"^\s*Chủ\s+trì\b", text, re.IGNORECASE) else None
        roles = Roles(assignees=source, lead=lead, collaborators=collaborators_in(text), report_to=report_to(text),
                      how="model")
    deadline = found.deadline if found is not None else Deadline(kind="none")
    if deadline.kind == "none":
        confidence -= 0.05
    start = max(roles.action_start, roles.collaborators_end)
    stop = found.start if found is not None and found.start - start > 10 else len(text)
    action = squash(text[start:stop]).strip(" ,;:.") or None
    if action and len(action) > 220:
        action = action[:220].rsplit(" ", 1)[0] + " …"
    fields: dict[str, Any] = dict(
        id=f"{doc_id}-t{ordinal + 1:02d}",
        assignees=list(roles.assignees),
        lead=roles.lead,
        collaborators=[c for c in roles.collaborators if c not in roles.assignees],
        action=action,
        report_to=roles.report_to,
        deadline=deadline,
        evidence=Evidence(page=unit.page, text=squash(unit.text[marker_len:]), start=unit.start + marker_len, end=unit.end),
        confidence=round(confidence, 2),
    )
    if "rules" in Task.model_fields:  # the rule-table refactor names what produced a task
        fields["rules"] = ["model.task_model"]
    return Task(**fields)


def assemble(units: Sequence[Any], rule_tasks: Sequence[Any], decisions: Sequence[bool],
             fill: Callable[[int], list[Any]]) -> list[Any]:
    """The tasks of the accepted units, in reading order: a unit's rule tasks when the rules made
    any (their roles and deadlines stand), else ``fill(index)`` (the rules' functions on it)."""
    by_unit: dict[int, list[Any]] = {}
    orphans = []
    for task in rule_tasks:
        index = unit_of_task(units, task)
        if index is None:
            orphans.append(task)  # cannot happen with today's extractor; kept rather than lost
        else:
            by_unit.setdefault(index, []).append(task)
    out = list(orphans)
    for index, accepted in enumerate(decisions):
        if accepted:
            out.extend(by_unit.get(index) or fill(index))
    return out


def apply_model(units: Sequence[Any], rule_tasks: Sequence[Any], *, context: dict[str, Any], doc_id: str,
                variant: str = "hybrid", thresholds: dict[str, float] | None = None, nlp=None) -> list[Any]:
    """What ``extract_tasks`` would return with the model: the one call that wires it in.

    ``units`` are the units ``extract_tasks`` iterated, ``rule_tasks`` its result, ``context`` its
    ``analyse`` context (letter_date, received, addressees)."""
    if variant == "rules":
        return list(rule_tasks)
    thresholds = {**shipped_thresholds(), **(thresholds or {})}
    require_body = bool(thresholds.pop("require_body", 0))
    protect_above = thresholds.pop("protect_above", 1.01)
    scores = score_units(units, nlp)
    covered = {unit_of_task(units, t) for t in rule_tasks}
    protected = protected_units(units, rule_tasks, protect_above)
    decisions = decide([i in covered for i in range(len(units))], [s.task for s in scores], variant,
                       protected=protected, **thresholds)
    counter = iter(range(len(rule_tasks), 10**6))

    def fill(i: int) -> list[Any]:
        task = fill_task(units, i, context=context, doc_id=doc_id, ordinal=next(counter), agencies=scores[i].agencies)
        return [task] if task.assignees or not require_body else []

    return assemble(units, rule_tasks, decisions, fill)


__all__ = ["model_text", "ModelVersionError", "check_version", "load_model", "score_texts", "score_units", "model_input", "decide", "assemble", "fill_task",
           "apply_model", "shipped_thresholds", "VARIANTS"]

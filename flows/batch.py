"""The inbox batch as plain functions: scan → extract → commit → export.

The CLI's direct path calls :func:`run_batch`; the Prefect flow in ``process_inbox.py``
wraps the very same functions as Prefect tasks. Nothing here imports Prefect, so a
clerk processing three letters does not pay Prefect's start-up cost.

Guarantees: input files are only read, never modified or moved; a letter's JSON is
written only after its register row is committed; every output file is replaced
atomically; one bad letter is quarantined (a copy plus ``.error.json``) and the batch
goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from congvan.models import Document
from congvan.outputs.atomic import write_text_atomic
from congvan.outputs.json_feed import write_document, write_task_feed
from congvan.outputs.store import Register, default_url
from congvan.outputs.xlsx import write_register
from congvan.pipeline import process_file, sha256_file
from congvan.readers import SUPPORTED_SUFFIXES, ReadError

# Names that mean "still being written or not a letter": browser downloads, Office lock files.
TEMPORARY_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download")


@dataclass
class Outcome:
    """What happened to one file."""

    path: Path
    sha256: str | None = None
    document: Document | None = None
    error_code: str | None = None
    error: str | None = None
    seconds: float = 0.0
    status: str = "pending"  # new | duplicate | unchanged | quarantined


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return any(o.status == "quarantined" for o in self.outcomes)


def is_candidate(path: Path) -> bool:
    """A file the batch should look at now: visible, not a lock or partial download."""
    name = path.name
    return (
        path.is_file()
        and not name.startswith((".", "~$"))
        and not name.lower().endswith(TEMPORARY_SUFFIXES)
    )


def scan_inbox(inbox: Path) -> list[Path]:
    """Letters waiting in the inbox (recursively), in a stable order."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder not found: {inbox}")
    return sorted(
        (p for p in inbox.rglob("*") if is_candidate(p) and not any(part.startswith(".") for part in p.relative_to(inbox).parts)),
        key=lambda p: str(p),
    )


def extract_one(path: Path, received_at: dt.date | None = None) -> Outcome:
    """Read and extract one file, turning every failure into an Outcome (never raises)."""
    started = time.perf_counter()
    outcome = Outcome(path)
    try:
        outcome.sha256 = sha256_file(path)
        outcome.document = process_file(path, received_at)
    except ReadError as exc:
        outcome.error_code, outcome.error = exc.code, exc.message
    except MemoryError:
        outcome.error_code, outcome.error = "too_large", "ran out of memory reading this file"
    except Exception as exc:  # a bug must not stop the batch; the reason goes to quarantine
        outcome.error_code = "internal_error"
        outcome.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def quarantine(out: Path, outcome: Outcome) -> Path:
    """Copy the file to OUT/quarantine/ with a ``.error.json`` saying why; the original stays put."""
    folder = out / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / outcome.path.name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        n += 1
        target = folder / f"{stem}.{n}{suffix}"
    tmp = folder / f".{target.name}.tmp"
    shutil.copy2(outcome.path, tmp)
    os.replace(tmp, target)
    report = {
        "file": str(outcome.path),
        "sha256": outcome.sha256,
        "code": outcome.error_code,
        "reason": outcome.error,
        "quarantined_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    write_text_atomic(target.with_name(target.name + ".error.json"), json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return target


def commit(register: Register, out: Path, outcome: Outcome) -> Outcome:
    """Store one extracted letter (or quarantine it) and write its JSON after the commit."""
    path = str(outcome.path)
    st = outcome.path.stat()
    stat = (st.st_size, st.st_mtime_ns)
    if outcome.document is None:
        quarantine(out, outcome)
        register.record_failure(outcome.sha256 or "", path, f"{outcome.error_code}: {outcome.error}", stat)
        outcome.status = "quarantined"
        return outcome
    if register.add(outcome.document, path, stat):
        write_document(out, outcome.document)
        outcome.status = "new"
    else:
        outcome.status = "duplicate"
    return outcome


def export(register: Register, out: Path) -> None:
    """Rebuild the feed and the XLSX register from the store."""
    write_task_feed(out, register.entries())
    write_register(out / "register.xlsx", register.entries)
    for _number, _received, doc in register.entries():  # heal documents/ if a file went missing
        if not (out / "documents" / f"{doc.id}.json").exists():
            write_document(out, doc)


def _parallel(paths: list[Path], received_at: dt.date | None, workers: int) -> Iterable[Outcome]:
    if workers <= 1 or len(paths) < 4:
        for path in paths:
            yield extract_one(path, received_at)
        return
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(extract_one, paths, [received_at] * len(paths), chunksize=1)


def pending(register: Register, files: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Split files into those to extract and those already in the register (skipped cheaply)."""
    seen = register.seen_paths()
    todo, skipped = [], []
    for path in files:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key in seen:
            skipped.append(Outcome(path, status="unchanged"))
        else:
            todo.append(path)
    return todo, skipped


def run_batch(
    inbox: Path,
    out: Path,
    db_url: str | None = None,
    received_at: dt.date | None = None,
    workers: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Process every new letter in ``inbox`` into ``out``."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    register = Register(db_url or default_url(out))
    summary = Summary()
    try:
        todo, skipped = pending(register, scan_inbox(inbox))
        summary.outcomes.extend(skipped)
        for outcome in _parallel(todo, received_at, workers or os.cpu_count() or 1):
            summary.outcomes.append(commit(register, out, outcome))
            if on_done:
                on_done(outcome)
        export(register, out)
    finally:
        register.close()
    summary.seconds = time.perf_counter() - started
    return summary

"""The inbox batch as plain functions: scan → extract → commit → (archive) → export.

The CLI's direct path calls :func:`run_batch`; the Prefect flow in ``process_inbox.py``
wraps the very same functions as Prefect tasks. Nothing here imports Prefect, so a
clerk processing three letters does not pay Prefect's start-up cost.

Guarantees (``docs/BATCH.md`` has the full list and how each is tested):
- one batch at a time per output folder (:mod:`congvan.flows.lock`);
- a letter is extracted in a worker process under a time budget and a memory cap
  (:mod:`congvan.flows.isolation`), so a pathological file cannot hang or sink the run;
- a letter's register rows commit in one transaction before anything else happens to it:
  its JSON, and, with ``archive=True``, moving the file to ``archive/`` or ``quarantine/``
  (:mod:`congvan.flows.lifecycle`); without ``archive`` the inbox is only read;
- every output file is replaced atomically; one bad letter is quarantined and the batch
  goes on; transient failures (a locked file, a tool timing out) are retried with backoff.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import shutil
import subprocess
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from congvan.flows.crashpoints import crashpoint
from congvan.flows.isolation import LetterPool
from congvan.flows.lifecycle import Archiver, Stat, free_target, settled, stat_key, sweep_temporaries
from congvan.flows.lock import batch_locks
from congvan.flows.options import BatchOptions
from congvan.flows.outcome import TRANSIENT_CODES, Outcome, Problem, Summary, describe
from congvan.hashing import sha256_file
from congvan.text import path_text
from congvan.models import Document
from congvan.outputs.atomic import write_text_atomic
from congvan.outputs.exporters import exporters
from congvan.outputs.json_feed import document_json, write_document
from congvan.outputs.review_export import build_review, reviewed_ids, write_review
from congvan.outputs.store import Register, default_url
from congvan.readers import SUPPORTED_SUFFIXES, ReadError
from sqlalchemy.exc import IntegrityError, OperationalError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "TRANSIENT_CODES",
    "BatchOptions",
    "Outcome",
    "Problem",
    "Summary",
    "commit",
    "export",
    "extract_one",
    "is_candidate",
    "pending",
    "plan",
    "quarantine",
    "run_batch",
    "scan_inbox",
]

# Names that mean "still being written or not a letter": browser downloads, Office lock files.
TEMPORARY_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download")


def is_candidate(path: Path) -> bool:
    """A file the batch should look at now: visible, not a lock or partial download."""
    name = path.name
    return (
        path.is_file()
        and not name.startswith((".", "~$"))
        and not name.lower().endswith(TEMPORARY_SUFFIXES)
    )


def scan_inbox(inbox: Path, exclude: Path | None = None) -> list[Path]:
    """Letters waiting in the inbox (recursively, skipping hidden folders and ``exclude``), in a stable order."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder not found: {inbox}")
    skip = exclude.resolve() if exclude is not None else None
    found = []
    for p in inbox.rglob("*"):
        if not is_candidate(p) or any(part.startswith(".") for part in p.relative_to(inbox).parts):
            continue
        if skip is not None and p.resolve().is_relative_to(skip):
            continue
        found.append(p)
    return sorted(found, key=lambda p: str(p))


def extract_one(path: Path, received_at: dt.date | None = None) -> Outcome:
    """Read and extract one file, turning every failure into an Outcome (never raises)."""
    from congvan.pipeline import process_file  # here, not at the top: only the workers extract

    started = time.perf_counter()
    outcome = Outcome(path)
    try:
        outcome.sha256 = sha256_file(path)
        outcome.document = process_file(path, received_at)
    except ReadError as exc:
        outcome.error_code, outcome.error = exc.code, exc.message
    except (PermissionError, BlockingIOError) as exc:
        outcome.error_code, outcome.error = "locked", f"file is locked or not readable yet ({exc})"
    except subprocess.TimeoutExpired as exc:
        outcome.error_code, outcome.error = "tool_timeout", f"{exc.cmd!r} did not finish within {exc.timeout} s"
    except FileNotFoundError as exc:
        outcome.error_code, outcome.error = "vanished", f"file disappeared while being read ({exc})"
    except MemoryError:
        outcome.error_code, outcome.error = "memory", "ran out of memory reading this file"
    except Exception as exc:  # noqa: BLE001 (a bug must not stop the batch; the reason goes to quarantine)
        outcome.error_code = "internal_error"
        outcome.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
    if outcome.document is not None:
        render(outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def render(outcome: Outcome) -> None:
    """Make the letter's JSON and review DOCX (in the worker, so the parent only writes bytes).

    A failure here is not the letter's quarantine: its values were read and go into the
    register; the output that could not be made is recorded as a problem, and the export of
    this or a later run makes it again from the register.
    """
    assert outcome.document is not None
    try:
        outcome.document_json = document_json(outcome.document)
    except Exception as exc:  # noqa: BLE001 (one letter's values must not stop the batch)
        outcome.problem("json_render_failed", exc)
    try:
        outcome.review_docx = build_review(outcome.document)
    except Exception as exc:  # noqa: BLE001
        outcome.problem("review_render_failed", exc)


def quarantine(out: Path, outcome: Outcome) -> Path:
    """Copy the file to OUT/quarantine/ with a ``.error.json`` saying why; the original stays put.

    Idempotent: if a crash came after the copy but before the register row, the rerun finds
    the same bytes under the same name and reuses that copy instead of adding ``name.2``.
    """
    folder = out / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    target, already = free_target(folder, outcome.path.name, outcome.sha256)
    if not already:
        tmp = folder / f".{target.name}.tmp"
        shutil.copy2(outcome.path, tmp)
        os.replace(tmp, target)
    report = {
        "file": path_text(outcome.path),
        "sha256": outcome.sha256,
        "code": outcome.error_code,
        "reason": outcome.error,
        "quarantined_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    write_text_atomic(target.with_name(target.name + ".error.json"), json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return target


def _store(register: Register, document: Document, path: str, stat: Stat) -> bool:
    """``Register.add`` that survives other writers: several workers may commit to one register.

    Two writers can race for the same số đến (unique per year) or the same SHA-256 (the same
    letter under two names in two chunks); the loser's transaction rolls back whole, and the
    retry sees the winner's row: a new number, or a duplicate arrival. SQLite may also answer
    "database is locked" past its busy timeout under heavy contention.
    """
    for attempt in range(8):
        try:
            return register.add(document, path, stat)
        except (IntegrityError, OperationalError):
            if attempt == 7:
                raise
            time.sleep(0.02 * 2**attempt * (1 + random.random()))
    raise AssertionError("unreachable")


def commit(register: Register, out: Path, outcome: Outcome, archiver: Archiver | None = None) -> Outcome:
    """Store one extracted letter (or its failure), then write its JSON, then (archive mode) move it.

    A file whose size or mtime changed since it was scanned is still being written: nothing is
    stored and it gets status ``waiting``, to be read whole by the next run.
    """
    path = path_text(outcome.path)
    try:
        stat = stat_key(outcome.path)
    except FileNotFoundError:
        outcome.status = "waiting"  # gone (moved away by someone else); nothing to record
        return outcome
    if (outcome.stat is not None and stat != outcome.stat) or outcome.error_code == "vanished":
        outcome.status = "waiting"
        return outcome
    crashpoint("commit-before")
    added = False
    if outcome.document is not None:
        try:
            added = _store(register, outcome.document, path, stat)
        except OperationalError:
            raise  # the register itself is unreachable or locked: no letter can be stored, stop the batch
        except Exception as exc:  # noqa: BLE001 (the register refused this letter's values: its problem alone)
            outcome.error_code, outcome.error = "store_failed", f"the register refused this letter ({describe(exc)})"
            outcome.document = None
    if outcome.document is None:
        if outcome.sha256 is None:
            try:
                outcome.sha256 = sha256_file(outcome.path)
            except OSError:
                pass
        if archiver is None:
            try:
                quarantine(out, outcome)
            except OSError as exc:  # unreadable now, or OUT is full: the arrival row still records why
                outcome.problem("quarantine_copy_failed", exc)
        register.record_failure(outcome.sha256 or "", path, f"{outcome.error_code}: {outcome.error}", stat)
        crashpoint("committed")
        outcome.status = "quarantined"
    elif added:
        crashpoint("committed")
        _write_outputs(register, out, outcome)
        crashpoint("document-written")
        outcome.status = "new"
    else:
        crashpoint("committed")
        outcome.status = "duplicate"
    if archiver is not None:
        try:
            archiver.settle(register, outcome.path, stat)
        except OSError as exc:  # the next run finishes the move from the arrival row (``plan``)
            outcome.problem("archive_failed", exc)
    outcome.release()
    return outcome


def _write_outputs(register: Register, out: Path, outcome: Outcome) -> None:
    """Write a registered letter's JSON and review DOCX; each failure is recorded, not raised.

    An output whose rendering already failed in the worker is not tried again here. What is
    left unwritten is made by the export's healing pass, in this run or the next.
    """
    document = outcome.document
    assert document is not None
    rendered = {p.code for p in outcome.problems}
    if "json_render_failed" not in rendered:
        try:
            write_document(out, document, outcome.document_json)
        except Exception as exc:  # noqa: BLE001
            outcome.problem("json_write_failed", exc)
    if "review_render_failed" not in rendered:
        try:
            write_review(out, document, content=outcome.review_docx)
        except Exception as exc:  # noqa: BLE001
            outcome.problem("review_write_failed", exc)
    if outcome.problems:
        register.note_problems(document.id, [str(p) for p in outcome.problems])


EXPORT_MARKER = ".exported"  # the register's last change id the feed and XLSX were built from


def export(register: Register, out: Path) -> list[Problem]:
    """Rebuild every exporter's file (the feed, the XLSX register) from the store, unless nothing changed; heal
    the per-letter files. Returns what could not be written (never raises for one letter).

    An unchanged inbox re-run must be cheap: the outputs record the register's last change id
    (``OUT/.exported``, written after them), and are rebuilt only when the register moved on or
    an output is missing. Missing per-letter JSON and review files are healed either way,
    loading only those letters. Each output is tried even when another failed, and the marker
    is written only when all succeeded, so the next run tries again what failed.
    """
    problems: list[Problem] = []
    marker = out / EXPORT_MARKER
    last = str(register.last_change_id())
    built = marker.read_text(encoding="utf-8").strip() if marker.exists() else ""
    outputs = exporters()
    if built != last or not all((out / e.file).exists() for e in outputs):
        for exporter in outputs:
            def row_failed(doc_id: str, where: str, exc: Exception, code: str = exporter.row_failed) -> None:
                problems.append(Problem(code, f"{where}: {describe(exc)}", doc_id))

            crashpoint(f"export-{exporter.key}")
            _attempt(problems, exporter.failed, functools.partial(exporter.write, out, register.entries, row_failed))
    crashpoint("export-heal")
    _heal(register, out, problems)
    if not problems:
        write_text_atomic(marker, last + "\n")
    crashpoint("exported")
    return problems


def _attempt(problems: list[Problem], code: str, write: Callable[[], object], document_id: str | None = None) -> None:
    try:
        write()
    except Exception as exc:  # noqa: BLE001 (one output failing must not cost the others)
        problems.append(Problem(code, describe(exc), document_id))


def _heal(register: Register, out: Path, problems: list[Problem]) -> None:
    """Write the JSON and review DOCX of every registered letter that has none (a failed or cut-short write)."""
    jsons = {p.stem for p in (out / "documents").glob("*.json")}
    reviews = reviewed_ids(out)
    for doc_id in register.document_ids():
        need_json = doc_id not in jsons
        need_review = doc_id not in reviews and doc_id[:8] not in reviews
        if not (need_json or need_review):
            continue
        document = register.get(doc_id)
        if document is None:
            continue
        if need_json:
            _attempt(problems, "json_heal_failed", functools.partial(write_document, out, document), doc_id)
        if need_review:
            _attempt(problems, "review_heal_failed", functools.partial(write_review, out, document), doc_id)


def pending(register: Register, files: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Split files into those to extract and those already in the register (skipped cheaply)."""
    seen = register.seen_paths()
    todo, skipped = [], []
    for path in files:
        stat = path.stat()
        key = (path_text(path), stat.st_size, stat.st_mtime_ns)
        if key in seen:
            skipped.append(Outcome(path, status="unchanged"))
        else:
            todo.append(path)
    return todo, skipped


def plan(register: Register, inbox: Path, out: Path, settle_seconds: float,
         archiver: Archiver | None) -> tuple[list[tuple[Path, Stat]], list[Path], list[Outcome]]:
    """(to extract with their scan stat, still being written, already registered).

    With an archiver, an already-registered file still in the inbox is one whose move was cut
    short (a crash between commit and move): the move is finished here, from its arrival row.
    """
    stable, waiting = settled(scan_inbox(inbox, exclude=out), settle_seconds)
    seen = register.seen_paths()
    todo, skipped = [], []
    for path, stat in stable:
        if (path_text(path), *stat) in seen:
            if archiver is not None:
                archiver.settle(register, path, stat)
            skipped.append(Outcome(path, status="unchanged", stat=stat))
        else:
            todo.append((path, stat))
    return todo, waiting, skipped


def retry_transient(extract: Callable[[Path], Outcome], outcome: Outcome,
                    delays: tuple[float, ...]) -> Outcome:
    """Try a transiently failed letter again after each delay; the last outcome keeps every reason."""
    reasons = [f"attempt 1: {outcome.error_code}: {outcome.error}"]
    for attempt, delay in enumerate(delays, start=2):
        if not outcome.transient:
            break
        time.sleep(delay)
        again = extract(outcome.path)
        again.stat = outcome.stat
        again.attempts = attempt
        outcome = again
        if outcome.transient:
            reasons.append(f"attempt {attempt}: {outcome.error_code}: {outcome.error}")
    if outcome.transient:
        outcome.error = f"still failing after {outcome.attempts} attempts — " + " | ".join(reasons)
    return outcome


def _extract_all(pool: LetterPool, todo: list[tuple[Path, Stat]], received_at: dt.date | None,
                 delays: tuple[float, ...]) -> Iterator[Outcome]:
    """Outcomes in scan order; transient failures are retried after the first pass, not inline."""
    later = []
    stats = dict(todo)
    crashpoint("extracting")
    for outcome in pool.map([p for p, _ in todo], received_at):
        outcome.stat = stats[outcome.path]
        if outcome.transient and delays:
            later.append(outcome)
        else:
            yield outcome
    for outcome in later:
        yield retry_transient(lambda p: pool.run(p, received_at), outcome, delays)


def run_batch(inbox: Path, out: Path, options: BatchOptions | None = None,
              on_done: Callable[[Outcome], None] | None = None) -> Summary:
    """Process every new letter in ``inbox`` into ``out``, as ``options`` say (defaults: the office's).

    ``options.archive`` moves each letter out of the inbox after its commit (the office-inbox mode
    of ``congvan schedule``); without it the inbox is only read. ``on_done`` hears of each letter
    as it is settled (the CLI's progress bar). Raises :class:`~congvan.flows.lock.BatchLocked` if
    another batch holds OUT (or the inbox).
    """
    options = options or BatchOptions()
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with batch_locks(out, inbox if options.archive else None):
        crashpoint("locked")
        sweep_temporaries(out)
        register = Register(options.db_url or default_url(out))
        archiver = Archiver(out) if options.archive else None
        try:
            todo, summary.waiting, skipped = plan(register, inbox, out, options.settle_seconds, archiver)
            summary.outcomes.extend(skipped)
            if todo:
                with LetterPool(options.worker_count(len(todo)), options.limits, options.extractor) as pool:
                    for outcome in _extract_all(pool, todo, options.received_at, options.retry_delays):
                        commit(register, out, outcome, archiver)
                        if outcome.status == "waiting":
                            summary.waiting.append(outcome.path)
                            continue
                        summary.outcomes.append(outcome)
                        if on_done:
                            on_done(outcome)
            summary.problems.extend(export(register, out))
        finally:
            register.close()
    summary.seconds = time.perf_counter() - started
    return summary

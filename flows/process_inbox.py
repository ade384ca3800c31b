"""The ``process_inbox`` Prefect flow: the batch of ``batch.py`` with Prefect's bookkeeping.

Work is split into *chunks* of letters, one Prefect task per chunk, not one per letter:
the tasks run on Prefect's thread runner, and each hands its letters one by one to a
:class:`~congvan.flows.isolation.LetterPool` of worker processes (CPU-bound parsing needs
processes; threads would share one GIL). Chunking keeps Prefect's per-task bookkeeping,
measured at ~10 ms per task here, a small fraction of the work (see ``docs/BATCH.md``).

A letter that failed *transiently* (file locked, OCR timing out) gets its own ``retry-letter``
task with Prefect task retries and exponential backoff; if it still fails it is quarantined
with every attempt's reason. Storing, archiving and exporting run in the flow itself, serially,
because SQLite wants one writer and the XLSX is rebuilt once per batch.

Scale-out: with ``deployment`` set, chunks become runs of the ``process_letters`` deployment in
a Prefect work pool, so workers on other machines extract *and commit* them against one shared
register (PostgreSQL); this flow only scans, waits and exports. Idempotency never relies on
Prefect's result cache (every task is ``NO_CACHE``): the register's SHA-256 record decides.
"""

# No ``from __future__ import annotations`` here: Prefect builds a pydantic model of each
# flow's parameters, and string annotations fail to resolve when a worker or ``serve()``
# loads this file by path under another module name ("define `dt`, then call model_rebuild").
import datetime as dt
import json
import math
import os
import socket
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from congvan.flows.batch import commit, export, extract_one, plan, retry_transient  # noqa: F401  (extract_one: API)
from congvan.flows.isolation import DEFAULT_EXTRACTOR, LetterPool
from congvan.flows.lifecycle import Archiver, stat_key, sweep_temporaries
from congvan.flows.lock import batch_locks
from congvan.flows.options import BatchOptions
from congvan.flows.outcome import Outcome, Summary
from congvan.outputs.atomic import write_text_atomic
from congvan.outputs.store import Register, default_url
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

LETTERS_DEPLOYMENT = "congvan-letters"


class TransientFailure(RuntimeError):
    """Raised inside ``retry-letter`` so that Prefect's task retries take over."""


@task(name="extract-letters", cache_policy=NO_CACHE, task_run_name="extract {label}")
def extract_chunk(paths: list[Path], received_at: dt.date | None, pool: LetterPool, label: str = "") -> list[Outcome]:
    """Extract a chunk of letters in the pool's worker processes (never raises for bad files)."""
    return [pool.run(path, received_at) for path in paths]


@task(name="retry-letter", cache_policy=NO_CACHE, task_run_name="retry {path.name}")
def retry_letter(path: Path, received_at: dt.date | None, pool: LetterPool) -> Outcome:
    """One more try at a transiently failed letter; raising hands the next try to Prefect."""
    outcome = pool.run(path, received_at)
    if outcome.transient:
        raise TransientFailure(f"{outcome.error_code}: {outcome.error}")
    return outcome


def _chunks(items: Sequence[Path], size: int) -> list[list[Path]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


MAX_CHUNK = 20  # letters per Prefect task: small, so the last chunks end together (both cores busy to the end)


def chunk_size_for(count: int, workers: int, per_worker: int = 4, cap: int = MAX_CHUNK) -> int:
    """About ``per_worker`` chunks per worker: enough to balance uneven letters, few enough to be cheap;
    at most ``cap`` letters, so a 10,000-letter back-fill holds a bounded number of documents at once."""
    return max(1, min(cap, math.ceil(count / max(1, workers * per_worker))))


@flow(name="process_inbox", log_prints=False)
def process_inbox(
    inbox: str,
    out: str,
    db_url: str | None = None,
    received_at: dt.date | None = None,
    archive: bool = False,
    workers: int | None = None,
    chunk_size: int | None = None,
    timeout_seconds: float = 600.0,
    memory_mb: int = 2048,
    settle_seconds: float = 1.0,
    retries: int = 2,
    retry_backoff_seconds: float = 2.0,
    deployment: str | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> dict[str, int]:
    """Process every new letter in ``inbox`` into ``out``; returns counts per outcome.

    ``archive=True`` moves each letter to ``out/archive/YYYY/MM/`` or ``out/quarantine/`` after
    its commit (the office inbox); otherwise the inbox is only read. ``deployment`` names a
    ``process_letters`` deployment to fan chunks out to (see the module docstring).
    ``extractor`` is the ``module:function`` each worker runs per letter (a site may wrap the
    default to pre-process its scans; the tests use it to plant pathological letters).
    """
    logger = get_run_logger()
    options = BatchOptions(db_url=db_url, received_at=received_at, archive=archive, workers=workers,
                           chunk_size=chunk_size, timeout_seconds=timeout_seconds, memory_mb=memory_mb,
                           settle_seconds=settle_seconds, retries=retries, retry_backoff_seconds=retry_backoff_seconds,
                           extractor=extractor)
    inbox_path, out_path = Path(inbox), Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with batch_locks(out_path, inbox_path if archive else None):
        sweep_temporaries(out_path)
        register = Register(db_url or default_url(out_path))
        archiver = Archiver(out_path) if archive else None
        try:
            todo, summary.waiting, skipped = plan(register, inbox_path, out_path, settle_seconds, archiver)
            summary.outcomes.extend(skipped)
            if todo and deployment:
                register.close()
                _fan_out(summary, todo, deployment, out, options)
                register = Register(db_url or default_url(out_path))
            elif todo:
                _extract_and_commit(summary, register, out_path, archiver, todo, options)
            summary.problems.extend(export(register, out_path))
        finally:
            register.close()
    counts = summary.counts()
    counts["problems"] = len(summary.all_problems())  # outputs that could not be written (logged below)
    for outcome in summary.outcomes:
        if outcome.status == "quarantined":
            logger.warning("quarantined %s: %s", outcome.path.name, outcome.error_code)
    for problem in summary.all_problems():
        logger.warning("output problem (document %s): %s", problem.document_id or "-", problem)
    logger.info("processed %s: %s", inbox, counts)
    return counts


def _extract_and_commit(summary: Summary, register: Register, out: Path, archiver: Archiver | None,
                        todo: list[tuple[Path, tuple[int, int]]], options: BatchOptions) -> None:
    received_at, retries = options.received_at, options.retries
    stats = dict(todo)
    paths = [p for p, _ in todo]
    size = options.chunk_size or chunk_size_for(len(paths), options.worker_count(len(paths)))
    later: list[Outcome] = []

    def settle(outcome: Outcome) -> None:
        outcome.stat = stats[outcome.path]
        commit(register, out, outcome, archiver)
        if outcome.status == "waiting":
            summary.waiting.append(outcome.path)
        else:
            summary.outcomes.append(outcome)

    size_pool = options.worker_count(len(paths))
    with LetterPool(size_pool, options.limits, options.extractor) as pool:
        chunks = _chunks(paths, size)
        # As many chunks in flight as there are workers, so each chunk has a worker to itself and
        # the first ones finish first: they are committed while the next ones are extracted.
        # (With every chunk submitted at once, all of them shared the workers round-robin and
        # finished together at the end: commits did not overlap extraction, and every document
        # waited in memory. Measured: CPU/wall 1.13 on 1,000 letters, see benchmarks/README.md.)
        in_flight: deque = deque()
        upcoming = iter(enumerate(chunks))

        def submit_next() -> None:
            following = next(upcoming, None)
            if following is not None:
                i, chunk = following
                in_flight.append(extract_chunk.submit(chunk, received_at, pool,
                                                      label=f"{i + 1}/{len(chunks)} ({len(chunk)} letters)"))

        for _ in range(size_pool):
            submit_next()
        while in_flight:  # commit in scan order, chunk by chunk
            outcomes = in_flight.popleft().result()
            submit_next()
            for outcome in outcomes:
                if outcome.transient and retries > 0:
                    later.append(outcome)
                else:
                    settle(outcome)
        retry = retry_letter.with_options(retries=retries,
                                          retry_delay_seconds=exponential_backoff(options.retry_backoff_seconds),
                                          retry_jitter_factor=0.2)
        pending = [(first, retry.submit(first.path, received_at, pool)) for first in later]
        for first, future in pending:
            result = future.result(raise_on_failure=False)
            if isinstance(result, Outcome):
                result.attempts = retries + 1
                settle(result)
            else:
                first.error = (f"still failing after {retries + 1} attempts — first: {first.error_code}: "
                               f"{first.error} | last: {result}")
                first.attempts = retries + 1
                settle(first)


# -- scale-out over a Prefect work pool --------------------------------------------------------

@flow(name="process_letters", log_prints=False)
def process_letters(
    paths: list[str],
    out: str,
    db_url: str | None = None,
    received_at: dt.date | None = None,
    archive: bool = False,
    workers: int | None = None,
    timeout_seconds: float = 600.0,
    memory_mb: int = 2048,
    retries: int = 2,
    batch_id: str = "",
) -> dict[str, int]:
    """One chunk of a scaled-out batch, run by a work-pool worker: extract, commit, archive.

    Several of these run at once against one register; ``Register.add`` races between them are
    settled by the register's unique keys (see ``batch._store``). Writes a small manifest to
    ``out/.runs/`` saying which host and worker handled which letters.
    """
    logger = get_run_logger()
    options = BatchOptions(db_url=db_url, received_at=received_at, archive=archive, workers=workers,
                           timeout_seconds=timeout_seconds, memory_mb=memory_mb, retries=retries)
    out_path = Path(out)
    register = Register(db_url or default_url(out_path))
    archiver = Archiver(out_path) if archive else None
    statuses: dict[str, str] = {}
    try:
        todo = []
        for name in paths:
            path = Path(name)
            try:
                todo.append((path, stat_key(path)))
            except FileNotFoundError:
                statuses[name] = "waiting"
        stats = dict(todo)
        with LetterPool(options.worker_count(len(todo)), options.limits) as pool:
            delays = tuple(options.retry_backoff_seconds * 2**i for i in range(retries))
            for outcome in pool.map([p for p, _ in todo], received_at):
                if outcome.transient:
                    outcome = retry_transient(lambda p: pool.run(p, received_at), outcome, delays)
                outcome.stat = stats[outcome.path]
                commit(register, out_path, outcome, archiver)
                statuses[str(outcome.path)] = outcome.status
    finally:
        register.close()
    manifest = {"batch": batch_id, "host": socket.gethostname(), "pid": os.getpid(), "worker_pid": os.getppid(),
                "letters": statuses}
    run_id = _flow_run_id() or f"{os.getpid()}"
    write_text_atomic(out_path / ".runs" / f"{run_id}.json", json.dumps(manifest, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    logger.info("chunk of %d letters on %s: %s", len(paths), socket.gethostname(), counts)
    return counts


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None


def _fan_out(summary: Summary, todo: list[tuple[Path, tuple[int, int]]], deployment: str, out: str,
             options: BatchOptions) -> None:
    """Run each chunk as a ``process_letters`` flow run in the work pool and wait for them all."""
    from prefect.deployments import run_deployment

    logger = get_run_logger()
    paths = [p for p, _ in todo]
    size = options.chunk_size or chunk_size_for(len(paths), options.workers or 2, per_worker=1, cap=len(paths))
    chunks = _chunks(paths, size)
    batch_id = _flow_run_id() or ""
    name = deployment if "/" in deployment else f"process_letters/{deployment}"

    def one(chunk: list[Path]) -> object:
        return run_deployment(name, parameters={
            "paths": [str(p) for p in chunk], "out": out, "db_url": options.db_url, "received_at": options.received_at,
            "archive": options.archive, "workers": options.workers, "timeout_seconds": options.timeout_seconds,
            "memory_mb": options.memory_mb, "retries": options.retries, "batch_id": batch_id,
        }, timeout=None, poll_interval=1)

    with ThreadPoolExecutor(max(1, len(chunks))) as threads:
        runs = list(threads.map(one, chunks))
    failed = [run for run in runs if not (run.state and run.state.is_completed())]
    for run in failed:
        logger.warning("chunk run %s ended %s; its letters stay for the next batch", run.name, run.state and run.state.name)
    statuses: dict[str, str] = {}
    for manifest in (Path(out) / ".runs").glob("*.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("batch") == batch_id:
            statuses.update(data["letters"])
    for path in paths:
        status = statuses.get(str(path))
        if status == "waiting" or status is None:
            summary.waiting.append(path)
        else:
            summary.outcomes.append(Outcome(path, status=status))


def configure_prefect_defaults() -> None:
    """Defaults measured on a 2-core machine: a 20 s server start-up is too short; no telemetry."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")

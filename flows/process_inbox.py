"""The ``process_inbox`` Prefect flow: the batch of ``batch.py`` with Prefect's bookkeeping.

Extraction runs as one Prefect task per letter (retried on transient failures, visible
in the UI); storing and exporting run in the flow itself, serially, because SQLite wants
one writer and the XLSX is rebuilt once per batch. The functions are the same ones the
CLI's direct path calls.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.futures import wait

from congvan.flows.batch import Outcome, Summary, commit, export, extract_one, pending, scan_inbox
from congvan.outputs.store import Register, default_url


@task(name="extract-letter", retries=2, retry_delay_seconds=[2, 10], task_run_name="extract {path.name}")
def extract_letter(path: Path, received_at: dt.date | None = None) -> Outcome:
    """Read and extract one letter (never raises for bad files: they come back as outcomes)."""
    return extract_one(path, received_at)


@flow(name="process_inbox", log_prints=False)
def process_inbox(inbox: str, out: str, db_url: str | None = None, received_at: dt.date | None = None) -> dict[str, int]:
    """Process every new letter in ``inbox`` into ``out``; returns counts per outcome."""
    logger = get_run_logger()
    inbox_path, out_path = Path(inbox), Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    register = Register(db_url or default_url(out_path))
    summary = Summary()
    try:
        todo, skipped = pending(register, scan_inbox(inbox_path))
        summary.outcomes.extend(skipped)
        futures = [extract_letter.submit(path, received_at) for path in todo]
        wait(futures)
        for future in futures:
            outcome = commit(register, out_path, future.result())
            summary.outcomes.append(outcome)
            if outcome.status == "quarantined":
                logger.warning("quarantined %s: %s", outcome.path.name, outcome.error_code)
        export(register, out_path)
    finally:
        register.close()
    counts = {status: summary.count(status) for status in ("new", "duplicate", "unchanged", "quarantined")}
    logger.info("processed %s: %s", inbox, counts)
    return counts


def configure_prefect_defaults() -> None:
    """Defaults measured on a 2-core machine: a 20 s server start-up is too short; no telemetry."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")

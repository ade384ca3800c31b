"""Pathological letters for the batch's isolation and retry tests.

The extraction workers import this module by name (``extractor="faults:extract"``), so a
file's *name* chooses its misbehaviour: it runs in a real worker process under the real
limits, exactly as a hostile PDF would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from pathlib import Path

from congvan.flows import batch
from congvan.flows.batch import Outcome, extract_one

# A name containing one of these makes that renderer fail in the worker, for that letter only.
RENDER_FAULTS = {"badjson": "document_json", "badreview": "build_review"}


@contextlib.contextmanager
def _failing(attribute: str):
    """``batch.<attribute>`` raises while the block runs (the worker renders one letter at a time)."""
    original = getattr(batch, attribute)

    def fail(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(f"injected fault in {attribute}")

    setattr(batch, attribute, fail)
    try:
        yield
    finally:
        setattr(batch, attribute, original)


def _attempt(path: Path) -> int:
    counter = path.with_name(f".{path.name}.attempts")
    n = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(n))
    return n


def extract(path: Path, received_at: dt.date | None = None) -> Outcome:
    name = path.name
    if "hang" in name:
        time.sleep(3600)
    if "hog" in name:
        blob = bytearray(16 * 2**30)  # 16 GiB: refused at once under the memory cap
        return Outcome(path, error_code="internal_error", error=f"allocated {len(blob)} bytes?")
    if "segv" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "flaky" in name and _attempt(path) <= 2:
        return Outcome(path, error_code="locked", error="file is locked by the scanner software")
    if "stuck" in name:
        _attempt(path)
        return Outcome(path, error_code="ocr_timeout", error="OCR of one page took more than 120 s")
    for marker, attribute in RENDER_FAULTS.items():
        if marker in name:
            with _failing(attribute):
                return extract_one(path, received_at)
    return extract_one(path, received_at)

"""Where the time of one letter goes: congvan's own functions, timed from outside.

Nothing in congvan is changed: in this (the benchmark's) process we wrap the functions the
batch calls — through the module attributes they are looked up by — with timers, then
run the batch's own steps on a corpus, one letter after the other in one process:
``flows.batch.extract_one`` (what a worker runs), ``flows.batch.commit`` (what the parent
runs per letter) and ``flows.batch.export`` (once per batch).

Stages per letter:

=============  ==========================================================================
hash           ``sha256_file`` (the batch hashes each file; so does ``process_file``)
read           the reader (``read_file``): PDFium/python-docx, line building, header hints
ocr            inside ``read_file``: rendering, red-ink removal, deskew (``ocr_prep``) and the
               Tesseract runs (``tesseract``), the header-hint OCR included
layout         ``split_regions``
metadata       ``extract_metadata``
tasks          ``extract_tasks``
json           ``document_json``: the document's JSON, rendered in the worker
review         ``build_review``: the review DOCX, built in the worker
model          the rest of ``extract_one``: the ``Document`` model, the ``Outcome``
store          ``Register.add`` (one SQLite transaction)
json_write     ``write_document`` (``OUT/documents/<id>.json``), in the batch process
review_write   ``write_review`` (``OUT/review/*.docx``), in the batch process
commit_other   the rest of ``commit`` (stat, bookkeeping)
=============  ==========================================================================

Per batch: ``plan`` (scan the inbox, skip known files) and ``export`` (``tasks.json``,
``register.xlsx``, the documents/ heal pass). *Orchestration* (process start-up, imports,
worker warm-up, pickling between processes, Prefect) is what the end-to-end run costs on
top of these; bench.py derives it.

OCR runs with ``CONGVAN_OCR_WORKERS=1`` here, so pages are read one after another and the
times add up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import resource
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PER_LETTER = ("hash", "read", "ocr", "layout", "metadata", "tasks", "json", "review", "model",
              "store", "json_write", "review_write", "commit_other")
WORKER = ("hash", "read", "ocr", "layout", "metadata", "tasks", "json", "review", "model")  # extract_one
PARENT = ("store", "json_write", "review_write", "commit_other")  # commit, one letter at a time
GROUPS = {  # the stage names
    "read": ("hash", "read"),
    "ocr": ("ocr",),
    "metadata": ("layout", "metadata", "model"),
    "tasks": ("tasks",),
    "store": ("store",),
    "outputs": ("json", "review", "json_write", "review_write", "commit_other"),
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Clock:
    """Accumulates wall and CPU seconds (this process + its waited-for children) per name."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.local = threading.local()

    @contextlib.contextmanager
    def time(self, name: str) -> Iterator[None]:
        w0, c0 = time.perf_counter(), time.process_time() + _children_cpu()
        try:
            yield
        finally:
            self.wall[name] += time.perf_counter() - w0
            self.cpu[name] += time.process_time() + _children_cpu() - c0
            self.calls[name] += 1

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.time(name):
                return fn(*args, **kwargs)

        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed


class Patches:
    """Replace module attributes for the duration of a ``with`` block; missing ones are skipped."""

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str, Any]] = []
        self.missing: list[str] = []

    def set(self, module_name: str, attr: str, make: Callable[[Any], Any]) -> None:
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001
            self.missing.append(f"{module_name}")
            return
        if not hasattr(module, attr):
            self.missing.append(f"{module_name}.{attr}")
            return
        original = getattr(module, attr)
        self.saved.append((module, attr, original))
        setattr(module, attr, make(original))

    def __enter__(self) -> Patches:
        return self

    def __exit__(self, *exc: object) -> None:
        for module, attr, original in reversed(self.saved):
            setattr(module, attr, original)


def _instrument(clock: Clock, patches: Patches) -> None:
    p = patches
    p.set("congvan.flows.batch", "sha256_file", lambda f: clock.wrap("hash", f))
    p.set("congvan.pipeline", "sha256_file", lambda f: clock.wrap("hash", f))
    p.set("congvan.pipeline", "read_file", lambda f: clock.wrap("read_total", f))
    p.set("congvan.pipeline", "split_regions", lambda f: clock.wrap("layout", f))
    p.set("congvan.pipeline", "extract_metadata", lambda f: clock.wrap("metadata", f))
    p.set("congvan.pipeline", "extract_tasks", lambda f: clock.wrap("tasks", f))
    p.set("congvan.flows.batch", "_store", lambda f: clock.wrap("store", f))
    p.set("congvan.flows.batch", "document_json", lambda f: clock.wrap("json", f))  # rendered in the worker
    p.set("congvan.flows.batch", "write_document", lambda f: clock.wrap("json_write", f))
    p.set("congvan.flows.batch", "build_review", lambda f: clock.wrap("review", f))  # built in the worker
    p.set("congvan.flows.batch", "write_review", lambda f: clock.wrap("review_write", f))
    p.set("congvan.flows.batch", "write_task_feed", lambda f: clock.wrap("export_feed", f))
    p.set("congvan.flows.batch", "write_register", lambda f: clock.wrap("export_xlsx", f))

    # OCR: ocr_pages (render + clean + Tesseract) and every Tesseract run outside it (header hints)
    def wrap_pages(fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            clock.local.in_pages = True
            try:
                with clock.time("ocr_pages"):
                    return fn(*args, **kwargs)
            finally:
                clock.local.in_pages = False

        return timed

    def wrap_run(fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            inside = getattr(clock.local, "in_pages", False)
            with clock.time("tesseract_in_pages" if inside else "tesseract_hints"):
                return fn(*args, **kwargs)

        return timed

    p.set("congvan.readers.ocr", "ocr_pages", wrap_pages)
    p.set("congvan.readers.tesseract", "_run", wrap_run)


def _exclusive(clock: Clock, metric: dict[str, float], totals: dict[str, float]) -> dict[str, float]:
    """Per-stage seconds with nested timers subtracted (ocr out of read, stages out of their callers)."""
    m = defaultdict(float, metric)
    ocr = m["ocr_pages"] + m["tesseract_hints"]
    stages = {
        "hash": m["hash"],
        "read": m["read_total"] - ocr,
        "ocr": ocr,
        "layout": m["layout"],
        "metadata": m["metadata"],
        "tasks": m["tasks"],
        "json": m["json"],
        "review": m["review"],
        "model": (totals["extract"] - m["hash"] - m["read_total"] - m["layout"] - m["metadata"] - m["tasks"]
                  - m["json"] - m["review"]),
        "store": m["store"],
        "json_write": m["json_write"],
        "review_write": m["review_write"],
        "commit_other": totals["commit"] - m["store"] - m["json_write"] - m["review_write"],
    }
    stages["ocr_detail"] = {  # type: ignore[assignment]
        "tesseract": m["tesseract_in_pages"] + m["tesseract_hints"],
        "prep_render": m["ocr_pages"] - m["tesseract_in_pages"],
        "header_hints_tesseract": m["tesseract_hints"],
    }
    return stages


def measure(files: list[Path], out: Path, received_at: dt.date) -> dict[str, Any]:
    """Run extract_one → commit for every file, then plan and export, in this process."""
    os.environ["CONGVAN_OCR_WORKERS"] = "1"
    from congvan.flows import batch
    from congvan.outputs.store import Register, default_url

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    warm_started = time.perf_counter()
    with contextlib.suppress(Exception):
        importlib.import_module("congvan.flows._warm")  # build the NLP pipeline, as a worker does
    warm_s = time.perf_counter() - warm_started
    # one letter outside the clock, so lazy initialisation is not billed to the first one
    batch.extract_one(files[0], received_at)

    clock = Clock()
    totals = {"extract": 0.0, "commit": 0.0}
    totals_cpu = {"extract": 0.0, "commit": 0.0}
    failed: list[str] = []
    with Patches() as patches:
        _instrument(clock, patches)
        register = Register(default_url(out))
        try:
            with clock.time("plan"):
                batch.plan(register, files[0].parent, out, 0.0, None)
            for path in files:
                w0, c0 = time.perf_counter(), time.process_time() + _children_cpu()
                outcome = batch.extract_one(path, received_at)
                w1, c1 = time.perf_counter(), time.process_time() + _children_cpu()
                batch.commit(register, out, outcome)
                w2, c2 = time.perf_counter(), time.process_time() + _children_cpu()
                totals["extract"] += w1 - w0
                totals["commit"] += w2 - w1
                totals_cpu["extract"] += c1 - c0
                totals_cpu["commit"] += c2 - c1
                if outcome.status == "quarantined":
                    failed.append(f"{path.name}: {outcome.error_code}")
            with clock.time("export"):
                batch.export(register, out)
        finally:
            register.close()
    n = len(files)
    wall = _exclusive(clock, clock.wall, totals)
    cpu = _exclusive(clock, clock.cpu, totals_cpu)
    per_letter_ms = {k: round(v / n * 1000, 2) for k, v in wall.items() if k != "ocr_detail"}
    per_letter_cpu_ms = {k: round(v / n * 1000, 2) for k, v in cpu.items() if k != "ocr_detail"}
    export_wall = clock.wall["export"]
    return {
        "letters": n,
        "failed": failed,
        "warm_up_s": round(warm_s, 3),
        "per_letter_ms": per_letter_ms,
        "per_letter_cpu_ms": per_letter_cpu_ms,
        "groups_ms": {g: round(sum(per_letter_ms[s] for s in members), 2) for g, members in GROUPS.items()},
        "ocr_detail_ms": {k: round(v / n * 1000, 2) for k, v in wall["ocr_detail"].items()},  # type: ignore[union-attr]
        "per_batch_s": {
            "plan": round(clock.wall["plan"], 3),
            "export": round(export_wall, 3),
            "export_feed": round(clock.wall["export_feed"], 3),
            "export_xlsx": round(clock.wall["export_xlsx"], 3),
            "export_heal": round(export_wall - clock.wall["export_feed"] - clock.wall["export_xlsx"], 3),
        },
        "per_batch_cpu_s": {"plan": round(clock.cpu["plan"], 3), "export": round(clock.cpu["export"], 3)},
        "extract_ms": round(totals["extract"] / n * 1000, 2),
        "commit_ms": round(totals["commit"] / n * 1000, 2),
        "not_instrumented": patches.missing,
    }

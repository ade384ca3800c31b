"""Measure the batch's throughput and Prefect's overhead: ``python -m congvan.flows.bench INBOX``.

Prints one JSON object. Every variant processes the same letters into a fresh output folder:

- ``serial_in_process``: extract and commit one letter after another in this process;
- ``direct``: ``run_batch`` (worker processes, no Prefect), with 1 and with N workers;
- ``flow_chunked``: the ``process_inbox`` flow as shipped (chunks of letters per task, worker processes);
- ``flow_per_letter``: the same flow with ``chunk_size=1`` (one Prefect task per letter);
- ``flow_threads_in_process``: the previous design, one Prefect task per letter extracting in the
  flow's own threads (GIL-bound);
- ``noop_tasks``: Prefect's own cost per task, 200 no-op tasks on the thread runner.

Run it under a temporary Prefect server (the default without PREFECT_API_URL) or a real one.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from congvan.flows.batch import BatchOptions, commit, export, extract_one, run_batch, scan_inbox
from congvan.flows.process_inbox import process_inbox
from congvan.outputs.store import Register, default_url
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import wait


@task(cache_policy=NO_CACHE)
def _noop(i: int) -> int:
    return i


@flow
def _noop_flow(n: int) -> float:
    started = time.perf_counter()
    wait([_noop.submit(i) for i in range(n)])
    return time.perf_counter() - started


@task(cache_policy=NO_CACHE)
def _extract_in_thread(path: Path):  # type: ignore[no-untyped-def]
    return extract_one(path)


@flow
def _threads_flow(inbox: str, out: str) -> None:
    out_path = Path(out)
    register = Register(default_url(out_path))
    futures = [_extract_in_thread.submit(p) for p in scan_inbox(Path(inbox))]
    for future in futures:
        commit(register, out_path, future.result())
    export(register, out_path)
    register.close()


def _serial(inbox: Path, out: Path) -> None:
    """No processes, no Prefect: the floor every other variant is compared with."""
    out.mkdir(parents=True)
    register = Register(default_url(out))
    for path in scan_inbox(inbox):
        commit(register, out, extract_one(path))
    export(register, out)
    register.close()


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    seconds = round(time.perf_counter() - started, 2)
    print(f"{seconds} s", file=sys.stderr, flush=True)
    return seconds


def main(inbox: Path, workers: int) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="congvan-bench-"))
    letters = len(scan_inbox(inbox))

    def fresh(name: str) -> str:
        path = tmp / name
        shutil.rmtree(path, ignore_errors=True)
        return str(path)

    result: dict[str, object] = {"letters": letters, "cores": os.cpu_count(), "workers": workers,
                                 "load_average": os.getloadavg()[0]}
    extract_one(next(iter(scan_inbox(inbox))))  # warm up this process's NLP (and import underthesea here, see below)
    _noop_flow(10)  # start the Prefect API once, outside every measurement
    noop = _noop_flow(200)
    result["noop_task_ms"] = round(noop / 200 * 1000, 1)
    result["serial_in_process_s"] = _timed(lambda: _serial(inbox, Path(fresh("serial"))))
    result["direct_1_worker_s"] = _timed(lambda: run_batch(inbox, Path(fresh("direct1")), BatchOptions(workers=1, settle_seconds=0)))
    result["direct_s"] = _timed(lambda: run_batch(inbox, Path(fresh("direct")), BatchOptions(workers=workers, settle_seconds=0)))
    result["flow_chunked_s"] = _timed(lambda: process_inbox(str(inbox), fresh("chunked"), workers=workers, settle_seconds=0))
    result["flow_per_letter_s"] = _timed(lambda: process_inbox(str(inbox), fresh("per-letter"), workers=workers,
                                                               chunk_size=1, settle_seconds=0))
    # The old design imported underthesea lazily inside a task thread; its import-time
    # logging.dictConfig() flushes Prefect's API log handler and deadlocked the flow (seen
    # here with 78 letters). The warm-up at the top imports it in the main thread instead.
    result["flow_threads_in_process_s"] = _timed(lambda: _threads_flow(str(inbox), fresh("threads")))
    direct = float(result["direct_s"])  # type: ignore[arg-type]
    for key in ("flow_chunked_s", "flow_per_letter_s", "flow_threads_in_process_s"):
        result[key.replace("_s", "_overhead")] = round(float(result[key]) / direct - 1, 3)  # type: ignore[arg-type]
    result["letters_per_s_direct"] = round(letters / direct, 1)
    shutil.rmtree(tmp, ignore_errors=True)
    return result


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("samples/letters")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else (os.cpu_count() or 1)
    print(json.dumps(main(folder, n), indent=2))

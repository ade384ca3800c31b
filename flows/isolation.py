"""Extraction in worker processes, each letter under a time budget and a memory cap.

Why processes: parsing PDFs and running the NLP is CPU-bound Python, so threads would
queue on the GIL; and only a separate process can be *stopped* when a pathological file
makes the parser loop or balloon. Why long-lived workers rather than one process per
letter: a fresh fork per letter measured 0.10–0.14 s of extra time per letter here
(copy-on-write faults, cold caches) against ~0.04–0.07 s for the extraction itself.

Each worker sets ``RLIMIT_AS`` to its current address space plus ``memory_mb`` before a
letter and lifts it after, so the cap is per letter, not per process lifetime. The parent
waits on the worker's pipe with the letter's time budget; on overrun it kills the worker
(SIGKILL: a hung C parser ignores gentler signals) and starts another. Either way the
letter comes back as an :class:`Outcome` with ``error_code`` ``timeout``, ``memory`` or
``crashed``, and the batch goes on.

Workers are plain ``python -m congvan.flows.worker`` subprocesses, started once per batch
(in parallel, ~1.3 s each to import and warm the NLP pipeline) and replaced after a kill.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import functools
import importlib
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Self

from congvan.flows.outcome import Outcome

DEFAULT_EXTRACTOR = "congvan.flows.batch:extract_one"


@dataclass(frozen=True)
class Limits:
    """Per-letter budget.

    600 s matches the readers' own whole-letter deadline (``readers/budget.py``), which stops
    a slow PDF more gently between pages; this is the backstop for code that never returns to
    check it. A 300-page PDF took 30–60 s here. 2 GiB of address space above the worker's
    baseline is far beyond any real letter (~100–300 MB) and far below the machine.
    """

    seconds: float = 600.0
    memory_mb: int = 2048
    # A worker is replaced after this many letters: spaCy's string store and the parsers' caches
    # only grow (250 → 430 MB by 3,000 letters, benchmarks/README.md); a restart costs ~1.5 s.
    recycle_after: int = 1000


def _resolve(ref: str) -> Callable[[Path, dt.date | None], Outcome]:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux); 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def _memory_cap(memory_mb: int) -> Iterator[None]:
    """Cap this process's address space at (now + memory_mb) for the duration of one letter."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    base = _address_space()
    if memory_mb <= 0 or base == 0:
        yield
        return
    cap = base + memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (best effort; Linux only).

    So a batch killed by SIGKILL leaves no extraction workers, and ``congvan schedule`` no
    Prefect server, behind.
    """
    with contextlib.suppress(Exception):
        pr_set_pdeathsig = 1
        _libc().prctl(pr_set_pdeathsig, sig)


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library this process runs on (its own symbols: glibc or musl alike)."""
    return ctypes.CDLL(None, use_errno=True)


def worker_main(conn_in: Connection, conn_out: Connection, memory_mb: int, extractor: str) -> None:
    """The loop of one worker process: warm up, say ready, then extract letters until EOF."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from congvan.flows import _warm  # noqa: F401  (builds the NLP pipeline before the first letter)

    extract = _resolve(extractor)
    conn_out.send("ready")
    while True:
        try:
            path, received_at = conn_in.recv()
        except (EOFError, OSError):
            return
        try:
            with _memory_cap(memory_mb):
                outcome = extract(path, received_at)
        except MemoryError:
            outcome = Outcome(path, error_code="memory", error=f"needed more than the {memory_mb} MB memory cap")
        outcome.worker = os.getpid()
        try:
            conn_out.send(outcome)
        except (OSError, ValueError):
            return
        if outcome.error_code == "memory":
            return  # the heap may be fragmented or half-built; let the pool start a fresh worker
        del outcome
        _trim_heap()


def _trim_heap() -> None:
    """Hand the letter's freed heap back to the system (glibc ``malloc_trim``).

    Each letter allocates and frees a few MB (lxml trees, the review DOCX, the pickled outcome);
    without this a worker's resident size crept up with fragmentation: 362 MB after 400 DOCX
    letters, 337 MB with it, for 0.5 ms per letter. A no-op where libc has no ``malloc_trim``.
    """
    with contextlib.suppress(OSError, AttributeError):
        _libc().malloc_trim(0)


class _Worker:
    """One ``python -m congvan.flows.worker`` child and the two pipes to it.

    A plain subprocess rather than ``multiprocessing``: spawn and forkserver re-import the
    parent's ``__main__``, which breaks any script that calls the batch without an
    ``if __name__ == "__main__"`` guard, and fork is unsafe once the parent has threads.
    """

    START_SECONDS = 120.0  # importing spaCy and warming up; slow on a loaded 2-core machine

    def __init__(self, limits: Limits, extractor: str) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([p for p in sys.path if p] + [env.get("PYTHONPATH", "")])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "congvan.flows.worker", str(to_child_r), str(from_child_w),
             str(limits.memory_mb), extractor],
            pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.ready = False
        self.letters = 0

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def _wait_ready(self) -> None:
        if not self.ready:
            if not self.recv.poll(self.START_SECONDS) or self.recv.recv() != "ready":
                raise EOFError("worker did not start")
            self.ready = True

    def run(self, path: Path, received_at: dt.date | None, limits: Limits) -> Outcome:
        try:
            self._wait_ready()
            self.send.send((path, received_at))
            if self.recv.poll(limits.seconds):
                return self.recv.recv()
        except (EOFError, OSError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)  # it is dying: let it finish, so its exit status says how
            self.kill()
            return Outcome(path, error_code="crashed", error=_death(self.process.returncode, limits))
        self.kill()
        return Outcome(path, error_code="timeout",
                       error=f"extraction took longer than the {limits.seconds:g} s budget per letter; stopped")

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(10)
        for conn in (self.send, self.recv):
            with contextlib.suppress(Exception):
                conn.close()

    def stop(self) -> None:
        """Close its input; the worker sees EOF and exits on its own."""
        with contextlib.suppress(Exception):
            self.send.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


def _death(exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return (f"the extraction process was killed by {name} while reading this file "
                f"(the memory cap is {limits.memory_mb} MB per letter)")
    return f"the extraction process exited unexpectedly (exit code {exitcode})"


class LetterPool:
    """A fixed number of extraction workers; :meth:`run` is thread-safe and blocks for one letter.

    Workers start lazily and are replaced after a timeout or crash, so one bad letter costs
    one worker restart, never the batch.
    """

    def __init__(self, size: int, limits: Limits | None = None, extractor: str = DEFAULT_EXTRACTOR) -> None:
        self.size = max(1, size)
        self.limits = limits or Limits()
        self.extractor = extractor
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot; the worker itself starts on first use
        self._all: list[_Worker] = []
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="congvan-spawn")
        self._lock = threading.Lock()
        self._closed = False

    def run(self, path: Path, received_at: dt.date | None = None) -> Outcome:
        """Extract one letter in a worker under the limits (never raises for a bad file)."""
        worker = self._idle.get()
        try:
            if worker is None or not worker.alive:
                worker = self._start()
            outcome = worker.run(path, received_at, self.limits)
            worker.letters += 1
            if outcome.error_code == "memory" or worker.letters >= self.limits.recycle_after:
                worker.stop()  # it exits after a MemoryError; do not hand it the next letter
            if not worker.alive:
                worker = None
            return outcome
        finally:
            self._idle.put(worker)

    def map(self, paths: Iterable[Path], received_at: dt.date | None = None) -> Iterator[Outcome]:
        """Outcomes in input order, ``size`` letters at a time (so số đến follows the scan order)."""
        with ThreadPoolExecutor(self.size, thread_name_prefix="congvan-letter") as threads:
            yield from threads.map(lambda p: self.run(p, received_at), paths)

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("LetterPool is closed")
            # Linux delivers PR_SET_PDEATHSIG when the *thread* that forked the child ends, so
            # workers are started from one thread that lives exactly as long as the pool.
            worker = self._spawner.submit(_Worker, self.limits, self.extractor).result()
            self._all.append(worker)
            return worker

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
        self._spawner.shutdown(wait=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Run ``congvan process`` as a child and measure it: wall, CPU, peak memory of the process tree.

* CPU seconds come from ``os.wait4`` on the child: user + system time of ``congvan`` and of
  every descendant it waited for (the extraction workers, Tesseract, an ephemeral Prefect
  server).
* Memory is sampled every 50 ms from ``/proc``: the sum of the resident set sizes of the
  whole process tree (``peak_tree_rss_mb``, what the machine must hold; shared library pages
  are counted once per process, so it is an upper bound) and the largest single process
  (``peak_process_rss_mb``; ``wait4``'s ``ru_maxrss`` agrees with it).
* A Prefect API server started here (:class:`PrefectServer`) runs outside that tree; its CPU
  time during a run is read from ``/proc`` and reported separately.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def congvan_command() -> list[str]:
    script = Path(sys.executable).with_name("congvan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "congvan.cli"]


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return float("nan")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, cpu seconds incl. waited children) of a process, from /proc/<pid>/stat."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) / TICKS


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                children.setdefault(st[0], []).append(int(entry))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, ()))
    return out


def tree_cpu(root: int) -> float:
    """CPU seconds of a live process tree (each process incl. its waited-for children)."""
    return sum((_stat(pid) or (0, 0.0))[1] for pid in descendants(root))


class MemoryPoller(threading.Thread):
    """Samples the RSS of a process tree until stopped."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_tree = 0
        self.peak_process = 0
        self.peak_processes = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = descendants(self.root)
            sizes = [_rss(pid) for pid in pids]
            self.peak_tree = max(self.peak_tree, sum(sizes))
            self.peak_process = max([self.peak_process, *sizes])
            self.peak_processes = max(self.peak_processes, len([s for s in sizes if s]))
            self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_congvan(args: list[str], env: dict[str, str], log_path: Path, timeout: float = 6 * 3600,
                server_pid: int | None = None) -> dict[str, Any]:
    """Run ``congvan ARGS`` and measure it."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    server_cpu0 = tree_cpu(server_pid) if server_pid else 0.0
    load0 = loadavg()
    with log_path.open("wb") as log:
        started = time.perf_counter()
        # cwd: not the repo, whose congvan/ would shadow a code snapshot for `python -m` workers
        proc = subprocess.Popen([*congvan_command(), *args], stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=log_path.parent)
        poller = MemoryPoller(proc.pid)
        poller.start()
        deadline = started + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        poller.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "exit_code": proc.returncode,
        "wall_s": wall,
        "cpu_user_s": usage.ru_utime,
        "cpu_sys_s": usage.ru_stime,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_tree_rss_mb": poller.peak_tree / 2**20,
        "peak_process_rss_mb": max(poller.peak_process, usage.ru_maxrss * 1024) / 2**20,
        "peak_processes": poller.peak_processes,
        "memory_samples": poller.samples,
        "server_cpu_s": (tree_cpu(server_pid) - server_cpu0) if server_pid else 0.0,
        "loadavg_start": load0,
        "loadavg_end": loadavg(),
        "log": str(log_path),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrefectServer:
    """``prefect server start`` on 127.0.0.1 with a private PREFECT_HOME, for the flow runs.

    With ``PREFECT_API_URL`` pointing at it, ``congvan process --prefect`` talks to a running
    server, as an office that uses Prefect would; the ephemeral server that Prefect otherwise
    starts inside each run is measured separately.
    """

    def __init__(self, home: Path, log: Path, timeout: float = 180.0) -> None:
        self.home = home
        self.log = log
        self.timeout = timeout
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.start_s = float("nan")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def env(self) -> dict[str, str]:
        return {"PREFECT_HOME": str(self.home), "PREFECT_API_URL": self.url,
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}

    def start(self) -> float:
        if self.home.exists():
            shutil.rmtree(self.home)
        self.home.mkdir(parents=True)
        prefect = Path(sys.executable).with_name("prefect")
        env = {**os.environ, **self.env()}
        env.pop("PREFECT_API_URL")
        started = time.perf_counter()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                                     stdout=self.log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, start_new_session=True)
        while time.perf_counter() - started < self.timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prefect server exited ({self.proc.returncode}); see {self.log}")
            with contextlib.suppress(Exception):
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        self.start_s = time.perf_counter() - started
                        return self.start_s
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"prefect server did not answer within {self.timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the server and its uvicorn child
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def __enter__(self) -> PrefectServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

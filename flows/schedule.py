"""Serving ``process_inbox`` on a schedule, against a Prefect server we start or one we are given.

Measured here: ``serve()`` against Prefect's temporary (ephemeral) server schedules nothing
("Cannot schedule flows on an ephemeral server"), because the scheduler is a server-side
service. So ``congvan schedule`` needs a real ``prefect server start``; if no
``PREFECT_API_URL`` is configured it starts one on 127.0.0.1 (19–35 s to healthy on this
2-core machine, ~250 MB) and stops it on exit. Runs, logs and schedules then show in the
Prefect UI at the server's address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from congvan.flows.isolation import die_with_parent

DEPLOYMENT_NAME = "congvan-inbox"
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 60}


def parse_every(text: str) -> dt.timedelta:
    """``"10m"``, ``"30s"``, ``"2h"``, ``"1d"`` (a bare number means minutes)."""
    match = _EVERY.match(text)
    if not match:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30s, 10m, 2h, 1d)")
    unit = match[2].lower() if match[2] else None
    seconds = float(match[1]) * _UNIT[unit]
    if seconds < 1:
        raise ValueError("the interval must be at least 1 s")
    return dt.timedelta(seconds=seconds)


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile, if any."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def free_port(preferred: int = 4200) -> int:
    """``preferred`` if nothing listens there on 127.0.0.1, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


class LocalPrefectServer:
    """``prefect server start`` on 127.0.0.1 as a child process, for as long as the ``with`` lasts.

    Its database is the one of the current ``PREFECT_HOME`` (``~/.prefect/prefect.db`` by
    default), so run history survives restarts and shows in the UI next time. The scheduler
    loop is shortened to match short intervals (Prefect's default looks every 60 s).
    """

    def __init__(self, port: int | None = None, log: Path | None = None, startup_seconds: float = 180.0,
                 scheduler_loop_seconds: float = 5.0, env: dict[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.ui_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.startup_seconds = startup_seconds
        self.scheduler_loop_seconds = scheduler_loop_seconds
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in: float = 0.0

    def start(self) -> LocalPrefectServer:
        env = dict(os.environ)
        env.pop("PREFECT_API_URL", None)
        env.update({
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": str(self.scheduler_loop_seconds),
            "PREFECT_UI_API_URL": self.api_url,
            **self.extra_env,
        })
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 (lives with the server)
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=_server_dies_with_us,  # noqa: PLW1509 (only calls prctl)
        )
        deadline = started + self.startup_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited with code {self.process.returncode}"
                                   + (f"; see {self.log}" if self.log else ""))
            if healthy(self.api_url):
                self.started_in = time.monotonic() - started
                return self
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"prefect server not healthy after {self.startup_seconds:.0f} s")

    def stop(self) -> None:
        """SIGTERM the server's process group (uvicorn and its services), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _server_dies_with_us() -> None:
    die_with_parent(signal.SIGTERM)  # imported at module level: no imports between fork and exec


def serve_inbox(parameters: dict[str, object], every: dt.timedelta | None = None, cron: str | None = None,
                name: str = DEPLOYMENT_NAME) -> None:
    """Serve ``process_inbox`` as a scheduled deployment until interrupted (blocks).

    ``limit=1``: one run at a time from this process; a run that overlaps another batch on the
    same folders is refused by the batch lock anyway, and says so in its log.
    """
    from congvan.flows.process_inbox import process_inbox

    process_inbox.serve(name=name, interval=every, cron=cron, parameters=parameters, limit=1,
                        pause_on_shutdown=False, print_starting_message=False)


def deploy_letters(work_pool: str, name: str = "congvan-letters") -> str:
    """Register the ``process_letters`` deployment in a work pool; returns ``flow/deployment``.

    The source is this package's own folder, so every worker machine needs congvan installed
    at the same path (or a shared checkout). For container pools, build an image instead.
    """
    from congvan.flows.process_inbox import process_letters

    source = Path(__file__).resolve().parent
    process_letters.from_source(source=str(source), entrypoint="process_inbox.py:process_letters").deploy(
        name=name, work_pool_name=work_pool, print_next_steps=False, build=False, push=False,
    )
    return f"process_letters/{name}"

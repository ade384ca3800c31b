"""One batch at a time per output folder (and per inbox when files are moved).

Two batches started at once would both see the same new file, both extract it and race
to archive it. An advisory ``flock`` on a small file settles that: the first batch holds
it for its whole run, the second fails at once with a message that names the holder.
``flock`` is released by the kernel when the holder dies, even by SIGKILL, so a crashed
batch never leaves a stale lock behind (unlike a pid file that must be cleaned up).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Self

LOCK_NAME = ".congvan.lock"


class BatchLocked(RuntimeError):
    """Another batch holds the lock; the message says who, so the clerk knows it is not a hang."""


class BatchLock:
    """An exclusive, non-blocking lock on ``folder/.congvan.lock``.

    The file also records who holds the lock (pid, host, start time) so the second batch can
    say more than "locked". The file itself is left in place: deleting it on release would
    let a third batch lock a fresh inode while the second still waits on the old one.
    """

    def __init__(self, folder: Path, purpose: str = "batch") -> None:
        self.path = folder / LOCK_NAME
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise BatchLocked(
                f"another congvan batch is already running on {self.path.parent} ({holder}); "
                "this run did nothing and the next one will pick up any new letters"
            ) from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "purpose": self.purpose,
                "since": dt.datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return "holder unknown"
    if not info:
        return "holder unknown"
    return f"pid {info.get('pid')} on {info.get('host')}, {info.get('purpose')} since {info.get('since')}"


def batch_locks(out: Path, inbox: Path | None) -> ExitStack:
    """Lock OUT (one register writer per output folder) and, when moving files, the inbox too.

    The inbox lock stops two batches with different output folders from archiving the same
    file; it is a hidden file, which the scanner ignores. In read-only mode the inbox gets no
    lock file at all, because that mode promises not to touch the inbox.
    """
    stack = ExitStack()
    try:
        stack.enter_context(BatchLock(out, "writing the register"))
        if inbox is not None and inbox.resolve() != out.resolve():
            stack.enter_context(BatchLock(inbox, "archiving the inbox"))
    except BaseException:
        stack.close()
        raise
    return stack

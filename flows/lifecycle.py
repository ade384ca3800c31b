"""The office inbox lifecycle: inbox → archive/YYYY/MM/ or quarantine/, never before the commit.

Used when the batch runs with ``archive=True`` (the default for ``congvan schedule``). The
order of effects is what makes a crash harmless at any point:

1. the register transaction commits (document, tasks and the arrival row together);
2. only then is the file moved, by ``link`` + ``unlink`` (or copy + fsync + rename across
   file systems), so at every instant the bytes exist in the inbox, the archive or both;
3. on the next run a file still in the inbox whose (path, size, mtime) has an arrival row is
   one whose move was interrupted: :meth:`Archiver.settle` finishes it from that row, without
   extracting again. A file found in both places is recognised by its SHA-256 and the inbox
   copy removed.

The archive month is the month the letter was registered (local time), which is where a
clerk looks for "what came in in March".
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import time
from pathlib import Path

from congvan.flows.crashpoints import crashpoint
from congvan.outputs.atomic import write_text_atomic
from congvan.outputs.store import ArrivalRow, Register

from congvan.hashing import sha256_file
from congvan.text import path_text

Stat = tuple[int, int]


def stat_key(path: Path) -> Stat:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def settled(paths: list[Path], settle_seconds: float, clock: float | None = None) -> tuple[list[tuple[Path, Stat]], list[Path]]:
    """Split files into those at rest and those still being written.

    A file modified within the last ``settle_seconds`` is looked at twice, ``settle_seconds``
    apart; if its size or mtime moved in between, a copy or download is still running and the
    file waits for the next run. Files that rest longer than that cost no waiting at all.
    """
    now = clock if clock is not None else time.time()
    first: list[tuple[Path, Stat]] = []
    for path in paths:
        try:
            first.append((path, stat_key(path)))
        except FileNotFoundError:
            continue
    fresh = [p for p, (_, mtime) in first if now - mtime / 1e9 < settle_seconds]
    if not fresh or settle_seconds <= 0:
        return first, []
    time.sleep(settle_seconds)
    stable, waiting = [], []
    for path, stat in first:
        try:
            again = stat_key(path)
        except FileNotFoundError:
            continue
        if again == stat:
            stable.append((path, stat))
        else:
            waiting.append(path)
    return stable, waiting


def sweep_temporaries(out: Path) -> list[Path]:
    """Delete temporary files a killed writer left in OUT (``.name.*.tmp``); call under the lock.

    ``write_atomic`` cleans up after an exception, but nothing runs after SIGKILL. The real
    output files are untouched: they were only ever replaced by a rename.
    """
    removed = []
    if not out.is_dir():
        return removed
    for tmp in out.rglob(".*.tmp"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def free_target(folder: Path, name: str, sha256: str | None) -> tuple[Path, bool]:
    """Where ``name`` goes in ``folder``: (path, True) if the same bytes are already there."""
    target = folder / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        if sha256 and target.is_file() and sha256_file(target) == sha256:
            return target, True
        n += 1
        target = folder / f"{stem}.{n}{suffix}"
    return target, False


def move_into(src: Path, folder: Path, sha256: str | None) -> Path:
    """Move ``src`` into ``folder`` without a moment where the bytes exist nowhere.

    ``link`` fails rather than overwrite, so a name clash is never destructive; across file
    systems the copy is fsynced and renamed into place before the source is removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target, already = free_target(folder, src.name, sha256)
    if not already:
        try:
            os.link(src, target)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP):
                raise
            tmp = folder / f".{target.name}.tmp"
            shutil.copy2(src, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        _fsync_dir(folder)
    crashpoint("archive-linked")  # bytes now in both places
    src.unlink()
    _fsync_dir(src.parent)
    return target


class Archiver:
    """Moves letters out of the inbox once the register says what they are."""

    def __init__(self, out: Path) -> None:
        self.archive = out / "archive"
        self.quarantine = out / "quarantine"

    def settle(self, register: Register, path: Path, stat: Stat) -> Path | None:
        """Move one inbox file according to its latest arrival row; None if it has none (yet)."""
        arrival = register.arrival(path_text(path), stat)
        if arrival is None or not path.exists():
            return None
        if arrival.outcome == "quarantined":
            return self._quarantine(path, arrival)
        local = arrival.arrived_at.replace(tzinfo=dt.UTC).astimezone()
        folder = self.archive / f"{local:%Y}" / f"{local:%m}"
        return move_into(path, folder, arrival.sha256 or None)

    def _quarantine(self, path: Path, arrival: ArrivalRow) -> Path:
        """Report first, then move: a crash in between leaves the file in the inbox, to be redone."""
        self.quarantine.mkdir(parents=True, exist_ok=True)
        target, _ = free_target(self.quarantine, path.name, arrival.sha256 or None)
        code, _, reason = (arrival.reason or "").partition(": ")
        report = {
            "file": path_text(path),
            "sha256": arrival.sha256 or None,
            "code": code or None,
            "reason": reason or arrival.reason,
            "quarantined_at": arrival.arrived_at.replace(tzinfo=dt.UTC).astimezone().isoformat(timespec="seconds"),
        }
        write_text_atomic(target.with_name(target.name + ".error.json"),
                          json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        crashpoint("quarantine-reported")
        moved = move_into(path, self.quarantine, arrival.sha256 or None)
        if moved != target:  # a same-content file already sat under another name: keep report beside it
            os.replace(target.with_name(target.name + ".error.json"), moved.with_name(moved.name + ".error.json"))
        return moved

"""The writers' cost against a baseline revision, in one process: XLSX register, task feed, review DOCX.

A change to a writer (format limits, per-row guards) must not make the export slower for the
clerk. Absolute times on a shared machine are noise, so this loads the writer modules of a
baseline git revision beside the current ones and times both, interleaved, on the same
Documents (the sample letters, extracted once), and prints the ratio current / baseline.

    .venv/bin/python -m benchmarks.writers --base a798921 --copies 13   # 13 x 78 = 1,014 letters
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {"xlsx": "outputs/xlsx.py", "json_feed": "outputs/json_feed.py", "review_export": "outputs/review_export.py"}


def _baseline(rev: str, name: str) -> types.ModuleType:
    """The module ``congvan.outputs.<name>`` as it was at ``rev`` (its imports resolve to today's package)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{MODULES[name]}"], check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(f"baseline_{name}", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__dict__["__name__"] = f"congvan.outputs.baseline_{name}"
    exec(compile(source, f"{rev}:{MODULES[name]}", "exec"), module.__dict__)  # noqa: S102 (our own file at a revision)
    return module


def _documents() -> list:
    from congvan.pipeline import process_file

    letters = sorted((ROOT / "samples" / "letters").glob("*.*"))
    return [process_file(p, dt.date(2026, 1, 5)) for p in letters]


def _time(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD~1", help="baseline revision (default HEAD~1)")
    ap.add_argument("--copies", type=int, default=13, help="copies of the 78 sample letters in the register")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)

    from congvan.outputs import json_feed, review_export, xlsx

    current = {"xlsx": xlsx, "json_feed": json_feed, "review_export": review_export}
    base = {name: _baseline(args.base, name) for name in MODULES}
    documents = _documents()
    entries = [(n, dt.date(2026, 1, 5), d) for n, d in enumerate(documents * args.copies, start=1)]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        jobs = {
            f"XLSX register ({len(entries)} letters)":
                lambda m: m["xlsx"].write_register(out / "r.xlsx", lambda: iter(entries)),
            f"tasks.json ({len(entries)} letters)": lambda m: m["json_feed"].write_task_feed(out, entries),
            f"review DOCX ({len(documents)} letters)": lambda m: [m["review_export"].build_review(d) for d in documents],
        }
        print(f"| writer | baseline {args.base} (s CPU) | current (s CPU) | current / baseline |")
        print("|---|---|---|---|")
        for label, job in jobs.items():
            timings: dict[str, list[float]] = {"base": [], "current": []}
            for _ in range(args.repeats):  # interleaved, so drift in machine load hits both alike
                timings["base"] += _time(lambda: job(base), 1)
                timings["current"] += _time(lambda: job(current), 1)
            b, c = statistics.median(timings["base"]), statistics.median(timings["current"])
            print(f"| {label} | {b:.3f} | {c:.3f} | {c / b:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction speed of this checkout against an earlier revision, in the same run.

``python -m benchmarks.extract_vs_rev --base REV`` times ``congvan.pipeline.process_file`` (read,
layout, metadata, tasks: everything a worker does to a letter but the writers) on the
born-digital letters of ``samples/letters`` (PDF, DOCX, text) and the public texts of
``samples/public-text``, once with the code of REV and once with the working tree, in
alternating child processes, and reports the median CPU seconds per letter of each and their
ratio.

Why child processes: the package maps several top-level folders into ``congvan.*``, so two
versions cannot be imported side by side. REV is checked out with ``git worktree`` into a
temporary folder, and a folder of symlinks reproduces the package mapping of ``pyproject.toml``
for it; the child imports it ahead of the editable install. Scans are left out: OCR dominates
them and is measured by ``benchmarks/handwriting.py`` and ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# pyproject.toml [tool.setuptools] package-dir: package → folder in the repository
PACKAGES = {"congvan": "congvan", "readers": "readers", "layout": "layout", "extractors": "extractors",
            "models": "models", "outputs": "outputs", "flows": "flows"}

CHILD = r"""
import json, sys, time, datetime as dt
from pathlib import Path
import congvan
from congvan.pipeline import process_file
files = [Path(p) for p in json.loads(sys.argv[1])]
rounds = int(sys.argv[2])
for f in files[:3]:
    process_file(f, dt.date(2026, 1, 5))  # warm-up: imports, data files, the tagger
times = []
for _ in range(rounds):
    start = time.process_time()
    for f in files:
        process_file(f, dt.date(2026, 1, 5))
    times.append((time.process_time() - start) / len(files))
print(json.dumps({"origin": congvan.__file__, "cpu_per_letter": times}))
"""


def _site_for(tree: Path, site: Path) -> Path:
    """A folder whose ``congvan`` package is ``tree``'s code, laid out as pyproject maps it."""
    package = site / "congvan"
    package.mkdir(parents=True)
    for entry in (tree / "congvan").iterdir():
        (package / entry.name).symlink_to(entry)
    for name, folder in PACKAGES.items():
        if name != "congvan":
            (package / name).symlink_to(tree / folder)
    return site


def letters() -> list[Path]:
    """The born-digital letters: every PDF, DOCX and text file in samples/letters and samples/public-text."""
    chosen = sorted(p for p in (ROOT / "samples" / "letters").iterdir() if p.suffix in (".pdf", ".docx", ".txt"))
    chosen += sorted((ROOT / "samples" / "public-text").glob("*.txt"))
    return chosen


def _run(site: Path | None, files: list[Path], rounds: int) -> dict[str, object]:
    env = dict(os.environ, CONGVAN_OCR="0", OMP_THREAD_LIMIT="1")
    if site is not None:
        env["PYTHONPATH"] = str(site) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps([str(f) for f in files]), str(rounds)],
                         env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git revision to compare against")
    parser.add_argument("--pairs", type=int, default=3, help="alternating base/current child processes")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the letters per child")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    files = letters()
    with tempfile.TemporaryDirectory(prefix="congvan-bench-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.base],
                       check=True, capture_output=True)
        try:
            site = _site_for(tree, Path(tmp) / "site")
            base: list[float] = []
            current: list[float] = []
            for _ in range(args.pairs):
                b = _run(site, files, args.rounds)
                c = _run(None, files, args.rounds)
                assert str(tree) in str(Path(str(b["origin"])).resolve()) or "site" in str(b["origin"]), b["origin"]
                base += b["cpu_per_letter"]  # type: ignore[arg-type]
                current += c["cpu_per_letter"]  # type: ignore[arg-type]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
    result = {"base": args.base, "letters": len(files), "base_ms": round(statistics.median(base) * 1000, 1),
              "current_ms": round(statistics.median(current) * 1000, 1),
              "ratio": round(statistics.median(current) / statistics.median(base), 3)}
    print(f"{len(files)} born-digital letters, median CPU per letter: {args.base} {result['base_ms']} ms, "
          f"this tree {result['current_ms']} ms, ratio {result['ratio']}×")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The benchmark script still runs end to end (smallest size); it times nothing.

``python -m benchmarks.bench --smoke``: 2 PDF, 2 DOCX and 1 scanned letter through the direct
path, the raw baselines, the per-stage breakdown and an unchanged re-run; results go to a
temporary folder, never to benchmarks/results/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_smoke(tmp_path: Path) -> None:
    kinds = "pdf,docx,scan" if shutil.which("tesseract") else "pdf,docx"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--smoke", "--kinds", kinds, "--work", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "smoke" / "results" / "latest.json").read_text())
    for kind in kinds.split(","):
        (run,) = [r for r in results["e2e"][kind] if r["label"] == ""]
        assert run["ok"] and run["documents_written"] == run["letters"], run
        assert run["cpu_s"] > 0 and run["peak_tree_rss_mb"] > 0
        assert all("wall_s" in r for r in results["raw"][kind][str(run["letters"])].values())
    assert set(results["stages"]) == {"pdf", "docx"}
    assert results["rerun"]["direct"]["ok"]
    assert "pdf_vs_pdfplumber" in results["summary"]["targets"]
    assert "## Targets" in (tmp_path / "smoke" / "results" / "latest.md").read_text()

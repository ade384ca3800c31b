"""Crash recovery: SIGKILL the archiving batch at many points, restart, and check nothing is lost or doubled.

Each round drops new letters into the inbox and runs ``congvan schedule --once`` (the archiving
batch, no Prefect) in a subprocess with ``CONGVAN_CRASH`` naming where it must die (see
``congvan/flows/crashpoints.py``). The next round is the restart: it must recover whatever the
previous one left, and then die somewhere else. After every crash, no input may be lost and no
visible output may be half-written; after a final clean run, every letter is in the register
exactly once and the XLSX/JSON outputs are complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import LETTERS
from congvan.models import Document
from congvan.outputs.store import ArrivalRow, Register, default_url

# (crash spec, what it interrupts). "+s" arms a timer at the point and kills s seconds later,
# i.e. in the middle of the following step.
CRASHES = [
    ("locked", "right after taking the lock"),
    ("extracting+0.8", "while the workers are reading and extracting"),
    ("commit-before#2", "between two letters' register transactions"),
    ("commit-before+0.004", "during a register transaction"),
    ("committed", "after the commit, before the letter's JSON"),
    ("document-written", "after the JSON, before the archive move"),
    ("archive-linked", "with the letter linked into archive/ but still in the inbox"),
    ("quarantine-reported", "after a bad file's error report, before its move"),
    ("export-feed", "before tasks.json"),
    ("export-xlsx+0.03", "while register.xlsx is being written"),
    ("export-xlsx+0.12", "while register.xlsx is being written (later)"),
    ("export-heal", "after the XLSX, before documents/ is healed"),
]
TIMED = {spec for spec, _ in CRASHES if "+" in spec}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(inbox: Path, out: Path, crash: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONGVAN_CRASH"}
    if crash:
        env["CONGVAN_CRASH"] = crash
    code = "from congvan.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "schedule", str(inbox), "--out", str(out), "--once", "--settle", "0",
         "--workers", "1", "--received", "2026-01-05"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def _everything_kept(dropped: dict[str, str], inbox: Path, out: Path) -> None:
    """Every dropped file's bytes still exist: in the inbox, the archive or the quarantine."""
    present = {_sha(p) for root in (inbox, out / "archive", out / "quarantine") if root.exists()
               for p in root.rglob("*") if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".error.json")}
    lost = {name for name, sha in dropped.items() if sha not in present}
    assert not lost, f"input lost: {lost}"


def _outputs_whole(out: Path) -> None:
    """What a reader can see is never half-written: absent or complete and valid."""
    if (out / "tasks.json").exists():
        json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    if (out / "register.xlsx").exists():
        openpyxl.load_workbook(out / "register.xlsx").close()
    for doc in (out / "documents").glob("*.json") if (out / "documents").exists() else []:
        Document.model_validate_json(doc.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_sigkill_at_every_step_loses_and_duplicates_nothing(tmp_path: Path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    letters = sorted(LETTERS.iterdir())
    dropped: dict[str, str] = {}  # inbox file name -> sha256
    killed: list[str] = []
    mid_write: list[str] = []

    def drop(name: str, source: Path | None = None, data: bytes | None = None) -> None:
        target = inbox / name
        if source is not None:
            shutil.copy2(source, target)
        else:
            target.write_bytes(data or b"")
        dropped[name] = _sha(target)

    for round_no, (spec, what) in enumerate(CRASHES):
        for letter in letters[round_no * 3: round_no * 3 + 3]:
            drop(letter.name, letter)
        if round_no % 4 == 1:
            drop(f"ban-sao-{round_no}{letters[0].suffix}", letters[0])  # a renamed copy: a duplicate arrival
        if round_no in (6, 7):
            drop(f"hong-{round_no}.docx", data=b"not a word file")  # quarantined
        result = _run(inbox, out, spec)
        if result.returncode == -signal.SIGKILL:
            killed.append(spec)
            if spec.startswith("export-xlsx") and list(out.glob(".register.xlsx.*.tmp")):
                mid_write.append(spec)
        else:
            assert spec in TIMED and result.returncode in (0, 1), (spec, what, result.returncode, result.stderr[-2000:])
        _everything_kept(dropped, inbox, out)
        _outputs_whole(out)

    assert set(killed) >= {spec for spec, _ in CRASHES if spec not in TIMED}, "every fixed point was reached"
    assert len([s for s in killed if s in TIMED]) >= 2, f"timed kills landed: {killed}"

    final = _run(inbox, out, None)
    assert final.returncode in (0, 1), final.stderr[-2000:]

    # Nothing left behind: the inbox holds only the lock; no temporary files anywhere in OUT.
    assert sorted(p.name for p in inbox.iterdir()) == [".congvan.lock"]
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    _everything_kept(dropped, inbox, out)

    register = Register(default_url(out))
    try:
        entries = list(register.entries())
        with register.session() as s:
            arrivals = list(s.query(ArrivalRow))
    finally:
        register.close()
    bad = {name for name in dropped if name.startswith("hong-")}
    good_shas = {sha for name, sha in dropped.items() if name not in bad}
    # Every letter exactly once in the register, every file exactly one arrival.
    assert sorted(doc.source.sha256 for _, _, doc in entries) == sorted(good_shas)
    assert sorted(Path(a.path).name for a in arrivals) == sorted(dropped), "one arrival per dropped file"
    assert {Path(a.path).name for a in arrivals if a.outcome == "quarantined"} == bad
    assert sum(a.outcome == "duplicate" for a in arrivals) == len(dropped) - len(good_shas) - len(bad)
    assert [number for number, _, _ in entries] == list(range(1, len(entries) + 1)), "số đến without gaps"

    # Outputs complete and valid.
    docs = {p.stem for p in (out / "documents").glob("*.json")}
    assert docs == {doc.id for _, _, doc in entries}
    feed = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert feed["count"] == sum(len(doc.tasks) for _, _, doc in entries)
    wb = openpyxl.load_workbook(out / "register.xlsx")
    assert wb["Sổ văn bản đến"].max_row - 1 == len(entries)
    assert wb["Theo dõi nhiệm vụ"].max_row - 1 == feed["count"]
    archived = {_sha(p) for p in (out / "archive").rglob("*") if p.is_file()}
    assert archived == {sha for name, sha in dropped.items() if name not in bad}
    for name in bad:
        report = json.loads((out / "quarantine" / f"{name}.error.json").read_text(encoding="utf-8"))
        assert report["code"] == "corrupt_docx"
    print(f"killed at {len(killed)} points: {killed}; mid-XLSX-write kills: {mid_write}")

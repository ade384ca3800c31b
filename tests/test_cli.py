"""The congvan command as a user runs it (real subprocesses)."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_letters

CLI = [sys.executable, "-c", "from congvan.cli import main; main()"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_extract_reads_stdin_and_prints_a_document():
    text = (
        "UBND TỈNH NGHỆ AN\nSố: 3308/UBND-TH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Nghệ An, ngày 27 tháng 4 năm 2023\nKính gửi: Sở Nội vụ\n"
        "Giao Sở Nội vụ chủ trì rà soát, báo cáo UBND tỉnh trước ngày 30/6/2023./.\n"
    )
    result = run("extract", "-", "--received", "2023-04-28", stdin=text)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["doc_number"] == "3308/UBND-TH" and doc["source"]["received_at"] == "2023-04-28"
    assert doc["tasks"][0]["deadline"]["date"] == "2023-06-30"


def test_extract_missing_file_is_a_clear_error():
    result = run("extract", "no-such-letter.pdf")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_process_exit_codes_and_eval(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy_letters(inbox, ["cv-byt-2023-benh-an-dien-tu.docx"])
    out = tmp_path / "out"
    ok = run("process", str(inbox), "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    (inbox / "bad.pdf").write_bytes(b"")
    bad = run("process", str(inbox), "--out", str(out))
    assert bad.returncode == 1 and "quarantined" in bad.stderr
    report = run("eval", "--gold", str(ROOT / "samples" / "gold"), "--pred", str(out / "documents"), "--json")
    assert report.returncode == 0
    data = json.loads(report.stdout)
    assert data["documents"] == 1 and "detection" in data["tasks"]


def test_schema_check_passes():
    assert run("schema", "--check").returncode == 0

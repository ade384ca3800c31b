"""Shared fixtures. Real letters are read from ../shared/samples (never copied into the repo)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
LETTERS = SAMPLES / "letters"
SHARED = (ROOT / ".." / "shared" / "samples").resolve()

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/samples not present")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def copy_letters(target: Path, names: list[str]) -> list[Path]:
    out = []
    for name in names:
        dest = target / name
        shutil.copy2(LETTERS / name, dest)
        out.append(dest)
    return out


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):
    """One temporary Prefect API for the session, with a start-up timeout this machine needs."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield

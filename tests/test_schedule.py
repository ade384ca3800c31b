"""A real Prefect server on 127.0.0.1: scheduled runs pick up dropped letters; two work-pool workers share a batch.

One server start costs 20–40 s on this machine, so both scenarios live in one test and share it.
The server is started with congvan's own :class:`LocalPrefectServer` (the code path of
``congvan schedule`` without PREFECT_API_URL); ``congvan schedule`` itself is then given the
server's URL (the PREFECT_API_URL code path). When a PostgreSQL server is reachable (see
``POSTGRES`` below; ``.ci/run`` starts one), the Prefect server and the register both use it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import LETTERS
from congvan.flows.schedule import LocalPrefectServer, parse_every
from congvan.outputs.store import ArrivalRow, Base, Register, default_url

POSTGRES = os.environ.get("CONGVAN_TEST_POSTGRES", "postgresql+psycopg://congvan:congvan@127.0.0.1:5432/congvan_test")
PREFECT_POSTGRES = os.environ.get("CONGVAN_TEST_PREFECT_POSTGRES",
                                  "postgresql+asyncpg://congvan:congvan@127.0.0.1:5432/prefect_test")


def _postgres_up() -> bool:
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 (no driver, no server, no role: all mean "skip PostgreSQL")
        return False


def test_parse_every():
    assert parse_every("10m").total_seconds() == 600 and parse_every("30s").total_seconds() == 30
    assert parse_every("2h").total_seconds() == 7200 and parse_every("5").total_seconds() == 300
    with pytest.raises(ValueError):
        parse_every("soon")


def _wait_for(what: str, check: Callable[[], bool], seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    tail = ""
    if log is not None and log.exists():
        lines = [line for line in log.read_text(errors="replace").splitlines() if "at capacity" not in line]
        tail = "\n".join(lines[-60:])
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}\n{tail}")


def _api(url: str, path: str, body: dict) -> list[dict]:
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _stop(process: subprocess.Popen, sig: int = signal.SIGINT) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalPrefectServer, dict[str, str]]]:
    home = tmp_path_factory.mktemp("prefect-server-home")
    env = {"PREFECT_HOME": str(home)}
    fresh = None
    if _postgres_up():
        fresh = f"prefect_test_{os.getpid()}"  # scheduled runs left in an old database would run old parameters
        _postgres_admin(f"DROP DATABASE IF EXISTS {fresh}", f"CREATE DATABASE {fresh}")
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = PREFECT_POSTGRES.rsplit("/", 1)[0] + f"/{fresh}"
    server = LocalPrefectServer(log=home / "server.log", env=env, scheduler_loop_seconds=2)
    with server:
        client_env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        client_env.update({
            "PREFECT_HOME": str(home), "PREFECT_API_URL": server.api_url, "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        })
        yield server, client_env
    if fresh:
        _postgres_admin(f"DROP DATABASE IF EXISTS {fresh}")


def _postgres_admin(*statements: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")] if folder.exists() else []


@pytest.mark.slow
def test_scheduled_deployment_and_two_workers_on_one_register(prefect_server, tmp_path: Path):
    server, env = prefect_server
    letters = sorted(p for p in LETTERS.iterdir())

    # -- 1. `congvan schedule --every 3s` against the server: dropped letters get processed by scheduled runs.
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    log = open(tmp_path / "schedule.log", "wb")  # noqa: SIM115
    serve = subprocess.Popen(
        [sys.executable, "-c", "from congvan.cli import main; main()", "schedule", str(inbox), "--out", str(out),
         "--every", "5s", "--settle", "0", "--workers", "1", "--name", "test-inbox"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        for letter in letters[:2]:
            shutil.copy2(letter, inbox / letter.name)
        _wait_for("the first scheduled run to archive two letters", lambda: len(_files(out / "archive")) == 2, 240,
                  tmp_path / "schedule.log")
        shutil.copy2(letters[2], inbox / letters[2].name)
        (inbox / "hong.pdf").write_bytes(b"")
        _wait_for("a later scheduled run to take the next letters",
                  lambda: len(_files(out / "archive")) == 3 and (out / "quarantine" / "hong.pdf.error.json").exists(), 180,
                  tmp_path / "schedule.log")

        def completed() -> list[dict]:
            return _api(server.api_url, "/flow_runs/filter",
                        {"deployments": {"name": {"any_": ["test-inbox"]}},
                         "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "limit": 50})

        _wait_for("two completed scheduled runs in the Prefect API", lambda: len(completed()) >= 2, 60)
        assert all(r["auto_scheduled"] for r in completed()), "the runs came from the schedule"
    finally:
        _stop(serve)
        log.close()
    assert serve.returncode is not None
    assert sorted(p.name for p in inbox.iterdir()) == [".congvan.lock"]

    # -- 2. A work pool with two workers shares one batch against one register.
    db = POSTGRES if _postgres_up() else default_url(tmp_path / "out2")
    if db.startswith("postgresql"):
        register = Register(db)
        Base.metadata.drop_all(register.engine)
        register.close()
    worker_logs = [open(tmp_path / f"worker{i}.log", "wb") for i in (1, 2)]  # noqa: SIM115
    workers: list[subprocess.Popen] = []
    try:
        deploy = subprocess.run(
            [sys.executable, "-c", "import asyncio; from prefect import get_client; "
             "from prefect.client.schemas.actions import WorkPoolCreate; "
             "from congvan.flows.schedule import deploy_letters\n"
             "async def pool():\n"
             "    async with get_client() as client:\n"
             "        await client.create_work_pool(WorkPoolCreate(name='congvan-test', type='process'))\n"
             "asyncio.run(pool()); print(deploy_letters('congvan-test'))"],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        assert deploy.returncode == 0, deploy.stderr[-3000:]
        workers = [subprocess.Popen([sys.executable, "-m", "prefect", "worker", "start", "--pool", "congvan-test",
                                     "--limit", "1", "--name", f"worker-{i}"],
                                    env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
                   for i, fh in enumerate(worker_logs, start=1)]
        inbox2, out2 = tmp_path / "inbox2", tmp_path / "out2"
        inbox2.mkdir()
        batch = letters[3:9]
        for letter in batch:
            shutil.copy2(letter, inbox2 / letter.name)
        shutil.copy2(batch[0], inbox2 / "zz-ban-sao.pdf")  # same bytes in another chunk: a duplicate, not a 2nd row
        code = ("import json, sys; from congvan.flows.process_inbox import process_inbox; "
                "print(json.dumps(process_inbox(sys.argv[1], sys.argv[2], db_url=sys.argv[3], archive=True, "
                "chunk_size=4, settle_seconds=0, workers=1, deployment='process_letters/congvan-letters')))")
        parent = subprocess.run([sys.executable, "-c", code, str(inbox2), str(out2), db],
                                env=env, capture_output=True, text=True, timeout=400, check=False)
        assert parent.returncode == 0, parent.stderr[-3000:]
        counts = json.loads(parent.stdout.strip().splitlines()[-1])
        assert counts == {"new": 6, "duplicate": 1, "unchanged": 0, "quarantined": 0, "waiting": 0, "problems": 0}
    finally:
        for worker in workers:
            _stop(worker)
        for fh in worker_logs:
            fh.close()

    manifests = [json.loads(p.read_text()) for p in (out2 / ".runs").glob("*.json")]
    assert len(manifests) == 2, "7 letters in chunks of 4: one chunk per worker"
    seen = [name for m in manifests for name in m["letters"]]
    assert sorted(seen) == sorted(str(inbox2 / p.name) for p in [*batch, Path("zz-ban-sao.pdf")]), "each letter in one chunk"
    assert len({m["worker_pid"] for m in manifests}) == 2, "both workers took chunks"
    register = Register(db)
    try:
        assert register.count() == 6
        with register.session() as s:
            arrivals = [(Path(a.path).name, a.outcome) for a in s.query(ArrivalRow)]
    finally:
        register.close()
    assert len(arrivals) == 7 and sorted(o for _, o in arrivals).count("duplicate") == 1
    assert sorted(p.name for p in inbox2.iterdir()) == [".congvan.lock"]
    assert len(_files(out2 / "archive")) == 7
    assert len(list((out2 / "documents").glob("*.json"))) == 6

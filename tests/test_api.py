"""The HTTP API end to end, with real parts only.

The register is built by the real batch from sample letters; the server is ``congvan serve``
(uvicorn) in a subprocess on a free 127.0.0.1 port; every call goes over HTTP with httpx.
Expectations are computed from the batch's own JSON outputs, never hard-coded, so the
tests keep holding while the extractors improve.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from congvan.flows.batch import BatchOptions, run_batch
from congvan.outputs.api.matching import text_matcher
from congvan.outputs.api.openapi_vi import VI, missing_translations
from congvan.outputs.api.queries import today_vn
from congvan.outputs.store import Register
from conftest import ROOT, copy_letters

KEY = "test-key-Zq8vR2mLx4Tn9Wp3"
CLI = [sys.executable, "-c", "from congvan.cli import main; main()"]
API = "/api/v1"

# Batch A: two letters from one Sở (issuer filter), a dated-with-clock-time deadline (Công điện),
# a letter without tasks, one without an issue date, and a 19-task plan with several leads.
LETTERS_A = [
    "cv-dongnai-syt-2023-khan-sot-xuat-huyet.docx",
    "kh-khanhhoa-syt-2024-tiem-vac-xin-soi.docx",
    "cd-kyson-ubnd-huyen-2023-khan-mua-lu.docx",
    "cv-byt-2023-benh-an-dien-tu.docx",
    "kh-hatinh-ubnd-2024-cai-cach-hanh-chinh.docx",
    "ttr-tiengiang-ubnd-2024-nghi-quyet-muc-chi-pho-cap.docx",
    "cv-ductho-ubnd-xa-2025-du-lieu-an-sinh.docx",
]
LETTERS_B = ["tb-dongthap-ubnd-2023-ket-luan-giai-ngan-von.docx", "cv-sonla-ubnd-2024-thuong-khan-chay-rung.docx"]
RECEIVED_A, RECEIVED_B = dt.date(2026, 1, 5), dt.date(2026, 2, 10)


# -- a real server ------------------------------------------------------------------------
@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, key: str | None = KEY) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base + API, headers=headers, timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(key: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONGVAN_API")}
    if key is not None:
        env["CONGVAN_API_KEY"] = key
    return {**env, **extra}


@contextmanager
def serve(db: Path, *args: str, key: str | None = KEY) -> Iterator[Server]:
    """``congvan serve`` on a free port, until it answers /healthz; stopped afterwards."""
    for _attempt in range(3):  # the free port may be taken between probing and binding
        port = _free_port()
        log = db.with_name(f"server-{port}.log")
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*CLI, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning", *args],
                env=_env(key), stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT,
            )
        server = Server(f"http://127.0.0.1:{port}", process, log)
        if _wait_healthy(server):
            break
        process.kill()
        process.wait()
    else:
        raise AssertionError(f"server did not start:\n{log.read_text(errors='replace')}")
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(server: Server, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            if httpx.get(f"{server.base}{API}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


# -- data ---------------------------------------------------------------------------------
@dataclass
class Batch:
    out: Path
    documents: dict[str, dict[str, Any]]  # id -> Document JSON file content
    tasks: list[dict[str, Any]]  # tasks.json items

    @property
    def db(self) -> Path:
        return self.out / "register.sqlite"


def _batch(inbox: Path, out: Path, names: list[str], received: dt.date) -> Batch:
    copy_letters(inbox, names)
    summary = run_batch(inbox, out, BatchOptions(received_at=received, workers=1))
    assert summary.count("new") == len(names) and not summary.failed
    return _read_outputs(out)


def _read_outputs(out: Path) -> Batch:
    documents = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "documents").glob("*.json")}
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    return Batch(out, documents, tasks)


@pytest.fixture(scope="module")
def batch_a(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("api-batch")
    (root / "inbox").mkdir()
    return _batch(root / "inbox", root / "out", LETTERS_A, RECEIVED_A)


@pytest.fixture
def fresh_db(batch_a: Batch, tmp_path: Path) -> Path:
    """A private copy of batch A's register, for a test that writes."""
    target = tmp_path / "register.sqlite"
    shutil.copy2(batch_a.db, target)
    return target


@pytest.fixture(scope="module")
def reader(batch_a: Batch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client of a server that nothing writes to (reads protected, the default)."""
    db = tmp_path_factory.mktemp("api-reader") / "register.sqlite"
    shutil.copy2(batch_a.db, db)
    with serve(db) as server, server.client() as client:
        yield client


def walk(client: httpx.Client, path: str, params: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Every item of a paginated listing, following next_offset."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(path, params={**params, "limit": limit, "offset": offset})
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["limit"] == limit and body["offset"] == offset and len(body["items"]) <= limit
        items.extend(body["items"])
        offset = body["next_offset"]
    assert len(items) == body["total"]
    return items


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# -- documents ----------------------------------------------------------------------------
def test_documents_listing_filters_and_pages(reader: httpx.Client, batch_a: Batch):
    docs = batch_a.documents
    everything = walk(reader, "/documents", {}, limit=200)
    assert sorted(_ids(everything)) == sorted(docs)
    assert [d["incoming_no"] for d in everything] == list(range(1, len(docs) + 1)), "register order (số đến)"
    assert walk(reader, "/documents", {}, limit=2) == everything, "pages of 2 add up to the whole, in order"
    first = everything[0]
    assert first["task_count"] == len(docs[first["id"]]["tasks"]) and first["updated_at"].endswith("Z")

    def expect(predicate: Callable[[dict[str, Any]], bool]) -> list[str]:
        return sorted(i for i, d in docs.items() if predicate(d))

    def got(**params: Any) -> list[str]:
        return sorted(_ids(walk(reader, "/documents", params, limit=3)))

    issuer = docs[first["id"]]["issuer"]
    assert got(issuer=issuer.lower()) == expect(lambda d: text_matcher(issuer)(d["issuer"]))
    sys_docs = got(issuer="so y te")  # typed without diacritics, as in a URL
    assert sys_docs and sys_docs == expect(lambda d: text_matcher("Sở Y tế")(d["issuer"]))
    assert got(doc_type="Kế hoạch") == expect(lambda d: d["doc_type"] == "Kế hoạch") != []
    numbered = next(d for d in docs.values() if d["doc_number"])
    assert numbered["id"] in got(q=numbered["doc_number"].split("/")[0])
    word = numbered["subject"].split()[-1]
    assert got(q=word) == expect(lambda d: text_matcher(word)(d["subject"]) or text_matcher(word)(d["doc_number"]))
    dated = sorted(d["issue_date"] for d in docs.values() if d["issue_date"])
    low, high = dated[1], dated[-2]
    assert got(issued_from=low, issued_to=high) == expect(lambda d: bool(d["issue_date"]) and low <= d["issue_date"] <= high)
    assert got(issued_from=high, issued_to=low) == [], "a reversed range matches nothing"
    assert got(received_from=str(RECEIVED_A), received_to=str(RECEIVED_A)) == sorted(docs)
    assert got(received_to=str(RECEIVED_A - dt.timedelta(days=1))) == []
    assert got(q="") == sorted(docs), "an empty text filter (as an HTML form sends it) is no filter"


def test_document_is_the_stored_contract_json_as_utf8(reader: httpx.Client, batch_a: Batch):
    schema = reader.get("/schema").json()
    assert schema == json.loads((ROOT / "models" / "document.schema.json").read_text(encoding="utf-8"))
    for doc_id, on_disk in batch_a.documents.items():
        response = reader.get(f"/documents/{doc_id}")
        assert response.status_code == 200
        assert response.json() == on_disk, "same Document as OUT/documents/<id>.json"
        jsonschema.validate(response.json(), schema)
    response = reader.get(f"/documents/{next(iter(batch_a.documents))}")
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "\\u" not in response.text and any(ord(c) > 0x7F for c in response.text), "UTF-8, not \\u escapes"


# -- tasks --------------------------------------------------------------------------------
def _due(task: dict[str, Any]) -> str | None:
    date = task["deadline"]["date"]
    return date[:10] if date else None


def test_tasks_listing_filters_sort_and_pages(reader: httpx.Client, batch_a: Batch):
    feed = {t["id"]: t for t in batch_a.tasks}
    everything = walk(reader, "/tasks", {}, limit=200)
    assert _ids(everything) == [t["id"] for t in batch_a.tasks], "register order, like tasks.json"
    for item in everything:
        assert {k: item[k] for k in feed[item["id"]]} == feed[item["id"]], "a superset of the tasks.json item"
        assert item["note"] is None and item["version"] > 0
    assert walk(reader, "/tasks", {}, limit=7) == everything

    def got(**params: Any) -> list[str]:
        return sorted(_ids(walk(reader, "/tasks", params, limit=5)))

    def expect(predicate: Callable[[dict[str, Any]], bool]) -> list[str]:
        return sorted(i for i, t in feed.items() if predicate(t))

    lead = next(t["lead"] for t in batch_a.tasks if t["lead"])
    assert got(lead=lead) == expect(lambda t: text_matcher(lead)(t["lead"])) != []
    assignee = next(a for t in batch_a.tasks for a in t["assignees"])
    assert got(assignee=assignee) == expect(lambda t: any(text_matcher(assignee)(a) for a in t["assignees"])) != []
    assert got(status="chưa thực hiện") == sorted(feed) and got(status="hủy") == []
    doc_id = batch_a.tasks[0]["document_id"]
    assert got(document_id=doc_id) == expect(lambda t: t["document_id"] == doc_id)
    dates = sorted({_due(t) for t in batch_a.tasks if _due(t)})
    low, high = dates[1], dates[-2]
    assert got(due_after=low, due_before=high) == expect(lambda t: bool(_due(t)) and low <= _due(t) <= high)
    assert got(due_before=low) == expect(lambda t: bool(_due(t)) and _due(t) <= low), "bounds are inclusive"
    today = str(today_vn())
    overdue = expect(lambda t: bool(_due(t)) and _due(t) < today)
    assert got(overdue="true") == overdue and got(overdue="false") == sorted(set(feed) - set(overdue))
    assert {i["id"] for i in everything if i["overdue"]} == set(overdue)

    by_due = walk(reader, "/tasks", {"sort": "due_date"}, limit=6)
    dues = [_due(t) for t in by_due]
    dated_part = [d for d in dues if d]
    assert dated_part == sorted(dated_part) and dues == dated_part + [None] * (len(dues) - len(dated_part))
    latest_first = [_due(t) for t in walk(reader, "/tasks", {"sort": "-due_date"}, limit=200)]
    assert [d for d in latest_first if d] == sorted(dated_part, reverse=True) and latest_first[-1] is None

    one = reader.get(f"/tasks/{batch_a.tasks[0]['id']}")
    assert one.status_code == 200 and one.headers["etag"] == f'"{one.json()["version"]}"'


# -- errors and auth ----------------------------------------------------------------------
@pytest.mark.parametrize("path, params", [
    ("/documents", {"limit": 0}),
    ("/documents", {"limit": 201}),
    ("/documents", {"offset": -1}),
    ("/documents", {"issued_from": "05/01/2026"}),
    ("/documents", {"received_to": "0"}),
    ("/documents", {"issuer": "x" * 201}),
    ("/tasks", {"status": "xong"}),
    ("/tasks", {"sort": "due"}),
    ("/tasks", {"overdue": "maybe"}),
    ("/tasks", {"due_before": "2026-02-30"}),
    ("/changes", {"since": -1}),
    ("/changes", {"since": "abc"}),
    ("/changes", {"limit": 1000}),
])
def test_invalid_input_is_a_clear_422(reader: httpx.Client, path: str, params: dict[str, Any]):
    response = reader.get(path, params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_input" and body["message"].startswith("invalid input:")
    assert body["details"] and body["details"][0]["loc"][0] == "query"


def test_unknown_things_are_json_404s(reader: httpx.Client):
    for path in ("/documents/0000000000000000", "/tasks/0000000000000000-t01", "/nowhere"):
        response = reader.get(path)
        assert response.status_code == 404 and response.json()["error"] == "not_found", path
        assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "no document with id" in reader.get("/documents/abc").json()["message"]


def test_reads_need_the_key_when_protected(reader: httpx.Client):
    base = str(reader.base_url).rstrip("/")
    for headers in ({}, {"Authorization": "Bearer wrong-key-but-long-enough"}, {"Authorization": f"Basic {KEY}"}):
        for path in ("/documents", "/tasks", "/changes", "/tasks/x", "/documents/x"):
            response = httpx.get(base + path, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.json()["error"] == "unauthorized"
            assert response.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(base + "/healthz").json()["status"] == "ok", "health and schema stay open"
    assert httpx.get(base + "/schema").status_code == 200


def test_server_refuses_unsafe_configurations(batch_a: Batch, tmp_path: Path):
    def start(*args: str, key: str | None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*CLI, "serve", "--db", str(batch_a.db), "--port", "1", *args], env=_env(key),
                              capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)

    no_key = start(key=None)
    assert no_key.returncode == 2 and "refusing to accept anonymous writes" in no_key.stderr
    short = start(key="short")
    assert short.returncode == 2 and "too short" in short.stderr
    protected = start("--read-only", key=None)
    assert protected.returncode == 2 and "reads are protected" in protected.stderr
    missing = subprocess.run([*CLI, "serve", "--db", str(tmp_path / "none.sqlite")], env=_env(KEY),
                             capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert missing.returncode == 2 and "no register at" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists(), "a typo must not create an empty register"


def test_read_only_open_server_needs_no_key_and_has_no_writes(fresh_db: Path, batch_a: Batch):
    with serve(fresh_db, "--read-only", "--reads", "open", key=None) as server, server.client(key=None) as client:
        assert client.get("/documents").status_code == 200
        task_id = batch_a.tasks[0]["id"]
        response = client.patch(f"/tasks/{task_id}", json={"status": "hủy"})
        assert response.status_code == 405 and "read-only" in response.json()["message"]
        assert response.headers["allow"] == "GET"
        spec = client.get("/openapi.json").json()
        assert "patch" not in spec["paths"][f"{API}/tasks/{{task_id}}"]
        assert "security" not in spec["paths"][f"{API}/documents"]["get"]
        assert client.get("/healthz").json()["writes"] is False


# -- writes -------------------------------------------------------------------------------
def test_patch_sets_status_and_note_audited_with_if_match(fresh_db: Path, batch_a: Batch):
    task_id = batch_a.tasks[0]["id"]
    doc_id = batch_a.tasks[0]["document_id"]
    with serve(fresh_db) as server, server.client() as client:
        etag = client.get(f"/tasks/{task_id}").headers["etag"]
        anonymous = httpx.patch(f"{server.base}{API}/tasks/{task_id}", json={"status": "hủy"})
        assert anonymous.status_code == 401
        wrong = server.client(key="another-key-long-enough").patch(f"/tasks/{task_id}", json={"status": "hủy"})
        assert wrong.status_code == 401

        change = {"status": "đang thực hiện", "note": "Đã giao Phòng Nghiệp vụ Y", "actor": "Nguyễn Văn A"}
        done = client.patch(f"/tasks/{task_id}", json=change, headers={"If-Match": etag})
        assert done.status_code == 200, done.text
        item = done.json()
        assert item["status"] == "đang thực hiện" and item["note"] == "Đã giao Phòng Nghiệp vụ Y"
        assert done.headers["etag"] == f'"{item["version"]}"' != etag

        stale = client.patch(f"/tasks/{task_id}", json={"status": "hủy"}, headers={"If-Match": etag})
        assert stale.status_code == 409 and stale.json()["error"] == "conflict"
        assert stale.json()["current_version"] == item["version"]
        assert client.get(f"/tasks/{task_id}").json()["status"] == "đang thực hiện", "the stale write changed nothing"

        again = client.patch(f"/tasks/{task_id}", json=change, headers={"If-Match": done.headers["etag"]})
        assert again.status_code == 200 and again.json()["version"] == item["version"], "a repeat writes nothing"
        cleared = client.patch(f"/tasks/{task_id}", json={"note": ""})
        assert cleared.json()["note"] is None and cleared.json()["status"] == "đang thực hiện"

        stored = client.get(f"/documents/{doc_id}").json()
        assert next(t for t in stored["tasks"] if t["id"] == task_id)["status"] == "đang thực hiện"

        bad = [
            ({"status": "xong"}, {}, 422),
            ({"note": "x" * 2001}, {}, 422),
            ({"unknown": 1}, {}, 422),
            ({"status": "hủy"}, {"If-Match": "yesterday"}, 422),
            ({"status": "hủy"}, {"Content-Type": "text/plain"}, 415),
        ]
        for body, headers, status in bad:
            response = client.patch(f"/tasks/{task_id}", content=json.dumps(body), headers={
                "Content-Type": "application/json", **headers})
            assert response.status_code == status, (body, headers, response.text)
            assert response.json()["error"] and response.json()["message"]
        huge = client.patch(f"/tasks/{task_id}", content=b"{" + b" " * 70_000 + b"}",
                            headers={"Content-Type": "application/json"})
        assert huge.status_code == 413 and huge.json()["error"] == "too_large"
        missing = client.patch("/tasks/0000000000000000-t99", json={"status": "hủy"})
        assert missing.status_code == 404

    register = Register(f"sqlite:///{fresh_db}")
    try:
        trail = [(a.field, a.old_value, a.new_value, a.actor, a.source) for a in register.audit_trail(doc_id)]
    finally:
        register.close()
    assert trail == [
        ("status", "chưa thực hiện", "đang thực hiện", "Nguyễn Văn A", "api"),
        ("note", None, "Đã giao Phòng Nghiệp vụ Y", "Nguyễn Văn A", "api"),
        ("note", "Đã giao Phòng Nghiệp vụ Y", None, "api", "api"),
    ]


def test_two_editors_with_the_same_version_one_wins(fresh_db: Path, batch_a: Batch):
    with serve(fresh_db) as server:
        for task in batch_a.tasks[:4]:
            with server.client() as client:
                etag = client.get(f"/tasks/{task['id']}").headers["etag"]
            barrier, results = threading.Barrier(2), []

            def edit(task_id: str, status: str, etag: str, barrier: threading.Barrier, results: list[int]) -> None:
                with server.client() as own:
                    barrier.wait()
                    results.append(own.patch(f"/tasks/{task_id}", json={"status": status},
                                             headers={"If-Match": etag}).status_code)

            threads = [threading.Thread(target=edit, args=(task["id"], status, etag, barrier, results))
                       for status in ("đang thực hiện", "hủy")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(results) == [200, 409], results


# -- the change feed ----------------------------------------------------------------------
def sync(client: httpx.Client, since: int, limit: int,
         between: Callable[[int, list[dict[str, Any]]], None] | None = None) -> tuple[list[dict[str, Any]], int]:
    """Page through /changes like a tracker; ``between(page_no, items_so_far)`` runs after each page."""
    items: list[dict[str, Any]] = []
    cursor, more, page_no = since, True, 0
    while more:
        response = client.get("/changes", params={"since": cursor, "limit": limit})
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        assert all(cursor < item["cursor"] <= page["next_cursor"] for item in page["items"])
        items.extend(page["items"])
        cursor, more = page["next_cursor"], page["has_more"]
        page_no += 1
        if between:
            between(page_no, items)
    cursors = [item["cursor"] for item in items]
    assert cursors == sorted(set(cursors)), "cursors strictly increase: nothing delivered twice"
    return items, cursor


def _keys(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["entity"], item["id"]) for item in items]


def test_change_cursor_across_a_batch_run_and_a_review(tmp_path: Path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    first = _batch(inbox, out, LETTERS_A[:4], RECEIVED_A)
    with serve(first.db) as server, server.client() as client:
        items, cursor = sync(client, 0, limit=5)
        expected = {("document", i) for i in first.documents} | {("task", t["id"]) for t in first.tasks}
        assert sorted(_keys(items)) == sorted(expected), "a full sync sees every entity exactly once"
        for item in items:
            state = item[item["entity"]]
            assert item["action"] == "created" and state["id"] == item["id"]
            if item["entity"] == "document":
                assert state == first.documents[item["id"]]
        assert sync(client, cursor, limit=5) == ([], cursor), "nothing new: nothing delivered"

        edited = first.tasks[0]["id"]
        assert client.patch(f"/tasks/{edited}", json={"status": "hoàn thành đúng hạn"}).status_code == 200
        second = _batch(inbox, out, LETTERS_B, RECEIVED_B)  # the batch writes while the server serves
        new_docs = set(second.documents) - set(first.documents)
        news, cursor2 = sync(client, cursor, limit=3)
        assert sorted(_keys(news)) == sorted(
            {("task", edited)} | {("document", i) for i in new_docs}
            | {("task", t["id"]) for t in second.tasks if t["document_id"] in new_docs})
        changed = next(i for i in news if i["id"] == edited)
        assert changed["action"] == "updated" and changed["task"]["status"] == "hoàn thành đúng hạn"
        assert not changed["task"]["overdue"], "a completed task is never overdue"
        got_docs = client.get("/documents", params={"received_from": str(RECEIVED_B)}).json()
        assert sorted(_ids(got_docs["items"])) == sorted(new_docs)

        # A review rewrites a letter: one task dropped, one task changed.
        from congvan.models import Document

        reviewed = Document.model_validate(second.documents[min(new_docs)])
        dropped, kept = reviewed.tasks[-1].id, reviewed.tasks[0].id
        reviewed.tasks[0].action = "rà soát lại (đã sửa khi rà soát)"
        reviewed.tasks = reviewed.tasks[:-1]
        register = Register(f"sqlite:///{first.db}")
        try:
            register.replace(reviewed)
        finally:
            register.close()
        after_review, _ = sync(client, cursor2, limit=2)
        by_key = {(i["entity"], i["id"]): i for i in after_review}
        tombstone = by_key[("task", dropped)]
        assert tombstone["action"] == "deleted" and tombstone["task"] is None and tombstone["document"] is None
        assert by_key[("task", kept)]["task"]["action"] == "rà soát lại (đã sửa khi rà soát)"
        assert by_key[("document", reviewed.id)]["action"] == "updated"
        assert client.get(f"/tasks/{dropped}").status_code == 404


def test_paging_while_tasks_change_never_misses_or_repeats(fresh_db: Path, batch_a: Batch):
    """A tracker pages with a small limit while a colleague edits tasks between its pages."""
    with serve(fresh_db) as server, server.client() as client:
        edits: dict[str, str] = {}

        def edit_after_second_page(page_no: int, delivered: list[dict[str, Any]]) -> None:
            if page_no != 2:
                return
            seen = {item["id"] for item in delivered}
            early = next(t["id"] for t in batch_a.tasks if t["id"] in seen)  # already delivered
            late = next(t["id"] for t in reversed(batch_a.tasks) if t["id"] not in seen)  # not yet delivered
            for task_id, status in ((early, "đang thực hiện"), (late, "hủy")):
                assert client.patch(f"/tasks/{task_id}", json={"status": status}).status_code == 200
                edits[task_id] = status

        seen_items, _ = sync(client, 0, limit=4, between=edit_after_second_page)
        early, late = list(edits)
        counts = {key: _keys(seen_items).count(key) for key in set(_keys(seen_items))}
        assert counts.pop(("task", early)) == 2, "changed after delivery: delivered again, later"
        assert counts.pop(("task", late)) == 1, "changed before delivery: delivered once, already changed"
        assert set(counts.values()) == {1}

        mirror: dict[tuple[str, str], dict[str, Any]] = {}
        for item in seen_items:  # what a tracker does with the feed
            if item["action"] == "deleted":
                mirror.pop((item["entity"], item["id"]), None)
            else:
                mirror[(item["entity"], item["id"])] = item[item["entity"]]
        truth = {("task", t["id"]): t for t in walk(client, "/tasks", {}, limit=200)}
        assert {k: v for k, v in mirror.items() if k[0] == "task"} == truth, "the mirror equals the register"
        assert truth[("task", early)]["status"] == edits[early] and truth[("task", late)]["status"] == edits[late]


# -- OpenAPI and schemathesis -------------------------------------------------------------
def test_openapi_describes_fields_in_vietnamese(reader: httpx.Client):
    response = reader.get("/openapi.json")
    assert "Số, ký hiệu" in response.text, "UTF-8, not \\u escapes"
    spec = response.json()
    assert missing_translations() == []
    assert all(path.startswith(API) for path in spec["paths"])
    components = spec["components"]["schemas"]
    for name, (_model_text, fields) in VI.items():  # the contract models, described in Vietnamese here
        for field, prop in components[name]["properties"].items():
            assert prop["description"].startswith(fields[field]), f"{name}.{field}"
    for name in ("TaskItem", "DocumentSummary", "ChangeItem", "ChangesPage", "TaskPatch", "ErrorBody"):
        for field, prop in components[name]["properties"].items():
            assert any(ord(c) > 0x7F for c in prop.get("description", "")), f"{name}.{field} has no Vietnamese"
    assert components["Document"]["properties"]["doc_number"]["description"].endswith("[CodeNumber/CodeNotation]")
    patch = spec["paths"][f"{API}/tasks/{{task_id}}"]["patch"]
    assert {"401", "404", "409", "413", "422"} <= set(patch["responses"])
    assert patch["security"] and spec["paths"][f"{API}/documents"]["get"]["security"]


SCHEMATHESIS_CONFIG = """
[checks.negative_data_rejection]
# A body over the size limit is refused with 413 before it is parsed: that is a rejection too.
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
"""


def test_schemathesis_finds_no_failures(fresh_db: Path, tmp_path: Path):
    """Property-based tests from the OpenAPI document, every check, a bounded number of cases.

    Runs the examples, coverage, fuzzing and stateful phases (the latter follows links from
    listings to single items and PATCH) with a fixed seed, so CI is reproducible.
    """
    config = tmp_path / "schemathesis.toml"
    config.write_text(SCHEMATHESIS_CONFIG, encoding="utf-8")
    with serve(fresh_db) as server:
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
             f"{server.base}{API}/openapi.json", "-H", f"Authorization: Bearer {KEY}", "--checks", "all",
             "--max-examples", "25", "--seed", "20260105", "--workers", "1", "--generation-database", "none",
             "--request-timeout", "10", "--no-color"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False,
        )
        log = server.log.read_text(errors="replace")
    summary = result.stdout[result.stdout.find("SUMMARY"):]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in summary and "generated" in summary, summary
    assert "Traceback" not in log and " 500 " not in log, log[-4000:]

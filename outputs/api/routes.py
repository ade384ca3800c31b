"""The endpoints. Each one parses and checks its input, calls :mod:`.queries` or the
register, and shapes the answer; nothing here touches the file system.

Routers are split by who may call them (public, readers, writers) so that
:func:`congvan.outputs.api.app.create_app` can attach the API-key check per group, and
OpenAPI shows exactly which operations need the key on this server.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request
from fastapi.responses import Response
from pydantic import BeforeValidator

from congvan.models import SCHEMA_VERSION, Document
from congvan.models.document import TaskStatus
from congvan.models.schema import render_schema
from congvan.outputs.api import queries
from congvan.outputs.api.errors import ApiError, error_responses
from congvan.outputs.api.models import ChangesPage, DocumentPage, Health, TaskItem, TaskPage, TaskPatch
from congvan.outputs.api.responses import raw_json
from congvan.outputs.api.settings import MAX_PAGE_SIZE
from congvan.outputs.store import Register, TaskVersionConflict

MAX_CURSOR = 2**62  # far beyond any log, safely inside a signed 64-bit column
MAX_OFFSET = 10**9
TEXT = 200  # longest accepted text filter

public = APIRouter(tags=["hệ thống"])
reads = APIRouter(tags=["đọc"])
writes = APIRouter(tags=["ghi"])


def register_of(request: Request) -> Register:
    return request.app.state.register


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Số kết quả tối đa một trang (1–{MAX_PAGE_SIZE}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Bỏ qua bấy nhiêu kết quả đầu (phân trang).")]
TextFilter = Annotated[str | None, Query(max_length=TEXT)]

_ETAG = {"ETag": {"description": "Phiên bản nhiệm vụ, dạng \"<version>\"; gửi lại trong If-Match khi PATCH.",
                  "schema": {"type": "string"}}}


def _text(value: str | None) -> str | None:
    """An empty text filter (``?q=``, as an HTML form sends it) means no filter."""
    return value if value and value.strip() else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date_text(value: object) -> object:
    """Only ``YYYY-MM-DD``: Pydantic would also read ``0`` as 1970-01-01, which no caller means."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("use a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]


# -- public -------------------------------------------------------------------------------
@public.get("/healthz", response_model=Health, summary="Tình trạng máy chủ", responses=error_responses(503))
def healthz(request: Request) -> Health:
    """Trả về ok khi máy chủ đọc được sổ văn bản; dùng cho giám sát. Không cần khóa API."""
    try:
        count = register_of(request).count()
    except Exception as exc:  # a monitor needs a status, not a stack trace
        raise ApiError(503, f"register unavailable: {type(exc).__name__}") from exc
    return Health(status="ok", documents=count, schema_version=SCHEMA_VERSION,
                  writes=request.app.state.settings.writes)


@public.get("/schema", summary="Lược đồ JSON của văn bản", response_class=Response,
            responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                             "description": "JSON Schema (draft 2020-12) của Document, đúng như models/document.schema.json."}})
def schema() -> Response:
    """Lược đồ JSON (draft 2020-12) đã công bố của một văn bản: cùng lược đồ với
    `OUT/documents/<id>.json` và với `GET /documents/{id}`. Không cần khóa API."""
    return raw_json(render_schema())


# -- reads --------------------------------------------------------------------------------
@reads.get("/documents", response_model=DocumentPage, summary="Danh sách văn bản đến",
           responses=error_responses(401, 422))
def list_documents(
    request: Request,
    issuer: Annotated[TextFilter, Query(description="Cơ quan ban hành chứa chuỗi này (không phân biệt hoa thường; "
                                                    "không dấu thì bỏ qua dấu).")] = None,
    doc_type: Annotated[TextFilter, Query(description="Tên loại văn bản chứa chuỗi này, ví dụ Công văn.")] = None,
    issued_from: Annotated[IsoDate | None, Query(description="Ban hành từ ngày (YYYY-MM-DD, tính cả ngày này).")] = None,
    issued_to: Annotated[IsoDate | None, Query(description="Ban hành đến ngày (tính cả ngày này).")] = None,
    received_from: Annotated[IsoDate | None, Query(description="Đến từ ngày (tính cả ngày này).")] = None,
    received_to: Annotated[IsoDate | None, Query(description="Đến đến ngày (tính cả ngày này).")] = None,
    q: Annotated[TextFilter, Query(description="Tìm trong trích yếu và số, ký hiệu.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DocumentPage:
    """Các văn bản trong sổ theo thứ tự sổ (năm đến, số đến), có lọc và phân trang.
    Khoảng ngày ngược (từ sau đến) cho kết quả rỗng."""
    f = queries.DocumentFilter(issuer=_text(issuer), doc_type=_text(doc_type), issued_from=issued_from,
                               issued_to=issued_to, received_from=received_from, received_to=received_to, q=_text(q))
    return queries.list_documents(register_of(request), f, limit, offset)


@reads.get("/documents/{document_id}", response_model=Document, summary="Một văn bản, đầy đủ",
           responses=error_responses(401, 404, 422))
def get_document(request: Request, document_id: Annotated[str, Path(max_length=64, description="Mã văn bản.")]) -> Any:
    """Văn bản đầy đủ, đúng như đã lưu trong sổ: cùng lược đồ với `OUT/documents/<id>.json` (xem /schema)."""
    payload = queries.document_payload(register_of(request), document_id)
    if payload is None:
        raise ApiError(404, f"no document with id {document_id!r}")
    return raw_json(payload)


@reads.get("/tasks", response_model=TaskPage, summary="Danh sách nhiệm vụ", responses=error_responses(401, 422))
def list_tasks(
    request: Request,
    assignee: Annotated[TextFilter, Query(description="Có đơn vị được giao chứa chuỗi này.")] = None,
    lead: Annotated[TextFilter, Query(description="Đơn vị chủ trì chứa chuỗi này.")] = None,
    status: Annotated[TaskStatus | None, Query(description="Trạng thái.")] = None,
    due_after: Annotated[IsoDate | None, Query(description="Hạn xử lý từ ngày này trở đi (tính cả ngày này).")] = None,
    due_before: Annotated[IsoDate | None, Query(description="Hạn xử lý đến ngày này (tính cả ngày này).")] = None,
    overdue: Annotated[bool | None, Query(description="true: chỉ nhiệm vụ quá hạn; false: chỉ nhiệm vụ không quá hạn.")] = None,
    document_id: Annotated[str | None, Query(max_length=64, description="Chỉ nhiệm vụ của văn bản này.")] = None,
    sort: Annotated[queries.TaskSort, Query(description="register: theo thứ tự sổ; due_date: hạn sớm trước; "
                                                        "-due_date: hạn muộn trước (nhiệm vụ không có hạn luôn ở cuối).")] = "register",
    limit: Limit = 50,
    offset: Offset = 0,
) -> TaskPage:
    """Nhiệm vụ trong toàn sổ, có lọc, sắp xếp theo hạn và phân trang."""
    f = queries.TaskFilter(assignee=_text(assignee), lead=_text(lead), status=status, due_before=due_before,
                           due_after=due_after, overdue=overdue, document_id=document_id or None, sort=sort)
    return queries.list_tasks(register_of(request), f, limit, offset, queries.today_vn())


@reads.get("/tasks/{task_id}", response_model=TaskItem, summary="Một nhiệm vụ",
           responses={200: {"headers": _ETAG}, **error_responses(401, 404, 422)})
def get_task(request: Request, response: Response,
             task_id: Annotated[str, Path(max_length=100, description="Mã nhiệm vụ.")]) -> TaskItem:
    """Một nhiệm vụ; header ETag mang phiên bản để gửi lại trong If-Match khi sửa."""
    item = queries.get_task(register_of(request), task_id, queries.today_vn())
    if item is None:
        raise ApiError(404, f"no task with id {task_id!r}")
    response.headers["ETag"] = f'"{item.version}"'
    return item


@reads.get("/changes", response_model=ChangesPage, summary="Các thay đổi sau một con trỏ (đồng bộ tăng dần)",
           responses=error_responses(401, 422))
def changes(
    request: Request,
    since: Annotated[int, Query(ge=0, le=MAX_CURSOR, description="Con trỏ: next_cursor của lần gọi trước; 0 để lấy tất cả.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Số thay đổi tối đa (1–{MAX_PAGE_SIZE}).")] = 100,
) -> ChangesPage:
    """Mọi văn bản và nhiệm vụ được tạo, sửa hoặc xóa sau con trỏ `since`, mỗi thực thể một lần kèm
    trạng thái hiện tại (hoặc bản ghi xóa). Lưu `next_cursor` sau khi xử lý xong trang; gọi tiếp khi
    `has_more` là true. Không bỏ sót, không lặp lại."""
    return queries.changes_since(register_of(request), since, limit, queries.today_vn())


# -- writes -------------------------------------------------------------------------------
IF_MATCH_PATTERN = r'^\s*(\*|(W/)?"?[0-9]{1,18}"?)\s*$'
_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$', re.ASCII)


def _expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header asks for; None for no header or ``*``."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _TAG.match(if_match)
    if match is None:
        raise ApiError(422, 'If-Match must be one task version as sent in ETag, e.g. "42"')
    return int(match.group(1))


def json_content(content_type: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
    """415 for a body that is not declared as JSON, instead of a puzzling 422 about its shape."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise ApiError(415, "send the body as JSON with `Content-Type: application/json`")


@writes.patch("/tasks/{task_id}", response_model=TaskItem, summary="Cập nhật trạng thái, ghi chú của nhiệm vụ",
              dependencies=[Depends(json_content)],
              responses={200: {"headers": _ETAG}, **error_responses(400, 401, 404, 409, 413, 415, 422)})
def patch_task(
    request: Request,
    response: Response,
    task_id: Annotated[str, Path(max_length=100, description="Mã nhiệm vụ.")],
    change: Annotated[TaskPatch, Body()],
    # Typed ``str`` (not ``str | None``) so OpenAPI does not offer ``null``, which no header can carry.
    if_match: Annotated[str, Header(alias="If-Match", pattern=IF_MATCH_PATTERN, description=(  # noqa: RUF013
        "Phiên bản đã đọc (ETag). Nếu nhiệm vụ đã bị sửa sau đó: 409."))] = None,  # type: ignore[assignment]
) -> TaskItem:
    """Đặt trạng thái và/hoặc ghi chú của một nhiệm vụ; ghi nhật ký như một chỉnh sửa khi rà soát.
    Gửi kèm If-Match với phiên bản đã đọc để không ghi đè thay đổi của người khác (409 nếu đã cũ)."""
    register = register_of(request)
    try:
        register.update_task(task_id, change.status, change.note, actor=change.actor or "api", source="api",
                             expected_version=_expected_version(if_match))
    except KeyError:
        raise ApiError(404, f"no task with id {task_id!r}") from None
    except TaskVersionConflict as conflict:
        raise ApiError(409, f"task {task_id!r} was changed since version {conflict.expected} "
                       f"(it is now at {conflict.current}): read it again and retry",
                       current_version=conflict.current) from None
    item = queries.get_task(register, task_id, queries.today_vn())
    if item is None:  # deleted by a review in the instant since our commit
        raise ApiError(404, f"no task with id {task_id!r}")
    response.headers["ETag"] = f'"{item.version}"'
    return item

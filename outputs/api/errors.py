"""One JSON error shape for every failure, so a tracker needs one error handler, not five.

Every non-2xx answer is ``{"error": <code>, "message": <sentence>, "details": [...]}``:
FastAPI's own 422 (``{"detail": [...]}``) and Starlette's 404/405 are rewritten to it, and
an unexpected exception becomes a 500 that says nothing about the internals.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("congvan.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "internal_error",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    """Một lỗi cụ thể trong dữ liệu gửi lên."""

    loc: list[str | int] = Field(default_factory=list, description="Vị trí của giá trị lỗi, ví dụ ['query', 'limit'].")
    msg: str = Field(description="Mô tả lỗi (tiếng Anh).")


class ErrorBody(BaseModel):
    """Nội dung trả về khi có lỗi: mã lỗi máy đọc được và thông điệp cho người đọc."""

    error: str = Field(description="Mã lỗi: not_found, conflict, invalid_input, unauthorized, too_large, …")
    message: str = Field(description="Thông điệp giải thích lỗi và cách khắc phục (tiếng Anh).")
    details: list[ErrorDetail] = Field(default_factory=list, description="Chi tiết từng giá trị không hợp lệ (nếu có).")
    current_version: int | None = Field(default=None, description="Phiên bản hiện tại của nhiệm vụ (chỉ có khi lỗi 409).")


class ApiError(Exception):
    """An error the client can act on; raised anywhere in a request, rendered by the handler below."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None,
                 current_version: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers, self.current_version = status, message, headers, current_version


def error_response(status: int, message: str, details: list[ErrorDetail] | None = None,
                   headers: dict[str, str] | None = None, current_version: int | None = None) -> JSONResponse:
    body = ErrorBody(error=_CODES.get(status, "error"), message=message, details=details or [],
                     current_version=current_version)
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry documenting our error body for these status codes in OpenAPI."""
    return {status: {"model": ErrorBody, "description": _CODES.get(status, "error")} for status in statuses}


def _validation_details(exc: RequestValidationError) -> list[ErrorDetail]:
    details = []
    for err in exc.errors():
        loc = [part if isinstance(part, int) else str(part) for part in err.get("loc", ())]
        details.append(ErrorDetail(loc=loc, msg=str(err.get("msg", "invalid value"))))
    return details


def allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document lists for this path. Starlette's own ``Allow`` names
    only one route's methods, but GET and PATCH /tasks/{id} are two routes (two routers)."""
    path = request.url.path
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            methods |= {m.upper() for m in operations if m in _HTTP_METHODS}
    return sorted(methods)


_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through :func:`error_response`."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, headers=exc.headers, current_version=exc.current_version)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        where = ", ".join(".".join(str(p) for p in d.loc) + ": " + d.msg for d in details[:3])
        return error_response(422, f"invalid input: {where}" if where else "invalid input", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint: every endpoint is under /api/v1 (see /api/v1/openapi.json)"
        elif exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the body is not valid UTF-8 JSON"
        elif exc.status_code == 405:
            starlette_allow = (headers or {}).get("Allow", "")  # for paths outside OpenAPI (openapi.json)
            allowed = allowed_methods(request) or [m.strip() for m in starlette_allow.split(",") if m.strip()]
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
            message = f"{request.method} is not allowed on {request.url.path}; allowed: {', '.join(allowed)}"
            if request.method in ("PATCH", "PUT", "POST", "DELETE") and not request.app.state.settings.writes:
                message += " (this server was started read-only)"
        return error_response(exc.status_code, message, headers=headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal error; the server log has the details")

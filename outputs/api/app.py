"""Assemble the FastAPI app: routers per access level, errors, limits, Vietnamese OpenAPI.

The register is opened once per app (one SQLAlchemy engine, a session per request). The
store runs SQLite in WAL mode, so this server reads while ``congvan process`` writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi

from congvan.models import SCHEMA_VERSION
from congvan.outputs.api import routes
from congvan.outputs.api.auth import require_key
from congvan.outputs.api.errors import install_error_handlers
from congvan.outputs.api.limits import BodyLimitMiddleware
from congvan.outputs.api.openapi_vi import localise
from congvan.outputs.api.responses import CharsetMiddleware
from congvan.outputs.api.settings import ApiSettings
from congvan.outputs.store import Register

PREFIX = "/api/v1"
OPENAPI_URL = f"{PREFIX}/openapi.json"

DESCRIPTION = """API của sổ văn bản đến congvan cho các hệ thống theo dõi nhiệm vụ.

* Đọc: `/documents`, `/tasks`, `/changes` (đồng bộ tăng dần theo con trỏ), `/schema`.
* Ghi: `PATCH /tasks/{id}` (trạng thái, ghi chú), cần khóa API `Authorization: Bearer <khóa>`.
* Lỗi luôn là JSON `{"error", "message", "details"}` với mã HTTP tương ứng.
"""


def create_app(settings: ApiSettings, register: Register | None = None) -> FastAPI:
    """The API over one register. ``settings`` has already refused unsafe configurations."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = register is None
        app.state.register = register or Register(settings.db_url)
        try:
            yield
        finally:
            if owned:
                app.state.register.close()

    from congvan import __version__ as version

    app = FastAPI(title="congvan API", version=version, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url=OPENAPI_URL, docs_url=None, redoc_url=None)  # no UI: it loads scripts from a CDN
    app.state.settings = settings
    if register is not None:
        app.state.register = register
    key_check = [Depends(require_key(settings.api_key))] if settings.api_key else []
    app.include_router(routes.public, prefix=PREFIX)
    app.include_router(routes.reads, prefix=PREFIX, dependencies=key_check if settings.reads == "protected" else [])
    if settings.writes:  # a read-only server has no PATCH at all (405), and OpenAPI says so
        app.include_router(routes.writes, prefix=PREFIX, dependencies=key_check)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(CharsetMiddleware)
    _vietnamese_openapi(app)
    return app


def _vietnamese_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema["info"]["x-schema-version"] = SCHEMA_VERSION
            app.openapi_schema = localise(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

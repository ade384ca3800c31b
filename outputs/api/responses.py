"""JSON on the wire: Vietnamese as UTF-8, and a ``Content-Type`` that says so.

Bodies are UTF-8 without ``\\u`` escapes (FastAPI's Pydantic serialiser and Starlette's
``ensure_ascii=False`` both do that). The charset is added to every ``application/json``
response by :class:`CharsetMiddleware`, because Windows PowerShell's ``Invoke-RestMethod``,
common in provincial offices, decodes a bare ``application/json`` as ISO-8859-1 and mangles
every diacritic. OpenAPI keeps documenting plain ``application/json``.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON = "application/json"
JSON_UTF8 = "application/json; charset=utf-8"


def raw_json(body: str | bytes, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Send already-serialised JSON (a stored Document payload) exactly as stored."""
    content = body.encode("utf-8") if isinstance(body, str) else body
    return Response(content, status_code=status_code, headers=headers, media_type=JSON)


class CharsetMiddleware:
    """Rewrite ``Content-Type: application/json`` to name its charset (UTF-8)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_charset(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, JSON_UTF8.encode() if name.lower() == b"content-type" and value == JSON.encode() else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_with_charset)

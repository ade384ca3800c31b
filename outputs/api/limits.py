"""Request-body limit, enforced before the app parses anything.

A declared ``Content-Length`` over the limit is refused at once; a chunked body is read up
to the limit and refused as soon as it passes it, so a client cannot make the server
buffer more than ``max_bytes`` whatever it claims.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from congvan.outputs.api.errors import error_response


class BodyLimitMiddleware:
    """413 for any request body larger than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        body, more = bytearray(), True
        messages: list[Message] = []
        while more:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                messages.append(message)
                break
            body.extend(message.get("body", b""))
            if len(body) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            more = message.get("more_body", False)
        messages.insert(0, {"type": "http.request", "body": bytes(body), "more_body": False})

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, f"request body too large: at most {self.max_bytes} bytes")
        await response(scope, receive, send)

"""What a request may be before any route sees it: a JSON content type, a bounded body.

A body in another content type is refused with 415: accepting `text/plain` let any web page
post a cross-site form to a registry on localhost (such a post needs no CORS preflight). The
body is read here, up to `max_body` bytes (413 past that), and handed on whole.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.registry._http import error_response

DEFAULT_MAX_BODY = 8 * 1024 * 1024
JSON_MEDIA_TYPES = frozenset({"application/vnd.schemaregistry.v1+json",
                              "application/vnd.schemaregistry+json", "application/json",
                              "application/octet-stream"})


class RequestLimits:
    def __init__(self, app: ASGIApp, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        length = headers.get("content-length", "").strip()
        has_body = "transfer-encoding" in headers or (length not in ("", "0"))
        media_type = headers.get("content-type", "").partition(";")[0].strip().lower()
        if has_body and media_type and media_type not in JSON_MEDIA_TYPES:
            await error_response(415, 415, f"HTTP 415 Unsupported Media Type: "
                                           f"{media_type!r}; send application/json or "
                                           f"application/vnd.schemaregistry.v1+json"
                                 )(scope, receive, send)
            return
        if length.isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, 413, f"HTTP 413 Request Entity Too Large: the body "
                                            f"exceeds {self.max_body} bytes",
                                  {"Connection": "close"})
        await response(scope, receive, send)

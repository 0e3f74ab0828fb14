"""What every route shares: JSON responses and errors, request parsing, error guarding."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._errors import RegistryError
from generator.registry._store import MAX_VERSION, StoredVersion

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
SMALL_BODY = 64 * 1024  # bodies up to this size are parsed with the quick reads, not queued
Handler = Callable[[Request], Awaitable[Response]]


class RegistryResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def error_response(status: int, error_code: int, message: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    return RegistryResponse({"error_code": error_code, "message": message}, status_code=status,
                            headers=headers)


def ok(content: Any) -> Response:
    return RegistryResponse(content)


def route(path: str, endpoint: Handler, method: str) -> Route:
    return Route(path, _guard(endpoint), methods=[method])


_log = logging.getLogger("generator.registry")


def internal_error() -> Response:
    """The one 500 body: an exception's text may hold schema text, paths or SQL; it is logged."""
    return error_response(500, 500, "internal server error")


def _guard(endpoint: Handler) -> Handler:
    """Turn store errors into Confluent's error bodies; anything else is a logged 500."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except RegistryError as error:
            if error.status >= 500:
                _log.error("%s %s: %s", request.method, request.url.path, error.message)
                return internal_error()
            return error_response(error.status, error.error_code, error.message)
        except Exception:  # a bug or a backend fault: logged, never shown to the client
            _log.exception("%s %s failed", request.method, request.url.path)
            return internal_error()

    guarded.__name__ = endpoint.__name__
    return guarded


# -- request helpers --------------------------------------------------------------------------


def query_flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").strip().lower() == "true"


def page_params(request: Request) -> tuple[int, int]:
    """Confluent's `offset` (default 0) and `limit` (default -1: no limit)."""
    out = []
    for name, default in (("offset", 0), ("limit", -1)):
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            out.append(default)
        elif raw == "-1" or _strict_int(raw) or raw == "0":
            out.append(int(raw))
        else:
            raise RegistryError(422, 422, f"Invalid {name} {raw!r}: expected an integer")
    return out[0], out[1]


def page(items: list[Any], offset: int, limit: int) -> list[Any]:
    start = max(0, offset)
    return items[start:] if limit < 0 else items[start:start + limit]


# Plain ASCII decimal, no sign, no leading zero: Python's int() also takes "+1", " 1 ", "01",
# "1_0" and non-ASCII digits such as "\uff11", which must not name version 1 or 10.
_POSITIVE = re.compile(r"[1-9][0-9]{0,9}")


def _strict_int(raw: str) -> int:
    """The number `raw` spells in canonical decimal, else 0 (never a valid version or id)."""
    return int(raw) if _POSITIVE.fullmatch(raw) else 0


def version_param(subject: str, raw: str) -> int | None:
    """None for "latest" (or -1); a RegistryError 42202 for anything else not in range."""
    if raw in ("latest", "-1"):
        return None
    number = _strict_int(raw)
    if not 1 <= number <= MAX_VERSION:
        raise RegistryError(422, 42202, f"The specified version '{raw}' is not a valid version "
                                        f"id. Allowed values are between [1, 2^31-1] and the "
                                        f"string \"latest\"")
    return number


def schema_id_param(raw: str) -> int:
    number = _strict_int(raw)
    if not 1 <= number <= MAX_VERSION:  # ids are 32-bit, like versions
        raise RegistryError(404, 40403, f"Schema {raw} not found")
    return number


async def json_body(request: Request) -> dict[str, Any]:
    from generator.registry._offload import run_heavy, run_light
    from generator.registry._schemas import InvalidSchema, strict_json

    raw = await request.body()
    run = run_light if len(raw) <= SMALL_BODY else run_heavy
    try:
        value = await run(strict_json, raw or b"null")
    except InvalidSchema as error:
        # Confluent answers a body it cannot read as JSON with 400, and a JSON body whose schema
        # text is unusable (a lone surrogate, NaN) with 422 42201.
        status, code = (400, 400) if error.not_json else (422, 42201)
        raise RegistryError(status, code, f"Invalid request body: {error}") from None
    if not isinstance(value, dict):
        raise RegistryError(422, 422, "The request body must be a JSON object")
    return value


def check_subject(subject: str) -> None:
    """Confluent refuses a subject with control characters (42208) where it would create it."""
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in subject):
        raise RegistryError(422, 42208, "The specified subject is not valid: it has a control "
                                        "character")


def schema_request(body: Mapping[str, Any]) -> tuple[str, str, Any]:
    text = body.get("schema")
    if not isinstance(text, str) or not text.strip():
        raise RegistryError(422, 42201, "Invalid schema: empty schema")
    schema_type = body.get("schemaType") or "AVRO"
    if not isinstance(schema_type, str):
        raise RegistryError(422, 42201, "Invalid schema: schemaType must be a string")
    return schema_type, text, body.get("references")


def version_body(stored: StoredVersion) -> dict[str, Any]:
    body: dict[str, Any] = {"subject": stored.subject, "version": stored.version,
                            "id": stored.schema_id, "guid": stored.guid}
    body.update(schema_body(stored.schema))
    return body


def schema_body(schema: Any) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if schema.schema_type != "AVRO":
        body["schemaType"] = schema.schema_type
    if schema.references:
        body["references"] = [r.as_dict() for r in schema.references]
    body["schema"] = schema.canonical
    return body

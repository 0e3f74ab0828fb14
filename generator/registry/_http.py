"""What every route shares: JSON responses and errors, request parsing, error guarding."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._errors import RegistryError
from generator.registry._store import MAX_VERSION, StoredVersion

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
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


def _guard(endpoint: Handler) -> Handler:
    """Turn store errors into Confluent's error bodies."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except RegistryError as error:
            return error_response(error.status, error.error_code, error.message)
        except sqlite3.Error as error:
            return error_response(500, 50001, f"Error in the backend data store: {error}")
        except Exception as error:  # a bug: still answer in the registry's error format
            return error_response(500, 50001,
                                  f"Internal error: {type(error).__name__}: {error}")

    guarded.__name__ = endpoint.__name__
    return guarded


# -- request helpers --------------------------------------------------------------------------


def query_flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").strip().lower() == "true"


def version_param(subject: str, raw: str) -> int | None:
    """None for "latest" (or -1); a RegistryError 42202 for anything else not in range."""
    if raw == "latest":
        return None
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number == -1:
        return None
    if not 1 <= number <= MAX_VERSION:
        raise RegistryError(422, 42202, f"The specified version '{raw}' is not a valid version "
                                        f"id. Allowed values are between [1, 2^31-1] and the "
                                        f"string \"latest\"")
    return number


def schema_id_param(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_VERSION:  # ids are 32-bit, like versions
        raise RegistryError(404, 40403, f"Schema {raw} not found")
    return number


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        value = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise RegistryError(400, 400, "The request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise RegistryError(422, 422, "The request body must be a JSON object")
    return value


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

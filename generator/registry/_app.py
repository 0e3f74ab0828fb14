"""The Confluent-compatible REST API as a Starlette ASGI application over a `Store`."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from generator.registry._store import (
    MAX_VERSION,
    RegistryError,
    Store,
    StoredVersion,
    subject_not_found,
)

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
Handler = Callable[[Request], Awaitable[Response]]


class RegistryResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def _error(status: int, error_code: int, message: str,
           headers: Mapping[str, str] | None = None) -> Response:
    return RegistryResponse({"error_code": error_code, "message": message}, status_code=status,
                            headers=headers)


# -- authentication ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """Users (`user:password[:read|write]`) and bearer tokens (`bearer:TOKEN[:read|write]`)."""

    users: Mapping[str, tuple[str, str]]  # user -> (password, role)
    tokens: Mapping[str, str]  # token -> role

    @classmethod
    def from_file(cls, path: Path | str) -> Credentials:
        from generator.errors import ContractsError

        users: dict[str, tuple[str, str]] = {}
        tokens: dict[str, str] = {}
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ContractsError(f"cannot read the auth file: {error.strerror}", path) from None
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(":")
            role = "write"
            if len(parts) == 3:
                role = parts.pop()
            if len(parts) != 2 or not parts[0] or not parts[1] or role not in ("read", "write"):
                raise ContractsError("expected `user:password[:read|write]` or "
                                     "`bearer:TOKEN[:read|write]`", path, number, 1)
            if parts[0] == "bearer":
                tokens[parts[1]] = role
            else:
                users[parts[0]] = (parts[1], role)
        if not users and not tokens:
            raise ContractsError("the auth file defines no users or tokens", path)
        return cls(users, tokens)

    def role(self, authorization: str | None) -> str | None:
        """The role the Authorization header grants, or None when it grants nothing."""
        if not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer":
            for token, role in self.tokens.items():
                if hmac.compare_digest(token.encode(), value.strip().encode()):
                    return role
            return None
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        entry = self.users.get(user)
        if entry is None or not hmac.compare_digest(entry[0].encode(), password.encode()):
            return None
        return entry[1]


def _is_write(method: str, path: str) -> bool:
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    if method == "POST" and path.startswith("/compatibility/"):
        return False
    return not (method == "POST" and path.startswith("/subjects/") and
                path.rstrip("/").count("/") == 2)  # POST /subjects/{s} is a lookup


class AuthMiddleware:
    def __init__(self, app: ASGIApp, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        role = self.credentials.role(headers.get("authorization"))
        if role is None:
            response = _error(401, 40101, "Unauthorized",
                              {"WWW-Authenticate": 'Basic realm="schema-registry"'})
        elif role == "read" and _is_write(scope["method"], scope["path"]):
            response = _error(403, 40301, "User is denied operation on this server")
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)


# -- request helpers --------------------------------------------------------------------------


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").strip().lower() == "true"


def _version(subject: str, raw: str) -> int | None:
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


def _schema_id(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_VERSION:  # ids are 32-bit, like versions
        raise RegistryError(404, 40403, f"Schema {raw} not found")
    return number


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        value = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise RegistryError(400, 400, "The request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise RegistryError(422, 422, "The request body must be a JSON object")
    return value


def _schema_request(body: Mapping[str, Any]) -> tuple[str, str, Any]:
    text = body.get("schema")
    if not isinstance(text, str) or not text.strip():
        raise RegistryError(422, 42201, "Invalid schema: empty schema")
    schema_type = body.get("schemaType") or "AVRO"
    if not isinstance(schema_type, str):
        raise RegistryError(422, 42201, "Invalid schema: schemaType must be a string")
    return schema_type, text, body.get("references")


def _version_body(stored: StoredVersion) -> dict[str, Any]:
    body: dict[str, Any] = {"subject": stored.subject, "version": stored.version,
                            "id": stored.schema_id, "guid": stored.guid}
    body.update(_schema_body(stored.schema))
    return body


def _schema_body(schema: Any) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if schema.schema_type != "AVRO":
        body["schemaType"] = schema.schema_type
    if schema.references:
        body["references"] = [r.as_dict() for r in schema.references]
    body["schema"] = schema.canonical
    return body


# -- the application --------------------------------------------------------------------------


def create_app(store: Store, *, credentials: Credentials | None = None) -> ASGIApp:
    """The registry's ASGI app; `credentials` turns on authentication for every route."""
    from generator.registry._openapi import openapi_document
    from generator.registry._verdict import incompatibility_messages

    def ok(content: Any) -> Response:
        return RegistryResponse(content)

    async def root(request: Request) -> Response:
        return ok({})

    async def openapi(request: Request) -> Response:
        return Response(json.dumps(openapi_document()), media_type="application/json")

    async def schema_types(request: Request) -> Response:
        return ok(["JSON", "AVRO"])

    async def list_schemas(request: Request) -> Response:
        prefix = request.query_params.get("subjectPrefix", "")
        rows = store.all_schemas(deleted=_flag(request, "deleted"), prefix=prefix)
        if _flag(request, "latestOnly"):
            latest: dict[str, StoredVersion] = {}
            for row in rows:
                latest[row.subject] = row
            rows = list(latest.values())
        return ok([_version_body(row) for row in rows])

    async def schema_by_id(request: Request) -> Response:
        schema_id = _schema_id(request.path_params["id"])
        schema, guid = store.schema_by_id(schema_id)
        return ok({**_schema_body(schema), "guid": guid})

    async def schema_text_by_id(request: Request) -> Response:
        schema, _ = store.schema_by_id(_schema_id(request.path_params["id"]))
        return Response(schema.canonical, media_type=MEDIA_TYPE)

    async def schema_by_guid(request: Request) -> Response:
        schema_id, schema = store.schema_by_guid(request.path_params["guid"])
        return ok({**_schema_body(schema), "id": schema_id, "guid": request.path_params["guid"]})

    async def id_versions(request: Request) -> Response:
        pairs = store.id_versions(_schema_id(request.path_params["id"]),
                                  deleted=_flag(request, "deleted"))
        return ok([{"subject": s, "version": v} for s, v in pairs])

    async def id_subjects(request: Request) -> Response:
        pairs = store.id_versions(_schema_id(request.path_params["id"]),
                                  deleted=_flag(request, "deleted"))
        return ok(sorted({s for s, _ in pairs}))

    async def subjects(request: Request) -> Response:
        return ok(store.subjects(deleted=_flag(request, "deleted"),
                                 deleted_only=_flag(request, "deleted_only"),
                                 prefix=request.query_params.get("subjectPrefix", "")))

    async def lookup(request: Request) -> Response:
        subject = request.path_params["subject"]
        schema_type, text, refs = _schema_request(await _body(request))
        parsed = store.parse(schema_type, text, refs, normalize=_flag(request, "normalize"))
        return ok(_version_body(store.lookup(subject, parsed, deleted=_flag(request, "deleted"))))

    async def delete_subject(request: Request) -> Response:
        return ok(store.delete_subject(request.path_params["subject"],
                                       permanent=_flag(request, "permanent")))

    async def versions(request: Request) -> Response:
        return ok(store.versions(request.path_params["subject"],
                                 deleted=_flag(request, "deleted"),
                                 deleted_only=_flag(request, "deleted_only")))

    async def register(request: Request) -> Response:
        subject = request.path_params["subject"]
        body = await _body(request)
        schema_type, text, refs = _schema_request(body)
        wanted_id, wanted_version = body.get("id"), body.get("version")
        for name, value in (("id", wanted_id), ("version", wanted_version)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 1 <= value <= MAX_VERSION):
                raise RegistryError(422, 42201 if name == "id" else 42202,
                                    f"Invalid {name}: {value!r}")
        parsed = store.parse(schema_type, text, refs, normalize=_flag(request, "normalize"))
        stored = store.register(subject, parsed, schema_id=wanted_id, version=wanted_version)
        return ok({"id": stored.schema_id, "version": stored.version, "guid": stored.guid})

    async def get_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = _version(subject, request.path_params["version"])
        return ok(_version_body(store.get_version(subject, version,
                                                  deleted=_flag(request, "deleted"))))

    async def get_version_schema(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = _version(subject, request.path_params["version"])
        stored = store.get_version(subject, version, deleted=_flag(request, "deleted"))
        return Response(stored.schema.canonical, media_type=MEDIA_TYPE)

    async def referenced_by(request: Request) -> Response:
        subject = request.path_params["subject"]
        return ok(store.referenced_by(subject, _version(subject, request.path_params["version"])))

    async def delete_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = _version(subject, request.path_params["version"])
        return ok(store.delete_version(subject, version, permanent=_flag(request, "permanent")))

    async def compatibility(request: Request) -> Response:
        subject = request.path_params["subject"]
        raw_version = request.path_params.get("version")
        version = None if raw_version is None else _version(subject, raw_version)
        schema_type, text, refs = _schema_request(await _body(request))
        parsed = store.parse(schema_type, text, refs, normalize=_flag(request, "normalize"))
        live = store.live_versions(subject)
        level = store.level(subject)
        if raw_version is None:
            previous = live
        elif version is None:
            previous = live[-1:]
        else:
            if not live:
                raise subject_not_found(subject)
            previous = [store.get_version(subject, version)]
        messages = incompatibility_messages(parsed, previous, level)
        body: dict[str, Any] = {"is_compatible": not messages}
        if _flag(request, "verbose"):
            body["messages"] = messages
        return ok(body)

    def config_subject(request: Request) -> str | None:
        return request.path_params.get("subject")

    async def get_config(request: Request) -> Response:
        level = store.get_config(config_subject(request),
                                 default_to_global=_flag(request, "defaultToGlobal"))
        return ok({"compatibilityLevel": level})

    async def put_config(request: Request) -> Response:
        body = await _body(request)
        level = body.get("compatibility", body.get("compatibilityLevel"))
        if not isinstance(level, str):
            raise RegistryError(422, 42203, "Invalid compatibility level: the body needs "
                                            "\"compatibility\"")
        return ok({"compatibility": store.set_config(config_subject(request), level)})

    async def delete_config(request: Request) -> Response:
        return ok({"compatibilityLevel": store.delete_config(config_subject(request))})

    async def get_mode(request: Request) -> Response:
        return ok({"mode": store.get_mode(config_subject(request),
                                          default_to_global=_flag(request, "defaultToGlobal"))})

    async def put_mode(request: Request) -> Response:
        mode = (await _body(request)).get("mode")
        if not isinstance(mode, str):
            raise RegistryError(422, 42204, "Invalid mode: the body needs \"mode\"")
        return ok({"mode": store.set_mode(config_subject(request), mode,
                                          force=_flag(request, "force"))})

    async def delete_mode(request: Request) -> Response:
        return ok({"mode": store.delete_mode(request.path_params["subject"])})

    def route(path: str, endpoint: Handler, method: str) -> Route:
        return Route(path, _guard(endpoint), methods=[method])

    s = "/subjects/{subject}"
    v = s + "/versions/{version}"
    routes = [
        route("/", root, "GET"),
        route("/openapi.json", openapi, "GET"),
        route("/schemas/types", schema_types, "GET"),
        route("/schemas", list_schemas, "GET"),
        route("/schemas/ids/{id}", schema_by_id, "GET"),
        route("/schemas/ids/{id}/schema", schema_text_by_id, "GET"),
        route("/schemas/ids/{id}/versions", id_versions, "GET"),
        route("/schemas/ids/{id}/subjects", id_subjects, "GET"),
        route("/schemas/guids/{guid}", schema_by_guid, "GET"),
        route("/subjects", subjects, "GET"),
        route(s, lookup, "POST"),
        route(s, delete_subject, "DELETE"),
        route(s + "/versions", versions, "GET"),
        route(s + "/versions", register, "POST"),
        route(v, get_version, "GET"),
        route(v, delete_version, "DELETE"),
        route(v + "/schema", get_version_schema, "GET"),
        route(v + "/referencedby", referenced_by, "GET"),
        route("/compatibility" + v, compatibility, "POST"),
        route("/compatibility" + s + "/versions", compatibility, "POST"),
        route("/config", get_config, "GET"),
        route("/config", put_config, "PUT"),
        route("/config", delete_config, "DELETE"),
        route("/config/{subject}", get_config, "GET"),
        route("/config/{subject}", put_config, "PUT"),
        route("/config/{subject}", delete_config, "DELETE"),
        route("/mode", get_mode, "GET"),
        route("/mode", put_mode, "PUT"),
        route("/mode/{subject}", get_mode, "GET"),
        route("/mode/{subject}", put_mode, "PUT"),
        route("/mode/{subject}", delete_mode, "DELETE"),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, exc.status_code, f"HTTP {exc.status_code} {exc.detail}",
                      exc.headers)

    app: ASGIApp = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    if credentials is not None:
        app = AuthMiddleware(app, credentials)
    return app


def _guard(endpoint: Handler) -> Handler:
    """Turn store errors into Confluent's error bodies."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except RegistryError as error:
            return _error(error.status, error.error_code, error.message)
        except sqlite3.Error as error:
            return _error(500, 50001, f"Error in the backend data store: {error}")
        except Exception as error:  # a bug: still answer in the registry's error format
            return _error(500, 50001, f"Internal error: {type(error).__name__}: {error}")

    guarded.__name__ = endpoint.__name__
    return guarded

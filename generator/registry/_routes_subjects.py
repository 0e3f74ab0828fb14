"""Routes under /subjects (versions: lookup, register, read, delete) and /compatibility."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._errors import RegistryError, subject_not_found
from generator.registry._http import (
    MEDIA_TYPE,
    json_body,
    ok,
    query_flag,
    route,
    schema_request,
    version_body,
    version_param,
)
from generator.registry._store import MAX_VERSION, Store


def subject_routes(store: Store) -> list[Route]:
    from generator.registry._verdict import incompatibility_messages

    async def subjects(request: Request) -> Response:
        return ok(store.subjects(deleted=query_flag(request, "deleted"),
                                 deleted_only=query_flag(request, "deleted_only"),
                                 prefix=request.query_params.get("subjectPrefix", "")))

    async def lookup(request: Request) -> Response:
        subject = request.path_params["subject"]
        schema_type, text, refs = schema_request(await json_body(request))
        parsed = store.parse(schema_type, text, refs, normalize=query_flag(request, "normalize"))
        stored = store.lookup(subject, parsed, deleted=query_flag(request, "deleted"))
        return ok(version_body(stored))

    async def delete_subject(request: Request) -> Response:
        return ok(store.delete_subject(request.path_params["subject"],
                                       permanent=query_flag(request, "permanent")))

    async def versions(request: Request) -> Response:
        return ok(store.versions(request.path_params["subject"],
                                 deleted=query_flag(request, "deleted"),
                                 deleted_only=query_flag(request, "deleted_only")))

    async def register(request: Request) -> Response:
        subject = request.path_params["subject"]
        body = await json_body(request)
        schema_type, text, refs = schema_request(body)
        wanted_id, wanted_version = body.get("id"), body.get("version")
        for name, value in (("id", wanted_id), ("version", wanted_version)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 1 <= value <= MAX_VERSION):
                raise RegistryError(422, 42201 if name == "id" else 42202,
                                    f"Invalid {name}: {value!r}")
        parsed = store.parse(schema_type, text, refs, normalize=query_flag(request, "normalize"))
        stored = store.register(subject, parsed, schema_id=wanted_id, version=wanted_version)
        return ok({"id": stored.schema_id, "version": stored.version, "guid": stored.guid})

    async def get_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        return ok(version_body(store.get_version(subject, version,
                                                 deleted=query_flag(request, "deleted"))))

    async def get_version_schema(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        stored = store.get_version(subject, version, deleted=query_flag(request, "deleted"))
        return Response(stored.schema.canonical, media_type=MEDIA_TYPE)

    async def referenced_by(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        return ok(store.referenced_by(subject, version))

    async def delete_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        permanent = query_flag(request, "permanent")
        return ok(store.delete_version(subject, version, permanent=permanent))

    async def compatibility(request: Request) -> Response:
        subject = request.path_params["subject"]
        raw_version = request.path_params.get("version")
        version = None if raw_version is None else version_param(subject, raw_version)
        schema_type, text, refs = schema_request(await json_body(request))
        parsed = store.parse(schema_type, text, refs, normalize=query_flag(request, "normalize"))
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
        if query_flag(request, "verbose"):
            body["messages"] = messages
        return ok(body)

    s = "/subjects/{subject}"
    v = s + "/versions/{version}"
    return [
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
    ]

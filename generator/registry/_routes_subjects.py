"""Routes under /subjects (versions: lookup, register, read, delete) and /compatibility."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._errors import RegistryError, subject_not_found
from generator.registry._http import (
    MEDIA_TYPE,
    check_subject,
    json_body,
    ok,
    page,
    page_params,
    query_flag,
    route,
    schema_request,
    version_body,
    version_param,
)
from generator.registry._offload import run_heavy, run_light
from generator.registry._schemas import ParsedSchema
from generator.registry._store import MAX_VERSION, Store


def subject_routes(store: Store) -> list[Route]:
    from generator.registry._verdict import incompatibility_messages

    async def parse(request: Request, body: dict[str, Any]) -> ParsedSchema:
        schema_type, text, refs = schema_request(body)
        return await run_heavy(store.parse, schema_type, text, refs,
                               normalize=query_flag(request, "normalize"))

    async def subjects(request: Request) -> Response:
        offset, limit = page_params(request)
        return ok(page(await run_light(store.subjects, deleted=query_flag(request, "deleted"),
                                       deleted_only=query_flag(request, "deleted_only"),
                                       prefix=request.query_params.get("subjectPrefix", "")),
                       offset, limit))

    async def lookup(request: Request) -> Response:
        subject = request.path_params["subject"]
        parsed = await parse(request, await json_body(request))
        stored = await run_light(store.lookup, subject, parsed,
                                 deleted=query_flag(request, "deleted"))
        return ok(version_body(stored))

    async def delete_subject(request: Request) -> Response:
        return ok(await run_light(store.delete_subject, request.path_params["subject"],
                                  permanent=query_flag(request, "permanent")))

    async def versions(request: Request) -> Response:
        offset, limit = page_params(request)
        return ok(page(await run_light(store.versions, request.path_params["subject"],
                                       deleted=query_flag(request, "deleted"),
                                       deleted_only=query_flag(request, "deleted_only")),
                       offset, limit))

    async def register(request: Request) -> Response:
        subject = request.path_params["subject"]
        check_subject(subject)
        body = await json_body(request)
        wanted_id, wanted_version = body.get("id"), body.get("version")
        for name, value in (("id", wanted_id), ("version", wanted_version)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 1 <= value <= MAX_VERSION):
                raise RegistryError(422, 42201 if name == "id" else 42202,
                                    f"Invalid {name}: {value!r}")
        parsed = await parse(request, body)
        stored = await run_heavy(store.register, subject, parsed, schema_id=wanted_id,
                                 version=wanted_version)
        return ok({"id": stored.schema_id, "version": stored.version, "guid": stored.guid})

    async def get_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        return ok(version_body(await run_light(store.get_version, subject, version,
                                               deleted=query_flag(request, "deleted"))))

    async def get_version_schema(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        stored = await run_light(store.get_version, subject, version,
                                 deleted=query_flag(request, "deleted"))
        return Response(stored.schema.canonical, media_type=MEDIA_TYPE)

    async def referenced_by(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        return ok(await run_light(store.referenced_by, subject, version))

    async def delete_version(request: Request) -> Response:
        subject = request.path_params["subject"]
        version = version_param(subject, request.path_params["version"])
        permanent = query_flag(request, "permanent")
        return ok(await run_light(store.delete_version, subject, version, permanent=permanent))

    def verdict(subject: str, raw_version: str | None, version: int | None,
                parsed: ParsedSchema) -> list[str]:
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
        return incompatibility_messages(parsed, previous, level)

    async def compatibility(request: Request) -> Response:
        subject = request.path_params["subject"]
        raw_version = request.path_params.get("version")
        version = None if raw_version is None else version_param(subject, raw_version)
        parsed = await parse(request, await json_body(request))
        messages = await run_heavy(verdict, subject, raw_version, version, parsed)
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

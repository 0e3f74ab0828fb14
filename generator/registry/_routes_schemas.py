"""Routes under /schemas: schemas by id or guid, where an id is used, the schema types."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._http import (
    MEDIA_TYPE,
    ok,
    page_params,
    query_flag,
    route,
    schema_body,
    schema_id_param,
    version_body,
)
from generator.registry._offload import run_light
from generator.registry._store import Store


def schema_routes(store: Store) -> list[Route]:
    async def schema_types(request: Request) -> Response:
        return ok(["JSON", "AVRO"])

    async def list_schemas(request: Request) -> Response:
        offset, limit = page_params(request)
        rows = await run_light(store.all_schemas, deleted=query_flag(request, "deleted"),
                               prefix=request.query_params.get("subjectPrefix", ""),
                               latest_only=query_flag(request, "latestOnly"),
                               offset=offset, limit=limit)
        return ok([version_body(row) for row in rows])

    async def schema_by_id(request: Request) -> Response:
        schema_id = schema_id_param(request.path_params["id"])
        schema, guid = await run_light(store.schema_by_id, schema_id)
        return ok({**schema_body(schema), "guid": guid})

    async def schema_text_by_id(request: Request) -> Response:
        schema, _ = await run_light(store.schema_by_id,
                                    schema_id_param(request.path_params["id"]))
        return Response(schema.canonical, media_type=MEDIA_TYPE)

    async def schema_by_guid(request: Request) -> Response:
        schema_id, schema = await run_light(store.schema_by_guid, request.path_params["guid"])
        return ok({**schema_body(schema), "id": schema_id, "guid": request.path_params["guid"]})

    async def id_versions(request: Request) -> Response:
        pairs = await run_light(store.id_versions, schema_id_param(request.path_params["id"]),
                                deleted=query_flag(request, "deleted"))
        return ok([{"subject": s, "version": v} for s, v in pairs])

    async def id_subjects(request: Request) -> Response:
        pairs = await run_light(store.id_versions, schema_id_param(request.path_params["id"]),
                                deleted=query_flag(request, "deleted"))
        return ok(sorted({s for s, _ in pairs}))

    return [
        route("/schemas/types", schema_types, "GET"),
        route("/schemas", list_schemas, "GET"),
        route("/schemas/ids/{id}", schema_by_id, "GET"),
        route("/schemas/ids/{id}/schema", schema_text_by_id, "GET"),
        route("/schemas/ids/{id}/versions", id_versions, "GET"),
        route("/schemas/ids/{id}/subjects", id_subjects, "GET"),
        route("/schemas/guids/{guid}", schema_by_guid, "GET"),
    ]

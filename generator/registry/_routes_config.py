"""Routes under /config and /mode: compatibility levels and modes, global and per subject."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.registry._errors import RegistryError
from generator.registry._http import check_subject, json_body, ok, query_flag, route
from generator.registry._offload import run_light
from generator.registry._store import Store


def config_routes(store: Store) -> list[Route]:
    def config_subject(request: Request) -> str | None:
        return request.path_params.get("subject")

    async def get_config(request: Request) -> Response:
        level = await run_light(store.get_config, config_subject(request),
                                default_to_global=query_flag(request, "defaultToGlobal"))
        return ok({"compatibilityLevel": level})

    async def put_config(request: Request) -> Response:
        check_subject(request.path_params.get("subject", ""))
        body = await json_body(request)
        level = body.get("compatibility", body.get("compatibilityLevel"))
        if not isinstance(level, str):
            raise RegistryError(422, 42203, "Invalid compatibility level: the body needs "
                                            "\"compatibility\"")
        return ok({"compatibility": await run_light(store.set_config, config_subject(request),
                                                     level)})

    async def delete_config(request: Request) -> Response:
        return ok({"compatibilityLevel": await run_light(store.delete_config,
                                                     config_subject(request))})

    async def get_mode(request: Request) -> Response:
        return ok({"mode": await run_light(
            store.get_mode, config_subject(request),
            default_to_global=query_flag(request, "defaultToGlobal"))})

    async def put_mode(request: Request) -> Response:
        check_subject(request.path_params.get("subject", ""))
        mode = (await json_body(request)).get("mode")
        if not isinstance(mode, str):
            raise RegistryError(422, 42204, "Invalid mode: the body needs \"mode\"")
        return ok({"mode": await run_light(store.set_mode, config_subject(request), mode,
                                           force=query_flag(request, "force"))})

    async def delete_mode(request: Request) -> Response:
        return ok({"mode": await run_light(store.delete_mode, request.path_params["subject"])})

    return [
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

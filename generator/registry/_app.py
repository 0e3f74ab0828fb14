"""The Confluent-compatible REST API as a Starlette ASGI application over a `Store`."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from generator.registry._auth import AuthMiddleware, Credentials
from generator.registry._http import error_response, internal_error, ok, route
from generator.registry._limits import DEFAULT_MAX_BODY, RequestLimits
from generator.registry._routes_config import config_routes
from generator.registry._routes_schemas import schema_routes
from generator.registry._routes_subjects import subject_routes
from generator.registry._store import Store


def create_app(store: Store, *, credentials: Credentials | None = None,
               max_body: int = DEFAULT_MAX_BODY) -> ASGIApp:
    """The registry's ASGI app; `credentials` turns on authentication for every route."""
    from generator.registry._openapi import openapi_document

    async def root(request: Request) -> Response:
        return ok({})

    async def openapi(request: Request) -> Response:
        return Response(json.dumps(openapi_document()), media_type="application/json")

    routes = [
        route("/", root, "GET"),
        route("/openapi.json", openapi, "GET"),
        *schema_routes(store),
        *subject_routes(store),
        *config_routes(store),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(exc.status_code, exc.status_code,
                              f"HTTP {exc.status_code} {exc.detail}", exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        return internal_error()  # Starlette logs the traceback

    starlette = Starlette(routes=with_trailing_slashes(routes),
                          exception_handlers={HTTPException: http_error,
                                              Exception: server_error})
    # Clients that add a slash (`GET /subjects/`) get the answer, not a 307 with no body.
    starlette.router.redirect_slashes = False
    app: ASGIApp = RequestLimits(starlette, max_body=max_body)
    if credentials is not None:
        app = AuthMiddleware(app, credentials)
    return app


def with_trailing_slashes(routes: list[Route]) -> list[Route]:
    """Every route, and the same route at its path with a trailing slash."""
    out = list(routes)
    for original in routes:
        if original.path != "/" and not original.path.endswith("/"):
            out.append(Route(original.path + "/", original.endpoint,
                             methods=sorted(original.methods or ()), include_in_schema=False))
    return out

"""The OpenAPI 3.0 document of the embedded registry, served at /openapi.json."""

from __future__ import annotations

from functools import cache
from typing import Any

_MEDIA = "application/vnd.schemaregistry.v1+json"
_LEVELS = ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
           "FULL_TRANSITIVE", "NONE"]
_MODES = ["READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT"]


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _content(schema: dict[str, Any]) -> dict[str, Any]:
    return {_MEDIA: {"schema": schema}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _content(_ref("Error"))}


_ERRORS = {
    "400": "Bad request: the body is not JSON (400)",
    "401": "Unauthorized (40101)",
    "403": "Forbidden: a read-only user attempted a write (40301)",
    "404": "Not found: subject (40401), version (40402), schema (40403), soft-deleted (40404, "
           "40406), not soft-deleted first (40405, 40407), no subject config (40408) or mode "
           "(40409)",
    "409": "Incompatible schema (409)",
    "413": "The body is larger than the server's --max-body (413)",
    "415": "The body's content type is not JSON (415)",
    "422": "Unprocessable: invalid schema (42201), version (42202), compatibility level "
           "(42203), mode (42204), operation not permitted (42205), references exist (42206), "
           "invalid subject (42208), invalid offset or limit (422)",
    "500": "Internal server error (500); the detail is in the server's log",
}


def _op(summary: str, ok: dict[str, Any], *, params: list[dict[str, Any]] | None = None,
        body: dict[str, Any] | None = None, errors: tuple[str, ...] = ("404", "422"),
        ok_media: str = _MEDIA) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK",
                                         "content": {ok_media: {"schema": ok}}}}
    body_errors = ("413", "415") if body is not None else ()
    for code in ("400", "401", "403", *errors, *body_errors, "500"):
        responses[code] = _error(_ERRORS[code])
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if params:
        op["parameters"] = params
    if body is not None:
        op["requestBody"] = {"required": True, "content": {
            _MEDIA: {"schema": body}, "application/json": {"schema": body}}}
    return op


def _path(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


def _query(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False,
            "schema": schema or {"type": "boolean"}}


_SUBJECT = _path("subject", {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9._-]+$"})
# A version is "latest", -1 (latest) or 1..2^31-1 in plain decimal; an id is 1..2^31-1.
_VERSION = _path("version", {"oneOf": [{"type": "string", "enum": ["latest"]},
                                      {"type": "integer", "enum": [-1]},
                                      {"type": "integer", "minimum": 1,
                                       "maximum": 2**31 - 1}]})
_ID = _path("id", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
_PAGE = [_query("offset", {"type": "integer", "minimum": 0}),
         _query("limit", {"type": "integer", "minimum": -1})]


@cache
def openapi_document() -> dict[str, Any]:
    string_list = {"type": "array", "items": {"type": "string"}}
    int_list = {"type": "array", "items": {"type": "integer"}}
    config = {"type": "object", "properties": {"compatibilityLevel": {"type": "string",
                                                                        "enum": _LEVELS}},
              "required": ["compatibilityLevel"]}
    mode = {"type": "object", "properties": {"mode": {"type": "string", "enum": _MODES}},
            "required": ["mode"]}
    compat = {"type": "object", "required": ["is_compatible"], "properties": {
        "is_compatible": {"type": "boolean"}, "messages": string_list}}
    paths: dict[str, Any] = {
        "/": {"get": _op("Root", {"type": "object"}, errors=())},
        "/schemas/types": {"get": _op("Supported schema types", string_list, errors=())},
        "/schemas": {"get": _op("Every schema version", {"type": "array",
                                                         "items": _ref("SubjectVersion")},
                                params=[_query("subjectPrefix", {"type": "string"}),
                                        _query("deleted"), _query("latestOnly"), *_PAGE],
                                errors=("422",))},
        "/schemas/ids/{id}": {"get": _op("Schema by id", _ref("Schema"), params=[_ID],
                                         errors=("404",))},
        "/schemas/ids/{id}/schema": {"get": _op("Schema text by id", {}, params=[_ID],
                                                errors=("404",))},
        "/schemas/ids/{id}/versions": {"get": _op(
            "Subject-version pairs of a schema id", {"type": "array", "items": {
                "type": "object", "required": ["subject", "version"], "properties": {
                    "subject": {"type": "string"}, "version": {"type": "integer"}}}},
            params=[_ID, _query("deleted")], errors=("404",))},
        "/schemas/ids/{id}/subjects": {"get": _op("Subjects of a schema id", string_list,
                                                  params=[_ID, _query("deleted")],
                                                  errors=("404",))},
        "/subjects": {"get": _op("Subjects", string_list, params=[
            _query("subjectPrefix", {"type": "string"}), _query("deleted"),
            _query("deleted_only"), *_PAGE], errors=("422",))},
        "/subjects/{subject}": {
            "post": _op("Look a schema up under a subject", _ref("SubjectVersion"),
                        params=[_SUBJECT, _query("normalize"), _query("deleted")],
                        body=_ref("SchemaRequest")),
            "delete": _op("Delete a subject (soft, or permanent after soft)", int_list,
                          params=[_SUBJECT, _query("permanent")]),
        },
        "/subjects/{subject}/versions": {
            "get": _op("Versions of a subject", int_list,
                       params=[_SUBJECT, _query("deleted"), _query("deleted_only"), *_PAGE],
                       errors=("404", "422")),
            "post": _op("Register a schema under a subject", _ref("RegisterResponse"),
                        params=[_SUBJECT, _query("normalize")], body=_ref("SchemaRequest"),
                        errors=("404", "409", "422")),
        },
        "/subjects/{subject}/versions/{version}": {
            "get": _op("One version of a subject", _ref("SubjectVersion"),
                       params=[_SUBJECT, _VERSION, _query("deleted")]),
            "delete": _op("Delete one version (soft, or permanent after soft)",
                          {"type": "integer"}, params=[_SUBJECT, _VERSION,
                                                       _query("permanent")]),
        },
        "/subjects/{subject}/versions/{version}/schema": {"get": _op(
            "Schema text of one version", {}, params=[_SUBJECT, _VERSION, _query("deleted")])},
        "/subjects/{subject}/versions/{version}/referencedby": {"get": _op(
            "Ids of the schemas referencing this version", int_list,
            params=[_SUBJECT, _VERSION])},
        "/compatibility/subjects/{subject}/versions/{version}": {"post": _op(
            "Test a schema against one version", compat,
            params=[_SUBJECT, _VERSION, _query("verbose"), _query("normalize")],
            body=_ref("SchemaRequest"))},
        "/compatibility/subjects/{subject}/versions": {"post": _op(
            "Test a schema against the versions the level selects", compat,
            params=[_SUBJECT, _query("verbose"), _query("normalize")],
            body=_ref("SchemaRequest"))},
        "/config": {
            "get": _op("Global compatibility level", config, errors=()),
            "put": _op("Set the global compatibility level", _ref("ConfigUpdate"),
                       body=_ref("ConfigUpdate"), errors=("422",)),
            "delete": _op("Reset the global compatibility level", config, errors=()),
        },
        "/config/{subject}": {
            "get": _op("Subject compatibility level", config,
                       params=[_SUBJECT, _query("defaultToGlobal")], errors=("404",)),
            "put": _op("Set a subject's compatibility level", _ref("ConfigUpdate"),
                       params=[_SUBJECT], body=_ref("ConfigUpdate"), errors=("422",)),
            "delete": _op("Remove a subject's compatibility level", config,
                          params=[_SUBJECT], errors=("404",)),
        },
        "/mode": {
            "get": _op("Global mode", mode, errors=()),
            "put": _op("Set the global mode", mode, params=[_query("force")], body=mode,
                       errors=("422",)),
        },
        "/mode/{subject}": {
            "get": _op("Subject mode", mode, params=[_SUBJECT, _query("defaultToGlobal")],
                       errors=("404",)),
            "put": _op("Set a subject's mode", mode, params=[_SUBJECT, _query("force")],
                       body=mode, errors=("422",)),
            "delete": _op("Remove a subject's mode", mode, params=[_SUBJECT],
                          errors=("404",)),
        },
    }
    reference = {"type": "object", "required": ["name", "subject", "version"], "properties": {
        "name": {"type": "string"}, "subject": {"type": "string"},
        "version": {"type": "integer"}}}
    schemas = {
        "Error": {"type": "object", "required": ["error_code", "message"], "properties": {
            "error_code": {"type": "integer"}, "message": {"type": "string"}}},
        "Reference": reference,
        "SchemaRequest": {"type": "object", "required": ["schema"], "properties": {
            "schema": {"type": "string"},
            "schemaType": {"type": "string", "enum": ["AVRO", "JSON"]},
            "references": {"type": "array", "items": _ref("Reference")}}},
        "Schema": {"type": "object", "required": ["schema"], "properties": {
            "schema": {"type": "string"}, "schemaType": {"type": "string"},
            "guid": {"type": "string"},
            "references": {"type": "array", "items": _ref("Reference")}}},
        "SubjectVersion": {"type": "object",
                           "required": ["subject", "version", "id", "schema"], "properties": {
                               "subject": {"type": "string"}, "version": {"type": "integer"},
                               "id": {"type": "integer"}, "guid": {"type": "string"},
                               "schema": {"type": "string"},
                               "schemaType": {"type": "string"},
                               "references": {"type": "array",
                                              "items": _ref("Reference")}}},
        "RegisterResponse": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "version": {"type": "integer"},
            "guid": {"type": "string"}}},
        "ConfigUpdate": {"type": "object", "required": ["compatibility"], "properties": {
            "compatibility": {"type": "string", "enum": _LEVELS}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "event-contracts embedded Schema Registry", "version": "1",
                 "description": "The subset of Confluent Schema Registry's REST API that the "
                                "embedded registry serves."},
        "paths": paths,
        "components": {"schemas": schemas},
    }

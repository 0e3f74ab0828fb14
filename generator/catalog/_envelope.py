"""The standard event envelope every service uses, checked on every version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.catalog._avro_model import AvroNode, AvroSchema
from generator.catalog._model import SchemaVersion
from generator.catalog._walk import resolve_json

ENVELOPE_FIELDS = ("eventId", "eventType", "eventVersion", "timestamp", "source",
                   "correlationId", "traceId", "data")
OPTIONAL_FIELDS = ("correlationId", "traceId")


def envelope_problems(version: SchemaVersion) -> Iterator[tuple[str, str]]:
    if version.schema_type == "AVRO":
        yield from _avro(version.avro_schema)
    else:
        yield from _json(version.schema)


def _avro_type_ok(name: str, node: AvroNode) -> str | None:
    """None when the field's type fits the envelope, else what it should be."""
    kind, logical = node.kind, node.logical
    if name == "eventId":
        return None if (kind, logical) == ("string", "uuid") else \
            '{"type": "string", "logicalType": "uuid"}'
    if name in ("eventType", "source"):
        return None if kind == "string" else '"string"'
    if name == "eventVersion":
        return None if kind == "int" else '"int"'
    if name == "timestamp":
        ok = kind == "long" and logical in ("timestamp-millis", "timestamp-micros")
        return None if ok else '{"type": "long", "logicalType": "timestamp-millis"}'
    if name in OPTIONAL_FIELDS:
        ok = kind == "union" and [b.kind for b in node.branches] == ["null", "string"]
        return None if ok else '["null", "string"] with "default": null'
    return None if kind == "record" else "a record holding the event's payload"


def _avro(schema: AvroSchema) -> Iterator[tuple[str, str]]:
    root = schema.root
    if root.kind != "record":
        yield "", "the top-level schema must be the envelope record"
        return
    for name in ENVELOPE_FIELDS:
        field = root.fields_by_name.get(name)
        if field is None:
            yield "/fields", f"envelope field {name!r} is missing"
            continue
        expected = _avro_type_ok(name, field.type)
        if expected:
            yield field.type_ptr, f"envelope field {name!r} should be {expected}"
        elif name in OPTIONAL_FIELDS and not (field.has_default and field.default is None):
            yield field.ptr, f"envelope field {name!r} needs \"default\": null"


_JSON_EXPECTED: dict[str, tuple[set[str], str | None]] = {
    "eventId": ({"string"}, "uuid"),
    "eventType": ({"string"}, None),
    "eventVersion": ({"integer"}, None),
    "timestamp": ({"string"}, "date-time"),
    "source": ({"string"}, None),
    "correlationId": ({"string"}, None),
    "traceId": ({"string"}, None),
    "data": ({"object"}, None),
}


def _json(document: Any) -> Iterator[tuple[str, str]]:
    schema = resolve_json(document, document)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        yield "", "the top-level schema must be the envelope object with \"properties\""
        return
    required = schema.get("required") or []
    for name in ENVELOPE_FIELDS:
        if name not in properties:
            yield "/properties", f"envelope property {name!r} is missing"
            continue
        pointer = f"/properties/{name}"
        node = resolve_json(properties[name], document)
        types, fmt = _JSON_EXPECTED[name]
        declared = node.get("type") if isinstance(node, dict) else None
        declared_set = set(declared) if isinstance(declared, list) else {declared}
        if not types <= declared_set or not declared_set - {"null"} <= types:
            yield pointer, f"envelope property {name!r} should have type {sorted(types)[0]!r}"
        elif fmt and node.get("format") != fmt:
            yield pointer, f"envelope property {name!r} should have \"format\": {fmt!r}"
        if name not in OPTIONAL_FIELDS and name not in required:
            yield "/required" if "required" in schema else "", (
                f"envelope property {name!r} must be required")

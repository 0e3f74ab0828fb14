"""Small walkers over schemas shared by the lint rules (Avro ones on the catalog's model)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator._pointer import escape, fragment_tokens, lookup
from generator.catalog._avro_model import AvroSchema
from generator.catalog._model import SchemaVersion


def resolve_json(schema: Any, document: Any) -> Any:
    """Follow local `$ref`s ("#/$defs/Address") within one JSON Schema document."""
    seen = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if not ref.startswith("#") or ref in seen:
            return schema
        seen.add(ref)
        try:
            schema = lookup(document, fragment_tokens(ref[1:]))
        except KeyError:
            return schema
    return schema


def undocumented(version: SchemaVersion) -> Iterator[tuple[str, str, bool]]:
    """(pointer, description, is_record) for each record/object or field without docs."""
    if version.schema_type == "AVRO":
        yield from _avro_undocumented(version.avro_schema)
    else:
        yield from _json_undocumented(version.schema, "", "the schema", set())


def _avro_undocumented(schema: AvroSchema) -> Iterator[tuple[str, str, bool]]:
    for node in schema.names.values():
        if node.kind != "record":
            continue
        if not node.doc:
            yield node.ptr, f"record {node.name!r}", True
        for field in node.fields:
            if not field.doc:
                yield field.ptr, f"field {field.name!r} of {node.name!r}", False


def _json_undocumented(schema: Any, pointer: str, what: str,
                       seen: set[str]) -> Iterator[tuple[str, str, bool]]:
    if not isinstance(schema, dict) or pointer in seen:
        return
    seen.add(pointer)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        if not schema.get("description") and "$ref" not in schema:
            yield pointer, f"object {what}", True
        for name, sub in properties.items():
            where = f"{pointer}/properties/{escape(name)}"
            if isinstance(sub, dict) and not sub.get("description") and "$ref" not in sub:
                yield where, f"property {name!r}", False
            yield from _json_undocumented(sub, where, f"{name!r}", seen)
    for keyword in ("$defs", "definitions"):
        defs = schema.get(keyword)
        if isinstance(defs, dict):
            for name, sub in defs.items():
                yield from _json_undocumented(sub, f"{pointer}/{keyword}/{escape(name)}",
                                              f"{name!r}", seen)
    items = schema.get("items")
    if isinstance(items, dict):
        yield from _json_undocumented(items, f"{pointer}/items", f"items of {what}", seen)
    for keyword in ("oneOf", "anyOf", "allOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            for index, sub in enumerate(branches):
                yield from _json_undocumented(sub, f"{pointer}/{keyword}/{index}", what, seen)

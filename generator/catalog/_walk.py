"""Small walkers over parsed schemas shared by the lint rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator._pointer import escape, fragment_tokens, lookup
from generator.catalog._model import SchemaVersion

AVRO_NAMED = ("record", "error", "enum", "fixed")


def avro_named_types(schema: Any, namespace: str | None = None,
                     out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every named type in an Avro schema by full name (and short name, when unambiguous)."""
    out = {} if out is None else out
    if isinstance(schema, list):
        for branch in schema:
            avro_named_types(branch, namespace, out)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in AVRO_NAMED and isinstance(schema.get("name"), str):
            name = schema["name"]
            space = name.rpartition(".")[0] if "." in name else schema.get("namespace", namespace)
            short = name.rpartition(".")[2]
            out[f"{space}.{short}" if space else short] = schema
            out.setdefault(short, schema)
            namespace = space
            for field in schema.get("fields", []) if isinstance(schema.get("fields"), list) else []:
                if isinstance(field, dict):
                    avro_named_types(field.get("type"), namespace, out)
        elif kind == "array":
            avro_named_types(schema.get("items"), namespace, out)
        elif kind == "map":
            avro_named_types(schema.get("values"), namespace, out)
        elif isinstance(kind, dict | list):
            avro_named_types(kind, namespace, out)
    return out


def resolve_avro(schema: Any, named: dict[str, Any]) -> Any:
    """Follow a named reference ("com.acme.Address") to its definition."""
    if isinstance(schema, str) and schema in named:
        return named[schema]
    if isinstance(schema, dict) and isinstance(schema.get("type"), dict):
        return resolve_avro(schema["type"], named)
    return schema


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
        yield from _avro_undocumented(version.schema, "", set())
    else:
        yield from _json_undocumented(version.schema, "", "the schema", set())


def _avro_undocumented(schema: Any, pointer: str, seen: set[int]) -> Iterator[tuple[str, str,
                                                                                    bool]]:
    if isinstance(schema, list):
        for index, branch in enumerate(schema):
            yield from _avro_undocumented(branch, f"{pointer}/{index}", seen)
        return
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))
    kind = schema.get("type")
    if kind in ("record", "error"):
        if not schema.get("doc"):
            yield pointer, f"record {schema.get('name')!r}", True
        for index, field in enumerate(schema.get("fields", [])):
            where = f"{pointer}/fields/{index}"
            if isinstance(field, dict):
                if not field.get("doc"):
                    yield where, f"field {field.get('name')!r} of {schema.get('name')!r}", False
                yield from _avro_undocumented(field.get("type"), f"{where}/type", seen)
    elif kind == "array":
        yield from _avro_undocumented(schema.get("items"), f"{pointer}/items", seen)
    elif kind == "map":
        yield from _avro_undocumented(schema.get("values"), f"{pointer}/values", seen)
    elif isinstance(kind, dict | list):
        yield from _avro_undocumented(kind, f"{pointer}/type", seen)


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

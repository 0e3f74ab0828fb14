"""An Avro model written back as one self-contained JSON document (Confluent's "dereferenced"
schema): each named type is defined where it is first met, in document order, and named after
that, so the names shared types bring in are defined inline exactly once.

Everything else is written as the schema's author wrote it (docs, defaults, logical types,
custom properties), and each named type gets an explicit `namespace`, so moving a definition
out of the shared type's file into the using schema cannot change the names it defines.
"""

from __future__ import annotations

from typing import Any

from generator.catalog._avro_model import NAMED, AvroNode, AvroSchema


def dereferenced(schema: AvroSchema) -> Any:
    """The schema as one JSON value a parser reads with no references (the document itself
    when it uses none)."""
    if not schema.uses:
        return schema.document
    return _write(schema.root, set())


def _write(node: AvroNode, written: set[int]) -> Any:
    kind = node.kind
    if kind in NAMED:
        if id(node) in written:
            return node.fullname
        written.add(id(node))
        out = {"type": node.source["type"], "name": node.name, "namespace": node.namespace or ""}
        out.update((key, value) for key, value in node.source.items()
                   if key not in ("type", "name", "namespace", "fields"))
        if kind == "record":
            out["fields"] = [{**field.source, "type": _write(field.type, written)}
                             for field in node.fields]
        return out
    if kind == "union":
        return [_write(branch, written) for branch in node.branches]
    if kind in ("array", "map"):
        member = "items" if kind == "array" else "values"
        inner = node.items if kind == "array" else node.values
        return {**node.source, member: _write(inner, written)}
    return node.source  # a primitive, as a name or an object with its properties

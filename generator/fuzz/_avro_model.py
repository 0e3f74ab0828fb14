"""A small resolved view of an Avro schema for the fuzzer: names expanded, references linked.

The catalog has already validated the schema; this module only needs a graph it can walk:
named references point at the same `Node`, so recursive types are cycles, and every node keeps
the JSON pointer of its definition for findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
NAMED = ("record", "error", "enum", "fixed")
MISSING: Any = object()  # a field without a default

# (underlying type, logical type) pairs whose values are converted to Python objects; any other
# logical type, or an invalid one, is ignored as the specification says.
LOGICAL = {
    ("string", "uuid"),
    ("int", "date"),
    ("int", "time-millis"),
    ("long", "time-micros"),
    ("long", "timestamp-millis"),
    ("long", "timestamp-micros"),
    ("long", "local-timestamp-millis"),
    ("long", "local-timestamp-micros"),
    ("bytes", "decimal"),
    ("fixed", "decimal"),
}


class AvroSchemaError(ValueError):
    """The schema cannot be fuzzed (it is not valid Avro, or has no finite values)."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer


@dataclass(eq=False)
class FieldNode:
    name: str
    type: Node
    default: Any
    aliases: tuple[str, ...]
    pointer: str

    @property
    def has_default(self) -> bool:
        return self.default is not MISSING


@dataclass(eq=False)
class Node:
    kind: str  # a primitive name, "record", "enum", "array", "map", "fixed" or "union"
    pointer: str
    logical: str | None = None
    name: str | None = None  # full name of a named type
    aliases: tuple[str, ...] = ()
    fields: list[FieldNode] = field(default_factory=list)
    symbols: tuple[str, ...] = ()
    enum_default: str | None = None
    items: Node | None = None  # array items, map values
    size: int = 0
    branches: list[Node] = field(default_factory=list)
    precision: int = 0
    scale: int = 0

    @property
    def short_name(self) -> str:
        return (self.name or self.kind).rsplit(".", 1)[-1]

    @property
    def branch_name(self) -> str:
        """The name fastavro's tuple notation uses to pick this schema in a union."""
        return self.name if self.name is not None else self.kind

    def describe(self) -> str:
        if self.name is not None:
            return f"{self.kind} {self.name}"
        if self.logical is not None:
            return f"{self.kind} ({self.logical})"
        return self.kind


def _full_name(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def _namespace_of(full: str) -> str | None:
    return full.rsplit(".", 1)[0] if "." in full else None


def _max_decimal_precision(size: int) -> int:
    return len(str(2 ** (8 * size - 1) - 1)) - 1


class _Parser:
    def __init__(self) -> None:
        self.names: dict[str, Node] = {}

    def parse(self, schema: Any, namespace: str | None, pointer: str) -> Node:
        if isinstance(schema, str):
            return self._reference(schema, namespace, pointer)
        if isinstance(schema, list):
            node = Node("union", pointer)
            node.branches = [self.parse(item, namespace, f"{pointer}/{i}")
                             for i, item in enumerate(schema)]
            return node
        if not isinstance(schema, dict) or "type" not in schema:
            raise AvroSchemaError(f"not an Avro schema: {schema!r}", pointer)
        kind = schema["type"]
        if isinstance(kind, (dict, list)):  # {"type": {"type": "int"}} is the nested schema
            return self.parse(kind, namespace, f"{pointer}/type")
        if kind in PRIMITIVES:
            node = Node(kind, pointer)
            self._logical(node, schema)
            return node
        if kind in NAMED:
            return self._named("record" if kind == "error" else kind, schema, namespace, pointer)
        if kind == "array":
            return Node("array", pointer,
                        items=self.parse(schema.get("items"), namespace, f"{pointer}/items"))
        if kind == "map":
            return Node("map", pointer,
                        items=self.parse(schema.get("values"), namespace, f"{pointer}/values"))
        if isinstance(kind, str):
            return self._reference(kind, namespace, f"{pointer}/type")
        raise AvroSchemaError(f"unknown Avro type {kind!r}", pointer)

    def _reference(self, name: str, namespace: str | None, pointer: str) -> Node:
        if name in PRIMITIVES:
            return Node(name, pointer)
        for candidate in (_full_name(name, namespace), name):
            if candidate in self.names:
                return self.names[candidate]
        raise AvroSchemaError(f"unknown type name {name!r}", pointer)

    def _named(self, kind: str, schema: dict[str, Any], namespace: str | None,
               pointer: str) -> Node:
        raw_name = schema.get("name")
        if not isinstance(raw_name, str):
            raise AvroSchemaError(f"a {kind} needs a name", pointer)
        space = schema.get("namespace") if isinstance(schema.get("namespace"), str) else namespace
        full = _full_name(raw_name, space or None)
        own_space = _namespace_of(full)
        aliases = tuple(_full_name(a, own_space) for a in schema.get("aliases", ()) or ()
                        if isinstance(a, str))
        node = Node(kind, pointer, name=full, aliases=aliases)
        self.names[full] = node  # before the fields: a record may refer to itself
        if kind == "record":
            for i, raw in enumerate(schema.get("fields", ())):
                fpointer = f"{pointer}/fields/{i}"
                ftype = self.parse(raw.get("type"), own_space, f"{fpointer}/type")
                node.fields.append(FieldNode(
                    str(raw.get("name")), ftype, raw.get("default", MISSING),
                    tuple(a for a in raw.get("aliases", ()) or () if isinstance(a, str)),
                    fpointer))
        elif kind == "enum":
            node.symbols = tuple(schema.get("symbols", ()))
            default = schema.get("default")
            node.enum_default = default if isinstance(default, str) else None
        else:
            size = schema.get("size")
            if not isinstance(size, int) or size < 0:
                raise AvroSchemaError("a fixed needs a non-negative size", pointer)
            node.size = size
            self._logical(node, schema)
        return node

    def _logical(self, node: Node, schema: dict[str, Any]) -> None:
        logical = schema.get("logicalType")
        if not isinstance(logical, str) or (node.kind, logical) not in LOGICAL:
            return
        if logical == "decimal":
            precision, scale = schema.get("precision"), schema.get("scale", 0)
            if not isinstance(precision, int) or not isinstance(scale, int) or precision < 1:
                return
            if not 0 <= scale <= precision:
                return
            if node.kind == "fixed" and precision > _max_decimal_precision(node.size):
                return
            node.precision, node.scale = precision, scale
        node.logical = logical


def parse_avro(schema: Any) -> Node:
    """Parse a JSON value (already validated as Avro) into a linked `Node` graph."""
    return _Parser().parse(schema, None, "")

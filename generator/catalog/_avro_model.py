"""The one Avro schema model every stage uses: a parsed schema as a graph of nodes.

Named types are nodes shared by every reference, so a recursive schema is a cyclic graph and
stages can memoise by identity; other schemas get one node per occurrence. Every node and field
keeps its JSON pointer, for findings. generator.catalog._avro_parse builds it, as Java Avro 1.11
parses (what Confluent Schema Registry runs).
"""

from __future__ import annotations

import unicodedata
from typing import Any, TypeGuard

from generator.catalog._avro_defaults import NO_DATUM
from generator.errors import ContractsError

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED = frozenset({"record", "enum", "fixed"})
# Java 1.11's logical types: name -> the physical types it may annotate. Anything else is
# ignored (uuid on fixed and timestamp-nanos came with 1.12).
LOGICAL_TYPES = {
    "decimal": ("bytes", "fixed"),
    "uuid": ("string",),
    "date": ("int",),
    "time-millis": ("int",),
    "time-micros": ("long",),
    "timestamp-millis": ("long",),
    "timestamp-micros": ("long",),
    "local-timestamp-millis": ("long",),
    "local-timestamp-micros": ("long",),
}


class AvroSchemaError(ContractsError):
    """Not a schema Java's parser takes: `pointer` says where, `reason` what is wrong."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"invalid Avro schema at {pointer or '/'}: {reason}")
        self.pointer = pointer
        self.reason = reason


class AvroField:
    """A record field. `default` is the JSON value as written, `datum` the value a reader fills
    in (bytes for bytes and fixed, every field of a record, ...); `default_problem` says why the
    specification forbids a default Java accepts (then `datum` is the reader's value or
    NO_DATUM when Java cannot build one)."""

    __slots__ = ("aliases", "datum", "default", "default_problem", "doc", "has_default", "index",
                 "name", "order", "ptr", "source", "type", "type_ptr")

    def __init__(self, name: str, index: int, ptr: str, source: dict[str, Any]) -> None:
        self.name = name
        self.source = source  # the field's JSON object as written
        self.index = index
        self.ptr = ptr
        self.type_ptr = ptr + "/type"
        self.type: AvroNode
        self.aliases: tuple[str, ...] = ()
        self.doc: str | None = None
        self.order = "ascending"
        self.has_default = False
        self.default: Any = None
        self.datum: Any = NO_DATUM
        self.default_problem: str | None = None


class AvroNode:
    """One schema. `kind` is a primitive name, "record", "enum", "fixed", "array", "map" or
    "union"; the other slots are set for the kinds that have them."""

    __slots__ = (
        "aliases", "branch_ptrs", "branches", "default", "doc", "fields", "fields_by_name",
        "fullname", "is_error", "items", "items_ptr", "kind", "logical", "name", "namespace",
        "precision", "ptr", "scale", "size", "source", "symbol_set", "symbols", "values",
        "values_ptr",
    )

    def __init__(self, kind: str, ptr: str, source: Any) -> None:
        self.kind = kind
        self.ptr = ptr
        self.source = source  # the JSON value it was parsed from (a named type's definition)
        self.logical: str | None = None  # a valid Java 1.11 logical type, else None
        self.precision = 0  # decimal
        self.scale = 0
        # Named types
        self.name: str  # short name
        self.fullname: str
        self.namespace: str | None
        self.aliases: tuple[str, ...]  # full names
        self.doc: str | None
        self.is_error: bool
        self.fields: list[AvroField]
        self.fields_by_name: dict[str, AvroField]
        self.symbols: list[str]
        self.symbol_set: frozenset[str]
        self.default: str | None  # the enum's default symbol
        self.size: int
        # Containers
        self.items: AvroNode
        self.items_ptr: str
        self.values: AvroNode
        self.values_ptr: str
        self.branches: list[AvroNode]
        self.branch_ptrs: list[str]

    @property
    def key(self) -> str:
        """What tells union branches apart: a named type's full name, else the kind."""
        return self.fullname if self.kind in NAMED else self.kind

    def describe(self) -> str:
        if self.kind in NAMED:
            return f"{self.kind} {self.fullname}"
        return f"{self.kind} ({self.logical})" if self.logical else self.kind


class AvroSchema:
    """A parsed schema: its root, the JSON document, the named types it defines (in definition
    order), and where it uses named types defined elsewhere (its references): (pointer of the
    use, the node), in document order."""

    __slots__ = ("document", "names", "root", "uses")

    def __init__(self, root: AvroNode, document: Any, names: dict[str, AvroNode],
                 uses: tuple[tuple[str, AvroNode], ...] = ()) -> None:
        self.root = root
        self.document = document
        self.names = names
        self.uses = uses


def is_valid_name(name: Any) -> TypeGuard[str]:
    """Java Avro's name check: a letter or `_`, then letters, digits or `_` (UTF-16 units)."""
    if not isinstance(name, str) or not name:
        return False
    for index, char in enumerate(name):
        if char == "_":
            continue
        if ord(char) > 0xFFFF:
            return False  # a surrogate pair in Java: neither half is a letter
        category = unicodedata.category(char)
        if not (category.startswith("L") or (index and category == "Nd")):
            return False
    return True


def split_name(name: str, namespace: str | None) -> tuple[str, str | None]:
    """(short name, namespace) of `name` in `namespace`, as Java's Name: a dotted name brings
    its own namespace, and the empty namespace is the null one."""
    if "." in name:
        namespace, _, name = name.rpartition(".")
    return name, namespace or None


def full_name(name: str, namespace: str | None) -> str:
    short, space = split_name(name, namespace)
    return f"{space}.{short}" if space else short


"""Avro schema -> an intermediate model of Python classes, fields and types.

The schema is read by the catalog's one Avro model (`generator.catalog.parse_avro`: Java 1.11's
parser, so full names, valid logical types and field defaults are what the registry sees); this
module adds the Python half. It decides every Python name once (stable, collision-free,
keyword-safe) so that the renderer only has to print. Names are derived from the schema alone,
in schema order, so the same schema always gives the same names.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from generator.catalog import (
    NAMED_AVRO_TYPES,
    NO_DATUM,
    AvroNode,
    AvroSchemaError,
    parsed_avro,
)
from generator.errors import ContractsError

# Java 1.11's logical types (the catalog keeps only valid ones) -> Python annotation
LOGICAL = {
    "uuid": "_uuid.UUID",
    "timestamp-millis": "_dt.datetime",
    "timestamp-micros": "_dt.datetime",
    "local-timestamp-millis": "_dt.datetime",
    "local-timestamp-micros": "_dt.datetime",
    "date": "_dt.date",
    "time-millis": "_dt.time",
    "time-micros": "_dt.time",
    "decimal": "_decimal.Decimal",
}
PRIMITIVE_ANNOTATION = {
    "null": "None", "boolean": "bool", "int": "int", "long": "int", "float": "float",
    "double": "float", "bytes": "bytes", "string": "str",
}

# Names the generated module uses itself: no class may take them.
RESERVED_MODULE_NAMES = frozenset({
    "SCHEMA", "SCHEMA_TYPE", "EVENT_TYPE", "EVENT_VERSION", "CONTRACT", "TOPIC", "SUBJECT",
    "KEY_PATH", "PARSED_SCHEMA", "READ_SCHEMA", "Event", "Payload", "annotations",
    "object", "dict", "list", "str", "int", "float", "bool", "bytes", "tuple", "type",
    "isinstance", "len", "super", "classmethod", "staticmethod", "property", "ValueError",
    "TypeError", "KeyError", "_runtime", "_new", "_read_uuid", "_read_millis", "_read_micros",
})
# Builtins the annotations use: a field of that name would shadow them in the class body.
ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object"})
# Methods on the generated classes: a field may not shadow them.
RESERVED_MEMBERS = frozenset({
    "to_avro", "from_avro", "to_wire", "from_wire", "to_dict", "from_dict", "to_json",
    "from_json",
})
# Enum member names that would shadow what the class body uses: Enum's own, and the codec
# methods and their annotations' builtins (a top-level enum is the event class).
ENUM_RESERVED = frozenset({"name", "value", "mro"}) | RESERVED_MEMBERS | ANNOTATION_BUILTINS


@dataclass(frozen=True)
class TypeNode:
    """One Avro type as the generated code sees it."""

    kind: str  # Avro primitive, logical type, "record", "enum", "fixed", "array", "map", "union"
    ref: str | None = None  # full name of a named type
    items: TypeNode | None = None  # array items / map values
    branches: tuple[TypeNode, ...] = ()
    branch_name: str = ""  # name used for the union branch (full name, or the Avro type)
    scale: int = 0  # decimal scale
    precision: int = 0  # decimal precision


@dataclass
class FieldModel:
    wire: str  # name on the wire
    name: str  # Python attribute name
    type: TypeNode
    has_default: bool  # with a value a reader fills in
    datum: Any  # that value, as the catalog interprets it (physical: logical types not applied)
    doc: str | None


@dataclass
class RecordModel:
    fullname: str
    name: str  # Python class name
    fields: list[FieldModel] = field(default_factory=list)
    doc: str | None = None


@dataclass
class EnumModel:
    fullname: str
    name: str
    symbols: list[tuple[str, str]]  # (Python member name, symbol)
    default: str | None
    doc: str | None


@dataclass
class FixedModel:
    fullname: str
    name: str
    size: int


@dataclass
class AvroModel:
    top: RecordModel | None  # the top-level record; None when the schema's top is another type
    records: list[RecordModel]  # in definition order, top first
    enums: list[EnumModel]
    fixeds: list[FixedModel]
    by_fullname: dict[str, RecordModel | EnumModel | FixedModel]
    # The schema's top-level type, whatever it is (a record, an enum, a fixed, an array, a map,
    # a union, a primitive); None means the record `top`.
    top_type: TypeNode | None = None

    def record(self, fullname: str) -> RecordModel:
        found = self.by_fullname[fullname]
        assert isinstance(found, RecordModel)
        return found

    def class_name(self, fullname: str) -> str:
        return self.by_fullname[fullname].name


_NON_IDENT = re.compile(r"[^0-9A-Za-z_]")


def python_identifier(wire: str, taken: set[str], reserved: frozenset[str] = frozenset()) -> str:
    """A safe, unique Python name for `wire`: keywords get `_`, invalid characters `_`."""
    name = wire
    if not name.isidentifier() or not name.isascii():
        name = _NON_IDENT.sub("_", name) or "field"
        if name[0].isdigit():
            name = f"field_{name}"
    if keyword.iskeyword(name):
        name += "_"
    if name.startswith("__"):
        name = "f" + name
    while name in taken or name in reserved:
        name += "_"
    taken.add(name)
    return name


def _camel(part: str) -> str:
    return part[:1].upper() + part[1:]


class _Builder:
    """Python names and type nodes for the catalog's parsed schema (its one Avro model)."""

    def __init__(self, where: str | None) -> None:
        self.where = where
        self.records: list[RecordModel] = []
        self.enums: list[EnumModel] = []
        self.fixeds: list[FixedModel] = []
        self.by_fullname: dict[str, RecordModel | EnumModel | FixedModel] = {}
        self.class_names: set[str] = set()

    def _class_name(self, fullname: str, top: bool) -> str:
        short = fullname.rsplit(".", 1)[-1]
        candidates = [short]
        if not top:
            parts = fullname.split(".")
            candidates.append("".join(_camel(p) for p in parts))
        for candidate in candidates:
            name = candidate
            if keyword.iskeyword(name):
                name += "_"
            if name in RESERVED_MODULE_NAMES:
                name += "_"
            if name not in self.class_names:
                self.class_names.add(name)
                return name
        base, number = candidates[-1], 2
        while f"{base}{number}" in self.class_names:
            number += 1
        self.class_names.add(f"{base}{number}")
        return f"{base}{number}"

    def define(self, node: AvroNode, top: bool) -> None:
        """The class of one named type: names are taken in definition order, as written."""
        if node.kind == "record":
            record = RecordModel(node.fullname, self._class_name(node.fullname, top), doc=node.doc)
            self.records.append(record)
            self.by_fullname[node.fullname] = record
        elif node.kind == "enum":
            taken: set[str] = set()
            members = [(python_identifier(s if not s.startswith("_") else f"M{s}", taken,
                                          ENUM_RESERVED), s) for s in node.symbols]
            enum = EnumModel(node.fullname, self._class_name(node.fullname, False), members,
                             node.default, node.doc)
            self.enums.append(enum)
            self.by_fullname[node.fullname] = enum
        else:
            fixed = FixedModel(node.fullname, node.name, node.size)
            self.fixeds.append(fixed)
            self.by_fullname[node.fullname] = fixed

    def type_of(self, node: AvroNode) -> TypeNode:
        kind = node.kind
        if kind == "union":
            branches = tuple(self.type_of(b) for b in node.branches)
            if not branches:
                raise ContractsError("an empty Avro union has no values", self.where)
            return branches[0] if len(branches) == 1 else TypeNode("union", branches=branches)
        if kind in ("array", "map"):
            inner = node.items if kind == "array" else node.values
            return TypeNode(kind, items=self.type_of(inner), branch_name=kind)
        named = kind in NAMED_AVRO_TYPES
        ref = node.fullname if named else None
        branch = node.fullname if named else kind
        if node.logical:  # only the logical types Java 1.11 takes; others stay physical
            return TypeNode(node.logical, ref=ref, branch_name=branch, scale=node.scale,
                            precision=node.precision)
        return TypeNode(kind, ref=ref, branch_name=branch)

    def fields(self, node: AvroNode) -> None:
        record = self.by_fullname[node.fullname]
        assert isinstance(record, RecordModel)
        for item in node.fields:
            # A default Java keeps but cannot fill in (an enum default that is no symbol: lint
            # says AVRO_DEFAULT) leaves the field without a default.
            record.fields.append(FieldModel(item.name, "", self.type_of(item.type),
                                            item.has_default and item.datum is not NO_DATUM,
                                            item.datum, item.doc))


def build_model(schema: Any, where: str | None = None) -> AvroModel:
    """The class model of one Avro schema (any top-level type), from the catalog's parse."""
    try:
        parsed = parsed_avro(schema)
    except AvroSchemaError as error:
        raise ContractsError(str(error), where) from None
    builder = _Builder(where)
    for node in parsed.names.values():
        builder.define(node, top=node is parsed.root)
    for node in parsed.names.values():
        if node.kind == "record":
            builder.fields(node)
    top = builder.type_of(parsed.root)
    record = builder.by_fullname[top.ref] if top.kind == "record" and top.ref else None
    assert record is None or isinstance(record, RecordModel)
    reserved_base = (RESERVED_MEMBERS | builder.class_names | ANNOTATION_BUILTINS
                     | {"_dt", "_uuid", "_decimal", "_dc", "_enum", "_Any"})
    for each in builder.records:
        # Valid identifiers claim their own names first, so renamed fields never steal them.
        plain = {f.wire for f in each.fields if f.wire.isidentifier() and f.wire.isascii()
                 and not keyword.iskeyword(f.wire) and f.wire not in reserved_base}
        taken: set[str] = set()
        for item in each.fields:
            reserved = reserved_base if item.wire in plain else reserved_base | plain
            item.name = python_identifier(item.wire, taken, frozenset(reserved))
    return AvroModel(record, builder.records, builder.enums, builder.fixeds, builder.by_fullname,
                     top)

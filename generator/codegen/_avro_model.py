"""Avro schema -> an intermediate model of Python classes, fields and types.

The model decides every Python name once (stable, collision-free, keyword-safe) so that the
renderer only has to print. Names are derived from the schema alone, in schema order, so the
same schema always gives the same names.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import ContractsError

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
NAMED = ("record", "error", "enum", "fixed")

# logicalType -> (underlying Avro types it may annotate, Python annotation)
LOGICAL = {
    "uuid": (("string", "fixed"), "_uuid.UUID"),
    "timestamp-millis": (("long",), "_dt.datetime"),
    "timestamp-micros": (("long",), "_dt.datetime"),
    "local-timestamp-millis": (("long",), "_dt.datetime"),
    "local-timestamp-micros": (("long",), "_dt.datetime"),
    "date": (("int",), "_dt.date"),
    "time-millis": (("int",), "_dt.time"),
    "time-micros": (("long",), "_dt.time"),
    "decimal": (("bytes", "fixed"), "_decimal.Decimal"),
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
    has_default: bool
    default: Any
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


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _camel(part: str) -> str:
    return part[:1].upper() + part[1:]


class _Builder:
    def __init__(self, schema: Any, where: str | None) -> None:
        self.where = where
        self.records: list[RecordModel] = []
        self.enums: list[EnumModel] = []
        self.fixeds: list[FixedModel] = []
        self.by_fullname: dict[str, RecordModel | EnumModel | FixedModel] = {}
        self.class_names: set[str] = set()
        self.pending_fields: list[tuple[RecordModel, list[Any], str]] = []
        self.schema = schema

    def fail(self, message: str) -> ContractsError:
        return ContractsError(message, self.where)

    # -- names -------------------------------------------------------------------------------
    def _fullname(self, name: str, namespace: str) -> tuple[str, str]:
        if "." in name:
            return name, name.rsplit(".", 1)[0]
        return (f"{namespace}.{name}" if namespace else name), namespace

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

    # -- types -------------------------------------------------------------------------------
    def type_of(self, schema: Any, namespace: str, top: bool = False) -> TypeNode:
        if isinstance(schema, str):
            if schema in PRIMITIVES:
                return TypeNode(schema, branch_name=schema)
            fullname = schema if "." in schema else (
                f"{namespace}.{schema}" if namespace and f"{namespace}.{schema}"
                in self.by_fullname else schema)
            found = self.by_fullname.get(fullname) or self.by_fullname.get(schema)
            if found is None:
                raise self.fail(f"unknown Avro type {schema!r}")
            kind = {RecordModel: "record", EnumModel: "enum", FixedModel: "fixed"}[type(found)]
            return TypeNode(kind, ref=found.fullname, branch_name=found.fullname)
        if isinstance(schema, list):
            branches = tuple(self.type_of(b, namespace) for b in schema)
            if not branches:
                raise self.fail("empty Avro union")
            if len(branches) == 1:
                return branches[0]
            return TypeNode("union", branches=branches)
        if not isinstance(schema, dict) or "type" not in schema:
            raise self.fail(f"not an Avro schema: {schema!r}")
        kind = schema["type"]
        logical = schema.get("logicalType")
        if isinstance(kind, (list, dict)):
            return self.type_of(kind, namespace)
        if kind in ("record", "error"):
            return self._record(schema, namespace, top)
        if kind == "enum":
            return self._enum(schema, namespace)
        if kind == "fixed":
            node = self._fixed(schema, namespace)
            if logical in LOGICAL and "fixed" in LOGICAL[logical][0]:
                return TypeNode(logical, ref=node.ref, branch_name=node.branch_name,
                                scale=_int(schema.get("scale")),
                                precision=_int(schema.get("precision")))
            return node
        if kind == "array":
            return TypeNode("array", items=self.type_of(schema.get("items"), namespace),
                            branch_name="array")
        if kind == "map":
            return TypeNode("map", items=self.type_of(schema.get("values"), namespace),
                            branch_name="map")
        if kind in PRIMITIVES:
            if logical in LOGICAL and kind in LOGICAL[logical][0]:
                return TypeNode(logical, branch_name=kind, scale=_int(schema.get("scale")),
                                precision=_int(schema.get("precision")))
            return TypeNode(kind, branch_name=kind)
        return self.type_of(kind, namespace)

    def _named(self, schema: dict[str, Any], namespace: str) -> tuple[str, str]:
        name = schema.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail(f"Avro {schema.get('type')} without a name")
        ns = schema.get("namespace")
        if isinstance(ns, str) and "." not in name:
            namespace = ns
        fullname, namespace = self._fullname(name, namespace)
        if fullname in self.by_fullname:
            raise self.fail(f"Avro name {fullname!r} is defined twice")
        return fullname, namespace

    def _record(self, schema: dict[str, Any], namespace: str, top: bool) -> TypeNode:
        fullname, namespace = self._named(schema, namespace)
        record = RecordModel(fullname, self._class_name(fullname, top), doc=schema.get("doc"))
        self.by_fullname[fullname] = record
        self.records.append(record)
        fields = schema.get("fields")
        if not isinstance(fields, list):
            raise self.fail(f"record {fullname} has no fields list")
        for raw in fields:
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise self.fail(f"record {fullname} has a field without a name")
            node = self.type_of(raw.get("type"), namespace)
            record.fields.append(FieldModel(raw["name"], "", node, "default" in raw,
                                            raw.get("default"), raw.get("doc")))
        return TypeNode("record", ref=fullname, branch_name=fullname)

    def _enum(self, schema: dict[str, Any], namespace: str) -> TypeNode:
        fullname, _ = self._named(schema, namespace)
        symbols = schema.get("symbols")
        if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
            raise self.fail(f"enum {fullname} needs a list of symbols")
        taken: set[str] = set()
        members = []
        for symbol in symbols:
            member = symbol if not symbol.startswith("_") else f"M{symbol}"
            members.append((python_identifier(member, taken, ENUM_RESERVED),
                            symbol))
        default = schema.get("default")
        enum = EnumModel(fullname, self._class_name(fullname, False), members,
                         default if isinstance(default, str) else None, schema.get("doc"))
        self.by_fullname[fullname] = enum
        self.enums.append(enum)
        return TypeNode("enum", ref=fullname, branch_name=fullname)

    def _fixed(self, schema: dict[str, Any], namespace: str) -> TypeNode:
        fullname, _ = self._named(schema, namespace)
        fixed = FixedModel(fullname, fullname.rsplit(".", 1)[-1], int(schema.get("size", 0)))
        self.by_fullname[fullname] = fixed
        self.fixeds.append(fixed)
        return TypeNode("fixed", ref=fullname, branch_name=fullname)


def build_model(schema: Any, where: str | None = None) -> AvroModel:
    """The class model of one Avro schema (any top-level type)."""
    builder = _Builder(schema, where)
    top = builder.type_of(schema, "", top=True)
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

"""Avro schemas parsed into the catalog's model as Java Avro 1.11's `Schema.Parser` does, with
default validation (what Confluent Schema Registry runs): a schema parses here exactly when the
registry takes it.

- names: a letter or `_`, then letters, digits or `_` (Unicode letters and digits count); a
  full name's namespace part is not checked; a named type may not be called after a primitive;
  `"namespace": ""` is the null namespace and a namespace that is not a string is ignored;
- a type object's "type" is a string: a primitive, a complex kind, or a name already defined in
  the current namespace (then its other attributes are ignored); a string reference falls back
  to the null namespace; "error" is a record;
- aliases are a list of strings; a named type's aliases are valid names, relative to its own
  namespace; a field `order` is ascending, descending or ignore in any case;
- an invalid logical type is ignored: its physical type stands (`logical` is None);
- fixed sizes are non-negative 32-bit ints; enum symbols are valid, unique names; a top-level
  enum "default" that is a string must be a symbol (any other value is ignored);
- field defaults are validated and interpreted once (generator.catalog._avro_defaults).

Parsing stops at the first problem, as Java's does.
"""

from __future__ import annotations

import contextlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeGuard

from generator.catalog._avro_defaults import interpret_default
from generator.catalog._avro_model import (
    LOGICAL_TYPES,
    PRIMITIVES,
    AvroField,
    AvroNode,
    AvroSchema,
    AvroSchemaError,
    full_name,
    is_valid_name,
    split_name,
)
from generator.catalog._read import MAX_DEPTH

Predefined = Mapping[str, AvroNode] | Callable[[str], AvroNode | None]
_ORDERS = frozenset({"ASCENDING", "DESCENDING", "IGNORE"})
_INT32 = 2**31


def parse_avro(document: Any, predefined: Predefined | None = None, *,
               validate_defaults: bool = True) -> AvroSchema:
    """Parse a JSON value as Java's parser does; `predefined` gives named types already parsed
    elsewhere (a schema's references), as a mapping or a lookup by full name. Raises
    AvroSchemaError at the first problem.

    Without `validate_defaults` an invalid default is kept with no datum, as Confluent parses
    schemas already registered (only a new one's defaults are validated)."""
    parser = _Parser(predefined, validate_defaults)
    try:
        root = parser.parse(document, "", None)
    except RecursionError:
        raise AvroSchemaError("", "the schema is nested too deeply") from None
    return AvroSchema(root, document, parser.defined, tuple(parser.uses))


def avro_problems(document: Any) -> list[tuple[str, str]]:
    """[(pointer, reason)] of the first problem, or [] for a valid schema."""
    try:
        parse_avro(document)
    except AvroSchemaError as error:
        return [(error.pointer, error.reason)]
    return []


class _Parser:
    def __init__(self, predefined: Predefined | None, validate_defaults: bool) -> None:
        self.validate_defaults = validate_defaults
        self.names: dict[str, AvroNode] = {}
        self.defined = self.names
        self.predefined: Callable[[str], AvroNode | None] = (
            predefined.get if isinstance(predefined, Mapping) else predefined or _nothing)
        self.uses: list[tuple[str, AvroNode]] = []
        self.unfinished: set[int] = set()  # records whose fields are being parsed

    def parse(self, schema: Any, ptr: str, namespace: str | None) -> AvroNode:
        # A fixed bound, not the interpreter's recursion limit: that limit is process-wide and
        # raised by whoever needs it, so whether a schema parses must not depend on it.
        if ptr.count("/") > MAX_DEPTH:
            raise AvroSchemaError("", f"the schema is nested too deeply (more than {MAX_DEPTH} "
                                      "levels)")
        if isinstance(schema, str):
            return self.reference(schema, ptr, namespace)
        if isinstance(schema, list):
            return self.union(schema, ptr, namespace)
        if not isinstance(schema, dict):
            raise AvroSchemaError(ptr, f"a schema is a type name, an object or a union list, "
                                       f"not {schema!r}")
        kind = schema.get("type")
        if not isinstance(kind, str):
            raise AvroSchemaError(f"{ptr}/type" if "type" in schema else ptr,
                                  "a schema object needs a \"type\" that is a string")
        if kind in PRIMITIVES:
            return self.logical(AvroNode(kind, ptr, schema), schema)
        if kind in ("record", "error", "enum", "fixed"):
            return self.named(schema, kind, ptr, namespace)
        if kind in ("array", "map"):
            return self.container(schema, kind, ptr, namespace)
        short, space = split_name(kind, namespace)
        _check_name(short, f"{ptr}/type")
        found = self.find(full_name(short, space), ptr)  # no null-namespace fallback, as Java
        if found is None:
            raise AvroSchemaError(f"{ptr}/type", f"unknown type {kind!r}")
        return found

    def reference(self, name: str, ptr: str, namespace: str | None) -> AvroNode:
        if name in PRIMITIVES:
            return AvroNode(name, ptr, name)
        short, space = split_name(name, namespace)
        _check_name(short, ptr)
        found = self.find(full_name(short, space), ptr) or self.find(full_name(name, None), ptr)
        if found is None:
            raise AvroSchemaError(ptr, f"unknown type {name!r}: not a primitive and not defined "
                                       "before")
        return found

    def find(self, fullname: str, ptr: str) -> AvroNode | None:
        found = self.names.get(fullname)
        if found is None:
            found = self.predefined(fullname)
            if found is not None:
                self.uses.append((ptr, found))
        return found

    def container(self, schema: dict[str, Any], kind: str, ptr: str,
                  namespace: str | None) -> AvroNode:
        member = "items" if kind == "array" else "values"
        if member not in schema:
            raise AvroSchemaError(ptr, f"a{'n' if kind == 'array' else ''} {kind} needs "
                                       f"\"{member}\"")
        node = AvroNode(kind, ptr, schema)
        member_ptr = f"{ptr}/{member}"
        inner = self.parse(schema[member], member_ptr, namespace)
        if kind == "array":
            node.items, node.items_ptr = inner, member_ptr
        else:
            node.values, node.values_ptr = inner, member_ptr
        return node

    def union(self, branches: list[Any], ptr: str, namespace: str | None) -> AvroNode:
        node = AvroNode("union", ptr, branches)
        node.branches = []
        node.branch_ptrs = []
        seen: set[str] = set()
        for index, branch in enumerate(branches):
            where = f"{ptr}/{index}"
            parsed = self.parse(branch, where, namespace)
            if parsed.kind == "union":
                raise AvroSchemaError(where, "a union may not directly contain another union")
            if parsed.key in seen:
                raise AvroSchemaError(where, f"the union holds {parsed.key!r} twice")
            seen.add(parsed.key)
            node.branches.append(parsed)
            node.branch_ptrs.append(where)
        return node

    def named(self, schema: dict[str, Any], kind: str, ptr: str,
              namespace: str | None) -> AvroNode:
        name = schema.get("name")
        if not isinstance(name, str):
            raise AvroSchemaError(ptr, f"a {kind} needs a \"name\" string")
        space = schema.get("namespace")
        short, space = split_name(name, space if isinstance(space, str) else namespace)
        _check_name(short, f"{ptr}/name")
        fullname = full_name(short, space)
        if fullname in PRIMITIVES:
            raise AvroSchemaError(f"{ptr}/name", f"a {kind} may not be named {fullname!r}, a "
                                                 "primitive")
        node = AvroNode("record" if kind == "error" else kind, ptr, schema)
        node.name, node.fullname, node.namespace = short, fullname, space
        node.is_error = kind == "error"
        node.doc = _text(schema.get("doc"))
        node.aliases = tuple(dict.fromkeys(
            full_name(alias, space) for alias in _aliases(schema, ptr, named=True)))
        if kind == "enum":
            _enum(node, schema, ptr)
        elif kind == "fixed":
            size = schema.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < _INT32:
                raise AvroSchemaError(f"{ptr}/size" if "size" in schema else ptr,
                                      "a fixed needs a \"size\" that is a non-negative 32-bit "
                                      "integer")
            node.size = size
            self.logical(node, schema)
        if fullname in self.names:
            raise AvroSchemaError(f"{ptr}/name", f"the name {fullname!r} is defined twice")
        self.names[fullname] = node  # before the fields: a record may refer to itself
        if node.kind == "record":
            self.record(node, schema, ptr, space)
        return node

    def record(self, node: AvroNode, schema: dict[str, Any], ptr: str,
               namespace: str | None) -> None:
        raw_fields = schema.get("fields")
        if not isinstance(raw_fields, list):
            raise AvroSchemaError(ptr, "a record needs a \"fields\" list")
        self.unfinished.add(id(node))
        fields: list[AvroField] = []
        by_name: dict[str, AvroField] = {}
        for index, raw in enumerate(raw_fields):
            where = f"{ptr}/fields/{index}"
            name = raw.get("name") if isinstance(raw, dict) else None
            if not isinstance(name, str) or not isinstance(raw, dict):
                raise AvroSchemaError(where, "a field needs a \"name\" string")
            _check_name(name, f"{where}/name")
            if "type" not in raw:
                raise AvroSchemaError(where, f"the field {name!r} has no \"type\"")
            field = AvroField(name, index, where, raw)
            field.type = self.parse(raw["type"], field.type_ptr, namespace)
            if "order" in raw:
                order = raw["order"]
                if not isinstance(order, str) or order.upper() not in _ORDERS:
                    raise AvroSchemaError(f"{where}/order", f"invalid order {order!r}: use "
                                                            "ascending, descending or ignore")
                field.order = order.lower()
            field.aliases = tuple(dict.fromkeys(_aliases(raw, where, named=False)))
            field.doc = _text(raw.get("doc"))
            if "default" in raw:
                field.has_default, field.default = True, raw["default"]
                interpreted = interpret_default(field.type, raw["default"], self.unfinished)
                error = interpreted.unreadable or (self.validate_defaults and interpreted.error)
                if error:
                    raise AvroSchemaError(f"{where}/default", f"invalid default for field "
                                                              f"{name!r}: {error}")
                field.datum, field.default_problem = interpreted.datum, interpreted.problem
            if name in by_name:
                raise AvroSchemaError(f"{where}/name", f"the field {name!r} appears twice")
            fields.append(field)
            by_name[name] = field
        node.fields, node.fields_by_name = fields, by_name
        self.unfinished.discard(id(node))

    @staticmethod
    def logical(node: AvroNode, schema: dict[str, Any]) -> AvroNode:
        logical = schema.get("logicalType")
        if not isinstance(logical, str) or node.kind not in LOGICAL_TYPES.get(logical, ()):
            return node
        if logical == "decimal":
            precision, scale = schema.get("precision"), schema.get("scale", 0)
            if not _is_int(precision) or not _is_int(scale) or not 0 <= scale <= precision:
                return node
            if precision < 1 or (node.kind == "fixed" and precision > _max_precision(node.size)):
                return node
            node.precision, node.scale = precision, scale
        node.logical = logical
        return node


def _nothing(_: str) -> None:
    return None


def _check_name(name: str, ptr: str) -> None:
    if not is_valid_name(name):
        raise AvroSchemaError(ptr, f"invalid name {name!r}: use letters, digits and _, not "
                                   "starting with a digit")


def _aliases(schema: dict[str, Any], ptr: str, named: bool) -> list[str]:
    if "aliases" not in schema:
        return []
    aliases = schema["aliases"]
    if not isinstance(aliases, list):
        raise AvroSchemaError(f"{ptr}/aliases", "\"aliases\" must be a list of strings")
    for index, alias in enumerate(aliases):
        if not isinstance(alias, str):
            raise AvroSchemaError(f"{ptr}/aliases/{index}", "an alias must be a string")
        if named:
            _check_name(split_name(alias, None)[0], f"{ptr}/aliases/{index}")
    return aliases


def _enum(node: AvroNode, schema: dict[str, Any], ptr: str) -> None:
    symbols = schema.get("symbols")
    if not isinstance(symbols, list):
        raise AvroSchemaError(ptr, "an enum needs a \"symbols\" list")
    seen: set[str] = set()
    for index, symbol in enumerate(symbols):
        if not is_valid_name(symbol):
            raise AvroSchemaError(f"{ptr}/symbols/{index}", f"invalid enum symbol {symbol!r}")
        if symbol in seen:
            raise AvroSchemaError(f"{ptr}/symbols/{index}", f"enum symbol {symbol!r} appears "
                                                            "twice")
        seen.add(symbol)
    default = schema.get("default")
    if isinstance(default, str) and default not in seen:
        raise AvroSchemaError(f"{ptr}/default",
                              f"the enum default {default!r} is not one of its symbols")
    node.symbols, node.symbol_set = symbols, frozenset(symbols)
    node.default = default if isinstance(default, str) else None  # Java ignores other values


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _max_precision(size: int) -> int:
    """The most decimal digits a two's-complement number of `size` bytes always holds."""
    return len(str(2 ** (8 * size - 1) - 1)) - 1 if size else 0


_CACHE: OrderedDict[tuple[str, bool], AvroSchema] = OrderedDict()
_CACHE_SIZE = 2048
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode
# The same object met again (a new schema checked against each of its predecessors, both ways):
# id -> (the object, a snapshot of its content, its parsed schema). Holding the object keeps
# its id from being reused; comparing it with the snapshot (`==`, in C) costs a tenth of
# encoding it again and catches any edit made in place since.
_RECENT: dict[tuple[int, bool], tuple[Any, Any, AvroSchema]] = {}
_RECENT_SIZE = 256


def parsed_avro(document: Any, *, validate_defaults: bool = True) -> AvroSchema:
    """`parse_avro` with a cache keyed by the document's content (never served stale after an
    edit in place). Parsed schemas are shared: treat them as read-only."""
    if isinstance(document, str):
        key = document
    else:
        recent = _RECENT.get((id(document), validate_defaults))
        if recent is not None and recent[0] is document and recent[1] == document:
            return recent[2]
        try:
            key = _ENCODE(document)
        except (TypeError, ValueError):
            raise AvroSchemaError("", "the schema is not a JSON value") from None
        except RecursionError:
            raise AvroSchemaError("", "the schema is nested too deeply") from None
    schema = _CACHE.get((key, validate_defaults))
    if schema is None:
        schema = parse_avro(document, validate_defaults=validate_defaults)
        _CACHE[key, validate_defaults] = schema
        if len(_CACHE) > _CACHE_SIZE:
            with contextlib.suppress(KeyError):  # another thread emptied it first
                _CACHE.popitem(last=False)
    if not isinstance(document, str):
        if len(_RECENT) >= _RECENT_SIZE:
            _RECENT.clear()  # cheap to refill; safe if threads share it
        _RECENT[id(document), validate_defaults] = (document, json.loads(key), schema)
    return schema

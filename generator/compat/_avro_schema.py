"""Avro schemas (parsed JSON values) compiled into a small graph the compatibility checker walks.

Named types are resolved once: every reference to a name is the same `Node`, so a recursive
schema is a cyclic graph and the checker can memoise (reader, writer) pairs by identity.
Non-named schemas get one node per occurrence, like `avro.schema` objects do. Each node and
field carries its JSON pointer, so findings can point into the document without building
strings while checking.

Parsing follows Java Avro's `Schema.Parser` (Apache Avro 1.11, what Confluent Schema Registry
runs): names are Java's (Unicode letters and digits; a namespace part is not checked), a
qualified name brings its own namespace, `"namespace": ""` is the null namespace and a namespace
that is not a string is ignored; a string reference falls back to the null namespace, an object
`{"type": "Name", ...}` refers to a named type of the current namespace whatever else it holds;
"error" is a record. Aliases of a named type are relative to its own namespace. Logical types
are read and dropped: schema resolution ignores them, as Avro's reference checker does (a
decimal's precision and scale included). Defaults are not validated here: the catalog validates
schemas first (generator.catalog).
"""

from __future__ import annotations

import contextlib
import json
import unicodedata
from collections import OrderedDict
from typing import Any, TypeGuard

from generator.catalog import MAX_DEPTH
from generator.errors import ContractsError

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED = frozenset({"record", "enum", "fixed"})
_ORDERS = ("ASCENDING", "DESCENDING", "IGNORE")


class Field:
    __slots__ = ("aliases", "has_default", "index", "name", "ptr", "type", "type_ptr")

    def __init__(self, name: str, index: int, ptr: str, has_default: bool,
                 aliases: tuple[str, ...]) -> None:
        self.name = name
        self.index = index
        self.ptr = ptr
        self.type_ptr = ptr + "/type"
        self.has_default = has_default
        self.aliases = aliases
        self.type: Node


class Node:
    """One schema: `kind` is a primitive type name, "record", "enum", "fixed", "array", "map" or
    "union"; the other slots are set for the kinds that have them."""

    __slots__ = (
        "aliases", "branch_ptrs", "branches", "default", "fields", "fields_by_name", "fullname",
        "items", "items_ptr", "kind", "name", "ptr", "size", "symbol_set", "symbols", "values",
        "values_ptr",
    )

    def __init__(self, kind: str, ptr: str) -> None:
        self.kind = kind
        self.ptr = ptr
        # Named types
        self.name: str
        self.fullname: str
        self.aliases: tuple[str, ...]
        self.fields: list[Field]
        self.fields_by_name: dict[str, Field]
        self.symbols: list[str]
        self.symbol_set: frozenset[str]
        self.default: object
        self.size: int
        # Containers
        self.items: Node
        self.items_ptr: str
        self.values: Node
        self.values_ptr: str
        self.branches: list[Node]
        self.branch_ptrs: list[str]


class Schema:
    """A compiled schema: its root node and the document it came from (to describe places)."""

    __slots__ = ("doc", "names", "root")

    def __init__(self, root: Node, doc: Any, names: dict[str, Node]) -> None:
        self.root = root
        self.doc = doc
        self.names = names


def _fail(message: str, ptr: str) -> ContractsError:
    return ContractsError(f"invalid Avro schema at {ptr or '/'}: {message}")


def _valid_name(name: Any) -> TypeGuard[str]:
    """Java Avro's name check: a letter or `_`, then letters, digits or `_` (UTF-16 units)."""
    if not isinstance(name, str) or not name:
        return False
    for index, char in enumerate(name):
        if char == "_":
            continue
        category = unicodedata.category(char) if ord(char) <= 0xFFFF else ""
        if not (category.startswith("L") or (index and category == "Nd")):
            return False
    return True


def _split(name: str, namespace: str | None) -> tuple[str, str | None]:
    """(short name, namespace) as Java's Name: a dotted name brings its own namespace, and the
    empty namespace is the null one."""
    if "." in name:
        namespace, _, name = name.rpartition(".")
    return name, namespace or None


def _fullname(name: str, namespace: str | None) -> str:
    short, space = _split(name, namespace)
    return f"{space}.{short}" if space else short


def _check_name(name: str, ptr: str) -> None:
    if not _valid_name(_split(name, None)[0]):
        raise _fail(f"{name!r} is not a valid Avro name", ptr)


def _aliases(data: dict[str, Any], ptr: str, namespace: str | None,
             named: bool) -> tuple[str, ...]:
    """The aliases, in order without repeats; a named type's as full names in its namespace."""
    aliases = data.get("aliases", ())
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        raise _fail("'aliases' must be a list of strings", ptr + "/aliases")
    if named:
        for alias in aliases:
            _check_name(alias, ptr + "/aliases")
        aliases = [_fullname(alias, namespace) for alias in aliases]
    return tuple(dict.fromkeys(aliases))


class _Compiler:
    def __init__(self) -> None:
        self.names: dict[str, Node] = {}

    def lookup(self, ref: str, namespace: str | None) -> Node | None:
        node = self.names.get(_fullname(ref, namespace))
        if node is None:
            node = self.names.get(_fullname(ref, None))  # the null namespace, as Java falls back
        return node

    def compile(self, data: Any, namespace: str | None, ptr: str) -> Node:
        # A fixed bound, not the interpreter's recursion limit: that limit is process-wide
        # and raised by whoever needs it, so a verdict must not depend on it.
        if ptr.count("/") > MAX_DEPTH:
            raise _fail(f"the schema is nested too deeply (more than {MAX_DEPTH} levels)", "")
        if isinstance(data, str):
            if data in PRIMITIVES:
                return Node(data, ptr)
            node = self.lookup(data, namespace)
            if node is None:
                raise _fail(f"unknown type {data!r}", ptr)
            return node
        if isinstance(data, list):
            return self.union(data, namespace, ptr)
        if isinstance(data, dict):
            return self.complex(data, namespace, ptr)
        raise _fail(f"a schema is a type name, an object or a union list, not {data!r}", ptr)

    def union(self, data: list[Any], namespace: str | None, ptr: str) -> Node:
        node = Node("union", ptr)
        branches: list[Node] = []
        seen: set[str] = set()
        for index, item in enumerate(data):
            branch_ptr = f"{ptr}/{index}"
            branch = self.compile(item, namespace, branch_ptr)
            if branch.kind == "union":
                raise _fail("a union cannot directly contain another union", branch_ptr)
            key = branch.fullname if branch.kind in NAMED else branch.kind
            if key in seen:
                raise _fail(f"the union already has a {key!r} branch", branch_ptr)
            seen.add(key)
            branches.append(branch)
        node.branches = branches
        node.branch_ptrs = [f"{ptr}/{index}" for index in range(len(branches))]
        return node

    def complex(self, data: dict[str, Any], namespace: str | None, ptr: str) -> Node:
        kind = data.get("type")
        if isinstance(kind, str):
            if kind in PRIMITIVES:
                return Node(kind, ptr)
            if kind in NAMED or kind == "error":
                return self.named("record" if kind == "error" else kind, data, namespace, ptr)
            if kind == "array":
                if "items" not in data:
                    raise _fail("an array needs 'items'", ptr)
                node = Node("array", ptr)
                node.items_ptr = ptr + "/items"
                node.items = self.compile(data["items"], namespace, node.items_ptr)
                return node
            if kind == "map":
                if "values" not in data:
                    raise _fail("a map needs 'values'", ptr)
                node = Node("map", ptr)
                node.values_ptr = ptr + "/values"
                node.values = self.compile(data["values"], namespace, node.values_ptr)
                return node
            # {"type": "com.acme.Name", "doc": ...}: Java's parser takes the named type (of the
            # current namespace only, no null-namespace fallback) and ignores the rest.
            referenced = self.names.get(_fullname(kind, namespace))
            if referenced is not None:
                return referenced
            raise _fail(f"unknown type {kind!r}", ptr + "/type")
        if kind is None:
            raise _fail("the object has no 'type'", ptr)
        raise _fail("'type' must be a type name", ptr + "/type")

    def named(self, kind: str, data: dict[str, Any], namespace: str | None, ptr: str) -> Node:
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise _fail(f"a {kind} needs a non-empty string 'name'", ptr)
        space = data.get("namespace")
        short, space = _split(name, space if isinstance(space, str) else namespace)
        fullname = f"{space}.{short}" if space else short
        _check_name(short, ptr + "/name")
        if fullname in PRIMITIVES:
            raise _fail(f"{short!r} is a primitive type and cannot be redefined", ptr + "/name")
        if fullname in self.names:
            raise _fail(f"the name {fullname!r} is already defined", ptr + "/name")
        node = Node(kind, ptr)
        node.name = short
        node.fullname = fullname
        node.aliases = _aliases(data, ptr, space, named=True)
        if kind == "fixed":
            size = data.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < 2**31:
                raise _fail("a fixed needs a non-negative integer 'size'", ptr + "/size")
            node.size = size
            self.names[fullname] = node
        elif kind == "enum":
            self.enum(node, data, ptr)
            self.names[fullname] = node
        else:
            self.names[fullname] = node  # before the fields: they may refer to the record
            self.record(node, data, space, ptr)
        return node

    def enum(self, node: Node, data: dict[str, Any], ptr: str) -> None:
        symbols = data.get("symbols")
        if not isinstance(symbols, list):
            raise _fail("an enum needs a list of 'symbols'", ptr + "/symbols")
        for index, symbol in enumerate(symbols):
            if not _valid_name(symbol):
                raise _fail(f"enum symbol {symbol!r} is not a valid Avro name",
                            f"{ptr}/symbols/{index}")
        node.symbols = symbols
        node.symbol_set = frozenset(symbols)
        if len(node.symbol_set) != len(symbols):
            raise _fail("enum symbols must be unique", ptr + "/symbols")
        default = data.get("default")
        if not isinstance(default, str):
            default = None  # Java reads the default as text and ignores anything else
        elif default not in node.symbol_set:
            raise _fail(f"enum default {default!r} is not one of its symbols", ptr + "/default")
        node.default = default

    def record(self, node: Node, data: dict[str, Any], namespace: str | None, ptr: str) -> None:
        fields_data = data.get("fields")
        if not isinstance(fields_data, list):
            raise _fail("a record needs a list of 'fields'", ptr + "/fields")
        fields: list[Field] = []
        by_name: dict[str, Field] = {}
        for index, field_data in enumerate(fields_data):
            field_ptr = f"{ptr}/fields/{index}"
            if not isinstance(field_data, dict):
                raise _fail("a field must be an object", field_ptr)
            name = field_data.get("name")
            if not _valid_name(name):
                raise _fail("a field needs a 'name' that is a valid Avro name", field_ptr)
            if name in by_name:
                raise _fail(f"field name {name!r} is used twice", field_ptr + "/name")
            if "type" not in field_data:
                raise _fail(f"field {name!r} has no 'type'", field_ptr)
            order = field_data.get("order")
            if "order" in field_data and (not isinstance(order, str)
                                          or order.upper() not in _ORDERS):
                raise _fail(f"field order {order!r} is not ascending, descending or ignore",
                            field_ptr + "/order")
            field = Field(name, index, field_ptr, "default" in field_data,
                          _aliases(field_data, field_ptr, None, named=False))
            field.type = self.compile(field_data["type"], namespace, field.type_ptr)
            fields.append(field)
            by_name[name] = field
        node.fields = fields
        node.fields_by_name = by_name


def compile_schema(data: Any) -> Schema:
    """Compile one parsed Avro schema; raises ContractsError when it is not a valid schema."""
    compiler = _Compiler()
    try:
        root = compiler.compile(data, None, "")
    except RecursionError:
        raise _fail("the schema is nested too deeply", "") from None
    return Schema(root, data, compiler.names)


_CACHE: OrderedDict[str, Schema] = OrderedDict()
_CACHE_SIZE = 2048
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode
# The same object met again (a new schema checked against each of its predecessors, both ways):
# id -> (the object, a snapshot of its content, its compiled schema). Holding the object keeps
# its id from being reused; comparing it with the snapshot (`==`, in C) costs a tenth of
# encoding it again and catches any edit made in place since.
_RECENT: dict[int, tuple[Any, Any, Schema]] = {}
_RECENT_SIZE = 256


def compiled(data: Any) -> Schema:
    """`compile_schema` with a cache keyed by the schema's content.

    Keys are content, not objects, so a schema edited in place is never served stale.
    """
    if isinstance(data, str):
        key = data
    else:
        recent = _RECENT.get(id(data))
        if recent is not None and recent[0] is data and recent[1] == data:
            return recent[2]
        try:
            key = _ENCODE(data)
        except (TypeError, ValueError):
            raise _fail("the schema is not a JSON value", "") from None
        except RecursionError:
            raise _fail("the schema is nested too deeply", "") from None
    schema = _CACHE.get(key)
    if schema is None:
        schema = compile_schema(data)
        _CACHE[key] = schema
        if len(_CACHE) > _CACHE_SIZE:
            with contextlib.suppress(KeyError):  # another thread emptied it first
                _CACHE.popitem(last=False)
    if not isinstance(data, str):
        if len(_RECENT) >= _RECENT_SIZE:
            _RECENT.clear()  # cheap to refill; safe if threads share it
        _RECENT[id(data)] = (data, json.loads(key), schema)
    return schema

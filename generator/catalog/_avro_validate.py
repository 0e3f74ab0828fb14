"""Avro schema validation as Java's `Schema.Parser` does it (defaults validated).

Confluent Schema Registry parses with the Java library (Apache Avro 1.11), so a schema is valid
exactly when that parser takes it. Its rules, some stricter and some laxer than the
specification's text:

- names: a letter or `_`, then letters, digits or `_` (Unicode letters and digits count); a
  full name's namespace part is not checked; a named type may not be called after a primitive;
  `"namespace": ""` is the null namespace and a namespace that is not a string is ignored;
- a type object's "type" is a string: a primitive, a complex kind, or a name already defined in
  the current namespace (then its other attributes are ignored); a string type falls back to
  the null namespace;
- aliases are a list of strings; a named type's aliases must be valid names; a field `order` is
  ascending, descending or ignore in any case;
- logical types are never an error (an invalid one is ignored);
- fixed sizes are non-negative 32-bit ints; enum symbols valid, unique names; a top-level enum
  "default" that is a string must be a symbol (any other value is ignored);
- a field default must match the field's type (a union: its first branch; enum and fixed: any
  string; float and double: any number, or a string Java reads as a number), and cannot build a
  record whose fields are still being defined.

Each problem comes with a JSON pointer into the schema document; parsing stops at the first, as
Java's does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeGuard

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
_ORDERS = frozenset({"ASCENDING", "DESCENDING", "IGNORE"})
_INT32 = 2**31
_INT64 = 2**63
# What Java's Double.valueOf reads (after trimming), for float and double defaults given as text.
_JAVA_DOUBLE = re.compile(
    r"[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
    r"|0[xX]([0-9a-fA-F]+\.?|[0-9a-fA-F]*\.[0-9a-fA-F]+)[pP][+-]?\d+)[fFdD]?)\Z")

Problem = tuple[str, str]  # (json pointer, message)


class _Invalid(Exception):
    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.problem = (pointer, message)


class _Type:
    """A parsed schema, enough to validate defaults: `fields` is None while the record's fields
    are still being parsed (Java's "fields not set yet")."""

    __slots__ = ("branches", "fields", "full", "items", "kind")

    def __init__(self, kind: str, full: str | None = None) -> None:
        self.kind = kind
        self.full = full
        self.items: _Type
        self.branches: list[_Type]
        self.fields: list[tuple[str, _Type, bool, Any]] | None = None


def avro_problems(schema: Any) -> list[Problem]:
    try:
        _Parser().parse(schema, "", None)
    except _Invalid as invalid:
        return [invalid.problem]
    except RecursionError:
        return [("", "the schema is nested too deeply")]
    return []


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


def _split(name: str, namespace: str | None) -> tuple[str, str | None]:
    """(short name, namespace) of `name` in `namespace`, as Java's Name: a dotted name brings its
    own namespace, and the empty namespace is the null one."""
    if "." in name:
        namespace, _, name = name.rpartition(".")
    return name, namespace or None


def _full(short: str, namespace: str | None) -> str:
    return f"{namespace}.{short}" if namespace else short


class _Parser:
    def __init__(self) -> None:
        self.names: dict[str, _Type] = {}

    def parse(self, schema: Any, pointer: str, namespace: str | None) -> _Type:
        if isinstance(schema, str):
            return self.reference(schema, pointer, namespace)
        if isinstance(schema, list):
            return self.union(schema, pointer, namespace)
        if not isinstance(schema, dict):
            raise _Invalid(pointer, f"a schema is a type name, an object or a union list, not "
                                    f"{schema!r}")
        kind = schema.get("type")
        if not isinstance(kind, str):
            raise _Invalid(f"{pointer}/type" if "type" in schema else pointer,
                           "a schema object needs a \"type\" that is a string")
        if kind in PRIMITIVES:
            return _Type(kind)
        if kind in ("record", "error", "enum", "fixed"):
            return self.named(schema, kind, pointer, namespace)
        if kind in ("array", "map"):
            member = "items" if kind == "array" else "values"
            if member not in schema:
                raise _Invalid(pointer, f"a{'n' if kind == 'array' else ''} {kind} needs "
                                        f"\"{member}\"")
            container = _Type(kind)
            container.items = self.parse(schema[member], f"{pointer}/{member}", namespace)
            return container
        short, space = _split(kind, namespace)
        self.check_name(short, f"{pointer}/type")
        found = self.names.get(_full(short, space))  # no null-namespace fallback here, as Java
        if found is None:
            raise _Invalid(f"{pointer}/type", f"unknown type {kind!r}")
        return found

    def reference(self, name: str, pointer: str, namespace: str | None) -> _Type:
        if name in PRIMITIVES:
            return _Type(name)
        short, space = _split(name, namespace)
        self.check_name(short, pointer)
        found = self.names.get(_full(short, space)) or self.names.get(_full(*_split(name, None)))
        if found is None:
            raise _Invalid(pointer, f"unknown type {name!r}: not a primitive and not defined "
                                    "before")
        return found

    @staticmethod
    def check_name(name: str, pointer: str) -> None:
        if not is_valid_name(name):
            raise _Invalid(pointer, f"invalid name {name!r}: use letters, digits and _, not "
                                    "starting with a digit")

    def union(self, branches: list[Any], pointer: str, namespace: str | None) -> _Type:
        union = _Type("union")
        union.branches = []
        seen: set[str] = set()
        for index, branch in enumerate(branches):
            where = f"{pointer}/{index}"
            parsed = self.parse(branch, where, namespace)
            if parsed.kind == "union":
                raise _Invalid(where, "a union may not directly contain another union")
            key = parsed.full or parsed.kind
            if key in seen:
                raise _Invalid(where, f"the union holds {key!r} twice")
            seen.add(key)
            union.branches.append(parsed)
        return union

    def named(self, schema: dict[str, Any], kind: str, pointer: str,
              namespace: str | None) -> _Type:
        name = schema.get("name")
        if not isinstance(name, str):
            raise _Invalid(pointer, f"a {kind} needs a \"name\" string")
        space = schema.get("namespace")
        short, space = _split(name, space if isinstance(space, str) else namespace)
        self.check_name(short, f"{pointer}/name")
        full = _full(short, space)
        if full in PRIMITIVES:
            raise _Invalid(f"{pointer}/name", f"a {kind} may not be named {full!r}, a primitive")
        self.aliases(schema, pointer, space, names=True)
        if kind == "enum":
            self.enum(schema, pointer)
        elif kind == "fixed":
            size = schema.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < _INT32:
                raise _Invalid(f"{pointer}/size" if "size" in schema else pointer,
                               "a fixed needs a \"size\" that is a non-negative 32-bit integer")
        parsed = _Type("record" if kind == "error" else kind, full)
        if full in self.names:
            raise _Invalid(f"{pointer}/name", f"the name {full!r} is defined twice")
        self.names[full] = parsed
        if kind in ("record", "error"):
            self.record(parsed, schema, pointer, space)
        return parsed

    def aliases(self, schema: dict[str, Any], pointer: str, namespace: str | None,
                names: bool) -> None:
        aliases = schema.get("aliases")
        if aliases is None and "aliases" not in schema:
            return
        if not isinstance(aliases, list):
            raise _Invalid(f"{pointer}/aliases", "\"aliases\" must be a list of strings")
        for index, alias in enumerate(aliases):
            if not isinstance(alias, str):
                raise _Invalid(f"{pointer}/aliases/{index}", "an alias must be a string")
            if names:
                self.check_name(_split(alias, namespace)[0], f"{pointer}/aliases/{index}")

    @staticmethod
    def enum(schema: dict[str, Any], pointer: str) -> None:
        symbols = schema.get("symbols")
        if not isinstance(symbols, list):
            raise _Invalid(pointer, "an enum needs a \"symbols\" list")
        seen: set[str] = set()
        for index, symbol in enumerate(symbols):
            if not is_valid_name(symbol):
                raise _Invalid(f"{pointer}/symbols/{index}", f"invalid enum symbol {symbol!r}")
            if symbol in seen:
                raise _Invalid(f"{pointer}/symbols/{index}", f"enum symbol {symbol!r} appears "
                                                             "twice")
            seen.add(symbol)
        default = schema.get("default")
        if isinstance(default, str) and default not in seen:
            raise _Invalid(f"{pointer}/default",
                           f"the enum default {default!r} is not one of its symbols")

    def record(self, parsed: _Type, schema: dict[str, Any], pointer: str,
               namespace: str | None) -> None:
        fields = schema.get("fields")
        if not isinstance(fields, list):
            raise _Invalid(pointer, "a record needs a \"fields\" list")
        done: list[tuple[str, _Type, bool, Any]] = []
        names: set[str] = set()
        for index, field in enumerate(fields):
            where = f"{pointer}/fields/{index}"
            name = field.get("name") if isinstance(field, dict) else None
            if not isinstance(name, str) or not isinstance(field, dict):
                raise _Invalid(where, "a field needs a \"name\" string")
            self.check_name(name, f"{where}/name")
            if "type" not in field:
                raise _Invalid(where, f"the field {name!r} has no \"type\"")
            field_type = self.parse(field["type"], f"{where}/type", namespace)
            if "order" in field:
                order = field["order"]
                if not isinstance(order, str) or order.upper() not in _ORDERS:
                    raise _Invalid(f"{where}/order", f"invalid order {order!r}: use "
                                                     "ascending, descending or ignore")
            self.aliases(field, where, None, names=False)
            has_default = "default" in field
            default = field.get("default")
            if has_default:
                if field_type.kind in ("float", "double") and isinstance(default, str):
                    if not _JAVA_DOUBLE.match(default.strip(" \t\n\r\f\v\0")):
                        raise _Invalid(f"{where}/default", f"{default!r} is not a number")
                    default = 0.0  # Java reads it as a number
                reason = _mismatch(field_type, default)
                if reason:
                    raise _Invalid(f"{where}/default", f"invalid default for field {name!r}: "
                                                       f"{reason}")
            if name in names:
                raise _Invalid(f"{where}/name", f"the field {name!r} appears twice")
            names.add(name)
            done.append((name, field_type, has_default, default))
        parsed.fields = done


def _mismatch(schema: _Type, value: Any) -> str | None:
    """Why `value` is not a valid default for `schema` (Java's isValidDefault), or None."""
    kind = schema.kind
    if kind == "union":
        if not schema.branches:
            return "an empty union has no valid default"
        reason = _mismatch(schema.branches[0], value)
        return None if reason is None else (
            f"a union's default must match its first branch ({_describe(schema.branches[0])}): "
            f"{reason}")
    if kind == "null":
        return None if value is None else f"{value!r} is not null"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{value!r} is not a boolean"
    if kind in ("int", "long"):
        bound = _INT32 if kind == "int" else _INT64
        ok = isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
        return None if ok else f"{value!r} is not an {kind}"
    if kind in ("float", "double"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f"{value!r} is not a number"
    if kind in ("string", "bytes", "enum", "fixed"):
        return None if isinstance(value, str) else f"{value!r} is not a string"
    if kind == "array":
        if not isinstance(value, list):
            return f"{value!r} is not an array"
        return next((r for r in (_mismatch(schema.items, item) for item in value) if r), None)
    if kind == "map":
        if not isinstance(value, dict):
            return f"{value!r} is not an object"
        return next((r for r in (_mismatch(schema.items, item) for item in value.values()) if r),
                    None)
    # record
    if not isinstance(value, dict):
        return f"{value!r} is not an object"
    if schema.fields is None:
        return f"record {schema.full!r} is still being defined, so a default cannot build one"
    for name, field_type, has_default, _default in schema.fields:
        if name in value:
            reason = _mismatch(field_type, value[name])
            if reason:
                return f"field {name!r}: {reason}"
        elif not has_default:
            return f"field {name!r} is missing"
    return None


def _describe(schema: _Type) -> str:
    return schema.full or schema.kind

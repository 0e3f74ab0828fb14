"""Checks the Java Avro parser makes that fastavro's parser skips.

Confluent Schema Registry parses with the Java library, so a schema fastavro accepts can still
be rejected at registration: a union field's default must match the union's first branch, an
enum default must be one of its symbols, names must be valid, defaults must match their types.
Each problem comes with a JSON pointer into the schema document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
NAMED = {"record", "error", "enum", "fixed"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT_RANGE = {"int": 2**31, "long": 2**63}

Problem = tuple[str, str]  # (json pointer, message)


def avro_problems(schema: Any) -> list[Problem]:
    walker = _Walker()
    problems = list(walker.walk(schema, "", None))
    if problems:
        return problems
    return list(walker.check_defaults())


def _full_name(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


class _Walker:
    def __init__(self) -> None:
        self.named: dict[str, Any] = {}
        self.defaults: list[tuple[str, Any, Any, str | None]] = []

    def walk(self, schema: Any, pointer: str, namespace: str | None) -> Iterator[Problem]:
        if isinstance(schema, str):
            if schema not in PRIMITIVES and _full_name(schema, namespace) not in self.named \
                    and schema not in self.named:
                yield pointer, f"unknown type {schema!r}: not a primitive and not defined before"
            return
        if isinstance(schema, list):
            yield from self._union(schema, pointer, namespace)
            return
        if not isinstance(schema, dict):
            yield pointer, f"a schema must be a string, an object or an array, not {schema!r}"
            return
        kind = schema.get("type")
        if kind is None:
            yield pointer, "missing \"type\""
            return
        if kind in NAMED:
            yield from self._named(schema, kind, pointer, namespace)
        elif kind == "array":
            if "items" not in schema:
                yield pointer, "an array needs \"items\""
            else:
                yield from self.walk(schema["items"], f"{pointer}/items", namespace)
        elif kind == "map":
            if "values" not in schema:
                yield pointer, "a map needs \"values\""
            else:
                yield from self.walk(schema["values"], f"{pointer}/values", namespace)
        elif isinstance(kind, str | list | dict):
            yield from self.walk(kind, f"{pointer}/type", namespace)
        else:
            yield f"{pointer}/type", f"invalid type {kind!r}"

    def _union(self, branches: list[Any], pointer: str, namespace: str | None) -> Iterator[Problem]:
        seen: set[str] = set()
        for index, branch in enumerate(branches):
            where = f"{pointer}/{index}"
            if isinstance(branch, list):
                yield where, "a union may not directly contain another union"
                continue
            yield from self.walk(branch, where, namespace)
            key = self._branch_key(branch, namespace)
            if key in seen:
                yield where, f"the union holds {key!r} twice"
            seen.add(key)

    def _branch_key(self, branch: Any, namespace: str | None) -> str:
        if isinstance(branch, str):
            return branch if branch in PRIMITIVES else _full_name(branch, namespace)
        if isinstance(branch, dict):
            kind = branch.get("type")
            if kind in NAMED and isinstance(branch.get("name"), str):
                return _full_name(branch["name"], branch.get("namespace", namespace))
            if isinstance(kind, str):
                return kind
        return repr(branch)

    def _named(self, schema: dict[str, Any], kind: str, pointer: str,
               namespace: str | None) -> Iterator[Problem]:
        name = schema.get("name")
        if not isinstance(name, str):
            yield pointer, f"a {kind} needs a \"name\""
            return
        space = schema.get("namespace", namespace)
        if "." in name:
            space, _, short = name.rpartition(".")
        else:
            short = name
        if not _NAME.match(short):
            yield f"{pointer}/name", f"invalid name {short!r}: use letters, digits and _"
        if space:
            for part in space.split("."):
                if not _NAME.match(part):
                    yield f"{pointer}/namespace", f"invalid namespace {space!r}"
                    break
        full = _full_name(short, space)
        if full in self.named:
            yield f"{pointer}/name", f"the name {full!r} is defined twice"
        self.named[full] = schema
        if kind == "enum":
            yield from self._enum(schema, pointer)
        elif kind == "fixed":
            size = schema.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                yield pointer, "a fixed needs a non-negative integer \"size\""
        else:
            yield from self._record(schema, pointer, space)

    def _enum(self, schema: dict[str, Any], pointer: str) -> Iterator[Problem]:
        symbols = schema.get("symbols")
        if not isinstance(symbols, list):
            yield pointer, "an enum needs a \"symbols\" list"
            return
        for index, symbol in enumerate(symbols):
            if not isinstance(symbol, str) or not _NAME.match(symbol):
                yield f"{pointer}/symbols/{index}", f"invalid enum symbol {symbol!r}"
        if len(set(map(str, symbols))) != len(symbols):
            yield f"{pointer}/symbols", "enum symbols must be unique"
        if "default" in schema and schema["default"] not in symbols:
            yield f"{pointer}/default", (
                f"the enum default {schema['default']!r} is not one of its symbols")

    def _record(self, schema: dict[str, Any], pointer: str,
                namespace: str | None) -> Iterator[Problem]:
        fields = schema.get("fields")
        if not isinstance(fields, list):
            yield pointer, "a record needs a \"fields\" list"
            return
        names: set[str] = set()
        for index, field in enumerate(fields):
            where = f"{pointer}/fields/{index}"
            if not isinstance(field, dict):
                yield where, "a field must be an object"
                continue
            name = field.get("name")
            if not isinstance(name, str) or not _NAME.match(name):
                yield where, f"invalid field name {name!r}"
            elif name in names:
                yield f"{where}/name", f"the field {name!r} appears twice"
            else:
                names.add(name)
            if "type" not in field:
                yield where, f"the field {name!r} has no \"type\""
                continue
            yield from self.walk(field["type"], f"{where}/type", namespace)
            if "default" in field:
                self.defaults.append((f"{where}/default", field["type"], field["default"],
                                      namespace))

    def check_defaults(self) -> Iterator[Problem]:
        for pointer, schema, value, namespace in self.defaults:
            reason = self._mismatch(schema, value, namespace)
            if reason:
                yield pointer, reason

    def _resolve(self, schema: Any, namespace: str | None) -> Any:
        if isinstance(schema, str) and schema not in PRIMITIVES:
            return self.named.get(_full_name(schema, namespace), self.named.get(schema))
        if isinstance(schema, dict) and isinstance(schema.get("type"), str | list) and \
                schema["type"] not in NAMED | {"array", "map"}:
            return self._resolve(schema["type"], namespace)
        return schema

    def _mismatch(self, schema: Any, value: Any, namespace: str | None) -> str | None:
        """Why `value` is not a valid default for `schema`, or None when it is."""
        schema = self._resolve(schema, namespace)
        if isinstance(schema, list):
            if not schema:
                return "an empty union has no valid default"
            reason = self._mismatch(schema[0], value, namespace)
            if reason:
                return (f"a union's default must match its first branch "
                        f"({_describe(schema[0])}): {reason}")
            return None
        kind = schema.get("type") if isinstance(schema, dict) else schema
        if kind == "null":
            return None if value is None else f"{value!r} is not null"
        if kind == "boolean":
            return None if isinstance(value, bool) else f"{value!r} is not a boolean"
        if kind in _INT_RANGE:
            bound = _INT_RANGE[kind]
            ok = isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
            return None if ok else f"{value!r} is not an {kind}"
        if kind in ("float", "double"):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return None if ok else f"{value!r} is not a number"
        if kind in ("string", "bytes"):
            return None if isinstance(value, str) else f"{value!r} is not a string"
        if kind == "fixed":
            ok = isinstance(value, str) and len(value) == schema.get("size")
            return None if ok else f"{value!r} is not a string of {schema.get('size')} characters"
        if kind == "enum":
            ok = value in schema.get("symbols", [])
            return None if ok else f"{value!r} is not one of the enum's symbols"
        if kind == "array":
            if not isinstance(value, list):
                return f"{value!r} is not an array"
            for item in value:
                reason = self._mismatch(schema["items"], item, namespace)
                if reason:
                    return reason
            return None
        if kind == "map":
            if not isinstance(value, dict):
                return f"{value!r} is not an object"
            for item in value.values():
                reason = self._mismatch(schema["values"], item, namespace)
                if reason:
                    return reason
            return None
        if kind in ("record", "error"):
            if not isinstance(value, dict):
                return f"{value!r} is not an object"
            space = schema.get("namespace", namespace)
            for field in schema.get("fields", []):
                name = field.get("name")
                if name in value:
                    reason = self._mismatch(field["type"], value[name], space)
                    if reason:
                        return f"field {name!r}: {reason}"
                elif "default" not in field:
                    return f"field {name!r} is missing"
            return None
        return None


def _describe(schema: Any) -> str:
    if isinstance(schema, dict):
        return str(schema.get("name") or schema.get("type"))
    return str(schema)

"""Avro field defaults, validated as Java's parser does and interpreted once, for every stage.

Java 1.11 (`Schema.isValidDefault`) takes a default that matches the field's type: a union's
first branch; any string for bytes, fixed and enum; any number for float and double (and, for a
field of that type itself, text Java's `Double.valueOf` reads); for a record, every field it
gives matching and every one it omits having a default; never a record still being defined.

The datum is what a reader fills in, as Java builds it: bytes and fixed from the text's
ISO-8859-1 bytes (a character beyond it becomes `?`), a fixed padded with zeros or cut to its
size, a record with every field. Two defaults the specification forbids are accepted, as
registries accept them, and come with a `problem` for lint: an enum default that is not a symbol
(Java fails when it would fill it in: there is no datum) and a fixed default of the wrong length.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from generator.catalog._avro_model import AvroNode

NO_DATUM: Any = type("NoDatum", (), {"__repr__": lambda self: "NO_DATUM"})()
_INT32 = 2**31
_INT64 = 2**63
# What Java's Double.valueOf reads (after trimming), for float and double defaults given as text.
_JAVA_DOUBLE = re.compile(
    r"[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
    r"|0[xX]([0-9a-fA-F]+\.?|[0-9a-fA-F]*\.[0-9a-fA-F]+)[pP][+-]?\d+)[fFdD]?)\Z")
_JAVA_TRIM = " \t\n\r\f\v\0"


class Interpreted(NamedTuple):
    datum: Any
    problem: str | None = None  # the specification forbids it; Java accepts it
    error: str | None = None  # Java rejects the schema when it validates defaults
    unreadable: str | None = None  # Java's parser fails, validating defaults or not


def interpret_default(node: AvroNode, value: Any, unfinished: set[int]) -> Interpreted:
    """The default `value` of a field of type `node`; `unfinished` holds the ids of records
    whose fields are still being parsed."""
    if node.kind in ("float", "double") and isinstance(value, str):
        text = value.strip(_JAVA_TRIM)
        if not _JAVA_DOUBLE.match(text):
            return Interpreted(NO_DATUM, unreadable=f"{value!r} is not a number")
        return Interpreted(_java_double(text))
    problems: list[str] = []
    reason = _mismatch(node, value, unfinished, problems)
    if reason:
        return Interpreted(NO_DATUM, error=reason)
    return Interpreted(_datum(node, value), problems[0] if problems else None)


def _mismatch(node: AvroNode, value: Any, unfinished: set[int], problems: list[str]) -> str | None:
    """Why Java rejects `value` as a default of `node`, or None; spec problems go to
    `problems`."""
    kind = node.kind
    if kind == "union":
        if not node.branches:
            return "an empty union has no valid default"
        first = node.branches[0]
        reason = _mismatch(first, value, unfinished, problems)
        return None if reason is None else (
            f"a union's default must match its first branch ({first.key}): {reason}")
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
        if not isinstance(value, str):
            return f"{value!r} is not a string"
        if kind == "enum" and value not in node.symbol_set:
            problems.append(f"{value!r} is not a symbol of enum {node.fullname}")
        elif kind == "fixed" and len(value) != node.size:
            problems.append(f"{value!r} is {len(value)} bytes, but fixed {node.fullname} holds "
                            f"{node.size}")
        return None
    if kind in ("array", "map"):
        if not isinstance(value, list if kind == "array" else dict):
            return f"{value!r} is not an {'array' if kind == 'array' else 'object'}"
        inner = node.items if kind == "array" else node.values
        members = value if isinstance(value, list) else value.values()
        return next((r for r in (_mismatch(inner, item, unfinished, problems)
                                 for item in members) if r), None)
    # record
    if not isinstance(value, dict):
        return f"{value!r} is not an object"
    if id(node) in unfinished:
        return f"record {node.fullname!r} is still being defined, so a default cannot build one"
    for field in node.fields:
        if field.name in value:
            reason = _mismatch(field.type, value[field.name], unfinished, problems)
            if reason:
                return f"field {field.name!r}: {reason}"
        elif not field.has_default:
            return f"field {field.name!r} is missing"
    return None


def _datum(node: AvroNode, value: Any) -> Any:
    """The reader's value of a default Java accepted (NO_DATUM where Java cannot build one)."""
    kind = node.kind
    if kind == "union":
        return _datum(node.branches[0], value)
    if kind in ("float", "double"):
        return float(value)
    if kind in ("bytes", "fixed"):
        data = value.encode("latin-1", errors="replace")
        return data if kind == "bytes" else data[:node.size].ljust(node.size, b"\0")
    if kind == "enum":
        return value if value in node.symbol_set else NO_DATUM
    if kind == "array":
        items = [_datum(node.items, item) for item in value]
        return NO_DATUM if any(item is NO_DATUM for item in items) else items
    if kind == "map":
        entries = {key: _datum(node.values, item) for key, item in value.items()}
        return NO_DATUM if any(item is NO_DATUM for item in entries.values()) else entries
    if kind == "record":
        record = {field.name: _datum(field.type, value[field.name]) if field.name in value
                  else field.datum for field in node.fields}
        return NO_DATUM if any(item is NO_DATUM for item in record.values()) else record
    return value


def _java_double(text: str) -> float:
    text = text.rstrip("fFdD") if not text.endswith("Infinity") else text
    if text.lstrip("+-") == "NaN":
        return math.nan
    if text.lstrip("+-") == "Infinity":
        return -math.inf if text.startswith("-") else math.inf
    if "x" in text or "X" in text:
        return float.fromhex(text)
    return float(text)

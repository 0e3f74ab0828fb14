"""What a reader must see, per the Avro specification, when it reads a writer's value.

`expected_read(writer, reader, value)` walks the two schemas and the generated (tagged) value the
way the specification's "Schema Resolution" section does: fields matched by name or reader alias,
missing ones filled from the reader's default (which for a union must match its *first* branch),
enum symbols mapped or defaulted, the first matching reader-union branch chosen, and the
promotions int→long→float→double, string↔bytes applied. It raises `ResolutionError` when the
specification says the read fails — for this value, not in general: bytes that are not UTF-8
cannot become a string, a symbol the reader lacks fails only when it is written.

Logical types are interpretations of the underlying value. When both sides carry one and the
reader's interpretation of the same bytes differs from the writer's value (a decimal scale change,
millis read as micros), the data changed meaning: that is reported too.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.fuzz._avro_model import Node

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = dt.datetime(1970, 1, 1)
EPOCH_DATE = dt.date(1970, 1, 1)
_RANGES = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_PROMOTIONS = {
    "int": ("long", "float", "double"),
    "long": ("float", "double"),
    "float": ("double",),
    "string": ("bytes",),
    "bytes": ("string",),
}


class ResolutionError(Exception):
    """The reader cannot read this value, per the specification."""

    def __init__(self, message: str, reader_pointer: str, writer_pointer: str,
                 data_path: str) -> None:
        super().__init__(message)
        self.message = message
        self.reader_pointer = reader_pointer
        self.writer_pointer = writer_pointer
        self.data_path = data_path


@dataclass(frozen=True)
class Defaulted:
    """A value the reader fills from its schema's default (already checked against the spec)."""

    value: Any


@dataclass(frozen=True)
class Float32:
    """A number a `float` reader holds: compared after rounding to single precision."""

    value: float


def f32(value: float) -> float:
    try:
        result: float = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)
    return result


def names_match(writer: Node, reader: Node) -> bool:
    """Named types resolve when their unqualified names agree or a reader alias names the writer."""
    if writer.short_name == reader.short_name:
        return True
    return any(alias == writer.name or alias.rsplit(".", 1)[-1] == writer.short_name
               for alias in reader.aliases)


def _matches(writer: Node, reader: Node) -> bool:
    if writer.kind != reader.kind:
        return False
    if writer.kind in ("record", "enum", "fixed"):
        return names_match(writer, reader)
    return True


def expected_read(writer: Node, reader: Node, value: Any, path: str = "$") -> Any:
    """The reader's value for `value` written with `writer`, or `ResolutionError`."""
    if writer.kind == "union":
        name, inner = value
        branch = next(b for b in writer.branches if b.branch_name == name)
        return expected_read(branch, reader, inner, path)
    if reader.kind == "union":
        chosen = next((b for b in reader.branches if _matches(writer, b)), None)
        if chosen is None:
            chosen = next((b for b in reader.branches
                           if b.kind in _PROMOTIONS.get(writer.kind, ())), None)
        if chosen is None:
            raise ResolutionError(
                f"the reader's union has no branch for the writer's {writer.describe()}",
                reader.pointer, writer.pointer, path)
        return expected_read(writer, chosen, value, path)
    raw = to_raw(writer, value)
    if writer.kind == reader.kind and writer.kind not in ("record", "enum", "fixed"):
        result = _complex(writer, reader, raw, path) if writer.kind in ("array", "map") else raw
    elif writer.kind in ("record", "enum", "fixed"):
        if writer.kind != reader.kind or not names_match(writer, reader):
            raise ResolutionError(
                f"the writer's {writer.describe()} cannot be read as {reader.describe()}",
                reader.pointer, writer.pointer, path)
        result = _named(writer, reader, raw, path)
    elif reader.kind in _PROMOTIONS.get(writer.kind, ()):
        result = _promote(writer, reader, raw, path)
    else:
        raise ResolutionError(
            f"the writer's {writer.describe()} cannot be read as {reader.describe()}",
            reader.pointer, writer.pointer, path)
    if isinstance(result, Float32):
        return result
    read = from_raw(reader, result, writer.pointer, path)
    if writer.logical is not None and reader.logical is not None:
        _same_meaning(writer, reader, value, read, path)
    return read


def _complex(writer: Node, reader: Node, raw: Any, path: str) -> Any:
    assert writer.items is not None and reader.items is not None
    if writer.kind == "array":
        return [expected_read(writer.items, reader.items, item, f"{path}[{i}]")
                for i, item in enumerate(raw)]
    return {key: expected_read(writer.items, reader.items, item, f"{path}[{key!r}]")
            for key, item in raw.items()}


def _named(writer: Node, reader: Node, raw: Any, path: str) -> Any:
    if writer.kind == "fixed":
        if writer.size != reader.size:
            raise ResolutionError(
                f"fixed {writer.name} has size {writer.size} but the reader's has {reader.size}",
                reader.pointer, writer.pointer, path)
        return raw
    if writer.kind == "enum":
        if raw in reader.symbols:
            return raw
        if reader.enum_default is not None:
            return reader.enum_default
        raise ResolutionError(
            f"symbol {raw!r} of enum {writer.name} is not a symbol of the reader's enum, "
            "which has no default", reader.pointer, writer.pointer, path)
    result: dict[str, Any] = {}
    writer_fields = {field.name: field for field in writer.fields}
    for field in reader.fields:
        source = next((writer_fields[name] for name in (field.name, *field.aliases)
                       if name in writer_fields), None)
        field_path = f"{path}.{field.name}"
        if source is not None:
            result[field.name] = expected_read(source.type, field.type, raw[source.name],
                                               field_path)
        elif field.has_default:
            result[field.name] = Defaulted(
                default_value(field.type, field.default, f"{field.pointer}/default", field_path))
        else:
            raise ResolutionError(
                f"the reader's field {field.name!r} of record {reader.name} is missing from the "
                "writer's data and has no default", field.pointer, writer.pointer, field_path)
    return result


def _promote(writer: Node, reader: Node, raw: Any, path: str) -> Any:
    if reader.kind == "bytes":
        return raw.encode("utf-8")
    if reader.kind == "string":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ResolutionError(
                f"bytes {raw!r} are not valid UTF-8 ({error.reason} at byte {error.start}): the "
                "reader's string cannot hold them", reader.pointer, writer.pointer,
                path) from None
    if reader.kind == "float":
        return Float32(f32(float(raw)))
    if reader.kind == "double":
        return float(raw)
    return raw  # int -> long


def default_value(node: Node, default: Any, pointer: str, path: str) -> Any:
    """A JSON default as the reader's value; a union's default must match its first branch."""
    if node.kind == "union":
        first = node.branches[0]
        try:
            return default_value(first, default, pointer, path)
        except ResolutionError:
            raise ResolutionError(
                f"the default {default!r} does not match the union's first branch "
                f"({first.describe()}): a reader following the Avro specification cannot fill "
                "it in", pointer, pointer, path) from None
    raw = _default_raw(node, default, pointer, path)
    return from_raw(node, raw, pointer, path)


def _default_raw(node: Node, default: Any, pointer: str, path: str) -> Any:
    kind = node.kind

    def bad() -> ResolutionError:
        return ResolutionError(f"the default {default!r} is not a valid {node.describe()}",
                               pointer, pointer, path)

    if kind == "null":
        if default is not None:
            raise bad()
        return None
    if kind == "boolean":
        if not isinstance(default, bool):
            raise bad()
        return default
    if kind in ("int", "long"):
        low, high = _RANGES[kind]
        if isinstance(default, bool) or not isinstance(default, int) or not low <= default <= high:
            raise bad()
        return default
    if kind in ("float", "double"):
        if isinstance(default, bool) or not isinstance(default, (int, float)):
            raise bad()
        return f32(float(default)) if kind == "float" else float(default)
    if kind == "string":
        if not isinstance(default, str):
            raise bad()
        return default
    if kind in ("bytes", "fixed"):
        if not isinstance(default, str) or any(ord(c) > 255 for c in default):
            raise bad()
        if kind == "fixed" and len(default) != node.size:
            raise bad()
        return default.encode("latin-1")
    if kind == "enum":
        if default not in node.symbols:
            raise bad()
        return default
    if kind == "array":
        assert node.items is not None
        if not isinstance(default, list):
            raise bad()
        return [default_value(node.items, item, pointer, f"{path}[{i}]")
                for i, item in enumerate(default)]
    if kind == "map":
        assert node.items is not None
        if not isinstance(default, dict):
            raise bad()
        return {key: default_value(node.items, item, pointer, f"{path}[{key!r}]")
                for key, item in default.items()}
    if kind == "record":
        if not isinstance(default, dict):
            raise bad()
        result = {}
        for field in node.fields:
            if field.name in default:
                result[field.name] = default_value(field.type, default[field.name], pointer,
                                                   f"{path}.{field.name}")
            elif field.has_default:
                result[field.name] = default_value(field.type, field.default, pointer,
                                                   f"{path}.{field.name}")
            else:
                raise bad()
        return result
    raise bad()


def to_raw(node: Node, value: Any) -> Any:
    """A logical value as the underlying Avro value fastavro writes."""
    logical = node.logical
    if logical is None:
        return value
    if logical == "uuid":
        return str(value)
    if logical == "date":
        return (value - EPOCH_DATE).days
    if logical in ("time-millis", "time-micros"):
        micros = ((value.hour * 60 + value.minute) * 60 + value.second) * 10**6 + value.microsecond
        return micros // 1000 if logical == "time-millis" else micros
    if logical == "decimal":
        unscaled = int(value.scaleb(node.scale))
        if node.kind == "fixed":
            return unscaled.to_bytes(node.size, "big", signed=True)
        return unscaled.to_bytes(unscaled.bit_length() // 8 + 1, "big", signed=True)
    delta = value - (EPOCH if value.tzinfo is not None else EPOCH_NAIVE)
    micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
    return micros // 1000 if logical.endswith("millis") else micros


def from_raw(node: Node, raw: Any, writer_pointer: str, path: str) -> Any:
    """The underlying Avro value as the reader's logical value (what fastavro returns)."""
    logical = node.logical
    if logical is None:
        return raw
    try:
        if logical == "uuid":
            return uuid.UUID(raw)
        if logical == "date":
            return EPOCH_DATE + dt.timedelta(days=raw)
        if logical in ("time-millis", "time-micros"):
            micros = raw * 1000 if logical == "time-millis" else raw
            if not 0 <= micros < 86400 * 10**6:
                raise ValueError("outside one day")
            return (dt.datetime.min + dt.timedelta(microseconds=micros)).time()
        if logical == "decimal":
            return Decimal(int.from_bytes(raw, "big", signed=True)).scaleb(-node.scale)
        micros = raw * 1000 if logical.endswith("millis") else raw
        base = EPOCH if logical.startswith("timestamp") else EPOCH_NAIVE
        return base + dt.timedelta(microseconds=micros)
    except (ValueError, OverflowError, TypeError) as error:
        raise ResolutionError(
            f"{raw!r} cannot be read as {node.describe()}: {error}", node.pointer,
            writer_pointer, path) from None


def _same_meaning(writer: Node, reader: Node, value: Any, read: Any, path: str) -> None:
    if writer.logical == reader.logical and writer.scale == reader.scale:
        return
    if value != read:
        raise ResolutionError(
            f"the writer's {writer.describe()} value {value!r} reads as {read!r} under the "
            f"reader's {reader.describe()}: the data changes meaning", reader.pointer,
            writer.pointer, path)

"""What a reader must see, per the Avro specification, when it reads a writer's value.

`expected_read(writer, reader, value)` walks the two schemas and the generated (tagged) value the
way the specification's "Schema Resolution" section does: fields matched by name or reader alias,
missing ones filled from the reader's default (the datum the catalog's model built from it, once,
as Java does; a default it could not build, such as an enum default that is no symbol, fails
the read), enum symbols mapped or defaulted, the first matching reader-union branch chosen, and the
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

from generator.catalog import NO_DATUM, AvroField, AvroNode

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = dt.datetime(1970, 1, 1)
EPOCH_DATE = dt.date(1970, 1, 1)
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
    """A value the reader fills from its schema's default (the catalog model's datum)."""

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


def names_match(writer: AvroNode, reader: AvroNode) -> bool:
    """Named types resolve when their unqualified names agree or a reader alias names the writer."""
    if writer.name == reader.name:
        return True
    return any(alias == writer.fullname or alias.rsplit(".", 1)[-1] == writer.name
               for alias in reader.aliases)


def _matches(writer: AvroNode, reader: AvroNode) -> bool:
    if writer.kind != reader.kind:
        return False
    if writer.kind in ("record", "enum", "fixed"):
        return names_match(writer, reader)
    return True


def expected_read(writer: AvroNode, reader: AvroNode, value: Any, path: str = "$") -> Any:
    """The reader's value for `value` written with `writer`, or `ResolutionError`."""
    if writer.kind == "union":
        name, inner = value
        branch = next(b for b in writer.branches if b.key == name)
        return expected_read(branch, reader, inner, path)
    if reader.kind == "union":
        chosen = next((b for b in reader.branches if _matches(writer, b)), None)
        if chosen is None:
            chosen = next((b for b in reader.branches
                           if b.kind in _PROMOTIONS.get(writer.kind, ())), None)
        if chosen is None:
            raise ResolutionError(
                f"the reader's union has no branch for the writer's {writer.describe()}",
                reader.ptr, writer.ptr, path)
        return expected_read(writer, chosen, value, path)
    raw = to_raw(writer, value)
    if writer.kind == reader.kind and writer.kind not in ("record", "enum", "fixed"):
        result = _complex(writer, reader, raw, path) if writer.kind in ("array", "map") else raw
    elif writer.kind in ("record", "enum", "fixed"):
        if writer.kind != reader.kind or not names_match(writer, reader):
            raise ResolutionError(
                f"the writer's {writer.describe()} cannot be read as {reader.describe()}",
                reader.ptr, writer.ptr, path)
        result = _named(writer, reader, raw, path)
    elif reader.kind in _PROMOTIONS.get(writer.kind, ()):
        result = _promote(writer, reader, raw, path)
    else:
        raise ResolutionError(
            f"the writer's {writer.describe()} cannot be read as {reader.describe()}",
            reader.ptr, writer.ptr, path)
    if isinstance(result, Float32):
        return result
    read = from_raw(reader, result, writer.ptr, path)
    if writer.logical is not None and reader.logical is not None:
        _same_meaning(writer, reader, value, read, path)
    return read


def _complex(writer: AvroNode, reader: AvroNode, raw: Any, path: str) -> Any:
    if writer.kind == "array":
        return [expected_read(writer.items, reader.items, item, f"{path}[{i}]")
                for i, item in enumerate(raw)]
    return {key: expected_read(writer.values, reader.values, item, f"{path}[{key!r}]")
            for key, item in raw.items()}


def _named(writer: AvroNode, reader: AvroNode, raw: Any, path: str) -> Any:
    if writer.kind == "fixed":
        if writer.size != reader.size:
            raise ResolutionError(
                f"fixed {writer.fullname} has size {writer.size} but the reader's has "
                f"{reader.size}", reader.ptr, writer.ptr, path)
        return raw
    if writer.kind == "enum":
        if raw in reader.symbol_set:
            return raw
        if reader.default is not None:
            return reader.default
        raise ResolutionError(
            f"symbol {raw!r} of enum {writer.fullname} is not a symbol of the reader's enum, "
            "which has no default", reader.ptr, writer.ptr, path)
    result: dict[str, Any] = {}
    writer_fields = writer.fields_by_name
    for field in reader.fields:
        source = next((writer_fields[name] for name in (field.name, *field.aliases)
                       if name in writer_fields), None)
        field_path = f"{path}.{field.name}"
        if source is not None:
            result[field.name] = expected_read(source.type, field.type, raw[source.name],
                                               field_path)
        else:
            result[field.name] = _missing_field(writer, reader, field, field_path)
    return result


def _promote(writer: AvroNode, reader: AvroNode, raw: Any, path: str) -> Any:
    if reader.kind == "bytes":
        return raw.encode("utf-8")
    if reader.kind == "string":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ResolutionError(
                f"bytes {raw!r} are not valid UTF-8 ({error.reason} at byte {error.start}): the "
                "reader's string cannot hold them", reader.ptr, writer.ptr,
                path) from None
    if reader.kind == "float":
        return Float32(f32(float(raw)))
    if reader.kind == "double":
        return float(raw)
    return raw  # int -> long


def _missing_field(writer: AvroNode, reader: AvroNode, field: AvroField, path: str) -> Any:
    """The value the reader fills in for a field the writer lacks: the model's datum."""
    if not field.has_default:
        raise ResolutionError(
            f"the reader's field {field.name!r} of record {reader.fullname} is missing from the "
            "writer's data and has no default", field.ptr, writer.ptr, path)
    pointer = f"{field.ptr}/default"
    if field.datum is NO_DATUM:
        raise ResolutionError(_no_datum(field), pointer, pointer, path)
    return Defaulted(_reader_datum(field.type, field.datum, pointer, path))


def _no_datum(field: AvroField) -> str:
    """Why the reader cannot fill in `field`'s default. Java accepts an enum default that is no
    symbol (the spec forbids it) and fails when it must fill it in; other bad defaults reach
    the fuzzer only in schemas parsed without validating defaults."""
    if field.default_problem is not None:
        return (f"the reader's field {field.name!r} has a default Java accepts but cannot fill "
                f"in: {field.default_problem}")
    if field.type.kind == "union" and field.type.branches:
        first = field.type.branches[0]
        reason = (f"{field.default!r} does not match the union's first branch "
                  f"({first.describe()})")
    else:
        reason = f"{field.default!r} is not a valid {field.type.describe()}"
    return (f"the reader's field {field.name!r} has an invalid default, which a reader "
            f"following the Avro specification cannot fill in: {reason}")


def _reader_datum(node: AvroNode, datum: Any, pointer: str, path: str) -> Any:
    """The model's datum (physical values, a union's as its first branch) as the reader's
    value: a float rounded to single precision, logical types applied."""
    kind = node.kind
    if kind == "union":
        return _reader_datum(node.branches[0], datum, pointer, path)
    if kind == "float":
        return f32(datum)
    if kind == "array":
        datum = [_reader_datum(node.items, item, pointer, f"{path}[{i}]")
                 for i, item in enumerate(datum)]
    elif kind == "map":
        datum = {key: _reader_datum(node.values, item, pointer, f"{path}[{key!r}]")
                 for key, item in datum.items()}
    elif kind == "record":
        datum = {field.name: _reader_datum(field.type, datum[field.name], pointer,
                                           f"{path}.{field.name}") for field in node.fields}
    return from_raw(node, datum, pointer, path)


def to_raw(node: AvroNode, value: Any) -> Any:
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


def from_raw(node: AvroNode, raw: Any, writer_pointer: str, path: str) -> Any:
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
            f"{raw!r} cannot be read as {node.describe()}: {error}", node.ptr,
            writer_pointer, path) from None


def _same_meaning(writer: AvroNode, reader: AvroNode, value: Any, read: Any, path: str) -> None:
    if writer.logical == reader.logical and writer.scale == reader.scale:
        return
    if value != read:
        raise ResolutionError(
            f"the writer's {writer.describe()} value {value!r} reads as {read!r} under the "
            f"reader's {reader.describe()}: the data changes meaning", reader.ptr,
            writer.ptr, path)

"""The Python side of Avro types in generated modules: the rendering context of one module,
type annotations, and the Python expressions of Avro default values.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from generator.codegen._avro_model import (
    LOGICAL,
    PRIMITIVE_ANNOTATION,
    AvroModel,
    EnumModel,
    FieldModel,
    TypeNode,
)
from generator.errors import ContractsError

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class UnionHelper:
    name: str
    annotation: str
    encode: list[str]
    decode: list[str]


@dataclass
class Context:
    model: AvroModel
    unions: dict[str, UnionHelper] = field(default_factory=dict)
    counter: int = 0
    # Module-level names the decoders use (name -> source), bound as their default arguments.
    bindings: dict[str, str] = field(default_factory=dict)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def annotation(ctx: Context, node: TypeNode) -> str:
    if node.kind == "union":
        parts: list[str] = []
        for branch in node.branches:
            text = annotation(ctx, branch)
            if text not in parts:
                parts.append(text)
        if "None" in parts:  # Optional last reads best: `X | None`
            parts.remove("None")
            parts.append("None")
        return " | ".join(parts)
    if node.kind in ("record", "enum"):
        assert node.ref is not None
        return ctx.model.class_name(node.ref)
    if node.kind == "fixed":
        return "bytes"
    if node.kind == "array":
        assert node.items is not None
        return f"list[{annotation(ctx, node.items)}]"
    if node.kind == "map":
        assert node.items is not None
        return f"dict[str, {annotation(ctx, node.items)}]"
    if node.kind in LOGICAL:
        return LOGICAL[node.kind]
    return PRIMITIVE_ANNOTATION[node.kind]


def default_source(ctx: Context, node: TypeNode, datum: Any) -> tuple[str, bool]:
    """(Python expression of a reader's default value, whether it needs a default_factory).

    `datum` is the catalog's interpretation of the JSON default (bytes as bytes, a fixed at its
    size, a union's first branch, a record with every field); only the logical types are
    applied here, as the generated class holds them."""
    kind = node.kind
    if kind == "union":
        return default_source(ctx, node.branches[0], datum)
    if kind in ("null", "boolean", "int", "long", "bytes", "fixed"):
        return repr(datum), False
    if kind in ("float", "double"):
        return (repr(datum) if math.isfinite(datum) else f"float({str(datum)!r})"), False
    if kind == "string":
        return json.dumps(datum, ensure_ascii=False), False
    if kind == "enum":
        assert node.ref is not None
        enum = ctx.model.by_fullname[node.ref]
        assert isinstance(enum, EnumModel)
        member = dict((s, m) for m, s in enum.symbols)[datum]
        return f"{enum.name}.{member}", False
    if kind == "array":
        assert node.items is not None
        items = [default_source(ctx, node.items, v)[0] for v in datum]
        return f"[{', '.join(items)}]" if items else "list", True
    if kind == "map":
        assert node.items is not None
        entries = [f"{json.dumps(k)}: {default_source(ctx, node.items, v)[0]}"
                   for k, v in datum.items()]
        return f"{{{', '.join(entries)}}}" if entries else "dict", True
    if kind == "record":
        assert node.ref is not None
        record = ctx.model.record(node.ref)
        # A field holding its own default is left to the class, so the call stays short.
        args = [f"{item.name}={default_source(ctx, item.type, datum[item.wire])[0]}"
                for item in record.fields
                if not item.has_default or datum[item.wire] != item.datum]
        return f"{record.name}({', '.join(args)})", True
    return _logical_source(node, datum), False


def _logical_source(node: TypeNode, datum: Any) -> str:
    """The Python value of a logical type's physical `datum`."""
    kind = node.kind
    if kind == "uuid":
        return f"_uuid.UUID({str(uuid.UUID(datum))!r})"
    if kind == "date":
        day = dt.date(1970, 1, 1) + dt.timedelta(days=datum)
        return f"_dt.date({day.year}, {day.month}, {day.day})"
    if kind in ("time-millis", "time-micros"):
        micros = datum * (1000 if kind == "time-millis" else 1)
        clock = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)).time()
        return f"_dt.time({clock.hour}, {clock.minute}, {clock.second}, {clock.microsecond})"
    if kind == "decimal":
        unscaled = int.from_bytes(datum, "big", signed=True) if datum else 0
        amount = decimal.Decimal(unscaled).scaleb(-node.scale)
        return f"_decimal.Decimal({str(amount)!r})"
    # timestamps
    unit = "milliseconds" if kind.endswith("millis") else "microseconds"
    moment = _EPOCH + dt.timedelta(**{unit: datum})
    tz = ", tzinfo=_dt.UTC" if not kind.startswith("local") else ""
    return (f"_dt.datetime({moment.year}, {moment.month}, {moment.day}, {moment.hour}, "
            f"{moment.minute}, {moment.second}, {moment.microsecond}{tz})")


def field_default(ctx: Context, item: FieldModel, where: str) -> str | None:
    """The `= ...` part of a dataclass field, or None when the field is required."""
    if not item.has_default:
        return None
    try:
        source, factory = default_source(ctx, item.type, item.datum)
    except (ValueError, OverflowError) as error:
        # A value Python cannot hold: a uuid that is no UUID, a date past year 9999.
        raise ContractsError(f"field {item.wire!r}: the default {item.datum!r} has no Python "
                             f"value ({error})", where) from None
    if factory:
        if source in ("list", "dict"):
            return f"_dc.field(default_factory={source})"
        return f"_dc.field(default_factory=lambda: {source})"
    return source

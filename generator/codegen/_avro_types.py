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
        return LOGICAL[node.kind][1]
    return PRIMITIVE_ANNOTATION[node.kind]


def default_source(ctx: Context, node: TypeNode, value: Any, where: str) -> tuple[str, bool]:
    """(Python expression of an Avro default, whether it needs a default_factory)."""
    kind = node.kind
    if kind == "union":
        for branch in node.branches:
            try:
                return default_source(ctx, branch, value, where)
            except (ValueError, TypeError, KeyError, ArithmeticError):
                continue
        raise ValueError(f"default {value!r} matches no branch")
    if kind == "null":
        if value is not None:
            raise ValueError("null default must be null")
        return "None", False
    if kind == "boolean":
        if not isinstance(value, bool):
            raise TypeError("boolean default")
        return repr(value), False
    if kind in ("int", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("integer default")
        return repr(value), False
    if kind in ("float", "double"):
        if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
            text = {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[value]
            return f"float({text!r})", False
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("number default")
        number = float(value)
        return (repr(number) if math.isfinite(number) else f"float({str(number)!r})"), False
    if kind == "string":
        if not isinstance(value, str):
            raise TypeError("string default")
        return json.dumps(value, ensure_ascii=False), False
    if kind in ("bytes", "fixed"):
        if not isinstance(value, str):
            raise TypeError("bytes default")
        return repr(value.encode("latin-1")), False
    if kind == "enum":
        assert node.ref is not None
        enum = ctx.model.by_fullname[node.ref]
        assert isinstance(enum, EnumModel)
        member = dict((s, m) for m, s in enum.symbols)[value]
        return f"{enum.name}.{member}", False
    if kind == "uuid":
        return f"_uuid.UUID({str(uuid.UUID(value))!r})", False
    if kind in ("timestamp-millis", "timestamp-micros", "local-timestamp-millis",
                "local-timestamp-micros"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("timestamp default")
        unit = "milliseconds" if kind.endswith("millis") else "microseconds"
        moment = _EPOCH + dt.timedelta(**{unit: value})
        tz = ", tzinfo=_dt.UTC" if not kind.startswith("local") else ""
        return (f"_dt.datetime({moment.year}, {moment.month}, {moment.day}, {moment.hour}, "
                f"{moment.minute}, {moment.second}, {moment.microsecond}{tz})"), False
    if kind == "date":
        day = dt.date(1970, 1, 1) + dt.timedelta(days=int(value))
        return f"_dt.date({day.year}, {day.month}, {day.day})", False
    if kind in ("time-millis", "time-micros"):
        micros = int(value) * (1000 if kind == "time-millis" else 1)
        clock = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)).time()
        return (f"_dt.time({clock.hour}, {clock.minute}, {clock.second}, "
                f"{clock.microsecond})"), False
    if kind == "decimal":
        raw = value.encode("latin-1")
        unscaled = int.from_bytes(raw, "big", signed=True) if raw else 0
        scale = _decimal_scale(ctx, node)
        amount = decimal.Decimal(unscaled).scaleb(-scale)
        return f"_decimal.Decimal({str(amount)!r})", False
    if kind == "array":
        if not isinstance(value, list):
            raise TypeError("array default")
        assert node.items is not None
        items = [default_source(ctx, node.items, v, where)[0] for v in value]
        return f"[{', '.join(items)}]" if items else "list", True
    if kind == "map":
        if not isinstance(value, dict):
            raise TypeError("map default")
        assert node.items is not None
        entries = [f"{json.dumps(k)}: {default_source(ctx, node.items, v, where)[0]}"
                   for k, v in value.items()]
        return f"{{{', '.join(entries)}}}" if entries else "dict", True
    if kind == "record":
        if not isinstance(value, dict):
            raise TypeError("record default")
        assert node.ref is not None
        record = ctx.model.record(node.ref)
        args = []
        for item in record.fields:
            if item.wire in value:
                source = default_source(ctx, item.type, value[item.wire], where)[0]
                args.append(f"{item.name}={source}")
            elif not item.has_default:
                raise KeyError(item.wire)
        return f"{record.name}({', '.join(args)})", True
    raise TypeError(f"no default for {kind}")


def _decimal_scale(ctx: Context, node: TypeNode) -> int:
    return node.scale


def field_default(ctx: Context, item: FieldModel, where: str) -> str | None:
    """The `= ...` part of a dataclass field, or None when the field is required."""
    if not item.has_default:
        return None
    try:
        source, factory = default_source(ctx, item.type, item.default, where)
    except (ValueError, TypeError, KeyError, ArithmeticError) as error:
        raise ContractsError(f"field {item.wire!r}: default {item.default!r} does not match its "
                             f"type ({error})", where) from None
    if factory:
        if source in ("list", "dict"):
            return f"_dc.field(default_factory={source})"
        return f"_dc.field(default_factory=lambda: {source})"
    return source


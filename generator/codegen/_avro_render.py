"""The Avro model -> the context of `avro_module.py.j2`: annotations, defaults, conversions.

Conversions between the dataclasses and fastavro's dicts are straight-line expressions, written
here once per field, so the generated code never inspects types at run time. Union branches are
written in fastavro's `(name, value)` notation, so records with equal fields are never confused,
and read back with `return_named_type=True`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from generator.codegen._avro_model import (
    LOGICAL,
    PRIMITIVE_ANNOTATION,
    AvroModel,
    EnumModel,
    FieldModel,
    RecordModel,
    TypeNode,
)
from generator.errors import ContractsError

# Python classes that tell union branches apart, most specific first.
_BRANCH_CHECK = {
    "boolean": "bool", "int": "int", "long": "int", "float": "float", "double": "float",
    "string": "str", "bytes": "bytes", "fixed": "bytes", "uuid": "_uuid.UUID",
    "timestamp-millis": "_dt.datetime", "timestamp-micros": "_dt.datetime",
    "local-timestamp-millis": "_dt.datetime", "local-timestamp-micros": "_dt.datetime",
    "date": "_dt.date", "time-millis": "_dt.time", "time-micros": "_dt.time",
    "decimal": "_decimal.Decimal", "array": "list", "map": "dict",
}
_CHECK_ORDER = ["bool", "_dt.datetime", "_dt.date", "_dt.time", "_decimal.Decimal", "_uuid.UUID",
                "int", "float", "str", "bytes", "list", "dict"]
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


# Logical types the generated decoders convert themselves: the runtime reads them with their
# logicalType stripped (fastavro's per-value logical dispatch costs more than the conversion).
# Kept in step with `_runtime.physical_schema`: not on fixed, not as a direct branch of a union
# with more than one non-null branch (there the physical types could collide).
OWNED_LOGICAL = {
    "uuid": "_read_uuid",
    "timestamp-millis": "_read_millis",
    "timestamp-micros": "_read_micros",
    "decimal": "_read_decimal",
}


def _owned(node: TypeNode) -> bool:
    if node.kind == "decimal" and not 0 <= node.scale <= node.precision >= 1:
        return False  # not a valid decimal: left to fastavro
    return node.kind in OWNED_LOGICAL and node.ref is None


def _identity(node: TypeNode, *, reading: bool = False) -> bool:
    """True when fastavro's value is the Python value (fastavro maps logical types itself;
    when `reading`, the owned logical types arrive physical and need converting)."""
    if node.kind in ("record", "enum", "union"):
        return False
    if node.kind in ("array", "map"):
        assert node.items is not None
        return _identity(node.items, reading=reading)
    return not (reading and _owned(node))


def _read_logical(ctx: Context, expr: str, node: TypeNode) -> str:
    """Conversion of an owned logical type from its physical value (or, from `from_dict`,
    from its Python value, passed through)."""
    function = OWNED_LOGICAL[node.kind]
    if node.kind == "decimal":
        function = f"{function}_{node.precision}_{node.scale}"
        ctx.bindings[function] = f"_runtime.decimal_reader({node.precision}, {node.scale})"
    else:
        ctx.bindings[function] = f"_runtime.{function[1:]}"
    return f"{function}({expr})"


def _is_named(node: TypeNode) -> bool:
    return node.kind in ("record", "enum", "fixed") or (node.ref is not None)


def encode(ctx: Context, expr: str, node: TypeNode) -> str:
    """Expression turning the Python value `expr` into fastavro's value."""
    if _identity(node):
        return expr
    if node.kind == "enum":
        return f"{expr}.value"
    if node.kind == "record":
        assert node.ref is not None
        return f"_enc_{ctx.model.class_name(node.ref)}({expr})"
    if node.kind == "array":
        assert node.items is not None
        var = ctx.fresh("_i")
        return f"[{encode(ctx, var, node.items)} for {var} in {expr}]"
    if node.kind == "map":
        assert node.items is not None
        key, var = ctx.fresh("_k"), ctx.fresh("_v")
        return f"{{{key}: {encode(ctx, var, node.items)} for {key}, {var} in {expr}.items()}}"
    # union
    others = [b for b in node.branches if b.kind != "null"]
    if len(others) == 1 and len(node.branches) == 2:
        branch = others[0]
        if _identity(branch) and not _is_named(branch):
            return expr
        inner = f"({json.dumps(branch.branch_name)}, {encode(ctx, expr, branch)})"
        return f"None if {expr} is None else {inner}"
    return f"{_union_helper(ctx, node).name.replace('_u', '_enc_u', 1)}({expr})"


def decode(ctx: Context, expr: str, node: TypeNode, *, in_union: bool = False) -> str:
    """Expression turning fastavro's value `expr` (read with return_named_type) into Python.

    `in_union`: `node` is a direct branch of a union with several non-null branches (read with
    its logical type applied by fastavro)."""
    if in_union and _owned(node):
        return expr  # kept logical in the read schema: fastavro converted it
    if _identity(node, reading=True):
        return expr
    if _owned(node):
        return _read_logical(ctx, expr, node)
    if node.kind == "enum":
        assert node.ref is not None
        name = ctx.model.class_name(node.ref)
        ctx.bindings[f"_{name}_by_value"] = f"_runtime.EnumByValue({name})"
        return f"_{name}_by_value[{expr}]"
    if node.kind == "record":
        assert node.ref is not None
        return f"_dec_{ctx.model.class_name(node.ref)}({expr})"
    if node.kind == "array":
        assert node.items is not None
        var = ctx.fresh("_i")
        return f"[{decode(ctx, var, node.items)} for {var} in {expr}]"
    if node.kind == "map":
        assert node.items is not None
        key, var = ctx.fresh("_k"), ctx.fresh("_v")
        return f"{{{key}: {decode(ctx, var, node.items)} for {key}, {var} in {expr}.items()}}"
    others = [b for b in node.branches if b.kind != "null"]
    if len(others) == 1 and len(node.branches) == 2:
        branch = others[0]
        if _is_named(branch):
            # Tolerate both fastavro's ("name", value) and a plain value.
            value = f"{expr}[1] if {expr}.__class__ is tuple else {expr}"
            return f"None if {expr} is None else {decode(ctx, value, branch)}"
        if _identity(branch, reading=True):
            return expr
        return f"None if {expr} is None else {decode(ctx, expr, branch)}"
    return f"{_union_helper(ctx, node).name.replace('_u', '_dec_u', 1)}({expr})"


def _union_helper(ctx: Context, node: TypeNode) -> UnionHelper:
    ann = annotation(ctx, node)
    key = "|".join(b.branch_name + ":" + annotation(ctx, b) for b in node.branches)
    if key in ctx.unions:
        return ctx.unions[key]
    helper = UnionHelper(f"_u{len(ctx.unions) + 1}", ann, [], [])
    ctx.unions[key] = helper
    named = [b for b in node.branches if _is_named(b)]
    plain = [b for b in node.branches if not _is_named(b) and b.kind != "null"]
    enc, dec = helper.encode, helper.decode
    if any(b.kind == "null" for b in node.branches):
        enc.append("if v is None:\n        return None")
        dec.append("if v is None:\n        return None")
    # Encode: the Python class picks the branch; named types first (they are exact classes).
    seen: set[str] = set()
    for branch in named:
        label = json.dumps(branch.branch_name)
        if branch.kind in ("record", "enum"):
            assert branch.ref is not None
            check = ctx.model.class_name(branch.ref)
        else:
            check = _BRANCH_CHECK.get(branch.kind, "bytes")
        if check in seen:
            continue
        seen.add(check)
        value = encode(ctx, "v", branch)
        enc.append(f"if isinstance(v, {check}):\n        return ({label}, {value})")
    checks: dict[str, TypeNode] = {}
    for branch in plain:
        check = _BRANCH_CHECK[branch.kind]
        if check == "float" and check in checks and branch.kind == "float":
            continue  # prefer double for Python floats
        checks.setdefault(check, branch)
        if check == "float" and branch.kind == "double":
            checks[check] = branch
    for check in _CHECK_ORDER:
        if check in checks and check not in seen:
            branch = checks[check]
            test = check
            if check == "float" and "int" not in checks:
                test = "(int, float)"
            label = json.dumps(branch.branch_name)
            enc.append(f"if isinstance(v, {test}):\n"
                       f"        return ({label}, {encode(ctx, 'v', branch)})")
    enc.append(f"raise TypeError(f\"{{type(v).__name__}} is not one of {ann}\")")
    # Decode: named branches arrive as ("full.name", value), the others as plain values.
    if named:
        dec.append("if v.__class__ is tuple:")
        for branch in named:
            dec.append(f"    if v[0] == {json.dumps(branch.branch_name)}:\n"
                       f"            return {decode(ctx, 'v[1]', branch, in_union=True)}")
        dec.append("    raise ValueError(f\"unknown union branch {v[0]!r}\")")
        # A plain value (e.g. from confluent-kafka's AvroDeserializer) has lost its branch name:
        # records are told apart by their field names, the first match wins.
        records = [b for b in named if b.kind == "record" and b.ref is not None]
        if records and not any(b.kind == "map" for b in plain):
            for branch in records:
                assert branch.ref is not None
                wires = ", ".join(sorted(json.dumps(f.wire)
                                         for f in ctx.model.record(branch.ref).fields))
                dec.append(f"if isinstance(v, dict) and v.keys() == {{{wires}}}:"
                           f"\n        return {decode(ctx, 'v', branch, in_union=True)}")
        enums = [b for b in named if b.kind == "enum" and b.ref is not None]
        if enums and not any(b.kind == "string" for b in plain):
            for branch in enums:
                assert branch.ref is not None
                enum = ctx.model.by_fullname[branch.ref]
                assert isinstance(enum, EnumModel)
                symbols = ", ".join(json.dumps(sym) for _, sym in enum.symbols)
                dec.append(f"if v in ({symbols},):\n        return "
                           f"{decode(ctx, 'v', branch, in_union=True)}")
    for branch in plain:
        if branch.kind in ("array", "map") and not _identity(branch, reading=True):
            check = "list" if branch.kind == "array" else "dict"
            dec.append(f"if isinstance(v, {check}):\n        return "
                       f"{decode(ctx, 'v', branch, in_union=True)}")
    dec.append("return v  # type: ignore[no-any-return]" if plain else
               "raise ValueError(\"no union branch matches\")")
    return helper


# -- defaults ----------------------------------------------------------------------------------

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


def record_lines(ctx: Context, record: RecordModel) -> tuple[list[str], list[str]]:
    """(encode dict entries, decode setter statements) of one record."""
    encode_items = [f"{json.dumps(f.wire)}: {encode(ctx, 'o.' + f.name, f.type)}"
                    for f in record.fields]
    decode_items = [f"{json.dumps(f.wire)}" for f in record.fields]
    return encode_items, decode_items


def decode_expr(ctx: Context, item: FieldModel) -> str:
    return decode(ctx, f"d[{json.dumps(item.wire)}]", item.type)


# -- the module context -------------------------------------------------------------------------

_ENVELOPE = ("eventId", "eventType", "eventVersion", "timestamp", "source", "correlationId",
             "traceId", "data")
_TIMESTAMP_NOW = {
    "timestamp-millis": "_runtime.now_millis()",
    "timestamp-micros": "_runtime.now_micros()",
    "long": "_runtime.epoch_millis()",
    "string": "_runtime.now_millis().isoformat()",
}


def docstring(text: str | None, indent: str) -> str | None:
    if not text or not text.strip():
        return None
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    lines = [line.rstrip() for line in body.splitlines()]
    if body.endswith('"'):
        lines[-1] += " "
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    rest = "".join(f"\n{indent}{line}" if line else "\n" for line in lines[1:])
    return f'"""{lines[0]}{rest}\n{indent}"""'


def schema_chunks(text: str, width: int = 88) -> list[str]:
    pieces = [text[i:i + width] for i in range(0, len(text), width)] or [""]
    return [json.dumps(piece, ensure_ascii=False) for piece in pieces]


def _optional_of(node: TypeNode) -> TypeNode | None:
    if node.kind == "union" and len(node.branches) == 2:
        others = [b for b in node.branches if b.kind != "null"]
        if len(others) == 1:
            return others[0]
    return None


def _envelope_value(name: str, node: TypeNode) -> str | None:
    optional = _optional_of(node)
    if name == "eventId":
        return {"uuid": "_uuid.uuid4()", "string": "str(_uuid.uuid4())"}.get(node.kind)
    if name == "eventType":
        return "EVENT_TYPE" if node.kind == "string" else None
    if name == "eventVersion":
        return {"int": "EVENT_VERSION", "long": "EVENT_VERSION",
                "string": "str(EVENT_VERSION)"}.get(node.kind)
    if name == "timestamp":
        return _TIMESTAMP_NOW.get(node.kind)
    if name == "source":
        return "source" if node.kind == "string" else None
    if name in ("correlationId", "traceId"):
        arg = "correlation_id" if name == "correlationId" else "trace_id"
        if optional is not None and optional.kind == "string":
            return arg
        return f"{arg} or \"\"" if node.kind == "string" else None
    if name == "data":
        return "data" if node.kind == "record" else None
    return None


def _wrap(ctx: Context) -> tuple[str | None, list[tuple[str, str]]]:
    top = ctx.model.top
    data = next((f for f in top.fields if f.wire == "data" and f.type.kind == "record"), None)
    if data is None or data.type.ref is None:
        return None, []
    args = []
    for item in top.fields:
        value = _envelope_value(item.wire, item.type) if item.wire in _ENVELOPE else None
        if value is None:
            if not item.has_default:
                return None, []
            continue
        args.append((item.name, value))
    return ctx.model.class_name(data.type.ref), args


def _path_expr(ctx: Context, path: str, where: str | None) -> str | None:
    record: RecordModel | None = ctx.model.top
    expr = "event"
    for segment in path.split("."):
        if record is None:
            return None
        item = next((f for f in record.fields if f.wire == segment), None)
        if item is None:
            return None
        expr = f"{expr}.{item.name}"
        node = item.type
        record = ctx.model.record(node.ref) if node.kind == "record" and node.ref else None
    return expr


def module_context(schema: Any, model: AvroModel, *, contract: str, version: int, topic: str,
                   subject: str, key_path: str, package: str, source_path: str,
                   key_where: str | None) -> dict[str, Any]:
    ctx = Context(model)
    records = []
    for record in model.records:
        fields = []
        for item in record.fields:
            fields.append({
                "name": item.name,
                "wire": item.wire,
                "annotation": annotation(ctx, item.type),
                "default": field_default(ctx, item, source_path),
                "doc": docstring(item.doc, "    "),
                "encode": encode(ctx, "o." + item.name, item.type),
                "decode": decode(ctx, f"d[{json.dumps(item.wire)}]", item.type),
            })
        used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", " ".join(f["decode"] for f in fields)))
        records.append({"name": record.name, "doc": docstring(record.doc, "    "),
                        "fields": fields, "top": record is model.top,
                        "bound": [name for name in ctx.bindings if name in used]})
    enums = []
    for enum in model.enums:
        symbols = dict((s, m) for m, s in enum.symbols)
        enums.append({"name": enum.name, "doc": docstring(enum.doc, "    "),
                      "symbols": enum.symbols,
                      "default_member": symbols.get(enum.default or "")})
    key_expr = _path_expr(ctx, key_path, key_where)
    if key_expr is None:
        raise ContractsError(f"partition key {key_path!r} is not a field path of "
                             f"{contract}.v{version}", key_where or source_path)
    payload, wrap_args = _wrap(ctx)
    names = {f.wire: f.name for f in model.top.fields}
    ids = []
    for wire in ("correlationId", "traceId"):
        found = next((f for f in model.top.fields if f.wire == wire), None)
        inner = _optional_of(found.type) if found is not None else None
        ok = found is not None and (found.type.kind == "string" or (
            inner is not None and inner.kind == "string"))
        ids.append(f"event.{names[wire]}" if ok else "None")
    return {
        "contract": contract, "version": version, "event_type": f"{contract}.v{version}",
        "topic": topic, "subject": subject, "key_path": key_path, "package": package,
        "source_path": source_path,
        "schema_chunks": schema_chunks(json.dumps(schema, separators=(",", ":"),
                                                  ensure_ascii=False)),
        "records": records, "enums": enums, "unions": list(ctx.unions.values()),
        "bindings": sorted(ctx.bindings.items()),
        "top": model.top.name, "payload": payload, "wrap_args": wrap_args, "key_expr": key_expr,
        "correlation_expr": ids[0], "trace_expr": ids[1],
        "named_unions": _has_named_unions(model),
    }


def _has_named_unions(model: AvroModel) -> bool:
    def walk(node: TypeNode) -> bool:
        if node.kind == "union" and any(_is_named(b) for b in node.branches):
            return True
        return any(walk(child) for child in (*node.branches, node.items) if child is not None)

    return any(walk(f.type) for record in model.records for f in record.fields)


IMPORTS = (
    ("_dc.", "import dataclasses as _dc"),
    ("_dt.", "import datetime as _dt"),
    ("_decimal.", "import decimal as _decimal"),
    ("_enum.", "import enum as _enum"),
    ("_uuid.", "import uuid as _uuid"),
    ("_Any", "from typing import Any as _Any"),
    ("_Final", "from typing import Final as _Final"),
)


def imports_for(body: str) -> list[str]:
    return [line for marker, line in IMPORTS if marker in body]

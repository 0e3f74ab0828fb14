"""The Avro model -> the context of `avro_module.py.j2`: one generated module's fields (annotation,
default, encoder, decoder; see `_avro_types` and `_avro_codec`), envelope, key path and imports.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.catalog import ContractConfig
from generator.codegen._avro_codec import decode, encode, is_named
from generator.codegen._avro_model import AvroModel, RecordModel, TypeNode
from generator.codegen._avro_top import top_of
from generator.codegen._avro_types import Context, annotation, field_default
from generator.errors import ContractsError

# Without a field at the default key path, events have no partition key (a null Kafka key,
# unless the producer is given one); lint says so (KEY_FIELD). Any other path must exist.
DEFAULT_KEY = ContractConfig.key

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
    if top is None:
        return None, []
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
    top = top_of(ctx, contract)
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
        decoders = " ".join(str(f["decode"]) for f in fields)
        used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", decoders))
        records.append({"name": record.name, "doc": docstring(record.doc, "    "),
                        "fields": fields, "top": record is model.top,
                        "bound": [name for name in ctx.bindings if name in used]})
    enums = []
    for enum in model.enums:
        symbols = dict((s, m) for m, s in enum.symbols)
        enums.append({"name": enum.name, "doc": docstring(enum.doc, "    "),
                      "symbols": enum.symbols, "top": top.kind == "enum" and enum.name == top.name,
                      "default_member": symbols.get(enum.default or "")})
    wrapper = None
    if top.kind != "record":  # the top class's encoder and decoder (a record has its own)
        wrapper = {"kind": top.kind, "annotation": annotation(ctx, top.node),
                   "doc": docstring(_value_doc(top.node), "    "),
                   "encode": encode(ctx, "o" if top.kind == "enum" else "o.value", top.node),
                   "decode": decode(ctx, "d", top.node)}
    key_expr = _path_expr(ctx, key_path, key_where)
    if key_expr is None and key_path != DEFAULT_KEY:
        raise ContractsError(f"partition key {key_path!r} is not a field path of "
                             f"{contract}.v{version}", key_where or source_path)
    payload, wrap_args = _wrap(ctx)
    top_fields = model.top.fields if model.top is not None else []
    names = {f.wire: f.name for f in top_fields}
    ids = []
    for wire in ("correlationId", "traceId"):
        found = next((f for f in top_fields if f.wire == wire), None)
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
        "top": top.name, "wrapper": wrapper, "payload": payload, "wrap_args": wrap_args,
        "key_expr": key_expr,
        "correlation_expr": ids[0], "trace_expr": ids[1],
        "named_unions": _has_named_unions(model, top.node),
    }


def _value_doc(node: TypeNode) -> str:
    what = {"union": "union", "array": "array", "map": "map", "fixed": "fixed"}.get(
        node.kind, "type")
    return (f"The event: a value of the schema's top-level {what}.\n\n"
            "Only `value` is on the wire (as the schema says), not this class around it.")


def _has_named_unions(model: AvroModel, top: TypeNode) -> bool:
    def walk(node: TypeNode) -> bool:
        if node.kind == "union" and any(is_named(b) for b in node.branches):
            return True
        return any(walk(child) for child in (*node.branches, node.items) if child is not None)

    return walk(top) or any(walk(f.type) for record in model.records for f in record.fields)


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

"""The event class of a schema's top-level type.

A record is its own dataclass and an enum its own enum class; both get the codec methods
(`to_avro`, `from_avro`, `to_wire`, `from_wire`, `to_dict`, `from_dict`). Any other top-level
type (a fixed, an array, a map, a union such as an `.avsc` file holding a JSON array of named
types, a primitive) becomes a frozen dataclass with one field, `value`, and the same methods.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from generator.codegen._avro_model import RESERVED_MODULE_NAMES, FixedModel, TypeNode
from generator.codegen._avro_types import Context


@dataclass(frozen=True)
class Top:
    kind: str  # "record", "enum" or "value" (a one-field dataclass around any other type)
    name: str  # the Python class
    node: TypeNode


def top_of(ctx: Context, contract: str) -> Top:
    model = ctx.model
    node = model.top_type or TypeNode("record", ref=model.top.fullname if model.top else None)
    if node.kind in ("record", "enum"):
        assert node.ref is not None
        return Top(node.kind, model.class_name(node.ref), node)
    named = model.by_fullname.get(node.ref or "")
    base = named.name if isinstance(named, FixedModel) else "".join(
        part[:1].upper() + part[1:] for part in contract.replace("-", ".").replace("_", ".")
        .split(".") if part)
    if not base.isidentifier() or keyword.iskeyword(base):
        base = "Value"
    base = base[:1].upper() + base[1:]
    taken = {m.name for m in model.by_fullname.values() if not isinstance(m, FixedModel)}
    name, number = base, 2
    while name in taken or name in RESERVED_MODULE_NAMES:
        name, number = f"{base}{number}", number + 1
    return Top("value", name, node)

"""Encoder and decoder expressions of generated modules: fastavro's values <-> the dataclasses.

Conversions between the dataclasses and fastavro's dicts are straight-line expressions, written
here once per field, so the generated code never inspects types at run time. Union branches are
written in fastavro's `(name, value)` notation, so records with equal fields are never confused,
and read back with `return_named_type=True`.
"""

from __future__ import annotations

import json

from generator.codegen._avro_model import EnumModel, TypeNode
from generator.codegen._avro_types import Context, UnionHelper, annotation
from generator.codegen._avro_union import branch_tests, mark, marked

# Logical types the generated decoders convert themselves: the runtime reads them with their
# logicalType stripped (fastavro's per-value logical dispatch costs more than the conversion).
# Kept in step with `parse_physical` of the runtime (`_codec`): not on fixed, not as a direct
# branch of a union with more than one non-null branch (there the physical types could collide).
OWNED_LOGICAL = {
    "uuid": "_read_uuid",
    "timestamp-millis": "_read_millis",
    "timestamp-micros": "_read_micros",
    "decimal": "_read_decimal",
}


def _owned(node: TypeNode) -> bool:
    # (The catalog keeps valid decimals only; the runtime drops the others' logicalType.)
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


def is_named(node: TypeNode) -> bool:
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
        if _identity(branch) and not is_named(branch):
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
        if is_named(branch):
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
    named = [b for b in node.branches if is_named(b)]
    plain = [b for b in node.branches if not is_named(b) and b.kind != "null"]
    enc, dec = helper.encode, helper.decode
    if any(b.kind == "null" for b in node.branches):
        enc.append("if v is None:\n        return None")
        dec.append("if v is None:\n        return None")
    # Encode: the value's class (and range) picks the branch; see _avro_union.
    for condition, branch in branch_tests(ctx, node):
        enc.append(f"if {condition}:\n        return ({json.dumps(branch.branch_name)}, "
                   f"{encode(ctx, 'v', branch)})")
    enc.append(f"raise TypeError(f\"{{type(v).__name__}} {{v!r:.40}} fits no branch of {ann}\")")
    # Decode: named branches arrive as ("full.name", value), the others as plain values; values
    # of branches that share their Python class keep the branch in theirs.
    marks = {b.branch_name: mark(ctx, b) for b in marked(ctx, node)}
    if named:
        dec.append("if v.__class__ is tuple:")
        for branch in named:
            value = decode(ctx, "v[1]", branch, in_union=True)
            if branch.branch_name in marks:
                value = f"{marks[branch.branch_name]}(v[1])"
            if value == "v[1]":  # fastavro's value as it is: typed for mypy
                dec.append(f"    if v[0] == {json.dumps(branch.branch_name)}:\n"
                           f"            value: {annotation(ctx, branch)} = v[1]\n"
                           f"            return value")
            else:
                dec.append(f"    if v[0] == {json.dumps(branch.branch_name)}:\n"
                           f"            return {value}")
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
        elif branch.branch_name in marks and branch.kind == "bytes":
            dec.append(f"if isinstance(v, bytes):\n        return {marks[branch.branch_name]}(v)")
    dec.append("return v  # type: ignore[no-any-return]" if plain else
               "raise ValueError(\"no union branch matches\")")
    return helper

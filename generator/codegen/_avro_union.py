"""Which branch of an Avro union a Python value goes on, as the generated union helpers test it.

A value read from a branch that shares its Python class with another branch of the union (int
and long, float and double, bytes and fixed, two fixed types) comes back as an instance of that
branch's class (`_runtime.branch_class`: the runtime's read schema marks int/long and
float/double, the generated decoders mark bytes and fixed values) and is written on that branch
again, so a round trip gives the same bytes. Any other value goes on the first branch, in schema
order, whose Python type and range fit it: 2**40 is a long, never an int; a float goes on
`float` before `double` only when 32 bits hold it exactly; bytes fit a fixed of their size.
Records and enums are their own classes, so they need no marking.
"""

from __future__ import annotations

import json

from generator.codegen._avro_model import FixedModel, TypeNode
from generator.codegen._avro_types import Context

# Python classes that tell union branches apart, most specific first (bool is an int, a
# datetime a date): the tests of one class come together, in schema order within it.
BRANCH_CLASS = {
    "boolean": "bool", "int": "int", "long": "int", "float": "float", "double": "float",
    "string": "str", "bytes": "bytes", "fixed": "bytes", "uuid": "_uuid.UUID",
    "timestamp-millis": "_dt.datetime", "timestamp-micros": "_dt.datetime",
    "local-timestamp-millis": "_dt.datetime", "local-timestamp-micros": "_dt.datetime",
    "date": "_dt.date", "time-millis": "_dt.time", "time-micros": "_dt.time",
    "decimal": "_decimal.Decimal", "array": "list", "map": "dict",
}
CHECK_ORDER = ["bool", "_dt.datetime", "_dt.date", "_dt.time", "_decimal.Decimal", "_uuid.UUID",
               "int", "float", "str", "bytes", "list", "dict"]
INT_RANGE = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
# Branch kinds whose values can be marked with their branch, by the Python class they extend.
MARKABLE = {"int": "int", "long": "int", "float": "float", "double": "float", "bytes": "bytes",
            "fixed": "bytes"}


def python_class(ctx: Context, branch: TypeNode) -> str:
    if branch.kind in ("record", "enum"):
        assert branch.ref is not None
        return ctx.model.class_name(branch.ref)
    return BRANCH_CLASS.get(branch.kind, "bytes")


def marked(ctx: Context, node: TypeNode) -> list[TypeNode]:
    """The branches of `node` whose values are marked with their branch when read."""
    classes = [python_class(ctx, b) for b in node.branches if b.kind != "null"]
    return [b for b in node.branches
            if b.kind in MARKABLE and classes.count(python_class(ctx, b)) > 1]


def mark(ctx: Context, branch: TypeNode) -> str:
    """The module-level name of the class of values read from `branch` (bound once)."""
    source = f"_runtime.branch_class({MARKABLE[branch.kind]}, {json.dumps(branch.branch_name)})"
    short = branch.branch_name.rsplit(".", 1)[-1]
    for name in (f"_branch_{short}", "_branch_" + branch.branch_name.replace(".", "_")):
        if ctx.bindings.setdefault(name, source) == source:
            return name
    raise AssertionError(f"no free name for the branch class of {branch.branch_name}")


def branch_tests(ctx: Context, node: TypeNode) -> list[tuple[str, TypeNode]]:
    """(condition on `v`, branch) in the order the encoder tries them: marked values first,
    then each Python class in CHECK_ORDER (records and enums first), in schema order within it;
    a test that always holds ends its class."""
    tests = [(f"v.__class__ is {mark(ctx, b)}", b) for b in marked(ctx, node)]
    branches = [b for b in node.branches if b.kind != "null"]
    classes = [python_class(ctx, b) for b in branches]
    named = [c for c in classes if c not in CHECK_ORDER]
    for check in dict.fromkeys(named + CHECK_ORDER):
        group = [b for b, c in zip(branches, classes, strict=True) if c == check]
        if check == "float" and "int" not in classes:
            check = "(int, float)"  # mypy takes an int for a float: write it on a float branch
        for index, branch in enumerate(group):
            if branch.kind == "int" and any(b.kind == "long" for b in group[:index]):
                continue  # an earlier long takes every int
            condition = _fit(ctx, branch, later=group[index + 1:])
            tests.append((f"isinstance(v, {check}){condition}", branch))
            if not condition:
                break
    return tests


def _fit(ctx: Context, branch: TypeNode, later: list[TypeNode]) -> str:
    """What, beyond the Python class, a value needs to go on `branch` ("" for nothing)."""
    if branch.kind in INT_RANGE:
        low, high = INT_RANGE[branch.kind]
        return f" and {low} <= v <= {high}"
    if branch.kind == "float" and any(b.kind == "double" for b in later):
        return " and _runtime.fits_float(v)"
    if branch.kind == "fixed" and later:
        assert branch.ref is not None
        fixed = ctx.model.by_fullname[branch.ref]
        assert isinstance(fixed, FixedModel)
        return f" and len(v) == {fixed.size}"
    return ""

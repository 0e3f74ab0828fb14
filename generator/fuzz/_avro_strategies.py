"""Hypothesis strategies for any Avro schema.

Values come out in the form fastavro's `schemaless_writer` takes: records and maps as dicts,
arrays as lists, enums as their symbol, bytes and fixed as `bytes`, logical types as Python
objects (`uuid.UUID`, `date`, `time`, `datetime`, `Decimal`). A union value is a tuple
`(branch name, value)` — fastavro's tuple notation — so the branch is chosen explicitly and a
round trip is exact even when two branches could hold the same Python value. `plain()` strips
the tuples to get what a reader returns.

Recursion is bounded without relying on luck: every time a record is entered while it is already
being expanded, a budget goes down; at zero, unions leave out branches that need more records,
arrays and maps stay empty, and a schema with no finite value at all is a `StrategyError`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.catalog import AvroNode, parsed_avro
from generator.fuzz._errors import StrategyError

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

UTC = dt.UTC
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1


def avro_strategy(schema: Any, *, max_recursion: int = 3, max_size: int = 4) -> SearchStrategy[Any]:
    """A strategy of values valid under `schema` (an Avro JSON value or the catalog's
    `AvroNode`). Defaults are not validated: a reader meets a bad one on data."""
    node = schema if isinstance(schema, AvroNode) else parsed_avro(
        schema, validate_defaults=False).root
    strategy = _Builder(max_recursion, max_size).build(node, max_recursion)
    if strategy is None:
        raise StrategyError(
            f"{node.describe()} has no finite value: every path through it recurses forever",
            node.ptr)
    return strategy


def plain(value: Any) -> Any:
    """The value a reader returns for a generated value: union tuples replaced by their value."""
    if isinstance(value, tuple):
        return plain(value[1])
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _truncate_millis_time(value: dt.time) -> dt.time:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _truncate_millis(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _decimal(scale: int) -> Any:
    def build(unscaled: int) -> Decimal:
        return Decimal(unscaled).scaleb(-scale)

    return build


class _Builder:
    def __init__(self, max_recursion: int, max_size: int) -> None:
        self.max_recursion = max_recursion
        self.max_size = max_size
        self.memo: dict[tuple[int, int], SearchStrategy[Any] | None] = {}
        self.stack: list[AvroNode] = []
        self.plans: dict[int, _Plan] = {}  # id of a record strategy -> its plan

    def _size(self, budget: int) -> int:
        # Collections shrink as recursion deepens, so recursive trees stay small.
        return self.max_size if budget == self.max_recursion else max(1, budget)

    def build(self, node: AvroNode, budget: int) -> SearchStrategy[Any] | None:
        if node.kind == "record":
            if any(entry is node for entry in self.stack):
                if budget == 0:
                    return None
                budget -= 1
            key = (id(node), budget)
            if key not in self.memo:
                self.stack.append(node)
                try:
                    self.memo[key] = self._record(node, budget)
                finally:
                    self.stack.pop()
            return self.memo[key]
        return self._other(node, budget)

    def _record(self, node: AvroNode, budget: int) -> SearchStrategy[Any] | None:
        # A record is drawn as one composite over a plan: nested records are filled in by plain
        # Python recursion and only their leaves are drawn, because Hypothesis gives up on
        # draws nested more than 100 deep (a few levels of records each).
        plan: _Plan = []
        for field in node.fields:
            strategy = self.build(field.type, budget)
            if strategy is None:
                return None
            plan.append((field.name, self.plans.get(id(strategy), strategy)))
        strategy = _draw_record(plan)
        self.plans[id(strategy)] = plan
        return strategy

    def _other(self, node: AvroNode, budget: int) -> SearchStrategy[Any] | None:
        import hypothesis.strategies as st

        kind = node.kind
        if node.logical is not None:
            return self._logical(node)
        if kind == "union":
            options = []
            for branch in node.branches:
                strategy = self.build(branch, budget)
                if strategy is not None:
                    options.append(strategy.map(_tagger(branch.key)))
            return st.one_of(*options) if options else None
        if kind in ("array", "map"):
            items = self.build(node.items if kind == "array" else node.values, budget)
            if items is None:
                return st.just({} if kind == "map" else [])
            size = self._size(budget)
            if kind == "array":
                return st.lists(items, max_size=size)
            return st.dictionaries(st.text(max_size=8), items, max_size=size)
        if kind == "enum":
            return st.sampled_from(node.symbols) if node.symbols else None
        if kind == "fixed":
            return st.binary(min_size=node.size, max_size=node.size)
        return _primitive(kind, self.max_size * 4)

    def _logical(self, node: AvroNode) -> SearchStrategy[Any]:
        import hypothesis.strategies as st

        logical = node.logical or ""
        if logical == "uuid":
            return st.uuids()
        if logical == "date":
            return st.dates()
        if logical == "time-millis":
            return st.times().map(_truncate_millis_time)
        if logical == "time-micros":
            return st.times()
        if logical == "decimal":
            bound = 10**node.precision - 1
            return st.integers(-bound, bound).map(_decimal(node.scale))
        aware = logical in ("timestamp-millis", "timestamp-micros")
        values = st.datetimes(timezones=st.just(UTC)) if aware else st.datetimes()
        return values.map(_truncate_millis) if logical.endswith("millis") else values


_Plan = list[tuple[str, Any]]  # (field name, a strategy or a nested record's plan)


def _draw_record(plan: _Plan) -> SearchStrategy[Any]:
    import hypothesis.strategies as st

    @st.composite
    def record(draw: Any) -> dict[str, Any]:
        return _fill(draw, plan)

    return record()


def _fill(draw: Any, plan: _Plan) -> dict[str, Any]:
    return {name: _fill(draw, part) if isinstance(part, list) else draw(part)
            for name, part in plan}


def _tagger(name: str) -> Any:
    def tag(value: Any) -> tuple[str, Any]:
        return (name, value)

    return tag


def _primitive(kind: str, size: int) -> SearchStrategy[Any]:
    import hypothesis.strategies as st

    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "int":
        return st.integers(INT_MIN, INT_MAX)
    if kind == "long":
        return st.integers(LONG_MIN, LONG_MAX)
    if kind == "float":
        return st.floats(width=32)
    if kind == "double":
        return st.floats()
    if kind == "bytes":
        return st.binary(max_size=size)
    if kind == "string":
        return st.text(max_size=size)
    raise StrategyError(f"unknown Avro type {kind!r}")

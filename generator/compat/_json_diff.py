"""Confluent's JSON Schema diff over `Node`s: the comparison context and the per-type rules.

`compare(ctx, original, update)` walks the old (writer) and the new (reader) schema together and
records every difference, compatible or not, with Confluent's path ("#/properties/foo/type") and
RFC 6901 pointers into both documents. Pairs of nodes are memoized, and a pair met again while it
is being compared (a recursive `$ref`) is assumed compatible; `diff` repeats the walk until the
pairs found incompatible stop changing, as Confluent does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from generator._pointer import join
from generator.compat._json_model import (
    ARRAY,
    COMBINED,
    CONST,
    EMPTY,
    ENUM,
    FALSE,
    NOT,
    NUMBER,
    OBJECT,
    REF,
    STRING,
    TRUE,
    Node,
    value_key,
)
from generator.compat._json_rules import is_compatible


@dataclass(frozen=True)
class Diff:
    kind: str
    path: tuple[str, ...]  # Confluent's path segments
    writer_pointer: str
    reader_pointer: str
    detail: str = ""  # for the finding's sentence: TYPE_CHANGED says " from string to integer"

    @property
    def confluent_path(self) -> str:
        return "#/" + "/".join(self.path)


PairKey = tuple[int, int]


@dataclass
class _Shared:
    seed: dict[PairKey, list[Diff]]
    memo: dict[PairKey, list[Diff]] = field(default_factory=dict)
    in_progress: set[PairKey] = field(default_factory=set)
    optimism: bool = False


class Context:
    def __init__(self, shared: _Shared, path: list[str], here: tuple[str, str]) -> None:
        self.shared = shared
        self.path = list(path)
        self.here = here  # pointers (writer, reader) of the pair being compared
        self.diffs: list[Diff] = []

    def sub(self) -> Context:
        return Context(self.shared, self.path, self.here)

    @contextmanager
    def enter(self, *segments: str) -> Iterator[None]:
        self.path.extend(segments)
        try:
            yield
        finally:
            del self.path[len(self.path) - len(segments):]

    def add(self, kind: str, attr: str | None = None, writer: str | None = None,
            reader: str | None = None, detail: str = "") -> None:
        path = (*self.path, attr) if attr else tuple(self.path)
        self.diffs.append(Diff(kind, path, writer if writer is not None else self.here[0],
                               reader if reader is not None else self.here[1], detail))

    def extend(self, diffs: list[Diff]) -> None:
        self.diffs.extend(diffs)

    def compatible(self) -> bool:
        return all(is_compatible(d.kind) for d in self.diffs)


def pointer(node: Node | None, *keys: str | int, fallback: str = "") -> str:
    """The pointer of `node`'s first key present in its JSON object (else of `node` itself)."""
    if node is None:
        return fallback
    raw = node.raw
    for key in keys:
        first = key.split("/")[0] if isinstance(key, str) else key
        if isinstance(raw, dict) and first in raw:
            return node.pointer + join(str(key).split("/"))
    return node.pointer


def diff(original: Node, update: Node) -> list[Diff]:
    seed: dict[PairKey, list[Diff]] = {}
    while True:
        shared = _Shared(seed)
        ctx = Context(shared, [], (original.pointer, update.pointer))
        compare(ctx, original, update)
        incompatible = {k: v for k, v in shared.memo.items()
                        if not all(is_compatible(d.kind) for d in v)}
        if not shared.optimism or incompatible.keys() == seed.keys():
            return ctx.diffs
        seed = incompatible


def _normalize(node: Node) -> Node:
    seen = 0
    while node.kind == REF and seen < 64:
        node = node.owner.resolve(node)
        seen += 1
    return node


def compare(ctx: Context, original: Node | None, update: Node | None) -> None:
    if original is None and update is None:
        return
    if original is None:
        ctx.add("SCHEMA_ADDED", reader=update.pointer if update else None)
        return
    if update is None:
        ctx.add("SCHEMA_REMOVED", writer=original.pointer)
        return
    o, u = _normalize(original), _normalize(update)
    key = (id(o), id(u))
    shared = ctx.shared
    cached = shared.memo.get(key)
    if cached is None:
        if key in shared.in_progress:
            seeded = shared.seed.get(key)
            if seeded is None:
                shared.optimism = True
                return
            cached = seeded
        else:
            shared.in_progress.add(key)
            try:
                sub = Context(shared, [], (o.pointer, u.pointer))
                _compare_types(sub, o, u)
                cached = shared.memo[key] = list(sub.diffs)
            finally:
                shared.in_progress.discard(key)
    for d in cached:
        ctx.diffs.append(Diff(d.kind, (*ctx.path, *d.path), d.writer_pointer, d.reader_pointer,
                              d.detail))


def types_equal(a: Node, b: Node) -> bool:
    return a.kind == b.kind or (a.kind == COMBINED and b.kind == COMBINED)


def describe(node: Node, depth: int = 0) -> str:
    """What a schema accepts, in a few words: "integer", "string or null", "an enum"."""
    kind = node.kind
    if kind == NUMBER:
        return "integer" if node.requires_integer else "number"
    if kind in (ENUM, CONST):
        return f"an {kind}" if kind == ENUM else "a const"
    if kind == REF and node.target is not None and depth < 3:
        return describe(node.target, depth + 1)
    if kind == COMBINED and depth < 3:
        parts = [describe(s, depth + 1) for s in node.subschemas]
        joiner = " and " if node.criterion == "allOf" else " or "
        return joiner.join(parts) if parts else f"an empty {node.criterion}"
    return {EMPTY: "any value", TRUE: "any value", FALSE: "no value", NOT: "a `not` schema",
            COMBINED: "a combination of schemas"}.get(kind, kind)


def _try_branches(ctx: Context, pairs: list[tuple[Node, Node]], extra: str | None) -> bool:
    for o, u in pairs:
        sub = ctx.sub()
        compare(sub, o, u)
        if sub.compatible():
            ctx.extend(sub.diffs)
            if extra:
                ctx.add(extra)
            return True
    return False


def _singleton_or_branch(ctx: Context, o: Node, u: Node) -> bool:
    """A plain schema against a union (or the reverse) that one branch makes compatible."""
    if o.kind != COMBINED and u.kind == COMBINED:
        if len(u.subschemas) == 1:
            return _try_branches(ctx, [(o, u.subschemas[0])], None)
        if u.criterion in ("anyOf", "oneOf"):
            return _try_branches(ctx, [(o, s) for s in u.subschemas], "SUM_TYPE_EXTENDED")
    elif o.kind == COMBINED and u.kind != COMBINED:
        if len(o.subschemas) == 1:
            return _try_branches(ctx, [(o.subschemas[0], u)], None)
        if o.criterion == "allOf":
            return _try_branches(ctx, [(s, u) for s in o.subschemas], "PRODUCT_TYPE_NARROWED")
    return False


def _compare_types(ctx: Context, o: Node, u: Node) -> None:
    if _singleton_or_branch(ctx, o, u):
        return
    if not types_equal(o, u):
        if o.kind == FALSE or u.is_empty:
            return
        if o.unprocessed.get("connect.type") == "bytes" == u.unprocessed.get("connect.type"):
            return
        ctx.add("TYPE_CHANGED", writer=pointer(o, "type"), reader=pointer(u, "type"),
                detail=f" from {describe(o)} to {describe(u)}")
        return
    for kind, a, b in (("ID_CHANGED", o.id, u.id), ("TITLE_CHANGED", o.title, u.title),
                       ("DESCRIPTION_CHANGED", o.description, u.description)):
        if a != b:
            ctx.add(kind)
    if (value_key(o.default) if o.has_default() else None) != (
            value_key(u.default) if u.has_default() else None):
        ctx.add("DEFAULT_CHANGED")
    _DISPATCH.get(o.kind, _nothing)(ctx, o, u)


def _nothing(ctx: Context, o: Node, u: Node) -> None:
    return None


def _bound(ctx: Context, o: Node, u: Node, key: str, a: Any, b: Any, name: str) -> None:
    """ADDED / REMOVED / INCREASED / DECREASED for one numeric keyword."""
    if a == b or (a is None and b is None):
        return
    if a is None:
        kind = "ADDED"
    elif b is None:
        kind = "REMOVED"
    elif a < b:
        kind = "INCREASED"
    elif a > b:
        kind = "DECREASED"
    else:
        return
    ctx.add(f"{name}_{kind}", key, pointer(o, key), pointer(u, key))


def _string(ctx: Context, o: Node, u: Node) -> None:
    _bound(ctx, o, u, "maxLength", o.max_length, u.max_length, "MAX_LENGTH")
    _bound(ctx, o, u, "minLength", o.min_length, u.min_length, "MIN_LENGTH")
    if o.pattern != u.pattern:
        kind = ("PATTERN_ADDED" if o.pattern is None else
                "PATTERN_REMOVED" if u.pattern is None else "PATTERN_CHANGED")
        ctx.add(kind, "pattern", pointer(o, "pattern"), pointer(u, "pattern"))


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _number(ctx: Context, o: Node, u: Node) -> None:
    _bound(ctx, o, u, "maximum", o.maximum, u.maximum, "MAXIMUM")
    _bound(ctx, o, u, "minimum", o.minimum, u.minimum, "MINIMUM")
    a, b = o.exclusive_maximum, u.exclusive_maximum
    if a != b:
        if a is None or b is None or a < b:
            _bound(ctx, o, u, "exclusiveMaximum", a, b, "EXCLUSIVE_MAXIMUM")
        elif u.maximum is None or a > u.maximum:
            # Confluent compares the old exclusiveMaximum with the new `maximum` here (and
            # fails when there is none); a lowered exclusiveMaximum is reported either way.
            ctx.add("EXCLUSIVE_MAXIMUM_DECREASED", "exclusiveMaximum",
                    pointer(o, "exclusiveMaximum"), pointer(u, "exclusiveMaximum"))
    _bound(ctx, o, u, "exclusiveMinimum", o.exclusive_minimum, u.exclusive_minimum,
           "EXCLUSIVE_MINIMUM")
    old, new = _decimal(o.multiple_of), _decimal(u.multiple_of)
    if not (old == new or (old is None and new is None)):
        if old is None:
            kind = "MULTIPLE_OF_ADDED"
        elif new is None:
            kind = "MULTIPLE_OF_REMOVED"
        elif old != 0 and new % old == 0:
            kind = "MULTIPLE_OF_EXPANDED"
        elif new != 0 and old % new == 0:
            kind = "MULTIPLE_OF_REDUCED"
        else:
            kind = "MULTIPLE_OF_CHANGED"
        ctx.add(kind, "multipleOf", pointer(o, "multipleOf"), pointer(u, "multipleOf"))
    if o.requires_integer != u.requires_integer:
        ctx.add("TYPE_EXTENDED" if o.requires_integer else "TYPE_NARROWED",
                writer=pointer(o, "type"), reader=pointer(u, "type"))


def _enum(ctx: Context, o: Node, u: Node) -> None:
    old = {value_key(v) for v in o.values}
    new = {value_key(v) for v in u.values}
    if old != new:
        kind = ("ENUM_ARRAY_EXTENDED" if new >= old else
                "ENUM_ARRAY_NARROWED" if old >= new else "ENUM_ARRAY_CHANGED")
        ctx.add(kind, "enum", pointer(o, "enum"), pointer(u, "enum"))


def _const(ctx: Context, o: Node, u: Node) -> None:
    if value_key(o.const) != value_key(u.const):
        ctx.add("ENUM_ARRAY_CHANGED", "const", pointer(o, "const"), pointer(u, "const"))


def _not(ctx: Context, o: Node, u: Node) -> None:
    with ctx.enter("not"):
        sub = ctx.sub()
        compare(sub, u.must_not, o.must_not)  # reversed: the excluded set must not grow
        ctx.add("NOT_TYPE_NARROWED" if sub.compatible() else "NOT_TYPE_EXTENDED",
                writer=pointer(o, "not"), reader=pointer(u, "not"))


def canon(node: Node, depth: int = 0) -> str:
    """A structural key for a schema node (Confluent dedups equal subschemas)."""
    if node.kind == REF or depth > 32:
        return json.dumps({"$ref": node.ref, "kind": node.kind})
    skip = {"pointer", "raw", "owner", "target"}
    parts: dict[str, Any] = {}
    for name, value in vars(node).items():
        if name in skip or value is None or value == [] or value == {}:
            continue
        if isinstance(value, Node):
            parts[name] = canon(value, depth + 1)
        elif isinstance(value, list):
            parts[name] = [canon(v, depth + 1) if isinstance(v, Node) else
                           [v[0], canon(v[1], depth + 1)] if isinstance(v, tuple) else
                           value_key(v) for v in value]
        elif isinstance(value, dict):
            parts[name] = {k: canon(v, depth + 1) if isinstance(v, Node) else
                           sorted(v) if isinstance(v, set) else value_key(v)
                           for k, v in value.items()}
        elif name == "default":
            if node.has_default():
                parts[name] = value_key(value)
        else:
            parts[name] = value_key(value)
    return json.dumps(parts, sort_keys=True, default=repr)


def _dedupe(nodes: list[Node]) -> list[Node]:
    seen: dict[str, Node] = {}
    for node in nodes:
        seen.setdefault(canon(node), node)
    return list(seen.values())


def _max_matching(edges: dict[tuple[int, int], list[Diff]], left: int) -> list[tuple[int, int]]:
    adjacency: dict[int, list[int]] = {}
    for i, j in edges:
        adjacency.setdefault(i, []).append(j)
    match_right: dict[int, int] = {}

    def augment(i: int, visited: set[int]) -> bool:
        for j in adjacency.get(i, []):
            if j in visited:
                continue
            visited.add(j)
            if j not in match_right or augment(match_right[j], visited):
                match_right[j] = i
                return True
        return False

    for i in range(left):
        augment(i, set())
    return sorted((i, j) for j, i in match_right.items())


def _criteria(ctx: Context, o: Node, u: Node) -> str | None:
    if o.criterion == u.criterion:
        return None
    one_o, one_u = len(o.subschemas) == 1, len(u.subschemas) == 1
    if (u.criterion == "anyOf" or (one_o and one_u) or (one_o and u.criterion == "oneOf")
            or (one_u and o.criterion == "allOf")):
        kind = "COMBINED_TYPE_EXTENDED"
    else:
        kind = "COMBINED_TYPE_CHANGED"
    ctx.add(kind, writer=pointer(o, o.criterion), reader=pointer(u, u.criterion))
    return kind


def _combined(ctx: Context, o: Node, u: Node) -> None:
    if _criteria(ctx, o, u) == "COMBINED_TYPE_CHANGED":
        return
    olds, news = _dedupe(o.subschemas), _dedupe(u.subschemas)
    here = (pointer(o, o.criterion), pointer(u, u.criterion))
    if len(olds) < len(news):
        ctx.add("PRODUCT_TYPE_EXTENDED" if u.criterion == "allOf" else "SUM_TYPE_EXTENDED",
                writer=here[0], reader=here[1])
    elif len(olds) > len(news):
        ctx.add("SUM_TYPE_NARROWED" if o.criterion in ("anyOf", "oneOf") else
                "PRODUCT_TYPE_NARROWED", writer=here[0], reader=here[1])
    edges: dict[tuple[int, int], list[Diff]] = {}
    for i, old in enumerate(olds):
        with ctx.enter(o.criterion, str(i)):
            for j, new in enumerate(news):
                sub = ctx.sub()
                compare(sub, old, new)
                if sub.compatible():
                    edges[(i, j)] = sub.diffs
    matching = _max_matching(edges, len(olds))
    for edge in matching:
        ctx.extend(edges[edge])
    if len(matching) < min(len(olds), len(news)):
        ctx.add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", writer=here[0], reader=here[1])


def _object(ctx: Context, o: Node, u: Node) -> None:
    from generator.compat._json_objects import compare_objects

    compare_objects(ctx, o, u)


def _array(ctx: Context, o: Node, u: Node) -> None:
    from generator.compat._json_objects import compare_arrays

    compare_arrays(ctx, o, u)


_DISPATCH: dict[str, Callable[[Context, Node, Node], None]] = {
    STRING: _string, NUMBER: _number, CONST: _const, ENUM: _enum, COMBINED: _combined,
    NOT: _not, OBJECT: _object, ARRAY: _array,
}

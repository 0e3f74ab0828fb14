"""Confluent's diff rules for objects and arrays: open, closed and partially open content models.

An object is *open* when any additional property is allowed (no `additionalProperties` schema
or `false`, no `patternProperties`, `unevaluatedProperties` absent or true), *closed* when none
is, and *partially open* when a pattern, additional or unevaluated properties schema decides.
Adding a property to an open model, or removing one from a closed model, is what breaks old
data; for a partially open model the property's schema is compared with the one that covered it.
Tuples (`items` arrays / `prefixItems`) follow the same rules with `additionalItems`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from generator._pointer import escape
from generator.compat._json_diff import Context, compare, pointer
from generator.compat._json_model import FALSE, Node


def _is_open(node: Node) -> bool:
    if not node.additional_allowed or node.additional_schema is not None:
        return False
    if node.pattern_properties:
        return False
    return node.unevaluated is None or node.unevaluated.is_empty


def _unevaluated_partial(node: Node) -> Node | None:
    uneval = node.unevaluated
    if (node.additional_allowed and node.additional_schema is None and uneval is not None
            and uneval.kind != FALSE and not uneval.is_empty):
        return uneval
    return None


def _property_partial(node: Node, name: str) -> Node | None:
    for regex, schema in node.pattern_properties:
        try:
            if re.search(regex, name):
                return schema
        except re.error:
            continue
    if node.additional_schema is not None:
        return node.additional_schema
    return _unevaluated_partial(node)


def _covered(ctx: Context, old: Node, new: Node, kind: str) -> None:
    """Compare a property/item with the schema that covers it on the other side."""
    sub = ctx.sub()
    compare(sub, old, new)
    ctx.extend(sub.diffs)
    ctx.add(f"{kind}_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if sub.compatible() else
            f"{kind}_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            writer=old.pointer, reader=new.pointer)


def compare_objects(ctx: Context, o: Node, u: Node) -> None:
    _required(ctx, o, u)
    _properties(ctx, o, u)
    _dependencies(ctx, o, u)
    with ctx.enter("additionalProperties"):
        _additional(ctx, o, u, "PROPERTIES", ("additionalProperties",))
    _unevaluated(ctx, o, u, "PROPERTIES", "unevaluatedProperties")
    _attribute(ctx, o, u, "maxProperties", "MAX_PROPERTIES")
    _attribute(ctx, o, u, "minProperties", "MIN_PROPERTIES")


def _required(ctx: Context, o: Node, u: Node) -> None:
    with ctx.enter("required"):
        for name in o.properties:
            if name not in u.properties:
                continue
            was, now = name in o.required, name in u.required
            if was and not now:
                kind = "REQUIRED_ATTRIBUTE_REMOVED"
            elif now and not was:
                kind = ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" if u.properties[name].has_default()
                        else "REQUIRED_ATTRIBUTE_ADDED")
            else:
                continue
            ctx.add(kind, name, pointer(o, "required"), pointer(u, "required"))


def _properties(ctx: Context, o: Node, u: Node) -> None:
    names = [*o.properties, *(n for n in u.properties if n not in o.properties)]
    for name in names:
        with ctx.enter("properties", name):
            old, new = o.properties.get(name), u.properties.get(name)
            if new is None and old is not None:
                ctx.here = (old.pointer, pointer(u, "properties"))
                _property_removed(ctx, old, u, name)
            elif old is None and new is not None:
                ctx.here = (pointer(o, "properties"), new.pointer)
                _property_added(ctx, o, u, new, name)
            else:
                compare(ctx, old, new)
    ctx.here = (o.pointer, u.pointer)


def _property_removed(ctx: Context, old: Node, u: Node, name: str) -> None:
    if _is_open(u):
        ctx.add("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL")
        return
    partial = _property_partial(u, name)
    if partial is not None:
        _covered(ctx, old, partial, "PROPERTY_REMOVED")
    elif old.kind == FALSE:
        ctx.add("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
    else:
        ctx.add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")


def _property_added(ctx: Context, o: Node, u: Node, new: Node, name: str) -> None:
    required = name in u.required
    if _is_open(o):
        if new.is_empty:
            ctx.add("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL")
        elif required:
            ctx.add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
                    if new.has_default() else "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        else:
            ctx.add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        return
    partial = _property_partial(o, name)
    if partial is not None:
        _covered(ctx, partial, new, "PROPERTY_ADDED")
    if required:
        ctx.add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
                if new.has_default() else "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
    else:
        ctx.add("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")


_DEPENDENCY_KEYS = ("dependencies", "dependentRequired", "dependentSchemas")


def _dependency_pointer(node: Node, name: str) -> str:
    for key in _DEPENDENCY_KEYS:
        raw = node.raw.get(key) if isinstance(node.raw, dict) else None
        if isinstance(raw, dict) and name in raw:
            return f"{node.pointer}/{key}/{escape(name)}"
    return pointer(node, *_DEPENDENCY_KEYS)


def _dependencies(ctx: Context, o: Node, u: Node) -> None:
    with ctx.enter("dependencies"):
        old_deps, new_deps = o.property_dependencies, u.property_dependencies
        for name in [*old_deps, *(n for n in new_deps if n not in old_deps)]:
            old, new = old_deps.get(name), new_deps.get(name)
            where = (_dependency_pointer(o, name), _dependency_pointer(u, name))
            if new is None:
                kind = "DEPENDENCY_ARRAY_REMOVED"
            elif old is None:
                kind = "DEPENDENCY_ARRAY_ADDED"
            elif old == new:
                continue
            else:
                kind = ("DEPENDENCY_ARRAY_EXTENDED" if new >= old else
                        "DEPENDENCY_ARRAY_NARROWED" if old >= new else "DEPENDENCY_ARRAY_CHANGED")
            ctx.add(kind, name, *where)
        old_schemas, new_schemas = o.schema_dependencies, u.schema_dependencies
        for name in [*old_schemas, *(n for n in new_schemas if n not in old_schemas)]:
            before, after = old_schemas.get(name), new_schemas.get(name)
            where = (_dependency_pointer(o, name), _dependency_pointer(u, name))
            if after is None:
                ctx.add("DEPENDENCY_SCHEMA_REMOVED", name, *where)
            elif before is None:
                ctx.add("DEPENDENCY_SCHEMA_ADDED", name, *where)
            else:
                with ctx.enter(name):
                    compare(ctx, before, after)


def _additional(ctx: Context, o: Node, u: Node, what: str, keys: tuple[str, ...]) -> None:
    where = (pointer(o, *keys), pointer(u, *keys))
    if o.additional_allowed != u.additional_allowed:
        removed = o.additional_allowed if what == "ITEMS" else not u.additional_allowed
        ctx.add(f"ADDITIONAL_{what}_{'REMOVED' if removed else 'ADDED'}", None, *where)
    elif o.additional_schema is None and u.additional_schema is not None:
        ctx.add(f"ADDITIONAL_{what}_NARROWED", None, *where)
    elif u.additional_schema is None and o.additional_schema is not None:
        ctx.add(f"ADDITIONAL_{what}_EXTENDED", None, *where)
    else:
        compare(ctx, o.additional_schema, u.additional_schema)


def _unevaluated(ctx: Context, o: Node, u: Node, what: str, key: str) -> None:
    old, new = o.unevaluated, u.unevaluated
    if old is None and new is None:
        return
    where = (pointer(o, key), pointer(u, key))
    with ctx.enter(key):
        prefix = f"UNEVALUATED_{what}_"
        if old is None:
            kind = "REMOVED" if new is not None and new.kind == FALSE else "NARROWED"
        elif new is None:
            kind = "ADDED" if old.kind == FALSE else "EXTENDED"
        elif old.kind == FALSE and new.kind != FALSE:
            kind = "ADDED"
        elif old.kind != FALSE and new.kind == FALSE:
            kind = "REMOVED"
        elif old.is_empty and not new.is_empty:
            kind = "NARROWED"
        elif not old.is_empty and new.is_empty:
            kind = "EXTENDED"
        else:
            compare(ctx, old, new)
            return
        ctx.add(prefix + kind, None, *where)


def _attribute(ctx: Context, o: Node, u: Node, key: str, name: str) -> None:
    attr = re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()
    a, b = _count(o, key, attr), _count(u, key, attr)
    if a == b:
        return
    kind = ("ADDED" if a is None else "REMOVED" if b is None else
            "INCREASED" if a < b else "DECREASED")
    ctx.add(f"{name}_{kind}", key, pointer(o, key), pointer(u, key))


def _count(node: Node, key: str, attr: str) -> Any:
    value = getattr(node, attr)
    if value is None and key in ("minContains", "maxContains"):
        value = node.unprocessed.get(key)  # draft 7 keeps them as unknown keywords
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


# --- arrays ----------------------------------------------------------------------------------
def _is_open_array(node: Node) -> bool:
    if not node.additional_allowed or node.additional_schema is not None:
        return False
    return node.unevaluated is None or node.unevaluated.is_empty


def _item_partial(node: Node) -> Node | None:
    if node.additional_schema is not None:
        return node.additional_schema
    return _unevaluated_partial(node)


def compare_arrays(ctx: Context, o: Node, u: Node) -> None:
    with ctx.enter("items"):
        compare(ctx, o.all_items, u.all_items)
    _tuples(ctx, o, u)
    with ctx.enter("additionalItems"):
        _additional(ctx, o, u, "ITEMS", ("additionalItems", "items"))
    _unevaluated(ctx, o, u, "ITEMS", "unevaluatedItems")
    _attribute(ctx, o, u, "maxItems", "MAX_ITEMS")
    _attribute(ctx, o, u, "minItems", "MIN_ITEMS")
    if o.unique_items != u.unique_items:
        ctx.add("UNIQUE_ITEMS_REMOVED" if o.unique_items else "UNIQUE_ITEMS_ADDED",
                "uniqueItems", pointer(o, "uniqueItems"), pointer(u, "uniqueItems"))
    _attribute(ctx, o, u, "maxContains", "MAX_CONTAINS")
    _attribute(ctx, o, u, "minContains", "MIN_CONTAINS")


def _tuples(ctx: Context, o: Node, u: Node) -> None:
    olds, news = o.item_schemas, u.item_schemas
    for index in range(max(len(olds), len(news))):
        with ctx.enter("items", str(index)):
            if index < len(olds) and index < len(news):
                compare(ctx, olds[index], news[index])
            elif index < len(olds):
                old = olds[index]
                ctx.here = (old.pointer, pointer(u, "prefixItems", "items"))
                if _is_open_array(u):
                    ctx.add("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL")
                elif (partial := _item_partial(u)) is not None:
                    _covered(ctx, old, partial, "ITEM_REMOVED")
                elif old.kind == FALSE:
                    ctx.add("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
                else:
                    ctx.add("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL")
            else:
                new = news[index]
                ctx.here = (pointer(o, "prefixItems", "items"), new.pointer)
                if _is_open_array(o):
                    ctx.add("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL" if new.is_empty
                            else "ITEM_ADDED_TO_OPEN_CONTENT_MODEL")
                elif (partial := _item_partial(o)) is not None:
                    _covered(ctx, partial, new, "ITEM_ADDED")
                else:
                    ctx.add("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL")
    ctx.here = (o.pointer, u.pointer)

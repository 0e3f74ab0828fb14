"""2019-09 / 2020-12 documents, shaped the way Confluent translates them for its diff.

Confluent loads modern drafts with json-sKema, which keeps one small schema per keyword, and
translates them into Everit schema objects: keyword schemas of the same family (string, number,
object, array) merge into one; different families become a generated `allOf`; a `type` array is
a generated `anyOf` of bare types into which the matching keywords merge; an empty `properties`
contributes nothing. Subschemas of `allOf`/`anyOf`/`oneOf` that came out as generated `allOf`s
are flattened into the parent list.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from generator.compat._json_model import (
    ARRAY,
    BOOLEAN,
    COMBINED,
    CONDITIONAL,
    CONST,
    CRITERIA,
    EMPTY,
    NOT,
    NULL,
    NUMBER,
    OBJECT,
    REF,
    STRING,
    Node,
)

if TYPE_CHECKING:
    from generator.compat._json_model import Document

KNOWN = frozenset((
    "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$comment",
    "$vocabulary", "minLength", "maxLength", "allOf", "anyOf", "oneOf", "additionalProperties",
    "properties", "patternProperties", "title", "description", "readOnly", "writeOnly",
    "deprecated", "default", "enum", "const", "type", "not", "required", "maximum", "minimum",
    "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "uniqueItems", "items", "prefixItems",
    "contains", "minContains", "maxContains", "if", "then", "else", "dependentSchemas",
    "dependentRequired", "unevaluatedItems", "unevaluatedProperties", "minItems", "maxItems",
    "minProperties", "maxProperties", "propertyNames", "pattern", "format",
))
_MERGEABLE = (ARRAY, NUMBER, OBJECT, STRING)
_TYPES = {"string": STRING, "integer": NUMBER, "number": NUMBER, "boolean": BOOLEAN,
          "null": NULL, "array": ARRAY, "object": OBJECT}


def load_object_2020(doc: Document, raw: dict[str, Any], pointer: str) -> Node:
    products: list[Node] = []
    conditional = False
    for key, value in raw.items():
        product = _keyword(doc, raw, pointer, key, value)
        if product is not None:
            if product.kind == CONDITIONAL:
                if conditional:
                    continue
                conditional = True
            products.append(product)
    for name, sub in _mapping(doc, raw, pointer, "properties").items():
        products.append(Node(OBJECT, pointer, raw,
                             properties={name: doc.child(sub, pointer, "properties", name)}))
    for regex, sub in _mapping(doc, raw, pointer, "patternProperties").items():
        products.append(Node(OBJECT, pointer, raw, pattern_properties=[
            (regex, doc.child(sub, pointer, "patternProperties", regex))]))
    if "unevaluatedItems" in raw:
        products.append(Node(ARRAY, pointer, raw, unevaluated=doc.child(
            raw["unevaluatedItems"], pointer, "unevaluatedItems")))
    if "unevaluatedProperties" in raw:
        products.append(Node(OBJECT, pointer, raw, unevaluated=doc.child(
            raw["unevaluatedProperties"], pointer, "unevaluatedProperties")))
    result: Node | None = None
    for product in products:
        result = product if result is None else join("composite", result, product)
    if result is None:
        result = Node(EMPTY, pointer, raw)
    elif result.kind == COMBINED and result.generated and result.criterion == "allOf":
        if not result.subschemas:
            result = Node(EMPTY, pointer, raw)
        elif len(result.subschemas) == 1:
            result = copy.copy(result.subschemas[0])
    result.title = raw.get("title")
    result.description = raw.get("description")
    if "default" in raw:
        result.default = raw["default"]
    unknown = {k: v for k, v in raw.items() if k not in KNOWN}
    defs = raw.get("$defs")
    if pointer == "" and isinstance(raw.get("definitions"), dict):
        defs = {**raw["definitions"], **(defs if isinstance(defs, dict) else {})}
    if isinstance(defs, dict) and defs:
        unknown["$defs"] = defs
    if unknown:  # the translator replaces the unprocessed map, dropping what keywords put there
        result.unprocessed = unknown
        if result.kind in (OBJECT, ARRAY):
            result.unevaluated = None
            result.min_contains = result.max_contains = None
    return result


def _mapping(doc: Document, raw: dict[str, Any], pointer: str, key: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        doc.fail(pointer + "/" + key, f"{key} must be an object")
    return dict(value)


def _keyword(doc: Document, raw: dict[str, Any], pointer: str, key: str,
             value: Any) -> Node | None:
    if key == "$ref":
        if not isinstance(value, str):
            doc.fail(pointer, "$ref must be a string")
        return Node(REF, pointer, raw, ref=value, owner=doc)
    if key == "type":
        if isinstance(value, list):
            return Node(COMBINED, pointer, raw, criterion="anyOf", generated=True,
                        subschemas=[_bare_type(doc, raw, pointer, t) for t in value])
        return _bare_type(doc, raw, pointer, value)
    if key in ("minLength", "maxLength", "pattern"):
        node = doc._string({key: value}, pointer)
        node.raw = raw
        return node
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        node = Node(NUMBER, pointer, raw)
        setattr(node, _NUMBER_ATTRS[key], doc._num(raw, pointer, key))
        return node
    if key in ("required", "minProperties", "maxProperties", "additionalProperties",
               "dependentRequired", "dependentSchemas", "propertyNames"):
        return _object_keyword(doc, raw, pointer, key, value)
    if key in ("prefixItems", "items", "minItems", "maxItems", "uniqueItems", "contains"):
        return _array_keyword(doc, raw, pointer, key, value)
    if key == "enum":
        return doc._enum(raw, pointer)
    if key == "const":
        return Node(CONST, pointer, raw, const=value)
    if key == "not":
        return Node(NOT, pointer, raw, must_not=doc.child(value, pointer, "not"))
    if key in CRITERIA:
        if not isinstance(value, list):
            doc.fail(pointer + "/" + key, f"{key} must be an array")
        result = Node(COMBINED, pointer, raw, criterion=key)
        for i, item in enumerate(value):
            result = join(key, result, doc.child(item, pointer, key, i))
        return result
    if key in ("if", "then", "else"):
        return Node(CONDITIONAL, pointer, raw)
    return None


_NUMBER_ATTRS = {"minimum": "minimum", "maximum": "maximum", "multipleOf": "multiple_of",
                 "exclusiveMinimum": "exclusive_minimum", "exclusiveMaximum": "exclusive_maximum"}


def _bare_type(doc: Document, raw: dict[str, Any], pointer: str, name: Any) -> Node:
    kind = _TYPES.get(name) if isinstance(name, str) else None
    if kind is None:
        doc.fail(pointer + "/type", f"unknown type {name!r}")
    return Node(kind, pointer, raw, requires_integer=name == "integer")


def _object_keyword(doc: Document, raw: dict[str, Any], pointer: str, key: str,
                    value: Any) -> Node:
    node = Node(OBJECT, pointer, raw)
    if key == "required":
        node.required = doc._names(value, pointer + "/required")
    elif key in ("minProperties", "maxProperties"):
        setattr(node, "min_properties" if key == "minProperties" else "max_properties",
                doc._int(raw, pointer, key))
    elif key == "additionalProperties":
        if value is False:
            node.additional_allowed = False
        elif value is not True:
            node.additional_schema = doc.child(value, pointer, key)
    elif key == "dependentRequired":
        for name, names in _mapping(doc, raw, pointer, key).items():
            listed = doc._names(names, f"{pointer}/{key}/{name}")
            if listed:
                node.property_dependencies[name] = set(listed)
    elif key == "dependentSchemas":
        for name, sub in _mapping(doc, raw, pointer, key).items():
            node.schema_dependencies[name] = doc.child(sub, pointer, key, name)
    return node


def _array_keyword(doc: Document, raw: dict[str, Any], pointer: str, key: str,
                   value: Any) -> Node:
    node = Node(ARRAY, pointer, raw)
    if key == "prefixItems":
        if not isinstance(value, list):
            doc.fail(pointer + "/prefixItems", "prefixItems must be an array")
        node.item_schemas = [doc.child(s, pointer, key, i) for i, s in enumerate(value)]
    elif key == "items":
        if value is False:
            node.additional_allowed = False
        elif value is not True:
            sub = doc.child(value, pointer, key)
            if isinstance(raw.get("prefixItems"), list) and raw["prefixItems"]:
                node.additional_schema = sub
            else:
                node.all_items = sub
    elif key in ("minItems", "maxItems"):
        setattr(node, "min_items" if key == "minItems" else "max_items",
                doc._int(raw, pointer, key))
    elif key == "uniqueItems":
        node.unique_items = value is True
    elif key == "contains":
        doc.child(value, pointer, key)
        # The contains keyword carries its bounds; a bound that is no number is read as absent,
        # so minContains falls back to its default 1, which the translator always records
        # (adding `contains` is thus MIN_CONTAINS_ADDED, and an explicit 1 is no change).
        node.min_contains = _bound(raw.get("minContains"), 1)
        node.max_contains = _bound(raw.get("maxContains"), None)
    return node


def _bound(value: Any, absent: int | None) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else absent


def _types_equal(a: Node, b: Node) -> bool:
    return a.kind == b.kind or (a.kind == COMBINED and b.kind == COMBINED)


def _is_generated(node: Node, criterion: str) -> bool:
    return node.kind == COMBINED and node.generated and node.criterion == criterion


def _flatten(node: Node) -> list[Node]:
    return list(node.subschemas) if _is_generated(node, "allOf") else [node]


def _accumulate(product: list[Node], current: Node) -> list[Node]:
    for i, node in enumerate(product):
        if node.kind == current.kind and node.kind in _MERGEABLE:
            product[i] = merge(node, current)
            return product
    product.append(current)
    return product


def join(parent: str, a: Node, b: Node) -> Node:
    """How the translator combines two keyword products under `parent` (a criterion or not)."""
    if a.kind == b.kind and a.kind in _MERGEABLE:
        return merge(a, b)
    if _is_generated(a, "anyOf") and any(_types_equal(s, b) for s in a.subschemas):
        return Node(COMBINED, a.pointer, a.raw, criterion="anyOf", generated=True,
                    subschemas=_accumulate(list(a.subschemas), b))
    if _is_generated(b, "anyOf") and any(_types_equal(s, a) for s in b.subschemas):
        return Node(COMBINED, b.pointer, b.raw, criterion="anyOf", generated=True,
                    subschemas=_accumulate(list(b.subschemas), a))
    if parent in CRITERIA and a.kind == COMBINED:
        return Node(COMBINED, a.pointer, a.raw, criterion=parent,
                    subschemas=[*a.subschemas, *_flatten(b)])
    subs: list[Node] = []
    for node in [*_flatten(a), *_flatten(b)]:
        subs = _accumulate(subs, node)
    return Node(COMBINED, a.pointer, a.raw, criterion="allOf", generated=True, subschemas=subs)


def merge(a: Node, b: Node) -> Node:
    """Two keyword schemas of one family as one (what the translator's merge does)."""
    out = copy.copy(a)
    out.properties = {**a.properties, **b.properties}
    out.required = [*a.required, *(r for r in b.required if r not in a.required)]
    out.pattern_properties = [*a.pattern_properties, *b.pattern_properties]
    out.property_dependencies = {**a.property_dependencies}
    for name, names in b.property_dependencies.items():
        out.property_dependencies[name] = out.property_dependencies.get(name, set()) | names
    out.schema_dependencies = {**a.schema_dependencies, **b.schema_dependencies}
    out.item_schemas = [*a.item_schemas, *b.item_schemas]
    out.unprocessed = {**a.unprocessed, **b.unprocessed}
    for attr in ("min_length", "max_length", "pattern", "minimum", "maximum",
                 "exclusive_minimum", "exclusive_maximum", "multiple_of", "min_properties",
                 "max_properties", "additional_schema", "unevaluated", "all_items", "min_items",
                 "max_items", "min_contains", "max_contains", "title", "description"):
        if getattr(b, attr) is not None:
            setattr(out, attr, getattr(b, attr))
    out.requires_integer = a.requires_integer or b.requires_integer
    out.unique_items = a.unique_items or b.unique_items
    out.additional_allowed = a.additional_allowed and b.additional_allowed
    if b.has_default():
        out.default = b.default
    return out

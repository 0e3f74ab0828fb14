"""The schema model the JSON Schema diff works on, and the loader that builds it.

Confluent Schema Registry does not compare JSON documents: it compares the schema objects its
loaders build (Everit for draft 4/6/7, json-sKema translated to Everit objects for 2019-09 and
2020-12). Which object a document becomes decides the verdict (a `type` with `enum` beside it is
an `allOf` of two schemas, `{"properties": {}}` is an object schema in draft 7 but nothing at
all in 2020-12, ...). This module reproduces those shapes as `Node`s; `_json_load2020` holds the
2020-12 specifics.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, NoReturn

from generator._pointer import escape, fragment_tokens, join, lookup
from generator.catalog import detect_draft
from generator.errors import ContractsError

MISSING: Any = object()

# kinds, after the Everit classes they stand for
EMPTY, TRUE, FALSE = "empty", "true", "false"
STRING, NUMBER, BOOLEAN, NULL = "string", "number", "boolean", "null"
OBJECT, ARRAY, ENUM, CONST = "object", "array", "enum", "const"
COMBINED, NOT, REF, CONDITIONAL = "combined", "not", "ref", "conditional"

OBJECT_KEYWORDS = ("properties", "required", "minProperties", "maxProperties", "dependencies",
                   "patternProperties", "additionalProperties", "propertyNames")
ARRAY_KEYWORDS = ("items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains")
NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
STRING_KEYWORDS = ("minLength", "maxLength", "pattern", "format")
CRITERIA = ("allOf", "anyOf", "oneOf")


@dataclass(eq=False)
class Node:
    """One schema object; `pointer` locates it in its document, `raw` is the JSON it came from."""

    kind: str
    pointer: str
    raw: Any = None
    title: Any = None
    description: Any = None
    id: Any = None
    default: Any = MISSING
    unprocessed: dict[str, Any] = field(default_factory=dict)
    # string
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    # number
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None
    multiple_of: Any = None
    requires_integer: bool = False
    # object
    properties: dict[str, Node] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    min_properties: int | None = None
    max_properties: int | None = None
    additional_allowed: bool = True
    additional_schema: Node | None = None
    pattern_properties: list[tuple[str, Node]] = field(default_factory=list)
    property_dependencies: dict[str, set[str]] = field(default_factory=dict)
    schema_dependencies: dict[str, Node] = field(default_factory=dict)
    unevaluated: Node | None = None  # unevaluatedProperties / unevaluatedItems (2020-12 only)
    # array
    all_items: Node | None = None
    item_schemas: list[Node] = field(default_factory=list)
    unique_items: bool = False
    min_items: int | None = None
    max_items: int | None = None
    min_contains: Any = None
    max_contains: Any = None
    # enum / const
    values: list[Any] = field(default_factory=list)
    const: Any = None
    # combined / not / ref
    criterion: str = "allOf"
    subschemas: list[Node] = field(default_factory=list)
    generated: bool = False
    must_not: Node | None = None
    ref: str = ""
    target: Node | None = None
    owner: Any = field(default=None, repr=False)  # the Document that resolves `ref`

    @property
    def is_empty(self) -> bool:
        """Everit's `instanceof EmptySchema` (true is a subclass of it)."""
        return self.kind in (EMPTY, TRUE)

    def has_default(self) -> bool:
        return self.default is not MISSING


def spec_of(document: Any) -> str:
    """Which loader reads the document, from the catalog's draft detection: "2020" for 2019-09
    and 2020-12 (json-sKema), "4" and "6" for draft-04 and -06, else "7" (Everit's draft 7, also
    Confluent's default for an absent or unknown `$schema`)."""
    draft = detect_draft(document)
    if draft.modern:
        return "2020"
    return {"draft-04": "4", "draft-06": "6"}.get(draft.name, "7")


def value_key(value: Any) -> str:
    """A hashable key for a JSON value with JSON equality (true is not 1, 1 is 1.0)."""
    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, int | float):
            return {"#n": repr(float(v))}
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return repr(v)
    return json.dumps(norm(value), sort_keys=True)


class Document:
    """One schema document: loads nodes per location (shared, so `$ref`s meet the same node)."""

    def __init__(self, document: Any, label: str) -> None:
        self.document = document
        self.label = label
        self.spec = spec_of(document)
        self.nodes: dict[str, Node] = {}
        if not isinstance(document, dict | bool):
            self.fail("", "a JSON Schema must be an object or a boolean")

    def fail(self, pointer: str, message: str) -> NoReturn:
        where = f" at '{pointer}'" if pointer else ""
        raise ContractsError(f"invalid JSON Schema ({self.label}){where}: {message}")

    def root(self) -> Node:
        return self.load(self.document, "")

    def load(self, raw: Any, pointer: str) -> Node:
        cached = self.nodes.get(pointer)
        if cached is not None:
            return cached
        if isinstance(raw, bool):
            node = Node(TRUE if raw else FALSE, pointer, raw)
        elif isinstance(raw, dict):
            if self.spec == "2020":
                from generator.compat._json_load2020 import load_object_2020

                node = load_object_2020(self, raw, pointer)
            else:
                node = self._load_object(raw, pointer)
        else:
            self.fail(pointer, f"a schema must be an object or a boolean, not {json.dumps(raw)}")
        self.nodes[pointer] = node
        return node

    def child(self, raw: Any, pointer: str, *tokens: str | int) -> Node:
        return self.load(raw, pointer + join(tokens))

    # --- $ref -----------------------------------------------------------------------------
    def resolve(self, node: Node) -> Node:
        if node.target is None:
            node.target = self._lookup(node.ref, node.pointer)
        return node.target

    def _lookup(self, ref: str, at: str) -> Node:
        if not ref.startswith("#"):
            self.fail(at, f"$ref '{ref}' points outside the document (only local refs resolve)")
        fragment = ref[1:]
        if fragment in ("", "/"):
            return self.root()
        if not fragment.startswith("/"):
            self.fail(at, f"$ref '{ref}' is not a JSON pointer")
        tokens = fragment_tokens(fragment)
        found = self._walk(tokens)
        if found is MISSING and len(tokens) >= 2 and tokens[0] in ("$defs", "definitions"):
            # Confluent copies top-level `definitions` into `$defs` so either spelling resolves
            other = "definitions" if tokens[0] == "$defs" else "$defs"
            alt = [other, *tokens[1:]]
            found = self._walk(alt)
            if found is not MISSING:
                tokens = alt
        if found is MISSING:
            self.fail(at, f"$ref '{ref}' does not resolve within the document")
        return self.load(found, join(tokens))

    def _walk(self, tokens: list[str]) -> Any:
        try:
            return lookup(self.document, tokens)
        except KeyError:
            return MISSING

    # --- draft 4/6/7 (Everit) ---------------------------------------------------------------
    def _load_object(self, raw: dict[str, Any], pointer: str) -> Node:
        remaining = set(raw)
        if "$ref" in raw:
            ref = raw["$ref"]
            if not isinstance(ref, str):
                self.fail(pointer, "$ref must be a string")
            node = Node(REF, pointer, raw, ref=ref, owner=self)
            remaining.discard("$ref")
            self._common(node, raw, remaining)
            return node
        pieces: list[Node] = []
        if "enum" in raw:
            pieces.append(self._enum(raw, pointer))
            remaining.discard("enum")
        for criterion in CRITERIA:
            if criterion in raw:
                pieces.append(self._combined(raw, pointer, criterion))
                remaining.discard(criterion)
        if "not" in raw:
            pieces.append(Node(NOT, pointer, raw, must_not=self.child(raw["not"], pointer, "not")))
            remaining.discard("not")
        if self.spec != "4" and "const" in raw:
            pieces.append(Node(CONST, pointer, raw, const=raw["const"]))
            remaining.discard("const")
        if "type" in raw:
            remaining.discard("type")
            kind = raw["type"]
            if isinstance(kind, list):
                subs = [self._typed(raw, pointer, t, remaining) for t in kind]
                pieces.append(Node(COMBINED, pointer, raw, criterion="anyOf", subschemas=subs))
            else:
                pieces.append(self._typed(raw, pointer, kind, remaining))
        pieces.extend(self._sniff(raw, pointer, remaining))
        if not pieces:
            node = Node(EMPTY, pointer, raw)
        elif len(pieces) == 1:
            node = pieces[0]
        else:
            node = Node(COMBINED, pointer, raw, criterion="allOf", subschemas=pieces,
                        generated=True)
        self._common(node, raw, remaining)
        return node

    def _common(self, node: Node, raw: dict[str, Any], remaining: set[str]) -> None:
        id_keyword = "id" if self.spec == "4" else "$id"
        for key in (id_keyword, "title", "description", "readOnly", "writeOnly", "default"):
            remaining.discard(key)
        node.id = raw.get(id_keyword)
        node.title = raw.get("title")
        node.description = raw.get("description")
        node.default = raw.get("default", MISSING)
        node.unprocessed = {k: raw[k] for k in raw if k in remaining}

    def _enum(self, raw: dict[str, Any], pointer: str) -> Node:
        values = raw["enum"]
        if not isinstance(values, list):
            self.fail(pointer + "/enum", "enum must be an array")
        return Node(ENUM, pointer, raw, values=list(values))

    def _combined(self, raw: dict[str, Any], pointer: str, criterion: str) -> Node:
        items = raw[criterion]
        if not isinstance(items, list):
            self.fail(pointer + "/" + criterion, f"{criterion} must be an array")
        subs = [self.child(item, pointer, criterion, i) for i, item in enumerate(items)]
        return Node(COMBINED, pointer, raw, criterion=criterion, subschemas=subs)

    def _typed(self, raw: dict[str, Any], pointer: str, kind: Any,
               remaining: set[str]) -> Node:
        if kind == "string":
            remaining.difference_update(STRING_KEYWORDS)
            return self._string(raw, pointer)
        if kind in ("integer", "number"):
            remaining.difference_update(NUMBER_KEYWORDS)
            node = self._number(raw, pointer)
            node.requires_integer = kind == "integer"
            return node
        if kind == "boolean":
            return Node(BOOLEAN, pointer, raw)
        if kind == "null":
            return Node(NULL, pointer, raw)
        if kind == "array":
            remaining.difference_update(ARRAY_KEYWORDS)
            return self._array(raw, pointer)
        if kind == "object":
            remaining.difference_update(OBJECT_KEYWORDS)
            return self._object(raw, pointer)
        self.fail(pointer + "/type", f"unknown type {json.dumps(kind)}")

    def _sniff(self, raw: dict[str, Any], pointer: str, remaining: set[str]) -> list[Node]:
        pieces: list[Node] = []
        array_kw = ARRAY_KEYWORDS if self.spec != "4" else ARRAY_KEYWORDS[:-1]
        object_kw = OBJECT_KEYWORDS if self.spec != "4" else OBJECT_KEYWORDS[:-1]
        if remaining.intersection(array_kw):
            remaining.difference_update(array_kw)
            pieces.append(self._array(raw, pointer))
        if remaining.intersection(object_kw):
            remaining.difference_update(object_kw)
            pieces.append(self._object(raw, pointer))
        if remaining.intersection(NUMBER_KEYWORDS):
            remaining.difference_update(NUMBER_KEYWORDS)
            pieces.append(self._number(raw, pointer))
        if remaining.intersection(STRING_KEYWORDS):
            remaining.difference_update(STRING_KEYWORDS)
            pieces.append(self._string(raw, pointer))
        if self.spec == "7" and remaining.intersection(("if", "then", "else")):
            remaining.difference_update(("if", "then", "else"))
            pieces.append(Node(CONDITIONAL, pointer, raw))
        return pieces

    def _int(self, raw: dict[str, Any], pointer: str, key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)) or value != int(value):
            self.fail(pointer + "/" + key, f"{key} must be an integer")
        return int(value)

    def _num(self, raw: dict[str, Any], pointer: str, key: str) -> Any:
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            self.fail(pointer + "/" + key, f"{key} must be a number")
        return value

    def _string(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(STRING, pointer, raw, min_length=self._int(raw, pointer, "minLength"),
                    max_length=self._int(raw, pointer, "maxLength"))
        pattern = raw.get("pattern")
        if pattern is not None and not isinstance(pattern, str):
            self.fail(pointer + "/pattern", "pattern must be a string")
        node.pattern = pattern
        return node

    def _number(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(NUMBER, pointer, raw, minimum=self._num(raw, pointer, "minimum"),
                    maximum=self._num(raw, pointer, "maximum"),
                    multiple_of=self._num(raw, pointer, "multipleOf"))
        if self.spec != "4":  # draft 4 has boolean flags that move no limit
            node.exclusive_minimum = self._num(raw, pointer, "exclusiveMinimum")
            node.exclusive_maximum = self._num(raw, pointer, "exclusiveMaximum")
        return node

    def _object(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(OBJECT, pointer, raw, min_properties=self._int(raw, pointer, "minProperties"),
                    max_properties=self._int(raw, pointer, "maxProperties"))
        props = raw.get("properties", {})
        if not isinstance(props, dict):
            self.fail(pointer + "/properties", "properties must be an object")
        id_keyword = "id" if self.spec == "4" else "$id"
        for name, sub in props.items():
            if name != id_keyword or isinstance(sub, dict):
                node.properties[name] = self.child(sub, pointer, "properties", name)
        additional = raw.get("additionalProperties", True)
        if isinstance(additional, bool):
            node.additional_allowed = additional
        else:
            node.additional_schema = self.child(additional, pointer, "additionalProperties")
        node.required = self._names(raw.get("required", []), pointer + "/required")
        patterns = raw.get("patternProperties", {})
        if not isinstance(patterns, dict):
            self.fail(pointer + "/patternProperties", "patternProperties must be an object")
        for regex, sub in patterns.items():
            node.pattern_properties.append(
                (regex, self.child(sub, pointer, "patternProperties", regex)))
        deps = raw.get("dependencies", {})
        if not isinstance(deps, dict):
            self.fail(pointer + "/dependencies", "dependencies must be an object")
        for name, dep in deps.items():
            if isinstance(dep, list):
                names = self._names(dep, pointer + "/dependencies/" + escape(name))
                if names:
                    node.property_dependencies[name] = set(names)
            else:
                node.schema_dependencies[name] = self.child(dep, pointer, "dependencies", name)
        return node

    def _names(self, value: Any, pointer: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(pointer, "expected an array of property names")
        return list(value)

    def _array(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(ARRAY, pointer, raw, min_items=self._int(raw, pointer, "minItems"),
                    max_items=self._int(raw, pointer, "maxItems"),
                    unique_items=raw.get("uniqueItems") is True)
        additional = raw.get("additionalItems", True)
        if isinstance(additional, bool):
            node.additional_allowed = additional
        else:
            node.additional_schema = self.child(additional, pointer, "additionalItems")
        items = raw.get("items")
        if isinstance(items, list):
            node.item_schemas = [self.child(s, pointer, "items", i) for i, s in enumerate(items)]
        elif items is not None:
            node.all_items = self.child(items, pointer, "items")
        return node

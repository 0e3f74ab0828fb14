"""The JSON Schema datamodel-code-generator is given: the contract's own document, made safe and
lossless to generate from.

datamodel-code-generator fetches a `$ref` it cannot resolve in the document (over the network, or
from the working directory), and reads `"type": "number"` as `float`, which turns the integer `3`
into `3.0` on the way back out. So its input is a copy of the schema with every `$ref` pointing
into the document itself (a reference to the document's own `$id` made local, any other one
refused here with its position), each `number` widened to `integer` or `number`, which
validates exactly the same values and keeps integers integers, and a fractional `multipleOf` left
out (pydantic's binary arithmetic refuses valid values such as 12042866.3 for 0.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator._pointer import escape
from generator.catalog import SchemaVersion, detect_draft
from generator.errors import ContractsError

# keywords whose value is a schema, a list of schemas, or an object of schemas (every draft's)
_ONE = ("additionalItems", "additionalProperties", "contains", "else", "if", "items", "not",
        "propertyNames", "then", "unevaluatedItems", "unevaluatedProperties")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_NAMED = ("$defs", "definitions", "dependentSchemas", "patternProperties", "properties",
          "dependencies")
# every keyword of drafts 04 to 2020-12 (what is not one is an annotation of the schema's author)
KEYWORDS = frozenset({
    *_ONE, *_MANY, *_NAMED, "$anchor", "$comment", "$dynamicAnchor", "$dynamicRef", "$id",
    "$recursiveAnchor", "$recursiveRef", "$ref", "$schema", "$vocabulary", "const",
    "contentEncoding", "contentMediaType", "contentSchema", "default", "dependentRequired",
    "deprecated", "description", "enum", "examples", "exclusiveMaximum", "exclusiveMinimum",
    "format", "id", "maxContains", "maxItems", "maxLength", "maxProperties", "maximum",
    "minContains", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "pattern",
    "readOnly", "required", "title", "type", "uniqueItems", "writeOnly"})


def subschemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, schema) for the schema and every schema object inside it, parents first."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _ONE:
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{pointer}/{escape(key)}")
    for key in _MANY:
        if isinstance(schema.get(key), list):
            for index, item in enumerate(schema[key]):
                yield from subschemas(item, f"{pointer}/{key}/{index}")
    for key in _NAMED:
        if isinstance(schema.get(key), dict):
            for name, item in schema[key].items():
                yield from subschemas(item, f"{pointer}/{escape(key)}/{escape(name)}")


def generator_input(version: SchemaVersion) -> dict[str, Any]:
    """A copy of the version's schema for datamodel-code-generator (see the module docstring)."""
    import copy

    schema: dict[str, Any] = copy.deepcopy(version.schema)
    own = schema.get("$id", schema.get("id")) if detect_draft(schema).name == "draft-04" \
        else schema.get("$id")
    own = own.split("#", 1)[0] if isinstance(own, str) and own else None
    for pointer, node in subschemas(schema):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            base, _, fragment = ref.partition("#")
            if own is None or base != own:
                line, column = version.locate(f"{pointer}/$ref")
                raise ContractsError(
                    f"code generation cannot follow $ref {ref!r}: only references within the "
                    "document are generated (nothing is fetched)", version.path, line, column)
            node["$ref"] = f"#{fragment}"
        _widen_number(node)
    return schema


def _widen_number(node: dict[str, Any]) -> None:
    divisor = node.get("multipleOf")
    if isinstance(divisor, float) and not divisor.is_integer():
        # pydantic checks a fractional multipleOf in binary floating point, validators in
        # decimal: 12042866.3 is a multiple of 0.1 to the schema, not to the model. The model
        # must read every valid instance; validating against the schema stays the schema's job.
        del node["multipleOf"]
    kind = node.get("type")
    if kind == "number":
        node["type"] = ["integer", "number"]
    elif isinstance(kind, list) and "number" in kind and "integer" not in kind:
        at = kind.index("number")
        node["type"] = [*kind[:at], "integer", *kind[at:]]

"""Hypothesis strategies for JSON Schema contracts.

hypothesis-jsonschema serves the drafts it knows (4, 6 and 7, and schemas without `$schema`)
when they have no recursive `$ref`: it draws richer values than our builder (arbitrary extra
properties in open content models, every string, number and nesting). The names other versions
of the contract use are added to its schema as optional properties of every open object, typed
by that object's `additionalProperties`: the same values validate, and the extra keys that break
a reader are drawn. Everything else (2019-09 and 2020-12, whose `prefixItems`,
`unevaluatedProperties` and `$defs` semantics it does not know; recursive `$ref`, which it cannot
resolve; anything it fails on) uses the fuzzer's own bounded builder: it follows `type`,
`const`, `enum`, `properties`/`required`/`additionalProperties` (extra keys are generated when
the content model is open, because that is what Confluent's open-model rules are about),
`items`/`prefixItems`, string lengths, `pattern` and common `format`s, numeric bounds and
`multipleOf`, `anyOf`/`oneOf`/`allOf`, and local `$ref` with a recursion budget.
`choose_json_strategy` says which of the two was used and why. Every value is finally filtered
through the draft's validator, so whatever a strategy cannot express is enforced.

hypothesis-jsonschema 0.23.1 uses a Hypothesis internal (`cu.many.more`) that Hypothesis removed
in 6.170.10, hence the `hypothesis<6.170.10` bound of the `fuzz` extra; with a newer Hypothesis
the library fails its probe and every contract falls back to the builder.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator._pointer import fragment_tokens, lookup
from generator.catalog import detect_draft, standalone
from generator.fuzz._errors import StrategyError

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

LIBRARY = "hypothesis-jsonschema"
BUILDER = "builder"
JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
_FORMATS = ("date-time", "date", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname")
_LIBRARY_DRAFTS = ("draft-04", "draft-06", "draft-07")
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions", "$defs",
                          "dependencies", "dependentSchemas"})


@dataclass(frozen=True)
class JsonStrategyChoice:
    """The strategy for a JSON Schema, where it comes from (LIBRARY or BUILDER), and why."""

    strategy: SearchStrategy[Any]
    source: str
    reason: str = ""


class JsonSchemaStrategyError(StrategyError):
    """No strategy can be built for this JSON Schema."""


def json_validator(schema: Any) -> Any:
    """The catalog's validator of the schema's draft (jsonschema-rs; draft-07 when `$schema` is
    absent or unknown). `schema` is self-contained: a contract's bundled view."""
    return standalone(schema).validator()


def json_strategy(schema: Any, *, max_recursion: int = 2, max_size: int = 3,
                  prefer_library: bool = True,
                  vocabulary: Sequence[str] = ()) -> SearchStrategy[Any]:
    """A strategy of JSON values valid under `schema` (see `choose_json_strategy`)."""
    return choose_json_strategy(schema, max_recursion=max_recursion, max_size=max_size,
                                prefer_library=prefer_library, vocabulary=vocabulary).strategy


def choose_json_strategy(schema: Any, *, max_recursion: int = 2, max_size: int = 3,
                         prefer_library: bool = True,
                         vocabulary: Sequence[str] = ()) -> JsonStrategyChoice:
    """A strategy of JSON values valid under `schema`, from hypothesis-jsonschema where it can.

    `vocabulary`: property names to favour as extra keys where the content model is open (the
    names other versions of the contract use: that is where an open model breaks a reader).
    `max_recursion` and `max_size` bound the builder only.
    """
    validator = json_validator(schema)
    reason = library_refusal(schema) if prefer_library else "the builder was asked for"
    if reason is None:
        library, reason = _library_strategy(_with_vocabulary(schema, vocabulary))
        if library is not None:
            return JsonStrategyChoice(library.filter(validator.is_valid), LIBRARY)
    assert reason is not None
    strategy = _Builder(schema, max_recursion, max_size, vocabulary).build(schema, max_recursion,
                                                                            "")
    if strategy is None:
        raise JsonSchemaStrategyError("the schema admits no finite value", "")
    return JsonStrategyChoice(strategy.filter(validator.is_valid), BUILDER, reason)


def library_refusal(schema: Any) -> str | None:
    """Why hypothesis-jsonschema is not even tried on this schema, or None."""
    draft = detect_draft(schema).name
    if draft not in _LIBRARY_DRAFTS:
        return f"draft {draft}: hypothesis-jsonschema knows drafts 4, 6 and 7"
    ref = recursive_ref(schema)
    if ref is not None:
        return f"recursive $ref {ref!r}: hypothesis-jsonschema cannot resolve it"
    return None


def recursive_ref(root: Any) -> str | None:
    """A local `$ref` that reaches itself again, or None."""
    done: set[str] = set()

    def visit(node: Any, active: frozenset[str]) -> str | None:
        if isinstance(node, list):
            for item in node:
                found = visit(item, active)
                if found is not None:
                    return found
            return None
        if not isinstance(node, dict):
            return None
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            if ref in active:
                return ref
            if ref not in done:
                try:
                    target = resolve_ref(root, ref)
                except (KeyError, IndexError, ValueError, TypeError):
                    target = None
                found = visit(target, active | {ref})
                if found is not None:
                    return found
                done.add(ref)
        for key, value in node.items():
            if key not in _DATA_KEYWORDS and key != "$ref":
                found = visit(value, active)
                if found is not None:
                    return found
        return None

    return visit(root, frozenset({"#"}))


def resolve_ref(root: Any, ref: str) -> Any:
    """The target of a local `$ref` ("#" or a JSON pointer after "#")."""
    return lookup(root, fragment_tokens(ref[1:]))


def _with_vocabulary(schema: Any, vocabulary: Sequence[str]) -> Any:
    """The schema with every vocabulary name an optional property of every open object.

    A name not among `properties` is validated by `additionalProperties`; declaring it as a
    property with that same subschema admits exactly the same values. Objects with
    `patternProperties` (a name may match a pattern too) are left alone, as the builder does.
    """
    names = sorted(set(vocabulary))
    if not names:
        return schema

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DATA_KEYWORDS:
                out[key] = value
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: rewrite(sub) for name, sub in value.items()}
            else:
                out[key] = rewrite(value)
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types) or (
            types is None and "properties" in node)
        extra = node.get("additionalProperties", True)
        if is_object and extra is not False and "patternProperties" not in node:
            value_schema = {} if extra is True else out.get("additionalProperties", {})
            properties = dict(out.get("properties", {}))
            for name in names:
                properties.setdefault(name, value_schema)
            out["properties"] = properties
        return out

    return rewrite(schema)


def _library_strategy(schema: Any) -> tuple[SearchStrategy[Any] | None, str | None]:
    """hypothesis-jsonschema's strategy if it can really draw from this schema, else why not."""
    import copy

    try:
        from hypothesis import HealthCheck, Phase, given, settings
        from hypothesis_jsonschema import from_schema

        # It rewrites the schema it is given. It leaves formats it does not know unconstrained
        # (draft 7 has no "uuid"); the generated classes do constrain them.
        strategy = from_schema(copy.deepcopy(schema), custom_formats=_library_formats())

        @settings(max_examples=3, database=None, deadline=None, phases=(Phase.generate,),
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def probe(value: Any) -> None:
            pass

        probe()
    except Exception as error:
        return None, f"hypothesis-jsonschema failed: {type(error).__name__}: {error}"[:200]
    return strategy, None


def _library_formats() -> dict[str, SearchStrategy[str]]:
    return {"uuid": _format("uuid")}


def any_json(max_size: int) -> SearchStrategy[Any]:
    import hypothesis.strategies as st

    scalars = (st.none() | st.booleans() | st.integers(-(2**53), 2**53)
               | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=max_size)
        | st.dictionaries(st.text(max_size=6), inner, max_size=max_size),
        max_leaves=6)


class _Builder:
    def __init__(self, root: Any, max_recursion: int, max_size: int,
                 vocabulary: Sequence[str] = ()) -> None:
        self.vocabulary = sorted(set(vocabulary))
        self.root = root
        self.max_size = max_size
        # refs being built, counted: leaving an inner re-entry must not unmark the outer one,
        # or mutually recursive definitions expand far past the budget
        self.active: dict[str, int] = {}

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise JsonSchemaStrategyError(f"only local $ref is supported, not {ref!r}", "")
        return resolve_ref(self.root, ref)

    def build(self, schema: Any, budget: int, pointer: str) -> SearchStrategy[Any] | None:
        import hypothesis.strategies as st

        if schema is True or schema == {}:
            return any_json(self.max_size)
        if schema is False:
            return None
        if not isinstance(schema, dict):
            raise JsonSchemaStrategyError(f"not a schema: {schema!r}", pointer)
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in self.active:
                if budget == 0:
                    return None
                budget -= 1
            self.active[ref] = self.active.get(ref, 0) + 1
            try:
                target = self.build(self.resolve(ref), budget, ref[1:])
            finally:
                self.active[ref] -= 1
                if not self.active[ref]:
                    del self.active[ref]
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            if target is None or not _has_assertions(rest):
                return target
            return target.filter(json_validator(rest).is_valid)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"]) if schema["enum"] else None
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                base = {k: v for k, v in schema.items() if k != keyword}
                options = [self.build(_merge(base, branch), budget, f"{pointer}/{keyword}/{i}")
                           for i, branch in enumerate(schema[keyword])]
                usable = [option for option in options if option is not None]
                return st.one_of(*usable) if usable else None
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                if isinstance(part, dict) and "$ref" in part:
                    part = self.resolve(part["$ref"])
                merged = _merge(merged, part)
            return self.build(merged, budget, pointer)
        types = schema.get("type", _infer_types(schema))
        if isinstance(types, str):
            types = [types]
        options = [self._typed(t, schema, budget, pointer) for t in types if t in JSON_TYPES]
        usable = [option for option in options if option is not None]
        return st.one_of(*usable) if usable else None

    def _typed(self, kind: str, schema: dict[str, Any], budget: int,
               pointer: str) -> SearchStrategy[Any] | None:
        import hypothesis.strategies as st

        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind in ("integer", "number"):
            return self._number(kind, schema)
        if kind == "string":
            return self._string(schema)
        if kind == "array":
            return self._array(schema, budget, pointer)
        return self._object(schema, budget, pointer)

    def _number(self, kind: str, schema: dict[str, Any]) -> SearchStrategy[Any]:
        import hypothesis.strategies as st

        low, high = schema.get("minimum"), schema.get("maximum")
        ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if isinstance(ex_low, bool):  # draft 4
            ex_low = low if ex_low else None
        if isinstance(ex_high, bool):
            ex_high = high if ex_high else None
        multiple = schema.get("multipleOf")
        if kind == "integer" or (isinstance(multiple, int) and not isinstance(multiple, bool)):
            lo = None if low is None else math.ceil(low)
            hi = None if high is None else math.floor(high)
            if ex_low is not None:
                lo = max(lo if lo is not None else -(2**62), math.floor(ex_low) + 1)
            if ex_high is not None:
                hi = min(hi if hi is not None else 2**62, math.ceil(ex_high) - 1)
            if isinstance(multiple, (int, float)) and multiple > 0:
                step = multiple
                lo_k = None if lo is None else math.ceil(lo / step)
                hi_k = None if hi is None else math.floor(hi / step)
                return st.integers(lo_k, hi_k).map(lambda k: k * step)
            return st.integers(lo, hi)
        strategy = st.floats(
            min_value=low if low is not None else ex_low,
            max_value=high if high is not None else ex_high,
            exclude_min=low is None and ex_low is not None,
            exclude_max=high is None and ex_high is not None,
            allow_nan=False, allow_infinity=False)
        return strategy | st.integers(-(2**31), 2**31)

    def _string(self, schema: dict[str, Any]) -> SearchStrategy[Any]:
        import hypothesis.strategies as st

        low = schema.get("minLength", 0)
        high = schema.get("maxLength", max(low, self.max_size * 4))
        fmt = schema.get("format")
        if fmt in _FORMATS:
            return _format(fmt)
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            try:
                compiled = re.compile(ecma_to_python(pattern), re.ASCII)
            except re.error:
                compiled = None
            if compiled is not None:
                return st.from_regex(compiled).filter(lambda s: low <= len(s) <= high)
        return st.text(min_size=low, max_size=high)

    def _array(self, schema: dict[str, Any], budget: int,
               pointer: str) -> SearchStrategy[Any] | None:
        import hypothesis.strategies as st

        low = schema.get("minItems", 0)
        high = schema.get("maxItems", max(low, self.max_size))
        items = schema.get("items", True)
        prefix = schema.get("prefixItems")
        if isinstance(items, list):  # draft <= 2019-09 tuple form
            prefix, items = items, schema.get("additionalItems", True)
        rest = self.build(items, budget, f"{pointer}/items")
        head: list[SearchStrategy[Any]] = []
        for i, part in enumerate(prefix or []):
            strategy = self.build(part, budget, f"{pointer}/prefixItems/{i}")
            if strategy is None:
                return None
            head.append(strategy)
        if rest is None:
            return st.tuples(*head).map(list) if len(head) >= low else None
        tail = st.lists(rest, min_size=max(0, low - len(head)),
                        max_size=max(0, high - len(head)),
                        unique_by=_json_key if schema.get("uniqueItems") else None)
        return st.tuples(st.tuples(*head), tail).map(lambda pair: [*pair[0], *pair[1]])

    def _object(self, schema: dict[str, Any], budget: int,
                pointer: str) -> SearchStrategy[Any] | None:
        import hypothesis.strategies as st

        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fixed: dict[str, SearchStrategy[Any]] = {}
        optional: dict[str, SearchStrategy[Any]] = {}
        for name, sub in properties.items():
            strategy = self.build(sub, budget, f"{pointer}/properties/{name}")
            if strategy is None:
                if name in required:
                    return None
                continue
            (fixed if name in required else optional)[name] = strategy
        for name in required - set(properties):
            fixed[name] = any_json(self.max_size)
        extra = schema.get("additionalProperties", schema.get("unevaluatedProperties", True))
        base = st.fixed_dictionaries(fixed, optional=optional)
        if extra is False or schema.get("patternProperties"):
            return base
        values = self.build(extra, budget, f"{pointer}/additionalProperties")
        if values is None:
            return base
        keys = st.text(min_size=1, max_size=6)
        if self.vocabulary:
            keys = st.sampled_from(self.vocabulary) | keys
        keys = keys.filter(lambda k: k not in properties)
        more = st.dictionaries(keys, values, max_size=2)
        return st.tuples(base, more).map(lambda pair: {**pair[1], **pair[0]})


def ecma_to_python(pattern: str) -> str:
    """A JSON Schema (ECMA-262) pattern as a Python one with the same matches.

    ECMA's `$` matches only at the very end, Python's also before a final newline: "AAA\\n"
    would pass jsonschema's `re.search("^[A-Z]{3}$")` yet fail every ECMA engine (pydantic's
    included). `$` outside a character class becomes `\\Z`; compile with re.ASCII so `\\d` and
    `\\w` are ASCII as in ECMA.
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return "".join(out)


def property_names(schema: Any) -> set[str]:
    """Every property name a schema declares, at any depth."""
    names: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                names.update(value)
            names |= property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= property_names(item)
    return names


def _json_key(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def _has_assertions(schema: dict[str, Any]) -> bool:
    notes = {"$schema", "$id", "$defs", "definitions", "title", "description", "$comment",
             "examples", "default", "deprecated", "readOnly", "writeOnly"}
    return any(key not in notes for key in schema)


def _infer_types(schema: dict[str, Any]) -> list[str]:
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return ["object"]
    if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
        return ["array"]
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return ["string"]
    if any(k in schema for k in ("minimum", "maximum", "multipleOf", "exclusiveMinimum")):
        return ["number"]
    return list(JSON_TYPES)


def _merge(base: dict[str, Any], extra: Any) -> Any:
    if not isinstance(extra, dict):
        return extra if base == {} else base
    merged = dict(base)
    for key, value in extra.items():
        if key == "properties" and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key == "required" and isinstance(merged.get(key), list):
            merged[key] = sorted(set(merged[key]) | set(value))
        else:
            merged[key] = value
    return merged


def _format(fmt: str) -> SearchStrategy[Any]:
    import datetime as dt

    import hypothesis.strategies as st

    utc = st.just(dt.UTC)
    if fmt == "date-time":
        return st.datetimes(timezones=utc).map(lambda d: d.isoformat())
    if fmt == "date":
        return st.dates().map(lambda d: d.isoformat())
    if fmt == "time":
        return st.times(timezones=utc).map(lambda t: t.isoformat())
    if fmt == "email":
        return st.emails()
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "uri":
        return st.from_regex(r"\Ahttps://[a-z]{1,8}\.example/[a-z0-9]{0,8}\Z")
    if fmt == "ipv4":
        return st.ip_addresses(v=4).map(str)
    if fmt == "ipv6":
        return st.ip_addresses(v=6).map(str)
    return st.from_regex(r"\A[a-z]{1,10}(\.[a-z]{1,10}){0,2}\Z")

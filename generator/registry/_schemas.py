"""Schemas as the registry sees them: parsing, validation, canonical text and references.

A schema is stored by its canonical text, so two registrations that differ only in whitespace
(and, for Avro, in the order of attributes) share one id. `normalize=True` goes further and
sorts every object's keys, the way a user of Confluent's `normalize` expects equivalent
schemas to collapse.

References are resolved into one self-contained document (`resolved`) for compatibility
checks: an Avro name defined by a referenced schema is inlined where it is first used; a JSON
Schema `$ref` naming a reference is replaced by the referenced document.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator._pointer import fragment_tokens, lookup
from generator.catalog import meta_problem

SCHEMA_TYPES = ("AVRO", "JSON")
AVRO_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes",
                             "string"})
# Attribute order of canonical Avro text; anything else follows, sorted.
_AVRO_KEY_ORDER = ("type", "name", "namespace", "doc", "aliases", "fields", "symbols", "items",
                   "values", "size", "default", "order", "logicalType", "precision", "scale")


# Deeper JSON is refused (42201), like Jackson's default nesting limit under Confluent: about
# 330 nested Avro records; 200 nested records (about 800 levels of JSON) are served.
MAX_DEPTH = 1000


class InvalidSchema(ValueError):
    """The schema text is not a valid schema of its type (registry error 42201)."""

    def __init__(self, message: str, *, not_json: bool = False) -> None:
        super().__init__(message)
        self.not_json = not_json  # unreadable as JSON at all, rather than unusable JSON


def _no_constant(name: str) -> Any:
    raise InvalidSchema(f"{name} is not a JSON number")


def strict_json(text: str | bytes) -> Any:
    """JSON as Confluent reads it: no NaN/Infinity, no lone surrogate, at most MAX_DEPTH deep."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise InvalidSchema(f"nested more than {MAX_DEPTH} levels deep") from None
    except InvalidSchema:
        raise
    except (TypeError, ValueError) as error:  # UnicodeDecodeError is a ValueError too
        raise InvalidSchema(f"not valid JSON: {error}", not_json=True) from None
    _check_depth_and_text(value)
    return value


def _check_depth_and_text(value: Any) -> None:
    """Without recursion: the nesting depth and that every string is encodable as UTF-8."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise InvalidSchema(f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidSchema("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
                                "which is not Unicode text") from None


@dataclass(frozen=True)
class Reference:
    name: str
    subject: str
    version: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "subject": self.subject, "version": self.version}


@dataclass(frozen=True)
class ParsedSchema:
    schema_type: str
    canonical: str  # the text the registry stores and returns
    parsed: Any  # JSON value of `canonical`
    references: tuple[Reference, ...]
    resolved: Any  # `parsed` with every reference inlined; what compatibility checks read

    @property
    def fingerprint(self) -> str:
        refs = json.dumps([r.as_dict() for r in self.references], sort_keys=True)
        data = f"{self.schema_type}\0{self.canonical}\0{refs}".encode()
        return hashlib.sha256(data).hexdigest()


def parse_references(raw: Any) -> tuple[Reference, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidSchema("references must be a list of {name, subject, version} objects")
    refs = []
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidSchema("each reference must be an object with name, subject, version")
        name, subject, version = item.get("name"), item.get("subject"), item.get("version")
        if not isinstance(name, str) or not name or not isinstance(subject, str) or not subject:
            raise InvalidSchema("a reference needs a non-empty name and subject")
        if isinstance(version, bool) or not isinstance(version, int) or not (
                1 <= version <= 2**31 - 1 or version == -1):
            raise InvalidSchema(f"reference {name!r} needs a version between 1 and 2^31-1")
        refs.append(Reference(name, subject, version))
    return tuple(refs)


def parse_schema(schema_type: str, text: str, references: Sequence[Reference] = (),
                 resolved_refs: Mapping[str, ParsedSchema] | None = None, *,
                 normalize: bool = False, validate: bool = True) -> ParsedSchema:
    """Parse and validate `text`; `resolved_refs` maps each reference name to its schema.

    `validate=False` is for text this registry validated when it stored it.
    """
    schema_type = (schema_type or "AVRO").upper()
    if schema_type not in SCHEMA_TYPES:
        raise InvalidSchema(f"unsupported schema type {schema_type!r}: this registry serves "
                            f"{', '.join(SCHEMA_TYPES)}")
    if not isinstance(text, str):
        raise InvalidSchema("the schema must be a string")
    try:
        value = strict_json(text)
    except InvalidSchema as error:
        raise InvalidSchema(f"the schema is {error}" if error.not_json else str(error)) from None
    try:
        return _parsed(schema_type, value, references, dict(resolved_refs or {}),
                       normalize=normalize, validate=validate)
    except RecursionError:  # past what the worker threads' stack allows, though within MAX_DEPTH
        raise InvalidSchema("the schema is nested too deeply to check") from None


def _parsed(schema_type: str, value: Any, references: Sequence[Reference],
            refs: dict[str, ParsedSchema], *, normalize: bool, validate: bool) -> ParsedSchema:
    if schema_type == "AVRO":
        value = _avro_canonical(value)
        if normalize:
            value = _sorted(value)
        resolved = _avro_inline(value, refs)
        if validate:
            _validate_avro(resolved)
    else:
        if not isinstance(value, dict | bool):
            raise InvalidSchema("a JSON Schema must be an object or a boolean")
        if normalize:
            value = _sorted(value)
        resolved = _json_inline(value, refs)
        if validate:
            _validate_json(resolved)
    canonical = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return ParsedSchema(schema_type, canonical, value, tuple(references), resolved)


def same_schema(schema_type: str, left: str, right: str) -> bool:
    """Whether two schema texts are the same schema once canonical (whitespace, key order)."""
    try:
        a = json.loads(left)
        b = json.loads(right)
    except ValueError:
        return left == right
    if schema_type.upper() == "AVRO":
        a, b = _avro_canonical(a), _avro_canonical(b)
    return bool(_sorted(a) == _sorted(b))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _avro_canonical(value: Any) -> Any:
    """Collapse `{"type": "int"}` to `"int"` and put attributes in one fixed order."""
    if isinstance(value, list):
        return [_avro_canonical(item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"type"} and value["type"] in AVRO_PRIMITIVES:
        return value["type"]
    out: dict[str, Any] = {}
    keys = [k for k in _AVRO_KEY_ORDER if k in value]
    keys += sorted(k for k in value if k not in _AVRO_KEY_ORDER)
    for key in keys:
        item = value[key]
        if key == "fields" and isinstance(item, list):
            out[key] = [_avro_field(f) for f in item]
        elif key in ("type", "items", "values"):
            out[key] = _avro_canonical(item)
        else:
            out[key] = item
    return out


def _avro_field(field: Any) -> Any:
    if not isinstance(field, dict):
        return field
    order = ("name", "type", "doc", "default", "order", "aliases")
    keys = [k for k in order if k in field] + sorted(k for k in field if k not in order)
    return {k: _avro_canonical(field[k]) if k == "type" else field[k] for k in keys}


def _validate_avro(value: Any) -> None:
    import fastavro

    try:
        fastavro.parse_schema(copy.deepcopy(value), _write_hint=False)
    except Exception as error:  # fastavro raises several unrelated types
        raise InvalidSchema(f"invalid Avro schema: {error}") from None


def _validate_json(value: Any) -> None:
    # the catalog's draft rules: the five drafts Confluent loads, unknown `$schema` = draft-07
    problem = meta_problem(value)
    if problem is not None:
        pointer, message = problem
        raise InvalidSchema(f"invalid JSON Schema: {message}"
                            + (f" at {pointer}" if pointer else "")) from None


# ---------------------------------------------------------------------------------------------
# References


def _avro_inline(value: Any, refs: Mapping[str, ParsedSchema]) -> Any:
    """Inline the referenced named types the first time the schema uses them."""
    if not refs:
        return value
    by_name: dict[str, Any] = {}
    for name, ref in refs.items():
        resolved = ref.resolved
        if isinstance(resolved, dict) and isinstance(resolved.get("name"), str):
            by_name[_fullname(resolved["name"], resolved.get("namespace"), "")] = resolved
        by_name.setdefault(name, resolved)
    defined: set[str] = set()
    return _avro_walk(copy.deepcopy(value), "", by_name, defined)


def _fullname(name: str, namespace: Any, enclosing: str) -> str:
    if "." in name:
        return name
    ns = namespace if isinstance(namespace, str) else enclosing
    return f"{ns}.{name}" if ns else name


def _collect_names(value: Any, namespace: str, defined: set[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect_names(item, namespace, defined)
    elif isinstance(value, dict):
        ns = namespace
        if value.get("type") in ("record", "error", "enum", "fixed") and isinstance(
                value.get("name"), str):
            full = _fullname(value["name"], value.get("namespace"), namespace)
            defined.add(full)
            ns = full.rpartition(".")[0]
        for field in value.get("fields", []) if isinstance(value.get("fields"), list) else []:
            if isinstance(field, dict):
                _collect_names(field.get("type"), ns, defined)
        for key in ("items", "values"):
            _collect_names(value.get(key), ns, defined)
        if isinstance(value.get("type"), dict | list):
            _collect_names(value["type"], ns, defined)


def _avro_walk(value: Any, namespace: str, by_name: Mapping[str, Any], defined: set[str]) -> Any:
    if isinstance(value, str):
        if value in AVRO_PRIMITIVES:
            return value
        full = _fullname(value, None, namespace)
        for candidate in (full, value):
            if candidate in by_name and candidate not in defined:
                definition = copy.deepcopy(by_name[candidate])
                if isinstance(definition, dict) and isinstance(definition.get("name"), str):
                    own = _fullname(definition["name"], definition.get("namespace"), "")
                    definition["name"] = own
                    if "." not in own:
                        definition["namespace"] = ""
                _collect_names(definition, "", defined)
                return definition
        return value
    if isinstance(value, list):
        return [_avro_walk(item, namespace, by_name, defined) for item in value]
    if not isinstance(value, dict):
        return value
    ns = namespace
    if value.get("type") in ("record", "error", "enum", "fixed") and isinstance(
            value.get("name"), str):
        full = _fullname(value["name"], value.get("namespace"), namespace)
        defined.add(full)
        ns = full.rpartition(".")[0]
    out = dict(value)
    if isinstance(value.get("fields"), list):
        out["fields"] = [
            {**f, "type": _avro_walk(f.get("type"), ns, by_name, defined)}
            if isinstance(f, dict) else f for f in value["fields"]]
    for key in ("items", "values"):
        if key in value:
            out[key] = _avro_walk(value[key], ns, by_name, defined)
    if isinstance(value.get("type"), dict | list) or (
            isinstance(value.get("type"), str) and value["type"] not in AVRO_PRIMITIVES
            and value["type"] not in ("record", "error", "enum", "fixed", "array", "map")):
        out["type"] = _avro_walk(value["type"], ns, by_name, defined)
    return out


def _json_inline(value: Any, refs: Mapping[str, ParsedSchema], depth: int = 0) -> Any:
    """Replace `{"$ref": "<reference name>[#pointer]"}` by the referenced document."""
    if not refs or depth > 32:
        return value
    if isinstance(value, list):
        return [_json_inline(item, refs, depth) for item in value]
    if not isinstance(value, dict):
        return value
    ref = value.get("$ref")
    if isinstance(ref, str):
        name, _, fragment = ref.partition("#")
        if name in refs:
            target = _pointer(refs[name].resolved, fragment)
            if isinstance(target, dict) and "$id" not in target and not fragment:
                target = {**target, "$id": name}
            siblings = {k: _json_inline(v, refs, depth + 1) for k, v in value.items()
                        if k != "$ref"}
            if not siblings:
                return copy.deepcopy(target)
            return {**siblings, "allOf": [copy.deepcopy(target)]}
    return {key: _json_inline(item, refs, depth + 1) for key, item in value.items()}


def _pointer(document: Any, fragment: str) -> Any:
    try:
        return lookup(document, fragment_tokens(fragment))
    except KeyError:
        raise InvalidSchema(f"reference fragment #{fragment} does not exist") from None

"""The Avro checker agrees with Avro's reference checker (`avro.compatibility`) on generated pairs.

Two sources of pairs: a systematic grid (primitives, promotions, unions on either side, arrays,
maps, enums, fixed, records, aliases, recursion) and hypothesis-generated schemas, both independent
pairs drawn from a small vocabulary (so names, fields and symbols collide) and evolutions of one
schema (fields added or dropped, types promoted, symbols added, unions widened). Every pair is
checked in both directions; verdicts and the set of rule ids must match, and every pointer must
name a place that exists in its schema. Directions where the checker follows Java Avro and
avro.compatibility is known to differ (`java_differs`) are left to the Java-labelled cases.
"""

from __future__ import annotations

import itertools
import json
import warnings
from typing import Any

import pytest
from conformance_cases import load_cases, require
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.compat._avro import check_reader_writer

avro_schema = pytest.importorskip("avro.schema")
avro_compatibility = pytest.importorskip("avro.compatibility")

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]


def reference(reader: Any, writer: Any) -> tuple[bool, set[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed_reader = avro_schema.parse(json.dumps(reader))
        parsed_writer = avro_schema.parse(json.dumps(writer))
    result = avro_compatibility.ReaderWriterCompatibilityChecker().get_compatibility(
        parsed_reader, parsed_writer)
    compatible = result.compatibility is avro_compatibility.SchemaCompatibilityType.compatible
    return compatible, {kind.name.upper() for kind in result.incompatibilities}


def resolve(document: Any, pointer: str) -> Any:
    value = document
    for token in pointer.split("/")[1:]:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _named_types(schema: Any, namespace: str | None = None) -> list[tuple[dict[str, Any],
                                                                        str | None]]:
    """Every record, enum and fixed of a schema with its namespace (Java's rules)."""
    found: list[tuple[dict[str, Any], str | None]] = []
    if isinstance(schema, list):
        for branch in schema:
            found += _named_types(branch, namespace)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in ("record", "enum", "fixed") and isinstance(schema.get("name"), str):
            name = schema["name"]
            space = schema.get("namespace", namespace)
            namespace = (name.rpartition(".")[0] if "." in name else space) or None
            found.append((schema, namespace))
        for member in ("items", "values"):
            if member in schema:
                found += _named_types(schema[member], namespace)
        for field in schema.get("fields", []) if kind == "record" else []:
            found += _named_types(field.get("type"), namespace)
        if isinstance(kind, dict | list):
            found += _named_types(kind, namespace)
    return found


def java_differs(reader: Any, writer: Any) -> bool:
    """Whether Java Avro (which the checker follows, tests/compat/test_java_labels.py) and
    avro.compatibility are known to disagree here: an unqualified alias of a type in a
    namespace (Java qualifies it with that namespace), or a reader field whose name and aliases
    match two writer fields (Java fails the check, avro picks one)."""
    writer_fields = [{f.get("name") for f in node.get("fields", [])}
                     for node, _ in _named_types(writer) if node.get("type") == "record"]
    for node, namespace in _named_types(reader):
        if namespace and any("." not in alias for alias in node.get("aliases", [])):
            return True
        for field in node.get("fields", []) if node.get("type") == "record" else []:
            aliases = set(field.get("aliases", []))
            if aliases and any((field.get("name") in names) + len(aliases & names) > 1
                               for names in writer_fields):
                return True
    return False


def assert_agrees(reader: Any, writer: Any) -> None:
    for one, other in ((reader, writer), (writer, reader)):
        if java_differs(one, other):
            continue
        expected_compatible, expected_rules = reference(one, other)
        found = check_reader_writer(one, other)
        context = f"reader={json.dumps(one)}\nwriter={json.dumps(other)}\nfound={found}"
        assert (not found) == expected_compatible, context
        assert {issue.rule_id for issue in found} == expected_rules, context
        for issue in found:
            resolve(one, issue.reader_pointer)
            resolve(other, issue.writer_pointer)
            assert issue.message and "\n" not in issue.message


# --- systematic grid ---------------------------------------------------------------------------

def _record(name: str, *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": list(fields), **extra}


def _field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


GRID: list[Any] = [
    *PRIMITIVES,
    {"type": "int", "logicalType": "date"},
    {"type": "long", "logicalType": "timestamp-millis"},
    {"type": "string", "logicalType": "uuid"},
    {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2},
    {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 0},
    [],
    ["null"],
    ["null", "int"],
    ["null", "string"],
    ["int", "long"],
    ["long", "null"],
    ["string", "bytes"],
    ["null", "float", "string"],
    ["double"],
    {"type": "array", "items": "int"},
    {"type": "array", "items": "long"},
    {"type": "array", "items": ["null", "string"]},
    {"type": "map", "values": "float"},
    {"type": "map", "values": "double"},
    {"type": "map", "values": {"type": "array", "items": "bytes"}},
    {"type": "enum", "name": "E", "symbols": ["A", "B"]},
    {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]},
    {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "A"},
    {"type": "enum", "name": "F", "symbols": ["A", "B"], "aliases": ["E"]},
    {"type": "enum", "name": "x.E", "symbols": ["B", "A"]},
    {"type": "fixed", "name": "Fx", "size": 4},
    {"type": "fixed", "name": "Fx", "size": 8},
    {"type": "fixed", "name": "Fx", "size": 4, "logicalType": "decimal", "precision": 6},
    {"type": "fixed", "name": "G", "size": 4, "aliases": ["Fx"]},
    ["null", {"type": "fixed", "name": "Fx", "size": 4}],
    _record("R"),
    _record("R", _field("a", "int")),
    _record("R", _field("a", "long")),
    _record("R", _field("a", "int", default=0)),
    _record("R", _field("b", "int", aliases=["a"])),
    _record("R", _field("a", "int"), _field("b", ["null", "string"], default=None)),
    _record("R", _field("a", ["null", "int"], default=None)),
    _record("R", _field("e", {"type": "enum", "name": "E", "symbols": ["A"], "default": "A"})),
    _record("S", _field("a", "int"), aliases=["R"]),
    _record("ns.R", _field("a", "int")),
    _record("R", _field("a", "int"), namespace="other"),
    _record("R", _field("inner", _record("I", _field("x", "string")))),
    _record("R", _field("inner", _record("I", _field("x", "string"), _field("y", "int")))),
    _record("R", _field("a", "int"), _field("next", ["null", "R"], default=None)),
    _record("R", _field("a", "long"), _field("next", ["null", "R"], default=None)),
    _record("R", _field("next", ["null", "R"])),
    _record("R", _field("kids", {"type": "array", "items": "R"})),
    ["null", _record("R", _field("a", "int"))],
    ["null", "string", _record("R", _field("a", "long"))],
]


def test_the_grid_agrees_with_the_reference() -> None:
    pairs = 0
    for reader, writer in itertools.combinations_with_replacement(GRID, 2):
        assert_agrees(reader, writer)
        pairs += 1
    assert pairs == len(GRID) * (len(GRID) + 1) // 2


# --- generated schemas -------------------------------------------------------------------------

SHORT_NAMES = ["A", "B", "C"]
NAMESPACES = [None, "n1", "n2"]
FIELD_NAMES = ["a", "b", "c", "d"]
SYMBOLS = ["X", "Y", "Z"]
LOGICAL = [
    {"type": "int", "logicalType": "date"},
    {"type": "long", "logicalType": "timestamp-micros"},
    {"type": "string", "logicalType": "uuid"},
    {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 1},
]


class _Names:
    def __init__(self) -> None:
        self.defined: list[str] = []


def _qualified(short: str, namespace: str | None) -> str:
    return f"{namespace}.{short}" if namespace else short


@st.composite
def _schema(draw: st.DrawFn, names: _Names, depth: int, namespace: str | None,
            in_union: bool = False) -> Any:
    kinds = ["primitive", "primitive", "logical", "enum", "fixed"]
    # A name without a dot, met inside a namespace, means a name in that namespace.
    references = [name for name in names.defined if "." in name or namespace is None]
    if references:
        kinds.append("reference")
    if depth > 0:
        kinds += ["record", "record", "array", "map"] + ([] if in_union else ["union", "union"])
    kind = draw(st.sampled_from(kinds))
    if kind == "primitive":
        return draw(st.sampled_from(PRIMITIVES))
    if kind == "logical":
        return dict(draw(st.sampled_from(LOGICAL)))
    if kind == "reference":
        return draw(st.sampled_from(references))
    if kind == "array":
        return {"type": "array", "items": draw(_schema(names, depth - 1, namespace))}
    if kind == "map":
        return {"type": "map", "values": draw(_schema(names, depth - 1, namespace))}
    if kind == "union":
        branches: list[Any] = []
        keys: set[str] = set()
        for _ in range(draw(st.integers(0, 3))):
            branch = draw(_schema(names, depth - 1, namespace, in_union=True))
            key = branch if isinstance(branch, str) else branch.get("name", branch["type"])
            if isinstance(branch, dict) and "name" in branch:
                key = _qualified(branch["name"], branch.get("namespace", namespace))
            if key in keys:
                continue
            keys.add(key)
            branches.append(branch)
        return branches
    short = draw(st.sampled_from(SHORT_NAMES))
    space = draw(st.sampled_from([namespace, *NAMESPACES]))
    if space is None:
        # avro.schema reads "namespace": "" as no namespace at all (the enclosing one applies),
        # unlike the specification and Avro's Java parser: don't write it.
        space = namespace
    fullname = _qualified(short, space)
    if fullname in names.defined:
        return fullname if "." in fullname or namespace is None else "null"
    schema: dict[str, Any] = {"type": kind, "name": short}
    if space != namespace:
        schema["namespace"] = space
    if draw(st.booleans()):
        schema["aliases"] = draw(st.lists(
            st.sampled_from([*SHORT_NAMES, "n1.A", "n1.B", "n2.A", "n2.C"]), max_size=2,
            unique=True))
    names.defined.append(fullname)
    if kind == "enum":
        schema["symbols"] = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, unique=True))
        if draw(st.booleans()):
            schema["default"] = draw(st.sampled_from(schema["symbols"]))
    elif kind == "fixed":
        schema["size"] = draw(st.sampled_from([1, 2]))
        if draw(st.integers(0, 4)) == 0:
            schema.update(logicalType="decimal", precision=2)
    else:
        fields = []
        for field_name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=3, unique=True)):
            field: dict[str, Any] = {
                "name": field_name, "type": draw(_schema(names, depth - 1, space))}
            if draw(st.booleans()):
                field["default"] = None
            if draw(st.integers(0, 3)) == 0:
                field["aliases"] = draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=2,
                                                 unique=True))
            fields.append(field)
        schema["fields"] = fields
    return schema


@st.composite
def schemas(draw: st.DrawFn, depth: int = 3) -> Any:
    return draw(_schema(_Names(), depth, None))


PROMOTE = {"int": "long", "long": "float", "float": "double", "string": "bytes",
           "bytes": "string", "double": "float", "boolean": "int", "null": "boolean"}


@st.composite
def evolved(draw: st.DrawFn, schema: Any) -> Any:
    """One schema edited the way contracts evolve (and sometimes the way they must not)."""
    if isinstance(schema, str):
        if schema in PROMOTE and draw(st.booleans()):
            return PROMOTE[schema]
        return [*(["null"] if schema != "null" else []), schema] if draw(st.booleans()) else schema
    if isinstance(schema, list):
        branches = [draw(evolved(branch)) for branch in schema]
        if branches and draw(st.booleans()):
            branches.pop(draw(st.integers(0, len(branches) - 1)))
        if "null" not in branches and draw(st.booleans()):
            branches.insert(0, "null")
        return [b for b in branches if not isinstance(b, list)]
    schema = dict(schema)
    kind = schema["type"]
    if kind == "array":
        schema["items"] = draw(evolved(schema["items"]))
    elif kind == "map":
        schema["values"] = draw(evolved(schema["values"]))
    elif kind == "enum":
        symbols = list(schema["symbols"])
        extra = [s for s in SYMBOLS if s not in symbols]
        if extra and draw(st.booleans()):
            symbols.append(extra[0])
        if len(symbols) > 1 and draw(st.booleans()):
            symbols.pop(0)
        schema["symbols"] = symbols
        if draw(st.booleans()):
            schema.pop("default", None)
        elif draw(st.booleans()):
            schema["default"] = symbols[-1]
        if schema.get("default") not in symbols:
            schema.pop("default", None)
    elif kind == "fixed":
        if draw(st.integers(0, 3)) == 0:
            schema["size"] = 3 - schema["size"]
    elif kind == "record":
        fields = []
        for field in schema["fields"]:
            field = dict(field)
            field["type"] = draw(evolved(field["type"]))
            if draw(st.integers(0, 3)) == 0:
                if "default" in field:
                    del field["default"]
                else:
                    field["default"] = None
            if draw(st.integers(0, 5)):
                fields.append(field)
        used = {f["name"] for f in fields}
        free = [n for n in FIELD_NAMES if n not in used]
        if free and draw(st.booleans()):
            added: dict[str, Any] = {"name": free[0], "type": draw(st.sampled_from(PRIMITIVES))}
            if draw(st.booleans()):
                added["default"] = None
            fields.append(added)
        schema["fields"] = fields
    return schema


def _parses(schema: Any) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            avro_schema.parse(json.dumps(schema))
    except Exception:
        return False
    return True


_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.slow  # over 3 s in the default tier
@_SETTINGS
@given(schemas(), schemas())
def test_independent_schemas_agree_with_the_reference(reader: Any, writer: Any) -> None:
    assume(_parses(reader) and _parses(writer))
    assert_agrees(reader, writer)


@pytest.mark.slow  # over 3 s in the default tier
@_SETTINGS
@given(st.data())
def test_evolved_schemas_agree_with_the_reference(data: st.DataObject) -> None:
    writer = data.draw(schemas())
    reader = data.draw(evolved(writer))
    assume(_parses(writer) and _parses(reader))
    assert_agrees(reader, writer)


# --- the conformance corpus, pair by pair -------------------------------------------------------


def test_every_conformance_pair_agrees_with_the_reference() -> None:
    cases = load_cases("avro.jsonl")
    require(cases, "avro.jsonl")
    checked = 0
    for case in cases:
        new = case["reader_or_new"]
        olds = case.get("previous_schemas") or [case["writer_or_old"]]
        if not _parses(new):
            continue  # the one case with an invalid enum default
        for old in olds:
            assert_agrees(new, old)  # both directions
            checked += 1
    assert checked == 349  # 350 old/new pairs, less the invalid one

"""The bundled catalog in contracts/: it parses, it covers what later stages need, and its
histories are compatible under their declared levels.

These contracts are the fixtures of codegen, fuzz and registry tests, so the coverage claims
(every Avro type and logical type, a recursive type, both schema types, a mix of levels) are
asserted here rather than trusted.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = REPO / "contracts"
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CONTRACT_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.(avsc|schema\.json)$")
PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
DEFAULT_LEVEL = "BACKWARD"
ENVELOPE = ("eventId", "eventType", "eventVersion", "timestamp", "source", "correlationId",
            "traceId", "data")


def _contracts() -> list[Path]:
    return sorted(p for p in CONTRACTS.iterdir() if p.is_dir())


def _versions(folder: Path) -> list[tuple[int, Path]]:
    found = []
    for path in folder.iterdir():
        match = VERSION_FILE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _schema_type(path: Path) -> str:
    return "AVRO" if path.name.endswith(".avsc") else "JSON"


def _config(folder: Path) -> dict[str, Any]:
    toml = folder / "contract.toml"
    return tomllib.loads(toml.read_text(encoding="utf-8")) if toml.exists() else {}


def _level(folder: Path) -> str:
    return str(_config(folder).get("compatibility", DEFAULT_LEVEL)).upper()


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


CONTRACT_DIRS = _contracts()
ALL_FILES = [path for folder in CONTRACT_DIRS for _, path in _versions(folder)]
AVRO_FILES = [p for p in ALL_FILES if _schema_type(p) == "AVRO"]
JSON_FILES = [p for p in ALL_FILES if _schema_type(p) == "JSON"]
HISTORIES = [folder for folder in CONTRACT_DIRS if len(_versions(folder)) > 1]


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


# ------------------------------------------------------------------------- layout and naming


def test_catalog_size_domains_and_schema_types() -> None:
    names = [folder.name for folder in CONTRACT_DIRS]
    assert len(names) >= 8, names
    assert len({name.split(".")[0] for name in names}) >= 4, names
    types = {_schema_type(p) for p in ALL_FILES}
    assert types == {"AVRO", "JSON"}
    # at least one real history per schema type
    assert {_schema_type(_versions(folder)[0][1]) for folder in HISTORIES} == {"AVRO", "JSON"}


@pytest.mark.parametrize("folder", CONTRACT_DIRS, ids=[f.name for f in CONTRACT_DIRS])
def test_contract_folder_is_well_formed(folder: Path) -> None:
    assert CONTRACT_NAME.match(folder.name), folder.name
    versions = _versions(folder)
    assert [n for n, _ in versions] == list(range(1, len(versions) + 1)), "versions not contiguous"
    assert len({_schema_type(p) for _, p in versions}) == 1, "mixed schema types"
    stray = {p.name for p in folder.iterdir()} - {p.name for _, p in versions} - {"contract.toml"}
    assert not stray, stray
    config = _config(folder)
    assert set(config) <= {"topic", "key", "compatibility", "subject_strategy", "owners",
                           "description", "lint"}
    topic = config.get("topic", folder.name)
    assert re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,2}$", topic), topic
    assert topic.split(".")[0] == folder.name.split(".")[0]
    assert topic.split(".")[-1] == folder.name.split(".")[1]
    assert config.get("lint", {}) == {}, "bundled contracts use the project's lint rules"
    assert config.get("owners"), "every bundled contract names its owners"
    assert config.get("description")


def test_levels_and_subject_strategies_are_mixed() -> None:
    levels = {_level(folder) for folder in CONTRACT_DIRS}
    assert {"FULL_TRANSITIVE", "BACKWARD_TRANSITIVE", "FORWARD", "BACKWARD"} <= levels, levels
    levels_with_history = {_level(folder) for folder in HISTORIES}
    assert {"FULL_TRANSITIVE", "BACKWARD_TRANSITIVE", "FORWARD"} <= levels_with_history
    strategies = {_config(f).get("subject_strategy", "TopicNameStrategy") for f in CONTRACT_DIRS}
    assert {"RecordNameStrategy", "TopicRecordNameStrategy"} <= strategies, strategies
    assert any("topic" not in _config(f) for f in CONTRACT_DIRS), "a contract uses the default"


# ------------------------------------------------------------------------- Avro validity


@pytest.mark.parametrize("path", AVRO_FILES, ids=_ids(AVRO_FILES))
def test_avro_parses_with_fastavro_and_avro(path: Path) -> None:
    import avro.schema
    import fastavro

    text = path.read_text(encoding="utf-8")
    parsed = fastavro.parse_schema(json.loads(text), named_schemas={})
    assert parsed["type"] == "record"
    schema = avro.schema.parse(text)
    assert schema.type == "record"


@pytest.mark.parametrize("path", AVRO_FILES, ids=_ids(AVRO_FILES))
def test_avro_passes_the_java_parser_checks(path: Path) -> None:
    """Names valid, enum defaults are symbols, every field default matches its type (a union's
    default its FIRST branch) - checks the Java parser makes and fastavro does not."""
    problems: list[str] = []
    _check_avro(_load(path), "", {}, problems)
    assert not problems, problems


def _check_avro(schema: Any, namespace: str, named: dict[str, Any], problems: list[str]) -> None:
    if isinstance(schema, list):
        for branch in schema:
            _check_avro(branch, namespace, named, problems)
        keys = [b if isinstance(b, str) else
                b["name"] if b["type"] in ("record", "enum", "fixed") else b["type"]
                for b in schema]
        if len(keys) != len(set(keys)) or "union" in keys:
            problems.append(f"union {schema} repeats a type or nests a union")
        return
    if not isinstance(schema, dict):
        return
    kind = schema["type"]
    if kind in ("record", "enum", "fixed"):
        namespace = schema.get("namespace", namespace)
        for part in [schema["name"], *(namespace.split(".") if namespace else [])]:
            if not NAME.match(part):
                problems.append(f"invalid name part {part!r}")
        full = schema["name"] if "." in schema["name"] else f"{namespace}.{schema['name']}"
        if full in named:
            problems.append(f"{full} defined twice")
        named[full] = schema
        if not schema.get("doc"):
            problems.append(f"{full} has no doc")
    if kind == "enum":
        symbols = schema["symbols"]
        if len(set(symbols)) != len(symbols) or not all(NAME.match(s) for s in symbols):
            problems.append(f"bad symbols {symbols}")
        if "default" in schema and schema["default"] not in symbols:
            problems.append(f"enum default {schema['default']!r} is not a symbol")
    elif kind == "record":
        names = [f["name"] for f in schema["fields"]]
        if len(set(names)) != len(names):
            problems.append(f"duplicate field names in {schema['name']}")
        for field in schema["fields"]:
            if not NAME.match(field["name"]):
                problems.append(f"invalid field name {field['name']!r}")
            if not field.get("doc"):
                problems.append(f"field {schema['name']}.{field['name']} has no doc")
            _check_avro(field["type"], namespace, named, problems)
            if "default" in field and not _default_ok(field["type"], field["default"],
                                                        namespace, named):
                problems.append(f"default of {schema['name']}.{field['name']} does not match "
                                f"its type (for a union: its first branch)")
    elif kind == "array":
        _check_avro(schema["items"], namespace, named, problems)
    elif kind == "map":
        _check_avro(schema["values"], namespace, named, problems)


def _default_ok(schema: Any, value: Any, namespace: str, named: dict[str, Any]) -> bool:
    if isinstance(schema, list):
        return bool(schema) and _default_ok(schema[0], value, namespace, named)
    if isinstance(schema, str) and schema not in PRIMITIVES:
        full = schema if "." in schema else f"{namespace}.{schema}"
        return _default_ok(named[full], value, namespace, named)
    kind = schema if isinstance(schema, str) else schema["type"]
    if isinstance(schema, dict) and kind in ("record", "enum", "fixed"):
        namespace = schema.get("namespace", namespace)
    checks = {
        "null": lambda: value is None,
        "boolean": lambda: isinstance(value, bool),
        "int": lambda: isinstance(value, int) and not isinstance(value, bool)
        and -(2**31) <= value < 2**31,
        "long": lambda: isinstance(value, int) and not isinstance(value, bool)
        and -(2**63) <= value < 2**63,
        "float": lambda: isinstance(value, (int, float)) and not isinstance(value, bool),
        "double": lambda: isinstance(value, (int, float)) and not isinstance(value, bool),
        "bytes": lambda: isinstance(value, str),
        "string": lambda: isinstance(value, str),
        "enum": lambda: value in schema["symbols"],
        "fixed": lambda: isinstance(value, str) and len(value) == schema["size"],
        "array": lambda: isinstance(value, list)
        and all(_default_ok(schema["items"], v, namespace, named) for v in value),
        "map": lambda: isinstance(value, dict)
        and all(_default_ok(schema["values"], v, namespace, named) for v in value.values()),
        "record": lambda: isinstance(value, dict) and all(
            _default_ok(f["type"], value[f["name"]], namespace, named) if f["name"] in value
            else "default" in f for f in schema["fields"]),
    }
    return bool(checks[kind]())


@pytest.mark.parametrize("path", AVRO_FILES, ids=_ids(AVRO_FILES))
def test_avro_envelope(path: Path) -> None:
    schema = _load(path)
    folder = path.parent.name
    expected_name = "".join(part.capitalize() for part in re.split(r"[._]", folder))
    assert schema["name"] == expected_name
    assert schema["namespace"].startswith("com.acme.events.")
    assert schema["doc"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert [f["name"] for f in schema["fields"]] == list(ENVELOPE)
    assert fields["eventId"]["type"] == {"type": "string", "logicalType": "uuid"}
    assert fields["eventType"]["type"] == "string"
    assert fields["eventVersion"]["type"] == "int"
    assert fields["timestamp"]["type"] == {"type": "long", "logicalType": "timestamp-millis"}
    assert fields["source"]["type"] == "string"
    for optional in ("correlationId", "traceId"):
        assert fields[optional]["type"] == ["null", "string"]
        assert fields[optional]["default"] is None
    assert fields["data"]["type"]["type"] == "record"


# ------------------------------------------------------------------------- JSON Schema validity


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_json_schema_passes_its_meta_schema(path: Path) -> None:
    import jsonschema.validators

    schema = _load(path)
    assert schema["$schema"] in ("http://json-schema.org/draft-07/schema#",
                                 "https://json-schema.org/draft/2020-12/schema")
    validator = jsonschema.validators.validator_for(schema, default=None)
    assert validator is not None, f"unknown $schema {schema['$schema']}"
    validator.check_schema(schema)


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_json_envelope_and_descriptions(path: Path) -> None:
    import jsonschema.validators

    schema = _load(path)
    folder = path.parent.name
    assert schema["title"] == "".join(p.capitalize() for p in re.split(r"[._]", folder))
    assert schema["type"] == "object" and schema["description"]
    props = schema["properties"]
    assert list(props) == list(ENVELOPE)
    assert props["eventId"]["type"] == "string" and props["eventId"]["format"] == "uuid"
    assert props["eventType"]["type"] == "string"
    assert props["eventVersion"]["type"] == "integer"
    assert props["timestamp"]["type"] == "string"
    assert props["timestamp"]["format"] == "date-time"
    assert props["source"]["type"] == "string"
    assert props["correlationId"]["type"] == props["traceId"]["type"] == ["string", "null"]
    assert props["data"]["type"] == "object"
    assert set(schema["required"]) == set(ENVELOPE) - {"correlationId", "traceId"}
    missing = [pointer for pointer, node in _json_nodes(schema, "")
               if pointer and not node.get("description")]
    assert not missing, f"no description at {missing}"
    # the envelope of a real event is accepted: only the empty payload is wrong
    event = {"eventId": "0b6c6d1e-5d4a-4a7e-9e0e-0d5c8b7e2f10", "eventType": f"{folder}.v1",
             "eventVersion": 1, "timestamp": "2024-05-01T12:00:00Z", "source": "tests",
             "correlationId": None, "traceId": None, "data": {}}
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = list(validator.iter_errors(event))
    assert errors and all(e.absolute_path and e.absolute_path[0] == "data" for e in errors)


def _json_nodes(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property, items and $defs schema below the root, with its JSON pointer."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in ("properties", "$defs", "definitions"):
        for name, child in node.get(key, {}).items():
            yield from _json_nodes(child, f"{pointer}/{key}/{name}")
    if isinstance(node.get("items"), dict):
        yield from _json_nodes(node["items"], f"{pointer}/items")


# ------------------------------------------------------------------------- coverage claims


def _walk_avro(schema: Any, found: dict[str, set[str]], namespace: str, stack: list[str]) -> None:
    """Collect the types, logical types and shapes used by an Avro schema."""
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            found["types"].add(schema)
        else:
            full = schema if "." in schema else f"{namespace}.{schema}"
            found["references"].add(full)
            if full in stack:
                found["recursive"].add(full)
        return
    if isinstance(schema, list):
        found["types"].add("union")
        if len([b for b in schema if b != "null"]) >= 2:
            found["shapes"].add("multi-branch union")
        for branch in schema:
            _walk_avro(branch, found, namespace, stack)
        return
    kind = schema["type"]
    found["types"].add(kind if isinstance(kind, str) else "union")
    logical = schema.get("logicalType")
    if logical:
        found["logical"].add(logical if logical != "decimal" else f"decimal/{kind}")
    if kind in ("record", "enum", "fixed"):
        namespace = schema.get("namespace", namespace)
        full = schema["name"] if "." in schema["name"] else f"{namespace}.{schema['name']}"
    if kind == "record":
        if stack:
            found["shapes"].add("nested record")
        for field in schema["fields"]:
            _walk_avro(field["type"], found, namespace, [*stack, full])
    elif kind == "enum" and "default" in schema:
        found["shapes"].add("enum with default")
    elif kind == "array":
        _walk_avro(schema["items"], found, namespace, stack)
    elif kind == "map":
        _walk_avro(schema["values"], found, namespace, stack)
    elif isinstance(kind, (dict, list)):
        _walk_avro(kind, found, namespace, stack)


def _avro_coverage() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {k: set() for k in ("types", "logical", "shapes", "references",
                                                       "recursive")}
    for path in AVRO_FILES:
        _walk_avro(_load(path), found, "", [])
    return found


def test_avro_contracts_use_every_avro_type() -> None:
    found = _avro_coverage()
    expected = {*PRIMITIVES, "record", "enum", "array", "map", "fixed", "union"}
    assert expected <= found["types"], expected - found["types"]
    assert {"nested record", "enum with default", "multi-branch union"} <= found["shapes"]
    assert found["references"], "a named type is reused by name"


def test_avro_contracts_use_every_logical_type() -> None:
    found = _avro_coverage()["logical"]
    expected = {"uuid", "date", "time-millis", "timestamp-millis", "timestamp-micros",
                "decimal/bytes", "decimal/fixed"}
    assert expected <= found, expected - found


def test_a_recursive_avro_type_exists() -> None:
    recursive = _avro_coverage()["recursive"]
    assert recursive, "no record refers to itself"


def test_the_recursive_handling_unit_round_trips() -> None:
    """A pallet holding cartons holding parcels encodes and decodes through fastavro."""
    import io

    import fastavro

    named: dict[str, Any] = {}
    fastavro.parse_schema(_load(CONTRACTS / "shipment.dispatched" / "v1.avsc"), named_schemas=named)
    unit = named["com.acme.events.shipment.HandlingUnit"]

    def make(kind: str, contents: list[dict[str, Any]]) -> dict[str, Any]:
        return {"sscc": "387123450000000017", "kind": kind, "weightKg": 1.5, "pieceCount": 2,
                "skus": ["SKU-1"], "contents": contents}

    pallet = make("PALLET", [make("CARTON", [make("PARCEL", [])]), make("CARTON", [])])
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, unit, pallet)
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, unit, unit) == pallet


# ------------------------------------------------------------------------- compatibility


def _history(folder: Path) -> list[Any]:
    return [_load(path) for _, path in _versions(folder)]


def _compared(level: str, count: int) -> list[int]:
    """Indexes of the earlier versions the newest of `count` versions is checked against."""
    if level == "NONE":
        return []
    return list(range(count - 1)) if level.endswith("_TRANSITIVE") else [count - 2]


@pytest.mark.parametrize("folder", HISTORIES, ids=[f.name for f in HISTORIES])
def test_history_is_compatible_under_its_level(folder: Path) -> None:
    schema_type = _schema_type(_versions(folder)[0][1])
    from generator.compat import check_compatibility

    level = _level(folder)
    schemas = _history(folder)
    for n in range(2, len(schemas) + 1):
        result = check_compatibility(schema_type, schemas[n - 1], schemas[: n - 1], level)
        assert result.compatible, f"{folder.name} v{n} under {level}: {result.findings}"


AVRO_HISTORIES = [f for f in HISTORIES if _schema_type(_versions(f)[0][1]) == "AVRO"]


@pytest.mark.parametrize("folder", AVRO_HISTORIES, ids=[f.name for f in AVRO_HISTORIES])
def test_avro_history_agrees_with_the_avro_library(folder: Path) -> None:
    """Cross-check with Apache Avro's own reader/writer checker, independently of generator."""
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    level = _level(folder)
    parsed = [avro.schema.parse(json.dumps(s)) for s in _history(folder)]
    for n in range(2, len(parsed) + 1):
        new = parsed[n - 1]
        for index in _compared(level, n):
            old = parsed[index]
            pairs = []
            if level.startswith(("BACKWARD", "FULL")):
                pairs.append(("backward", new, old))
            if level.startswith(("FORWARD", "FULL")):
                pairs.append(("forward", old, new))
            for direction, reader, writer in pairs:
                result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
                assert result.compatibility is SchemaCompatibilityType.compatible, (
                    f"{folder.name} v{n} vs v{index + 1} ({direction}): {result.messages}")


def test_levels_matter_in_the_catalog() -> None:
    """The FORWARD and BACKWARD_TRANSITIVE histories are not trivially compatible both ways:
    notification.sent v2 adds a field without default (old readers skip it, new readers of old
    data cannot fill it) and shipment.dispatched v2 promotes int->long and float->double (new
    readers widen old data, old readers cannot narrow it)."""
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    def compatible(reader: Any, writer: Any) -> bool:
        result = ReaderWriterCompatibilityChecker().get_compatibility(
            avro.schema.parse(json.dumps(reader)), avro.schema.parse(json.dumps(writer)))
        return result.compatibility is SchemaCompatibilityType.compatible

    v1, v2 = _history(CONTRACTS / "notification.sent")[:2]
    assert compatible(v1, v2) and not compatible(v2, v1)
    v1, v2 = _history(CONTRACTS / "shipment.dispatched")[:2]
    assert compatible(v2, v1) and not compatible(v1, v2)


def test_json_content_models_matter_in_the_catalog() -> None:
    """order.cancelled (open content model) may add properties only under FORWARD; the closed
    inventory.reserved and order.placed only under BACKWARD - Confluent's JSON Schema rules."""
    from generator.compat import check_compatibility

    def rules(name: str, level: str) -> set[str]:
        v1, v2 = _history(CONTRACTS / name)[:2]
        return {f.rule_id for f in check_compatibility("JSON", v2, [v1], level).findings}

    assert rules("order.cancelled", "FORWARD") == set()
    assert rules("order.cancelled", "BACKWARD") == {"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"}
    for closed in ("inventory.reserved", "order.placed"):
        assert rules(closed, "BACKWARD") == set()
        assert rules(closed, "FORWARD") == {"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"}


# ------------------------------------------------------------------------- through the tool


def test_the_catalog_loads_and_lints_clean() -> None:
    from generator.catalog import lint_catalog, load_catalog

    catalog = load_catalog(CONTRACTS)
    assert [c.name for c in catalog.contracts] == [f.name for f in CONTRACT_DIRS]
    assert sum(len(c.versions) for c in catalog.contracts) == len(ALL_FILES)
    findings = lint_catalog(catalog)
    assert findings == [], [f"{f.path}:{f.line}: {f.message}" for f in findings]

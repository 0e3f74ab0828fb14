"""Helpers of the code generation tests: projects from schemas, importing generated code."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.catalog import Catalog, load_catalog

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
GOLDENS = HERE / "goldens"
REPO = HERE.parents[1]


def make_project(root: Path, contracts: dict[str, list[Any]], *, package: str = "events",
                 toml: dict[str, str] | None = None) -> Catalog:
    """A project under `root` with the given contracts: name -> [schema per version]."""
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\n\n[tool.event-contracts]\npackage = "{package}"\n'
        'source = "tests"\n', "utf-8")
    for name, versions in contracts.items():
        folder = root / "contracts" / name
        folder.mkdir(parents=True, exist_ok=True)
        for number, schema in enumerate(versions, 1):
            text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
            is_json = isinstance(schema, dict) and "$schema" in schema
            (folder / f"v{number}.{'schema.json' if is_json else 'avsc'}").write_text(text, "utf-8")
        if toml and name in toml:
            (folder / "contract.toml").write_text(toml[name], "utf-8")
    return load_catalog(root / "contracts")


def schema(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text("utf-8"))


def import_package(output: Path, package: str) -> Callable[[str], ModuleType]:
    """An importer for the package generated in `output` (earlier imports of it forgotten)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    if str(output) not in sys.path:
        sys.path.insert(0, str(output))
    importlib.invalidate_caches()
    return importlib.import_module


def raw_catalog(root: Path, contract: str, schemas: list[Any], *, package: str = "events",
                key: str = "eventId", topic: str | None = None) -> Catalog:
    """A catalog built by hand, bypassing the loader's validation and lint (codegen still parses
    each schema with the catalog's Avro model, so Java's rules hold)."""
    from generator.catalog import Contract, ContractConfig, PositionIndex, SchemaVersion, Settings

    folder = root / "contracts" / contract
    versions = []
    for number, value in enumerate(schemas, 1):
        text = json.dumps(value, indent=2)
        versions.append(SchemaVersion(contract, number, folder / f"v{number}.avsc", "AVRO", text,
                                      value, PositionIndex(text)))
    config = ContractConfig(topic=topic, key=key)
    settings = Settings(root=root, package=package, source="tests")
    return Catalog(root / "contracts", settings,
                   (Contract(contract, folder, config, tuple(versions)),))


def avro_example(schema: Any, seed: int = 0) -> Any:
    """A deterministic datum for an Avro schema (Python values for logical types; unions pick a
    non-null branch chosen by `seed` near the top and null deeper, so recursion ends)."""
    import datetime as dt
    import uuid
    from decimal import Decimal

    named: dict[str, Any] = {}

    def walk(node: Any, namespace: str, depth: int) -> Any:
        if isinstance(node, list):
            options = [b for b in node if b != "null"] if depth < 3 else node
            branch = options[seed % len(options)] if depth < 3 else (
                "null" if "null" in node else node[0])
            return walk(branch, namespace, depth + 1)
        if isinstance(node, str):
            simple = {"null": None, "boolean": True, "int": 7 + seed, "long": 1 << 40,
                      "float": 1.5, "double": 2.25, "bytes": b"\x00\xff", "string": f"s{seed}"}
            if node in simple:
                return simple[node]
            full = node if "." in node or not namespace else f"{namespace}.{node}"
            return walk(named.get(full) or named[node], namespace, depth + 1)
        if isinstance(node.get("type"), (dict, list)):
            return walk(node["type"], namespace, depth)
        kind, logical = node["type"], node.get("logicalType")
        if kind in ("record", "enum", "fixed"):
            name = node["name"]
            namespace = node.get("namespace", namespace) if "." not in name else \
                name.rsplit(".", 1)[0]
            full = name if "." in name or not namespace else f"{namespace}.{name}"
            named[full] = named[name] = node
        logical_values = {
            "uuid": uuid.UUID(int=seed + 1),
            "timestamp-millis": dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=dt.UTC),
            "timestamp-micros": dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC),
            "date": dt.date(2024, 2, 29), "time-millis": dt.time(1, 2, 3, 4000),
            "time-micros": dt.time(1, 2, 3, 4005),
        }
        if logical in logical_values:
            return logical_values[logical]
        if logical == "decimal":
            return Decimal(12345 + seed).scaleb(-int(node.get("scale", 0)))
        if kind == "record":
            return {f["name"]: walk(f["type"], namespace, depth + 1) for f in node["fields"]}
        if kind == "enum":
            return node["symbols"][seed % len(node["symbols"])]
        if kind == "fixed":
            return bytes(range(node["size"]))
        if kind == "array":
            return [walk(node["items"], namespace, depth + 1) for _ in range(2 if depth < 3 else 0)]
        if kind == "map":
            return {"k": walk(node["values"], namespace, depth + 1)} if depth < 3 else {}
        return walk(kind, namespace, depth)

    return walk(schema, "", 0)


def avro_event(module: ModuleType, seed: int = 0) -> Any:
    """An instance of a generated Avro module's top class, through fastavro's own encoding."""
    import io

    import fastavro

    datum = avro_example(json.loads(module.SCHEMA), seed)
    parsed = fastavro.parse_schema(json.loads(module.SCHEMA))
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, datum)
    return module.Event.from_avro(buffer.getvalue())


def json_example(schema: Any, seed: int = 0) -> Any:
    """A deterministic instance of a JSON Schema (the subset the contracts use)."""
    from hypothesis import find
    from hypothesis import strategies as st

    root = schema

    def resolve(node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = root
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def walk(node: Any, depth: int) -> Any:
        node = resolve(node)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][seed % len(node["enum"])]
        for key in ("oneOf", "anyOf"):
            if key in node:
                options = [o for o in node[key] if resolve(o).get("type") != "null"]
                return walk(options[0] if options else node[key][0], depth)
        kind = node.get("type", "object")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "null":
            return None
        if kind == "boolean":
            return True
        if kind in ("integer", "number"):
            low = node.get("minimum", node.get("exclusiveMinimum", 0) + 1 if
                           "exclusiveMinimum" in node else 1)
            return int(low) + seed if kind == "integer" else float(low) + 0.5
        if kind == "string":
            fmt = node.get("format")
            formats = {"uuid": f"00000000-0000-4000-8000-{seed + 1:012d}",
                       "date-time": "2024-05-06T07:08:09.123456+00:00", "date": "2024-02-29",
                       "email": "someone@example.com", "uri": "https://example.com/x"}
            if fmt in formats:
                return formats[fmt]
            if "pattern" in node:
                return find(st.from_regex(node["pattern"], fullmatch=True), lambda _: True)
            return "x" * max(int(node.get("minLength", 1)), 1)
        if kind == "array":
            count = max(int(node.get("minItems", 1)), 1 if depth < 3 else 0)
            return [walk(node.get("items", {}), depth + 1) for _ in range(count)]
        props = node.get("properties", {})
        required = set(node.get("required", ()))
        return {name: walk(sub, depth + 1) for name, sub in props.items()
                if name in required or depth < 3}

    return walk(schema, 0)


def json_event(module: ModuleType, seed: int = 0) -> Any:
    """An instance of a generated JSON Schema module's top model."""
    return module.Event.model_validate(json_example(json.loads(module.SCHEMA), seed))


# A schema of every top-level type but a record, by contract name (the toplevel.avsc golden
# holds a JSON array of named types).
TOP_LEVEL = {
    "top.enum": {"type": "enum", "name": "Color", "namespace": "test.top",
                 "symbols": ["RED", "GREEN", "int", "to_avro"], "default": "RED"},
    "top.fixed": {"type": "fixed", "name": "md5", "namespace": "test.top", "size": 4},
    "top.array": {"type": "array", "items": ["null", "int", "long"]},
    "top.map": {"type": "map", "values": {"type": "record", "name": "Point", "fields": [
        {"name": "x", "type": "double"}]}},
    "top.union": ["null", "string", {"type": "fixed", "name": "F2", "size": 2}, "bytes"],
    "top.named": [{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]},
                  {"type": "record", "name": "B", "fields": [{"name": "a", "type": "A"}]}],
    "top.string": {"type": "string"},
}

"""The generated classes write the union bytes Java Apache Avro 1.11 reads, on the right branch.

tests/codegen/data/avro_java_unions.jsonl (made by java_labels/make_union_cases.py) holds union
cases with fastavro's bytes for a value on a branch, and what Java made of those bytes: it
reads them, on that branch (its JSON encoding names it), and writes the same bytes again. Here
the generated classes must produce exactly those bytes: from the same bytes read ("read"), and
from the value built in Python ("built"); "control" rows are bytes earlier generated code wrote
for a value no int holds, which Java refuses, and which the classes no longer write.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from codegen_helpers import import_package, make_project

from generator.codegen import generate

DATA = Path(__file__).resolve().parent / "data" / "avro_java_unions.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
NS = "cases"


def _schema(row: dict[str, Any]) -> Any:
    union = row["union"]
    if row["top"]:
        return [{**b, "namespace": NS} if isinstance(b, dict) else b for b in union]
    return {"type": "record", "name": "Case", "namespace": NS,
            "fields": [{"name": "value", "type": union}]}


def _contract(row: dict[str, Any]) -> str:
    return "case." + row["id"].split("/")[0].replace("-", "_")


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    root = tmp_path_factory.mktemp("java_unions")
    schemas = {_contract(row): [_schema(row)] for row in ROWS}
    generate(make_project(root, schemas, package="ev_java"), root / "generated")
    importer = import_package(root / "generated", "ev_java")
    return {name: importer(f"ev_java.{name.replace('.', '_')}.v1") for name in schemas}


def _python(m: ModuleType, value: Any) -> Any:
    if isinstance(value, dict) and "bytes" in value:
        return bytes.fromhex(value["bytes"])
    if isinstance(value, dict) and "float" in value:
        return float(value["float"])
    if isinstance(value, dict) and "record" in value:
        return getattr(m, value["record"])(**value["fields"])
    return value


def _event(m: ModuleType, row: dict[str, Any], value: Any) -> Any:
    """The event holding `value`: the top-level union's class, or the record around it."""
    return m.Event(value) if row["top"] else m.Case(value=value)


def _same(expected: Any, java: Any) -> bool:
    """Avro JSON values alike (Java prints a float's shortest 32-bit digits)."""
    if isinstance(expected, dict) and isinstance(java, dict):
        return expected.keys() == java.keys() and all(_same(expected[k], java[k])
                                                      for k in expected)
    if isinstance(expected, float) or isinstance(java, float):
        return math.isclose(expected, java, rel_tol=1e-7)
    return bool(expected == java)


def test_the_labels_cover_every_kind() -> None:
    kinds = {row["kind"] for row in ROWS}
    assert kinds == {"read", "built", "control"} and any(row["top"] for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_java_reads_what_the_classes_write(row: dict[str, Any],
                                           modules: dict[str, ModuleType]) -> None:
    m = modules[_contract(row)]
    data = bytes.fromhex(row["hex"])
    java = row["java"]
    if row["kind"] == "control":
        assert not java["reads"], java
        number = next(iter(row["expect"].values()))
        assert _event(m, row, number).to_avro() != data
        return
    assert java["reads"] and java["same_bytes"], java
    decoded = json.loads(java["json"])
    assert _same(row["expect"], decoded if row["top"] else decoded["value"])
    if row["kind"] == "read":
        event = m.Event.from_avro(data)
    else:
        event = _event(m, row, _python(m, row["value"]))
    assert event.to_avro() == data
    assert m.Event.from_wire(event.to_wire(1)).to_avro() == data

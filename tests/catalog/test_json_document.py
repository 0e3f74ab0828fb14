"""The JSON Schema document model: drafts, `$ref` resolution offline, the bundled view."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from generator.catalog import (
    DRAFTS,
    JsonSchemaSet,
    detect_draft,
    json_document,
    json_envelope,
    load_catalog,
    meta_problem,
    standalone,
)
from generator.cli import main


@pytest.mark.parametrize(("declared", "name"), [
    ("http://json-schema.org/draft-04/schema#", "draft-04"),
    ("http://json-schema.org/draft-04/schema", "draft-04"),
    ("https://json-schema.org/draft-06/schema#", "draft-06"),
    ("http://json-schema.org/draft-07/schema", "draft-07"),
    ("https://json-schema.org/draft/2019-09/schema", "2019-09"),
    ("http://json-schema.org/draft/2020-12/schema#", "2020-12"),
    (None, "draft-07"),
    ("http://json-schema.org/draft-03/schema#", "draft-07"),
    ("http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
     "draft-07"),
    (42, "draft-07"),
])
def test_draft_detection(declared, name):
    schema = {"type": "object"} if declared is None else {"$schema": declared}
    assert detect_draft(schema).name == name
    assert detect_draft(True).name == "draft-07"


def test_each_draft_is_checked_against_its_own_meta_schema():
    by_name = {d.name: d for d in DRAFTS}
    boolean_exclusive = {"type": "number", "maximum": 5, "exclusiveMaximum": True}
    assert meta_problem({"$schema": by_name["draft-04"].uri, **boolean_exclusive}) is None
    problem = meta_problem({"$schema": by_name["draft-06"].uri, **boolean_exclusive})
    assert problem is not None and problem[0] == "/exclusiveMaximum"
    assert meta_problem({"$schema": by_name["draft-04"].uri, "const": 1}) is None  # unknown kw
    assert meta_problem({"$schema": by_name["2020-12"].uri, "prefixItems": [{}]}) is None
    assert meta_problem({"$schema": by_name["2019-09"].uri, "$anchor": "1bad"}) is not None


def test_validators_follow_the_draft():
    draft4 = standalone({"$schema": "http://json-schema.org/draft-04/schema#",
                         "type": "number", "maximum": 5, "exclusiveMaximum": True})
    assert (draft4.is_valid(5), draft4.is_valid(4.9)) == (False, True)
    tuple_2019 = standalone({"$schema": "https://json-schema.org/draft/2019-09/schema",
                             "items": [{"type": "string"}], "additionalItems": False})
    assert tuple_2019.is_valid(["a"]) and not tuple_2019.is_valid(["a", "b"])
    prefix_2020 = standalone({"$schema": "https://json-schema.org/draft/2020-12/schema",
                              "prefixItems": [{"type": "string"}], "items": False})
    assert prefix_2020.is_valid(["a"]) and not prefix_2020.is_valid([1])
    assert next(iter(prefix_2020.errors([1])))[0] == "/0"


def test_local_refs_anchors_and_ids_resolve():
    doc = standalone({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "http://example.com/root.json",
        "properties": {
            "a": {"$ref": "#/definitions/A"},
            "b": {"$ref": "#bee"},
            "c": {"$ref": "http://example.com/root.json#/definitions/A"},
            "d": {"$ref": "other.json"},
        },
        "definitions": {"A": {"type": "string"},
                        "B": {"id": "#bee", "type": "integer"},
                        "O": {"id": "other.json", "type": "null"}},
    })
    assert doc.problems() == []
    targets = {ref.pointer: ref.target.pointer for ref in doc.refs() if ref.target}
    assert targets == {"/properties/a/$ref": "/definitions/A", "/properties/b/$ref":
                       "/definitions/B", "/properties/c/$ref": "/definitions/A",
                       "/properties/d/$ref": "/definitions/O"}
    bundled = doc.bundled()
    assert bundled["properties"]["d"] == {"$ref": "#/definitions/O"}
    assert "id" not in bundled["definitions"]["O"]
    assert doc.is_valid({"a": "x", "b": 1, "c": "y", "d": None})
    assert not doc.is_valid({"d": 1})


def test_a_self_contained_document_is_its_own_bundle():
    schema = {"$defs": {"A": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/A"}}}
    assert standalone(schema).bundled() is schema


def test_unresolved_refs_are_named():
    doc = standalone({"properties": {"a": {"$ref": "#/definitions/Nope"},
                                     "b": {"$ref": "https://example.com/money.json"},
                                     "c": {"$ref": "../common.money/v1.schema.json"}}})
    problems = dict(doc.problems())
    assert set(problems) == {"/properties/a/$ref", "/properties/b/$ref", "/properties/c/$ref"}
    assert "has nothing at #/definitions/Nope" in problems["/properties/a/$ref"]
    assert "never fetched" in problems["/properties/b/$ref"]
    assert "no schema file '../common.money/v1.schema.json'" in problems["/properties/c/$ref"]


def test_refs_between_files_resolve_by_path_and_by_id(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was touched")

    monkeypatch.setattr(socket, "create_connection", no_network)
    schemas = JsonSchemaSet()
    order = schemas.add({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {"total": {"$ref": "../common.money/v1.schema.json#/definitions/Money"},
                       "where": {"$ref": "https://example.com/address.json"}},
    }, "order.placed/v1.schema.json")
    money_properties = {"amount": {"type": "number"}, "again": {"$ref": "#/definitions/Money"}}
    schemas.add({"definitions": {"Money": {"type": "object", "required": ["amount"],
                                           "properties": money_properties}}},
                "common.money/v1.schema.json")
    schemas.add({"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://example.com/address.json", "type": "string"},
                "common.address/v1.schema.json")
    assert order.problems() == []
    assert [d.label for d in order.reached()] == [
        "order.placed/v1.schema.json", "common.money/v1.schema.json",
        "common.address/v1.schema.json"]
    bundled = order.bundled()
    assert bundled["properties"]["total"] == {
        "$ref": "#/definitions/common.money.v1/definitions/Money"}
    money = bundled["definitions"]["common.money.v1"]["definitions"]["Money"]
    assert money["properties"]["again"] == {
        "$ref": "#/definitions/common.money.v1/definitions/Money"}
    address = bundled["definitions"]["common.address.v1"]
    assert "$id" not in address and "$schema" not in address
    assert order.is_valid({"total": {"amount": 1, "again": {"amount": 2}}, "where": "x"})
    assert not order.is_valid({"total": {"again": {}}})
    assert not order.is_valid({"where": 1})


def _write(project: Path, contract: str, schema: object) -> Path:
    folder = project / "contracts" / contract
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "v1.schema.json"
    path.write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
    return path


def test_the_catalog_resolves_refs_between_contracts(project):
    schema = json_envelope("order.placed")
    schema["properties"]["data"] = {"$ref": "../common.money/v1.schema.json"}
    _write(project, "order.placed", schema)
    _write(project, "common.money", {"type": "object", "properties": {"amount": {}}})
    catalog = load_catalog(project / "contracts")
    document = json_document(catalog.get("order.placed").latest)
    assert document.problems() == []
    assert "common.money.v1" in document.bundled()["definitions"]


@pytest.mark.parametrize("command", ["lint", "check"])
@pytest.mark.parametrize(("ref", "words"), [
    ("#/definitions/Missing", "has nothing at #/definitions/Missing"),
    ("https://example.com/money.json", "'https://example.com/money.json': no schema of the "
                                       "catalog declares it as its $id"),
    ("../common.money/v1.schema.json", "no schema file '../common.money/v1.schema.json'"),
])
def test_an_unresolved_ref_is_an_error_at_its_place(project, capsys, command, ref, words):
    schema = json_envelope("order.placed")
    schema["properties"]["data"] = {"$ref": ref}
    path = _write(project, "order.placed", schema)
    code = main(["--contracts-dir", str(project / "contracts"), command])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err
    text = path.read_text()
    line = text[: text.index(json.dumps(ref))].count("\n") + 1
    column = text.splitlines()[line - 1].index(json.dumps(ref)) + 1
    assert err.startswith(f"{path}:{line}:{column}: error: invalid JSON Schema: unresolved "
                          f"$ref {ref!r}"), err
    assert words in err

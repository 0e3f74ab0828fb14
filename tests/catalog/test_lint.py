from __future__ import annotations

import copy

import pytest

from generator.catalog import (
    LINT_RULES,
    avro_envelope,
    json_envelope,
    lint_catalog,
    load_catalog,
    load_settings,
)
from generator.catalog._lint import selected_rules


def lint(project):
    catalog = load_catalog(project / "contracts", load_settings(project))
    return lint_catalog(catalog)


def rule_ids(findings):
    return sorted(f.rule_id for f in findings)


def test_scaffolded_contracts_are_clean(project, write_schema):
    write_schema("user.created", 1, avro_envelope("user.created"))
    write_schema("order.placed", 1, json_envelope("order.placed"), ext="schema.json")
    assert lint(project) == []


def test_every_rule_has_an_id_purpose_and_category():
    ids = [rule.id for rule in LINT_RULES]
    assert len(ids) == len(set(ids))
    for rule in LINT_RULES:
        assert rule.purpose and rule.categories and callable(rule.handler)


def test_bad_contract_name(project, write_schema):
    write_schema("UserCreated", 1, avro_envelope("user.created"))
    assert "CONTRACT_NAME" in rule_ids(lint(project))


@pytest.mark.parametrize("topic,ok", [("users.user.created", True), ("user.created", True),
                                      ("Users.Created", False), ("user.created.dlq", False),
                                      ("user.account.deleted", False), ("a.b.c.created", False)])
def test_topic_names(project, write_schema, topic, ok):
    write_schema("user.created", 1, avro_envelope("user.created"))
    (project / "contracts" / "user.created" / "contract.toml").write_text(f'topic = "{topic}"\n')
    assert ("TOPIC_NAME" not in rule_ids(lint(project))) == ok


def test_missing_envelope_field_points_at_the_fields(project, write_schema):
    schema = avro_envelope("user.created")
    del schema["fields"][0]
    write_schema("user.created", 1, schema)
    findings = lint(project)
    # the default partition key is eventId, so KEY_FIELD fires too
    assert rule_ids(findings) == ["ENVELOPE", "KEY_FIELD"]
    findings = [f for f in findings if f.rule_id == "ENVELOPE"]
    assert "'eventId' is missing" in findings[0].message
    assert findings[0].line == 6  # "fields": [ in json.dumps(indent=2) output


def test_wrong_envelope_types(project, write_schema):
    schema = avro_envelope("user.created")
    schema["fields"][3]["type"] = "string"  # timestamp
    schema["fields"][5]["type"] = ["null", "int"]  # correlationId must be a nullable string
    write_schema("user.created", 1, schema)
    messages = [f.message for f in lint(project)]
    assert any("'timestamp'" in m for m in messages)
    assert any("'correlationId'" in m for m in messages)


def test_json_envelope_required_and_formats(project, write_schema):
    schema = json_envelope("order.placed")
    schema["required"].remove("source")
    del schema["properties"]["eventId"]["format"]
    write_schema("order.placed", 1, schema, ext="schema.json")
    messages = [f.message for f in lint(project)]
    assert any("'source' must be required" in m for m in messages)
    assert any("'eventId' should have \"format\": 'uuid'" in m for m in messages)


def test_version_gap(project, write_schema):
    write_schema("user.created", 1, avro_envelope("user.created"))
    write_schema("user.created", 3, avro_envelope("user.created"))
    findings = [f for f in lint(project) if f.rule_id == "VERSIONS_CONTIGUOUS"]
    assert len(findings) == 1 and "v2 missing before v3" in findings[0].message


def test_mixed_schema_types(project, write_schema):
    write_schema("user.created", 1, avro_envelope("user.created"))
    write_schema("user.created", 2, json_envelope("user.created"), ext="schema.json")
    assert "ONE_SCHEMA_TYPE" in rule_ids(lint(project))


def test_docs_required_on_records_and_fields(project, write_schema):
    schema = avro_envelope("user.created")
    del schema["doc"]
    del schema["fields"][7]["type"]["fields"][0]["doc"]
    write_schema("user.created", 1, schema)
    assert rule_ids(lint(project)) == ["FIELD_DOC", "RECORD_DOC"]


def test_key_field_must_exist_and_be_a_required_scalar(project, write_schema):
    write_schema("user.created", 1, avro_envelope("user.created"))
    toml = project / "contracts" / "user.created" / "contract.toml"
    toml.write_text('key = "data.id"\n')
    assert lint(project) == []
    toml.write_text('key = "data.userId"\n')
    findings = lint(project)
    assert rule_ids(findings) == ["KEY_FIELD"] and "no field 'userId'" in findings[0].message
    toml.write_text('key = "correlationId"\n')
    assert rule_ids(lint(project)) == ["KEY_FIELD"]


def test_event_type_default_must_match(project, write_schema):
    schema = avro_envelope("user.created")
    schema["fields"][1]["default"] = "user.created.v2"
    write_schema("user.created", 1, schema)
    assert rule_ids(lint(project)) == ["EVENT_TYPE"]


def test_rules_selectable_per_contract_and_project(project, write_schema):
    schema = avro_envelope("user.created")
    del schema["doc"]
    write_schema("user.created", 1, copy.deepcopy(schema))
    write_schema("user.deleted", 1, avro_envelope("user.deleted") | {"doc": ""})
    assert rule_ids(lint(project)) == ["RECORD_DOC", "RECORD_DOC"]
    (project / "contracts" / "user.created" / "contract.toml").write_text(
        '[lint]\nignore = ["DOCS"]\n')
    assert rule_ids(lint(project)) == ["RECORD_DOC"]
    (project / "pyproject.toml").write_text(
        '[tool.event-contracts]\nlint = { ignore = ["RECORD_DOC"] }\n')
    assert lint(project) == []


def test_selection_semantics():
    everything = {rule.id for rule in LINT_RULES}
    assert selected_rules((), ()) == everything
    assert selected_rules(("NAMING",), ()) == {"CONTRACT_NAME", "TOPIC_NAME", "EVENT_TYPE"}
    assert selected_rules(("NAMING",), ("TOPIC_NAME",), ("FIELD_DOC",), ("EVENT_TYPE",)) == {
        "CONTRACT_NAME", "FIELD_DOC"}

"""Hints on compatibility findings: the rule's, and a rename spotted in an Avro record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.compat import check_compatibility


def user(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "User", "namespace": "acme",
            "fields": [{"name": "id", "type": "string"}, *fields]}


OLD = user({"name": "email", "type": "string"})
RENAMED = user({"name": "emailAddress", "type": "string"})
ALIASES_HINT = ('if "email" was renamed to "emailAddress", keep reading old data with '
                '"aliases": ["email"] on the new field')


def hints(new: Any, old: Any, level: str) -> dict[str, str]:
    result = check_compatibility("AVRO", new, [old], level)
    return {f.direction: f.hint for f in result.findings}


def test_backward_rename_suggests_aliases_and_the_aliases_fix_it() -> None:
    assert hints(RENAMED, OLD, "BACKWARD") == {"backward": ALIASES_HINT}
    fixed = user({"name": "emailAddress", "type": "string", "aliases": ["email"]})
    assert check_compatibility("AVRO", fixed, [OLD], "BACKWARD").compatible


@pytest.mark.parametrize("level", ["FORWARD", "FULL"])
def test_forward_rename_says_old_readers_need_the_old_field(level: str) -> None:
    found = hints(RENAMED, OLD, level)
    assert found["forward"] == (
        'if "email" was renamed to "emailAddress", readers of the old version still look for '
        '"email" (aliases help only the reading side): keep "email" in the new version next '
        'to "emailAddress"')
    if level == "FULL":
        assert found["backward"] == ALIASES_HINT
    # the advice holds: aliases alone leave FORWARD broken, keeping the old field fixes it
    aliased = user({"name": "emailAddress", "type": "string", "aliases": ["email"]})
    assert not check_compatibility("AVRO", aliased, [OLD], level).compatible
    kept = user({"name": "email", "type": "string"},
                {"name": "emailAddress", "type": "string", "aliases": ["email"],
                 "default": ""})
    assert check_compatibility("AVRO", kept, [OLD], level).compatible


def test_rename_inside_a_nested_record_is_found() -> None:
    def outer(inner_field: dict[str, Any]) -> dict[str, Any]:
        return user({"name": "data", "type": {"type": "record", "name": "Data",
                                              "fields": [inner_field]}})

    found = hints(outer({"name": "mail", "type": {"type": "string"}}),
                  outer({"name": "email", "type": "string"}), "BACKWARD")
    assert found == {"backward": 'if "email" was renamed to "mail", keep reading old data with '
                                 '"aliases": ["email"] on the new field'}


@pytest.mark.parametrize("new", [
    user({"name": "emailAddress", "type": "long"}),  # another type: not a rename
    user({"name": "a", "type": "string"}, {"name": "b", "type": "string"}),  # which one?
])
def test_no_rename_without_one_same_typed_candidate(new: dict[str, Any]) -> None:
    found = hints(new, OLD, "BACKWARD")["backward"]
    assert "renamed" not in found and found.startswith('give the new field "')
    assert '"default"' in found


def test_plain_new_field_without_default_gets_the_default_hint() -> None:
    found = hints(user({"name": "email", "type": "string"}, {"name": "age", "type": "int"}),
                  OLD, "BACKWARD")
    assert found == {"backward": 'give the new field "age" a "default" (an optional field: a '
                                 'union ["null", ...] with "default": null)'}


def test_removed_field_under_forward_says_keep_writing_it() -> None:
    found = hints(user(), OLD, "FORWARD")
    assert found == {"forward": 'keep writing field "email": readers of the old version need '
                                'it, as it has no default there'}


def test_other_rules_get_their_rule_hint() -> None:
    result = check_compatibility("AVRO", user({"name": "email", "type": "int"}), [OLD],
                                 "BACKWARD")
    [finding] = result.findings
    assert finding.rule_id == "TYPE_MISMATCH" and "promotion" in finding.hint
    result = check_compatibility("JSON", {"type": "string", "maxLength": 3}, [{"type": "string"}],
                                 "BACKWARD")
    assert [f.hint for f in result.findings] == [
        "drop the new maxLength and enforce the limit in the producer instead"]


@pytest.mark.parametrize(("old", "new", "said"), [
    ("string", "integer", "from string to integer"),
    ("integer", "number", None),  # widening: compatible
    ("number", "boolean", "from number to boolean"),
    (["string", "null"], "string", "from string or null to string"),
    ("object", "array", "from object to array"),
])
def test_json_type_changed_names_both_types(old: Any, new: Any, said: str | None) -> None:
    result = check_compatibility("JSON", {"properties": {"a": {"type": new}}},
                                 [{"properties": {"a": {"type": old}}}], "BACKWARD")
    changed = [f.message for f in result.findings if f.rule_id == "TYPE_CHANGED"]
    if said is None:
        assert changed == []
    else:
        assert changed == [f"The type at '/properties/a' changed {said}, so data written "
                           "with the old schema no longer matches."]


def test_the_hint_reaches_contracts_check_and_survives_the_cache(
        project: Path, write_schema: Any, capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("user.created", 1, OLD)
    write_schema("user.created", 2, RENAMED)
    for _ in range(2):  # the second run reads the verdict from the cache
        assert main(["--contracts-dir", str(project / "contracts"), "--format", "json",
                     "check"]) == 1
        [finding] = json.loads(capsys.readouterr().out)["findings"]
        assert finding["hint"] == ALIASES_HINT
    assert (project / ".event-contracts-cache" / "verdicts.json").is_file()

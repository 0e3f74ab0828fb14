"""Every JSON Schema case of the shared conformance corpus, through the public facade.

The corpus lives outside the repository (`../shared/conformance/jsonschema.jsonl`; its README
gives the format and the direction semantics): it is read from there, never copied. Cases without
a `level` are raw reader/writer checks; their direction gives the level.

Confluent's cases must all pass, verdict and, where the case lists them, the set of incompatible
difference kinds (`changes`). Karapace's cases must pass unless Karapace contradicts Confluent's
rules; those are listed in KARAPACE_CONTRADICTS_CONFLUENT with the reason, and the test asserts
that the checker gives Confluent's (the opposite) verdict on each of them.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_cases import case_params, load_cases, require

from generator.compat import check_compatibility
from generator.compat._json_rules import is_compatible

LEVEL_OF_DIRECTION = {"backward": "BACKWARD", "forward": "FORWARD", "full": "FULL"}

READER_IS_TRUE = (
    "Karapace calls a `true` reader incompatible with this writer; in Confluent's SchemaDiff a "
    "new schema that is an EmptySchema (`true` is one) accepts anything and yields no "
    "difference, see confluent-schema-registry:diff-schema-examples/000 (anything can change "
    "to the empty schema)")
WRITER_IS_FALSE = (
    "Karapace calls a `false` writer incompatible with this reader; Confluent's SchemaDiff "
    "yields no difference when the old schema is a FalseSchema (no data was ever written), "
    "like the false subschemas of diff-schema-examples/085 and /092 that are removed for free")
EMPTY_PROPERTY_ADDED = (
    "Karapace rejects a property with the empty schema `{}` added to an open object; Confluent "
    "reports PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL, a compatible change, see "
    "confluent-schema-registry:diff-schema-examples/082 (`propertyNames` is not compared)")

KARAPACE = "karapace:test_jsonschema_compatibility"
TRUE_VS_OBJECT = f"{KARAPACE}/test_true_schema_is_compatible_with_object"

KARAPACE_CONTRADICTS_CONFLUENT: dict[str, str] = {
    f"{KARAPACE}/test_boolean_schemas_are_backward_compatible/01": (
        "Karapace accepts a `false` reader after a `true` writer; in Confluent the types differ "
        "(TrueSchema vs FalseSchema) and the new one is not an EmptySchema, so it is "
        "TYPE_CHANGED, as in diff-schema-examples/004"),
    f"{KARAPACE}/test_pattern_properties/05": (
        "Karapace rejects removing property `b` from a closed object when the new one has "
        "patternProperties `^a*`: `{}`; in Confluent the pattern finds a match in `b` and "
        "its empty schema covers the old integer, PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_"
        "OPEN_CONTENT_MODEL, compatible as in diff-schema-examples/039"),
    f"{KARAPACE}/test_object_properties/01": EMPTY_PROPERTY_ADDED,
    f"{KARAPACE}/test_property_names/02": EMPTY_PROPERTY_ADDED,
    f"{KARAPACE}/test_extra_field_with_closed_model_is_incompatible/01": WRITER_IS_FALSE,
    f"{KARAPACE}/test_true_and_false_schemas/06": WRITER_IS_FALSE,
    f"{KARAPACE}/test_true_and_false_schemas/08": WRITER_IS_FALSE,
    f"{KARAPACE}/test_true_and_false_schemas/09": WRITER_IS_FALSE,
    f"{TRUE_VS_OBJECT}/27": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/28": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/29": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/30": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/31": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/32": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/33": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/34": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/35": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/36": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/37": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/38": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/39": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/40": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/41": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/42": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/43": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/44": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/45": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/46": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/47": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/48": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/49": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/50": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/51": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/52": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/53": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/54": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/55": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/56": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/57": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/58": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/59": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/60": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/61": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/62": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/63": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/64": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/65": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/66": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/67": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/68": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/69": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/70": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/71": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/72": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/73": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/74": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/75": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/76": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/77": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/78": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/79": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/80": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/81": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/82": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/83": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/84": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/85": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/86": READER_IS_TRUE,
    f"{TRUE_VS_OBJECT}/87": READER_IS_TRUE,
}


CASES = load_cases("jsonschema.jsonl")


def _params() -> list[Any]:
    return case_params(CASES, "jsonschema.jsonl")


@pytest.mark.parametrize("case", _params())
def test_jsonschema_conformance_case(case: dict[str, Any]) -> None:
    assert case["schemaType"] == "JSON"
    level = case.get("level") or LEVEL_OF_DIRECTION[case["direction"]]
    result = check_compatibility("JSON", case["reader_or_new"], [case["writer_or_old"]], level)
    if case["id"] in KARAPACE_CONTRADICTS_CONFLUENT:
        assert result.compatible is not case["compatible"], "Confluent's verdict is expected"
        return
    assert result.compatible is case["compatible"], [f.rule_id for f in result.findings]
    if case["id"].startswith("confluent-schema-registry:") and case.get("changes") is not None:
        expected = {change.split(" ")[0] for change in case["changes"]}
        assert {f.rule_id for f in result.findings} == {
            kind for kind in expected if not is_compatible(kind)}


def test_exceptions_are_karapace_cases_of_the_corpus() -> None:
    require(CASES, "jsonschema.jsonl")
    ids = {case["id"] for case in CASES}
    assert set(KARAPACE_CONTRADICTS_CONFLUENT) <= ids
    assert all(i.startswith("karapace:") for i in KARAPACE_CONTRADICTS_CONFLUENT)
    readers = {case["id"]: case["reader_or_new"] for case in CASES}
    assert all(readers[i] is True for i, why in KARAPACE_CONTRADICTS_CONFLUENT.items()
               if why is READER_IS_TRUE)

"""Confluent's JSON Schema difference types: which are compatible, and what the others mean.

The ids are the names of Confluent Schema Registry's `Difference.Type`; the compatible set is its
STRICT policy (the registry default). Only incompatible differences become findings, so only
those are registered as rules.
"""

from __future__ import annotations

from generator.compat._rules import register

COMPATIBLE = frozenset(
    """
ID_CHANGED DESCRIPTION_CHANGED TITLE_CHANGED DEFAULT_CHANGED SCHEMA_REMOVED TYPE_EXTENDED
MAX_LENGTH_INCREASED MAX_LENGTH_REMOVED MIN_LENGTH_DECREASED MIN_LENGTH_REMOVED PATTERN_REMOVED
MAXIMUM_INCREASED MAXIMUM_REMOVED MINIMUM_DECREASED MINIMUM_REMOVED EXCLUSIVE_MAXIMUM_INCREASED
EXCLUSIVE_MAXIMUM_REMOVED EXCLUSIVE_MINIMUM_DECREASED EXCLUSIVE_MINIMUM_REMOVED
MULTIPLE_OF_REDUCED MULTIPLE_OF_REMOVED
REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED REQUIRED_ATTRIBUTE_REMOVED DEPENDENCY_ARRAY_NARROWED
DEPENDENCY_ARRAY_REMOVED DEPENDENCY_SCHEMA_REMOVED MAX_PROPERTIES_INCREASED MAX_PROPERTIES_REMOVED
MIN_PROPERTIES_DECREASED MIN_PROPERTIES_REMOVED ADDITIONAL_PROPERTIES_ADDED
ADDITIONAL_PROPERTIES_EXTENDED UNEVALUATED_PROPERTIES_ADDED UNEVALUATED_PROPERTIES_EXTENDED
PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL
PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
MAX_ITEMS_INCREASED MAX_ITEMS_REMOVED MIN_ITEMS_DECREASED MIN_ITEMS_REMOVED MAX_CONTAINS_INCREASED
MAX_CONTAINS_REMOVED MIN_CONTAINS_DECREASED MIN_CONTAINS_REMOVED UNIQUE_ITEMS_REMOVED
ADDITIONAL_ITEMS_ADDED ADDITIONAL_ITEMS_EXTENDED UNEVALUATED_ITEMS_ADDED UNEVALUATED_ITEMS_EXTENDED
ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL ITEM_ADDED_TO_CLOSED_CONTENT_MODEL
ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL
ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
ENUM_ARRAY_EXTENDED COMBINED_TYPE_EXTENDED PRODUCT_TYPE_NARROWED SUM_TYPE_EXTENDED
NOT_TYPE_NARROWED
""".split()  # noqa: SIM905
)

# Incompatible difference -> (purpose for `contracts rules`, finding sentence; {at} is the place)
INCOMPATIBLE: dict[str, tuple[str, str]] = {
    "SCHEMA_ADDED": (
        "a subschema (such as `items`) that was absent now constrains the data",
        "A subschema was added at {at}, so data written with the old schema may not match it."),
    "TYPE_CHANGED": (
        "the type of a schema changed",
        "The type at {at} changed, so data written with the old schema no longer matches."),
    "TYPE_NARROWED": (
        "a number became an integer",
        "The value at {at} must now be an integer, but old data may hold any number."),
    "MAX_LENGTH_ADDED": (
        "maxLength added to a string",
        "A maxLength was added at {at}, so longer strings in old data are rejected."),
    "MAX_LENGTH_DECREASED": (
        "maxLength lowered",
        "The maxLength at {at} was lowered, so longer strings in old data are rejected."),
    "MIN_LENGTH_ADDED": (
        "minLength added to a string",
        "A minLength was added at {at}, so shorter strings in old data are rejected."),
    "MIN_LENGTH_INCREASED": (
        "minLength raised",
        "The minLength at {at} was raised, so shorter strings in old data are rejected."),
    "PATTERN_ADDED": (
        "a pattern added to a string",
        "A pattern was added at {at}, so strings in old data may not match it."),
    "PATTERN_CHANGED": (
        "the pattern of a string changed",
        "The pattern at {at} changed, so strings in old data may not match it."),
    "MAXIMUM_ADDED": (
        "maximum added",
        "A maximum was added at {at}, so larger numbers in old data are rejected."),
    "MAXIMUM_DECREASED": (
        "maximum lowered",
        "The maximum at {at} was lowered, so larger numbers in old data are rejected."),
    "MINIMUM_ADDED": (
        "minimum added",
        "A minimum was added at {at}, so smaller numbers in old data are rejected."),
    "MINIMUM_INCREASED": (
        "minimum raised",
        "The minimum at {at} was raised, so smaller numbers in old data are rejected."),
    "EXCLUSIVE_MAXIMUM_ADDED": (
        "exclusiveMaximum added",
        "An exclusiveMaximum was added at {at}, so larger numbers in old data are rejected."),
    "EXCLUSIVE_MAXIMUM_DECREASED": (
        "exclusiveMaximum lowered",
        "The exclusiveMaximum at {at} was lowered, so larger numbers in old data are rejected."),
    "EXCLUSIVE_MINIMUM_ADDED": (
        "exclusiveMinimum added",
        "An exclusiveMinimum was added at {at}, so smaller numbers in old data are rejected."),
    "EXCLUSIVE_MINIMUM_INCREASED": (
        "exclusiveMinimum raised",
        "The exclusiveMinimum at {at} was raised, so smaller numbers in old data are rejected."),
    "MULTIPLE_OF_ADDED": (
        "multipleOf added",
        "A multipleOf was added at {at}, so numbers in old data may not be multiples of it."),
    "MULTIPLE_OF_EXPANDED": (
        "multipleOf changed to a multiple of itself",
        "The multipleOf at {at} grew, so numbers in old data may not be multiples of it."),
    "MULTIPLE_OF_CHANGED": (
        "multipleOf changed to an unrelated value",
        "The multipleOf at {at} changed, so numbers in old data may not be multiples of it."),
    "REQUIRED_ATTRIBUTE_ADDED": (
        "an existing property without a default became required",
        "The property at {at} became required without a default, but old data may lack it."),
    "MAX_PROPERTIES_ADDED": (
        "maxProperties added",
        "A maxProperties was added at {at}, so objects in old data may have too many."),
    "MAX_PROPERTIES_DECREASED": (
        "maxProperties lowered",
        "The maxProperties at {at} was lowered, so objects in old data may have too many."),
    "MIN_PROPERTIES_ADDED": (
        "minProperties added",
        "A minProperties was added at {at}, so objects in old data may have too few."),
    "MIN_PROPERTIES_INCREASED": (
        "minProperties raised",
        "The minProperties at {at} was raised, so objects in old data may have too few."),
    "ADDITIONAL_PROPERTIES_REMOVED": (
        "an open object was closed (additionalProperties: false)",
        "The object at {at} no longer allows additional properties, which old data may have."),
    "ADDITIONAL_PROPERTIES_NARROWED": (
        "additionalProperties restricted to a schema",
        "Additional properties at {at} must now match a schema, which old data may not."),
    "DEPENDENCY_ARRAY_ADDED": (
        "a property dependency added",
        "A property dependency was added at {at}, which old data may not satisfy."),
    "DEPENDENCY_ARRAY_EXTENDED": (
        "a property dependency requires more properties",
        "The property dependency at {at} now requires more properties than old data may have."),
    "DEPENDENCY_ARRAY_CHANGED": (
        "a property dependency changed",
        "The property dependency at {at} changed, so old data may not satisfy it."),
    "DEPENDENCY_SCHEMA_ADDED": (
        "a schema dependency added",
        "A schema dependency was added at {at}, which old data may not satisfy."),
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property without default added to an open object",
        "The required property at {at} is new and has no default, so old data lacks it "
        "(and the old open object may have held it with any value)."),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property added to an open object",
        "The property at {at} was added to an open object, where old data may already hold "
        "it with another type."),
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a property added to an open object (the old schema allowed it with any value)",
        "The property at {at} was added to an object that allowed any additional property, "
        "so old data may hold it with a value the new schema rejects."),
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        "a required property without default added to a closed or partially open object",
        "The required property at {at} is new and has no default, so old data lacks it."),
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a property removed from a closed object",
        "The property at {at} was removed from an object that allows no additional properties, "
        "so old data holding it is rejected."),
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed property no longer matches the additional/pattern properties schema",
        "The property at {at} was removed and the schema for additional properties does not "
        "accept its old values."),
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added property is narrower than the old additional/pattern properties schema",
        "The property at {at} was added with a schema that rejects values the old additional "
        "properties schema allowed."),
    "UNEVALUATED_PROPERTIES_REMOVED": (
        "unevaluatedProperties: false added",
        "The object at {at} no longer allows unevaluated properties, which old data may have."),
    "UNEVALUATED_PROPERTIES_NARROWED": (
        "unevaluatedProperties restricted to a schema",
        "Unevaluated properties at {at} must now match a schema, which old data may not."),
    "MAX_ITEMS_ADDED": (
        "maxItems added",
        "A maxItems was added at {at}, so longer arrays in old data are rejected."),
    "MAX_ITEMS_DECREASED": (
        "maxItems lowered",
        "The maxItems at {at} was lowered, so longer arrays in old data are rejected."),
    "MIN_ITEMS_ADDED": (
        "minItems added",
        "A minItems was added at {at}, so shorter arrays in old data are rejected."),
    "MIN_ITEMS_INCREASED": (
        "minItems raised",
        "The minItems at {at} was raised, so shorter arrays in old data are rejected."),
    "MAX_CONTAINS_ADDED": (
        "maxContains added",
        "A maxContains was added at {at}, so arrays in old data may contain too many matches."),
    "MAX_CONTAINS_DECREASED": (
        "maxContains lowered",
        "The maxContains at {at} was lowered, so arrays in old data may contain too many "
        "matches."),
    "MIN_CONTAINS_ADDED": (
        "minContains added",
        "A minContains was added at {at}, so arrays in old data may contain too few matches."),
    "MIN_CONTAINS_INCREASED": (
        "minContains raised",
        "The minContains at {at} was raised, so arrays in old data may contain too few matches."),
    "UNIQUE_ITEMS_ADDED": (
        "uniqueItems added",
        "The array at {at} now needs unique items, but old data may repeat items."),
    "ADDITIONAL_ITEMS_REMOVED": (
        "additional array items forbidden",
        "The array at {at} no longer allows additional items, which old data may have."),
    "ADDITIONAL_ITEMS_NARROWED": (
        "additional array items restricted to a schema",
        "Additional items at {at} must now match a schema, which old data may not."),
    "UNEVALUATED_ITEMS_REMOVED": (
        "unevaluatedItems: false added",
        "The array at {at} no longer allows unevaluated items, which old data may have."),
    "UNEVALUATED_ITEMS_NARROWED": (
        "unevaluatedItems restricted to a schema",
        "Unevaluated items at {at} must now match a schema, which old data may not."),
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a tuple item added where the old array allowed any additional item",
        "The tuple item at {at} was added, but the old array allowed any value there."),
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a tuple item removed from an array that allows no additional items",
        "The tuple item at {at} was removed and the array allows no additional items, so old "
        "data holding it is rejected."),
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed tuple item no longer matches the additional items schema",
        "The tuple item at {at} was removed and the schema for additional items does not accept "
        "its old values."),
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added tuple item is narrower than the old additional items schema",
        "The tuple item at {at} was added with a schema that rejects values the old additional "
        "items schema allowed."),
    "ENUM_ARRAY_NARROWED": (
        "enum values removed",
        "Values were removed from the enum at {at}, so old data may hold them."),
    "ENUM_ARRAY_CHANGED": (
        "enum or const values changed",
        "The allowed values at {at} changed, so old data may hold a value no longer allowed."),
    "COMBINED_TYPE_CHANGED": (
        "oneOf/anyOf/allOf criterion changed incompatibly",
        "The combination keyword at {at} changed (e.g. anyOf to oneOf or to allOf), which old "
        "data may not satisfy."),
    "PRODUCT_TYPE_EXTENDED": (
        "allOf gained a subschema",
        "The allOf at {at} gained a subschema, which old data must now also match."),
    "SUM_TYPE_NARROWED": (
        "oneOf/anyOf lost a subschema",
        "The oneOf/anyOf at {at} lost a subschema, so old data matching it is rejected."),
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": (
        "oneOf/anyOf/allOf subschemas changed incompatibly",
        "The subschemas at {at} changed so that some old subschema has no compatible "
        "counterpart."),
    "NOT_TYPE_EXTENDED": (
        "a `not` schema now excludes more",
        "The `not` at {at} now excludes values that old data may hold."),
}

for _rule_id, (_purpose, _sentence) in INCOMPATIBLE.items():
    register(_rule_id, "JSON", _purpose)


def is_compatible(kind: str) -> bool:
    return kind in COMPATIBLE


def sentence(kind: str, at: str) -> str:
    entry = INCOMPATIBLE.get(kind)
    if entry is None:
        return f"{kind} at {at}."
    return entry[1].format(at=at)

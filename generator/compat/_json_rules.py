"""Confluent's JSON Schema difference types: which are compatible, and what the others mean.

The ids are the names of Confluent Schema Registry's `Difference.Type`; the compatible set is its
STRICT policy (the registry default). Only incompatible differences become findings, so only
those are registered as rules.
"""

from __future__ import annotations

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

# Incompatible difference -> (purpose for `contracts rules`, finding sentence, fix hint); {at} in
# the sentence is the place, {detail} what the difference found there (TYPE_CHANGED: the types).
INCOMPATIBLE: dict[str, tuple[str, str, str]] = {
    "SCHEMA_ADDED": (
        "a subschema (such as `items`) that was absent now constrains the data",
        "A subschema was added at {at}, so data written with the old schema may not match it.",
        "drop the new subschema and enforce it in the producer instead"),
    "TYPE_CHANGED": (
        "the type of a schema changed",
        "The type at {at} changed{detail}, so data written with the old schema no longer "
        "matches.",
        "keep the old type; to carry another type add a new optional property and stop writing "
        "the old one"),
    "TYPE_NARROWED": (
        "a number became an integer",
        "The value at {at} must now be an integer, but old data may hold any number.",
        "keep \"type\": \"number\" and round in the consumer, or add a new integer property"),
    "MAX_LENGTH_ADDED": (
        "maxLength added to a string",
        "A maxLength was added at {at}, so longer strings in old data are rejected.",
        "drop the new maxLength and enforce the limit in the producer instead"),
    "MAX_LENGTH_DECREASED": (
        "maxLength lowered",
        "The maxLength at {at} was lowered, so longer strings in old data are rejected.",
        "keep the old maxLength (raising it is compatible)"),
    "MIN_LENGTH_ADDED": (
        "minLength added to a string",
        "A minLength was added at {at}, so shorter strings in old data are rejected.",
        "drop the new minLength and enforce it in the producer instead"),
    "MIN_LENGTH_INCREASED": (
        "minLength raised",
        "The minLength at {at} was raised, so shorter strings in old data are rejected.",
        "keep the old minLength (lowering it is compatible)"),
    "PATTERN_ADDED": (
        "a pattern added to a string",
        "A pattern was added at {at}, so strings in old data may not match it.",
        "drop the new pattern and enforce it in the producer instead"),
    "PATTERN_CHANGED": (
        "the pattern of a string changed",
        "The pattern at {at} changed, so strings in old data may not match it.",
        "keep the old pattern, or remove it (removing a pattern is compatible)"),
    "MAXIMUM_ADDED": (
        "maximum added",
        "A maximum was added at {at}, so larger numbers in old data are rejected.",
        "drop the new maximum and enforce it in the producer instead"),
    "MAXIMUM_DECREASED": (
        "maximum lowered",
        "The maximum at {at} was lowered, so larger numbers in old data are rejected.",
        "keep the old maximum (raising it is compatible)"),
    "MINIMUM_ADDED": (
        "minimum added",
        "A minimum was added at {at}, so smaller numbers in old data are rejected.",
        "drop the new minimum and enforce it in the producer instead"),
    "MINIMUM_INCREASED": (
        "minimum raised",
        "The minimum at {at} was raised, so smaller numbers in old data are rejected.",
        "keep the old minimum (lowering it is compatible)"),
    "EXCLUSIVE_MAXIMUM_ADDED": (
        "exclusiveMaximum added",
        "An exclusiveMaximum was added at {at}, so larger numbers in old data are rejected.",
        "drop the new exclusiveMaximum and enforce it in the producer instead"),
    "EXCLUSIVE_MAXIMUM_DECREASED": (
        "exclusiveMaximum lowered",
        "The exclusiveMaximum at {at} was lowered, so larger numbers in old data are rejected.",
        "keep the old exclusiveMaximum (raising it is compatible)"),
    "EXCLUSIVE_MINIMUM_ADDED": (
        "exclusiveMinimum added",
        "An exclusiveMinimum was added at {at}, so smaller numbers in old data are rejected.",
        "drop the new exclusiveMinimum and enforce it in the producer instead"),
    "EXCLUSIVE_MINIMUM_INCREASED": (
        "exclusiveMinimum raised",
        "The exclusiveMinimum at {at} was raised, so smaller numbers in old data are rejected.",
        "keep the old exclusiveMinimum (lowering it is compatible)"),
    "MULTIPLE_OF_ADDED": (
        "multipleOf added",
        "A multipleOf was added at {at}, so numbers in old data may not be multiples of it.",
        "drop the new multipleOf"),
    "MULTIPLE_OF_EXPANDED": (
        "multipleOf changed to a multiple of itself",
        "The multipleOf at {at} grew, so numbers in old data may not be multiples of it.",
        "keep the old multipleOf, or use one that divides it"),
    "MULTIPLE_OF_CHANGED": (
        "multipleOf changed to an unrelated value",
        "The multipleOf at {at} changed, so numbers in old data may not be multiples of it.",
        "keep the old multipleOf, or use one that divides it"),
    "REQUIRED_ATTRIBUTE_ADDED": (
        "an existing property without a default became required",
        "The property at {at} became required without a default, but old data may lack it.",
        "give the property a \"default\", or leave it optional"),
    "MAX_PROPERTIES_ADDED": (
        "maxProperties added",
        "A maxProperties was added at {at}, so objects in old data may have too many.",
        "drop the new maxProperties"),
    "MAX_PROPERTIES_DECREASED": (
        "maxProperties lowered",
        "The maxProperties at {at} was lowered, so objects in old data may have too many.",
        "keep the old maxProperties (raising it is compatible)"),
    "MIN_PROPERTIES_ADDED": (
        "minProperties added",
        "A minProperties was added at {at}, so objects in old data may have too few.",
        "drop the new minProperties"),
    "MIN_PROPERTIES_INCREASED": (
        "minProperties raised",
        "The minProperties at {at} was raised, so objects in old data may have too few.",
        "keep the old minProperties (lowering it is compatible)"),
    "ADDITIONAL_PROPERTIES_REMOVED": (
        "an open object was closed (additionalProperties: false)",
        "The object at {at} no longer allows additional properties, which old data may have.",
        "leave the object open, or declare every property old data may hold before closing it"),
    "ADDITIONAL_PROPERTIES_NARROWED": (
        "additionalProperties restricted to a schema",
        "Additional properties at {at} must now match a schema, which old data may not.",
        "keep additionalProperties as it was, or make its schema accept every old value"),
    "DEPENDENCY_ARRAY_ADDED": (
        "a property dependency added",
        "A property dependency was added at {at}, which old data may not satisfy.",
        "drop the new dependency; check it in the producer instead"),
    "DEPENDENCY_ARRAY_EXTENDED": (
        "a property dependency requires more properties",
        "The property dependency at {at} now requires more properties than old data may have.",
        "keep the dependency's old list of properties (a shorter list is compatible)"),
    "DEPENDENCY_ARRAY_CHANGED": (
        "a property dependency changed",
        "The property dependency at {at} changed, so old data may not satisfy it.",
        "keep the dependency's old list of properties (a shorter list is compatible)"),
    "DEPENDENCY_SCHEMA_ADDED": (
        "a schema dependency added",
        "A schema dependency was added at {at}, which old data may not satisfy.",
        "drop the new schema dependency; check it in the producer instead"),
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property without default added to an open object",
        "The required property at {at} is new and has no default, so old data lacks it "
        "(and the old open object may have held it with any value).",
        "leave the new property optional; in an open object, also give it a schema that accepts "
        "any old value, or close the object with \"additionalProperties\": false first (in an "
        "earlier version)"),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property added to an open object",
        "The property at {at} was added to an open object, where old data may already hold "
        "it with another type.",
        "close the object with \"additionalProperties\": false in an earlier version before "
        "adding properties, or give the new property a schema that accepts any value"),
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a property added to an open object (the old schema allowed it with any value)",
        "The property at {at} was added to an object that allowed any additional property, "
        "so old data may hold it with a value the new schema rejects.",
        "close the object with \"additionalProperties\": false in an earlier version before "
        "adding properties, or give the new property a schema that accepts any value"),
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        "a required property without default added to a closed or partially open object",
        "The required property at {at} is new and has no default, so old data lacks it.",
        "give the property a \"default\", or leave it optional"),
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a property removed from a closed object",
        "The property at {at} was removed from an object that allows no additional properties, "
        "so old data holding it is rejected.",
        "keep the property in the schema (mark it deprecated in its description) and stop "
        "writing it"),
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed property no longer matches the additional/pattern properties schema",
        "The property at {at} was removed and the schema for additional properties does not "
        "accept its old values.",
        "keep the property in the schema, or widen the additional or pattern properties schema "
        "to accept its old values"),
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added property is narrower than the old additional/pattern properties schema",
        "The property at {at} was added with a schema that rejects values the old additional "
        "properties schema allowed.",
        "give the new property a schema at least as wide as the additional or pattern properties "
        "schema it now replaces"),
    "UNEVALUATED_PROPERTIES_REMOVED": (
        "unevaluatedProperties: false added",
        "The object at {at} no longer allows unevaluated properties, which old data may have.",
        "drop \"unevaluatedProperties\": false, or declare every property old data may hold "
        "first"),
    "UNEVALUATED_PROPERTIES_NARROWED": (
        "unevaluatedProperties restricted to a schema",
        "Unevaluated properties at {at} must now match a schema, which old data may not.",
        "keep unevaluatedProperties as it was, or make its schema accept every old value"),
    "MAX_ITEMS_ADDED": (
        "maxItems added",
        "A maxItems was added at {at}, so longer arrays in old data are rejected.",
        "drop the new maxItems and enforce the limit in the producer instead"),
    "MAX_ITEMS_DECREASED": (
        "maxItems lowered",
        "The maxItems at {at} was lowered, so longer arrays in old data are rejected.",
        "keep the old maxItems (raising it is compatible)"),
    "MIN_ITEMS_ADDED": (
        "minItems added",
        "A minItems was added at {at}, so shorter arrays in old data are rejected.",
        "drop the new minItems"),
    "MIN_ITEMS_INCREASED": (
        "minItems raised",
        "The minItems at {at} was raised, so shorter arrays in old data are rejected.",
        "keep the old minItems (lowering it is compatible)"),
    "MAX_CONTAINS_ADDED": (
        "maxContains added",
        "A maxContains was added at {at}, so arrays in old data may contain too many matches.",
        "drop the new maxContains"),
    "MAX_CONTAINS_DECREASED": (
        "maxContains lowered",
        "The maxContains at {at} was lowered, so arrays in old data may contain too many "
        "matches.",
        "keep the old maxContains (raising it is compatible)"),
    "MIN_CONTAINS_ADDED": (
        "minContains added (from 2019-09 on, adding `contains` adds its minContains of 1)",
        "A minContains was added at {at} (a new `contains` brings one of 1), so arrays in old "
        "data may contain too few matches.",
        "drop the new contains/minContains and check the items in the consumer instead"),
    "MIN_CONTAINS_INCREASED": (
        "minContains raised",
        "The minContains at {at} was raised, so arrays in old data may contain too few matches.",
        "keep the old minContains (lowering it is compatible)"),
    "UNIQUE_ITEMS_ADDED": (
        "uniqueItems added",
        "The array at {at} now needs unique items, but old data may repeat items.",
        "drop \"uniqueItems\": true; deduplicate in the producer instead"),
    "ADDITIONAL_ITEMS_REMOVED": (
        "additional array items forbidden",
        "The array at {at} no longer allows additional items, which old data may have.",
        "allow additional items as before, or declare every tuple position old data may hold "
        "first"),
    "ADDITIONAL_ITEMS_NARROWED": (
        "additional array items restricted to a schema",
        "Additional items at {at} must now match a schema, which old data may not.",
        "keep additionalItems as it was, or make its schema accept every old item"),
    "UNEVALUATED_ITEMS_REMOVED": (
        "unevaluatedItems: false added",
        "The array at {at} no longer allows unevaluated items, which old data may have.",
        "drop \"unevaluatedItems\": false, or declare every item old data may hold first"),
    "UNEVALUATED_ITEMS_NARROWED": (
        "unevaluatedItems restricted to a schema",
        "Unevaluated items at {at} must now match a schema, which old data may not.",
        "keep unevaluatedItems as it was, or make its schema accept every old item"),
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a tuple item added where the old array allowed any additional item",
        "The tuple item at {at} was added, but the old array allowed any value there.",
        "give the new tuple item a schema that accepts any value, or forbid additional items in "
        "an earlier version first"),
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a tuple item removed from an array that allows no additional items",
        "The tuple item at {at} was removed and the array allows no additional items, so old "
        "data holding it is rejected.",
        "keep the tuple item in the schema, or allow additional items"),
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed tuple item no longer matches the additional items schema",
        "The tuple item at {at} was removed and the schema for additional items does not accept "
        "its old values.",
        "keep the tuple item, or widen the additional items schema to accept its old values"),
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added tuple item is narrower than the old additional items schema",
        "The tuple item at {at} was added with a schema that rejects values the old additional "
        "items schema allowed.",
        "give the new tuple item a schema at least as wide as the additional items schema it "
        "replaces"),
    "ENUM_ARRAY_NARROWED": (
        "enum values removed",
        "Values were removed from the enum at {at}, so old data may hold them.",
        "keep every old enum value (adding values is compatible); stop writing the ones you "
        "retire"),
    "ENUM_ARRAY_CHANGED": (
        "enum or const values changed",
        "The allowed values at {at} changed, so old data may hold a value no longer allowed.",
        "keep every old value and only add new ones"),
    "COMBINED_TYPE_CHANGED": (
        "oneOf/anyOf/allOf criterion changed incompatibly",
        "The combination keyword at {at} changed (e.g. anyOf to oneOf or to allOf), which old "
        "data may not satisfy.",
        "keep the old keyword (anyOf, oneOf or allOf); changing allOf or oneOf to anyOf is "
        "compatible"),
    "PRODUCT_TYPE_EXTENDED": (
        "allOf gained a subschema",
        "The allOf at {at} gained a subschema, which old data must now also match.",
        "drop the new allOf subschema, or fold its constraints in a way old data meets"),
    "SUM_TYPE_NARROWED": (
        "oneOf/anyOf lost a subschema",
        "The oneOf/anyOf at {at} lost a subschema, so old data matching it is rejected.",
        "keep every old oneOf/anyOf subschema (adding one is compatible)"),
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": (
        "oneOf/anyOf/allOf subschemas changed incompatibly",
        "The subschemas at {at} changed so that some old subschema has no compatible "
        "counterpart.",
        "keep each old subschema, changing it only in compatible ways"),
    "NOT_TYPE_EXTENDED": (
        "a `not` schema now excludes more",
        "The `not` at {at} now excludes values that old data may hold.",
        "keep the `not` schema as it was, or make it exclude less"),
}

def is_compatible(kind: str) -> bool:
    return kind in COMPATIBLE


def sentence(kind: str, at: str, detail: str = "") -> str:
    entry = INCOMPATIBLE.get(kind)
    if entry is None:
        return f"{kind} at {at}."
    return entry[1].format(at=at, detail=detail)

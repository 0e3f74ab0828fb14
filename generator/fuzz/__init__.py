"""Contract testing: Hypothesis strategies from every schema, and the properties of its data.

    >>> from generator.fuzz import fuzz_catalog, avro_strategy
    >>> report = fuzz_catalog(catalog, examples=200, seed=1)
    >>> report.ok, report.findings, [run.per_second for run in report.runs]

Per version: value → Avro binary → value, the same through the Confluent wire format, JSON for
JSON Schema contracts, and generated class → bytes → generated class. Per pair of versions the
compatibility checker calls compatible: the writer's data reads with the reader as the Avro
specification says (or validates under the reader, for JSON Schema); when it does not, the
finding is VERDICT_CONTRADICTED, with the shrunk value and the seed that replays it.
`contract_properties` runs the same from a service's pytest suite.
"""

from generator.catalog import AvroSchemaError
from generator.fuzz._avro_resolve import ResolutionError, expected_read
from generator.fuzz._avro_strategies import avro_strategy, plain
from generator.fuzz._errors import StrategyError
from generator.fuzz._json_strategies import json_strategy
from generator.fuzz._rules import (
    FUZZ_RULES,
    GENERATED_CODE,
    ROUND_TRIP,
    VERDICT_CONTRADICTED,
    WIRE_FORMAT,
)
from generator.fuzz._runner import (
    FuzzReport,
    VersionRun,
    claimed_pairs,
    fuzz_catalog,
    fuzz_contract,
)
from generator.fuzz._service import ContractProperty, assert_contracts_hold, contract_properties

__all__ = [
    "FUZZ_RULES",
    "GENERATED_CODE",
    "ROUND_TRIP",
    "VERDICT_CONTRADICTED",
    "WIRE_FORMAT",
    "AvroSchemaError",
    "ContractProperty",
    "FuzzReport",
    "ResolutionError",
    "StrategyError",
    "VersionRun",
    "assert_contracts_hold",
    "avro_strategy",
    "claimed_pairs",
    "contract_properties",
    "expected_read",
    "fuzz_catalog",
    "fuzz_contract",
    "json_strategy",
    "plain",
]

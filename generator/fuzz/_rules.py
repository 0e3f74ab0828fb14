"""The fuzzer's finding ids, what each property guards, and what the author can do."""

from __future__ import annotations

from generator.report import RuleDoc

ROUND_TRIP = "FUZZ_ROUND_TRIP"
WIRE_FORMAT = "FUZZ_WIRE_FORMAT"
GENERATED_CODE = "FUZZ_GENERATED_CODE"
VERDICT_CONTRADICTED = "VERDICT_CONTRADICTED"
NO_STRATEGY = "FUZZ_NO_STRATEGY"
SCHEMA_REJECTED = "FUZZ_SCHEMA_REJECTED"
CHECKER_ERROR = "FUZZ_CHECKER_ERROR"

FUZZ_RULES = (
    RuleDoc(ROUND_TRIP, "a value the schema allows survives Avro binary or JSON unchanged",
            "look at the shrunk example: the schema allows a value that does not survive "
            "encoding (a float, a logical type, a union branch); narrow the schema there, or "
            "replay with the printed command and report it if the value is ordinary"),
    RuleDoc(WIRE_FORMAT, "a value survives the Confluent wire format (magic byte, schema id)",
            "replay with the printed command and report the shrunk example: the framing is "
            "event-contracts' own code"),
    RuleDoc(GENERATED_CODE, "the generated classes give back the bytes they decoded",
            "run `contracts generate` so generated/ matches the contracts and fuzz again; if it "
            "still fails, report the shrunk example as a bug in the generated code"),
    RuleDoc(VERDICT_CONTRADICTED,
            "data written with one version reads with every version the checker calls "
            "compatible, as the Avro specification says",
            "do not rely on the checker's verdict for these two versions: replay with the "
            "printed command and report the case, with both schemas"),
    RuleDoc(NO_STRATEGY, "values can be generated for every schema",
            "the fuzzer cannot draw values for the schema part named; simplify it (a pattern or "
            "format hypothesis-jsonschema cannot satisfy, a recursion with no way out), or "
            "leave the contract out with --contract"),
    RuleDoc(SCHEMA_REJECTED, "fastavro, which the generated code uses, accepts every schema",
            "change the schema so fastavro parses it (the message names its objection); the "
            "generated code could not encode it either"),
    RuleDoc(CHECKER_ERROR, "the compatibility checker runs on every pair of versions",
            "run `contracts check` on the contract to see the error, and report it with the "
            "two schemas"),
)
_HINTS = {rule.id: rule.hint for rule in FUZZ_RULES}


def fuzz_hint(rule_id: str) -> str | None:
    return _HINTS.get(rule_id)

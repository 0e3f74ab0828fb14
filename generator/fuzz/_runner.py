"""Running the properties over a catalog with Hypothesis, deterministically for a seed.

Per writer version there is one *sweep*: a Hypothesis run that draws `examples` values and puts
each through every check of that version (its round trips, and reading by every version the
checker says can read it). A healthy catalog pays for one generation per version. Every check
that failed in the sweep then gets a run of its own with the same seed, which finds the failure
again and shrinks it; the finding carries the shrunk value and the command that replays it.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.catalog import (
    AvroSchema,
    AvroSchemaError,
    dereferenced,
    json_document,
    parsed_avro,
)
from generator.fuzz._errors import StrategyError
from generator.fuzz._generated import generated_class
from generator.fuzz._properties import (
    AvroVersion,
    Check,
    JsonVersion,
    PropertyFailure,
    avro_checks,
    json_checks,
)
from generator.fuzz._rules import CHECKER_ERROR, NO_STRATEGY, SCHEMA_REJECTED, fuzz_hint
from generator.report import Finding, Severity

if TYPE_CHECKING:
    from generator.catalog import Catalog, Contract, SchemaVersion, Settings

Progress = Callable[[int, int, str], None]
_log = logging.getLogger("generator.fuzz")


@dataclass(frozen=True)
class VersionRun:
    """What one sweep did: the version, its checks, how many values, how long.

    `source` says where the values came from: "avro" (the Avro strategies),
    "hypothesis-jsonschema", or "builder" (the fuzzer's own JSON Schema builder, with `reason`).
    """

    contract: str
    version: int
    checks: tuple[str, ...]
    examples: int
    seconds: float
    failed: tuple[str, ...] = ()
    source: str = ""
    reason: str = ""

    @property
    def per_second(self) -> float:
        return self.examples / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class FuzzReport:
    seed: int
    examples: int  # asked for, per version
    runs: tuple[VersionRun, ...]
    findings: tuple[Finding, ...]
    seconds: float = 0.0
    pairs: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # (writer, reader)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def total_examples(self) -> int:
        return sum(run.examples for run in self.runs)


def new_seed() -> int:
    import random

    return random.SystemRandom().randrange(2**32)


def claimed_pairs(contract: Contract, level: str) -> tuple[list[tuple[int, int]], list[Finding]]:
    """(writer, reader) version pairs the checker calls compatible under the contract's level.

    The checker is asked pair by pair with the one-directional level, so a history that fails
    elsewhere still has its good pairs fuzzed, and a wrong verdict on any pair is exposed.
    """
    import generator.compat as compat  # looked up at call time: tests may replace the checker

    level = level.upper()
    if level == "NONE":
        return [], []
    versions = contract.versions
    transitive = level.endswith("_TRANSITIVE")
    wanted: list[tuple[int, int, str]] = []  # (old index, new index, direction)
    for new in range(1, len(versions)):
        olds = range(new) if transitive else [new - 1]
        for old in olds:
            if level.startswith(("BACKWARD", "FULL")):
                wanted.append((old, new, "BACKWARD"))
            if level.startswith(("FORWARD", "FULL")):
                wanted.append((old, new, "FORWARD"))
    pairs: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for old, new, direction in wanted:
        old_v, new_v = versions[old], versions[new]
        try:
            result = compat.check_compatibility(contract.schema_type, _compared(new_v),
                                                [_compared(old_v)], direction)
        except Exception as error:
            findings.append(Finding(
                CHECKER_ERROR, f"{contract.name}: the checker failed on v{old_v.version} → "
                f"v{new_v.version}: {error!r}", str(new_v.path), contract=contract.name,
                version=new_v.version, severity=Severity.WARNING,
                hint=fuzz_hint(CHECKER_ERROR)))
            continue
        if result.compatible:
            writer, reader = (old_v, new_v) if direction == "BACKWARD" else (new_v, old_v)
            pairs.append((writer.version, reader.version))
    return pairs, findings


def fuzz_catalog(catalog: Catalog, *, contracts: Sequence[str] = (), examples: int = 100,
                 seed: int | None = None, progress: Progress | None = None,
                 use_generated: bool = True) -> FuzzReport:
    """Fuzz every contract of the catalog (or the named ones)."""
    seed = new_seed() if seed is None else seed
    chosen = [c for c in catalog.contracts if not contracts or c.name in contracts]
    unknown = sorted(set(contracts) - {c.name for c in catalog.contracts})
    if unknown:
        from generator.errors import ContractsError

        raise ContractsError(f"no such contract: {', '.join(unknown)}", catalog.root)
    total = sum(len(c.versions) for c in chosen)
    started = time.perf_counter()
    runs: list[VersionRun] = []
    findings: list[Finding] = []
    pairs: dict[str, tuple[tuple[int, int], ...]] = {}
    done = 0
    for contract in chosen:
        def step(label: str) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, label)

        report = fuzz_contract(contract, catalog.settings, examples=examples, seed=seed,
                               use_generated=use_generated, on_version=step)
        runs.extend(report.runs)
        findings.extend(report.findings)
        pairs.update(report.pairs)
    return FuzzReport(seed, examples, tuple(runs), tuple(findings),
                      time.perf_counter() - started, pairs)


def fuzz_contract(contract: Contract, settings: Settings | None = None, *, examples: int = 100,
                  seed: int = 0, level: str | None = None, use_generated: bool = True,
                  on_version: Callable[[str], None] | None = None) -> FuzzReport:
    """Fuzz one contract: every version's round trips and every pair the checker allows."""
    from generator.catalog import Settings

    settings = settings or Settings()
    level = level or contract.compatibility(settings)
    started = time.perf_counter()
    pairs, findings = claimed_pairs(contract, level)
    prepared, problems = _prepare(contract)
    findings.extend(problems)
    runs: list[VersionRun] = []
    for version in contract.versions:
        this = prepared.get(version.version)
        if this is not None:
            readers = [prepared[r] for w, r in pairs if w == version.version and r in prepared]
            cls = generated_class(settings, contract, version) if use_generated else None
            checks = (avro_checks(this, readers, cls) if isinstance(this, AvroVersion)
                      else json_checks(this, readers, cls))
            run, found = _fuzz_version(contract, version, checks, examples, seed)
            if run is not None:
                runs.append(run)
            findings.extend(found)
        if on_version is not None:
            on_version(f"{contract.name} v{version.version}")
    return FuzzReport(seed, examples, tuple(runs), tuple(findings),
                      time.perf_counter() - started, {contract.name: tuple(pairs)})


def _model(version: SchemaVersion) -> AvroSchema:
    # As the catalog parsed it; a version built by hand is parsed with defaults unvalidated, as
    # a registry reads schemas it holds: a bad default is found on the data that needs it.
    return version.avro or parsed_avro(version.schema, validate_defaults=False)


def _compared(version: SchemaVersion) -> Any:
    """What the checker compares: the schema with the shared types it uses inlined."""
    if version.schema_type == "AVRO" and version.avro is not None:
        return dereferenced(version.avro)
    return version.schema


def _prepare(contract: Contract) -> tuple[dict[int, Any], list[Finding]]:
    prepared: dict[int, Any] = {}
    findings: list[Finding] = []
    for version in contract.versions:
        try:
            if version.schema_type == "AVRO":
                from fastavro import parse_schema

                model = _model(version)
                try:
                    parsed = parse_schema(dereferenced(model))
                except Exception as error:
                    findings.append(_finding(SCHEMA_REJECTED, version, "",
                                             f"fastavro rejects the schema: {error}"))
                    continue
                prepared[version.version] = AvroVersion(contract.name, version.version,
                                                        model.root, parsed)
            else:
                document = json_document(version)
                prepared[version.version] = JsonVersion(contract.name, version.version,
                                                        document.bundled(),
                                                        document.validator())
        except (AvroSchemaError, StrategyError) as error:
            findings.append(_finding(NO_STRATEGY, version, error.pointer, str(error)))
    return prepared, findings


def _strategy(contract: Contract, version: SchemaVersion) -> tuple[Any, str, str]:
    """The version's strategy, where it comes from, and why the fallback if it is one."""
    if version.schema_type == "AVRO":
        from generator.fuzz._avro_strategies import avro_strategy

        return avro_strategy(_model(version).root), "avro", ""
    from generator.fuzz._json_strategies import choose_json_strategy, property_names

    vocabulary: set[str] = set()
    for other in contract.versions:
        vocabulary |= property_names(json_document(other).bundled())
    choice = choose_json_strategy(json_document(version).bundled(), vocabulary=sorted(vocabulary))
    _log.debug("%s v%d: JSON values from %s%s", contract.name, version.version, choice.source,
               f" ({choice.reason})" if choice.reason else "")
    return choice.strategy, choice.source, choice.reason


def derived_seed(seed: int, contract: str, version: int) -> int:
    return zlib.crc32(f"{seed}:{contract}:v{version}".encode())


def _fuzz_version(contract: Contract, version: SchemaVersion, checks: list[Check],
                  examples: int, seed: int) -> tuple[VersionRun | None, list[Finding]]:
    try:
        strategy, source, reason = _strategy(contract, version)
    except (AvroSchemaError, StrategyError) as error:
        return None, [_finding(NO_STRATEGY, version, error.pointer, str(error))]
    run_seed = derived_seed(seed, contract.name, version.version)
    first_failure: dict[str, PropertyFailure] = {}
    count = 0

    def sweep(value: Any) -> None:
        nonlocal count
        count += 1
        for check in checks:
            if check.name in first_failure:
                continue
            try:
                check.run(value)
            except PropertyFailure as failure:
                first_failure[check.name] = failure

    started = time.perf_counter()
    try:
        run_hypothesis(strategy, sweep, examples, run_seed, shrink=False)
    except Exception as error:  # Unsatisfiable and friends: no values could be drawn
        return None, [_finding(NO_STRATEGY, version, "",
                               f"no values could be generated: {type(error).__name__}: {error}")]
    seconds = time.perf_counter() - started
    run = VersionRun(contract.name, version.version, tuple(c.name for c in checks), count,
                     seconds, tuple(first_failure), source, reason)
    findings = []
    for check in checks:
        if check.name in first_failure:
            value, failure = shrink(strategy, check, examples, run_seed)
            failure = failure or first_failure[check.name]
            findings.append(_failure_finding(contract, version, check, failure, value, seed,
                                             examples))
    return run, findings


def shrink(strategy: Any, check: Check, examples: int,
           run_seed: int) -> tuple[Any, PropertyFailure | None]:
    """Find the failure of one check again with the same seed, and shrink it."""
    last: list[tuple[Any, PropertyFailure]] = []

    def body(value: Any) -> None:
        try:
            check.run(value)
        except PropertyFailure as failure:
            last.append((value, failure))
            raise

    try:
        run_hypothesis(strategy, body, examples, run_seed, shrink=True)
    except PropertyFailure:
        pass
    except Exception:  # Flaky and the like: report what was seen
        pass
    if not last:
        return None, None
    return last[-1]


def run_hypothesis(strategy: Any, body: Callable[[Any], None], examples: int, run_seed: int,
                   *, shrink: bool) -> None:
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hypothesis_seed

    phases = (Phase.generate, Phase.shrink) if shrink else (Phase.generate,)

    @hypothesis_seed(run_seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=phases,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet,
              report_multiple_bugs=False, print_blob=False, derandomize=False)
    @given(strategy)
    def test(value: Any) -> None:
        body(value)

    test()


def _finding(rule_id: str, version: SchemaVersion, pointer: str, message: str,
             severity: Severity = Severity.ERROR) -> Finding:
    line, column = version.locate(pointer)
    return Finding(rule_id, f"{version.contract} v{version.version}: {message}",
                   str(version.path), line, column, severity, version.contract, version.version,
                   hint=fuzz_hint(rule_id))


def _failure_finding(contract: Contract, version: SchemaVersion, check: Check,
                     failure: PropertyFailure, value: Any, seed: int, examples: int) -> Finding:
    place = version
    if failure.version is not None and failure.version != version.version:
        place = contract.version(failure.version)
    line, column = place.locate(failure.pointer or "")
    example = _show(value, version.schema_type)
    replay = f"contracts fuzz --contract {contract.name} --seed {seed} --examples {examples}"
    versions = (f"v{version.version} → v{check.reader_version}" if check.reader_version
                else f"v{version.version}")
    message = (f"{contract.name} {versions} [{check.name}]: {failure.message}; "
               f"shrunk example: {example}; replay: {replay}")
    extra = {"property": check.name, "writer_version": version.version,
             "reader_version": check.reader_version, "example": example, "seed": seed,
             "replay": replay}
    return Finding(failure.rule_id, message, str(place.path), line, column, Severity.ERROR,
                   contract.name, place.version, extra, hint=fuzz_hint(failure.rule_id))


def _show(value: Any, schema_type: str, limit: int = 400) -> str:
    """The example as a reader sees it: Python values for Avro, JSON text for JSON Schema."""
    import json

    from generator.fuzz._avro_strategies import plain

    text = json.dumps(value, ensure_ascii=False) if schema_type == "JSON" else repr(plain(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."

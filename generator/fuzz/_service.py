"""Fuzzing contracts from a service's own pytest suite.

    # tests/test_contracts.py in a service
    import pytest
    from generator.fuzz import contract_properties

    @pytest.mark.parametrize("prop", contract_properties("../contracts", ["user.created"]), ids=str)
    def test_contract(prop):
        prop()  # AssertionError with the shrunk counterexample and the seed to replay it

Each item fuzzes one contract: every version's round trips (and the generated class when the
generated package imports) and every version pair the compatibility checker allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.catalog import Catalog
    from generator.fuzz._runner import FuzzReport


@dataclass(frozen=True)
class ContractProperty:
    """The properties of one contract, runnable as a test: call it."""

    catalog: Catalog
    contract: str
    examples: int
    seed: int

    def __str__(self) -> str:
        return self.contract

    def __call__(self) -> FuzzReport:
        from generator.fuzz._runner import fuzz_contract
        from generator.report import render

        report = fuzz_contract(self.catalog.get(self.contract), self.catalog.settings,
                               examples=self.examples, seed=self.seed)
        if not report.ok:
            raise AssertionError(
                f"contract {self.contract} fails its properties (seed {self.seed}):\n"
                + render(report.findings, "text"))
        return report


def contract_properties(contracts_dir: str | Path | None = None,
                        contracts: Sequence[str] = (), *, examples: int = 100,
                        seed: int = 0) -> list[ContractProperty]:
    """One runnable property set per contract (all of them, or the named ones).

    The seed is fixed (0) by default so a service's test suite is deterministic; pass another
    to explore further, and the same one to replay a failure.
    """
    from generator.catalog import load_catalog

    catalog = load_catalog(contracts_dir)
    names = [c.name for c in catalog.contracts]
    missing = sorted(set(contracts) - set(names))
    if missing:
        raise KeyError(f"no such contract: {', '.join(missing)}")
    return [ContractProperty(catalog, name, examples, seed)
            for name in names if not contracts or name in contracts]


def assert_contracts_hold(contracts_dir: str | Path | None = None,
                          contracts: Sequence[str] = (), *, examples: int = 100,
                          seed: int = 0) -> None:
    """Fuzz the named contracts (or all) and raise AssertionError on any failure."""
    for prop in contract_properties(contracts_dir, contracts, examples=examples, seed=seed):
        prop()

"""Code generation: the catalog -> an installable, typed Python package of the events.

    >>> from generator.codegen import generate
    >>> result = generate(catalog, Path("generated"))          # writes what changed
    >>> result = generate(catalog, Path("generated"), check=True)  # writes nothing
    >>> [c.path for c in result.changes]

Avro versions become frozen, slotted dataclasses (templates/avro_module.py.j2); JSON Schema
versions become pydantic v2 models through datamodel-code-generator; each contract gets a typed
producer and consumer (templates/contract_init.py.j2 over the runtime: templates/runtime.py.j2, the
`_runtime` name space, re-exporting runtime_codec, runtime_envelope, runtime_producer and
runtime_consumer.py.j2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog
from generator.codegen._package import Change, compare, render_catalog, write_tree

__all__ = ["Change", "GenerateResult", "generate", "render_catalog"]


@dataclass(frozen=True)
class GenerateResult:
    output: Path
    changes: tuple[Change, ...]  # what differs (check) or what was written
    checked: bool

    @property
    def stale(self) -> bool:
        return bool(self.changes)


def generate(catalog: Catalog, output: Path, *, check: bool = False) -> GenerateResult:
    """Render the package for `catalog` into `output` (or, with check, only compare)."""
    files = render_catalog(catalog)
    package = catalog.settings.package
    changes = compare(files, output, package) if check else write_tree(files, output, package)
    return GenerateResult(output, tuple(changes), check)

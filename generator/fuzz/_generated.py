"""Finding the generated class of a contract version, when the generated package imports.

The layout is fixed by code generation: `<package>.<contract, dots as underscores>.v<N>` holds
the version's top-level class, also bound to the module name `Event`. The output folder from the
settings (`generated/` by default) is put on `sys.path` when it holds the package, so fuzzing a
checkout works without installing it.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.catalog import Contract, SchemaVersion, Settings


def module_name(package: str, contract: str, version: int) -> str:
    return f"{package}.{re.sub(r'[^0-9A-Za-z_]', '_', contract)}.v{version}"


def generated_class(settings: Settings, contract: Contract, version: SchemaVersion) -> Any | None:
    """The generated top-level class of `version`, or None when the package is not there."""
    output = settings.output if settings.output.is_absolute() else settings.root / settings.output
    folder = str(output.resolve())
    if (output / settings.package).is_dir() and folder not in sys.path:
        sys.path.insert(0, folder)
    name = module_name(settings.package, contract.name, version.version)
    try:
        module = importlib.import_module(name)
    except Exception:  # not generated yet, or stale beyond importing: `generate --check` says so
        return None
    cls = getattr(module, "Event", None)
    if cls is None:
        record = contract.record_name(version) or ""
        cls = getattr(module, record.rsplit(".", 1)[-1], None)
    wanted = ("from_avro", "to_avro") if version.schema_type == "AVRO" else ("model_validate",)
    if cls is None or not all(hasattr(cls, attr) for attr in wanted):
        return None
    return cls

"""`[tool.event-contracts]` in pyproject.toml and `contract.toml` of each contract."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from generator.catalog._model import SUBJECT_STRATEGIES, ContractConfig, Settings
from generator.catalog._read import read_file
from generator.errors import ContractsError

LEVELS = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
          "FULL_TRANSITIVE", "NONE")

_SETTINGS_KEYS = {"package", "contracts-dir", "output", "default-compatibility", "registry-url",
                  "registry-url-env", "source", "lint"}
_CONTRACT_KEYS = {"kind", "topic", "key", "compatibility", "subject_strategy", "owners",
                  "description", "lint", "references"}
KINDS = ("event", "type")
_LINT_KEYS = {"use", "ignore"}


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the nearest pyproject.toml at or above `start` (default: the cwd)."""
    pyproject = find_pyproject(start or Path.cwd())
    if pyproject is None:
        return Settings(root=(start or Path.cwd()))
    table = _read_toml(pyproject).get("tool", {}).get("event-contracts")
    root = pyproject.parent
    if table is None:
        return Settings(root=root)
    if not isinstance(table, dict):
        raise ContractsError("[tool.event-contracts] must be a table", pyproject)
    _reject_unknown(table, _SETTINGS_KEYS, pyproject, "[tool.event-contracts]")
    lint = _lint_table(table.get("lint", {}), pyproject)
    level = str(table.get("default-compatibility", "BACKWARD")).upper()
    if level not in LEVELS:
        raise ContractsError(f"default-compatibility {level!r} is not one of {', '.join(LEVELS)}",
                             pyproject)
    return Settings(
        root=root,
        package=_string(table, "package", "events", pyproject),
        contracts_dir=root / _string(table, "contracts-dir", "contracts", pyproject),
        output=root / _string(table, "output", "generated", pyproject),
        default_compatibility=level,
        registry_url=table.get("registry-url"),
        registry_url_env=_string(table, "registry-url-env", "CONTRACTS_REGISTRY_URL", pyproject),
        source=_string(table, "source", "event-contracts", pyproject),
        lint_use=lint[0],
        lint_ignore=lint[1],
    )


def load_contract_config(path: Path) -> ContractConfig:
    table = _read_toml(path)
    _reject_unknown(table, _CONTRACT_KEYS, path, "contract.toml")
    level = table.get("compatibility")
    if level is not None:
        if not isinstance(level, str) or level.upper() not in LEVELS:
            raise ContractsError(
                f"compatibility {level!r} is not one of {', '.join(LEVELS)}", path,
                *_key_position(path, "compatibility"))
        level = level.upper()
    strategy = _string(table, "subject_strategy", "TopicNameStrategy", path)
    if strategy not in SUBJECT_STRATEGIES:
        raise ContractsError(
            f"subject_strategy {strategy!r} is not one of {', '.join(SUBJECT_STRATEGIES)}", path,
            *_key_position(path, "subject_strategy"))
    owners = table.get("owners", [])
    if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
        raise ContractsError("owners must be a list of strings", path,
                             *_key_position(path, "owners"))
    lint = _lint_table(table.get("lint", {}), path)
    topic = table.get("topic")
    if topic is not None and not isinstance(topic, str):
        raise ContractsError("topic must be a string", path, *_key_position(path, "topic"))
    kind = _string(table, "kind", "event", path)
    if kind not in KINDS:
        raise ContractsError(f"kind {kind!r} is not one of {', '.join(KINDS)}", path,
                             *_key_position(path, "kind"))
    if kind == "type":
        for key in ("topic", "key", "subject_strategy"):
            if key in table:
                raise ContractsError(f"a shared type (kind = \"type\") has no {key}: it is "
                                     "sent only inside the events that use it", path,
                                     *_key_position(path, key))
    return ContractConfig(
        kind=kind,
        references=_references(table.get("references", {}), path),
        topic=topic,
        key=_string(table, "key", "eventId", path),
        compatibility=level,
        subject_strategy=strategy,
        owners=tuple(owners),
        description=_string(table, "description", "", path),
        lint_use=lint[0],
        lint_ignore=lint[1],
        path=path,
    )


def _references(value: Any, path: Path) -> tuple[tuple[str, int], ...]:
    """`[references]`: the version of a shared type this contract uses, by the type's name."""
    if not isinstance(value, dict):
        raise ContractsError("[references] must be a table of type name = version", path,
                             *_key_position(path, "references"))
    pins = []
    for name, version in sorted(value.items()):
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ContractsError(f"[references] {name!r} must be a version number (1, 2, ...)",
                                 path, *_key_position(path, f'"{name}"'))
        pins.append((name, version))
    return tuple(pins)


def _read_toml(path: Path) -> dict[str, Any]:
    data = read_file(path)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ContractsError(f"not UTF-8 text (byte {error.start})", path) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        raise ContractsError(f"invalid TOML: {message}", path, line, column) from None


def _key_position(path: Path, key: str) -> tuple[int | None, int | None]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return (None, None)
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, text in enumerate(lines, 1):
        if pattern.match(text):
            return (number, len(text) - len(text.lstrip()) + 1)
    return (None, None)


def _reject_unknown(table: dict[str, Any], known: set[str], path: Path, where: str) -> None:
    for key in table:
        if key not in known:
            raise ContractsError(
                f"unknown key {key!r} in {where} (known keys: {', '.join(sorted(known))})",
                path, *_key_position(path, key))


def _string(table: dict[str, Any], key: str, default: str, path: Path) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ContractsError(f"{key} must be a string", path, *_key_position(path, key))
    return value


def _lint_table(value: Any, path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ContractsError("[lint] must be a table with `use` and `ignore` lists", path)
    _reject_unknown(value, _LINT_KEYS, path, "[lint]")
    result = []
    for key in ("use", "ignore"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ContractsError(f"lint {key} must be a list of rule ids", path,
                                 *_key_position(path, key))
        result.append(tuple(items))
    return result[0], result[1]

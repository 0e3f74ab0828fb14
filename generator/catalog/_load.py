"""Find, read, parse and validate every contract version under a contracts folder."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator._cache import Cache, content_key
from generator.catalog._avro_text import blank_comments, parse_avro_text
from generator.catalog._json_document import JsonSchemaSet
from generator.catalog._model import Catalog, Contract, ContractConfig, SchemaVersion, Settings
from generator.catalog._positions import PositionIndex
from generator.catalog._read import parse_json, read_file, strict_json
from generator.catalog._references import resolve_references
from generator.catalog._settings import load_contract_config, load_settings
from generator.catalog._validate import validate_schema
from generator.errors import ContractsError

VERSION_FILE = re.compile(r"v([1-9][0-9]*)\.(avsc|schema\.json)\Z")
_SCHEMA_TYPES = {"avsc": "AVRO", "schema.json": "JSON"}
# Files a contract folder may hold besides versions and contract.toml.
_IGNORED = re.compile(r"(\..*|README(\.\w+)?|.*\.md)\Z")


def load_catalog(contracts_dir: Path | str | None = None,
                 settings: Settings | None = None) -> Catalog:
    """Load every contract under `contracts_dir` (default: the settings' contracts folder)."""
    settings = settings or load_settings(Path(contracts_dir) if contracts_dir else None)
    root = Path(contracts_dir) if contracts_dir is not None else settings.contracts_dir
    if not root.is_dir():
        raise ContractsError("contracts folder not found (start one with `contracts new "
                             "<domain>.<action>`, or pass --contracts-dir)", root.absolute())
    files: dict[str, bytes] = {}
    for folder in sorted(p for p in _list(root) if not p.name.startswith(".")):
        if not folder.is_dir():
            if not _IGNORED.match(folder.name):
                raise ContractsError(
                    "unexpected file: contracts live in folders named {domain}.{action}", folder)
            continue
        for path in sorted(_list(folder)):
            if path.is_dir():
                raise ContractsError("unexpected folder inside a contract", path)
            if not _IGNORED.match(path.name):  # notes and dot-files are never read
                files[f"{folder.name}/{path.name}"] = read_file(path)
        if not any(key.startswith(f"{folder.name}/") for key in files):
            raise ContractsError("empty contract folder: add v1.avsc or v1.schema.json", folder)
    return catalog_from_files(root, files, settings)


def _list(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError as error:
        raise ContractsError(f"cannot list the folder: {error.strerror}", folder) from None


def load_catalog_at_ref(ref: str, contracts_dir: Path, settings: Settings) -> Catalog:
    """The catalog as it was at a git ref (a commit, branch or tag), read with git itself."""
    folder = contracts_dir.resolve()
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    except _GitUnavailable:
        raise
    except ContractsError:
        raise ContractsError(f"--against {ref}: the contracts folder is not in a git "
                             "repository", contracts_dir) from None
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ContractsError:
        raise ContractsError(f"--against {ref}: not a git commit, branch or tag here",
                             contracts_dir) from None
    prefix = folder.relative_to(top).as_posix()
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", ref, "--", prefix)
    names = [name for name in listing.split("\0") if name]
    files: dict[str, bytes] = {}
    if names:
        batch = subprocess.run(["git", "cat-file", "--batch"], cwd=top, check=True,
                               input="".join(f"{ref}:{n}\n" for n in names).encode(),
                               capture_output=True).stdout
        offset = 0
        for name in names:
            header_end = batch.index(b"\n", offset)
            size = int(batch[offset:header_end].split()[2])
            body = batch[header_end + 1: header_end + 1 + size]
            offset = header_end + 2 + size
            relative = name[len(prefix) + 1:] if prefix != "." else name
            files[relative] = body
    return catalog_from_files(contracts_dir, files, settings, label=f"{ref}:")


def unborn_head(contracts_dir: Path) -> bool:
    """True when the git repository holding `contracts_dir` is on a branch with no commit yet
    (before the first commit): then `HEAD` names no commit, and nothing has been published."""
    folder = contracts_dir.resolve()
    try:
        _git(folder, "symbolic-ref", "--quiet", "HEAD")  # HEAD names a branch ...
    except ContractsError:  # not a repository, git missing, or a detached HEAD
        return False
    try:
        _git(folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except _GitUnavailable:
        return False
    except ContractsError:  # ... which has no commit
        return True
    return False


class _GitUnavailable(ContractsError):
    """git itself cannot run here: not installed, or not on PATH."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except OSError as error:
        raise _GitUnavailable(f"--against needs git, which cannot run: {error.strerror}",
                              cwd) from None
    if done.returncode != 0:
        raise ContractsError(f"git {args[0]} failed: {done.stderr.strip()}", cwd)
    return done.stdout


def catalog_from_files(root: Path, files: Mapping[str, bytes], settings: Settings,
                       label: str = "") -> Catalog:
    """Build a catalog from {"<contract>/<file name>": bytes}; `label` prefixes shown paths."""
    cache = Cache(settings.root, "valid")
    by_contract: dict[str, dict[str, bytes]] = {}
    for relative, data in files.items():
        contract, _, name = relative.partition("/")
        if "/" in name:
            raise ContractsError("unexpected folder inside a contract", root / relative)
        by_contract.setdefault(contract, {})[name] = data
    contracts = []
    schemas = JsonSchemaSet()
    for name in sorted(by_contract):
        contracts.append(_contract(root / name, by_contract[name], cache, label, schemas))
    cache.save()
    for loaded in contracts:
        for version in loaded.versions:
            _check_refs(version, label)
    return Catalog(root=root, settings=settings, contracts=resolve_references(contracts, label))


def _check_refs(version: SchemaVersion, label: str) -> None:
    """A `$ref` that resolves nowhere in the catalog is an error, as the registry has it."""
    if version.json is None:
        return
    for pointer, message in version.json.problems():
        line, column = version.locate(pointer)
        shown = f"{label}{version.path}" if label else version.path
        raise ContractsError(f"invalid JSON Schema: {message}", shown, line, column)


def _contract(folder: Path, files: dict[str, bytes], cache: Cache, label: str,
              schemas: JsonSchemaSet) -> Contract:
    config = ContractConfig()
    versions: list[SchemaVersion] = []
    for file_name, data in sorted(files.items()):
        path = folder / file_name
        if file_name == "contract.toml":
            if not label:
                config = load_contract_config(path)
            continue
        if _IGNORED.match(file_name):
            continue
        match = VERSION_FILE.match(file_name)
        if match is None:
            raise ContractsError(
                f"misnamed file {file_name!r}: versions are named v1.avsc, v2.avsc, ... "
                "(Avro) or v1.schema.json, ... (JSON Schema)", path)
        schema_type = _SCHEMA_TYPES[match.group(2)]
        versions.append(_version(folder.name, int(match.group(1)), path, schema_type, data,
                                 cache, label, schemas))
    if not versions:
        raise ContractsError("no version files: add v1.avsc or v1.schema.json", folder)
    versions.sort(key=lambda v: v.version)
    for previous, current in itertools.pairwise(versions):
        if previous.version == current.version:
            raise ContractsError(
                f"v{current.version} exists both as Avro and as JSON Schema", current.path)
    return Contract(name=folder.name, path=folder, config=config, versions=tuple(versions))


def _version(contract: str, number: int, path: Path, schema_type: str, data: bytes,
             cache: Cache, label: str, schemas: JsonSchemaSet) -> SchemaVersion:
    shown = f"{label}{path}" if label else path
    if not data.strip():
        raise ContractsError("empty file: expected a schema", shown, 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContractsError(f"not UTF-8 text (byte 0x{data[error.start]:02x})", shown, line,
                             column) from None
    avro = schema_type == "AVRO"
    schema: Any = parse_json(text, shown, parse_avro_text if avro else strict_json)
    positions = PositionIndex(blank_comments(text) if avro else text)
    document = None if avro else schemas.add(schema, f"{contract}/{path.name}", str(shown))
    version = SchemaVersion(contract, number, path, schema_type, text, schema, positions,
                            document)
    if avro:
        return version  # parsed and validated once its shared types are known (_references)
    key = content_key(schema_type, data)
    if cache.get(key) is not True:  # anything but the stored True is re-validated
        problem = validate_schema(schema_type, schema)
        if problem is not None:
            pointer, message = problem
            line, column = version.locate(pointer)
            kind = "Avro schema" if schema_type == "AVRO" else "JSON Schema"
            raise ContractsError(f"invalid {kind}: {message}", shown, line, column)
        cache.set(key, True)
    return version

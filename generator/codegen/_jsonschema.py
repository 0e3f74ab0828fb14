"""JSON Schema -> pydantic v2 models through datamodel-code-generator's Python API.

The models derive from the generated package's `_json.JsonModel` (or `_json.JsonRootModel` for a
schema that is not one object: a top-level `oneOf`, an array, ...), which give them the JSON and
wire encoding; the module then gets the same constants and envelope helpers as an Avro module.

Lossless by construction: a string keeps its text whatever its `format` (no `AnyUrl` that
normalises a URL, no datetime re-rendered, no `EmailStr` needing another package), a number keeps
being an int or a float as it came (`_json_input`), an open content model keeps the properties it
does not name (`JsonModel` allows extra fields; a closed one says `extra="forbid"` itself), and
what was absent stays absent (`exclude_unset`).
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from typing import Any

from generator._pointer import fragment_tokens, lookup
from generator.catalog import Catalog, Contract, ContractConfig, SchemaVersion, detect_draft
from generator.codegen._avro_render import schema_chunks
from generator.codegen._json_input import generator_input
from generator.codegen._templates import render
from generator.errors import ContractsError

_CLASS = re.compile(r"^class (\w+)\(", re.MULTILINE)
_ROOT_BASE = re.compile(r"^(class \w+\(\s*)RootModel\[", re.MULTILINE)
# Names the module defines next to the models: a schema's class of the same name is renamed.
_RESERVED = ("Event", "Payload", "JsonModel", "JsonRootModel", "SCHEMA", "SCHEMA_TYPE",
             "CONTRACT", "EVENT_TYPE", "EVENT_VERSION", "TOPIC", "SUBJECT", "KEY_PATH")
# What a top-level schema may hold beside `$ref` for its event class to be the referenced one
_ANNOTATIONS = frozenset({"$schema", "$id", "id", "$ref", "$comment", "title", "description",
                          "definitions", "$defs", "examples", "default", "deprecated",
                          "readOnly", "writeOnly"})
# Without a field at the default key path there is no partition key (a null Kafka key unless the
# producer is given one), as for Avro; any other path must exist.
DEFAULT_KEY = ContractConfig.key


def _pascal(text: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", text)
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return name if name and not name[0].isdigit() else f"Event{name}"


def _models(schema: dict[str, Any], class_name: str, package: str, where: str) -> str:
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, DefaultValueType, InputFileType
    from datamodel_code_generator.format import Formatter, PythonVersion

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output = generate(
                json.dumps(schema),
                input_file_type=InputFileType.JsonSchema,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                schema_version=detect_draft(schema).name,
                base_class=f"{package}._json.JsonModel",
                class_name=class_name,
                model_name_map={name: f"{name}Model" for name in _RESERVED},
                allow_remote_refs=False,
                read_format_as_annotation=True,
                deserialize_default_values=[DefaultValueType("enum")],
                use_standard_collections=True,
                use_union_operator=True,
                use_annotated=True,
                field_constraints=True,
                use_double_quotes=True,
                use_schema_description=True,
                use_field_description=True,
                disable_timestamp=True,
                custom_file_header="",
                formatters=[Formatter.BUILTIN],
            )
    except RecursionError:
        raise ContractsError("datamodel-code-generator failed: the schema nests too deeply",
                             where) from None
    except Exception as error:  # the generator's own errors carry no position
        first = next((ln.strip() for ln in str(error).splitlines() if ln.strip()),
                     type(error).__name__)
        raise ContractsError(f"datamodel-code-generator failed: {first}", where) from None
    if not isinstance(output, str):
        raise ContractsError("datamodel-code-generator produced several modules", where)
    return output


def _payload_class(models: str, top: str) -> str | None:
    block = models.split(f"class {top}(", 1)
    if len(block) < 2:
        return None
    body = block[1].split("\nclass ", 1)[0]
    match = re.search(r"^    data: (\w+)\s*$", body, re.MULTILINE)
    return match.group(1) if match else None


def _wrap_entries(schema: dict[str, Any]) -> list[tuple[str, str]] | None:
    """Envelope values to fill, or None when the schema is not an envelope with `data`."""
    props = schema.get("properties")
    if not isinstance(props, dict) or not isinstance(props.get("data"), dict):
        return None
    required = set(schema.get("required") or ())
    entries: list[tuple[str, str]] = []

    def kind(name: str) -> str:
        prop = props.get(name)
        value = prop.get("type") if isinstance(prop, dict) else None
        if isinstance(value, list):
            value = next((v for v in value if v != "null"), None)
        return value if isinstance(value, str) else ""

    fills = {
        "eventId": {"string": "_runtime.new_event_id()"},
        "eventType": {"string": "EVENT_TYPE"},
        "eventVersion": {"integer": "EVENT_VERSION", "string": "str(EVENT_VERSION)",
                         "number": "EVENT_VERSION"},
        "timestamp": {"string": "_runtime.now_micros().isoformat()",
                      "integer": "_runtime.epoch_millis()"},
        "source": {"string": "source"},
        "data": {"object": "data", "": "data"},
    }
    for name, options in fills.items():
        if name not in props:
            continue
        value = options.get(kind(name))
        if value is None:
            if name in required:
                return None
            continue
        entries.append((name, value))
    if required - set(fills) - {"correlationId", "traceId"}:
        return None
    return entries


def _resolve(node: Any, document: Any) -> Any:
    """Follow local `$ref`s from `node` (a chain of them ends where it loops or breaks)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) \
            and node["$ref"].startswith("#") and node["$ref"] not in seen:
        seen.add(node["$ref"])
        try:
            node = lookup(document, fragment_tokens(node["$ref"][1:]))
        except KeyError:
            break
    return node


def _object_shapes(schema: Any, document: Any) -> list[dict[str, Any]]:
    """The object schemas an event can be: the top one, through `$ref`s and into the branches of
    a top-level `oneOf` / `anyOf` / `allOf`."""
    node = _resolve(schema, document)
    if not isinstance(node, dict):
        return []
    shapes = [node]
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key) or ():
            shapes += _object_shapes(branch, document)
    return shapes


def _properties(shapes: list[dict[str, Any]]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for shape in shapes:
        if isinstance(shape.get("properties"), dict):
            props = {**shape["properties"], **props}
    return props


def _root_target(models: str, top: str, schema: dict[str, Any]) -> str | None:
    """The class a top-level `{"$ref": ...}` names (the generator wraps it in a root model that
    adds nothing): the event class is the referenced one."""
    from generator.codegen._json_input import KEYWORDS

    if "$ref" not in schema or (set(schema) & KEYWORDS) - _ANNOTATIONS:
        return None
    match = re.search(rf"^class {top}\(\s*RootModel\[(\w+)\]\s*\):", models, re.MULTILINE)
    if match and re.search(rf"^class {match.group(1)}\(", models, re.MULTILINE):
        return match.group(1)
    return None


def render_json_version(catalog: Catalog, contract: Contract, version: SchemaVersion,
                        source_path: str, header: str) -> str:
    schema = version.schema
    if not isinstance(schema, dict):
        raise ContractsError("code generation needs a JSON Schema object", version.path)
    package = catalog.settings.package
    title = schema.get("title")
    top = _pascal(title if isinstance(title, str) and title else contract.name)
    top = f"{top}Model" if top in _RESERVED else top
    models = _models(generator_input(version), top, package, str(version.path))
    if not re.search(rf"^class {top}\(", models, re.MULTILINE):
        raise ContractsError(f"no top-level model {top} in the generated code", version.path)
    top = _root_target(models, top, schema) or top
    shapes = _object_shapes(schema, schema)
    props = _properties(shapes)
    payload = _payload_class(models, top)
    entries = _wrap_entries(shapes[0]) if payload and shapes else None
    key_path = contract.config.key
    has_key = key_path.split(".", 1)[0] in props
    if not has_key and key_path != DEFAULT_KEY:
        raise ContractsError(f"partition key {key_path!r} is not a field path of "
                             f"{version.event_type}",
                             contract.config.path or version.path)
    uses_runtime = bool(has_key or entries or {"correlationId", "traceId"} & set(props))
    models = _add_imports(models.lstrip("\n"), package, uses_runtime)
    body = render(
        "json_module.py.j2",
        header=header, contract=contract.name, version=version.version,
        event_type=version.event_type, source_path=source_path, package=package,
        topic=contract.topic, subject=contract.subject(version), key_path=key_path,
        key_parts=key_path.split(".") if has_key else None,
        schema_chunks=schema_chunks(json.dumps(schema, separators=(",", ":"),
                                               ensure_ascii=False)),
        models=_strip_future(models), top=top, payload=payload if entries else None,
        wrap_entries=entries or [],
        has_correlation="correlationId" in props, has_trace="traceId" in props,
        classes=_CLASS.findall(models),
    )
    return body


def _strip_future(models: str) -> str:
    return models.replace("from __future__ import annotations\n\n", "", 1).strip("\n")


def _add_imports(models: str, package: str, uses_runtime: bool) -> str:
    """Root models onto the package's `JsonRootModel`; add `from <package> import _runtime`; sort
    the import block the way ruff's isort does."""
    lines = models.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)  # datamodel-code-generator's own header comment
    imports: list[str] = []
    while lines and (lines[0].startswith(("from ", "import ")) or not lines[0].strip()):
        line = lines.pop(0)
        if line.endswith("("):  # a wrapped import: join it onto one line
            while not line.endswith(")"):
                line += " " + lines.pop(0).strip()
            line = line.replace("( ", "").replace("(", "").replace(",)", "").replace(")", "")
        if line.strip() and line != "from __future__ import annotations":
            imports.append(line.strip())
    body = "\n".join(lines)
    if _ROOT_BASE.search(body):
        body = _ROOT_BASE.sub(r"\1JsonRootModel[", body)
        imports.append(f"from {package}._json import JsonRootModel")
        imports = [_drop_name(line, "RootModel", body) for line in imports]
        imports = [line for line in imports if line]
    if uses_runtime:
        imports.append(f"from {package} import _runtime")
    imports = _merge_from_imports(imports)
    sections: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for line in imports:
        module = line.split()[1]
        top = module.split(".")[0]
        section = 2 if top == package else 0 if top in sys.stdlib_module_names else 1
        sections[section].append(line)
    blocks = []
    for section in (0, 1, 2):
        ordered = sorted(sections[section], key=lambda ln: (ln.startswith("from "),
                                                            ln.split()[1].lower()))
        if ordered:
            blocks.append("\n".join(ordered))
    return "\n\n".join(blocks) + "\n\n\n" + body.lstrip("\n")


def _drop_name(line: str, name: str, body: str) -> str:
    """`from pydantic import A, RootModel` without `RootModel` once the body no longer uses it."""
    if not line.startswith("from pydantic import ") or re.search(rf"\b{name}\b", body):
        return line
    names = [n.strip() for n in line.removeprefix("from pydantic import ").split(",")]
    kept = [n for n in names if n != name]
    return f"from pydantic import {', '.join(kept)}" if kept else ""


def _merge_from_imports(imports: list[str]) -> list[str]:
    """One `from M import a, b` per module, names sorted as isort does (case-sensitive)."""
    names: dict[str, list[str]] = {}
    plain: list[str] = []
    for line in imports:
        if line.startswith("from ") and " import " in line:
            module, _, listed = line.removeprefix("from ").partition(" import ")
            bucket = names.setdefault(module, [])
            bucket += [n.strip() for n in listed.split(",") if n.strip() not in bucket]
        else:
            plain.append(line)
    return plain + [f"from {m} import {', '.join(sorted(set(n), key=_isort_key))}"
                    for m, n in names.items()]


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's isort with force-sort-within-sections off: CONSTANTS, Classes, then functions
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name

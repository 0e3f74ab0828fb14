"""JSON Schema -> pydantic v2 models through datamodel-code-generator's Python API.

The models derive from the generated package's `_json.JsonModel` (JSON and wire encoding); the
module then gets the same constants and envelope helpers as an Avro module.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from typing import Any

from generator.catalog import Catalog, Contract, SchemaVersion
from generator.codegen._avro_render import schema_chunks
from generator.codegen._templates import render
from generator.errors import ContractsError

_CLASS = re.compile(r"^class (\w+)\(", re.MULTILINE)


def _pascal(text: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", text)
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return name if name and not name[0].isdigit() else f"Event{name}"


def _models(schema_text: str, class_name: str, package: str, where: str) -> str:
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import Formatter, PythonVersion

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output = generate(
                schema_text,
                input_file_type=InputFileType.JsonSchema,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                base_class=f"{package}._json.JsonModel",
                class_name=class_name,
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
    except Exception as error:  # the generator's own errors carry no position
        raise ContractsError(f"datamodel-code-generator failed: {error}", where) from None
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
        "timestamp": {"string": "_runtime.now_micros()", "integer": "_runtime.epoch_millis()"},
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


def render_json_version(catalog: Catalog, contract: Contract, version: SchemaVersion,
                        source_path: str, header: str) -> str:
    schema = version.schema
    if not isinstance(schema, dict):
        raise ContractsError("code generation needs a JSON Schema object", version.path)
    package = catalog.settings.package
    title = schema.get("title")
    top = _pascal(title if isinstance(title, str) and title else contract.name)
    models = _models(version.text, top, package, str(version.path))
    if not re.search(rf"^class {top}\(", models, re.MULTILINE):
        raise ContractsError(f"no top-level model {top} in the generated code", version.path)
    models = _add_runtime_import(models.lstrip("\n"), package)
    payload = _payload_class(models, top)
    entries = _wrap_entries(schema) if payload else None
    raw_props = schema.get("properties")
    props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
    key_path = contract.config.key
    first = key_path.split(".", 1)[0]
    if first not in props:
        raise ContractsError(f"partition key {key_path!r} is not a field path of "
                             f"{version.event_type}",
                             contract.config.path or version.path)
    body = render(
        "json_module.py.j2",
        header=header, contract=contract.name, version=version.version,
        event_type=version.event_type, source_path=source_path, package=package,
        topic=contract.topic, subject=contract.subject(version), key_path=key_path,
        key_parts=key_path.split("."),
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


def _add_runtime_import(models: str, package: str) -> str:
    """Add `from <package> import _runtime` and sort the import block the way ruff's isort does."""
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
    imports.append(f"from {package} import _runtime")
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
    return "\n\n".join(blocks) + "\n\n\n" + "\n".join(lines).lstrip("\n")

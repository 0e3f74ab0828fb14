"""One JSON Schema document model for every stage: its draft, its `$ref`s resolved offline, a
self-contained (bundled) view and the draft's validator.

A `$ref` resolves, as the drafts define it, against the base URI in force where it sits (the
file's own location in the catalog, changed by `$id` / draft-04 `id`): to a JSON pointer or an
anchor in its own document, to another schema that declares that `$id`, or, for a relative
reference, to another schema file of the catalog next to the referring one
(`../common.money/v1.schema.json#/$defs/Money`). Nothing is fetched: an `http(s)` reference
that no schema of the catalog declares as its `$id` is unresolved, and an unresolved reference
is a problem to report, placed at the `$ref` itself.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from generator._pointer import escape, fragment_tokens, join, lookup
from generator.catalog._json_draft import JsonDraft, detect_draft

CATALOG_URI = "file:///catalog/"  # where catalog files live as far as `$ref`s are concerned
_SINGLE = frozenset({"additionalItems", "additionalProperties", "contains", "propertyNames",
                     "if", "then", "else", "not", "unevaluatedItems", "unevaluatedProperties",
                     "contentSchema", "items"})
_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_MAPS = frozenset({"properties", "patternProperties", "definitions", "$defs",
                   "dependentSchemas", "dependencies"})


@dataclass(frozen=True)
class Target:
    """Where a `$ref` lands: a document and a pointer into it."""

    document: JsonDocument
    pointer: str

    @property
    def value(self) -> Any:
        return lookup(self.document.schema, fragment_tokens(self.pointer))


@dataclass(frozen=True)
class JsonRef:
    """One `$ref`: where it sits (the pointer of the `$ref` value), what it says, where it lands
    (None when unresolved, with `problem` saying why)."""

    pointer: str
    ref: str
    target: Target | None
    problem: str = ""


class JsonSchemaSet:
    """The schema documents `$ref`s may reach (a catalog's JSON Schema files), by URI."""

    def __init__(self) -> None:
        self.documents: list[JsonDocument] = []
        self._resources: dict[str, tuple[JsonDocument, str]] = {}
        self._anchors: dict[str, tuple[JsonDocument, str]] = {}

    def add(self, schema: Any, name: str, label: str = "") -> JsonDocument:
        """Add a document found at `name` (a catalog-relative path such as
        "user.created/v1.schema.json", or an absolute URI)."""
        document = JsonDocument(schema, urljoin(CATALOG_URI, name), self, label or name)
        self.documents.append(document)
        self._resources.setdefault(document.uri, (document, ""))
        for uri, pointer in document.resources.items():
            self._resources.setdefault(uri, (document, pointer))
        for anchor, pointer in document.anchors.items():
            self._anchors.setdefault(anchor, (document, pointer))
        return document

    def find(self, absolute: str) -> Target | str:
        """The target of an absolute reference, or why there is none."""
        resource, _, fragment = absolute.partition("#")
        entry = self._resources.get(resource)
        if entry is None:
            return "no schema here or in the catalog has that URI"
        document, root = entry
        fragment = unquote(fragment)
        if fragment == "" or fragment.startswith("/"):
            pointer = root + join(fragment_tokens(fragment)) if fragment not in ("", "/") \
                else root
            try:
                lookup(document.schema, fragment_tokens(pointer))
            except KeyError:
                return f"{document.label} has nothing at #{fragment}"
            return Target(document, pointer)
        anchored = self._anchors.get(f"{resource}#{fragment}")
        if anchored is None:
            return f"{document.label} declares no anchor {fragment!r}"
        return Target(*anchored)


def _absolute(base: str, ref: str) -> str:
    if ref.startswith("#"):
        return base.partition("#")[0] + ref
    return urljoin(base, ref)


def _has_scheme(ref: str) -> bool:
    return bool(urlsplit(ref).scheme)


class JsonDocument:
    """One JSON Schema document and the base URIs, resources and anchors it declares."""

    def __init__(self, schema: Any, uri: str, schemas: JsonSchemaSet | None = None,
                 label: str = "") -> None:
        self.schema = schema
        self.uri = uri
        self.label = label or uri
        self.draft: JsonDraft = detect_draft(schema)
        self._set = schemas
        self.resources: dict[str, str] = {}  # absolute URI (a `$id`) -> pointer
        self.anchors: dict[str, str] = {}  # "uri#name" -> pointer
        self._ids: list[str] = []  # pointers of the schemas carrying an identifier
        self._raw_refs: list[tuple[str, str, str]] = []  # (pointer of $ref, ref, base)
        self._index(schema, "", uri)
        self._refs: list[JsonRef] | None = None
        self._bundled: Any = None
        self._validator: Any = None

    # --- indexing ---------------------------------------------------------------------------
    def _index(self, node: Any, pointer: str, base: str) -> None:
        if not isinstance(node, dict):
            return
        identifier = node.get(self.draft.id_keyword)
        if isinstance(identifier, str) and identifier:
            if identifier.startswith("#") and not self.draft.modern:
                self.anchors[f"{base.partition('#')[0]}{identifier}"] = pointer  # plain name
            else:
                base = _absolute(base, identifier).partition("#")[0]
                self.resources.setdefault(base, pointer)
                self._ids.append(pointer)
        if self.draft.modern:
            for keyword in ("$anchor", "$dynamicAnchor"):
                name = node.get(keyword)
                if isinstance(name, str):
                    self.anchors.setdefault(f"{base.partition('#')[0]}#{name}", pointer)
        ref = node.get("$ref")
        if isinstance(ref, str):
            self._raw_refs.append((f"{pointer}/$ref", ref, base))
        for key, pointer_to, child in _subschemas(node, pointer):
            del key
            self._index(child, pointer_to, base)

    # --- references -------------------------------------------------------------------------
    def refs(self) -> list[JsonRef]:
        """Every `$ref` of the document, resolved (or not) within its schema set."""
        if self._refs is None:
            self._refs = [self._resolve(*raw) for raw in self._raw_refs]
        return self._refs

    def problems(self) -> list[tuple[str, str]]:
        """(pointer of the `$ref`, message) for each reference that resolves nowhere."""
        return [(ref.pointer, ref.problem) for ref in self.refs() if ref.target is None]

    def _resolve(self, pointer: str, ref: str, base: str) -> JsonRef:
        schemas = self._set or _alone(self)
        found = schemas.find(_absolute(base, ref))
        if isinstance(found, str) and not _has_scheme(ref) and base != self.uri:
            # a relative file reference under a foreign `$id`: the file next to this one
            retry = schemas.find(_absolute(self.uri, ref))
            found = retry if isinstance(retry, Target) else found
        if isinstance(found, Target):
            return JsonRef(pointer, ref, found)
        if _has_scheme(ref) and urlsplit(ref).scheme in ("http", "https"):
            why = "no schema of the catalog declares it as its $id (references are never fetched)"
        elif ref.startswith("#"):
            why = found
        elif not _has_scheme(ref):
            why = (f"no schema file {_shown(ref)} in the catalog, relative to this file's "
                   "folder")
        else:
            why = found
        return JsonRef(pointer, ref, None, f"unresolved $ref {ref!r}: {why}")

    def reached(self) -> list[JsonDocument]:
        """This document and every other document its references reach, transitively."""
        order = [self]
        for document in order:
            for ref in document.refs():
                if ref.target is not None and ref.target.document not in order:
                    order.append(ref.target.document)
        return order

    # --- the bundled view -------------------------------------------------------------------
    def bundled(self) -> Any:
        """The schema as one self-contained document: every `$ref` a local JSON pointer.

        A document whose references are all plain local pointers is returned as it is (the
        same object). Otherwise the documents it reaches are copied under its definitions
        keyword (`definitions`, or `$defs` from 2019-09), nested identifiers are dropped and
        every `$ref` is rewritten to the pointer of its target in the bundle. Unresolved
        references are left as they are (check `problems()` first).
        """
        if self._bundled is None:
            self._bundled = self.schema if self._self_contained() else self._bundle()
        return self._bundled

    def _self_contained(self) -> bool:
        if any(pointer for pointer in self._ids):
            return False
        return all(ref.ref.startswith("#") and ref.target is not None
                   and ref.target.document is self for ref in self.refs())

    def _bundle(self) -> Any:
        documents = self.reached()
        keys: dict[int, str] = {id(self): ""}
        root = copy.deepcopy(self.schema)
        if not isinstance(root, dict):
            return root
        container = self.draft.definitions
        defs = root.setdefault(container, {})
        if not isinstance(defs, dict):
            return self.schema
        for document in documents[1:]:
            key = _def_name(document)
            while key in defs:
                key += "_"
            keys[id(document)] = f"/{escape(container)}/{escape(key)}"
            defs[key] = _rewritten(document, keys, copy.deepcopy(document.schema), drop_root=True)
        rewritten = _rewritten(self, keys, root, drop_root=False)
        if not defs:
            del rewritten[container]
        return rewritten

    # --- validation ---------------------------------------------------------------------------
    def validator(self) -> Any:
        """The jsonschema-rs validator of the document's draft over its bundled view (offline;
        `format` is an annotation, as hypothesis-jsonschema and Confluent's serializers treat
        it by default)."""
        if self._validator is None:
            import jsonschema_rs

            cls = getattr(jsonschema_rs, self.draft.validator)
            self._validator = cls(self.bundled(), validate_formats=False, offline=True)
        return self._validator

    def is_valid(self, instance: Any) -> bool:
        return bool(self.validator().is_valid(instance))

    def errors(self, instance: Any) -> Iterator[tuple[str, str, str]]:
        """(instance pointer, schema pointer, message) for each way `instance` is invalid."""
        for error in self.validator().iter_errors(instance):
            yield join(error.instance_path), join(error.schema_path), error.message


def _rewritten(document: JsonDocument, keys: dict[int, str], value: Any,
               drop_root: bool) -> Any:
    """`value` (a copy of document.schema) with refs pointing into the bundle, ids dropped."""
    for pointer in sorted(document._ids, key=len, reverse=True):
        if pointer or drop_root:
            node = lookup(value, fragment_tokens(pointer))
            node.pop(document.draft.id_keyword, None)
    if drop_root and isinstance(value, dict):
        value.pop("$schema", None)
    for ref in document.refs():
        if ref.target is None:
            continue
        prefix = keys.get(id(ref.target.document))
        if prefix is None:
            continue
        holder = lookup(value, fragment_tokens(ref.pointer.removesuffix("/$ref")))
        holder["$ref"] = "#" + quote(prefix + ref.target.pointer, safe="/~!$&'()*+,;=:@")
    return value


def _def_name(document: JsonDocument) -> str:
    path = document.uri.removeprefix(CATALOG_URI)
    if path != document.uri:  # a catalog file: "common.money/v1.schema.json" -> "common.money.v1"
        parts = PurePosixPath(path).parts
        return ".".join([*parts[:-1], parts[-1].removesuffix(".schema.json")])
    return path


def _shown(ref: str) -> str:
    return repr(ref.partition("#")[0])


def _alone(document: JsonDocument) -> JsonSchemaSet:
    schemas = JsonSchemaSet()
    schemas.documents.append(document)
    schemas._resources[document.uri] = (document, "")
    for uri, pointer in document.resources.items():
        schemas._resources.setdefault(uri, (document, pointer))
    for anchor, pointer in document.anchors.items():
        schemas._anchors.setdefault(anchor, (document, pointer))
    document._set = schemas
    return schemas


def _subschemas(node: dict[str, Any], pointer: str) -> Iterator[tuple[str, str, Any]]:
    """(keyword, pointer, subschema) for every schema-valued keyword of a schema object."""
    for key, value in node.items():
        if key in _SINGLE and isinstance(value, dict | bool):
            yield key, f"{pointer}/{escape(key)}", value
        elif key in _LISTS and isinstance(value, list):
            for index, item in enumerate(value):
                yield key, f"{pointer}/{escape(key)}/{index}", item
        elif key in _MAPS and isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, dict | bool):
                    yield key, f"{pointer}/{escape(key)}/{escape(name)}", item


def standalone(schema: Any, name: str = "schema.json") -> JsonDocument:
    """A document on its own: only its local references (and its own `$id`s) resolve."""
    document = JsonDocument(schema, urljoin(CATALOG_URI, name), None, name)
    _alone(document)
    return document


def json_document(version: Any) -> JsonDocument:
    """The document model of a JSON Schema contract version (a `SchemaVersion`): the one the
    catalog built, whose references reach the catalog's other files, or for a version built
    by hand a standalone document."""
    document = getattr(version, "json", None)
    if isinstance(document, JsonDocument):
        return document
    return standalone(version.schema, f"{version.contract}/{version.path.name}")

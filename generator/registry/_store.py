"""The registry's schemas and subject versions in SQLite: reads, registration, deletion.

The connection and transactions are in `_database`, compatibility levels and modes in
`_config_store`; `Store` is all three together.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.registry._config_store import ConfigAndModeStore
from generator.registry._errors import (
    RegistryError,
    invalid_schema,
    schema_not_found,
    subject_not_found,
    version_not_found,
)
from generator.registry._schemas import (
    InvalidSchema,
    ParsedSchema,
    Reference,
    parse_references,
    parse_schema,
)

MAX_VERSION = 2**31 - 1
# Parsed schemas kept in memory: by count, and by canonical text (a parsed schema takes several
# times its text), so that many or huge registrations cannot grow the server without bound.
CACHE_ENTRIES = 1024
CACHE_CHARS = 16 * 1024 * 1024


class ParsedCache:
    """A least-recently-used map of schema id to parsed schema, bounded by count and size."""

    def __init__(self, entries: int = CACHE_ENTRIES, chars: int = CACHE_CHARS) -> None:
        self.max_entries, self.max_chars = entries, chars
        self._items: OrderedDict[int, ParsedSchema] = OrderedDict()
        self.chars = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, schema_id: int) -> ParsedSchema | None:
        found = self._items.get(schema_id)
        if found is not None:
            self._items.move_to_end(schema_id)
        return found

    def put(self, schema_id: int, schema: ParsedSchema) -> None:
        self.pop(schema_id)
        self._items[schema_id] = schema
        self.chars += len(schema.canonical)
        while len(self._items) > 1 and (len(self._items) > self.max_entries
                                        or self.chars > self.max_chars):
            self.chars -= len(self._items.popitem(last=False)[1].canonical)

    def pop(self, schema_id: int) -> None:
        old = self._items.pop(schema_id, None)
        if old is not None:
            self.chars -= len(old.canonical)


@dataclass(frozen=True)
class StoredVersion:
    subject: str
    version: int
    schema_id: int
    deleted: bool
    schema: ParsedSchema
    guid: str


class Store(ConfigAndModeStore):
    """Thread-safe access to one SQLite registry database."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path)
        self._parsed = ParsedCache()  # only used with the database lock held

    # -- schemas ------------------------------------------------------------------------------

    def _schema_row(self, db: sqlite3.Connection, schema_id: int) -> tuple[ParsedSchema, str]:
        row = db.execute("SELECT schema_type, schema, refs, guid FROM schemas WHERE id = ?",
                         (schema_id,)).fetchone()
        if row is None:
            raise schema_not_found(f"Schema {schema_id} not found")
        cached = self._parsed.get(schema_id)
        if cached is None:
            refs = parse_references(json.loads(row[2]))
            cached = parse_schema(row[0], row[1], refs, self._resolve_refs(db, refs),
                                  validate=False)  # it was valid when it was stored
            self._parsed.put(schema_id, cached)
        return cached, row[3]

    def _resolve_refs(self, db: sqlite3.Connection,
                      refs: tuple[Reference, ...]) -> dict[str, ParsedSchema]:
        out: dict[str, ParsedSchema] = {}
        for ref in refs:
            row = db.execute("SELECT schema_id FROM versions WHERE subject = ? AND version = ?",
                             (ref.subject, ref.version)).fetchone()
            if row is None:
                raise invalid_schema(f"reference {ref.name!r} names subject {ref.subject!r} "
                                     f"version {ref.version}, which does not exist")
            out[ref.name] = self._schema_row(db, row[0])[0]
        return out

    def parse(self, schema_type: str, text: str, raw_refs: Any, *,
              normalize: bool = False) -> ParsedSchema:
        """Parse a request's schema with its references resolved from this registry."""
        try:
            refs = parse_references(raw_refs)
        except InvalidSchema as error:
            raise invalid_schema(str(error)) from None
        with self._read() as db:
            resolved = self._resolve_refs(db, refs)
        try:
            return parse_schema(schema_type, text, refs, resolved, normalize=normalize)
        except InvalidSchema as error:
            raise invalid_schema(str(error)) from None

    def schema_by_id(self, schema_id: int) -> tuple[ParsedSchema, str]:
        with self._read() as db:
            return self._schema_row(db, schema_id)

    def schema_by_guid(self, guid: str) -> tuple[int, ParsedSchema]:
        with self._read() as db:
            row = db.execute("SELECT id FROM schemas WHERE guid = ?", (guid,)).fetchone()
            if row is None:
                raise schema_not_found(f"Schema {guid} not found")
            return row[0], self._schema_row(db, row[0])[0]

    def all_schemas(self, *, deleted: bool = False, prefix: str = "", latest_only: bool = False,
                    offset: int = 0, limit: int = -1) -> list[StoredVersion]:
        """Subject versions in (subject, version) order, a page of them (limit -1: all)."""
        latest = ("AND version = (SELECT MAX(version) FROM versions AS v WHERE v.subject = "
                  "versions.subject AND (? OR v.deleted = 0)) " if latest_only else "")
        query = ("SELECT subject, version FROM versions WHERE (? OR deleted = 0) "
                 "AND substr(subject, 1, ?) = ? " + latest +
                 "ORDER BY subject, version LIMIT ? OFFSET ?")
        args: tuple[object, ...] = (deleted, len(prefix), prefix,
                                    *((deleted,) if latest_only else ()), limit, max(0, offset))
        with self._read() as db:
            rows = db.execute(query, args).fetchall()
            return [self._version(db, s, v) for s, v in rows]

    def id_versions(self, schema_id: int, *, deleted: bool = False) -> list[tuple[str, int]]:
        with self._read() as db:
            self._schema_row(db, schema_id)
            rows = db.execute("SELECT subject, version FROM versions WHERE schema_id = ? "
                              "AND (? OR deleted = 0) ORDER BY subject, version",
                              (schema_id, deleted)).fetchall()
            return [(s, v) for s, v in rows]

    # -- subjects and versions ------------------------------------------------------------------

    def subjects(self, *, deleted: bool = False, deleted_only: bool = False,
                 prefix: str = "") -> list[str]:
        with self._read() as db:
            rows = db.execute("SELECT subject, MIN(deleted) FROM versions GROUP BY subject "
                              "ORDER BY subject").fetchall()
        out = []
        for subject, all_deleted in rows:
            if not subject.startswith(prefix):
                continue
            live = not all_deleted
            if (deleted_only and not live) or (not deleted_only and (live or deleted)):
                out.append(subject)
        return out

    def versions(self, subject: str, *, deleted: bool = False,
                 deleted_only: bool = False) -> list[int]:
        with self._read() as db:
            rows = db.execute("SELECT version, deleted FROM versions WHERE subject = ? "
                              "ORDER BY version", (subject,)).fetchall()
        if not rows:
            raise subject_not_found(subject)
        if deleted_only:
            return [v for v, d in rows if d]
        picked = [v for v, d in rows if deleted or not d]
        if not picked:
            raise subject_not_found(subject)
        return picked

    def _version(self, db: sqlite3.Connection, subject: str, version: int) -> StoredVersion:
        row = db.execute("SELECT schema_id, deleted FROM versions WHERE subject = ? AND "
                         "version = ?", (subject, version)).fetchone()
        schema, guid = self._schema_row(db, row[0])
        return StoredVersion(subject, version, row[0], bool(row[1]), schema, guid)

    def _live(self, db: sqlite3.Connection, subject: str) -> list[StoredVersion]:
        rows = db.execute("SELECT version FROM versions WHERE subject = ? AND deleted = 0 "
                          "ORDER BY version", (subject,)).fetchall()
        return [self._version(db, subject, r[0]) for r in rows]

    def get_version(self, subject: str, version: int | None, *,
                    deleted: bool = False) -> StoredVersion:
        """`version=None` is the latest version."""
        with self._read() as db:
            rows = db.execute("SELECT version, deleted FROM versions WHERE subject = ? "
                              "ORDER BY version", (subject,)).fetchall()
            visible = [v for v, d in rows if deleted or not d]
            if not visible:
                raise subject_not_found(subject)
            if version is None:
                return self._version(db, subject, visible[-1])
            if version not in visible:
                raise version_not_found(subject, version)
            return self._version(db, subject, version)

    def live_versions(self, subject: str) -> list[StoredVersion]:
        with self._read() as db:
            return self._live(db, subject)

    def lookup(self, subject: str, schema: ParsedSchema, *,
               deleted: bool = False) -> StoredVersion:
        with self._read() as db:
            rows = db.execute("SELECT version, deleted FROM versions WHERE subject = ? "
                              "ORDER BY version DESC", (subject,)).fetchall()
            if not any(deleted or not d for _, d in rows):
                raise subject_not_found(subject)
            row = db.execute("SELECT id FROM schemas WHERE fingerprint = ?",
                             (schema.fingerprint,)).fetchone()
            if row is not None:
                for version, is_deleted in rows:
                    if deleted or not is_deleted:
                        found = self._version(db, subject, version)
                        if found.schema_id == row[0]:
                            return found
        raise schema_not_found()

    def register(self, subject: str, schema: ParsedSchema, *, schema_id: int | None = None,
                 version: int | None = None) -> StoredVersion:
        """Register under `subject`, or return the live version that already holds it.

        The compatibility check (seconds, for a huge schema) runs outside the write lock so
        that reads go on meanwhile; the write then proceeds only if the live versions and the
        level are still the ones checked against, else the check runs again.
        """
        from generator.registry._verdict import incompatibility_messages

        verdict: tuple[object, list[str]] | None = None
        while True:
            with self._write() as db:
                outcome = self._register(db, subject, schema, schema_id, version, verdict)
            if isinstance(outcome, StoredVersion):
                with self._lock:  # committed: the id is the schema's for good
                    if self._parsed.get(outcome.schema_id) is None:
                        self._parsed.put(outcome.schema_id, outcome.schema)
                return outcome
            live, level, checked = outcome
            verdict = (checked, incompatibility_messages(schema, live, level))

    def _register(self, db: sqlite3.Connection, subject: str, schema: ParsedSchema,
                  schema_id: int | None, version: int | None,
                  verdict: tuple[object, list[str]] | None
                  ) -> StoredVersion | tuple[list[StoredVersion], str, object]:
        """The registration, or what to check compatibility against first."""
        mode = self._mode(db, subject)
        if mode in ("READONLY", "READONLY_OVERRIDE"):
            raise RegistryError(422, 42205, f"Subject {subject} is in read-only mode")
        if (schema_id is not None or version is not None) and mode != "IMPORT":
            existing = db.execute("SELECT id FROM schemas WHERE fingerprint = ?",
                                  (schema.fingerprint,)).fetchone()
            if schema_id is not None and (existing is None or existing[0] != schema_id):
                raise RegistryError(422, 42205, "Overwriting a schema id is only permitted "
                                                "in IMPORT mode")
        live = self._live(db, subject)
        for stored in live:
            if stored.schema.fingerprint == schema.fingerprint and version in (
                    None, stored.version):
                return stored
        if mode != "IMPORT":
            level = self._level(db, subject)
            checked = (level, tuple((s.version, s.schema_id) for s in live))
            if level != "NONE" and live:
                if verdict is None or verdict[0] != checked:
                    return live, level, checked
                if verdict[1]:
                    raise RegistryError(
                        409, 409,
                        f"Schema being registered is incompatible with an earlier schema for "
                        f"subject \"{subject}\", details: [{', '.join(verdict[1])}]")
        new_id = self._schema_id(db, schema, schema_id)
        top = db.execute("SELECT MAX(version) FROM versions WHERE subject = ?",
                         (subject,)).fetchone()[0] or 0
        number = version if version is not None else top + 1
        if not 1 <= number <= MAX_VERSION:
            raise RegistryError(422, 42202, f"The specified version '{number}' is not a "
                                            f"valid version id")
        clash = db.execute("SELECT schema_id FROM versions WHERE subject = ? AND "
                           "version = ?", (subject, number)).fetchone()
        if clash is not None:
            raise RegistryError(422, 42205, f"Version {number} of subject {subject} "
                                            f"already exists")
        db.execute("INSERT INTO versions (subject, version, schema_id, deleted) "
                   "VALUES (?, ?, ?, 0)", (subject, number, new_id))
        guid = db.execute("SELECT guid FROM schemas WHERE id = ?", (new_id,)).fetchone()[0]
        # The request's parsed schema answers (the stored text is its canonical text): a huge
        # schema is not parsed a second time while the write lock is held.
        return StoredVersion(subject, number, new_id, False,
                             self._parsed.get(new_id) or schema, guid)

    def _schema_id(self, db: sqlite3.Connection, schema: ParsedSchema,
                   wanted: int | None) -> int:
        row = db.execute("SELECT id FROM schemas WHERE fingerprint = ?",
                         (schema.fingerprint,)).fetchone()
        if row is not None:
            if wanted is not None and wanted != row[0]:
                raise RegistryError(422, 42205, f"This schema already has id {row[0]}, not "
                                                f"{wanted}")
            return int(row[0])
        if wanted is not None:
            taken = db.execute("SELECT 1 FROM schemas WHERE id = ?", (wanted,)).fetchone()
            if taken is not None:
                raise RegistryError(422, 42205, f"Schema id {wanted} is already taken by "
                                                f"another schema")
        next_id = int(self._setting(db, "next_id") or "1")
        new_id = wanted if wanted is not None else next_id
        self._put_setting(db, "next_id", str(max(next_id, new_id + 1)))
        db.execute("INSERT INTO schemas (id, schema_type, schema, refs, fingerprint, guid) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (new_id, schema.schema_type, schema.canonical,
                    json.dumps([r.as_dict() for r in schema.references]), schema.fingerprint,
                    str(uuid.uuid4())))
        for ref in schema.references:
            db.execute("INSERT INTO refs (schema_id, subject, version) VALUES (?, ?, ?)",
                       (new_id, ref.subject, ref.version))
        return new_id

    def referenced_by(self, subject: str, version: int | None) -> list[int]:
        stored = self.get_version(subject, version, deleted=True)
        with self._read() as db:
            rows = db.execute("SELECT DISTINCT schema_id FROM refs WHERE subject = ? AND "
                              "version = ? ORDER BY schema_id",
                              (subject, stored.version)).fetchall()
        return [r[0] for r in rows]

    def delete_subject(self, subject: str, *, permanent: bool) -> list[int]:
        with self._write() as db:
            self._check_writable(db, subject)
            rows = db.execute("SELECT version, deleted FROM versions WHERE subject = ? "
                              "ORDER BY version", (subject,)).fetchall()
            if not rows:
                raise subject_not_found(subject)
            for version, _ in rows:
                self._check_unreferenced(db, subject, version)
            if permanent:
                if any(not d for _, d in rows):
                    raise RegistryError(404, 40405, f"Subject '{subject}' was not deleted first "
                                                    f"before being permanently deleted")
                self._purge(db, subject, [v for v, _ in rows])
                db.execute("DELETE FROM config WHERE subject = ?", (subject,))
                db.execute("DELETE FROM modes WHERE subject = ?", (subject,))
                return [v for v, _ in rows]
            if all(d for _, d in rows):
                raise RegistryError(404, 40404, f"Subject '{subject}' was soft deleted. Set "
                                                f"permanent=true to delete permanently")
            db.execute("UPDATE versions SET deleted = 1 WHERE subject = ?", (subject,))
            return [v for v, d in rows if not d]

    def delete_version(self, subject: str, version: int | None, *, permanent: bool) -> int:
        with self._write() as db:
            self._check_writable(db, subject)
            rows = db.execute("SELECT version, deleted FROM versions WHERE subject = ? "
                              "ORDER BY version", (subject,)).fetchall()
            if not rows or (not permanent and all(d for _, d in rows)):
                raise subject_not_found(subject)
            if version is None:
                live = [v for v, d in rows if not d]
                if not live:
                    raise subject_not_found(subject)
                version = live[-1]
            state = dict(rows).get(version)
            if state is None:
                raise version_not_found(subject, version)
            self._check_unreferenced(db, subject, version)
            if permanent:
                if not state:
                    raise RegistryError(404, 40407, f"Subject '{subject}' Version {version} was "
                                                    f"not deleted first before being "
                                                    f"permanently deleted")
                self._purge(db, subject, [version])
                return version
            if state:
                raise RegistryError(404, 40406, f"Subject '{subject}' Version {version} was soft "
                                                f"deleted. Set permanent=true to delete "
                                                f"permanently")
            db.execute("UPDATE versions SET deleted = 1 WHERE subject = ? AND version = ?",
                       (subject, version))
            return version

    def _check_unreferenced(self, db: sqlite3.Connection, subject: str, version: int) -> None:
        row = db.execute("SELECT 1 FROM refs WHERE subject = ? AND version = ? LIMIT 1",
                         (subject, version)).fetchone()
        if row is not None:
            raise RegistryError(422, 42206, f"One or more references exist to the schema "
                                            f"{{subject={subject}, version={version}}}")

    def _purge(self, db: sqlite3.Connection, subject: str, versions: list[int]) -> None:
        for version in versions:
            row = db.execute("SELECT schema_id FROM versions WHERE subject = ? AND version = ?",
                             (subject, version)).fetchone()
            db.execute("DELETE FROM versions WHERE subject = ? AND version = ?",
                       (subject, version))
            used = db.execute("SELECT 1 FROM versions WHERE schema_id = ? LIMIT 1",
                              (row[0],)).fetchone()
            if used is None:
                db.execute("DELETE FROM refs WHERE schema_id = ?", (row[0],))
                db.execute("DELETE FROM schemas WHERE id = ?", (row[0],))
                self._parsed.pop(row[0])

"""The batch manifest: one SQLite row per document, output kind and language.

It lives in the output directory (``manifest.sqlite3``), in WAL mode, and
every document's rows are committed in one transaction right after its
output files were renamed into place. A run killed at any point (even with
SIGKILL) leaves the manifest consistent, so the next run knows exactly which
documents are finished and skips them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import OutputError

MANIFEST_NAME = "manifest.sqlite3"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc TEXT NOT NULL,              -- the document's key (relative path, or feed/ID)
    kind TEXT NOT NULL,             -- translation | summary
    lang TEXT NOT NULL,             -- target language (ISO 639-1)
    status TEXT NOT NULL,           -- done | failed
    source TEXT NOT NULL,           -- the input as the user named it
    output TEXT,                    -- output path relative to the output directory
    input_sha256 TEXT NOT NULL,
    settings_sha256 TEXT NOT NULL,
    output_sha256 TEXT,
    model_id TEXT,
    revision TEXT,
    backend TEXT,
    term_correct INTEGER,
    term_total INTEGER,
    term_accuracy REAL,
    warnings TEXT NOT NULL DEFAULT '[]',  -- JSON list
    error TEXT,
    duration_s REAL,
    engine TEXT,
    finished REAL NOT NULL,
    PRIMARY KEY (doc, kind, lang)
);
"""
_COLUMNS = (
    "doc", "kind", "lang", "status", "source", "output", "input_sha256", "settings_sha256", "output_sha256",
    "model_id", "revision", "backend", "term_correct", "term_total", "term_accuracy", "warnings", "error",
    "duration_s", "engine", "finished",
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Expected:
    """What an up-to-date row for one output of a document must say."""

    kind: str
    lang: str
    output: str
    settings_sha256: str


class Manifest:
    """The SQLite manifest of one output directory."""

    def __init__(self, out_dir: Path, timeout: float = 30.0):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.executescript(
                "BEGIN IMMEDIATE;" + _SCHEMA
                + f"INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');COMMIT;"
            )
            version = int(self._conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise OutputError(f"batch manifest {self.path} cannot be used ({exc}); move it aside to start afresh") from None
        if version > SCHEMA_VERSION:
            raise OutputError(f"batch manifest {self.path} was written by a newer tilshi; upgrade tilshi")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def rows(self, doc: str | None = None) -> list[dict]:
        """Rows as dicts (all, or one document's)."""
        query = f"SELECT {', '.join(_COLUMNS)} FROM documents"
        cursor = self._conn.execute(query + (" WHERE doc = ? ORDER BY kind, lang" if doc else " ORDER BY doc, kind, lang"),
                                    (doc,) if doc else ())
        return [dict(zip(_COLUMNS, row)) for row in cursor]

    def up_to_date(self, doc: str, input_sha256: str, expected: Iterable[Expected]) -> bool:
        """True when every expected output is recorded done for this content and these settings, and is on disk unchanged."""
        have = {(r["kind"], r["lang"]): r for r in self.rows(doc)}
        for want in expected:
            row = have.get((want.kind, want.lang))
            if (row is None or row["status"] != "done" or row["input_sha256"] != input_sha256
                    or row["settings_sha256"] != want.settings_sha256 or row["output"] != want.output):
                return False
            try:
                on_disk = (self.out_dir / want.output).read_bytes()
            except OSError:
                return False
            if hashlib.sha256(on_disk).hexdigest() != row["output_sha256"]:
                return False
        return True

    def record(self, rows: list[dict]) -> None:
        """Insert or replace one document's rows in one transaction."""
        now = time.time()
        values = []
        for row in rows:
            row = {**row, "finished": now, "warnings": json.dumps(row.get("warnings") or [], ensure_ascii=False)}
            values.append(tuple(row.get(name) for name in _COLUMNS))
        marks = ",".join("?" * len(_COLUMNS))
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(f"INSERT OR REPLACE INTO documents ({', '.join(_COLUMNS)}) VALUES ({marks})", values)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise OutputError(f"cannot update the batch manifest {self.path}: {exc}") from None

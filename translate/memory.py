"""Translation memory: a persistent SQLite store of machine (and human) translations.

A press office re-runs the same release after small edits. The memory keeps
every raw model output keyed by

    normalised source sentence (NFC, collapsed whitespace)
    + source and target language
    + model id + revision (for a local directory: a fingerprint of its config and weights)
    + backend + decoding settings (batch size excluded: it is a throughput knob)

so an unchanged document translates nothing (and, because the model is
loaded lazily, never imports torch), and an edited paragraph re-translates
only its own sentences. The glossary is applied *after* this layer, to the
raw output, so a glossary change still takes effect on a re-run served from
memory. The translator that asks the memory first is
:class:`translate.cache.CachingTranslator`; this module is only the store.

The store lives at :func:`translate.paths.memory_path`, is created on the
first write, and runs in WAL mode with a busy timeout so that concurrent runs
wait for each other instead of failing or corrupting it. A file that is not
a readable database is reported, never deleted.

A person's correction of a sentence is stored as a *human* row (``origin``
'human'), keyed by the sentence and language pair only: it wins over every
model's output for that sentence and is exported in the TMX like the rest.

Numerics differ slightly between devices (fp16 on GPU): the key names the
engine, not the device, so a GPU run's output may be served to a CPU run.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .errors import MemoryStoreError
from .paths import memory_path

SCHEMA_VERSION = 2  # 2: segments.origin (machine | human)
BUSY_TIMEOUT_S = 30.0
_CHUNK = 400  # keys per SELECT (well under SQLite's variable limit)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    model_id TEXT NOT NULL,
    revision TEXT NOT NULL,
    backend TEXT NOT NULL,
    settings TEXT NOT NULL,
    created REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT 'machine'
);
CREATE INDEX IF NOT EXISTS segments_model ON segments (model_id, tgt_lang);
"""
_COLUMNS = "key, source, target, src_lang, tgt_lang, model_id, revision, backend, settings, created, origin"
HUMAN = "human"
# DecodeSettings fields that do not change what a model outputs.
_NOT_IN_KEY = {"batch_size"}


# What XML 1.0 allows: tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF.
_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """``value`` as XML character data, forbidden characters replaced by U+FFFD."""
    return escape(_XML_FORBIDDEN.sub("\ufffd", value))


def _xml_attr(value: str) -> str:
    """``value`` as a quoted XML attribute, forbidden characters replaced by U+FFFD."""
    return quoteattr(_XML_FORBIDDEN.sub("\ufffd", value))


def _is_busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def normalise(text: str) -> str:
    """The memory's view of a source sentence: NFC, whitespace runs collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def settings_key(settings) -> str:
    """Canonical JSON of the decoding settings that affect output."""
    data = settings.as_dict() if hasattr(settings, "as_dict") else dict(settings)
    return json.dumps({k: v for k, v in sorted(data.items()) if k not in _NOT_IN_KEY}, sort_keys=True)


@dataclass(frozen=True)
class MemoryContext:
    """Everything besides the sentence that decides a translation."""

    src_lang: str
    tgt_lang: str
    model_id: str
    revision: str
    backend: str
    settings: str  # settings_key(...)

    def key(self, source: str) -> str:
        fields = [normalise(source), self.src_lang, self.tgt_lang, self.model_id, self.revision, self.backend, self.settings]
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


class HumanTranslation(str):
    """A translation a person wrote (a human row), told apart from the model's output by its type.

    It travels through any translator wrapper as an ordinary string; the
    pipeline checks its glossary terms but never post-edits it.
    """

    __slots__ = ()


def human_key(source: str, src_lang: str, tgt_lang: str) -> str:
    """The key of a person's translation: the sentence and language pair, no model."""
    fields = [normalise(source), src_lang, tgt_lang, HUMAN]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


class TranslationMemory:
    """The SQLite store. Reading never creates the file; the first write does."""

    def __init__(self, path: Path | None = None, timeout: float = BUSY_TIMEOUT_S):
        self.path = Path(path) if path is not None else memory_path()
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None

    # -- connection -------------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not self.path.exists():
            if not create:
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise MemoryStoreError(f"cannot create {self.path.parent} for the translation memory: {exc}") from None
        elif self.path.is_dir():
            raise MemoryStoreError(f"translation memory path {self.path} is a directory")
        # Opening a store that another process is creating or switching to WAL can answer
        # SQLITE_BUSY at once, without the busy handler; retry until the timeout.
        deadline = time.monotonic() + self.timeout
        delay = 0.02
        while True:
            try:
                conn = self._open()
                break
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise self._unusable(exc) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except sqlite3.DatabaseError as exc:
                raise self._unusable(exc) from None
        self._conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            version = None
            try:
                row = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
                version = int(row[0]) if row else None
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
            if version is None:
                conn.executescript(
                    "BEGIN IMMEDIATE;" + _SCHEMA
                    + f"INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');COMMIT;"
                )
            elif version < SCHEMA_VERSION:
                self._migrate(conn)
            elif version > SCHEMA_VERSION:
                raise MemoryStoreError(
                    f"translation memory {self.path} was written by a newer tilshi (schema {version}); upgrade tilshi"
                )
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            conn.close()
            raise
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Schema 1 → 2: add ``origin`` (every existing row is a machine translation)."""
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if int(row[0]) < 2:  # re-read under the lock: another process may have migrated already
            conn.execute("ALTER TABLE segments ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine'")
            conn.execute("UPDATE meta SET value = '2' WHERE name = 'schema_version'")
        conn.execute("COMMIT")

    def _unusable(self, exc: Exception) -> MemoryStoreError:
        if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
            return MemoryStoreError(
                f"translation memory {self.path} stayed locked by another tilshi run for {self.timeout:.0f} s",
                path=self.path, reason="locked", advice="try again",
            )
        return MemoryStoreError(
            f"translation memory {self.path} cannot be used ({exc}); it was left untouched",
            path=self.path, reason="unusable", advice="move it aside (or delete it) to start a new one",
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- segments -------------------------------------------------------------------------

    def lookup(self, context: MemoryContext, sources: Sequence[str]) -> dict[str, str]:
        """Stored translations for ``sources`` under ``context``, by source text (missing ones absent)."""
        conn = self._connect(create=False)
        if conn is None or not sources:
            return {}
        keys = {s: context.key(s) for s in sources}
        human = {s: human_key(s, context.src_lang, context.tgt_lang) for s in sources}
        key_list = list(dict.fromkeys([*keys.values(), *human.values()]))
        by_key: dict[str, str] = {}
        try:
            for start in range(0, len(key_list), _CHUNK):
                chunk = key_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                by_key.update(conn.execute(f"SELECT key, target FROM segments WHERE key IN ({marks})", chunk).fetchall())
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None
        # A person's translation wins over the model's.
        return {s: HumanTranslation(by_key[human[s]]) if human[s] in by_key else by_key[k]
                for s, k in keys.items() if k in by_key or human[s] in by_key}

    def store(self, context: MemoryContext, pairs: Sequence[tuple[str, str]]) -> int:
        """Store (source, translation) pairs under ``context`` in one transaction; returns how many."""
        if not pairs:
            return 0
        conn = self._connect(create=True)
        now = time.time()
        rows = [
            (context.key(s), normalise(s), t, context.src_lang, context.tgt_lang, context.model_id,
             context.revision, context.backend, context.settings, now, "machine")
            for s, t in pairs
        ]
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(f"INSERT OR REPLACE INTO segments ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None
        return len(rows)

    def store_human(self, source: str, target: str, src_lang: str, tgt_lang: str) -> None:
        """Keep a person's translation of ``source``; it wins over any model's from now on."""
        if not normalise(source) or not target.strip():
            raise MemoryStoreError("a human translation needs a source sentence and a non-empty translation")
        conn = self._connect(create=True)
        row = (human_key(source, src_lang, tgt_lang), normalise(source), target.strip(), src_lang, tgt_lang,
               HUMAN, "", HUMAN, "{}", time.time(), HUMAN)
        try:
            conn.execute(f"INSERT OR REPLACE INTO segments ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", row)
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None

    # -- maintenance ----------------------------------------------------------------------

    def _where(self, model: str | None, lang: str | None) -> tuple[str, list]:
        """SQL for the filters: ``None`` means "any"; an empty or blank value is refused.

        ``model`` matches a model id exactly or its last path part (``opus-mt-en-ru``
        for ``Helsinki-NLP/opus-mt-en-ru``), compared as plain text: ``%`` and
        ``_`` are not wildcards.
        """
        clauses, args = [], []
        for name, value in (("model", model), ("language", lang)):
            if value is not None and not str(value).strip():
                raise MemoryStoreError(f"an empty {name} filter would match every entry; give a value or no filter")
        if model is not None:
            suffix = "/" + model
            clauses.append("(model_id = ? OR substr(model_id, -?) = ?)")
            args += [model, len(suffix), suffix]
        if lang is not None:
            clauses.append("tgt_lang = ?")
            args.append(lang)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def stats(self) -> dict:
        """Entries in total, per language pair and per model/revision/backend, and size on disk."""
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.is_file())
        result = {"path": str(self.path), "exists": self.path.exists(), "bytes": size, "entries": 0, "human": 0, "pairs": [], "models": []}
        conn = self._connect(create=False)
        if conn is None:
            return result
        try:
            result["entries"] = conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
            result["human"] = conn.execute("SELECT COUNT(*) FROM segments WHERE origin = 'human'").fetchone()[0]
            result["pairs"] = [
                {"source": s, "target": t, "entries": n}
                for s, t, n in conn.execute(
                    "SELECT src_lang, tgt_lang, COUNT(*) FROM segments GROUP BY src_lang, tgt_lang ORDER BY 3 DESC, 1, 2"
                )
            ]
            result["models"] = [
                {"model_id": m, "revision": r, "backend": b, "entries": n}
                for m, r, b, n in conn.execute(
                    "SELECT model_id, revision, backend, COUNT(*) FROM segments "
                    "GROUP BY model_id, revision, backend ORDER BY 4 DESC, 1, 2, 3"
                )
            ]
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None
        return result

    def clear(self, model: str | None = None, lang: str | None = None) -> int:
        """Delete entries (all, or for one model id and/or target language); returns how many."""
        where, args = self._where(model, lang)  # validated before anything is opened
        conn = self._connect(create=False)
        if conn is None:
            return 0
        try:
            removed = conn.execute(f"DELETE FROM segments{where}", args).rowcount
            if not where:
                conn.execute("VACUUM")
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None
        return removed

    def entries(self, model: str | None = None, lang: str | None = None):
        """Rows as dicts in insertion order (for export)."""
        where, args = self._where(model, lang)
        conn = self._connect(create=False)
        if conn is None:
            return
        try:
            cursor = conn.execute(
                "SELECT source, target, src_lang, tgt_lang, model_id, revision, backend, settings, created, origin "
                f"FROM segments{where} ORDER BY created, rowid",
                args,
            )
            names = [d[0] for d in cursor.description]
            for row in cursor:
                yield dict(zip(names, row))
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None

    def export_tmx(self, model: str | None = None, lang: str | None = None) -> str:
        """The memory (or part of it) as a TMX 1.4 document: well-formed XML 1.0 whatever was stored.

        Characters XML 1.0 forbids (C0 controls other than tab, newline and
        carriage return; U+FFFE, U+FFFF; lone surrogates) cannot be written or
        escaped in XML 1.0, so each is replaced by U+FFFD (the replacement
        character); everything else is escaped as usual (``&``, ``<``, ``>``,
        quotes in attributes). The store itself is not changed.
        """
        try:
            from importlib.metadata import version

            tool_version = version("tilshi")
        except Exception:
            tool_version = "0"
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<tmx version="1.4">',
            f'  <header creationtool="tilshi" creationtoolversion={_xml_attr(tool_version)} segtype="sentence" '
            'o-tmf="tilshi-sqlite" adminlang="en" srclang="en" datatype="plaintext"/>',
            "  <body>",
        ]
        for row in self.entries(model, lang):
            stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(row["created"]))
            lines.append(f"    <tu creationdate={_xml_attr(stamp)} creationid={_xml_attr(row['origin'] if row['origin'] == HUMAN else 'tilshi')}>")
            for name in ("origin", "model_id", "revision", "backend", "settings"):
                lines.append(f"      <prop type={_xml_attr('x-' + name)}>{_xml_text(str(row[name]))}</prop>")
            lines.append(f"      <tuv xml:lang={_xml_attr(row['src_lang'])}><seg>{_xml_text(row['source'])}</seg></tuv>")
            lines.append(f"      <tuv xml:lang={_xml_attr(row['tgt_lang'])}><seg>{_xml_text(row['target'])}</seg></tuv>")
            lines.append("    </tu>")
        lines += ["  </body>", "</tmx>", ""]
        return "\n".join(lines)

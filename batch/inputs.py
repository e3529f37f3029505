"""Finding a batch's documents: files, directories (recursive) and JSONL feeds.

Every document becomes a :class:`Source` with a stable key (what the manifest
records), the output path it maps to (mirroring the input tree) and a hash of
its content. A document that cannot be read as text is a Source with an
``error``: it is recorded as failed and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.errors import InputError
from translate.textio import decode_text

TEXT_SUFFIXES = (".md", ".txt")
FEED_SUFFIX = ".jsonl"
# A record id becomes a relative output path: letters, digits, and . _ - / (no "..", no leading "/").
_SAFE_ID = re.compile(r"^[\w][\w .\-/]*$", re.UNICODE)


@dataclass
class Source:
    """One document of the batch."""

    key: str  # manifest key: "sub/name.md" for a file, "feed.jsonl/ID" for a record
    label: str  # how messages name it: the file path, or "feed.jsonl:LINE"
    out_stem: str | None  # output path relative to OUT_DIR without ".LANG.EXT" ("sub/name"); None if unusable
    fmt: str  # how to parse it: "md" or "txt"
    text: str | None
    digest: str  # sha256 of the content as read
    error: str | None = None


def discover(inputs: Sequence[str | Path], *, fmt: str | None = None, exclude: Path | None = None) -> list[Source]:
    """All documents named by ``inputs``, in a stable order (each directory's files sorted).

    ``fmt`` ("md"/"txt") overrides how documents are parsed; ``exclude`` is a
    directory never searched (the batch's own output directory). A missing
    input path raises :class:`InputError`; a bad document is a Source with an error.
    """
    sources: list[Source] = []
    excluded = exclude.resolve() if exclude is not None else None
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(f"input not found: {item}")
        if path.is_dir():
            for file in sorted(_walk(path, excluded)):
                rel = file.relative_to(path).as_posix()
                sources.append(_file_source(file, rel, fmt))
        elif path.suffix.lower() == FEED_SUFFIX:
            sources.extend(_feed_sources(path, fmt))
        else:
            sources.append(_file_source(path, path.name, fmt))
    return _unique(sources)


def _walk(root: Path, excluded: Path | None):
    for file in root.rglob("*"):
        rel = file.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if excluded is not None and (file.resolve() == excluded or excluded in file.resolve().parents):
            continue
        if file.is_file() and file.suffix.lower() in TEXT_SUFFIXES:
            yield file


def _kind(name: str, fmt: str | None) -> str:
    if fmt in ("md", "txt"):
        return fmt
    return "txt" if name.lower().endswith(".txt") else "md"


def _file_source(path: Path, rel: str, fmt: str | None) -> Source:
    stem = rel.rsplit(".", 1)[0] if "." in PurePosixPath(rel).name else rel
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Source(rel, str(path), stem, _kind(rel, fmt), None, "", f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = decode_text(data, str(path))
    except InputError as exc:
        return Source(rel, str(path), stem, _kind(rel, fmt), None, digest, str(exc))
    return Source(rel, str(path), stem, _kind(rel, fmt), text, digest)


def _feed_sources(path: Path, fmt: str | None) -> list[Source]:
    """One Source per line of a JSONL file of ``{"id": ..., "text": ...}`` records."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not valid UTF-8 (byte {exc.start})") from None
    stem = path.name[: -len(FEED_SUFFIX)]
    kind = fmt if fmt in ("md", "txt") else "md"
    sources = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        label = f"{path}:{number}"
        digest = hashlib.sha256(line.encode("utf-8")).hexdigest()
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            sources.append(Source(f"{path.name}#{number}", label, None, kind, None, digest, f"line {number} is not JSON ({exc.msg})"))
            continue
        rid = record.get("id") if isinstance(record, dict) else None
        text = record.get("text") if isinstance(record, dict) else None
        if isinstance(rid, int) and not isinstance(rid, bool):
            rid = str(rid)
        if not isinstance(rid, str) or not isinstance(text, str):
            sources.append(Source(f"{path.name}#{number}", label, None, kind, None, digest,
                                  f'line {number} is not a {{"id", "text"}} record with string values'))
            continue
        key = f"{path.name}/{rid}"
        if not _SAFE_ID.match(rid) or ".." in PurePosixPath(rid).parts or rid.endswith("/"):
            sources.append(Source(key, label, None, kind, None, digest,
                                  f"id {rid!r} cannot name a file (use letters, digits, '.', '_', '-', '/')"))
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        try:
            text = decode_text(text.encode("utf-8"), f"record {rid!r}", what="text of")
        except InputError as exc:
            sources.append(Source(key, label, f"{stem}/{rid}", kind, None, digest, str(exc)))
            continue
        sources.append(Source(key, label, f"{stem}/{rid}", kind, text, digest))
    return sources


def _unique(sources: list[Source]) -> list[Source]:
    """A second document with the same key or output path fails instead of overwriting the first."""
    keys: dict[str, str] = {}
    stems: dict[str, str] = {}
    out = []
    for source in sources:
        if source.key in keys:
            out.append(Source(f"{source.key}#{source.label}", source.label, None, source.fmt, None, source.digest,
                              f"same name as {keys[source.key]}"))
            continue
        keys[source.key] = source.label
        if source.out_stem is not None:
            if source.out_stem in stems:
                source = Source(source.key, source.label, None, source.fmt, None, source.digest,
                                f"its outputs would overwrite those of {stems[source.out_stem]}")
            else:
                stems[source.out_stem] = source.label
        out.append(source)
    return out

"""The user's glossary store and the operations the CLI performs on it.

The store is a CSV file at :func:`translate.paths.glossary_path` that a person
may edit by hand. Until it exists, the shipped starter glossary stands in for
it; the first write copies the starter into the store. Every write goes
through :func:`translate.textio.write_atomic` after the whole new content has
been built and re-parsed, so a failed edit or import leaves the store
byte-identical. Every edit (add, remove, import) runs under
:func:`translate.locking.store_lock` and re-reads the store inside the lock,
so parallel edits queue and none loses another's entries. A store that is a
symlink (a team's shared file) is written through: the link stays.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .. import paths
from ..errors import EntryExists, GlossaryConflict, GlossaryError
from ..locking import store_lock
from ..textio import write_atomic
from .formats import export_glossary, parse_glossary, read_glossary_file
from .termbase import Entry, Termbase, make_entry

STARTER_NAME = "glossary-starter.csv"


def starter_text() -> str:
    """The CSV text of the glossary shipped with tilshi."""
    return resources.files("translate").joinpath("data", STARTER_NAME).read_text(encoding="utf-8")


def load_starter() -> Termbase:
    return parse_glossary(starter_text(), f"<starter {STARTER_NAME}>", "csv")


def load_store() -> Termbase:
    """The user's store, or the starter glossary when there is no store yet."""
    path = paths.glossary_path()
    if path.exists():
        return read_glossary_file(path)
    return load_starter()


def save_store(termbase: Termbase) -> Path:
    """Write ``termbase`` to the store atomically (validated by re-parsing first)."""
    path = paths.glossary_path()
    text = export_glossary(termbase, "csv")
    parse_glossary(text, str(path), "csv")  # never write what we could not read back
    paths.ensure_data_dir()
    write_atomic(path, text)
    return path


def load_glossary(files: Sequence[str | Path] = (), *, use_store: bool = True) -> Termbase:
    """The user's store (or the starter) plus ``files``; later files override earlier entries."""
    termbase = load_store().label("store" if paths.glossary_path().exists() else "starter") if use_store else Termbase()
    for file in files:
        termbase.merge(read_glossary_file(file), origin=str(file))  # same concept: united; different: the file wins
    return termbase


def parse_term_options(pairs: Iterable[str]) -> dict[str, list[str]]:
    """``["ru=Центр", "kk=Орталық"]`` → ``{"ru": ["Центр"], ...}``; raises on a missing ``=``."""
    terms: dict[str, list[str]] = {}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep or not lang.strip():
            raise GlossaryError(f"expected LANG=TEXT, got {pair!r}")
        terms.setdefault(lang.strip(), []).extend(p.strip() for p in text.split("|") if p.strip())
    return terms


def add_term(
    term: str,
    terms: dict[str, list[str]],
    *,
    type: str = "other",
    note: str = "",
    dnt: bool = False,
    avoid: dict[str, list[str]] | None = None,
    replace: bool = False,
) -> Entry:
    """Add one concept to the store; an existing entry raises :class:`EntryExists` unless ``replace``."""
    all_terms = {"en": [p.strip() for p in term.split("|")]}
    for lang, values in terms.items():
        all_terms.setdefault(lang, []).extend(values)
    _check_fields(all_terms, note=note, avoid=avoid or {})
    entry = make_entry(all_terms, type=type, note=note, dnt=dnt, avoid=avoid or {})
    with store_lock(paths.glossary_path()):
        termbase = load_store()
        if not replace and entry.source in {e.source for e in termbase}:
            raise EntryExists(term=entry.source)
        termbase.add(entry, replace=replace)
        save_store(termbase)
    return entry


def _check_fields(terms: dict[str, list[str]], *, note: str, avoid: dict[str, list[str]]) -> None:
    """Refuse control characters in an edit's own values, naming the value (not the store it would spoil)."""
    fields = [(f"the {lang} term {value!r}", value) for lang, values in terms.items() for value in values]
    fields += [(f"the {lang} wrong rendering {value!r}", value) for lang, values in avoid.items() for value in values]
    fields.append(("the note", note or ""))
    for label, value in fields:
        bad = next((ch for ch in value if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0), None)
        if bad is not None:
            raise GlossaryError(f"{label} contains the control character U+{ord(bad):04X}; remove it")


def remove_term(term: str) -> Entry:
    """Remove the concept whose English term is ``term``."""
    with store_lock(paths.glossary_path()):
        termbase = load_store()
        entry = termbase.remove(term)
        save_store(termbase)
    return entry


def import_file(path: str | Path, *, replace: bool = False) -> int:
    """Merge a CSV/TSV/TBX file into the store; returns the number of entries imported.

    Unless ``replace``, an entry that conflicts with the store raises :class:`GlossaryConflict`
    and the store is left as it was.
    """
    incoming = read_glossary_file(path)
    with store_lock(paths.glossary_path()):
        termbase = load_store()
        for entry in incoming:
            if not replace:
                problems = termbase.conflicts_with(entry)
                if problems:
                    raise GlossaryConflict(path=path, problems=problems)
            termbase.add(entry, replace=True)
        save_store(termbase)
    return len(incoming)


def export_store(fmt: str = "csv", files: Sequence[str | Path] = ()) -> str:
    """The store (plus ``files``) as csv, tsv or tbx text."""
    return export_glossary(load_glossary(files), fmt)


def validate(files: Sequence[str | Path] = ()) -> list[str]:
    """Problems in the store (or in ``files`` when given); a parse error raises."""
    termbases = [read_glossary_file(f) for f in files] if files else [load_store()]
    problems: list[str] = []
    for tb in termbases:
        problems += tb.problems()
    return problems

"""The termbase: an ordered collection of entries, conflicts and merging.

Entries themselves (:class:`Entry`, :func:`make_entry`) live in :mod:`.entry`
and are re-exported here. Conflicts (one source term mapped to two different
targets) and entries with no target at all are
:class:`~translate.errors.GlossaryError`.
"""

from __future__ import annotations

from typing import Iterable

from ..errors import GlossaryError
from .entry import CASES, SOURCE_LANG, TYPES, Entry, language_code, make_entry, normalise_type
from .match import Matcher, TermMatch

__all__ = [
    "CASES", "SOURCE_LANG", "TYPES", "Entry", "Termbase", "language_code", "make_entry", "normalise_type",
]


def _union(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def _united(mine: Entry, theirs: Entry) -> Entry:
    """One entry from two of the same concept with the same preferred renderings (``theirs`` leads)."""
    langs = list(dict.fromkeys([*theirs.terms, *mine.terms]))
    terms = {lang: _union(theirs.terms.get(lang, []), mine.terms.get(lang, [])) for lang in langs}
    avoid = {lang: _union(theirs.avoid.get(lang, []), mine.avoid.get(lang, []))
             for lang in dict.fromkeys([*theirs.avoid, *mine.avoid])}
    forms = {lang: {**mine.forms.get(lang, {}), **theirs.forms.get(lang, {})}
             for lang in dict.fromkeys([*theirs.forms, *mine.forms])}
    return Entry(
        terms=terms,
        type=theirs.type if theirs.type != "other" else mine.type,
        note=theirs.note or mine.note,
        dnt=theirs.dnt or mine.dnt,
        avoid=avoid,
        forms=forms,
        extra={**mine.extra, **theirs.extra},
        origin=f"{mine.origin}+{theirs.origin}" if mine.origin else theirs.origin,
    )


class Termbase:
    """An ordered collection of entries, keyed by their preferred English term."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self._entries: dict[str, Entry] = {}
        # Indexes so that lookups and conflict checks cost O(terms of one entry), not O(entries):
        # source term (and its lower-case form) -> keys of the entries claiming it, and each key's
        # insertion position, so "the first entry that claims a term" keeps meaning dict order.
        self._by_term: dict[str, set[str]] = {}
        self._by_lower: dict[str, set[str]] = {}
        self._indexed: dict[str, tuple[str, ...]] = {}
        self._position: dict[str, int] = {}
        self._counter = 0
        self._matcher = None
        for entry in entries:
            self.add(entry, replace=True)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def __contains__(self, term: str) -> bool:
        return self.get(term) is not None

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def get(self, term: str) -> Entry | None:
        """The entry whose English preferred term or variant is ``term`` (case-insensitive fallback)."""
        if term in self._entries:
            return self._entries[term]
        for index, key in ((self._by_term, term), (self._by_lower, term.lower())):
            keys = self._in_order(index.get(key, ()))
            if keys:
                return self._entries[keys[0]]
        return None

    def _in_order(self, keys) -> list[str]:
        return sorted(keys, key=self._position.__getitem__)

    def _claimants(self, entry: Entry) -> list[Entry]:
        """Entries (in order) that share a source term with ``entry``."""
        keys: set[str] = set()
        for term in entry.source_terms():
            keys |= self._by_term.get(term, set())
        return [self._entries[key] for key in self._in_order(keys)]

    def _store(self, entry: Entry) -> None:
        key = entry.source
        if key in self._entries:
            self._unindex(key)
        else:
            self._position[key] = self._counter
            self._counter += 1
        self._entries[key] = entry
        terms = tuple(entry.source_terms())
        self._indexed[key] = terms
        for term in terms:
            self._by_term.setdefault(term, set()).add(key)
            self._by_lower.setdefault(term.lower(), set()).add(key)

    def _drop(self, key: str) -> None:
        self._unindex(key)
        del self._entries[key]
        del self._position[key]

    def _unindex(self, key: str) -> None:
        for term in self._indexed.pop(key, ()):
            for index, name in ((self._by_term, term), (self._by_lower, term.lower())):
                keys = index.get(name)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del index[name]

    def conflicts_with(self, entry: Entry) -> list[str]:
        """Messages for each source term of ``entry`` already mapped to a different target."""
        problems = []
        for other in self._claimants(entry):
            if other.source == entry.source:
                continue
            shared = set(other.source_terms()) & set(entry.source_terms())
            for term in sorted(shared):
                for lang in set(other.target_languages()) | set(entry.target_languages()):
                    a, b = other.preferred(lang), entry.preferred(lang)
                    if a and b and a != b:
                        problems.append(f"source term {term!r} maps to both {a!r} and {b!r} ({lang})")
        same = self._entries.get(entry.source)
        if same is not None:
            for lang in set(same.target_languages()) | set(entry.target_languages()):
                a, b = same.preferred(lang), entry.preferred(lang)
                if a and b and a != b:
                    problems.append(f"source term {entry.source!r} maps to both {a!r} and {b!r} ({lang})")
        return problems

    def add(self, entry: Entry, *, replace: bool = False, where: str = "") -> None:
        """Add ``entry``; unless ``replace``, a conflicting mapping raises GlossaryError."""
        if not replace:
            problems = self.conflicts_with(entry)
            if problems:
                raise GlossaryError(f"{where}conflict: {problems[0]}")
        if replace:
            # Drop other entries that claim the same source terms.
            for other in self._claimants(entry):
                if other.source != entry.source:
                    self._drop(other.source)
        self._store(entry)
        self._matcher = None

    def remove(self, term: str) -> Entry:
        entry = self.get(term)
        if entry is None:
            raise GlossaryError(f"no glossary entry for {term!r}")
        self._drop(entry.source)
        self._matcher = None
        return entry

    def extend(self, other: "Termbase", *, replace: bool = True) -> None:
        for entry in other:
            self.add(entry, replace=replace)

    def label(self, origin: str) -> "Termbase":
        """Mark every entry as coming from ``origin`` (a file name, ``store``, ``starter``)."""
        for entry in self:
            entry.origin = origin
        return self

    def merge(self, other: "Termbase", origin: str) -> None:
        """Bring in ``other`` (a glossary file for this run) over this termbase (the store).

        An entry for the same source term with the same preferred rendering in
        every target language they share is united with the one here: admitted
        variants, avoid lists and explicit forms of both. Where a preferred
        rendering differs, the file's entry wins. Reports name each entry's origin.
        """
        for entry in other:
            entry.origin = entry.origin or origin
            mine = self._same_concept(entry)
            if mine is None or any(
                mine.preferred(lang) and entry.preferred(lang) and mine.preferred(lang) != entry.preferred(lang)
                for lang in set(mine.terms) | set(entry.terms)
            ):
                self.add(entry, replace=True)
                continue
            self.add(_united(mine, entry), replace=True)

    def _same_concept(self, entry: Entry) -> Entry | None:
        for term in entry.source_terms():
            found = self.get(term)
            if found is not None:
                return found
        return None

    def languages(self) -> list[str]:
        langs = {lang for e in self for lang in e.terms}
        rest = sorted(langs - {"en", "ru", "kk"})
        return [lang for lang in ("en", "ru", "kk") if lang in langs] + rest

    def find(self, text: str) -> list[TermMatch]:
        """Source-side matches in ``text``, longest first, without overlaps (see :mod:`.match`)."""
        if self._matcher is None:
            self._matcher = Matcher(self.entries)
        return self._matcher.find(text)

    def problems(self) -> list[str]:
        """Validation messages for the whole termbase (conflicts, empty targets)."""
        found: list[str] = []
        seen: dict[str, Entry] = {}
        for entry in self:
            for term in entry.source_terms():
                other = seen.get(term)
                if other is not None and other is not entry:
                    for lang in set(other.target_languages()) & set(entry.target_languages()):
                        if other.preferred(lang) != entry.preferred(lang):
                            found.append(
                                f"source term {term!r} maps to both {other.preferred(lang)!r} and {entry.preferred(lang)!r} ({lang})"
                            )
                seen.setdefault(term, entry)
            if not entry.dnt and not entry.target_languages():
                found.append(f"entry {entry.source!r} has an empty target")
        return found

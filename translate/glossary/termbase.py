"""The termbase: one concept per entry, terms per language, validation.

An :class:`Entry` holds, per language, a preferred term followed by admitted
variants, plus *avoid* renderings (known wrong translations, e.g. Киргизия
for Kyrgyzstan) that enforcement recognises and replaces, and optional
explicit inflected forms for where automatic inflection is wrong.

English (``en``) is the source language; every entry needs an English term.
Conflicts (one source term mapped to two different targets) and entries with
no target at all are :class:`~translate.errors.GlossaryError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..errors import GlossaryError
from ..languages import resolve_language

SOURCE_LANG = "en"
TYPES = ("person", "organisation", "title", "place", "other")
_TYPE_ALIASES = {"organization": "organisation", "org": "organisation", "location": "place", "": "other"}
# Case names shared by both target languages (kk adds "abl").
CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "abl")


def normalise_type(value: str, where: str = "") -> str:
    """Map ``organization``/``Org``/empty to a canonical entry type."""
    key = (value or "").strip().lower()
    key = _TYPE_ALIASES.get(key, key)
    if key not in TYPES:
        raise GlossaryError(f"{where}unknown term type {value!r}; use one of {', '.join(TYPES)}")
    return key


def language_code(code: str, where: str = "") -> str:
    """Resolve a language code to ISO 639-1, naming the place on failure."""
    try:
        return _iso1(code)
    except Exception as exc:  # UnknownLanguage
        raise GlossaryError(f"{where}{exc}") from None


@lru_cache(maxsize=512)
def _iso1(code: str) -> str:
    # A glossary names the same few languages in every cell; resolve each once.
    return resolve_language(code).iso1


@dataclass
class Entry:
    """One concept.

    ``terms[lang]`` is ``[preferred, *admitted]``; ``avoid[lang]`` lists wrong
    renderings to recognise and replace; ``forms[lang][case]`` overrides an
    inflected form (cases: nom gen dat acc ins loc abl).
    """

    terms: dict[str, list[str]]
    type: str = "other"
    note: str = ""
    dnt: bool = False
    avoid: dict[str, list[str]] = field(default_factory=dict)
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    origin: str = field(default="", compare=False)  # which glossary it came from (reports say it)

    @property
    def source(self) -> str:
        """The preferred English term, which also identifies the entry."""
        return self.terms[SOURCE_LANG][0]

    def source_terms(self) -> list[str]:
        return list(self.terms.get(SOURCE_LANG, []))

    def preferred(self, lang: str) -> str | None:
        """The preferred term in ``lang`` (the source term itself when do-not-translate)."""
        if self.dnt:
            return self.source
        values = self.terms.get(lang)
        return values[0] if values else None

    def admitted(self, lang: str) -> list[str]:
        """Preferred plus admitted variants in ``lang``."""
        if self.dnt:
            return [self.source]
        return list(self.terms.get(lang, []))

    @property
    def gender(self) -> str | None:
        """``"f"``/``"m"`` from the note (``female``/``male``), else ``None``."""
        words = self.note.lower().replace(";", " ").replace(",", " ").split()
        if "female" in words or "feminine" in words:
            return "f"
        if "male" in words or "masculine" in words:
            return "m"
        return None

    def target_languages(self) -> list[str]:
        return [lang for lang, vals in self.terms.items() if lang != SOURCE_LANG and vals]


def make_entry(
    terms: dict[str, Iterable[str]],
    *,
    type: str = "other",
    note: str = "",
    dnt: bool = False,
    avoid: dict[str, Iterable[str]] | None = None,
    forms: dict[str, dict[str, str]] | None = None,
    extra: dict[str, str] | None = None,
    where: str = "",
) -> Entry:
    """Build and validate an entry; ``where`` prefixes error messages (e.g. ``file:3: ``)."""
    clean: dict[str, list[str]] = {}
    for code, values in terms.items():
        lang = language_code(code, where)
        items = [" ".join(v.split()) for v in values if v and v.strip()]
        if items:
            clean.setdefault(lang, [])
            clean[lang] += [v for v in items if v not in clean[lang]]
    if not clean.get(SOURCE_LANG):
        raise GlossaryError(f"{where}entry has no English (en) source term")
    entry = Entry(
        terms=clean,
        type=normalise_type(type, where),
        note=(note or "").strip(),
        dnt=bool(dnt),
        avoid={language_code(k, where): [" ".join(v.split()) for v in vs if v.strip()] for k, vs in (avoid or {}).items()},
        forms={language_code(k, where): dict(v) for k, v in (forms or {}).items()},
        extra=dict(extra or {}),
    )
    entry.avoid = {k: v for k, v in entry.avoid.items() if v}
    for lang, cases in entry.forms.items():
        for case in cases:
            if case not in CASES:
                raise GlossaryError(f"{where}unknown case {case!r} for {lang}; use one of {', '.join(CASES)}")
    if not entry.dnt and not entry.target_languages():
        raise GlossaryError(f"{where}entry {entry.source!r} has an empty target: give at least one of ru, kk")
    return entry


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

    def find(self, text: str):
        """Source-side matches in ``text``, longest first, without overlaps (see :mod:`.match`)."""
        from .match import Matcher

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

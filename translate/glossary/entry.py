"""A glossary entry: one concept, its terms per language, and their validation.

An :class:`Entry` holds, per language, a preferred term followed by admitted
variants, plus *avoid* renderings (known wrong translations, e.g. Киргизия
for Kyrgyzstan) that enforcement recognises and replaces, and optional
explicit inflected forms for where automatic inflection is wrong.

English (``en``) is the source language; every entry needs an English term.
This module is the bottom of the glossary package: it imports nothing from it.
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

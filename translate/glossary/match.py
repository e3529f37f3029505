"""Finding glossary terms in English source text.

* Longest match wins ("Head of the OSCE Centre in Astana" beats "OSCE Centre
  in Astana", which beats "OSCE"); matches never overlap.
* Acronyms (words with two or more capitals and no lower-case letter) match
  case-sensitively, so "osce" in www.osce.org is not a term; other words
  match case-insensitively.
* Whitespace (NBSP included), curly quotes and hyphen variants are
  normalised; British/American spellings (Centre/Center, Organisation/
  Organization, Programme/Program, Co-operation/Cooperation, Defence/Defense,
  Labour/Labor) are interchangeable; a possessive 's and a plural -s/-es are
  accepted on the last word of non-acronym terms.
* Nothing inside a URL or an e-mail address matches.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from .entry import Entry

# One-to-one character mapping, so offsets in the normalised text are offsets in the original.
_CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
})

_SPELLINGS = [
    ("centre", "center"), ("centres", "centers"), ("organisation", "organization"), ("organisations", "organizations"),
    ("programme", "program"), ("programmes", "programs"), ("co-operation", "cooperation"), ("defence", "defense"),
    ("labour", "labor"), ("organised", "organized"),
]
_SPELLING_ALT = {}
for _a, _b in _SPELLINGS:
    _SPELLING_ALT[_a] = _SPELLING_ALT[_b] = f"(?:{re.escape(_a)}|{re.escape(_b)})"

# An address or a domain starts only where a run of its characters starts (the look-behinds), so a
# hostile "a.a.a…" line is one attempt, not one per character (which was quadratic).
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|int|gov|edu|kz|ru|eu|info|io)(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Map NBSP, curly quotes and hyphen variants to plain ones (same length)."""
    return text.translate(_CHAR_MAP)


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len([c for c in letters if c.isupper()]) >= 2 and not any(c.islower() for c in letters)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, where no term may match."""
    return [m.span() for m in _URL.finditer(text)]


def term_pattern(term: str, *, inflect_last: bool = True) -> str:
    """Regex source for one English term (see the module notes)."""
    words = normalise(term).split()
    parts = []
    for i, word in enumerate(words):
        if is_acronym(word):
            parts.append(f"(?-i:{re.escape(word)})")
            continue
        low = word.lower()
        piece = _SPELLING_ALT.get(low)
        if piece is None:
            piece = "-?".join(re.escape(p) for p in low.split("-")) if "-" in low else re.escape(low)
            if low.replace("-", "") in ("cooperation",):
                piece = _SPELLING_ALT["co-operation"]
        if i == len(words) - 1 and inflect_last and word[-1:].isalpha():
            piece += r"(?:'s|s'|'|s|es)?"
        parts.append(piece)
    return r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w]|-\w)"


@dataclass(frozen=True)
class TermMatch:
    """One glossary term found in the source: ``text[start:end]`` is ``entry``."""

    start: int
    end: int
    text: str
    entry: Entry

    @property
    def source(self) -> str:
        return self.entry.source


class Matcher:
    """Patterns for a list of entries, compiled when a text could contain their term.

    Each term is filed under an *anchor*: the first (up to) three letters of its
    first word, lower-cased, hyphens dropped (the same for every spelling variant
    the pattern allows). A text offers the anchors of its words, and only terms
    filed under one of them are tried, so a large glossary costs what the text
    needs, not one regex per entry per paragraph. Terms with no safe anchor are
    always tried.
    """

    def __init__(self, entries: Iterable[Entry]):
        self._terms: list[tuple[str, bool, Entry]] = []
        self._by_anchor: dict[str, list[int]] = {}
        self._always: list[int] = []
        self._compiled: dict[int, re.Pattern] = {}
        for entry in entries:
            for term in entry.source_terms():
                inflect = not is_acronym(term) and entry.type not in ("person",)
                index = len(self._terms)
                self._terms.append((term, inflect, entry))
                anchor = _term_anchor(term)
                (self._by_anchor.setdefault(anchor, []) if anchor else self._always).append(index)

    def _pattern(self, index: int) -> re.Pattern:
        pattern = self._compiled.get(index)
        if pattern is None:
            term, inflect, _entry = self._terms[index]
            pattern = self._compiled[index] = re.compile(term_pattern(term, inflect_last=inflect), re.IGNORECASE)
        return pattern

    def find(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches in text order; the longest wins where they overlap."""
        norm = normalise(text)
        blocked = protected_spans(norm)
        tried = set(self._always)
        for anchor in _text_anchors(norm):
            tried.update(self._by_anchor.get(anchor, ()))
        candidates: list[tuple[int, int, Entry]] = []
        for index in sorted(tried):  # glossary order, as ties are broken by it
            entry = self._terms[index][2]
            for m in self._pattern(index).finditer(norm):
                s, e = m.span()
                if _overlaps(blocked, s, e):
                    continue
                candidates.append((s, e, entry))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        chosen: list[tuple[int, int, Entry]] = []
        spans: list[tuple[int, int]] = []  # chosen spans, sorted and disjoint
        for s, e, entry in candidates:
            if not _overlaps(spans, s, e):
                chosen.append((s, e, entry))
                bisect.insort(spans, (s, e))
        chosen.sort(key=lambda c: c[0])
        return [TermMatch(s, e, text[s:e], entry) for s, e, entry in chosen]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap one of ``spans`` (sorted, disjoint)? A binary search, not a scan."""
    at = bisect.bisect_right(spans, (start, float("inf")))
    return (at > 0 and spans[at - 1][1] > start) or (at < len(spans) and spans[at][0] < end)


_RUN = re.compile(r"[\w-]+")
# Non-ASCII letters that re.IGNORECASE equates with an ASCII one beyond str.lower().
_FOLD_EXTRA = {"ı": "i", "ſ": "s"}


def _term_anchor(term: str) -> str | None:
    """The anchor of a term (see :class:`Matcher`), or None when it is safer always to try it."""
    words = normalise(term).split()
    if not words or not (words[0][0].isalnum() or words[0][0] == "_"):
        return None
    run = _RUN.match(words[0]).group(0).replace("-", "").lower()
    if not run or not run.isascii():
        return None
    return run[:3]


def _text_anchors(norm: str) -> set[str]:
    """Every anchor a term matching in ``norm`` could have: 1–3 letter prefixes of each word run."""
    anchors: set[str] = set()
    for m in _RUN.finditer(norm):
        head = m.group(0).replace("-", "")[:3]
        folded = "".join(_FOLD_EXTRA.get(c) or c.lower()[:1] for c in head)
        anchors.update((folded[:1], folded[:2], folded[:3]))
    anchors.discard("")
    return anchors

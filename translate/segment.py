"""Sentence splitting for English press releases.

A rule-based splitter: a sentence ends at ``.``, ``!``, ``?`` or ``…``
(optionally followed by closing quotes or brackets) when whitespace and an
upper-case letter, digit or opening quote follow, unless the word before is
a known abbreviation, an initial, or part of a dotted acronym such as U.S.
Whitespace between sentences is kept so a paragraph can be rebuilt exactly.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop never ends a sentence (titles, "No. 5", months...).
NEVER_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "rev", "hon", "sen", "rep", "gov", "pres", "amb", "mt", "ft", "vs", "cf", "e.g", "i.e", "approx",
    "dept", "fig", "figs", "vol", "vols", "p", "pp", "para", "sec", "ch", "ed", "eds", "est", "min",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tel", "ref",
}
# Abbreviations that may also close a sentence: split only if a capitalised word follows.
MAYBE_FINAL = {"etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "plc", "llc", "a.m", "p.m"}

_OPENERS = "\"'“‘«([„"
_CLOSERS = "\"'”’»)]"
# The look-behind makes a run of "!!!…" a single attempt (else every position retries the whole run).
_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<end>[.!?…]+[" + re.escape(_CLOSERS) + r"]*)(?P<gap>\s+)(?=[" + re.escape(_OPENERS) + r"\-–—]*[\w])"
)
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; ``"".join`` of :func:`split_with_gaps` rebuilds it."""
    return [sentence for sentence, _gap in split_with_gaps(text) if sentence]


def split_with_gaps(text: str) -> list[tuple[str, str]]:
    """Return ``(sentence, following_whitespace)`` pairs covering ``text`` exactly.

    Leading whitespace of the paragraph belongs to no sentence and is returned
    as a first pair with an empty sentence, so nothing is ever lost.
    """
    pieces: list[tuple[str, str]] = []
    stripped = text.lstrip()
    if len(stripped) != len(text):
        pieces.append(("", text[: len(text) - len(stripped)]))
    start = len(text) - len(stripped)
    for match in _BOUNDARY.finditer(text):
        if match.start() < start:
            continue
        if not _is_boundary(text, match):
            continue
        pieces.append((text[start : match.end("end")], match.group("gap")))
        start = match.end()
    rest = text[start:]
    body = rest.rstrip()
    if body:
        pieces.append((body, rest[len(body):]))
    elif rest and pieces:
        sentence, gap = pieces[-1]
        pieces[-1] = (sentence, gap + rest)
    elif rest:
        pieces.append(("", rest))
    return pieces


def _is_boundary(text: str, match: re.Match) -> bool:
    end = match.group("end")
    if _next_is_lower(text, match.end()):
        return False  # "“Is it?” he asked." and "lower. case" continue the sentence
    if not end.startswith("."):
        return True  # ! ? … always end a sentence
    if end.startswith("..."):
        return _next_is_capital(text, match.end())
    word = _word_before(text, match.start("end"))
    if not word:
        return True
    bare = word.rstrip(".").lower()
    if bare in NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. Smith"
    if _DOTTED_ACRONYM.match(word.rstrip(".") + ".") and "." in word:
        return _next_is_capital(text, match.end()) and bare.upper() not in {"U.S", "U.K", "U.N", "E.U"}
    if bare in MAYBE_FINAL:
        return _next_is_capital(text, match.end())
    return True


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at ``end``.

    A scan back to the previous space, not a regex searched from the start of
    the paragraph, so each boundary costs its own word, not the whole text.
    """
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


_SKIP_BEFORE_NEXT = frozenset(_OPENERS + "-–— ")


def _next_char(text: str, pos: int) -> str:
    """The first character from ``pos`` on that is not an opening quote, dash or space ("" at the end)."""
    while pos < len(text) and text[pos] in _SKIP_BEFORE_NEXT:
        pos += 1
    return text[pos] if pos < len(text) else ""


def _next_is_lower(text: str, pos: int) -> bool:
    return _next_char(text, pos).islower()


def _next_is_capital(text: str, pos: int) -> bool:
    return _next_char(text, pos).isupper()

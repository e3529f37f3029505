"""Where a term's rendering sits in a translation, and the translation's words.

The shared vocabulary of :mod:`.locate` (which finds renderings) and
:mod:`.paraphrase` (one of its stages): :class:`Hit`, :class:`Tokens`, the
normalising :data:`TARGET_MAP` and :func:`overlaps`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .folding import fold

TARGET_MAP = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "ё": "е", "Ё": "Е", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
})
# Starts only where a run of word characters and hyphens starts: one attempt per run, not per character.
WORD = re.compile(r"(?<![\w-])[\w-]*\w")


@dataclass
class Hit:
    """Where a term's rendering is: ``good`` when already right; ``how`` names the stage."""

    start: int
    end: int
    good: bool
    how: str
    cases: list[tuple[str, str]] = field(default_factory=list)
    base: str = ""  # nominative of the matched term (for reading a Kazakh ending)
    head: tuple[int, int] | None = None  # the word whose ending gives the case, when not the whole span


def overlaps(start: int, end: int, claimed) -> bool:
    """Whether ``[start, end)`` overlaps any of the ``claimed`` spans."""
    return any(start < ce and cs < end for cs, ce in claimed)


class Tokens:
    """Words of a translation with their folded keys."""

    def __init__(self, norm: str):
        self.spans = [m.span() for m in WORD.finditer(norm)]
        self.words = [norm[s:e] for s, e in self.spans]
        self.folded = [fold(w) for w in self.words]

    def __len__(self) -> int:
        return len(self.spans)

"""Datelines: "ASTANA, 29 September 2014. – " at the start of a release's first paragraph.

The dateline is translated on its own (the city and date), its dash stays in
the skeleton, and summaries quote the sentence without it.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+" + _MONTH + ")"
)
# A dash after the dateline: a hyphen needs spaces round it ("OSCE-supported" is no dateline).
# Written so that no two adjacent parts can both take the same spaces ("\s*[.,]?\s+" could split
# a run of n spaces n ways, and the lazy dateline retries it: cubic on a title followed by spaces).
_SEP = r"(?:(?:\s+|\s*[.,]\s+)-{1,2}\s+|(?:\s*[.,])?\s*[–—]\s*)(?=\S)"
# "ASTANA, 29 September 2014. – ", "VIENNA (OSCE) – ", "ALMATY, Kazakhstan, May 5, 2015 — "
_DATELINE_CAPS = re.compile(
    r"^(?P<dateline>[A-ZА-ЯЁ][A-ZА-ЯЁ.'’ -]{1,40}?(?:\s*\([^)]{1,40}\))?"
    r"(?:,\s*[A-Z][\w.'’ -]{0,40}?)?(?:,\s*" + _DATE + r")?)" + _SEP
)
# "Astana, 29 September 2014 – " (a mixed-case place needs a date to count)
_DATELINE_DATED = re.compile(r"^(?P<dateline>[A-Z][\w.'’ -]{1,40}?(?:,\s*[A-Z][\w.'’ -]{0,40}?)?,\s*" + _DATE + r")" + _SEP)


def match_dateline(text: str) -> tuple[str, str] | None:
    """``(dateline, separator)`` exactly as they open ``text``, or None.

    ``"ASTANA, 29 September 2014. – A workshop…"`` → ``("ASTANA, 29 September 2014.", " – ")``.
    """
    for pattern in (_DATELINE_CAPS, _DATELINE_DATED):
        match = pattern.match(text)
        if match and match.group("dateline").strip(" ,.-") and text[match.end() :].strip():
            whole = text[: match.end()]
            dateline = whole.rstrip().rstrip("–—-").rstrip()
            return dateline, whole[len(dateline) :]
    return None


def split_dateline(sentence: str) -> tuple[str | None, str]:
    """``"ASTANA, 29 September 2014. – A workshop began."`` → ``("ASTANA, 29 September 2014.", "A workshop began.")``."""
    found = match_dateline(sentence)
    if found is None:
        return None, sentence
    dateline, separator = found
    return dateline, sentence[len(dateline) + len(separator) :].strip()

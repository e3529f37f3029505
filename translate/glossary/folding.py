"""Phonetic folding and historical names: matching beyond spelling distance.

:func:`fold` maps a word to a key in which Kazakh and Russian spellings of
the same name meet (Қайрат ~ Кайрат, Нұрлан ~ Нурлан, Өскемен ~ Оскемен,
Алма-Ата ~ Алмаата, Жомарт ~ Джомарт): Kazakh letters fold to their Russian
counterparts, ш/щ/ч, ы/и, е/э/ё and й/и merge, hyphens, soft and hard signs
go, and doubled letters collapse.

Some renamings are not spelling at all (Семипалатинск → Семей, Гурьев →
Атырау). :func:`historical_names` reads the shipped table
``data/historical-names.csv`` (``lang,old,current``) plus, when present,
``historical-names.csv`` in the user's tilshi home, so a user can add names.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

_FOLD = str.maketrans({
    "ә": "а", "і": "и", "қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
    "щ": "ш", "ч": "ш", "ы": "и", "э": "е", "ё": "е", "й": "и",
    "-": None, "\u2010": None, "\u2011": None, "'": None, "’": None, "ь": None, "ъ": None,
})


def fold(text: str, *, collapse: bool = True) -> str:
    """Spelling-insensitive key of ``text`` (words kept apart by single spaces)."""
    low = text.lower().replace("дж", "ж").translate(_FOLD)
    out = []
    for ch in low:
        if collapse and out and ch == out[-1] and ch.isalpha():
            continue  # Кассым ~ Касым
        out.append(ch)
    return " ".join("".join(out).split())


def _read_table(text: str, table: dict[str, dict[str, list[str]]]) -> None:
    for row in csv.DictReader(io.StringIO(text)):
        lang, old, current = ((row.get(k, "") or "").strip() for k in ("lang", "old", "current"))
        if lang and old and current:
            olds = table.setdefault(lang, {}).setdefault(current, [])
            if old not in olds:
                olds.append(old)


@lru_cache(maxsize=None)
def _tables(user_file: str | None) -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = {}
    _read_table(resources.files("translate").joinpath("data", "historical-names.csv").read_text(encoding="utf-8"), table)
    if user_file:
        from pathlib import Path

        path = Path(user_file)
        if path.is_file():
            _read_table(path.read_text(encoding="utf-8-sig"), table)
    return table


def _user_file() -> str | None:
    try:
        from .. import paths

        return str(paths.data_dir() / "historical-names.csv")
    except Exception:  # no home configured: the shipped table alone
        return None


def historical_names(lang: str, current: str) -> list[str]:
    """Former names (in ``lang``) of the place whose official name is ``current``."""
    return list(_tables(_user_file()).get(lang, {}).get(current, []))

"""Russian case forms of people's names, and their gender, without notes.

Declension is pytrovich's (first names, surnames, patronymics, indeclinable
ones included: Черных, Шевченко, Касымбек for a woman). What this module adds:

* **Roles**: the first word is the first name, the last the surname, a
  middle word in -вич/-вна/-ична or Kazakh -ұлы/-улы/-қызы/-кызы is a
  patronymic; a single word is a surname.
* **Gender** (:func:`infer_gender`): a patronymic, then the surname's ending,
  then the first name (Kazakh women's names that end in a consonant, which
  pytrovich does not know, are listed here; then pymorphy3's and pytrovich's
  dictionaries). ``None`` when nothing tells, and callers then accept both.
* A hyphenated first name declines in its last part only (Касым-Жомарта).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .ru_analyzer import analyzer

CASE_ORDER = ("gen", "dat", "acc", "ins", "loc", "nom")  # pytrovich's Case enum order

# Kazakh (and Turkic) women's first names ending in a consonant: indeclinable in Russian.
KAZAKH_FEMALE = frozenset("""
айгерим асель әсел асем айгуль айгүл айнур айжан акмарал ақмарал арайлым ардак бибигуль гаухар гаухартас
гульнар гүлнар гульмарал гульнур гүлнұр гульжан гүлжан гульшат дильназ жанар жұлдыз жулдыз жибек жансулу
жанель инкар іңкәр камшат күміс кумис меруерт нургуль нұргүл назгуль перизат раушан салтанат сауле сәуле
шолпан шынар эльмира ляззат лаззат мөлдір молдир әйгерім айдан дамель анель жазира айсулу толкын толқын
аружан томирис балжан гульназ гүлназ айман анар баян карлыгаш қарлығаш сандугаш сандуғаш маржан нурсулу нұрсұлу
айсұлу кульпаш күлпаш гульбахрам айгерiм әсем асемгуль гульден гүлден жанаргуль жанаргүл акбота ақбота
""".split())
_FEMALE_PATRONYMIC = re.compile(r"(?:вна|чна|кызы|қызы)$")
_MALE_PATRONYMIC = re.compile(r"(?:вич|ич|улы|ұлы)$")
_FEMALE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|ая|яя)$")
_MALE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ий|ый|ой)$")


def _is_patronymic(word: str) -> bool:
    low = word.lower()
    return bool(_FEMALE_PATRONYMIC.search(low) or _MALE_PATRONYMIC.search(low)) and len(low) > 5


def roles(words: list[str]) -> list[str]:
    """``first``/``middle``/``last`` for each word of a full name."""
    if len(words) == 1:
        return ["last"]
    out = ["first"] + ["middle" if _is_patronymic(w) else "first" for w in words[1:-1]] + ["last"]
    if len(words) >= 3 and _is_patronymic(words[-1]):  # Kazakh order: Name Patronymic-ұлы as the last word
        out[-1] = "middle"
    return out


@lru_cache(maxsize=1)
def _petrovich():
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _first_name_gender(word: str) -> str | None:
    low = word.lower().split("-")[-1]
    if low in KAZAKH_FEMALE:
        return "f"
    genders = {p.tag.gender for p in analyzer().parse(word) if "Name" in p.tag and p.normal_form == low}
    if genders == {"femn"}:
        return "f"
    if genders == {"masc"}:
        return "m"
    if low[-1:] not in ("а", "я"):
        return None  # pytrovich calls any unknown consonant-final name male; Kazakh women's names say otherwise
    from pytrovich.enums import Gender

    try:
        found = _petrovich()[1].detect(firstname=word)
    except Exception:  # pytrovich raises bare errors on names it cannot read
        return None
    return {Gender.FEMALE: "f", Gender.MALE: "m"}.get(found)


_STRONG_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|ых|их|улы|ұлы|кызы|қызы)$")


def looks_like_person(words: list[str]) -> bool:
    """Whether capitalised words read as a person's name: a known first name, or a surname ending
    after a word that is not a common noun ("Организация Объединённых Наций" is not a person)."""
    if not 2 <= len(words) <= 4:
        return False
    first = words[0].split("-")[-1]
    if first.lower() in KAZAKH_FEMALE or _has_name_reading(first) or not _known(first):
        return True  # a known first name, or a word no dictionary knows (Балауса) before another capitalised word
    last = words[-1].lower()
    if re.search(r"(?:ов|ев|ёв|ин|ын|ский|цкий|енко|улы|ұлы)$", last):
        return True  # a masculine nominative surname: no organisation's name ends so
    # -ова/-ева/-ина may also be a genitive ("Фонд Назарбаева"): only after a word that is not a common noun
    return bool(_STRONG_SURNAME.search(last)) and not _common_noun(words[0])


def _known(word: str) -> bool:
    return any(p.is_known for p in analyzer().parse(word))


def _has_name_reading(word: str) -> bool:
    low = word.lower()
    return any("Name" in p.tag and p.normal_form == low for p in analyzer().parse(word))


def _common_noun(word: str) -> bool:
    return any(p.is_known and p.tag.POS in ("NOUN", "ADJF", "PRTF") and not ({"Name", "Surn", "Patr"} & set(p.tag.grammemes))
               for p in analyzer().parse(word)[:2])


def infer_gender(words: list[str]) -> str | None:
    """``"m"``/``"f"`` from the name itself, or ``None`` when it does not tell."""
    parts = roles(words)
    for word, role in zip(words, parts):
        if role == "middle":
            return "f" if _FEMALE_PATRONYMIC.search(word.lower()) else "m"
    last = [w for w, r in zip(words, parts) if r == "last"]
    if last:
        low = last[0].lower().split("-")[0]
        if _FEMALE_SURNAME.search(low):
            return "f"
        if _MALE_SURNAME.search(low):
            return "m"
    for word, role in zip(words, parts):
        if role == "first":
            gender = _first_name_gender(word)
            if gender:
                return gender
    return None


def _decline(word: str, role: str, gender: str) -> dict[str, str]:
    from pytrovich.enums import Case, Gender, NamePart

    if not any(c.islower() for c in word):  # initials, acronyms
        return {case: word for case in CASE_ORDER}
    if role == "first" and "-" in word:  # Касым-Жомарт: only the last part declines
        head, _, tail = word.rpartition("-")
        return {case: f"{head}-{form}" for case, form in _decline(tail, role, gender).items()}
    if role == "first" and gender == "f" and word.lower() in KAZAKH_FEMALE:
        return {case: word for case in CASE_ORDER}
    maker, _ = _petrovich()
    part = {"first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME, "last": NamePart.LASTNAME}[role]
    sex = Gender.FEMALE if gender == "f" else Gender.MALE
    out = {}
    for case, pcase in zip(CASE_ORDER, list(Case)):
        try:
            out[case] = maker.make(part, sex, pcase, word)
        except Exception:  # pytrovich raises bare errors on odd input: keep the word
            out[case] = word
    return out


@lru_cache(maxsize=4096)
def _tables(term: str, gender: str) -> tuple[tuple[str, str], ...]:
    words = term.split()
    per_word = [_decline(w, r, gender) for w, r in zip(words, roles(words))]
    return tuple((case, " ".join(row[case] for row in per_word)) for case in CASE_ORDER)


def person_tables(term: str, gender: str | None) -> list[dict[tuple[str, str], str]]:
    """One ``(case, "sg") → form`` table per plausible gender (two when the name does not tell)."""
    gender = gender or infer_gender(term.split())
    genders = [gender] if gender else ["m", "f"]
    return [{(case, "sg"): form for case, form in _tables(term, g)} for g in genders]

"""Russian inflection of glossary terms, with pymorphy3.

:func:`ru_forms` gives every case/number form of a term:

* Organisations, titles, places: the head noun (first noun) and the
  adjectives before it that agree with it are inflected; everything after the
  head (genitive and prepositional dependents: "Центр ОБСЕ в Астане",
  "Министерство финансов Республики Казахстан") is left alone. Acronyms
  (ОБСЕ, США, ЮНИСЕФ) and pymorphy's fixed words (Алматы) are indeclinable.
  An inanimate masculine/neuter head keeps the nominative in the accusative.
* Persons: see :mod:`.names` (pytrovich, gender from the name itself).
* One-word places: official Russian does not decline Kazakh names ending in
  a vowel other than а/я (Алматы, Атырау); unknown places decline by ending.

The analyser is loaded lazily, once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import _decline, infer_gender, person_tables
from .ru_analyzer import analyzer

# Our case names → pymorphy3 grammemes.
PM_CASE = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
RU_CASES = tuple(PM_CASE)
NUMBERS = ("sg", "pl")

# Cases a preposition can govern, to disambiguate syncretic forms (Киргизии: gen/dat/loc).
PREPOSITION_CASES = {
    **{p: {"gen"} for p in "из от до у для без около после против среди вокруг кроме возле вне ради напротив вдоль помимо из-за из-под изо ото".split()},
    **{p: {"dat"} for p in "к ко благодаря согласно вопреки навстречу".split()},
    "по": {"dat", "loc", "acc"},
    "про": {"acc"}, "через": {"acc"}, "сквозь": {"acc"},
    "в": {"loc", "acc"}, "во": {"loc", "acc"}, "на": {"loc", "acc"},
    "о": {"loc", "acc"}, "об": {"loc", "acc"}, "обо": {"loc"}, "при": {"loc"},
    "за": {"acc", "ins"}, "под": {"acc", "ins"},
    "с": {"ins", "gen"}, "со": {"ins", "gen"}, "над": {"ins"}, "перед": {"ins"}, "между": {"ins"},
}
# Preference when context leaves several cases possible.
CASE_PRIORITY = ("nom", "gen", "acc", "dat", "ins", "loc")


def match_case(model: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``model`` (per hyphen part), and no ё unless ``model`` has one."""
    if "ё" not in model.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    if len(model) > 1 and model.isupper():
        return word.upper()
    mparts, wparts = model.split("-"), word.split("-")
    if len(mparts) != len(wparts):
        mparts = [model] + [""] * (len(wparts) - 1)
    out = []
    for m, w in zip(mparts, wparts):
        out.append(w[:1].upper() + w[1:] if m[:1].isupper() else w.lower() if m.islower() else w)
    return "-".join(out)


def _indeclinable(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return not letters or (len(letters) > 1 and all(c.isupper() for c in letters)) or word.endswith(".")


def _parses(word: str, pos: str, case: str = "nomn"):
    return [p for p in analyzer().parse(word) if p.tag.POS == pos and case in p.tag]


def _inflect(parse, grammemes: set[str]) -> str | None:
    try:
        result = parse.inflect(grammemes)
    except (ValueError, KeyError):
        return None
    return result.word if result else None


def _noun_phrase(words: list[str], kind: str) -> dict[tuple[str, str], list[str]]:
    """Inflect adjectives + head noun; leave dependents alone."""
    head_index, head = None, None
    want_anim = "anim" if kind in ("title", "person") else "inan"
    for i, word in enumerate(words):
        if _indeclinable(word):
            if i == 0:
                break  # acronym first ("ОБСЕ ..."): nothing to inflect
            continue
        nouns = _parses(word, "NOUN")
        if nouns:
            nouns.sort(key=lambda p: (p.tag.animacy != want_anim, "Fixd" in p.tag, -p.score))
            head_index, head = i, nouns[0]
            break
        if not (_parses(word, "ADJF") or _parses(word, "PRTF")):
            break
    forms: dict[tuple[str, str], list[str]] = {}
    # A proper name has no plural of its own; a plural head (Соединённые Штаты) stays plural.
    plural_head = head is not None and "plur" in head.tag
    numbers = ("sg",) if kind in ("place", "person") or plural_head else NUMBERS
    for case, pm in PM_CASE.items():
        for number in numbers:
            if head is None or "Fixd" in head.tag:
                if number == "sg":
                    forms[(case, number)] = list(words)
                continue
            num = "plur" if number == "pl" or "Pltm" in head.tag or plural_head else "sing"
            if number == "pl" and ("Sgtm" in head.tag or "Pltm" in head.tag):
                continue
            animate = kind in ("title", "person") or (kind == "other" and "anim" in head.tag)
            inan_acc = case == "acc" and not animate and (num == "plur" or "femn" not in head.tag)
            target_case = "nomn" if inan_acc else pm
            new_head = _inflect(head, {target_case, num})
            if new_head is None:
                continue
            out = list(words)
            out[head_index] = match_case(words[head_index], new_head)
            for j in range(head_index):
                adjs = _parses(words[j], "ADJF") or _parses(words[j], "PRTF")
                if not adjs:
                    continue
                grams = {target_case, num}
                gender = "masc" if "ms-f" in head.tag else head.tag.gender
                if num == "sing" and gender:
                    grams.add(gender)
                if case == "acc" and not inan_acc and (num == "plur" or gender == "masc"):
                    grams.add("anim")
                new_adj = _inflect(adjs[0], grams)
                if new_adj:
                    out[j] = match_case(words[j], new_adj)
            forms[(case, number)] = out
    return forms


# Single-word place names pymorphy3 does not know as places: nominative ending → (gen, dat, acc, ins, loc).
_PLACE_RULES = [
    (r"ия$", ("ии", "ии", "ию", "ией", "ии")),
    (r"([кгхжшчщ])а$", ("\\1и", "\\1е", "\\1у", "\\1ой", "\\1е")),
    (r"а$", ("ы", "е", "у", "ой", "е")),
    (r"я$", ("и", "е", "ю", "ей", "е")),
    (r"й$", ("я", "ю", "й", "ем", "е")),
    (r"([жшчщц])$", ("\\1а", "\\1у", "\\1", "\\1ем", "\\1е")),
    (r"([бвгдзклмнпрстфх])$", ("\\1а", "\\1у", "\\1", "\\1ом", "\\1е")),
]


def _place_word(word: str) -> dict[tuple[str, str], str] | None:
    """Forms of a one-word place name; ``None`` to leave it to the noun-phrase rules.

    Kazakh names ending in a vowel other than а/я (Алматы, Атырау, Актобе,
    Кокшетау) are not declined in official Russian; names pymorphy3 knows as
    places decline its way; others (Семей, which pymorphy3 reads as "of
    families") follow the endings above.
    """
    low = word.lower()
    best = analyzer().parse(word)[0]
    if best.tag.POS == "ADJF" and "nomn" in best.tag:  # Боровое: an adjective declines as one (в Боровом)
        forms = {}
        for case, pm in PM_CASE.items():
            grams = {"inan", "nomn" if case == "acc" and best.tag.gender != "femn" else pm, "sing"}
            new = _inflect(best, grams - {"inan"} if case != "acc" else grams)
            forms[(case, "sg")] = match_case(word, new) if new else word
        return forms
    if _indeclinable(word) or low[-1:] in "еиоуыэю":
        return {(case, "sg"): word for case in RU_CASES}
    geo = [p for p in analyzer().parse(word) if "Geox" in p.tag and p.normal_form == low.replace("ё", "е") and "nomn" in p.tag]
    if geo:
        return None
    for pattern, endings in _PLACE_RULES:
        if re.search(pattern, low):
            forms = {("nom", "sg"): word}
            for case, end in zip(("gen", "dat", "acc", "ins", "loc"), endings):
                forms[(case, "sg")] = match_case(word, re.sub(pattern, end, low))
            return forms
    return {(case, "sg"): word for case in RU_CASES}


def surname_forms(word: str, gender: str) -> dict[str, str]:
    """Singular case forms of a surname (pytrovich; indeclinable ones stay as they are)."""
    return _decline(word, "last", gender)


def guess_gender(words: list[str]) -> str | None:
    """Gender of a person from the name itself (see :mod:`.names`)."""
    return infer_gender(words)


@lru_cache(maxsize=4096)
def _ru_forms_cached(term: str, kind: str) -> tuple[tuple[tuple[str, str], str], ...]:
    words = term.split()
    table = _place_word(term) if kind == "place" and len(words) == 1 else None
    if table is None:
        table = {key: " ".join(value) for key, value in _noun_phrase(words, kind).items()}
    return tuple(table.items())


def ru_tables(term: str, kind: str = "other", gender: str | None = None) -> list[dict[tuple[str, str], str]]:
    """``(case, number) → form`` tables of ``term``: one, or one per gender for a person whose gender is unknown."""
    if kind == "person":
        return person_tables(term, gender)
    forms = dict(_ru_forms_cached(term, kind))
    forms.setdefault(("nom", "sg"), term)
    return [forms]


def ru_forms(term: str, kind: str = "other", gender: str | None = None) -> dict[tuple[str, str], str]:
    """Every ``(case, number) → form`` of ``term`` (a person's first plausible gender)."""
    return ru_tables(term, kind, gender)[0]


def word_cases(word: str) -> set[tuple[str, str]]:
    """Every ``(case, number)`` pymorphy3 reads in ``word`` (its guesser included); nouns, adjectives, names."""
    out = set()
    back = {v: k for k, v in PM_CASE.items()}
    parses = analyzer().parse(word)
    if any(p.tag.POS == "NOUN" for p in parses):  # главой: the noun, not a guessed adjective "главый"
        parses = [p for p in parses if p.tag.POS == "NOUN"]
    for p in parses:
        if p.tag.POS not in ("NOUN", "ADJF", "PRTF", None) or p.tag.case is None:
            continue
        case = back.get(p.tag.case)
        if case is None and p.tag.case in ("gen2", "acc2", "loc2", "voct"):
            case = {"gen2": "gen", "acc2": "acc", "loc2": "loc", "voct": "nom"}[p.tag.case]
        if case:
            out.add((case, "pl" if p.tag.number == "plur" else "sg"))
    return out


def span_cases(words: list[str]) -> set[tuple[str, str]]:
    """Cases the declinable words of a span agree on (empty when they agree on none)."""
    sets = []
    for word in words:
        if _indeclinable(word) or len(word) < 2:
            continue
        cases = word_cases(word)
        if cases and len(cases) < 12:  # a word readable in every case (Fixd) tells nothing
            sets.append(cases)
    if not sets:
        return set()
    common = set.intersection(*sets)
    return common


def preposition_cases(before: str) -> set[str] | None:
    """Cases the last word of ``before`` (a preposition) allows, or ``None``."""
    m = re.search(r"([\w-]+)\W*$", before)
    if not m:
        return None
    return PREPOSITION_CASES.get(m.group(1).lower())


def is_adjective(word: str) -> bool:
    """Whether pymorphy3's best parse of ``word`` is an adjective (казахстанских)."""
    parses = analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS in ("ADJF", "ADJS")

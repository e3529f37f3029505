"""Russian inflection of glossary terms, with pymorphy3.

:func:`ru_forms` gives every case/number form of a term:

* Organisations, titles, places: the head noun (first noun) and the
  adjectives before it that agree with it are inflected; everything after the
  head (genitive and prepositional dependents: "Центр ОБСЕ в Астане",
  "Министерство финансов Республики Казахстан") is left alone. Acronyms
  (ОБСЕ, США, ЮНИСЕФ) and pymorphy's fixed words (Алматы) are indeclinable.
  An inanimate masculine/neuter head keeps the nominative in the accusative.
* Persons: every name part is inflected by gender. First names and
  patronymics go through pymorphy3; surnames use explicit rules (-ов/-ев/-ин,
  -ова/-ева/-ина, adjectival -ий/-ая), because pymorphy3 misparses some
  (Башев as a plural of Башева, Зарудная as an adjective).

The analyser is loaded lazily, once.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=1)
def analyzer():
    """The shared pymorphy3 analyser (loaded on first use, never at import)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def match_case(model: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``model`` (per hyphen part)."""
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
    for case, pm in PM_CASE.items():
        for number in NUMBERS:
            if head is None or "Fixd" in head.tag:
                if number == "sg":
                    forms[(case, number)] = list(words)
                continue
            num = "plur" if number == "pl" or "Pltm" in head.tag else "sing"
            if number == "pl" and ("Sgtm" in head.tag or "Pltm" in head.tag):
                continue
            inan_acc = case == "acc" and (kind not in ("title", "person")) and (num == "plur" or "femn" not in head.tag)
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


# Surname endings: nominative → (gen, dat, acc, ins, loc) replacements.
_SURNAME_RULES = {
    "m": [
        (r"(ов|ев|ёв|ин|ын)$", ("\\1а", "\\1у", "\\1а", "\\1ым", "\\1е")),
        (r"([кгхжшчщ])ий$", ("\\1ого", "\\1ому", "\\1ого", "\\1им", "\\1ом")),
        (r"ий$", ("его", "ему", "его", "им", "ем")),
        (r"ый$", ("ого", "ому", "ого", "ым", "ом")),
        (r"ой$", ("ого", "ому", "ого", "ым", "ом")),
        (r"([бвгдзклмнпрстфх])$", ("\\1а", "\\1у", "\\1а", "\\1ом", "\\1е")),
        (r"([жшчщц])$", ("\\1а", "\\1у", "\\1а", "\\1ем", "\\1е")),
    ],
    "f": [
        (r"(ов|ев|ёв|ин|ын)а$", ("\\1ой", "\\1ой", "\\1у", "\\1ой", "\\1ой")),
        (r"ая$", ("ой", "ой", "ую", "ой", "ой")),
        (r"яя$", ("ей", "ей", "юю", "ей", "ей")),
        (r"([кгхжшчщ])а$", ("\\1и", "\\1е", "\\1у", "\\1ой", "\\1е")),
        (r"а$", ("ы", "е", "у", "ой", "е")),
        (r"ия$", ("ии", "ии", "ию", "ией", "ии")),
        (r"я$", ("и", "е", "ю", "ей", "е")),
    ],
}


def surname_forms(word: str, gender: str) -> dict[str, str]:
    """Singular case forms of a surname by rule; indeclinable when no rule fits."""
    forms = {"nom": word}
    low = word.lower()
    for pattern, endings in _SURNAME_RULES.get(gender, []):
        if re.search(pattern, low):
            for case, ending in zip(("gen", "dat", "acc", "ins", "loc"), endings):
                forms[case] = match_case(word, re.sub(pattern, ending, low))
            return forms
    return {case: word for case in RU_CASES}


def _first_name_parse(word: str, gender: str | None):
    names = [p for p in _parses(word, "NOUN") if "Name" in p.tag or "Patr" in p.tag]
    if gender:
        names = [p for p in names if p.tag.gender == ("femn" if gender == "f" else "masc")]
    return names[0] if names else None


def guess_gender(words: list[str]) -> str | None:
    """Gender of a person from surname endings, then from first names."""
    for word in reversed(words):
        low = word.lower()
        if re.search(r"(ова|ева|ёва|ина|ына|ая|овна|евна|ична)$", low):
            return "f"
        if re.search(r"(ов|ев|ёв|ин|ын|ий|ый|вич)$", low):
            return "m"
    for word in words:
        parse = _first_name_parse(word, None)
        if parse is not None:
            return "f" if parse.tag.gender == "femn" else "m"
    return None


def _person(words: list[str], gender: str | None) -> dict[tuple[str, str], list[str]]:
    gender = gender or guess_gender(words) or "m"
    per_word = [_name_part(word, gender) for word in words]
    return {(case, "sg"): [row[case] for row in per_word] for case in RU_CASES}


def _name_part(word: str, gender: str) -> dict[str, str]:
    """Case forms of one name token; hyphenated names (Касым-Жомарт) part by part."""
    if _indeclinable(word) or not word[:1].isupper():
        return {case: word for case in RU_CASES}
    if "-" in word:  # Касым-Жомарт → Касым-Жомарта: only the last part declines
        head, _, last = word.rpartition("-")
        row = _name_part(last, gender)
        return {case: f"{head}-{row[case]}" for case in RU_CASES}
    parse = _first_name_parse(word, gender)
    if parse is None:
        return surname_forms(word, gender)
    row = {}
    for case, pm in PM_CASE.items():
        new = _inflect(parse, {pm, "sing"})
        row[case] = match_case(word, new) if new else word
    return row


@lru_cache(maxsize=4096)
def _ru_forms_cached(term: str, kind: str, gender: str | None) -> tuple[tuple[tuple[str, str], str], ...]:
    words = term.split()
    table = _person(words, gender) if kind == "person" else _noun_phrase(words, kind)
    return tuple((key, " ".join(value)) for key, value in table.items())


def ru_forms(term: str, kind: str = "other", gender: str | None = None) -> dict[tuple[str, str], str]:
    """Every ``(case, number) → form`` of ``term``; ``case`` in nom gen dat acc ins loc, number sg/pl."""
    forms = dict(_ru_forms_cached(term, kind, gender))
    forms.setdefault(("nom", "sg"), term)
    return forms


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

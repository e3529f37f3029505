"""Which form a Russian replacement takes, read from the sentence around it (never worse).

The case comes from the replaced span's own ending (the form it matched, or
pymorphy3's reading of its words, which must agree across a name), narrowed by
a preposition before it or before the phrase it is coordinated with ("из X и
Y"), or by position: a nominative/accusative span that opens its clause
before any verb is the subject; one right after a transitive verb whose
subject came first is the object. A replacement is written only when every
remaining reading gives the same text, and not when words outside the span
would be left agreeing with the old rendering.
"""

from __future__ import annotations

import re

from .forms import Table
from .hits import Hit


def at_sentence_start(text: str, index: int) -> bool:
    """Whether ``index`` begins a sentence (after opening quotes or list markers)."""
    return bool(_START.search(text[:index]))


_START = re.compile(r"(?:^|[.!?…]\s|\n)[\s\"'«“„(\[*_#>-]*(?:\d+[.)]\s*)?$")


def _pick(table: Table, case: tuple[str, str]) -> str | None:
    if case in table:
        return table[case]
    if not any(n == "pl" for _, n in table):
        return table.get((case[0], "sg"))
    return None


def _ru_cases(hit: Hit, translation: str, before: str) -> list[tuple[str, str]]:
    from .morph_ru import preposition_cases, span_cases

    cases = list(dict.fromkeys(hit.cases))
    if hit.how not in ("avoid", "spelling") or not cases:
        start, end = hit.head or (hit.start, hit.end)
        read = span_cases(re.findall(r"[\w-]*\w", translation[start:end]))
        both = [c for c in cases if c in read]
        cases = both or sorted(read) or cases
    if not cases:  # an indeclinable span (ВОЗ) tells nothing by itself
        cases = [(case, "sg") for case in ("nom", "gen", "dat", "acc", "ins", "loc")]
        if at_sentence_start(before + "X", len(before)) or re.search(r"(?:^|[.!?:;]\s|\n|,\s*что\s)$", before):
            return [("nom", "sg")]  # it opens its sentence or a что-clause: the subject
    if any(n == "sg" for _, n in cases):  # a proper name read as a plural is a misreading
        cases = [c for c in cases if c[1] == "sg"]
    allowed = preposition_cases(before)
    if allowed:
        cases = [c for c in cases if c[0] in allowed] or cases
    elif {c[0] for c in cases} == {"nom", "acc"} and _before_the_verb(before):
        cases = [c for c in cases if c[0] == "nom"]
    elif {c[0] for c in cases} == {"nom", "acc"} and _object_of_the_verb(before):
        cases = [c for c in cases if c[0] == "acc"]
    return cases


def _object_of_the_verb(before: str) -> bool:
    """Whether a span right after a transitive verb whose subject came before it is that verb's object.

    "Эксперты посетили Соединенное Королевство": a nominative-only noun, then
    a transitive verb, then the span (no preposition): accusative. An
    intransitive or linking verb (стало, является) decides nothing.
    """
    from .ru_analyzer import analyzer

    words = re.findall(r"[\w-]+", _clause(before))
    if not words:
        return False
    verb = analyzer().parse(words[-1])[0]
    if verb.tag.POS != "VERB" or "tran" not in verb.tag:
        return False
    for word in words[:-1]:
        parses = [p for p in analyzer().parse(word) if p.tag.POS in ("NOUN", "NPRO")]
        if parses and all(p.tag.case == "nomn" for p in parses):
            return True
    return False


# A clause starts after a sentence mark, or after a comma that a conjunction follows. A bare comma
# does not start one: "посетили Германию, Соединенное Королевство" is still the verb's list of objects.
_SENTENCE_PART = re.compile(r"[^.!?;:—–(«\"\n]*$")
_CONJUNCTION_COMMA = re.compile(r",(?=\s*(?:что|чтобы|когда|если|где|как|но|а|хотя|поскольку)\b)", re.IGNORECASE)


def _clause(before: str) -> str:
    """The part of ``before`` in the clause that the span continues."""
    part = _SENTENCE_PART.search(before).group(0)
    cuts = [m.end() for m in _CONJUNCTION_COMMA.finditer(part)]
    return part[cuts[-1]:] if cuts else part


def _before_the_verb(before: str) -> bool:
    """Whether a span starts its clause's subject position: no verb and no preposition before it in the clause.

    A noun phrase read as nominative or accusative (Соединенное Королевство)
    that comes before any verb of its clause is its subject in news prose.
    """
    from .morph_ru import PREPOSITION_CASES
    from .ru_analyzer import analyzer

    words = re.findall(r"[\w-]+", _clause(before))
    if words and words[-1].lower() in PREPOSITION_CASES:
        return False
    verbs = ("VERB", "INFN", "GRND", "PRTS", "PRTF")  # a participle governs an object too (посетившие ...)
    return not any(analyzer().parse(w)[0].tag.POS in verbs for w in words)


def ru_replacement(hit: Hit, tables: list[Table], translation: str, before: str) -> tuple[str | None, str | None, list[str]]:
    cases = _ru_cases(hit, translation, before)
    per_table = [{_pick(t, c) for c in cases} - {None} for t in tables]
    texts = sorted(set().union(*per_table)) if per_table else []
    if len(texts) == 1:
        return texts[0], None, []
    if not texts:
        return None, "no form of the term fits the sentence", []
    if len(tables) > 1 and all(len(p) == 1 for p in per_table):
        return None, "the gender of the name is not determined", texts
    return None, "the case is not determined", texts


_CONJUNCTION = re.compile(r"^\s*(?:,|и|или|а также|либо)?\s*$", re.IGNORECASE)


def governing_context(translation: str, hit: Hit, hits: list[Hit]) -> str:
    """The text before ``hit``'s whole coordination ("из X и Y": Y is governed by "из" too)."""
    start = hit.start
    while True:
        previous = [h for h in hits if h.end <= start and _CONJUNCTION.match(translation[h.end:start])]
        if not previous:
            return translation[:start]
        start = max(previous, key=lambda h: h.end).start


def _agreement(text: str) -> tuple[str, str | None] | None:
    """(number, gender) of the first noun of ``text`` read as a nominative, or ``None`` when unclear."""
    from .ru_analyzer import analyzer

    for word in re.findall(r"[\w-]*\w", text):
        best = analyzer().parse(word)[0]
        if best.tag.POS == "NOUN":
            if best.tag.number == "plur":
                return ("plur", None)
            return ("sing", best.tag.gender) if best.tag.gender else None
    return None


def breaks_agreement(old: str, new: str, after: str, subject: bool, preceding: str = "") -> bool:
    """Whether replacing ``old`` with ``new`` (another gender or number) would leave words around it
    agreeing with the old one: an adjective right before it, a relative "который" right after it,
    and for a subject a past-tense verb or short adjective in its clause ("Соединенное Королевство
    направило" → "Великобритания направило"). Text outside the span is never changed, so such a
    replacement is not written."""
    from .ru_analyzer import analyzer

    before, now = _agreement(old), _agreement(new)
    if before is None or now is None or before == now:
        return False

    def key(tag):
        return ("plur", None) if tag.number == "plur" else ("sing", tag.gender)

    adjective = re.search(r"([\w-]+)\s+$", preceding)  # "новая глава" → "новая Руководитель"
    if adjective:
        parses = analyzer().parse(adjective.group(1))
        if parses[0].tag.POS in ("ADJF", "PRTF"):
            parses = [p for p in parses if p.tag.POS in ("ADJF", "PRTF")]
            if any(key(p.tag) == before for p in parses) and not any(key(p.tag) == now for p in parses):
                return True
    relative = re.match(r"\s*,\s*([\w-]+)(?:\s+([\w-]+))?", after)  # ", которое" / ", в котором"
    for word in relative.groups() if relative else ():
        if word and any(p.normal_form == "который" and key(p.tag) == before for p in analyzer().parse(word)):
            return True
    if not subject:
        return False
    clause = re.match(r"[^.!?;:\n]*", after).group(0)
    for word in re.findall(r"[\w-]*\w", clause):
        tag = analyzer().parse(word)[0].tag
        if ((tag.POS == "VERB" and tag.tense == "past") or tag.POS in ("ADJS", "PRTS")) and key(tag) == before:
            return True
    return False


def repeats_next_word(new: str, after: str) -> bool:
    """Whether the word after a span is the replacement's last word again (…Республики Казахстан Казахстана)."""
    from .paraphrase import lemma

    following = re.match(r"\s+([\w-]*\w)", after)
    last = re.findall(r"[\w-]*\w", new)
    return bool(following and last) and lemma(following.group(1)) == lemma(last[-1])


# Prepositions with a vowel-final variant, and when the next word needs it.
_VARIANTS = {"с": "со", "к": "ко", "в": "во", "о": "об", "из": "изо", "от": "ото", "над": "надо", "под": "подо", "перед": "передо"}
_CONSONANT = "бвгджзйклмнпрстфхцчшщ"


def _wants_variant(plain: str, word: str) -> bool:
    low = word.lower()
    if plain == "о":
        return low[:1] in "аоуэиы"  # об Астане
    if low.startswith(("мн", "вс")) or low.startswith("льв"):
        return True
    first = {"с": "сзшж", "к": "кг", "в": "вф"}.get(plain, plain[-1])
    return len(low) > 1 and low[0] in first and low[1] in _CONSONANT


def preposition_mismatch(preceding: str, old: str, new: str) -> bool:
    """Whether the preposition before the span takes another form before the new word (со спикером →
    с Председателем), which would mean changing text outside the span."""
    m = re.search(r"(?:^|\s)([\w]+)\s+$", preceding)
    if not m:
        return False
    prep = m.group(1).lower()
    plain = next((p for p, v in _VARIANTS.items() if prep in (p, v)), None)
    if plain is None:
        return False
    used_variant = prep == _VARIANTS[plain]
    return used_variant == _wants_variant(plain, old) and used_variant != _wants_variant(plain, new)

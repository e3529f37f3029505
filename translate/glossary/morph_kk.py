"""Kazakh case forms of glossary terms, by rule (no dictionary needed).

Kazakh noun phrases are head-final, so the case ending goes on the last word:
"ЕҚЫҰ-ның Астанадағы орталығы" → "ЕҚЫҰ-ның Астанадағы орталығына".

Rules kept deliberately simple:

* Vowel harmony from the last vowel of the word: а о ұ ы я ё are back, ә ө ү
  і е э are front; у ю и are skipped as ambiguous; a final ь makes it front;
  nothing found → back. Russian-style surnames in -аев/-уев/-оев/-ыев take
  back endings (Тоқаевқа).
* The ending's first consonant follows the stem's last sound: after vowels,
  after sonorants (м н ң р л й у), after з ж, or after voiceless sounds
  (к қ п т с ш щ х ц ч ф and, as pronounced at a word end, б в г д).
* Possessive-3 stems: a multi-word term whose last word ends in ы/і
  (орталығы, министрлігі, басшысы) takes the pronominal n: орталығына,
  орталығында, орталығын, орталығынан, орталығының, орталығымен.
* Acronyms (all capitals) take a hyphen: ЕҚЫҰ-ның, АҚШ-қа. Their harmony comes
  from their last vowel letter and their ending class from their last letter.

Explicit forms in the glossary override anything here.
"""

from __future__ import annotations

KK_CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")
BACK = set("аоұыяё")
FRONT = set("әөүіеэ")
VOWELS = BACK | FRONT | set("уюи")
NASALS = set("мнң")
SONORANTS = set("рлйу")
VOICED = set("зж")
VOICELESS = set("кқптсшщхцчфбвгд")

# (back, front) endings per case and stem class.
_ENDINGS = {
    "gen": {"vowel": ("ның", "нің"), "nasal": ("ның", "нің"), "sonorant": ("дың", "дің"), "voiced": ("дың", "дің"), "voiceless": ("тың", "тің"), "poss": ("ның", "нің")},
    "acc": {"vowel": ("ны", "ні"), "nasal": ("ды", "ді"), "sonorant": ("ды", "ді"), "voiced": ("ды", "ді"), "voiceless": ("ты", "ті"), "poss": ("н", "н")},
    "dat": {"vowel": ("ға", "ге"), "nasal": ("ға", "ге"), "sonorant": ("ға", "ге"), "voiced": ("ға", "ге"), "voiceless": ("қа", "ке"), "poss": ("на", "не")},
    "loc": {"vowel": ("да", "де"), "nasal": ("да", "де"), "sonorant": ("да", "де"), "voiced": ("да", "де"), "voiceless": ("та", "те"), "poss": ("нда", "нде")},
    "abl": {"vowel": ("дан", "ден"), "nasal": ("нан", "нен"), "sonorant": ("дан", "ден"), "voiced": ("дан", "ден"), "voiceless": ("тан", "тен"), "poss": ("нан", "нен")},
    "ins": {"vowel": ("мен", "мен"), "nasal": ("мен", "мен"), "sonorant": ("мен", "мен"), "voiced": ("бен", "бен"), "voiceless": ("пен", "пен"), "poss": ("мен", "мен")},
}


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def is_front(word: str) -> bool:
    """Whether ``word`` takes front-vowel endings."""
    low = word.lower()
    if low.endswith("ь"):
        return True
    if len(low) >= 3 and low.endswith("ев") and low[-3] in BACK:
        return False
    for ch in reversed(low):
        if ch in BACK:
            return False
        if ch in FRONT:
            return True
    return False


def stem_class(word: str) -> str:
    """vowel / nasal / sonorant / voiced / voiceless, from the last letter."""
    low = word.lower().rstrip("ь")
    last = low[-1:] if low else ""
    if last in VOWELS and last != "у":
        return "vowel"
    if last == "у":
        return "sonorant"
    if last in NASALS:
        return "nasal"
    if last in SONORANTS:
        return "sonorant"
    if last in VOICED:
        return "voiced"
    return "voiceless"


def ending(word: str, case: str, possessive: bool = False) -> str:
    """The case ending ``word`` takes (hyphen included for acronyms)."""
    if case == "nom":
        return ""
    cls = "poss" if possessive else stem_class(word)
    back, front = _ENDINGS[case][cls]
    suffix = front if is_front(word) else back
    return ("-" + suffix) if is_acronym(word) else suffix


def is_possessive(words: list[str]) -> bool:
    """A compound whose last word carries the 3rd-person possessive (орталығы)."""
    last = words[-1].lower()
    return len(words) > 1 and not is_acronym(words[-1]) and last[-1:] in ("ы", "і")


def kk_forms(term: str, kind: str = "other") -> dict[tuple[str, str], str]:
    """Singular ``(case, "sg") → form`` for every Kazakh case of ``term``."""
    words = term.split()
    if not words:
        return {}
    possessive = is_possessive(words)
    last = words[-1]
    forms = {}
    for case in KK_CASES:
        forms[(case, "sg")] = " ".join(words[:-1] + [last + ending(last, case, possessive)])
    return forms


# Kazakh has no prepositions; postpositions follow the noun, so context adds little.
CASE_PRIORITY = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")


def _known_tails() -> dict[str, set[str]]:
    tails: dict[str, set[str]] = {}
    for case, classes in _ENDINGS.items():
        for back, front in classes.values():
            for suffix in (back, front):
                tails.setdefault(suffix, set()).add(case)
                tails.setdefault("-" + suffix, set()).add(case)
    return tails


CASE_TAILS = _known_tails()
# Other endings a rendering may carry that leave the name itself intact (Астанадағы, Алматыдағы).
OTHER_TAILS = ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі", "лық", "лік", "дық", "дік", "тық", "тік")


def split_tail(word: str, stem: str) -> tuple[str, str]:
    """Split ``word`` into the part that renders ``stem`` and the ending after it.

    The split point is the one whose head is most like ``stem`` (spelling
    folded) among the known endings, so "Кайратқа" against "Қайрат" gives
    ("Кайрат", "қа") and "ЕҚЫҰның" against "ЕҚЫҰ" gives ("ЕҚЫҰ", "ның").
    """
    from difflib import SequenceMatcher

    from .folding import fold

    target = fold(stem)
    best = (SequenceMatcher(None, fold(word), target, autojunk=False).ratio(), word, "")
    for size in range(1, min(7, len(word))):
        tail = word[-size:]
        if tail.lower() not in CASE_TAILS and tail.lower() not in OTHER_TAILS:
            continue
        head = word[:-size]
        ratio = SequenceMatcher(None, fold(head), target, autojunk=False).ratio()
        if ratio > best[0] + 1e-9:
            best = (ratio, head, tail)
    return best[1], best[2]


def with_tail(term: str, tail: str) -> str:
    """``term`` with the ending ``tail`` a translation gave it, re-harmonised when it is a case ending."""
    words = term.split()
    cases = CASE_TAILS.get(tail.lower())
    if not tail:
        return term
    if cases:
        possessive = is_possessive(words) or (
            words[-1][-1:].lower() in ("ы", "і") and tail.lower() in ("н", "на", "не", "нда", "нде", "нан", "нен")
        )
        for case in KK_CASES:
            if case in cases and tail.lower().lstrip("-") in (_ENDINGS[case]["poss" if possessive else stem_class(words[-1])]):
                return " ".join(words[:-1] + [words[-1] + ending(words[-1], case, possessive)])
        case = sorted(cases, key=KK_CASES.index)[0]
        return kk_forms(term)[(case, "sg")]
    return " ".join(words[:-1] + [words[-1] + tail])

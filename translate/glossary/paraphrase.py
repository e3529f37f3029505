"""Paraphrased renderings of multiword terms, and acronyms for their expansions.

**Paraphrase (Russian).** A multiword term is matched at the lemma level: a
run of words whose lemmas are all the term's own (or a synonym of its head:
руководитель for глава), with prepositions and conjunctions allowed between
them ("Министерство по иностранным делам" for "Министерство иностранных
дел"). The run must hold the head (or its synonym) and at least half of the
term's content words, two at least. A word that is not the term's ends the
run, so "Министерство финансов" is never taken for "Министерство юстиции",
and "руководитель делегации" is never taken for "глава Центра".

**Paraphrase (Kazakh).** No lemmatiser: a window of the term's length in
which every word shares its stem with the term's word, except one swapped for
a listed synonym (басшысы ~ жетекшісі).

**Acronyms.** A run of words whose initials spell the glossary's acronym
(Организации Объединенных Наций → ООН), or an acronym that spells the
glossary's expansion.
"""

from __future__ import annotations

from functools import lru_cache

from .folding import fold
from .hits import TARGET_MAP, Hit, Tokens, overlaps

FUNCTION_WORDS = frozenset("по в во на и о об для при с со за к ко из от до а".split())
# Lemma groups that may stand for one another at the head of a term.
SYNONYMS_RU = [
    {"глава", "руководитель", "начальник", "председатель", "директор", "шеф", "спикер"},
    {"министерство", "ведомство"},
    {"управление", "департамент"},
    {"офис", "бюро", "представительство"},
    {"иностранный", "внешний"},
]
SYNONYMS_KK = [
    ("басшысы", "жетекшісі", "төрағасы", "бастығы", "басқарушысы"),
    ("сыртқы", "шетелдік", "шет"),
    ("кеңсесі", "офисі", "бюросы"),
    ("орталығы", "орталық"),
    ("ұйымы", "ұйым"),
    ("елшілігі", "елшілік"),
    ("әділет", "юстиция"),
]


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """pymorphy3's normal form (ё folded); acronyms and numbers stay as they are."""
    letters = [c for c in word if c.isalpha()]
    if not letters or (len(letters) > 1 and all(c.isupper() for c in letters)):
        return word.lower()
    from .ru_analyzer import analyzer

    return analyzer().parse(word)[0].normal_form.replace("ё", "е")


def _synonyms(lem: str) -> set[str]:
    for group in SYNONYMS_RU:
        if lem in group:
            return group
    return {lem}


def _head_index(words: list[str]) -> int:
    from .ru_analyzer import analyzer

    for i, word in enumerate(words):
        if any(p.tag.POS == "NOUN" for p in analyzer().parse(word)[:1]):
            return i
    return 0


def _paraphrase_ru(tokens: Tokens, preferred: str, claimed) -> Hit | None:
    words = preferred.translate(TARGET_MAP).split()
    if len(words) < 2:
        return None
    lemmas = [lemma(w) for w in words]
    content = [lem for lem in lemmas if lem not in FUNCTION_WORDS]
    head = lemmas[_head_index(words)]
    allowed = {}
    for lem in content:
        for syn in _synonyms(lem):
            allowed.setdefault(syn, lem)
    need = max(2, (len(content) + 1) // 2)
    # An acronym stands for a run of the term's words ("РК" for "Республики Казахстан").
    content_words = [w for w, lem in zip(words, lemmas) if lem not in FUNCTION_WORDS]
    spelled = {}
    for a in range(len(content_words)):
        for b in range(a + 2, len(content_words) + 1):
            spelled.setdefault(initials(content_words[a:b]), set(content[a:b]))
    token_lemmas = [lemma(w) for w in tokens.words]
    cover = [
        {allowed[lem]} if lem in allowed else set(spelled.get(word, ())) if is_acronym(word) else set()
        for lem, word in zip(token_lemmas, tokens.words)
    ]
    for i in range(len(tokens)):
        if not cover[i]:
            continue
        seen, j = set(cover[i]), i
        while j + 1 < len(tokens):  # a repeated word starts another phrase ("... и Соединенное Королевство")
            nxt = cover[j + 1]
            if nxt and not nxt & seen:
                seen |= nxt
            elif nxt or token_lemmas[j + 1] not in FUNCTION_WORDS:
                break
            j += 1
        for end_index in range(j, i, -1):
            if not cover[end_index]:
                continue
            found = set().union(*cover[i:end_index + 1])
            heads = [k for k in range(i, end_index + 1) if head in cover[k] and len(cover[k]) == 1]
            start, end = tokens.spans[i][0], tokens.spans[end_index][1]
            if heads and len(found) >= need and not overlaps(start, end, claimed):
                return Hit(start, end, False, "paraphrase", [], preferred, tokens.spans[heads[0]])
    return None


def _stem_match(word: str, term_word: str) -> bool:
    a, b = fold(word), fold(term_word)
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= max(3, min(len(a), len(b)) - 3)


def _kk_synonym(word: str, term_word: str) -> str | None:
    """The synonym of ``term_word`` that ``word`` starts with, if any."""
    low, tlow = word.lower(), term_word.lower()
    for group in SYNONYMS_KK:
        if any(tlow.startswith(g) or g.startswith(tlow) for g in group):
            for g in sorted(group, key=len, reverse=True):
                if low.startswith(g) and not tlow.startswith(g):
                    return g
    return None


def _paraphrase_kk(tokens: Tokens, preferred: str, claimed) -> Hit | None:
    words = preferred.split()
    n = len(words)
    if n < 2:
        return None
    for i in range(len(tokens) - n + 1):
        start, end = tokens.spans[i][0], tokens.spans[i + n - 1][1]
        if overlaps(start, end, claimed):
            continue
        swapped, base_last = 0, words[-1]
        for k in range(n):
            word = tokens.words[i + k]
            if _stem_match(word, words[k]):
                continue
            syn = _kk_synonym(word, words[k])
            if syn is None:
                break
            swapped += 1
            if k == n - 1:
                base_last = syn
        else:
            if swapped == 1:
                return Hit(start, end, False, "paraphrase", [], " ".join(words[:-1] + [base_last]))
    return None


def find_paraphrase(tokens: Tokens, entry, lang: str, claimed) -> Hit | None:
    """A paraphrased rendering of ``entry``'s preferred term (see the module notes)."""
    preferred = entry.preferred(lang)
    if not preferred or entry.type == "person":
        return None
    if lang == "ru":
        for variant in entry.admitted(lang):  # a shortened variant (Соединенные Штаты) stands for the term
            hit = _paraphrase_ru(tokens, variant, claimed)
            if hit is not None:
                return hit
        return None
    if lang == "kk":
        return _paraphrase_kk(tokens, preferred, claimed)
    return None


def is_acronym(word: str) -> bool:
    letters = [c for c in word.split("-")[0] if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def initials(words: list[str]) -> str:
    """Capital initials of the content words (Организация Объединённых Наций → ООН)."""
    return "".join(w[0] for w in words if w.lower() not in FUNCTION_WORDS and w[:1].isalpha()).upper()


def find_acronym(tokens: Tokens, entry, lang: str, claimed) -> Hit | None:
    """An expansion where the glossary keeps the acronym, or an acronym where it keeps the expansion."""
    preferred = entry.preferred(lang)
    if not preferred or entry.type == "person":
        return None
    words = preferred.split()
    if len(words) == 1 and is_acronym(preferred):
        size_max = len(preferred) + 3
        for i in range(len(tokens)):
            if not tokens.words[i][:1].isupper():
                continue
            for j in range(i + 1, min(len(tokens), i + size_max)):
                window = tokens.words[i:j + 1]
                if window[-1].lower() in FUNCTION_WORDS:
                    continue
                if fold(initials(window), collapse=False) == fold(preferred, collapse=False):
                    start, end = tokens.spans[i][0], tokens.spans[j][1]
                    if not overlaps(start, end, claimed):
                        return Hit(start, end, False, "acronym", [], "", tokens.spans[i])
    elif len(words) >= 2:
        acronym = fold(initials(words), collapse=False)
        if len(acronym) < 2:
            return None
        for (start, end), word in zip(tokens.spans, tokens.words):
            if is_acronym(word) and fold(word.split("-")[0], collapse=False) == acronym and not overlaps(start, end, claimed):
                return Hit(start, end, False, "acronym", [], word.split("-")[0])
    return None

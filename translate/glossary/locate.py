"""Finding each source term's rendering in a translation.

Stages, each run for every term (longest preferred rendering first) before
the next, so a loose stage never takes text an exact one would have found:

1. ``exact``: a form (any case, number, plausible gender) of the preferred
   term or an admitted variant: the term is right;
2. ``avoid``: a form of a known wrong rendering or a former name
   (Киргизии, Семипалатинске);
3. ``spelling``: a form equal after phonetic folding (Кайрат ~ Қайрат);
4. ``fuzzy``: a window of words close to a form: the joined words are at least
   :data:`FUZZY_THRESHOLD` similar *and* the first and last words each match
   the form's first and last words, so a window never swallows a neighbour
   ("Соединенные Штаты и" is not a rendering of "Соединённые Штаты Америки");
5. ``paraphrase`` and ``acronym`` (see :mod:`.paraphrase`).

In Kazakh a rendering may carry endings after the term (Астанадағы,
Кайратқа); they are kept apart as the hit's ``tail``.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .folding import fold
from .forms import Form, all_forms
from .hits import TARGET_MAP, Hit, Tokens, overlaps
from .match import TermMatch
from .paraphrase import find_acronym, find_paraphrase

FUZZY_THRESHOLD = 0.8
EDGE_THRESHOLD = 0.7
_KK_TAIL = r"(?:-?[^\W\d_]{1,7})?"
_ACRONYM_TAIL = r"(?:-[^\W\d_]{1,7})?"


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _pattern(forms: list[Form], lang: str) -> re.Pattern | None:
    texts = sorted({f.text.translate(TARGET_MAP) for f in forms}, key=len, reverse=True)
    if not texts:
        return None
    alts = []
    for text in texts:
        words = text.split()
        body = r"\s+".join(re.escape(w) for w in words)
        if lang == "kk":
            body += _ACRONYM_TAIL if _is_acronym(words[-1]) else _KK_TAIL
        alts.append(body)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?!\w|-\w)", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.translate(TARGET_MAP).lower().split())


def _exact(norm: str, forms: list[Form], claimed, lang: str, how: str) -> Hit | None:
    pattern = _pattern(forms, lang)
    if pattern is None:
        return None
    for m in pattern.finditer(norm):
        if overlaps(m.start(), m.end(), claimed):
            continue
        key = _key(m.group(0))
        same = [f for f in forms if _key(f.text) == key]
        base = same[0].base if same else _best_base(m.group(0), forms)
        return Hit(m.start(), m.end(), forms[0].good, how, [(f.case, f.number) for f in same], base)
    return None


def _best_base(text: str, forms: list[Form]) -> str:
    """The term a Kazakh rendering with an ending renders (the longest form it starts with)."""
    low = _key(text)
    starts = [f for f in forms if low.startswith(_key(f.text))]
    return max(starts, key=lambda f: len(f.text)).base if starts else forms[0].base


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _last_key(tokens: Tokens, index: int, form_last: str, lang: str) -> str:
    """The folded last word of a window, its Kazakh ending cut off against ``form_last``."""
    if lang != "kk":
        return tokens.folded[index]
    from .morph_kk import split_tail

    return fold(split_tail(tokens.words[index], form_last)[0])


def _windows(tokens: Tokens, forms: list[Form], claimed, lang: str, *, exact: bool):
    """Yield ``(score, start_index, end_index, form)`` for token windows close to a form."""
    for form in forms:
        if lang == "kk" and exact is False and form.case != "nom":
            continue
        words = form.text.translate(TARGET_MAP).split()
        fwords = [fold(w) for w in words]
        n = len(fwords)
        sizes = [n] if exact else sorted({n, n + 1 if n >= 2 else n, n - 1 if n >= 3 else n})
        joined_form = " ".join(fwords)
        for m in sizes:
            for i in range(len(tokens) - m + 1):
                j = i + m - 1
                if words[0][:1].isupper() and not tokens.words[i][:1].isupper():
                    continue
                if any(_is_acronym(words[k]) and not _is_acronym(tokens.words[i + k].split("-")[0])
                       for k in range(min(n, m))):
                    continue  # ООН is not "Он": an acronym matches only capitals
                start, end = tokens.spans[i][0], tokens.spans[j][1]
                if overlaps(start, end, claimed):
                    continue
                last = _last_key(tokens, j, words[-1], lang) if (lang == "kk" and form.case == "nom") else tokens.folded[j]
                window = tokens.folded[i:j] + [last]
                if exact:
                    if window == fwords:
                        yield 1.0, i, j, form
                    continue
                if n == 1:
                    if len(fwords[0]) < 4 or abs(len(last) - len(fwords[0])) > max(2, len(fwords[0]) // 5):
                        continue
                elif _ratio(window[0], fwords[0]) < EDGE_THRESHOLD or _ratio(last, fwords[-1]) < EDGE_THRESHOLD:
                    continue
                score = _ratio(" ".join(window), joined_form)
                if score >= FUZZY_THRESHOLD:
                    yield score, i, j, form


def _near(tokens: Tokens, forms: list[Form], claimed, lang: str, *, exact: bool) -> Hit | None:
    best = None
    for score, i, j, form in _windows(tokens, forms, claimed, lang, exact=exact):
        key = (score, -i)
        if best is None or key > best[0]:
            best = (key, i, j, [form])
        elif key == best[0] and (i, j) == best[1:3]:
            best[3].append(form)
    if best is None:
        return None
    _, i, j, matched = best
    return Hit(tokens.spans[i][0], tokens.spans[j][1], False, "spelling" if exact else "fuzzy",
               [(f.case, f.number) for f in matched], matched[0].base)


def _adjective_guard(norm: str, hit: Hit, forms: list[Form], lang: str) -> bool:
    """A lone adjective (казахстанских) is not a rendering of a noun term."""
    if lang != "ru" or " " in norm[hit.start:hit.end].strip():
        return True
    from .morph_ru import is_adjective

    return not is_adjective(norm[hit.start:hit.end]) or any(is_adjective(f.text) for f in forms if " " not in f.text)


def locate(norm: str, matches: list[TermMatch], lang: str, termbase=None) -> list[Hit | None]:
    """One hit (or ``None``) per source match; hits never overlap."""
    hits: list[Hit | None] = [None] * len(matches)
    claimed: list[tuple[int, int]] = []
    forms = [all_forms(m.entry, lang) for m in matches]
    order = sorted(range(len(matches)), key=lambda i: -len(matches[i].entry.preferred(lang) or ""))
    tokens = Tokens(norm)

    def claim(i: int, hit: Hit | None) -> None:
        if hit is not None:
            hits[i] = hit
            claimed.append((hit.start, hit.end))

    for i in order:  # a longer term's wrong rendering beats a shorter term's right one inside it
        good = [f for f in forms[i] if f.good]
        claim(i, _exact(norm, good, claimed, lang, "exact") or _exact(norm, [f for f in forms[i] if not f.good], claimed, lang, "avoid"))
    for stage in ("spelling", "fuzzy", "paraphrase", "acronym"):
        for i in order:
            if hits[i] is not None or not forms[i]:
                continue
            if stage in ("spelling", "fuzzy"):
                hit = _near(tokens, forms[i], claimed, lang, exact=stage == "spelling")
                if hit is not None and not _adjective_guard(norm, hit, forms[i], lang):
                    hit = None
            elif stage == "paraphrase":
                hit = find_paraphrase(tokens, matches[i].entry, lang, claimed)
            else:
                hit = find_acronym(tokens, matches[i].entry, lang, claimed)
            claim(i, hit)
    # A term rendered inside another term's rendering ("Kazakhstan's Finance Ministry" →
    # "Министерство финансов Республики Казахстан") counts as right, each nested rendering once.
    nested: list[tuple[int, int]] = []
    for i in order:
        if hits[i] is not None or not forms[i]:
            continue
        pattern = _pattern([f for f in forms[i] if f.good], lang)
        for m in pattern.finditer(norm) if pattern else ():
            inside = any(cs <= m.start() and m.end() <= ce and ce - cs > m.end() - m.start() for cs, ce in claimed)
            if inside and not overlaps(m.start(), m.end(), nested):
                hits[i] = Hit(m.start(), m.end(), True, "nested")
                nested.append(m.span())
                break
    return hits

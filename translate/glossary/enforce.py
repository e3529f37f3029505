"""Checking and post-editing translations against the glossary.

Constrained decoding is not available, so terms are enforced after the fact.
For every glossary term found in the source, the translation is searched for
the concept's rendering, in this order (each pass claims its span, so a term
is never counted twice and longer terms go first):

1. any inflected form of the preferred term or an admitted variant → ``ok``;
2. any inflected form of a known wrong rendering (``avoid``, e.g. Киргизии);
3. a fuzzy match: a window of words whose character similarity to some form
   of the term is at least :data:`FUZZY_THRESHOLD` (Башиева ~ Башева).

Cases 2 and 3 are ``missing`` for :func:`check_translation`; :func:`apply_glossary`
replaces them with the preferred term in the grammatical case (and number) of
the rendering it replaces, read from which form matched, narrowed by a
preceding Russian preposition ("из Киргизии" → genitive). A term that starts a
sentence is capitalised. Everything outside replaced spans is byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable

from .match import TermMatch
from .termbase import Entry, Termbase

FUZZY_THRESHOLD = 0.8
_TARGET_MAP = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "ё": "е", "Ё": "Е", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
})
_WORD = re.compile(r"[\w-]*\w")


@dataclass
class TermResult:
    """One source term occurrence and how the translation renders it."""

    source: str
    expected: str
    found: str | None
    status: str  # "ok" or "missing"

    def to_dict(self) -> dict:
        return {"source": self.source, "expected": self.expected, "found": self.found, "status": self.status}


@dataclass
class TermReport:
    """Per-term results; :attr:`term_accuracy` is the share that is ``ok`` (1.0 with no terms)."""

    terms: list[TermResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.terms)

    @property
    def correct(self) -> int:
        return sum(1 for t in self.terms if t.status == "ok")

    @property
    def term_accuracy(self) -> float:
        return self.correct / self.total if self.terms else 1.0

    @property
    def all_ok(self) -> bool:
        return self.correct == self.total

    def merge(self, other: "TermReport") -> "TermReport":
        return TermReport(self.terms + other.terms)

    __add__ = merge

    @classmethod
    def combine(cls, reports: Iterable["TermReport"]) -> "TermReport":
        terms: list[TermResult] = []
        for report in reports:
            terms += report.terms
        return cls(terms)

    def to_dict(self) -> dict:
        return {"terms": [t.to_dict() for t in self.terms], "term_accuracy": round(self.term_accuracy, 4)}


def merge_reports(reports: Iterable[TermReport]) -> TermReport:
    """One report from many (e.g. a document's sentences)."""
    return TermReport.combine(reports)


# --- forms -------------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    text: str
    case: str
    number: str
    good: bool


def _inflections(term: str, entry: Entry, lang: str) -> dict[tuple[str, str], str]:
    if entry.dnt:
        return {("nom", "sg"): term}
    if lang == "ru":
        from .morph_ru import ru_forms

        return ru_forms(term, entry.type, entry.gender)
    if lang == "kk":
        from .morph_kk import kk_forms

        return kk_forms(term, entry.type)
    return {("nom", "sg"): term}


def target_forms(entry: Entry, lang: str) -> dict[tuple[str, str], str]:
    """Every form of the preferred term, with the glossary's explicit forms applied."""
    preferred = entry.preferred(lang)
    if not preferred:
        return {}
    forms = _inflections(preferred, entry, lang)
    for case, form in entry.forms.get(lang, {}).items():
        forms[(case, "sg")] = form
    return forms


def renderings(termbase: Termbase, target: str) -> list[str]:
    """Every admitted target-language form of every entry (for faithfulness guards)."""
    lang = _lang(target)
    out: list[str] = []
    for entry in termbase:
        for variant in entry.admitted(lang):
            out += [f for f in _inflections(variant, entry, lang).values() if f not in out]
        out += [f for f in entry.forms.get(lang, {}).values() if f not in out]
    return out


def _all_forms(entry: Entry, lang: str) -> list[_Form]:
    out = [_Form(t, c, n, True) for (c, n), t in target_forms(entry, lang).items()]
    for variant in entry.admitted(lang)[1:]:
        out += [_Form(t, c, n, True) for (c, n), t in _inflections(variant, entry, lang).items()]
    for wrong in entry.avoid.get(lang, []):
        out += [_Form(t, c, n, False) for (c, n), t in _inflections(wrong, entry, lang).items()]
    return out


def _key(text: str) -> str:
    return " ".join(text.translate(_TARGET_MAP).lower().replace("-", "").split())


def _pattern(forms: list[_Form]) -> re.Pattern | None:
    texts = sorted({f.text.translate(_TARGET_MAP) for f in forms}, key=len, reverse=True)
    if not texts:
        return None
    alts = [r"\s+".join(re.escape(w) for w in t.split()) for t in texts]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?!\w|-\w)", re.IGNORECASE)


# --- locating renderings --------------------------------------------------------


@dataclass
class _Hit:
    start: int
    end: int
    good: bool
    cases: list[tuple[str, str]]


def _overlaps(start: int, end: int, claimed: list[tuple[int, int]]) -> bool:
    return any(start < ce and cs < end for cs, ce in claimed)


def _exact(norm: str, forms: list[_Form], claimed) -> _Hit | None:
    pattern = _pattern(forms)
    if pattern is None:
        return None
    for m in pattern.finditer(norm):
        if not _overlaps(m.start(), m.end(), claimed):
            key = _key(m.group(0))
            cases = [(f.case, f.number) for f in forms if _key(f.text) == key]
            return _Hit(m.start(), m.end(), forms[0].good, cases)
    return None


def _fuzzy(norm: str, forms: list[_Form], claimed, lang: str) -> _Hit | None:
    tokens = [m.span() for m in _WORD.finditer(norm)]
    sizes = sorted({len(f.text.split()) for f in forms})
    sizes = sorted(set(sizes) | {s + 1 for s in sizes})
    matchers = [(f, _key(f.text), SequenceMatcher(None, "", _key(f.text), autojunk=False)) for f in forms]
    best: tuple[float, int, int, list] | None = None
    for size in sizes:
        for i in range(len(tokens) - size + 1):
            start, end = tokens[i][0], tokens[i + size - 1][1]
            if _overlaps(start, end, claimed):
                continue
            window = _key(norm[start:end])
            for form, fkey, sm in matchers:
                if size == 1 and abs(len(window) - len(fkey)) > max(2, len(fkey) // 5):
                    continue
                sm.set_seq1(window)
                if sm.real_quick_ratio() < FUZZY_THRESHOLD or sm.quick_ratio() < FUZZY_THRESHOLD:
                    continue
                ratio = sm.ratio()
                if ratio < FUZZY_THRESHOLD:
                    continue
                if best is None or ratio > best[0] + 1e-9:
                    best = (ratio, start, end, [(form.case, form.number)])
                elif abs(ratio - best[0]) < 1e-9 and (start, end) == best[1:3]:
                    best[3].append((form.case, form.number))
    if best is None:
        return None
    _, start, end, cases = best
    if lang == "ru" and " " not in norm[start:end].strip():
        from .morph_ru import is_adjective

        if is_adjective(norm[start:end]) and not any(is_adjective(f.text) for f in forms if " " not in f.text):
            return None
    return _Hit(start, end, False, cases)


def _locate(norm: str, matches: list[TermMatch], lang: str) -> list[_Hit | None]:
    hits: list[_Hit | None] = [None] * len(matches)
    claimed: list[tuple[int, int]] = []
    forms = [_all_forms(m.entry, lang) for m in matches]
    order = sorted(range(len(matches)), key=lambda i: -len(matches[i].entry.preferred(lang) or ""))
    for stage in ("exact", "fuzzy"):
        for i in order:
            if hits[i] is not None or not forms[i]:
                continue
            if stage == "fuzzy":
                hit = _fuzzy(norm, forms[i], claimed, lang)
            else:  # a longer term's wrong rendering beats a shorter term's right one inside it
                hit = _exact(norm, [f for f in forms[i] if f.good], claimed)
                hit = hit or _exact(norm, [f for f in forms[i] if not f.good], claimed)
            if hit is not None:
                hits[i] = hit
                claimed.append((hit.start, hit.end))
    # A term rendered inside another term's rendering ("Kazakhstan's Finance Ministry" →
    # "Министерство финансов Республики Казахстан") counts as right, each nested rendering once.
    nested: list[tuple[int, int]] = []
    for i in order:
        if hits[i] is not None or not forms[i]:
            continue
        pattern = _pattern([f for f in forms[i] if f.good])
        for m in pattern.finditer(norm) if pattern else ():
            inside = any(cs <= m.start() and m.end() <= ce and ce - cs > m.end() - m.start() for cs, ce in claimed)
            if inside and not _overlaps(m.start(), m.end(), nested):
                hits[i] = _Hit(m.start(), m.end(), True, [])
                nested.append(m.span())
                break
    return hits


# --- check / apply -------------------------------------------------------------------


def _relevant(termbase: Termbase, source: str, lang: str) -> list[TermMatch]:
    return [m for m in termbase.find(source) if m.entry.preferred(lang)]


def check_translation(source: str, translation: str, target: str, termbase: Termbase) -> TermReport:
    """Whether each glossary term found in ``source`` is rendered per the glossary."""
    lang = _lang(target)
    matches = _relevant(termbase, source, lang)
    norm = translation.translate(_TARGET_MAP)
    results = []
    for match, hit in zip(matches, _locate(norm, matches, lang)):
        found = translation[hit.start:hit.end] if hit else None
        status = "ok" if hit is not None and hit.good else "missing"
        results.append(TermResult(match.text, match.entry.preferred(lang), found, status))
    return TermReport(results)


def _choose_case(cases: list[tuple[str, str]], before: str, lang: str) -> tuple[str, str]:
    if lang == "ru":
        from .morph_ru import CASE_PRIORITY, preposition_cases

        allowed = preposition_cases(before)
        if allowed:
            cases = [c for c in cases if c[0] in allowed] or cases
    else:
        from .morph_kk import CASE_PRIORITY
    if not cases:
        return ("nom", "sg")
    return min(cases, key=lambda c: (c[1] != "sg", CASE_PRIORITY.index(c[0]) if c[0] in CASE_PRIORITY else 99))


_START = re.compile(r"(?:^|[.!?…]\s|\n)[\s\"'«“„(\[*_#>-]*(?:\d+[.)]\s*)?$")


def at_sentence_start(text: str, index: int) -> bool:
    """Whether ``index`` begins a sentence (after opening quotes or list markers)."""
    before = text[:index]
    return bool(_START.search(before))


def apply_glossary(source: str, translation: str, target: str, termbase: Termbase) -> tuple[str, TermReport]:
    """Post-edit ``translation`` so every source term follows the glossary.

    Returns the edited text (identical outside replaced spans) and the report
    of a fresh check on it.
    """
    lang = _lang(target)
    matches = _relevant(termbase, source, lang)
    norm = translation.translate(_TARGET_MAP)
    edits = []
    for match, hit in zip(matches, _locate(norm, matches, lang)):
        if hit is None or hit.good:
            continue
        case = _choose_case(hit.cases, translation[:hit.start], lang)
        forms = target_forms(match.entry, lang)
        new = forms.get(case) or forms.get((case[0], "sg")) or match.entry.preferred(lang)
        if at_sentence_start(translation, hit.start):
            new = new[:1].upper() + new[1:]
        edits.append((hit.start, hit.end, new))
    edited = translation
    for start, end, new in sorted(edits, reverse=True):
        edited = edited[:start] + new + edited[end:]
    return edited, check_translation(source, edited, lang, termbase)


def _lang(target: str) -> str:
    from .termbase import language_code

    return language_code(target)


# --- documents -----------------------------------------------------------------------


def _units(text: str, blocks: bool) -> list[tuple[int, int]]:
    """Spans of non-blank lines, or of blank-line separated blocks."""
    if blocks:
        return [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def pair_paragraphs(source_text: str, translation_text: str) -> list[tuple[str, tuple[int, int]]]:
    """Pair source units with spans of the translation: by line, else by block, else whole."""
    for blocks in (False, True):
        src, tr = _units(source_text, blocks), _units(translation_text, blocks)
        if len(src) == len(tr):
            return [(source_text[s:e], span) for (s, e), span in zip(src, tr)]
    return [(source_text, (0, len(translation_text)))]


def check_document(source_text: str, translation_text: str, target: str, termbase: Termbase) -> TermReport:
    """:func:`check_translation` over a whole document, paragraph by paragraph."""
    return TermReport.combine(
        check_translation(src, translation_text[s:e], target, termbase)
        for src, (s, e) in pair_paragraphs(source_text, translation_text)
    )


def apply_document(source_text: str, translation_text: str, target: str, termbase: Termbase) -> tuple[str, TermReport]:
    """:func:`apply_glossary` over a whole document; the skeleton is kept byte for byte."""
    reports = []
    pieces = []
    last = 0
    for src, (s, e) in pair_paragraphs(source_text, translation_text):
        edited, report = apply_glossary(src, translation_text[s:e], target, termbase)
        pieces += [translation_text[last:s], edited]
        last = e
        reports.append(report)
    pieces.append(translation_text[last:])
    return "".join(pieces), TermReport.combine(reports)

"""Checking and post-editing translations against the glossary.

Constrained decoding is not available, so terms are enforced after the fact.
:mod:`.locate` finds each source term's rendering in the translation (right
forms first, then known wrong ones, spelling variants, near misses,
paraphrases and acronyms).

:func:`check_translation` reports each term ``ok`` or ``missing``.
:func:`apply_glossary` replaces a wrong rendering with the preferred term,
but only when the form to write is determined (never worse):

* Russian: the case (and number) comes from the replaced span's own ending,
  read from the form it matched or, for near misses and paraphrases, from
  pymorphy3's reading of its words (which must agree: one case across a
  multiword name), narrowed by a preposition before it. The replacement is
  written only when every remaining reading gives the same text (a person of
  unknown gender counts both genders); otherwise the text is left alone and
  the term is ``unfixed``, with the candidate forms.
* Kazakh: the ending the translation put after the term is kept (re-harmonised
  when it is a case ending) and the term's words are corrected before it.

A term that starts a sentence is capitalised. Everything outside replaced
spans is byte-identical.
"""

from __future__ import annotations

import re

from .context_ru import (
    at_sentence_start, breaks_agreement, governing_context, preposition_mismatch, repeats_next_word, ru_replacement,
)
from .entry import language_code
from .forms import renderings as _renderings, target_forms, target_tables
from .hits import TARGET_MAP, Hit
from .locate import locate
from .match import TermMatch
from .report import TermReport, TermResult, merge_reports
from .termbase import Termbase

__all__ = [
    "TermReport", "TermResult", "apply_document", "apply_glossary", "check_document", "check_translation",
    "merge_reports", "pair_paragraphs", "renderings", "target_forms",
]


def renderings(termbase: Termbase, target: str) -> list[str]:
    """Every admitted target-language form of every entry (for faithfulness guards)."""
    return _renderings(termbase, _lang(target))


def _relevant(termbase: Termbase, source: str, lang: str) -> list[TermMatch]:
    return [m for m in termbase.find(source) if m.entry.preferred(lang)]


def _origin(match: TermMatch) -> str | None:
    return getattr(match.entry, "origin", None) or None


def check_translation(source: str, translation: str, target: str, termbase: Termbase) -> TermReport:
    """Whether each glossary term found in ``source`` is rendered per the glossary."""
    lang = _lang(target)
    matches = _relevant(termbase, source, lang)
    norm = translation.translate(TARGET_MAP)
    results = []
    for match, hit in zip(matches, locate(norm, matches, lang)):
        found = translation[hit.start:hit.end] if hit else None
        ok = hit is not None and hit.good
        results.append(TermResult(
            match.text, match.entry.preferred(lang), found, "ok" if ok else "missing",
            None if ok else ("no rendering found" if hit is None else f"wrong rendering ({hit.how})"),
            source_span=(match.start, match.end), target_span=(hit.start, hit.end) if hit else None,
            origin=_origin(match),
        ))
    return TermReport(results)


def _kk_replacement(hit: Hit, preferred: str, translation: str) -> str:
    from .morph_kk import CASE_TAILS, split_tail, with_tail

    last = re.findall(r"[\w-]*\w", translation[hit.start:hit.end])[-1]
    if hit.base:
        tail = split_tail(last, hit.base.split()[-1])[1]
    else:  # an acronym's expansion: its own ending, if it has a case ending
        tail = next((last[-n:] for n in range(6, 0, -1) if len(last) > n + 2 and last[-n:].lower() in CASE_TAILS), "")
    return with_tail(preferred, tail)



_KK_PARTICLES = {"мен": "ins", "бен": "ins", "пен": "ins", "да": "loc", "де": "loc", "та": "loc", "те": "loc"}


def _kk_particle_mismatch(new: str, after: str) -> bool:
    """Whether a separate word after the term that follows its last sound (Қазақстан мен, Астана да)
    would need another form after the new word; it lies outside the span, so the span is left alone."""
    from .morph_kk import ending

    m = re.match(r"\s+(\w+)(?!\w)", after)
    if not m or m.group(1).lower() not in _KK_PARTICLES:
        return False
    word = m.group(1).lower()
    return ending(new.split()[-1], _KK_PARTICLES[word]).lstrip("-") != word


def apply_glossary(source: str, translation: str, target: str, termbase: Termbase) -> tuple[str, TermReport]:
    """Post-edit ``translation`` so every source term follows the glossary, where that is sure.

    Returns the edited text (identical outside replaced spans) and a report:
    ``ok``, ``fixed`` (with the replaced text), ``missing`` or ``unfixed``
    (with the reason and candidate forms), target offsets in the edited text.
    """
    lang = _lang(target)
    matches = _relevant(termbase, source, lang)
    norm = translation.translate(TARGET_MAP)
    results: list[TermResult] = []
    edits: list[tuple[int, int, str, int]] = []
    hits = locate(norm, matches, lang)
    for index, (match, hit) in enumerate(zip(matches, hits)):
        expected = match.entry.preferred(lang)
        result = TermResult(match.text, expected, None, "missing", "no rendering found",
                            source_span=(match.start, match.end), origin=_origin(match))
        results.append(result)
        if hit is None:
            continue
        old = translation[hit.start:hit.end]
        result.found, result.target_span = old, (hit.start, hit.end)
        if hit.good:
            result.status, result.reason = "ok", None
            continue
        if lang == "kk":
            new, reason, candidates = _kk_replacement(hit, expected, translation), None, []
            if _kk_particle_mismatch(new, translation[hit.end:]):
                new, reason, candidates = None, "the particle after it would need another form", [new]
        elif lang == "ru":
            before = governing_context(translation, hit, [h for h in hits if h is not None])
            new, reason, candidates = ru_replacement(hit, target_tables(match.entry, lang), translation, before)
        else:
            new, reason, candidates = expected, None, []
        if new is None:
            result.status, result.reason, result.candidates = "unfixed", reason, candidates
            continue
        if at_sentence_start(translation, hit.start) or (old[:1].isupper() and new[:1].islower() and hit.how != "paraphrase" and match.entry.type == "person"):
            new = new[:1].upper() + new[1:]
        if new == old:
            result.status, result.reason = "ok", None
            continue
        subject = lang == "ru" and any(new.lower() == t.get(("nom", "sg"), "").lower() for t in target_tables(match.entry, lang))
        if lang == "ru" and preposition_mismatch(translation[:hit.start], old, new):
            result.status, result.reason = "unfixed", "the preposition before it would need another form"
            result.candidates = [new]
            continue
        if lang == "ru" and match.entry.type != "person" and breaks_agreement(
                old, new, translation[hit.end:], subject, translation[:hit.start]):
            result.status, result.reason = "unfixed", "a verb or adjective after it agrees with the old rendering"
            result.candidates = [new]
            continue
        if lang == "ru" and repeats_next_word(new, translation[hit.end:]):
            result.status, result.reason = "unfixed", "the replacement would repeat the next word"
            result.candidates = [new]
            continue
        result.status, result.reason, result.replaced = "fixed", None, old
        edits.append((hit.start, hit.end, new, index))
    edited, shift = [], 0
    last = 0
    for start, end, new, index in sorted(edits):
        edited += [translation[last:start], new]
        results[index].found = new
        results[index].target_span = (start + shift, start + shift + len(new))
        shift += len(new) - (end - start)
        last = end
    edited.append(translation[last:])
    for result in results:  # spans of untouched terms move with the edits before them
        if result.status != "fixed" and result.target_span:
            s, e = result.target_span
            moved = sum(len(n) - (ee - ss) for ss, ee, n, _ in edits if ee <= s)
            result.target_span = (s + moved, e + moved)
    return "".join(edited), TermReport(results)


def _lang(target: str) -> str:
    return language_code(target)


# --- documents -----------------------------------------------------------------------


def _units(text: str, blocks: bool) -> list[tuple[int, int]]:
    """Spans of non-blank lines, or of blank-line separated blocks."""
    if blocks:
        return [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    return [(m.start(), m.end()) for m in re.finditer(r"(?<![^\n])[^\n]*\S[^\n]*", text)]


def _pairs(source_text: str, translation_text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    for blocks in (False, True):
        src, tr = _units(source_text, blocks), _units(translation_text, blocks)
        if len(src) == len(tr):
            return list(zip(src, tr))
    return [((0, len(source_text)), (0, len(translation_text)))]


def pair_paragraphs(source_text: str, translation_text: str) -> list[tuple[str, tuple[int, int]]]:
    """Pair source units with spans of the translation: by line, else by block, else whole."""
    return [(source_text[s:e], span) for (s, e), span in _pairs(source_text, translation_text)]


def _shift(report: TermReport, source_offset: int, target_offset: int) -> TermReport:
    return TermReport([t.shifted(source_offset, target_offset) for t in report.terms])


def check_document(source_text: str, translation_text: str, target: str, termbase: Termbase) -> TermReport:
    """:func:`check_translation` over a whole document, paragraph by paragraph (offsets in the whole texts)."""
    return TermReport.combine(
        _shift(check_translation(source_text[ss:se], translation_text[s:e], target, termbase), ss, s)
        for (ss, se), (s, e) in _pairs(source_text, translation_text)
    )


def apply_document(source_text: str, translation_text: str, target: str, termbase: Termbase) -> tuple[str, TermReport]:
    """:func:`apply_glossary` over a whole document; the skeleton is kept byte for byte."""
    reports = []
    pieces: list[str] = []
    last = 0
    for (ss, se), (s, e) in _pairs(source_text, translation_text):
        edited, report = apply_glossary(source_text[ss:se], translation_text[s:e], target, termbase)
        pieces.append(translation_text[last:s])
        reports.append(_shift(report, ss, sum(len(p) for p in pieces)))
        pieces.append(edited)
        last = e
    pieces.append(translation_text[last:])
    return "".join(pieces), TermReport.combine(reports)

"""Summaries of press releases in the languages of the audience.

:func:`summarize_document` is the entry point. The default *extractive*
method needs no model (and never imports torch): it picks whole English
source sentences, lead first, and sends them through the translation
pipeline for other languages. The *abstractive* method runs a seq2seq
summariser, checks it with the faithfulness guard and falls back to the
extractive summary (with a note) when the summary names, counts or dates
something the source does not.

How each language is served by ``--method abstractive``:

- ``en``: the summariser (default ``bart-large-cnn``) reads the release.
- a language the summariser covers (``ru`` with the default mT5 XL-Sum):
  the release is translated first, then summarised in that language, and
  the guard compares the summary with that translation.
- any other language (``kk``: no public summariser): the English summary,
  once guarded, is translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.errors import InputError
from translate.languages import Language, resolve_language

from .extractive import Extract, SourceSentence, extract
from .guard import Allowed, GuardReport, check

METHODS = ("extractive", "abstractive")
SOURCE_LANGUAGE = "en"


@dataclass
class SummarySentence:
    """One sentence of a summary and where it came from."""

    text: str
    position: int | None  # index of the source sentence (extractive); None for generated text
    source: str | None = None  # the English source sentence, when this one is its translation

    def to_dict(self) -> dict:
        data = {"text": self.text, "position": self.position}
        if self.source is not None:
            data["source"] = self.source
        return data


@dataclass
class Summary:
    """A summary in one language and what made it."""

    language: str
    method: str  # the method that produced the text: "extractive" or "abstractive"
    sentences: list[SummarySentence]
    summarizer: dict | None = None  # {"id", "revision", "family", "settings"} for abstractive
    translator: dict | None = None  # {"id", "revision", "backend"} when a translation was involved
    requested_method: str = "extractive"
    notes: list[str] = field(default_factory=list)
    guard: GuardReport | None = None
    terms: object | None = None  # the glossary's TermReport for a translated summary

    @property
    def fallback(self) -> bool:
        """True when abstractive was asked for but the extractive summary was returned."""
        return self.method != self.requested_method

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict:
        """JSON-ready form: method, model ids, sentences with their source positions, notes."""
        data = {
            "language": self.language,
            "method": self.method,
            "requested_method": self.requested_method,
            "fallback": self.fallback,
            "models": {"summarizer": self.summarizer, "translator": self.translator},
            "sentences": [s.to_dict() for s in self.sentences],
            "text": self.text,
            "notes": list(self.notes),
        }
        if self.guard is not None:
            data["guard"] = self.guard.to_dict()
        if self.terms is not None:
            data["terms"] = self.terms.to_dict()
        return data


def summarize_document(
    text: str,
    targets: Sequence[Language | str],
    *,
    sentences: int | None = None,
    words: int | None = None,
    method: str = "extractive",
    model: str | None = None,
    translate_options=None,
    allowed: Allowed = None,
    fmt: str = "md",
) -> list[Summary]:
    """Summarise an English release into each of ``targets`` (in order).

    ``sentences`` or ``words`` (not both) sets the length; the default is
    three sentences. ``model`` picks the abstractive summariser (registered
    name, hub id or directory); ``translate_options`` (a
    :class:`translate.pipeline.TranslateOptions`) how summaries are
    translated and on which device models run. ``allowed`` adds renderings
    the faithfulness guard accepts besides the source's own words.
    """
    if sentences is not None and words is not None:
        raise ValueError("give sentences or words, not both")
    for label, value in (("sentences", sentences), ("words", words)):
        if value is not None and value <= 0:
            raise ValueError(f"{label} must be a positive number, not {value}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use {' or '.join(METHODS)}")
    languages = _languages(targets)
    picked = extract(text, sentences=sentences, words=words)
    if not picked.release.sentences:
        raise InputError("the input has no sentences to summarise (only a headline, images or markup)")
    run = _Run(text, picked, languages, sentences, words, model, translate_options, allowed, fmt)
    return run.abstractive() if method == "abstractive" else run.extractive()


def _languages(targets: Sequence[Language | str]) -> list[Language]:
    languages: list[Language] = []
    for target in targets:
        language = target if isinstance(target, Language) else resolve_language(target)
        if language not in languages:
            languages.append(language)
    if not languages:
        raise ValueError("no target language given")
    return languages


def _translate_document(text: str, languages: list[Language], options, fmt: str):
    """The translation pipeline; a missing translation model is marked as the summary's translator."""
    from translate.errors import ModelNotAvailable, NoDefaultModel
    from translate.pipeline import translate_document

    try:
        return translate_document(text, languages, options, fmt=fmt)
    except (ModelNotAvailable, NoDefaultModel) as exc:
        # Here the summariser is "the model"; a front end words its advice for the translation model.
        exc.role = "translator"
        raise


class _Run:
    """One summarize_document call: shared state for its languages."""

    def __init__(self, text, picked: Extract, languages, sentences, words, model, translate_options, allowed, fmt):
        self.text = text
        self.picked = picked
        self.languages = languages
        self.sentences = sentences
        self.words = words
        self.model = model
        self.options = translate_options
        self.allowed = allowed
        self.fmt = fmt
        self._translated_extract: dict[str, Summary] = {}

    # -------------------------------------------------------- extractive

    def english_extract(self) -> Summary:
        return Summary(
            language=SOURCE_LANGUAGE,
            method="extractive",
            sentences=[SummarySentence(s.text, s.index) for s in self.picked.chosen],
            notes=list(self.picked.notes),
        )

    def extractive(self) -> list[Summary]:
        others = [lang for lang in self.languages if lang.iso1 != SOURCE_LANGUAGE]
        translated = self.translate_extract(others)
        return [self.english_extract() if lang.iso1 == SOURCE_LANGUAGE else translated[lang.iso1] for lang in self.languages]

    def translate_extract(self, languages: list[Language]) -> dict[str, Summary]:
        """The extractive summary translated into each of ``languages`` (one pipeline call for all)."""
        wanted = [lang for lang in languages if lang.iso1 not in self._translated_extract]
        if wanted:
            chosen = self.picked.chosen
            for lang, (texts, translator, terms) in zip(wanted, self.translate([s.text for s in chosen], wanted)):
                self._translated_extract[lang.iso1] = Summary(
                    language=lang.iso1,
                    method="extractive",
                    sentences=[SummarySentence(t, s.index, s.text) for t, s in zip(texts, chosen)],
                    translator=translator,
                    notes=list(self.picked.notes),
                    terms=terms,
                )
        return {lang.iso1: self._translated_extract[lang.iso1] for lang in languages}

    def translate(self, texts: list[str], languages: list[Language]) -> list[tuple[list[str], dict, dict | None]]:
        """Translate sentences into each language: one paragraph per sentence through the pipeline."""
        if not languages:
            return []
        results = _translate_document("\n\n".join(texts), languages, self.options, "txt")
        out = []
        for result in results:
            by_unit: dict[int, list[str]] = {}
            for segment in result.segments:
                by_unit.setdefault(segment.unit, []).append(segment.target)
            translated = [" ".join(by_unit[u]).strip() for u in sorted(by_unit)]
            if len(translated) != len(texts):  # the skeleton did not survive: keep the paragraphs we got
                translated = [p.strip() for p in result.text.split("\n\n") if p.strip()]
                if len(translated) != len(texts):
                    translated = [" ".join(translated)] + [""] * (len(texts) - 1)
            terms = getattr(result, "terms", None)
            out.append((translated, _translator_info(result), terms))
        return out

    # -------------------------------------------------------- abstractive

    def abstractive(self) -> list[Summary]:
        from translate.registry import resolve_model

        from .abstractive import Summarizer

        device = getattr(self.options, "device", "auto")
        loaded: dict[tuple, Summarizer] = {}

        def summarizer_for(language: Language) -> Summarizer:
            ref = resolve_model(self.model, language, task="summarization", licence=getattr(self.options, "licence", None))
            key = (ref.model_id, ref.revision)
            if key not in loaded:
                loaded[key] = Summarizer(ref, device=device)
            return loaded[key]

        english_cache: list[Summary] = []

        def english() -> Summary:
            if not english_cache:
                english_cache.append(self.summarise_english(summarizer_for(resolve_language(SOURCE_LANGUAGE))))
            return english_cache[0]

        results: list[Summary] = []
        via_english: list[Language] = []
        for lang in self.languages:
            if lang.iso1 == SOURCE_LANGUAGE:
                results.append(english())
                continue
            native = self._native_summarizer(lang, summarizer_for)
            if native is not None:
                results.append(self.summarise_native(native, lang))
            else:
                results.append(None)  # filled below, after one translation call for all of them
                via_english.append(lang)
        if via_english:
            base = english()
            if base.method == "abstractive":
                translations = dict(zip([lang.iso1 for lang in via_english], self.translate([s.text for s in base.sentences], via_english)))
                filled = {
                    code: Summary(
                        language=code,
                        method="abstractive",
                        sentences=[SummarySentence(t, None, s.text) for t, s in zip(texts, base.sentences)],
                        summarizer=base.summarizer,
                        translator=translator,
                        terms=terms,
                        requested_method="abstractive",
                        notes=base.notes + [f"{resolve_language(code).name} summary translated from the English summary"],
                        guard=base.guard,
                    )
                    for code, (texts, translator, terms) in translations.items()
                }
            else:  # the English summary fell back: so do its translations
                filled = {}
                for code, summary in self.translate_extract(via_english).items():
                    filled[code] = _as_fallback(summary, base)
            results = [r if r is not None else filled[lang.iso1] for r, lang in zip(results, self.languages)]
        return results

    def _native_summarizer(self, lang: Language, summarizer_for):
        """The summariser that writes ``lang`` itself, or None when ``lang`` goes through English."""
        from translate.errors import UnsupportedLanguage

        try:
            summarizer = summarizer_for(lang)
        except UnsupportedLanguage:  # no default summariser for this language (kk)
            return None
        return summarizer if summarizer.covers(lang) else None

    def summarise_english(self, summarizer) -> Summary:
        release = self.picked.release
        body = "\n".join(s.text for s in release.sentences)
        english = resolve_language(SOURCE_LANGUAGE)
        output = summarizer.summarize(body, english, title=release.headline or "", sentences=self.sentences, words=self.words)
        return self.guarded(output, self.text, summarizer, english, fallback=self.english_extract)

    def summarise_native(self, summarizer, lang: Language) -> Summary:
        """Translate the release into ``lang``, then summarise it there (e.g. mT5 XL-Sum for Russian)."""
        release = self.picked.release
        body = "\n\n".join(s.text for s in release.sentences)
        [translation] = _translate_document(body, [lang], self.options, "txt")
        output = summarizer.summarize(translation.text, lang, sentences=self.sentences, words=self.words)
        allowed = self.allowed if self.allowed is not None else self.glossary_renderings(body, lang)
        summary = self.guarded(
            output,
            translation.text,
            summarizer,
            lang,
            fallback=lambda: self.translate_extract([lang])[lang.iso1],
            allowed=allowed,
        )
        if summary.method == "abstractive":
            summary.translator = _translator_info(translation)
            summary.notes.append(f"summarised from the {lang.name} translation of the release")
        return summary

    def glossary_renderings(self, source: str, lang: Language) -> list[str] | None:
        """Target-language forms of the glossary terms found in the English ``source`` (None without a glossary)."""
        options = self.options
        if options is not None and not getattr(options, "glossary", True):
            return None
        try:
            from translate.glossary import load_glossary, target_forms

            termbase = load_glossary(list(getattr(options, "glossary_paths", ()) or ()))
            forms: list[str] = []
            for match in termbase.find(source):
                entry = match.entry
                forms += [*entry.admitted(lang.iso1), *target_forms(entry, lang.iso1).values()]
        except ImportError:  # the glossary package is optional
            return None
        return forms

    def guarded(self, output: str, source: str, summarizer, lang: Language, *, fallback, allowed: Allowed = None) -> Summary:
        """Keep the model's summary if the guard passes, else the extractive one with a note."""
        from translate.segment import split_sentences

        info = summarizer.describe()
        info["settings"] = summarizer.generation_settings(sentences=self.sentences, words=self.words).as_dict()
        parts = [p.strip() for p in split_sentences(output) if p.strip()]
        notes: list[str] = []
        if self.sentences is not None and len(parts) > self.sentences:
            parts = parts[: self.sentences]
        if self.words is not None:
            kept: list[str] = []
            for part in parts:
                if sum(len(p.split()) for p in kept) + len(part.split()) > self.words:
                    break
                kept.append(part)
            if not kept and parts:
                kept = parts[:1]
                notes.append(f"the model's first sentence has {len(parts[0].split())} words, more than {self.words}")
            parts = kept
        if not parts:
            report = GuardReport()
            reason = "the model produced no text"
        else:
            report = check(" ".join(parts), source, allowed=allowed if allowed is not None else self.allowed)
            reason = report.describe()
        if parts and report.ok:
            return Summary(
                language=lang.iso1,
                method="abstractive",
                sentences=[SummarySentence(p, None) for p in parts],
                summarizer=info,
                requested_method="abstractive",
                notes=notes,
                guard=report,
            )
        summary = fallback()
        return _as_fallback(summary, None, info=info, reason=reason, report=report)


def _as_fallback(summary: Summary, base: Summary | None, *, info=None, reason=None, report=None) -> Summary:
    """A copy of an extractive summary marked as the fallback of an abstractive attempt."""
    if base is not None:
        note = base.notes[-1] if base.notes else "abstractive summary rejected; using the extractive summary"
        report = base.guard
    elif report is not None and not report.ok:
        note = (
            f"abstractive summary by {info['id']} rejected by the faithfulness guard ({reason}); "
            "using the extractive summary"
        )
    else:
        note = f"abstractive summary by {info['id']} is unusable ({reason}); using the extractive summary"
    return Summary(
        language=summary.language,
        method="extractive",
        sentences=summary.sentences,
        summarizer=None,
        translator=summary.translator,
        requested_method="abstractive",
        notes=[*summary.notes, note],
        guard=report,
        terms=summary.terms,
    )


def _translator_info(result) -> dict:
    return {"id": result.model_id, "revision": result.revision, "backend": result.backend}


__all__ = ["METHODS", "Summary", "SummarySentence", "SourceSentence", "summarize_document"]

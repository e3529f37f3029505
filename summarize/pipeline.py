"""One summary request, top to bottom: extract, summarise, guard, translate.

:func:`summarize_document` validates a :class:`SummaryOptions`, picks the
extractive sentences once, then serves each target language:

- **extractive**: English is the picked sentences; every other language is
  those sentences through the translation pipeline (one call for all).
- **abstractive**: English is the summariser's output on the release; a
  language with a summariser of its own (``ru`` with mT5 XL-Sum) is the
  release translated, then summarised there; any other language (``kk``) is
  the English summary, translated. Every generated summary passes the
  faithfulness guard or falls back to the extractive one, with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from translate.errors import InputError, ModelNotAvailable, NoDefaultModel, UnsupportedLanguage
from translate.languages import Language, resolve_language

from .extractive import Extract, extract
from .guard import Allowed, GuardReport, check
from .results import Summary, SummarySentence

if TYPE_CHECKING:
    from translate.pipeline import DocumentTranslation, TranslateOptions

    from .abstractive import Summarizer

METHODS = ("extractive", "abstractive")
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class SummaryOptions:
    """How long a summary is, how it is made, and how it is translated.

    ``sentences`` or ``words`` (not both) sets the length (default: three
    sentences). ``model`` picks the abstractive summariser (registered name,
    hub id or directory); ``translate`` how summaries are translated and on
    which device models run. ``allowed`` adds renderings the faithfulness
    guard accepts besides the source's own words (default: the glossary's).
    """

    sentences: int | None = None
    words: int | None = None
    method: str = "extractive"
    model: str | None = None
    translate: TranslateOptions | None = None
    allowed: Allowed = None
    fmt: str = "md"

    def __post_init__(self) -> None:
        if self.sentences is not None and self.words is not None:
            raise ValueError("give sentences or words, not both")
        for label, value in (("sentences", self.sentences), ("words", self.words)):
            if value is not None and value <= 0:
                raise ValueError(f"{label} must be a positive number, not {value}")
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; use {' or '.join(METHODS)}")

    def translation(self) -> TranslateOptions:
        """The translation options, defaults filled in."""
        from translate.pipeline import TranslateOptions

        return self.translate if self.translate is not None else TranslateOptions()


def summarize_document(
    text: str,
    targets: Sequence[Language | str],
    *,
    sentences: int | None = None,
    words: int | None = None,
    method: str = "extractive",
    model: str | None = None,
    translate_options: TranslateOptions | None = None,
    allowed: Allowed = None,
    fmt: str = "md",
) -> list[Summary]:
    """Summarise an English release into each of ``targets``, in order (see :class:`SummaryOptions`)."""
    options = SummaryOptions(sentences, words, method, model, translate_options, allowed, fmt)
    languages = _languages(targets)
    picked = extract(text, sentences=sentences, words=words)
    if not picked.release.sentences:
        raise InputError("the input has no sentences to summarise (only a headline, images or markup)")
    request = _Request(text, picked, options)
    if options.method == "extractive":
        return request.extractive(languages)
    return request.abstractive(languages)


def _languages(targets: Sequence[Language | str]) -> list[Language]:
    languages: list[Language] = []
    for target in targets:
        language = target if isinstance(target, Language) else resolve_language(target)
        if language not in languages:
            languages.append(language)
    if not languages:
        raise ValueError("no target language given")
    return languages


class _Request:
    """One summarize_document call: the source, its picked sentences, and what was made so far."""

    def __init__(self, text: str, picked: Extract, options: SummaryOptions):
        self.text = text
        self.picked = picked
        self.options = options
        self.translation = options.translation()
        self._extracts: dict[str, Summary] = {}  # translated extractive summaries, by language
        self._summarizers: dict[tuple, Summarizer] = {}  # loaded once per model
        self._english: Summary | None = None  # the English abstractive summary, made once

    # ------------------------------------------------------------ extractive

    def extractive(self, languages: list[Language]) -> list[Summary]:
        """The picked sentences in every language."""
        translated = self.translated_extracts([lang for lang in languages if lang.iso1 != SOURCE_LANGUAGE])
        return [self.english_extract() if lang.iso1 == SOURCE_LANGUAGE else translated[lang.iso1] for lang in languages]

    def english_extract(self) -> Summary:
        chosen = self.picked.chosen
        return Summary(SOURCE_LANGUAGE, "extractive", [SummarySentence(s.text, s.index) for s in chosen],
                       notes=list(self.picked.notes))

    def translated_extracts(self, languages: list[Language]) -> dict[str, Summary]:
        """The extractive summary in each of ``languages`` (one pipeline call for those not made yet)."""
        wanted = [lang for lang in languages if lang.iso1 not in self._extracts]
        chosen = self.picked.chosen
        for lang, translated in zip(wanted, self.translate_sentences([s.text for s in chosen], wanted)):
            self._extracts[lang.iso1] = Summary(
                lang.iso1, "extractive", [SummarySentence(t, s.index, s.text) for t, s in zip(translated.texts, chosen)],
                translator=translated.translator, notes=list(self.picked.notes), terms=translated.terms,
            )
        return {lang.iso1: self._extracts[lang.iso1] for lang in languages}

    # ------------------------------------------------------------ abstractive

    def abstractive(self, languages: list[Language]) -> list[Summary]:
        """A generated summary in every language, each guarded; see the module's docstring for the routes."""
        made: dict[str, Summary] = {}
        via_english: list[Language] = []
        for lang in languages:
            if lang.iso1 == SOURCE_LANGUAGE:
                made[lang.iso1] = self.english_abstract()
            elif (native := self.native_summarizer(lang)) is not None:
                made[lang.iso1] = self.summarise_in(native, lang)
            else:
                via_english.append(lang)
        if via_english:
            made.update(self.translated_abstracts(via_english))
        return [made[lang.iso1] for lang in languages]

    def summarizer(self, language: Language) -> Summarizer:
        """The summariser for ``language`` (the requested model, or the registry's default), loaded once."""
        from translate.registry import resolve_model

        from .abstractive import Summarizer

        ref = resolve_model(self.options.model, language, task="summarization", licence=self.translation.licence)
        key = (ref.model_id, ref.revision)
        if key not in self._summarizers:
            self._summarizers[key] = Summarizer(ref, device=self.translation.device)
        return self._summarizers[key]

    def native_summarizer(self, lang: Language) -> Summarizer | None:
        """The summariser that writes ``lang`` itself, or None when ``lang`` goes through English."""
        try:
            summarizer = self.summarizer(lang)
        except UnsupportedLanguage:  # no default summariser for this language (kk)
            return None
        return summarizer if summarizer.covers(lang) else None

    def english_abstract(self) -> Summary:
        """The English summary of the release, made once."""
        if self._english is None:
            release = self.picked.release
            english = resolve_language(SOURCE_LANGUAGE)
            summarizer = self.summarizer(english)
            body = "\n".join(s.text for s in release.sentences)
            output = summarizer.summarize(body, english, title=release.headline or "",
                                          sentences=self.options.sentences, words=self.options.words)
            self._english = self.guarded(output, self.text, summarizer, english, fallback=self.english_extract)
        return self._english

    def summarise_in(self, summarizer: Summarizer, lang: Language) -> Summary:
        """Translate the release into ``lang``, then summarise it there (e.g. mT5 XL-Sum for Russian)."""
        body = "\n\n".join(s.text for s in self.picked.release.sentences)
        [translation] = self.translate_document(body, [lang])
        output = summarizer.summarize(translation.text, lang, sentences=self.options.sentences, words=self.options.words)
        allowed = self.options.allowed if self.options.allowed is not None else self.glossary_renderings(body, lang)
        summary = self.guarded(output, translation.text, summarizer, lang,
                               fallback=lambda: self.translated_extracts([lang])[lang.iso1], allowed=allowed)
        if summary.method == "abstractive":
            summary.translator = _translator_info(translation)
            summary.notes.append(f"summarised from the {lang.name} translation of the release")
        return summary

    def translated_abstracts(self, languages: list[Language]) -> dict[str, Summary]:
        """The English summary in each of ``languages``; if it fell back, so do they."""
        base = self.english_abstract()
        if base.method != "abstractive":
            note = base.notes[-1] if base.notes else "abstractive summary rejected; using the extractive summary"
            return {code: summary.as_fallback(note, base.guard) for code, summary in self.translated_extracts(languages).items()}
        made = {}
        for lang, translated in zip(languages, self.translate_sentences([s.text for s in base.sentences], languages)):
            made[lang.iso1] = Summary(
                lang.iso1, "abstractive",
                [SummarySentence(t, None, s.text) for t, s in zip(translated.texts, base.sentences)],
                summarizer=base.summarizer, translator=translated.translator, terms=translated.terms,
                requested_method="abstractive", guard=base.guard,
                notes=base.notes + [f"{lang.name} summary translated from the English summary"],
            )
        return made

    def guarded(self, output: str, source: str, summarizer: Summarizer, lang: Language, *, fallback,
                allowed: Allowed = None) -> Summary:
        """Keep the model's summary, cut to length, if the guard passes; else the extractive one with a note."""
        from translate.segment import split_sentences

        info = summarizer.describe()
        info["settings"] = summarizer.generation_settings(sentences=self.options.sentences, words=self.options.words).as_dict()
        parts, notes = _cut_to_length([p.strip() for p in split_sentences(output) if p.strip()], self.options)
        if not parts:
            report, reason = GuardReport(), "the model produced no text"
        else:
            report = check(" ".join(parts), source, allowed=allowed if allowed is not None else self.options.allowed)
            reason = report.describe()
        if parts and report.ok:
            return Summary(lang.iso1, "abstractive", [SummarySentence(p, None) for p in parts], summarizer=info,
                           requested_method="abstractive", notes=notes, guard=report)
        if parts:
            note = f"abstractive summary by {info['id']} rejected by the faithfulness guard ({reason}); "
        else:
            note = f"abstractive summary by {info['id']} is unusable ({reason}); "
        return fallback().as_fallback(note + "using the extractive summary", report)

    def glossary_renderings(self, source: str, lang: Language) -> list[str] | None:
        """Target-language forms of the glossary terms found in the English ``source`` (None without a glossary)."""
        if not self.translation.glossary:
            return None
        from translate.glossary import load_glossary, target_forms

        forms: list[str] = []
        for match in load_glossary(list(self.translation.glossary_paths)).find(source):
            forms += [*match.entry.admitted(lang.iso1), *target_forms(match.entry, lang.iso1).values()]
        return forms

    # ------------------------------------------------------------ translation

    def translate_document(self, text: str, languages: list[Language]) -> list[DocumentTranslation]:
        """The translation pipeline; a missing translation model is marked as the summary's translator."""
        from translate.pipeline import translate_document

        try:
            return translate_document(text, languages, self.translation, fmt="txt")
        except (ModelNotAvailable, NoDefaultModel) as exc:
            # Here the summariser is "the model"; a front end words its advice for the translation model.
            exc.role = "translator"
            raise

    def translate_sentences(self, texts: list[str], languages: list[Language]) -> list[_Translated]:
        """Translate sentences into each language: one paragraph per sentence through the pipeline."""
        if not languages:
            return []
        out = []
        for result in self.translate_document("\n\n".join(texts), languages):
            by_unit: dict[int, list[str]] = {}
            for segment in result.segments:
                by_unit.setdefault(segment.unit, []).append(segment.target)
            translated = [" ".join(by_unit[u]).strip() for u in sorted(by_unit)]
            if len(translated) != len(texts):  # the skeleton did not survive: keep the paragraphs we got
                translated = [p.strip() for p in result.text.split("\n\n") if p.strip()]
                if len(translated) != len(texts):
                    translated = [" ".join(translated)] + [""] * (len(texts) - 1)
            out.append(_Translated(translated, _translator_info(result), result.terms))
        return out


@dataclass(frozen=True)
class _Translated:
    """Summary sentences in one language, with the model that translated them and the glossary's report."""

    texts: list[str]
    translator: dict
    terms: object | None


def _cut_to_length(parts: list[str], options: SummaryOptions) -> tuple[list[str], list[str]]:
    """The generated sentences within the requested length, and a note when even the first is too long."""
    notes: list[str] = []
    if options.sentences is not None:
        parts = parts[: options.sentences]
    if options.words is not None:
        kept: list[str] = []
        for part in parts:
            if sum(len(p.split()) for p in kept) + len(part.split()) > options.words:
                break
            kept.append(part)
        if not kept and parts:
            kept = parts[:1]
            notes.append(f"the model's first sentence has {len(parts[0].split())} words, more than {options.words}")
        parts = kept
    return parts, notes


def _translator_info(result: DocumentTranslation) -> dict:
    return {"id": result.model_id, "revision": result.revision, "backend": result.backend}

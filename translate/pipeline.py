"""The translation pipeline: document → segments → translator → glossary → document.

:func:`translate_document` is the one entry point the CLI (and the summariser)
calls. It parses the document, splits units into sentences, sends only the
sentences with words in them to a translator, post-edits glossary terms and
rebuilds the document's exact skeleton.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .backends.base import DecodeSettings
from .document import PLACEHOLDER, Document, parse_document
from .languages import Language, resolve_language
from .memory import HumanTranslation
from .segment import split_with_gaps
from .translator import ProgressListener, Translator, build_translator

SOURCE_LANGUAGE = "en"
_HAS_WORD = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class TranslateOptions:
    """How to translate: model, engine, decoding, glossary and memory switches."""

    model: str | None = None
    backend: str = "transformers"
    device: str = "auto"
    settings: DecodeSettings = DecodeSettings()
    glossary: bool = True
    glossary_paths: tuple[Path, ...] = ()
    memory: bool = True
    progress: ProgressListener | None = None  # (done, total, language); a front end draws it
    licence: str | None = None  # "any" or "permissive"; None: the office setting (translate.licences)
    # A ready translator to use for every target instead of loading a model (embedding, tests).
    translator: Translator | None = None


@dataclass
class Segment:
    """One source sentence and its translation, protected spans restored."""

    source: str
    target: str
    unit: int
    translated: bool = True  # False for segments with no words (numbers, URLs) copied as they are
    raw: str | None = None  # the translation before glossary post-editing
    key: str | None = None  # the sentence as the model (and the memory) saw it, protected spans as placeholders


@dataclass
class DocumentTranslation:
    """A translated document and what made it."""

    language: str
    model_id: str
    revision: str | None
    backend: str
    settings: dict
    segments: list[Segment]
    text: str
    terms: object | None = None  # glossary TermReport, when a glossary was applied
    notes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # each unit's finished text, in document order

    def to_dict(self) -> dict:
        """JSON-ready form: model, revision, settings, segments in document order, term report."""
        data = {
            "language": self.language,
            "model_id": self.model_id,
            "revision": self.revision,
            "backend": self.backend,
            "settings": self.settings,
            "segments": [{"source": s.source, "target": s.target} for s in self.segments],
        }
        if self.terms is not None:
            data["terms"] = self.terms.to_dict()
        return data


def translate_document(
    text: str,
    targets: Sequence[Language | str],
    options: TranslateOptions | None = None,
    *,
    fmt: str = "md",
    translators: dict | None = None,
) -> list[DocumentTranslation]:
    """Translate an English document (Markdown or plain text) into each of ``targets``.

    ``translators`` caches loaded models between calls (a long-running server passes one dict).
    """
    return translate_parsed(parse_document(text, fmt), targets, options, translators=translators)


def translate_parsed(
    document, targets: Sequence[Language | str], options: TranslateOptions | None = None, *, translators: dict | None = None
) -> list[DocumentTranslation]:
    """Translate an already parsed document (a Markdown :class:`Document` or a Word/HTML ``TaggedDocument``).

    Each result's ``units`` holds the finished text of every unit, in order.
    """
    options = options or TranslateOptions()
    languages = [t if isinstance(t, Language) else resolve_language(t) for t in targets]
    source = resolve_language(SOURCE_LANGUAGE)
    pieces = [split_with_gaps(unit.text) for unit in document.units]
    # Only sentences with words reach the model; a repeated sentence is translated once.
    sentences = list(dict.fromkeys(s for unit in pieces for s, _gap in unit if _HAS_WORD.search(PLACEHOLDER.sub("", s))))
    termbase = _load_termbase(options)
    results = []
    cache: dict[tuple, Translator] = {} if translators is None else translators
    for target in languages:
        translator = options.translator or build_translator(target, options, cache=cache)
        outputs = dict(zip(sentences, translator.translate(sentences, source, target, options.settings, progress=options.progress)))
        results.append(_assemble(document, pieces, outputs, target, translator, options, termbase))
    return results


def translate_documents(
    documents: Sequence[tuple[str, str]],
    targets: Sequence[Language | str],
    options: TranslateOptions | None = None,
    *,
    translators: dict | None = None,
) -> list[list[DocumentTranslation]]:
    """Translate several ``(text, fmt)`` documents with one translator call per language.

    The sentences of all documents (a repeated one once) reach the model
    together, so its length-sorted batches are full; each document is then
    assembled exactly as :func:`translate_document` assembles one. Returns,
    per document in order, one result per target. ``translators`` caches
    loaded models between calls.
    """
    options = options or TranslateOptions()
    languages = [t if isinstance(t, Language) else resolve_language(t) for t in targets]
    source = resolve_language(SOURCE_LANGUAGE)
    prepared = []
    for text, fmt in documents:
        document = parse_document(text, fmt)
        prepared.append((document, [split_with_gaps(unit.text) for unit in document.units]))
    sentences = list(dict.fromkeys(
        s for _doc, pieces in prepared for unit in pieces for s, _gap in unit if _HAS_WORD.search(PLACEHOLDER.sub("", s))
    ))
    termbase = _load_termbase(options)
    cache: dict[tuple, Translator] = {} if translators is None else translators
    results: list[list[DocumentTranslation]] = [[] for _ in prepared]
    for target in languages:
        translator = options.translator or build_translator(target, options, cache=cache)
        outputs = dict(zip(sentences, translator.translate(sentences, source, target, options.settings, progress=options.progress)))
        for result, (document, pieces) in zip(results, prepared):
            result.append(_assemble(document, pieces, outputs, target, translator, options, termbase))
    return results


def _assemble(document: Document, pieces, outputs: dict[str, str], target: Language, translator, options, termbase):
    unit_texts: list[str] = []
    source_texts: list[str] = []
    segments: list[Segment] = []
    reports = []
    for index, unit_pieces in enumerate(pieces):
        out = []
        for sentence, gap in unit_pieces:
            source_sentence = document.restore(index, sentence, sentence, source_texts)
            if sentence in outputs:
                translated = raw = document.restore(index, outputs[sentence], sentence, unit_texts)
                if termbase is not None and isinstance(outputs[sentence], HumanTranslation):
                    # A person chose these words: the glossary reports on them but never rewrites them.
                    reports.append(_check_glossary(source_sentence, translated, target, termbase))
                elif termbase is not None:
                    translated, report = _apply_glossary(source_sentence, translated, target, termbase)
                    reports.append(report)
                segments.append(Segment(source_sentence, translated, index, raw=raw, key=sentence))
            else:
                translated = document.restore(index, sentence, sentence, unit_texts)
                if sentence:
                    segments.append(Segment(source_sentence, translated, index, translated=False))
            out.append(translated + gap)
        unit_texts.append("".join(out))
        source_texts.append(document.restore(index, document.units[index].text, document.units[index].text, source_texts))
    return DocumentTranslation(
        language=target.iso1,
        model_id=translator.model_id,
        revision=translator.revision,
        backend=translator.name,
        settings=options.settings.as_dict(),
        segments=segments,
        text=document.render(unit_texts),
        units=unit_texts,
        terms=_merge_reports(reports) if termbase is not None else None,
    )


def _load_termbase(options: TranslateOptions):
    if not options.glossary:
        return None
    from .glossary import load_glossary

    return load_glossary(list(options.glossary_paths))


def _check_glossary(source: str, translation: str, target: Language, termbase):
    from .glossary import check_translation

    return check_translation(source, translation, target.iso1, termbase)


def _apply_glossary(source: str, translation: str, target: Language, termbase):
    from .glossary import apply_glossary

    return apply_glossary(source, translation, target.iso1, termbase)


def _merge_reports(reports):
    from .glossary import merge_reports

    return merge_reports(reports)

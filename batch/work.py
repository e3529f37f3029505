"""The unit of batch work, shared by every engine: translate one chunk of documents.

Both engines call :func:`translate_chunk` on the same fixed chunks, with the
same translators (model loaded once per process) and the same view of the
translation memory, so they produce byte-identical outputs:

* a backend's output for a sentence can depend on the other sentences of its
  batch (the output cap follows the batch's longest source), so the chunks
  are fixed by input order before any engine sees them;
* the memory is read as it was when the run started (:class:`RunStartMemory`):
  otherwise a chunk would be served sentences that another chunk translated
  a moment earlier in one engine and not yet in the other. New translations
  are still written, for the next run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from translate.errors import InputError
from translate.languages import resolve_language
from translate.memory import TranslationMemory
from translate.pipeline import TranslateOptions, translate_documents

from .manifest import Expected

TRANSLATION, SUMMARY = "translation", "summary"
_CHUNK_KEYS = 400


@dataclass(frozen=True)
class BatchJob:
    """What every chunk of a run is translated with (picklable: it travels to Ray actors)."""

    targets: tuple[str, ...]  # ISO 639-1 codes
    options: TranslateOptions
    out_format: str | None = None  # md | txt | json; None: each input's own kind
    summaries: bool = False
    cutoff: float = 0.0  # memory rows written after this (by this run) are not read

    def output_name(self, out_stem: str, fmt: str, lang: str, kind: str = TRANSLATION) -> str:
        """An output's path relative to the output directory: ``sub/name.ru.md``, ``sub/name.summary.ru.txt``."""
        if kind == SUMMARY:
            return f"{out_stem}.summary.{lang}.txt"
        return f"{out_stem}.{lang}.{self.out_format or fmt}"

    def expected(self, out_stem: str, fmt: str, digests: dict[str, str]) -> list[Expected]:
        """The manifest rows a finished document has, with the settings digest of each language."""
        kinds = (TRANSLATION, SUMMARY) if self.summaries else (TRANSLATION,)
        return [
            Expected(kind, lang, self.output_name(out_stem, fmt, lang, kind), kind_digest(digests[lang], kind))
            for kind in kinds for lang in self.targets
        ]


def kind_digest(digest: str, kind: str) -> str:
    return digest if kind == TRANSLATION else hashlib.sha256(f"{digest}/{kind}".encode()).hexdigest()


class RunStartMemory(TranslationMemory):
    """The translation memory as it was when the run started, for reading; writes go through."""

    def __init__(self, cutoff: float, path=None):
        super().__init__(path)
        self.cutoff = cutoff

    def lookup(self, context, sources):
        found = super().lookup(context, sources)
        if not found:
            return found
        conn = self._connect(create=False)
        keys = {context.key(s): s for s in found}
        key_list = list(keys)
        late: set[str] = set()
        try:
            for start in range(0, len(key_list), _CHUNK_KEYS):
                chunk = key_list[start : start + _CHUNK_KEYS]
                marks = ",".join("?" * len(chunk))
                late.update(k for (k,) in conn.execute(
                    f"SELECT key FROM segments WHERE created > ? AND key IN ({marks})", [self.cutoff, *chunk]))
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None
        return {s: t for s, t in found.items() if context.key(s) not in late}


def make_translators(job: BatchJob) -> dict:
    """The translators of a run (nothing loaded yet), memory reads pinned to the run's start."""
    from translate.translator import build_translator

    cache: dict = {}
    for code in job.targets:
        translator = build_translator(resolve_language(code), job.options, cache=cache)
        if job.options.memory and not isinstance(getattr(translator, "memory", None), RunStartMemory):
            translator.memory = RunStartMemory(job.cutoff)
    return cache


def settings_digests(job: BatchJob, translators: dict, identities: dict | None = None) -> dict[str, str]:
    """Per target language, a hash of everything besides the input that decides its outputs.

    ``identities``, when given, receives each language's model revision (or local directory fingerprint).
    """
    from importlib.metadata import version

    from translate.memory import settings_key
    from translate.models import model_identity
    from translate.translator import build_translator

    glossary = _glossary_digest(job.options) if job.options.glossary else None
    digests = {}
    for code in job.targets:
        translator = build_translator(resolve_language(code), job.options, cache=translators)
        inner = getattr(translator, "inner", translator)
        identity = model_identity(inner)
        if identities is not None:
            identities[code] = identity
        data = {
            "tilshi": version("tilshi"),
            "model": translator.model_id,
            "identity": identity,
            "backend": translator.name,
            "decoding": settings_key(job.options.settings),
            "glossary": glossary,
            "format": job.out_format,
        }
        digests[code] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return digests


def _glossary_digest(options: TranslateOptions) -> str:
    """Hash of the glossary store (or the starter) and the extra files; loading it first reports a bad one."""
    from translate.glossary import load_glossary
    from translate.glossary.store import starter_text
    from translate.paths import glossary_path

    load_glossary(list(options.glossary_paths))
    digest = hashlib.sha256()
    store = glossary_path()
    digest.update(store.read_bytes() if store.exists() else starter_text().encode("utf-8"))
    for path in options.glossary_paths:
        digest.update(b"\x00" + path.read_bytes())
    return digest.hexdigest()


def translate_chunk(job: BatchJob, docs: Sequence[dict], translators: dict) -> list[dict]:
    """Translate a chunk of documents in one pipeline call; one outcome (JSON-ready dict) per document.

    Each doc is ``{"key", "label", "text", "fmt", "out_stem"}``. An outcome has
    the output files (relative path → text), the manifest rows and the
    document's share of the chunk's time. A document the pipeline rejects
    fails alone; model and engine errors propagate (they would fail every document).
    """
    from translate.outputs import render_json

    started = time.perf_counter()
    documents = [(doc["text"], doc["fmt"]) for doc in docs]
    summary_at: dict[int, tuple[int, list[str]]] = {}
    summary_errors: dict[int, str] = {}
    if job.summaries:
        from summarize.extractive import extract

        for i, doc in enumerate(docs):
            picked = extract(doc["text"])
            if not picked.chosen:
                summary_errors[i] = "the input has no sentences to summarise"
                continue
            summary_at[i] = (len(documents), list(picked.notes))
            # As `tilshi summarize` does: one paragraph per chosen sentence, through the pipeline.
            documents.append(("\n\n".join(s.text for s in picked.chosen), "txt"))
    options = dataclasses.replace(job.options, progress=False)
    try:
        results = translate_documents(documents, job.targets, options, translators=translators)
    except InputError as exc:
        if len(docs) == 1:
            return [_failed(docs[0], job, str(exc))]
        return [outcome for doc in docs for outcome in translate_chunk(job, [doc], translators)]
    elapsed = time.perf_counter() - started
    total_chars = sum(len(doc["text"]) for doc in docs) or 1
    outcomes = []
    for i, doc in enumerate(docs):
        files: dict[str, str] = {}
        rows = []
        for result in results[i]:
            name = job.output_name(doc["out_stem"], doc["fmt"], result.language)
            files[name] = render_json(doc["label"], [result]) if job.out_format == "json" else result.text
            rows.append(_row(TRANSLATION, result, name, result.notes))
        if job.summaries:
            for lang in job.targets:
                name = job.output_name(doc["out_stem"], doc["fmt"], lang, SUMMARY)
                if i in summary_errors:
                    rows.append({"kind": SUMMARY, "lang": lang, "status": "failed", "error": summary_errors[i]})
                    continue
                index, notes = summary_at[i]
                result = next(r for r in results[index] if r.language == lang)
                paragraphs = [p.strip() for p in result.text.split("\n\n") if p.strip()]
                files[name] = " ".join(paragraphs) + "\n"
                rows.append(_row(SUMMARY, result, name, notes + list(result.notes)))
        outcomes.append({"key": doc["key"], "files": files, "rows": rows,
                         "duration_s": round(elapsed * len(doc["text"]) / total_chars, 4)})
    return outcomes


def _row(kind: str, result, name: str, warnings: list[str]) -> dict:
    terms = result.terms
    return {
        "kind": kind, "lang": result.language, "status": "done", "output": name,
        "model_id": result.model_id, "revision": result.revision, "backend": result.backend,
        "term_correct": terms.correct if terms is not None else None,
        "term_total": terms.total if terms is not None else None,
        "term_accuracy": terms.term_accuracy if terms is not None else None,
        "warnings": list(warnings),
    }


def _failed(doc: dict, job: BatchJob, reason: str) -> dict:
    kinds = (TRANSLATION, SUMMARY) if job.summaries else (TRANSLATION,)
    rows = [{"kind": kind, "lang": lang, "status": "failed", "error": reason} for kind in kinds for lang in job.targets]
    return {"key": doc["key"], "files": {}, "rows": rows, "duration_s": 0.0}

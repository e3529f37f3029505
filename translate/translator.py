"""Translators: what the pipeline calls to turn sentences into translations.

:class:`ModelTranslator` loads its backend on first use (so a run served
entirely from memory never imports torch) and splits sentences that are
longer than the model accepts instead of letting the tokenizer truncate
them. Memory is a wrapper around a translator, not a flag inside it
(:class:`translate.cache.CachingTranslator`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from .backends.base import DecodeSettings, TranslatorBackend
from .languages import Language
from .registry import ModelRef, resolve_model

# Tokens kept free below the model's limit for language tags and </s>.
_TOKEN_MARGIN = 4
_CLAUSE_BREAKS = [re.compile(p) for p in (r";\s+", r"\s+[–—]\s+", r":\s+", r",\s+", r"\s+")]

# How the library reports progress: (sentences done, sentences in all, target language).
ProgressListener = Callable[[int, int, str], None]


class Translator(Protocol):
    """Anything that translates sentences and says which model and engine did it."""

    name: str
    model_id: str
    revision: str | None

    def translate(
        self, texts: Sequence[str], source: Language, target: Language, settings: DecodeSettings,
        progress: ProgressListener | None = None,
    ) -> list[str]: ...


class ModelTranslator:
    """A model behind a backend, loaded lazily, with overlong sentences split."""

    def __init__(self, ref: ModelRef, backend: str = "transformers", device: str = "auto"):
        self.ref = ref
        self.name = backend
        self.device = device
        self.model_id = ref.label
        self.revision = ref.revision
        self._backend: TranslatorBackend | None = None

    def backend(self) -> TranslatorBackend:
        """The loaded backend (loads the model the first time)."""
        if self._backend is None:
            from .backends import load_backend
            from .loading import locate_model

            path = locate_model(self.ref)
            self._backend = load_backend(path, self.model_id, self.revision, backend=self.name, device=self.device)
        return self._backend

    def translate(self, texts, source, target, settings, progress=None):
        """Translations of ``texts``, in order; ``progress`` hears of every finished sentence piece."""
        if not texts:
            return []
        backend = self.backend()
        backend.check_target(source, target)
        limit = max(8, backend.max_input_tokens - _TOKEN_MARGIN)
        chunked = [split_long(text, backend.count_tokens, limit) for text in texts]
        flat = [chunk for chunks in chunked for chunk in chunks]
        with ProgressAdapter(len(flat), target.iso1, progress) as advance:
            outputs = iter(backend.translate(flat, source, target, settings, progress=advance))
        return [" ".join(next(outputs) for _ in chunks).strip() for chunks in chunked]


def split_long(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` at clause boundaries near its middle until each piece fits ``limit`` tokens."""
    if count_tokens(text) <= limit:
        return [text]
    middle = len(text) // 2
    for pattern in _CLAUSE_BREAKS:
        cuts = [m for m in pattern.finditer(text) if 0 < m.start() < len(text) - 1]
        if cuts:
            best = min(cuts, key=lambda m: abs(m.start() - middle))
            # A cut that leaves a tiny piece doesn't help; try a weaker boundary nearer the middle.
            if pattern.pattern != r"\s+" and min(best.start(), len(text) - best.end()) < len(text) // 5:
                continue
            left, right = text[: best.end()].rstrip(), text[best.end() :]
            return split_long(left, count_tokens, limit) + split_long(right, count_tokens, limit)
    # One unbroken word longer than the limit: cut it by characters.
    half = max(1, len(text) // 2)
    return split_long(text[:half], count_tokens, limit) + split_long(text[half:], count_tokens, limit)


class ProgressAdapter:
    """Turn a ``progress(done, total, label)`` callback into the ``advance(n)`` a backend calls.

    The library never draws anything: a front end passes a callback (the CLI
    draws a bar on stderr, a server updates a job). ``None`` or ``False``
    means nobody is listening, and ``advance`` is None.
    """

    def __init__(self, total: int, label: str, progress: ProgressListener | None = None):
        self.total = total
        self.label = label
        self.callback = progress if callable(progress) else None

    def __enter__(self):
        if self.callback is None:
            return None
        done = 0
        report = self.callback

        def advance(n: int = 1) -> None:
            nonlocal done
            done += n
            report(done, self.total, self.label)

        return advance

    def __exit__(self, *exc):
        return False


def build_translator(target: Language, options, cache: dict | None = None) -> Translator:
    """The translator for ``target`` under ``options``; one model object per distinct model."""
    from .models import resolve_backend

    ref = resolve_model(options.model, target, licence=getattr(options, "licence", None))
    # "auto" is made concrete here (a file-system check, no imports) so memory keys name the real engine.
    backend = resolve_backend(ref, options.backend)
    memory = getattr(options, "memory", False)
    key = (ref.model_id, ref.revision, backend, options.device, memory)
    if cache is not None and key in cache:
        return cache[key]
    translator: Translator = ModelTranslator(ref, backend, options.device)
    if memory:
        from .cache import CachingTranslator

        translator = CachingTranslator(translator)
    if cache is not None:
        cache[key] = translator
    return translator

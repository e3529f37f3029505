"""The caching translator: a :class:`~translate.translator.Translator` wrapper over the translation memory.

The store itself (SQLite, keys, TMX export) is :mod:`translate.memory`; the
model's identity in the key is :func:`translate.models.model_identity`.
Caching is a wrapper, not a flag: :func:`translate.translator.build_translator`
puts one around a model translator when memory is on. A store that fails
while saving is a warning on the ``translate`` logger, never a lost run.
"""

from __future__ import annotations

import logging

from .errors import MemoryStoreError
from .languages import Language
from .memory import MemoryContext, TranslationMemory, settings_key
from .models import model_identity

log = logging.getLogger(__name__)


class CachingTranslator:
    """A :class:`~translate.translator.Translator` that asks the translation memory first.

    All texts are looked up before the inner translator is touched, so a run
    served entirely from memory never loads the model. Misses (deduplicated,
    longest first, as the backends batch them) go to the inner translator in
    slices of a few batches, and each slice's raw outputs are stored as soon
    as it is done: an interrupted run (Ctrl-C, a crash) keeps what it
    finished, and the next run translates only the rest.
    """

    #: batches per slice stored at once: small enough to lose little on Ctrl-C, large enough to batch well
    STORE_EVERY_BATCHES = 2

    def __init__(self, inner, memory: TranslationMemory | None = None):
        """Wrap ``inner`` (any Translator: ``name``, ``model_id``, ``revision``, ``translate``)."""
        self.inner = inner
        self.memory = memory or TranslationMemory()
        self.hits = 0
        self.misses = 0
        self._identity: str | None = None

    @property
    def name(self) -> str:
        """The engine (backend) of the wrapped translator: part of the memory key."""
        return self.inner.name

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def revision(self) -> str | None:
        return self.inner.revision

    @property
    def ref(self):
        """The wrapped translator's model reference (None for one without)."""
        return getattr(self.inner, "ref", None)

    def context(self, source: Language, target: Language, settings) -> MemoryContext:
        """The memory key's fields besides the sentence (the model's identity is computed once)."""
        if self._identity is None:
            self._identity = model_identity(self.inner)
        return MemoryContext(source.iso1, target.iso1, self.model_id, self._identity, self.name, settings_key(settings))

    def translate(self, texts, source, target, settings, progress=None):
        """Translations of ``texts``: stored ones from memory, the rest from the inner translator (then stored)."""
        if not texts:
            return []
        context = self.context(source, target, settings)
        known = self.memory.lookup(context, texts)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        self.hits += len(texts) - sum(1 for t in texts if t not in known)
        self.misses += len(missing)
        if missing:
            known.update(self._translate_and_store(missing, context, source, target, settings, progress))
        return [known[t] for t in texts]

    def _translate_and_store(self, missing, context, source, target, settings, progress) -> dict[str, str]:
        ordered = sorted(missing, key=len, reverse=True)
        step = max(1, int(getattr(settings, "batch_size", 16) or 16)) * self.STORE_EVERY_BATCHES
        slices = [ordered[start : start + step] for start in range(0, len(ordered), step)]
        produced: dict[str, str] = {}
        with _SlicedProgress(len(ordered), target.iso1, progress, several=len(slices) > 1) as report:
            for part in slices:
                fresh = self.inner.translate(part, source, target, settings, report.for_slice(len(part)))
                done = dict(zip(part, fresh))
                try:
                    self.memory.store(context, list(done.items()))
                except MemoryStoreError as exc:
                    # The translations are done; losing the cache must not lose the user's work.
                    log.warning("%s", exc, extra={"error": exc})
                produced.update(done)
        return produced


class _SlicedProgress:
    """One progress report over several inner ``translate`` calls.

    The caller's ``progress`` is a callable ``(done, total, label)`` or None;
    each slice gets a callable that reports its count as part of the whole run.
    """

    def __init__(self, total: int, label: str, progress, *, several: bool):
        self.total, self.label, self.progress, self.several = total, label, progress, several
        self.offset = 0

    def __enter__(self):
        return self

    def for_slice(self, size: int):
        if not callable(self.progress):
            return None
        if not self.several:
            return self.progress
        start, self.offset = self.offset, self.offset + size
        outer = self.progress
        return lambda done, total, label: outer(min(start + done, self.total), self.total, label)

    def __exit__(self, *exc):
        return False

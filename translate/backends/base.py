"""The translator backend interface.

A backend turns a list of sentences into translations with one loaded model.
Everything model-independent lives here: length-sorted batching (a backend may
group sentences differently through :meth:`TranslatorBackend._batches`), the
output length cap, loop cutting and progress reporting, and, in
:class:`TokenizedBackend`, what every backend with a Hugging Face-style
tokenizer shares. The document, glossary and memory layers only ever see this
interface.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from ..languages import Language
from .families import addressing


@dataclass(frozen=True)
class DecodeSettings:
    """Decoding settings; recorded with every result and part of the memory key."""

    beams: int = 4
    batch_size: int = 16
    # Output is capped at ratio × source tokens + extra: runaway output is cut, not waited for.
    max_length_ratio: float = 2.0
    max_length_extra: int = 16
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0

    def as_dict(self) -> dict:
        """Plain dict, for JSON output and memory keys."""
        return asdict(self)

    def max_new_tokens(self, source_tokens: int) -> int:
        """The output length cap for a source of ``source_tokens`` tokens."""
        return int(source_tokens * self.max_length_ratio) + self.max_length_extra


ProgressCallback = Callable[[int], None]


class TranslatorBackend(ABC):
    """One loaded translation model behind one inference engine."""

    #: engine name recorded in results ("transformers", "ctranslate2")
    name: str = ""

    def __init__(self, model_id: str, revision: str | None, family: str):
        self.model_id = model_id
        self.revision = revision
        self.family = family

    @property
    @abstractmethod
    def max_input_tokens(self) -> int:
        """The longest source, in tokens, the model accepts."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Source tokens for ``text`` (used to split overlong sentences)."""

    @abstractmethod
    def check_target(self, source: Language, target: Language) -> None:
        """Raise :class:`UnsupportedLanguage` if the model can't produce ``target``."""

    @abstractmethod
    def _translate_batch(
        self, texts: list[str], source: Language, target: Language, settings: DecodeSettings
    ) -> list[str]:
        """Translate one batch; the order of the output matches ``texts``."""

    def translate(
        self,
        texts: Sequence[str],
        source: Language,
        target: Language,
        settings: DecodeSettings = DecodeSettings(),
        progress: ProgressCallback | None = None,
    ) -> list[str]:
        """Translate ``texts`` in batches (see :meth:`_batches`), returning them in input order."""
        self.check_target(source, target)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        results: list[str] = [""] * len(texts)
        for chunk in self._batches(order, texts, settings):
            outputs = self._translate_batch([texts[i] for i in chunk], source, target, settings)
            for index, output in zip(chunk, outputs):
                results[index] = cut_repetition(output.strip())
            if progress:
                progress(len(chunk))
        return results

    def _batches(self, order: list[int], texts: Sequence[str], settings: DecodeSettings) -> Iterable[list[int]]:
        """Group the indices of ``texts`` into batches; each index exactly once.

        ``order`` is the indices sorted longest text first. The default is
        consecutive chunks of ``settings.batch_size`` of that order, so that
        similar lengths share a batch (little padding).
        """
        size = max(1, settings.batch_size)
        return [order[start : start + size] for start in range(0, len(order), size)]


class TokenizedBackend(TranslatorBackend):
    """A backend whose model comes with a tokenizer: the source-side limits and addressing both engines share.

    Subclasses set ``tokenizer`` (a transformers tokenizer or a
    :mod:`.light_tokenizer` one: both are called as ``tokenizer(text)`` and
    have ``model_max_length``) and ``_max_positions`` (config.json's
    ``max_position_embeddings``) before these are used.
    """

    tokenizer: object
    _max_positions: int | None = None

    @property
    def max_input_tokens(self) -> int:
        limits = [self._max_positions, self.tokenizer.model_max_length]
        usable = [int(x) for x in limits if isinstance(x, int) and 0 < x < 100_000]
        return min(usable) if usable else 512

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def check_target(self, source: Language, target: Language) -> None:
        addressing(self.family, self.tokenizer, self.model_id, source, target)

    def output_cap(self, source_tokens: int, settings: DecodeSettings) -> int:
        """The new-token cap for a batch whose longest source has ``source_tokens`` tokens.

        The decoder has as many positions as the encoder; never ask for more.
        """
        return min(settings.max_new_tokens(source_tokens), self.max_input_tokens - 1)


def usable_cores() -> int:
    """Cores this process may run on (``TILSHI_THREADS`` overrides), capped at 16.

    Counted from the CPU affinity, not the host: a container limited to 2
    cores of a 64-core host must not start 64 threads.
    """
    wanted = os.environ.get("TILSHI_THREADS")
    try:
        count = int(wanted) if wanted else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        count = os.cpu_count() or 1
    return max(1, min(count, 16))


def cut_repetition(text: str, max_repeats: int = 3) -> str:
    """Cut a decoding loop: a word n-gram repeated back to back more than ``max_repeats`` times.

    The text is kept up to the end of the first occurrence of the loop.
    """
    words = text.split(" ")
    n_words = len(words)
    for size in range(1, min(8, n_words // (max_repeats + 1)) + 1):
        for start in range(0, n_words - size * (max_repeats + 1) + 1):
            unit = words[start : start + size]
            repeats = 1
            pos = start + size
            while words[pos : pos + size] == unit:
                repeats += 1
                pos += size
            if repeats > max_repeats:
                return " ".join(words[: start + size])
    return text

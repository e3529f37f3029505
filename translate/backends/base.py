"""The translator backend interface.

A backend turns a list of sentences into translations with one loaded model.
Everything model-independent lives here: length-sorted batching, the output
length cap, loop cutting and progress reporting. The document, glossary and
memory layers only ever see this interface.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from ..languages import Language


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
        """Translate ``texts`` in length-sorted batches, returning them in input order."""
        self.check_target(source, target)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        results: list[str] = [""] * len(texts)
        size = max(1, settings.batch_size)
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            outputs = self._translate_batch([texts[i] for i in chunk], source, target, settings)
            for index, output in zip(chunk, outputs):
                results[index] = cut_repetition(output.strip())
            if progress:
                progress(len(chunk))
        return results


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

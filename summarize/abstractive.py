"""Abstractive summaries with a Hugging Face seq2seq summariser.

torch and transformers are imported only when a :class:`Summarizer` is
built. The model comes from the registry (``bart-large-cnn`` for English,
``mT5_multilingual_XLSum`` for Russian) or the one the caller names; its input is the
release body filled into the family's prompt template (``prompts/``).
Decoding follows each model card: beam size, length penalty and the
no-repeat n-gram size; lengths are in model tokens.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from translate.errors import ModelError
from translate.languages import Language
from translate.registry import ModelRef

from .templates import PromptTemplate, load_template


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding settings for one model family (from its model card), lengths in tokens."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    min_length: int = 0
    max_length: int = 128
    max_input_tokens: int = 1024
    tokens_per_word: float = 1.4  # to turn a word budget into a token budget

    def as_dict(self) -> dict:
        return {
            "num_beams": self.num_beams,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "length_penalty": self.length_penalty,
            "min_length": self.min_length,
            "max_length": self.max_length,
        }


# facebook/bart-large-cnn config.json; csebuetnlp/mT5_multilingual_XLSum model card; t5 task_specific_params.
FAMILY_SETTINGS: dict[str, GenerationSettings] = {
    "bart": GenerationSettings(num_beams=4, no_repeat_ngram_size=3, length_penalty=2.0, min_length=56, max_length=142),
    "mt5": GenerationSettings(num_beams=4, no_repeat_ngram_size=2, max_length=84, max_input_tokens=512, tokens_per_word=2.0),
    "t5": GenerationSettings(num_beams=4, no_repeat_ngram_size=3, length_penalty=2.0, min_length=30, max_length=200, max_input_tokens=512),
    "pegasus": GenerationSettings(num_beams=8, no_repeat_ngram_size=0, length_penalty=0.8, min_length=32, max_length=128),
    "seq2seq": GenerationSettings(),
}
# config.json model_type → (settings family, prompt template family)
_FAMILIES = {
    "bart": ("bart", "bart"),
    "mbart": ("bart", "bart"),
    "t5": ("t5", "t5"),
    "mt5": ("mt5", "mt5"),
    "umt5": ("mt5", "mt5"),
    "pegasus": ("pegasus", "seq2seq"),
}
# Families whose models summarise in the language they read (not only English).
MULTILINGUAL = {"mt5", "umt5", "mbart"}
# Tokens per sentence when a sentence count sets the budget.
TOKENS_PER_SENTENCE = 40


def family_of(model_type: str) -> tuple[str, str]:
    """``(settings family, template family)`` for a config ``model_type``."""
    return _FAMILIES.get(model_type, ("seq2seq", "seq2seq"))


def length_budget(settings: GenerationSettings, *, sentences: int | None, words: int | None, limit: int) -> GenerationSettings:
    """Settings with min/max length (tokens) for a sentence or word budget, capped by the model's ``limit``."""
    max_length = settings.max_length
    if words is not None:
        max_length = math.ceil(words * settings.tokens_per_word) + 2
    elif sentences is not None:
        max_length = sentences * TOKENS_PER_SENTENCE
    max_length = max(4, min(max_length, limit))
    min_length = min(settings.min_length, max_length // 2)
    return replace(settings, min_length=min_length, max_length=max_length)


class Summarizer:
    """One loaded seq2seq summariser."""

    def __init__(self, ref: ModelRef, device: str = "auto"):
        from translate.backends.hf import load_tokenizer, model_type, pick_device, set_cpu_threads
        from translate.loading import locate_model

        self.ref = ref
        self.model_id = ref.label
        self.revision = ref.revision
        path: Path = locate_model(ref)
        self.model_type = model_type(path)
        self.family, template_family = family_of(self.model_type)
        self.template: PromptTemplate = load_template("summarize", template_family)
        self.settings = FAMILY_SETTINGS[self.family]
        import torch
        import transformers
        from transformers import AutoModelForSeq2SeqLM

        # Notes go to stderr; transformers' load bars and advice would clutter it.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        self.tokenizer = load_tokenizer(path, self.model_id)

        self.device = pick_device(device)
        if self.device == "cpu":
            set_cpu_threads()
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(path), trust_remote_code=False)
        except Exception as exc:  # transformers raises many types for a bad checkpoint
            raise ModelError(f"cannot load summarisation model {self.model_id}: {exc}") from None
        self.model = model.to(self.device).eval()
        self._torch = torch

    @property
    def multilingual(self) -> bool:
        """Does the model summarise text in languages other than English?"""
        spec = self.ref.spec
        if spec is not None:
            return any(lang != "en" for lang in spec.languages)
        return self.model_type in MULTILINGUAL

    def covers(self, language: Language) -> bool:
        """Can the model summarise text written in ``language``?"""
        spec = self.ref.spec
        if spec is not None:
            return language.iso1 in spec.languages
        return language.iso1 == "en" or self.model_type in MULTILINGUAL

    @property
    def max_positions(self) -> int:
        config = self.model.config
        limits = [
            getattr(config, "max_position_embeddings", None),
            getattr(config, "n_positions", None),
            self.tokenizer.model_max_length,
        ]
        usable = [int(x) for x in limits if isinstance(x, int) and 0 < x < 100_000]
        return min(usable) if usable else 512

    def prompt(self, text: str, language: Language, title: str = "") -> str:
        """The model input: the release body in the family's template."""
        body = re.sub(r"\s+", " ", text).strip()
        return self.template.render(text=body, language=language.name, title=title)

    def generation_settings(self, *, sentences: int | None = None, words: int | None = None) -> GenerationSettings:
        """The decoding settings used for a run with this length request."""
        # T5-style models use relative positions (no hard limit); keep outputs sane anyway.
        return length_budget(self.settings, sentences=sentences, words=words, limit=self.max_positions)

    def summarize(
        self, text: str, language: Language, *, title: str = "", sentences: int | None = None, words: int | None = None
    ) -> str:
        """Summarise ``text`` (written in ``language``); returns the decoded summary."""
        settings = self.generation_settings(sentences=sentences, words=words)
        prompt = self.prompt(text, language, title)
        batch = self.tokenizer(
            [prompt],
            return_tensors="pt",
            truncation=True,
            max_length=min(settings.max_input_tokens, self.max_positions),
        ).to(self.device)
        kwargs = dict(
            num_beams=settings.num_beams,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            length_penalty=settings.length_penalty,
            min_length=settings.min_length,
            max_length=settings.max_length,
            early_stopping=settings.num_beams > 1,
            do_sample=False,
        )
        if settings.num_beams == 1:
            kwargs.pop("early_stopping")
        with self._torch.inference_mode():
            generated = self.model.generate(**batch, **kwargs)
        from translate.backends.base import cut_repetition

        decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)[0]
        return cut_repetition(re.sub(r"\s+", " ", decoded).strip())

    def describe(self) -> dict:
        """Model id, revision, family and decoding settings, for JSON output."""
        return {
            "id": self.model_id,
            "revision": self.revision,
            "family": self.family,
            "template": str(self.template.path),
            "settings": self.settings.as_dict(),
        }

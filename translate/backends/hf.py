"""The transformers backend: PyTorch inference with Hugging Face models."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import BackendError, ModelError
from ..languages import Language
from .base import DecodeSettings, TranslatorBackend
from .families import addressing, detect_family


def pick_device(device: str) -> str:
    """Resolve ``auto``/``cpu``/``cuda`` against what this machine has."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise BackendError("--device cuda was requested but no CUDA GPU is available; use --device cpu")
    if device not in {"cpu", "cuda"}:
        raise BackendError(f"unknown device {device!r}; use auto, cpu or cuda")
    return device


def set_cpu_threads() -> None:
    """Use the cores this process may run on (torch may otherwise count the host's, oversubscribing containers)."""
    import torch

    wanted = os.environ.get("TILSHI_THREADS")
    try:
        count = int(wanted) if wanted else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        count = os.cpu_count() or 1
    torch.set_num_threads(max(1, min(count, 16)))


def load_tokenizer(path: Path, model_id: str):
    """Load the model's own tokenizer, turning transformers' many failures into one error."""
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(str(path), trust_remote_code=False)
    except Exception as exc:  # transformers raises ValueError, OSError, TypeError... for bad tokenizers
        raise ModelError(f"cannot load the tokenizer of {model_id}: {exc}") from None


def model_type(path: Path) -> str:
    """The ``model_type`` from a model directory's config.json."""
    import json

    try:
        return json.loads((path / "config.json").read_text(encoding="utf-8")).get("model_type", "")
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path / 'config.json'}: {exc}") from None


class TransformersBackend(TranslatorBackend):
    """Translate with ``AutoModelForSeq2SeqLM.generate`` under ``torch.inference_mode``."""

    name = "transformers"

    def __init__(self, path: Path, model_id: str, revision: str | None, device: str = "auto"):
        import torch
        import transformers
        from transformers import AutoModelForSeq2SeqLM

        # Our own progress goes to stderr; transformers' load bars and advice would clutter it.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        self.tokenizer = load_tokenizer(path, model_id)
        super().__init__(model_id, revision, detect_family(model_type(path), self.tokenizer))
        self.device = pick_device(device)
        if self.device == "cpu":
            set_cpu_threads()
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(path), trust_remote_code=False)
        except Exception as exc:
            raise ModelError(f"cannot load model {model_id}: {exc}") from None
        if self.device == "cuda":
            model = model.half()
        self.model = model.to(self.device).eval()
        self._torch = torch

    @property
    def max_input_tokens(self) -> int:
        limits = [getattr(self.model.config, "max_position_embeddings", None), self.tokenizer.model_max_length]
        usable = [int(x) for x in limits if isinstance(x, int) and 0 < x < 100_000]
        return min(usable) if usable else 512

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def check_target(self, source: Language, target: Language) -> None:
        addressing(self.family, self.tokenizer, self.model_id, source, target)

    def _translate_batch(self, texts, source, target, settings: DecodeSettings):
        how = addressing(self.family, self.tokenizer, self.model_id, source, target)
        if how.source_lang_code:
            self.tokenizer.src_lang = how.source_lang_code
        batch = self.tokenizer(
            [how.source_prefix + text for text in texts],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
        ).to(self.device)
        longest = int(batch["attention_mask"].sum(dim=1).max())
        kwargs = dict(
            num_beams=settings.beams,
            # The decoder has as many positions as the encoder; never ask for more.
            max_new_tokens=min(settings.max_new_tokens(longest), self.max_input_tokens - 1),
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            repetition_penalty=settings.repetition_penalty,
            early_stopping=settings.beams > 1,
            do_sample=False,
        )
        if settings.beams == 1:
            kwargs.pop("early_stopping")
        if how.forced_bos_token:
            kwargs["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(how.forced_bos_token)
        with self._torch.inference_mode():
            generated = self.model.generate(**batch, **kwargs)
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)

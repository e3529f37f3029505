"""The transformers backend: PyTorch inference with Hugging Face models (Marian, NLLB, M2M100, mBART, T5)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelError
from ..models import resolve_device
from .base import DecodeSettings, TokenizedBackend, usable_cores
from .families import addressing, detect_family, model_type  # noqa: F401  (model_type: re-exported for summarize)


def pick_device(device: str) -> str:
    """Resolve ``auto``/``cpu``/``cuda`` against what this machine has."""
    def gpu_count() -> int:
        import torch

        return torch.cuda.device_count() if torch.cuda.is_available() else 0

    return resolve_device(device, gpu_count)


def set_cpu_threads() -> None:
    """Use the cores this process may run on (torch may otherwise count the host's, oversubscribing containers)."""
    import torch

    torch.set_num_threads(usable_cores())


def load_tokenizer(path: Path, model_id: str):
    """Load the model's own tokenizer, turning transformers' many failures into one error."""
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(str(path), trust_remote_code=False)
    except Exception as exc:  # transformers raises ValueError, OSError, TypeError... for bad tokenizers
        raise ModelError(f"cannot load the tokenizer of {model_id}: {exc}") from None


class TransformersBackend(TokenizedBackend):
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
            # T5 activations overflow float16 (MADLAD-400 would decode NaNs); bfloat16 has the range.
            model = model.to(torch.bfloat16) if self.family == "t5" else model.half()
        self.model = model.to(self.device).eval()
        self._max_positions = getattr(self.model.config, "max_position_embeddings", None)
        self._torch = torch

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
            max_new_tokens=self.output_cap(longest, settings),
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

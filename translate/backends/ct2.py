"""The CTranslate2 backend: int8 inference on CPU, int8_float16 on CUDA.

CTranslate2 runs converted models; converting and finding cached conversions
is :mod:`.ct2_convert` (its names are re-exported here for older imports).

Tokenisation and model-family addressing are exactly those of the
transformers backend (same tokens, same :mod:`.families` rules), and
:class:`DecodeSettings` map onto ``translate_batch`` so both engines decode
the same way: with ``compute_type="float32"`` greedy and beam outputs match
transformers token for token for the same batch. Marian, NLLB and T5 models are
tokenised by :mod:`.light_tokenizer` (sentencepiece / tokenizers only), so
a translation with a cached conversion imports neither transformers nor
torch; other families fall back to the transformers tokenizer.

Two differences from the transformers backend, both about speed:

* **Batches by output cap.** The output cap (``2 × source tokens + 16``) is a
  guard against runaway decoding relative to each source, and CTranslate2's
  beam search gets slower per token as the output grows. So sentences are
  grouped such that, within a batch, the largest cap is at most
  :data:`CAP_SPREAD` (1.5) × the smallest; each batch gets its own cap. A short
  headline no longer decodes to the cap of the longest sentence it shares a
  batch with. Translations that end at ``</s>`` before their cap are the
  same either way.
* **No torch import** (above).

This module imports nothing heavy at import time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import BackendError
from ..models import find_conversions
from .base import DecodeSettings, TokenizedBackend, usable_cores
from .ct2_convert import convert_model, default_quantization, import_ctranslate2, pick_ct2_device
from .families import addressing, detect_family, family_of_dir, model_type, read_model_json

#: Within one batch the largest output cap is at most this many times the smallest. Smaller means
#: less decoding past a sentence's own cap but smaller batches: on the sample release with the
#: Marian-base shape (EOS suppressed, 2 cores) 1.1 took 22.6 s, 1.25 14–16 s, 1.5 11–15 s, 2.0 12 s.
CAP_SPREAD = 1.5


def _hf_generation_value(path: Path, name: str):
    for file in ("generation_config.json", "config.json"):
        value = read_model_json(path, file).get(name)
        if value is not None:
            return value
    return None


def load_ct2_tokenizer(path: Path, model_id: str):
    """The light tokenizer when the model has one (Marian, NLLB, T5), else the transformers tokenizer."""
    from .light_tokenizer import load_light_tokenizer

    family = family_of_dir(path)
    light = load_light_tokenizer(path, family) if family in ("marian", "nllb", "t5") else None
    if light is not None:
        return light
    from .hf import load_tokenizer

    return load_tokenizer(path, model_id)


def cap_buckets(
    order: Sequence[int], caps: Mapping[int, int] | Sequence[int], batch_size: int, spread: float = CAP_SPREAD
) -> list[list[int]]:
    """Group ``order`` (indices, any order) into batches of at most ``batch_size`` whose caps stay within ``spread``.

    Indices are taken largest cap first; a batch is closed when it is full or
    when the next cap is below its first (largest) cap / ``spread``.
    """
    ranked = sorted(order, key=lambda i: caps[i], reverse=True)  # stable: ties keep the given order
    size = max(1, batch_size)
    batches: list[list[int]] = []
    for index in ranked:
        if batches and len(batches[-1]) < size and caps[batches[-1][0]] <= spread * caps[index]:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


class CTranslate2Backend(TokenizedBackend):
    """Translate with ``ctranslate2.Translator.translate_batch`` on a converted copy of the model."""

    name = "ctranslate2"
    #: see :data:`CAP_SPREAD`
    cap_spread = CAP_SPREAD

    def __init__(
        self,
        path: Path,
        model_id: str,
        revision: str | None,
        device: str = "auto",
        *,
        quantization: str | None = None,
        compute_type: str | None = None,
    ):
        ctranslate2 = import_ctranslate2()
        path = Path(path)
        self.device = pick_ct2_device(device)
        wanted = quantization or default_quantization(self.device)
        existing = find_conversions(model_id, revision, path)
        if wanted in existing or quantization is not None or not existing:
            converted = convert_model(path, model_id, revision, self.device, quantization=wanted)
        else:
            # Reuse another cached conversion; CTranslate2 converts types on load.
            converted = existing.get("int8") or next(iter(existing.values()))
        self.converted_dir = converted
        self.compute_type = compute_type or wanted
        self.tokenizer = load_ct2_tokenizer(path, model_id)
        super().__init__(model_id, revision, detect_family(model_type(path), self.tokenizer))
        try:
            self.translator = ctranslate2.Translator(
                str(converted),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=1,
                intra_threads=usable_cores() if self.device == "cpu" else 0,
            )
        except Exception as exc:  # RuntimeError/ValueError from the C++ side
            raise BackendError(f"cannot load the CTranslate2 model {converted}: {exc}") from None
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self._max_positions = config.get("max_position_embeddings")
        # transformers forces EOS as the last allowed token when the config says so; CTranslate2
        # counts the cap without EOS. One token less keeps both engines' outputs identical.
        self._forced_eos = _hf_generation_value(path, "forced_eos_token_id") is not None

    def _batches(self, order, texts, settings: DecodeSettings):
        """Batches of at most ``batch_size`` whose output caps stay within ``cap_spread`` of each other."""
        limit = self.max_input_tokens
        caps = {i: self.output_cap(min(self.count_tokens(texts[i]), limit), settings) for i in order}
        return cap_buckets(order, caps, settings.batch_size, self.cap_spread)

    def _translate_batch(self, texts, source, target, settings: DecodeSettings):
        how = addressing(self.family, self.tokenizer, self.model_id, source, target)
        if how.source_lang_code:
            self.tokenizer.src_lang = how.source_lang_code
        ids = self.tokenizer(
            [how.source_prefix + text for text in texts], truncation=True, max_length=self.max_input_tokens
        )["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        # Same cap as the transformers backend (which counts a forced EOS among new tokens).
        cap = self.output_cap(max(len(row) for row in ids), settings)
        if self._forced_eos:
            cap -= 1
        prefix = [[how.forced_bos_token] for _ in texts] if how.forced_bos_token else None
        results = self.translator.translate_batch(
            tokens,
            target_prefix=prefix,
            beam_size=max(1, settings.beams),
            max_decoding_length=max(1, cap),
            max_input_length=self.max_input_tokens,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            repetition_penalty=settings.repetition_penalty,
        )
        outputs = []
        for result in results:
            hypothesis = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            outputs.append(self.tokenizer.decode(hypothesis, skip_special_tokens=True))
        return outputs

"""CTranslate2 conversions: converting a Hugging Face model once and finding cached conversions.

We convert with CTranslate2's own ``TransformersConverter`` and cache the
result under :func:`translate.paths.converted_models_dir` — "beside the
model" in *our* data directory, because the Hugging Face cache belongs to
huggingface_hub (its layout is content-addressed and it may prune or re-link
snapshots), and a local model directory may be read-only or shared.
Each conversion is keyed by the model id, its revision (or a fingerprint of a
local directory) and the quantization (:func:`translate.models.conversion_dir`:
model identity lives in :mod:`translate.models`), and written atomically: into a
temporary directory first, then renamed, so an interrupted conversion never
looks finished.

This module imports nothing heavy at import time. Only an actual conversion
imports transformers (and torch); progress notices go to the ``translate``
logger (a front end shows them).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import BackendError, ModelError
from ..locking import store_lock
from ..models import CONVERTED_MODEL_FILE as _MODEL_FILE
from ..models import conversion_dir, resolve_device
from ..paths import locks_dir

log = logging.getLogger(__name__)
PIP_HINT = "pip install 'ctranslate2>=4.5'"
CONVERSION_LOCK_TIMEOUT_S = 3600.0  # a large model converts for minutes; waiting beats converting twice


def pick_ct2_device(device: str) -> str:
    """Resolve ``auto``/``cpu``/``cuda`` with CTranslate2's own CUDA probe (no torch)."""
    def gpu_count() -> int:
        import ctranslate2

        return ctranslate2.get_cuda_device_count()

    return resolve_device(device, gpu_count, engine="CTranslate2")


def default_quantization(device: str) -> str:
    """int8 weights on CPU; int8 weights with float16 activations on CUDA."""
    return "int8_float16" if device == "cuda" else "int8"


def import_ctranslate2():
    """The ctranslate2 module, or a BackendError with the pip command when it is missing."""
    try:
        import ctranslate2
    except ImportError:
        raise BackendError(f"the ctranslate2 backend needs the ctranslate2 package: {PIP_HINT}") from None
    return ctranslate2


def convert_model(
    path: Path,
    model_id: str,
    revision: str | None,
    device: str = "cpu",
    *,
    quantization: str | None = None,
    force: bool = False,
    quiet: bool = False,
) -> Path:
    """Convert the Hugging Face model at ``path`` for CTranslate2 (once) and return the converted directory.

    ``quantization`` defaults to int8 for ``cpu`` and int8_float16 for
    ``cuda``. An existing finished conversion is reused unless ``force``.
    """
    import_ctranslate2()
    if device == "auto":
        device = pick_ct2_device("auto")
    quantization = quantization or default_quantization(device)
    path = Path(path)
    target = conversion_dir(model_id, revision, path, quantization)
    if (target / _MODEL_FILE).is_file() and not force:
        return target
    if not (path / "config.json").is_file():
        raise ModelError(f"{path} is not a model directory (no config.json)")
    target.parent.mkdir(parents=True, exist_ok=True)
    # One conversion at a time per model and quantization: a second process waits for the lock,
    # then finds the first one's finished conversion instead of converting again.
    with store_lock(target, timeout=CONVERSION_LOCK_TIMEOUT_S, lock_file=locks_dir() / f"ct2-{target.name}.lock"):
        if (target / _MODEL_FILE).is_file() and not force:
            return target
        _convert(path, target, model_id, revision, quantization, force=force, quiet=quiet)
    return target


def _convert(path: Path, target: Path, model_id: str, revision: str | None, quantization: str, *, force: bool, quiet: bool) -> None:
    """Convert into a staging directory, then rename it to ``target`` (the caller holds the lock)."""
    if not quiet:
        log.info("Converting %s for CTranslate2 (%s); this happens once …", model_id, quantization)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        converter = _converter_class()(str(path), load_as_float16=quantization in ("float16", "int8_float16"))
        try:
            converter.convert(str(staging), quantization=quantization, force=True)
        except Exception as exc:  # the converter raises ValueError, KeyError, NotImplementedError...
            raise BackendError(f"cannot convert {model_id} for CTranslate2: {exc}") from None
        (staging / "tilshi.json").write_text(
            json.dumps({"model_id": model_id, "revision": revision, "quantization": quantization, "source": str(path)}),
            encoding="utf-8",
        )
        if force and target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _converter_class():
    """CTranslate2's ``TransformersConverter``, with T5 (MADLAD-400) read as transformers 5 loads it.

    transformers 5 always reports ``tie_word_embeddings=True`` for T5 and keeps
    in ``scale_decoder_outputs`` whether the decoder output is scaled by
    d_model^-0.5 (original T5) or not (T5 v1.1, mT5, MADLAD-400, whose
    config.json says ``tie_word_embeddings: false``). CTranslate2 decides the
    scaling from ``tie_word_embeddings``, so without this a MADLAD conversion
    scales logits it must not and translates garbage.
    """
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            scale = getattr(model.config, "scale_decoder_outputs", None)
            if getattr(model.config, "model_type", "") == "t5" and isinstance(scale, bool):
                model.config.tie_word_embeddings = scale
            return model

    return Converter

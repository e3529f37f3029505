"""Inference backends behind one interface (see :mod:`.base`)."""

from __future__ import annotations

from pathlib import Path

from ..errors import BackendError
from .base import DecodeSettings, TranslatorBackend

BACKENDS = ("transformers", "ctranslate2", "auto")


def load_backend(path: Path, model_id: str, revision: str | None, *, backend: str = "transformers", device: str = "auto") -> TranslatorBackend:
    """Load the model at ``path`` behind the named engine (``auto``: ctranslate2 if a conversion is cached)."""
    if backend == "auto":
        from ..models import backend_for

        backend = backend_for(model_id, revision, path, backend)
    if backend == "ctranslate2":
        from .ct2 import CTranslate2Backend

        return CTranslate2Backend(path, model_id, revision, device=device)
    if backend == "transformers":
        from .hf import TransformersBackend

        return TransformersBackend(path, model_id, revision, device=device)
    raise BackendError(f"unknown backend {backend!r}; use one of: {', '.join(BACKENDS)}")


__all__ = ["BACKENDS", "DecodeSettings", "TranslatorBackend", "load_backend"]

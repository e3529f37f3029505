"""Finding model files: local directory, Hugging Face cache, or a download.

Translation never waits on an unreachable hub: the cache is consulted with
``local_files_only``, and the hub is only contacted (with a hard deadline)
when the model is missing. Without a connection the user gets one message
naming the model and how to get it, in seconds rather than transformers'
default minute of retries. Downloads are announced on the ``translate``
logger; converting for CTranslate2 is the caller's step
(:func:`translate.backends.ct2_convert.convert_model`).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from .errors import ModelError, ModelNotAvailable
from .registry import ModelRef

# Files a seq2seq translation model needs; weights are chosen separately.
_SUPPORT_FILES = [
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.json",
    "merges.txt",
    "source.spm",
    "target.spm",
    "sentencepiece.bpe.model",
    "spiece.model",
    "added_tokens.json",
]
_TOKENIZER_FILES = {
    "tokenizer.json",
    "source.spm",
    "sentencepiece.bpe.model",
    "spiece.model",
    "vocab.json",
    "sentencepiece.model",
}
HUB_DEADLINE_S = 6.0
log = logging.getLogger(__name__)


def hub_offline() -> bool:
    """True when the user told huggingface_hub to stay offline."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def hub_cache_dir() -> str | None:
    """The Hugging Face cache as the environment says now (huggingface_hub reads it only once, at import)."""
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    if os.environ.get("HF_HOME"):
        return os.path.join(os.environ["HF_HOME"], "hub")
    return None


def cached_path(ref: ModelRef) -> Path | None:
    """The local directory holding ``ref``'s files, or None if it is not on this machine."""
    if ref.local_dir is not None:
        return ref.local_dir
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        path = Path(
            snapshot_download(
                ref.model_id, revision=ref.revision or "main", local_files_only=True, cache_dir=hub_cache_dir()
            )
        )
    except (LocalEntryNotFoundError, FileNotFoundError, OSError, ValueError):
        return None
    return path if (path / "config.json").is_file() and _has_weights(path) else None


def locate_model(ref: ModelRef, *, download: bool = True) -> Path:
    """Return a directory with ``ref``'s config, tokenizer and weights.

    A missing model is downloaded (with progress on stderr) only if the hub
    answers within a few seconds; otherwise :class:`ModelNotAvailable`.
    """
    path = cached_path(ref)
    if path is None:
        if not download or hub_offline() or not hub_reachable():
            raise ModelNotAvailable(model_id=ref.model_id, revision=ref.revision, reason="not-cached")
        path = pull_model(ref)
    check_model_dir(path)
    return path


def check_model_dir(path: Path) -> None:
    """Raise :class:`ModelError` unless ``path`` looks like a usable seq2seq model."""
    if not (path / "config.json").is_file():
        raise ModelError(f"{path} is not a model directory (no config.json)")
    if not any((path / name).is_file() for name in _TOKENIZER_FILES):
        raise ModelError(f"model directory {path} has no tokenizer (tokenizer.json, source.spm or similar)")
    if not _has_weights(path):
        raise ModelError(f"model directory {path} has no weights (model.safetensors or pytorch_model.bin)")


def _has_weights(path: Path) -> bool:
    return any(path.glob("*.safetensors")) or any(path.glob("pytorch_model*.bin"))


def hub_reachable(deadline: float = HUB_DEADLINE_S) -> bool:
    """Probe the hub with a hard deadline; huggingface_hub's own retries can take a minute."""
    result: list[bool] = []

    def probe() -> None:
        import socket
        from urllib.parse import urlparse

        endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
        host = urlparse(endpoint).hostname or "huggingface.co"
        try:
            with socket.create_connection((host, 443), timeout=deadline):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(deadline)
    return bool(result and result[0])


def pull_model(ref: ModelRef) -> Path:
    """Download ``ref`` into the Hugging Face cache, preferring safetensors; progress on stderr."""
    if ref.local_dir is not None:
        return ref.local_dir
    if hub_offline() or not hub_reachable():
        raise ModelNotAvailable(model_id=ref.model_id, revision=ref.revision, reason="offline",
                                detail=" (HF_HUB_OFFLINE is set)" if hub_offline() else "")
    from huggingface_hub import HfApi, snapshot_download

    revision = ref.revision or "main"
    log.info("Downloading %s @ %s …", ref.model_id, revision[:12])
    try:
        files = set(HfApi().list_repo_files(ref.model_id, revision=revision))
        weights = [f for f in files if f.endswith(".safetensors") or f == "model.safetensors.index.json"]
        if not weights:
            weights = [f for f in files if f.startswith("pytorch_model") and f.endswith((".bin", ".json"))]
        patterns = [f for f in _SUPPORT_FILES if f in files] + weights
        path = snapshot_download(ref.model_id, revision=revision, allow_patterns=patterns, cache_dir=hub_cache_dir())
    except Exception as exc:  # the hub raises many types; the user needs one message
        raise ModelNotAvailable(model_id=ref.model_id, revision=ref.revision, reason="download-failed",
                                detail=str(exc)) from None
    return Path(path)


def model_status(task: str | None = None) -> list[dict]:
    """Registered models with whether each is in the local cache (for ``models list``)."""
    from .registry import ModelRef, default_roles, registered

    rows = []
    for spec in registered(task):
        ref = ModelRef(spec.model_id, spec.revision, None, spec)
        rows.append(
            {
                "name": spec.name,
                "task": spec.task,
                "languages": ",".join(spec.languages),
                "model_id": spec.model_id,
                "revision": spec.revision,
                "size": spec.size,
                "license": spec.license,
                "licence_class": spec.licence_class,
                "default_for": default_roles(spec),
                "cached": cached_path(ref) is not None,
            }
        )
    return rows


def pull_models(languages, *, model: str | None = None, task: str = "translation") -> list[tuple[ModelRef, Path]]:
    """Download the models for ``languages`` (each once); returns each reference with its directory.

    Converting them for CTranslate2 is a separate step the caller takes
    (:func:`translate.backends.ct2_convert.convert_model`): loading sits below the backends.
    """
    from .languages import resolve_language
    from .registry import resolve_model

    refs: dict[tuple, ModelRef] = {}
    for code in languages:
        ref = resolve_model(model, resolve_language(code), task)
        refs.setdefault((ref.model_id, ref.revision), ref)
    paths = []
    for ref in refs.values():
        path = cached_path(ref) or pull_model(ref)
        check_model_dir(path)  # a local directory given as the model must be one
        paths.append((ref, path))
    return paths

"""Model identity: which model a reference means, which version of it, where it runs.

Everything that keys or chooses by model asks this module, so that the
translation memory, the CTranslate2 conversion cache, the loader and the
backends agree:

- :func:`version_tag` / :func:`model_identity`: the pinned revision, else a
  fingerprint of the model directory (:mod:`translate.fingerprint`);
- :func:`conversion_dir` / :func:`find_conversions`: where a converted
  (CTranslate2) copy of that version lives;
- :func:`resolve_backend`: the engine a run will use (``auto`` is
  ``ctranslate2`` when a conversion is cached and ctranslate2 is installed);
- :func:`resolve_device`: ``auto``/``cpu``/``cuda`` against what an engine sees.

Resolving a user's reference to a :class:`~translate.registry.ModelRef` is
:func:`translate.registry.resolve_model`. Nothing here loads a model or
imports torch; only the file system is read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from .errors import BackendError, DeviceUnavailable
from .fingerprint import fingerprint_model_dir
from .paths import converted_models_dir
from .registry import ModelRef

DEVICES = ("auto", "cpu", "cuda")
# What a finished conversion contains; written last by the converter.
CONVERTED_MODEL_FILE = "model.bin"


def local_path(ref: ModelRef) -> Path | None:
    """The directory whose files are ``ref``: a local directory, else the cached snapshot of an unpinned hub id.

    A pinned hub id needs no directory (its revision is its identity): None.
    """
    if ref.local_dir is not None:
        return Path(ref.local_dir)
    if ref.revision:
        return None
    from .loading import cached_path  # an unpinned hub id: its identity is whichever snapshot is cached

    return cached_path(ref)


def version_tag(revision: str | None, path: Path | None) -> str | None:
    """The pinned revision, else a fingerprint of the model directory, else None."""
    if revision:
        return revision
    if path is not None and (Path(path) / "config.json").is_file():
        return "dir-" + fingerprint_model_dir(Path(path))
    return None


def model_identity(translator) -> str:
    """The version part of a memory key: the pinned revision, else a fingerprint of the model directory.

    ``translator`` is anything with ``revision`` and (optionally) ``ref``.
    """
    if translator.revision:
        return translator.revision
    ref = getattr(translator, "ref", None)
    path = local_path(ref) if ref is not None else None
    if path is not None:
        return "dir-" + fingerprint_model_dir(path)
    return "unpinned"


def safe_model_name(model_id: str) -> str:
    """A file-name-safe form of a hub id or a local path (short hash added when cut)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "--", model_id).strip("-.") or "model"
    if len(safe) > 80:
        safe = safe[-64:].lstrip("-.") + "-" + hashlib.sha256(model_id.encode()).hexdigest()[:8]
    return safe


def conversion_dir(model_id: str, revision: str | None, path: Path | None, quantization: str) -> Path:
    """Where the conversion of this model at this revision and quantization lives (may not exist)."""
    tag = version_tag(revision, path) or "unversioned"
    return converted_models_dir() / f"{safe_model_name(model_id)}@{tag}-{quantization}"


def find_conversions(model_id: str, revision: str | None, path: Path | None) -> dict[str, Path]:
    """Finished conversions of this model, by quantization."""
    tag = version_tag(revision, path)
    root = converted_models_dir()
    if tag is None or not root.is_dir():
        return {}
    prefix = f"{safe_model_name(model_id)}@{tag}-"
    found = {}
    for entry in root.iterdir():
        if entry.name.startswith(prefix) and (entry / CONVERTED_MODEL_FILE).is_file():
            found[entry.name[len(prefix) :]] = entry
    return found


def ct2_available() -> bool:
    """True when the ctranslate2 package can be imported (checked without importing it)."""
    return importlib.util.find_spec("ctranslate2") is not None


def backend_for(model_id: str, revision: str | None, path: Path | None, requested: str) -> str:
    """Make ``auto`` concrete: ``ctranslate2`` if a conversion is cached and ctranslate2 installed, else ``transformers``."""
    if requested != "auto":
        return requested
    if ct2_available() and find_conversions(model_id, revision, path):
        return "ctranslate2"
    return "transformers"


def resolve_backend(ref: ModelRef, requested: str) -> str:
    """The engine ``ref`` will run on, without loading anything heavy (other names come back unchanged)."""
    if requested != "auto":
        return requested
    return backend_for(ref.label, ref.revision, local_path(ref), requested)


def resolve_device(requested: str, gpu_count: Callable[[], int], engine: str = "") -> str:
    """Resolve ``auto``/``cpu``/``cuda`` with an engine's own CUDA probe (``gpu_count``).

    Raises :class:`DeviceUnavailable` (carrying the device) when CUDA is
    requested and the engine sees no GPU, :class:`BackendError` for an unknown name.
    """
    if requested not in DEVICES:
        raise BackendError(f"unknown device {requested!r}; use auto, cpu or cuda")
    if requested == "cpu":
        return "cpu"
    gpus = gpu_count()
    if requested == "auto":
        return "cuda" if gpus > 0 else "cpu"
    if gpus == 0:
        raise DeviceUnavailable(device=requested, engine=engine)
    return requested

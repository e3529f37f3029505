"""The identity of a local model directory, for keys that must change when the model does.

The translation memory and the CTranslate2 conversion cache both key a
model given as a directory (no pinned hub revision) by
:func:`fingerprint_model_dir`, so both notice the same edits.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Files up to this size are hashed by content (configs, vocabularies, tokenizers, small weights);
# larger ones (real weights) by name, size, mtime and ctime, so a run never reads gigabytes to key a cache.
CONTENT_HASH_LIMIT = 32 * 1024 * 1024
_SKIP_SUFFIXES = (".md", ".lock")


def fingerprint_model_dir(path: str | os.PathLike) -> str:
    """A 16-hex-digit fingerprint of everything in a model directory that can change its output.

    Every regular file at the top level counts (config, generation_config,
    tokenizer files, vocab.json, SentencePiece models, weights, ...), except
    hidden files and Markdown (model cards). Small files count by content; a
    large one by size, mtime and ctime: rewriting it in place changes ctime
    even when mtime is put back. A directory of symlinks (the Hugging Face
    cache) is followed to the files themselves.
    """
    digest = hashlib.sha256()
    root = Path(path)
    try:
        names = sorted(entry.name for entry in os.scandir(root))
    except OSError:
        return hashlib.sha256(b"missing:" + str(root).encode()).hexdigest()[:16]
    for name in names:
        if name.startswith(".") or name.endswith(_SKIP_SUFFIXES):
            continue
        file = root / name
        try:
            info = file.stat()
        except OSError:
            continue
        if not file.is_file():
            continue
        digest.update(name.encode("utf-8") + b"\0")
        if info.st_size <= CONTENT_HASH_LIMIT:
            try:
                with open(file, "rb") as handle:
                    digest.update(hashlib.file_digest(handle, "sha256").digest() if hasattr(hashlib, "file_digest")
                                  else hashlib.sha256(handle.read()).digest())
                continue
            except OSError:
                pass
        digest.update(f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}".encode())
    return digest.hexdigest()[:16]

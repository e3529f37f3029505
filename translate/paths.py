"""Where tilshi keeps its data.

Nothing here runs at import time: every path is computed when asked for, so
``TILSHI_HOME`` set by a test or a user always wins, and no directory is
created until something is written there.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Return tilshi's data directory (not created).

    ``TILSHI_HOME`` overrides it; otherwise ``$XDG_DATA_HOME/tilshi`` or
    ``~/.local/share/tilshi``.
    """
    home = os.environ.get("TILSHI_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "tilshi"


def ensure_data_dir() -> Path:
    """Return the data directory, creating it on first write."""
    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def glossary_path() -> Path:
    """The user's default glossary store (a CSV file a person can edit)."""
    return data_dir() / "glossary.csv"


def memory_path() -> Path:
    """The translation memory database."""
    return data_dir() / "memory.sqlite3"


def prompts_dir() -> Path:
    """Where users may put their own prompt templates to override the shipped ones."""
    return data_dir() / "prompts"


def converted_models_dir() -> Path:
    """Where CTranslate2 conversions of Hugging Face models are cached."""
    return data_dir() / "ct2"


def locks_dir() -> Path:
    """Lock files of tilshi's caches (a store's own lock lives beside the store)."""
    return data_dir() / "locks"


def store_paths() -> list[Path]:
    """tilshi's own stores (glossary, memory and its SQLite side files): never an output."""
    memory = memory_path()
    return [glossary_path(), memory, Path(f"{memory}-wal"), Path(f"{memory}-shm")]

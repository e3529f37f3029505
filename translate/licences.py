"""Licence classes and the office-wide licence policy.

Every registered model carries its licence and a class: ``permissive``
(commercial use allowed: Apache-2.0, MIT, CC-BY-4.0, ...) or
``non-commercial`` (CC-BY-NC, CC-BY-NC-SA, ...). The policy is ``any`` or
``permissive``; under ``permissive`` automatic choices use permissive models
only and an explicitly chosen non-commercial model is refused.

The policy comes from the caller when given, else from the environment
variable :data:`ENV_VAR`, else from ``settings.toml`` in the data directory
(``licence = "permissive"``), else ``any``. An office sets it once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import SettingsError
from .paths import data_dir

PERMISSIVE = "permissive"
NON_COMMERCIAL = "non-commercial"
UNKNOWN = "unknown"
POLICIES = ("any", PERMISSIVE)
ENV_VAR = "TILSHI_LICENCE"
SETTINGS_FILE = "settings.toml"

# Licence identifiers as the hub's model cards write them (lower case); anything with "nc" is non-commercial.
_PERMISSIVE_IDS = {
    "apache-2.0", "mit", "bsd-2-clause", "bsd-3-clause", "cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0",
    "openrail", "unlicense", "mpl-2.0", "afl-3.0", "isc", "cc-by-3.0", "cc-by-2.0",
}
_NON_COMMERCIAL = re.compile(r"(^|[-_ ])nc([-_ ]|$)|non-?commercial", re.I)


def settings_path() -> Path:
    """The settings file in the data directory (may not exist)."""
    return data_dir() / SETTINGS_FILE


def licence_policy(explicit: str | None = None) -> str:
    """The licence policy in force: ``explicit``, else the environment, else the settings file, else ``any``.

    Raises :class:`SettingsError` for a value that is not a policy.
    """
    if explicit:
        return _check_policy(explicit, "the caller")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _check_policy(from_env, f"the environment variable {ENV_VAR}")
    path = settings_path()
    if path.is_file():
        value = _read_setting(path, "licence")
        if value is not None:
            return _check_policy(value, str(path))
    return "any"


def licence_class(licence: str) -> str:
    """``permissive``, ``non-commercial`` or ``unknown`` for a licence identifier or description."""
    text = (licence or "").strip()
    if not text:
        return UNKNOWN
    if _NON_COMMERCIAL.search(text):
        return NON_COMMERCIAL
    first = re.split(r"[\s;(,]", text.lower(), maxsplit=1)[0]
    return PERMISSIVE if first in _PERMISSIVE_IDS else UNKNOWN


def licence_of_dir(path: Path) -> str | None:
    """The ``license:`` of a model directory's README.md front matter (as the hub writes model cards), or None."""
    try:
        text = (Path(path) / "README.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not text.startswith("---"):
        return None
    front = text[3:].split("\n---", 1)[0]
    match = re.search(r"^licen[cs]e:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", front, re.M)
    return match.group(1) if match else None


def _check_policy(value: str, where: str) -> str:
    policy = value.strip().lower()
    if policy not in POLICIES:
        raise SettingsError(
            f"unknown licence policy {value!r} in {where}; use {' or '.join(POLICIES)}",
            setting="licence", value=value, source=where,
        )
    return policy


def _read_setting(path: Path, key: str) -> str | None:
    try:
        import tomllib
    except ImportError:  # Python 3.10: the file is one `key = "value"` per line
        tomllib = None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if tomllib else dict(re.findall(r'^\s*(\w+)\s*=\s*"([^"]*)"', text, re.M))
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        raise SettingsError(f"cannot read the settings file {path}: {exc}", setting=key, value=None, source=str(path)) from None
    value = data.get(key, data.get("license") if key == "licence" else None)
    if value is not None and not isinstance(value, str):
        raise SettingsError(f"{key} in {path} must be a string, not {value!r}", setting=key, value=value, source=str(path))
    return value

"""Reading user text safely and writing results atomically.

Every command reads its input through :func:`read_text` so that missing,
empty, binary and non-UTF-8 files fail the same way, and writes through
:func:`write_atomic` so that a failed run never leaves a half-written file
or clobbers an existing one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError, OutputError

# Control characters that never occur in text files; NUL is the classic sign of binary data.
_BINARY_CONTROLS = {chr(c) for c in range(0, 32)} - {"\t", "\n", "\r", "\f", "\v"}


def read_text(path: str | os.PathLike, *, what: str = "input", allow_empty: bool = False) -> str:
    """Read a UTF-8 text file (``-`` is stdin), with a BOM tolerated.

    Raises :class:`InputError` for a missing or unreadable path, a directory,
    binary or non-UTF-8 bytes and (unless ``allow_empty``) blank content.
    """
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{what} file not found: {name}")
        if p.is_dir():
            raise InputError(f"{what} is a directory, not a file: {name}")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {what} file {name}: {exc.strerror or exc}") from None
    return decode_text(data, name, what=what, allow_empty=allow_empty)


def decode_text(data: bytes, name: str, *, what: str = "input", allow_empty: bool = False) -> str:
    """Decode bytes as UTF-8 text, rejecting binary data; see :func:`read_text`."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise InputError(f"{what} {name} looks like a binary file, not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} {name} is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    if any(ch in _BINARY_CONTROLS for ch in text):
        raise InputError(f"{what} {name} contains control characters; it looks binary, not text")
    if not allow_empty and not text.strip():
        raise InputError(f"{what} {name} is empty")
    # One newline convention inside the tool; output uses "\n".
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and an atomic rename."""
    write_all_atomic({Path(path): text})


def write_all_atomic(files: dict[Path, str]) -> None:
    """Write several files so that either all appear or none is changed.

    Each file is staged next to its target first; only when every staging
    write succeeded are they renamed into place.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in files.items():
            target = Path(target)
            if target.is_dir():
                raise OutputError(f"output path is a directory: {target}")
            parent = target.parent if str(target.parent) else Path(".")
            if not parent.is_dir():
                raise OutputError(f"output directory does not exist: {parent}")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
            except OSError as exc:
                raise OutputError(f"cannot write to {parent}: {exc.strerror or exc}") from None
            staged.append((tmp, target))
            os.chmod(tmp, _mode_for(target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
        staged.clear()
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-derived mode (mkstemp uses 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

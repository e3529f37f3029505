"""Reading user text safely and writing results atomically.

Every command reads its input through :func:`read_text` so that missing,
empty, binary and non-UTF-8 files fail the same way, and writes through
:func:`write_atomic` so that a failed run never leaves a half-written file
or clobbers an existing one.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path

from .errors import InputError, OutputError

# Control characters that never occur in text files; NUL is the classic sign of binary data.
_BINARY_CONTROLS = {chr(c) for c in range(0, 32)} - {"\t", "\n", "\r", "\f", "\v"}
_BINARY_CONTROL = re.compile("[" + re.escape("".join(sorted(_BINARY_CONTROLS))) + "]")  # one scan in C, not a generator


def read_text(path: str | os.PathLike, *, what: str = "input", allow_empty: bool = False, exact: bool = False) -> str:
    """Read a UTF-8 text file (``-`` is stdin), with a BOM tolerated.

    Line breaks become ``\\n`` and a BOM is dropped, unless ``exact``: then
    both are kept as read (``"\\ufeff"`` first), for documents whose bytes
    must come back unchanged outside the translated text.

    Raises :class:`InputError` for a missing or unreadable path, a directory,
    binary or non-UTF-8 bytes and (unless ``allow_empty``) blank content.
    """
    name, data = read_bytes(path, what=what)
    return decode_text(data, name, what=what, allow_empty=allow_empty, exact=exact)


def read_bytes(path: str | os.PathLike, *, what: str = "input") -> tuple[str, bytes]:
    """``(name, bytes)`` of a file, or of stdin for ``-`` (named ``<stdin>``).

    Raises :class:`InputError` for a missing or unreadable path or a directory.
    """
    name = str(path)
    if name == "-":
        return "<stdin>", sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{what} file not found: {name}")
    if p.is_dir():
        raise InputError(f"{what} is a directory, not a file: {name}")
    try:
        return name, p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} file {name}: {exc.strerror or exc}") from None


def decode_text(data: bytes, name: str, *, what: str = "input", allow_empty: bool = False, exact: bool = False) -> str:
    """Decode bytes as UTF-8 text, rejecting binary data; see :func:`read_text`.

    UTF-16 with a byte-order mark (what Windows Notepad calls "Unicode") is
    decoded too (the output is UTF-8); UTF-16 without one is named as such.
    """
    data = _from_utf16(data, name, what)
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if b"\x00" in data:
        raise InputError(f"{what} {name} looks like a binary file, not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} {name} is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    if _BINARY_CONTROL.search(text):
        raise InputError(f"{what} {name} contains control characters; it looks binary, not text")
    if not allow_empty and not text.strip():
        raise InputError(f"{what} {name} is empty")
    if exact:
        return ("\ufeff" if bom else "") + text
    # One newline convention inside the tool; output uses "\n".
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_utf16(data: bytes, name: str, what: str) -> bytes:
    """UTF-16 with a BOM re-encoded as UTF-8 (so every later check applies); other data unchanged."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{what} {name} starts like UTF-16 but is not valid UTF-16 (byte {exc.start})") from None
    head = data[: min(len(data), 4096) // 2 * 2]
    if len(head) >= 8 and b"\x00" in head:
        zeros_odd, zeros_even = head[1::2].count(0), head[0::2].count(0)
        order = "le" if zeros_odd > zeros_even else "be"
        if max(zeros_odd, zeros_even) > 0.4 * (len(head) // 2) and min(zeros_odd, zeros_even) == 0:
            try:
                sample = head.decode(f"utf-16-{order}")
            except UnicodeDecodeError:
                return data
            if not any(ch in _BINARY_CONTROLS for ch in sample):
                raise InputError(f"{what} {name} looks like UTF-16 text without a byte-order mark; save it as UTF-8")
    return data


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and an atomic rename.

    See :func:`write_all_atomic` for symlinks, pipes and devices.
    """
    write_all_atomic({Path(path): text})


def write_all_atomic(files: dict[Path, str | bytes]) -> None:
    """Write several files so that either all appear or none is changed.

    Each regular file is staged next to its target first; only when every
    staging write succeeded are they renamed into place. A node is never
    replaced by a regular file:

    * a symlink is followed and its final target is replaced atomically
      (in the target's directory), so the link stays a link;
    * a FIFO or a character device (``/dev/stdout``, ``/dev/null``, a link
      through ``/proc/self/fd``) is opened and written through, after every
      staging write succeeded and before the renames; a FIFO nobody reads is
      an error, not a hang;
    * a directory, block device or socket is refused with :class:`OutputError`.
    """
    plan = [(Path(target), *_destination(Path(target)), text) for target, text in files.items()]
    staged: list[tuple[str, Path]] = []
    try:
        for target, how, dest, text in plan:
            if how == "through":
                continue
            parent = dest.parent if str(dest.parent) else Path(".")
            if not parent.is_dir():
                raise OutputError(f"output directory does not exist: {parent}", path=target)
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=parent)
            except OSError as exc:
                raise OutputError(f"cannot write to {parent}: {exc.strerror or exc}", path=target) from None
            staged.append((tmp, dest))
            try:
                os.chmod(tmp, _mode_for(dest))
                # bytes (a .docx) are written as they are; text as UTF-8 with "\n" newlines.
                binary = isinstance(text, bytes)
                with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise OutputError(f"cannot write {target}: {exc.strerror or exc}", path=target) from None
        for target, how, _dest, text in plan:
            if how == "through":
                _write_through(target, text)
        for tmp, dest in staged:
            os.replace(tmp, dest)
        staged.clear()
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _destination(target: Path) -> tuple[str, Path]:
    """How to write ``target``: ``("replace", real_file)`` or ``("through", target)``; raises if neither."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return "replace", target
    except OSError as exc:  # ENOTDIR: a parent is a file
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}", path=target) from None
    if stat.S_ISLNK(mode):
        if _through_proc(target):  # /dev/stdout, /dev/fd/N: the caller's open file, whatever it is
            return "through", target
        real = Path(os.path.realpath(target))
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            return "replace", real  # a dangling link: create the file it names
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}", path=target) from None
        target = real
    if stat.S_ISREG(mode):
        return "replace", target
    if stat.S_ISDIR(mode):
        raise OutputError(f"output path is a directory: {target}", path=target)
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "through", target
    raise OutputError(f"output path {target} is a block device or a socket; write to a file or a pipe", path=target)


def _through_proc(link: Path) -> bool:
    """True when following ``link`` passes through /proc (a process's file descriptor)."""
    current = os.path.abspath(link)
    for _ in range(40):
        if os.path.realpath(os.path.dirname(current)).startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


FIFO_WAIT_S = 10.0  # how long a FIFO output waits for its reader to open it


def _write_through(target: Path, text: str) -> None:
    """Write into an existing pipe or device (or a descriptor's file) without replacing the node."""
    # O_NONBLOCK: a FIFO with no reader fails (ENXIO) instead of blocking forever; we give a reader
    # that is still starting FIFO_WAIT_S seconds. O_APPEND: a descriptor the shell opened with >> keeps what it has.
    deadline = time.monotonic() + FIFO_WAIT_S
    while True:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
            break
        except OSError as exc:
            if exc.errno == errno.ENXIO and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            if exc.errno == errno.ENXIO:
                raise OutputError(f"nothing is reading the pipe {target}", path=target) from None
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}", path=target) from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=True) as handle:
            fd = -1
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}", path=target) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-derived mode (mkstemp uses 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

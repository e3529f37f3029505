"""File locks around read-modify-write of tilshi's stores.

Every store a person or several processes may edit at once (the glossary
CSV, the CTranslate2 conversion cache, and later front ends' own files) is
changed under :func:`store_lock`: take the lock, re-read the store, edit,
write atomically, release. Two ``glossary add`` runs then queue instead of
each renaming its own copy over the other's.

The lock is an OS-level lock (``filelock``) on a ``NAME.lock`` file beside
the *resolved* store path, so a store reached through a symlink is locked
where its data lives, by every user of the shared file.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError, StoreLocked

LOCK_TIMEOUT_S = 60.0


def lock_path(path: str | os.PathLike) -> Path:
    """The lock file guarding ``path`` (beside its resolved location)."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + ".lock")


@contextmanager
def store_lock(path: str | os.PathLike, timeout: float = LOCK_TIMEOUT_S, *, lock_file: str | os.PathLike | None = None):
    """Hold an exclusive lock on the store at ``path`` for the ``with`` block.

    Waits up to ``timeout`` seconds for another process to finish, then
    raises :class:`~translate.errors.StoreLocked`. Re-entrant within one
    thread, so a helper that locks may call another that locks too.
    ``lock_file`` puts the lock elsewhere than beside the store (a cache
    directory whose listing should hold only finished entries).
    """
    from filelock import FileLock, Timeout

    target = Path(lock_file) if lock_file is not None else lock_path(path)
    # One lock object per file and process (counted per thread), so nested locking in one thread
    # does not deadlock on its own flock, while other threads and processes wait.
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(target), is_singleton=True)
        lock.acquire(timeout=timeout)
    except Timeout:
        raise StoreLocked(f"{path} is being changed by another process (waited {timeout:.0f} s); try again",
                          path=Path(path)) from None
    except OSError as exc:  # a read-only directory, say: the store could not be written either
        raise OutputError(f"cannot lock {path} for writing ({target}: {exc.strerror or exc})", path=Path(path)) from None
    try:
        yield
    finally:
        lock.release()

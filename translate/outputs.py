"""Where results go and in what shape: stdout, one file, or one file per language."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import NeedsOutputDirectory, OutputError, SameAsInput
from .languages import Language
from .paths import store_paths

FORMATS = ("md", "txt", "json")


def input_format(input_name: str, fmt: str | None) -> str:
    """How to parse the input: plain text for ``.txt`` files or format ``txt``, else Markdown."""
    if fmt == "txt" or (fmt is None and input_name.lower().endswith(".txt")):
        return "txt"
    return "md"


def output_format(input_name: str, fmt: str | None) -> str:
    """The output format: as asked, else the input's own (Markdown unless it is a .txt file)."""
    return fmt or input_format(input_name, None)


def output_paths(
    input_name: str,
    languages: Sequence[Language],
    output: str | None,
    fmt: str,
    *,
    infix: str = "",
    reads: Iterable[str | os.PathLike] = (),
) -> dict[str, Path | None]:
    """Decide and check each language's destination before any work is done.

    No ``output``: stdout (one language only, or JSON). A directory (existing,
    or ending in a slash, or several languages): ``NAME[.infix].LANG.EXT``
    inside it. Otherwise a file, for one language. Every destination is
    checked with :func:`check_output` against the input, ``reads`` (other
    files the command reads) and tilshi's stores.
    """
    codes = [lang.iso1 for lang in languages]
    if output is None:
        if len(codes) > 1 and fmt != "json":
            raise NeedsOutputDirectory(languages=tuple(codes))
        return {code: None for code in codes}
    if not output.strip():
        raise OutputError("the output path is empty", path=output)
    target = Path(output)
    as_dir = target.is_dir() or output.endswith(("/", "\\")) or len(codes) > 1
    reads = [input_name, *reads]
    if not as_dir:
        return {codes[0]: check_output(output, reads=reads)}
    _check_dir_reachable(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{output} is a file; several languages need a directory", path=target)
    stem = "stdin" if input_name == "-" else Path(input_name).name.rsplit(".", 1)[0]
    middle = f".{infix}" if infix else ""
    return {code: check_output(target / f"{stem}{middle}.{code}.{fmt}", reads=reads, make_parent=True) for code in codes}


def check_output(output: str | os.PathLike, *, reads: Iterable[str | os.PathLike] = (), make_parent: bool = False) -> Path:
    """Check that ``output`` can be written, before any work; return it as a Path.

    Raises :class:`OutputError` for an empty path, a directory, a block
    device or socket, or a parent that does not exist (unless ``make_parent``:
    then no ancestor may be a file), and :class:`SameAsInput` when it is one
    of ``reads`` (``-`` is ignored) or one of tilshi's stores, compared by
    the file it resolves to (links and hard links included). FIFOs, character
    devices and symlinks are fine: they are written through (see
    :func:`translate.textio.write_all_atomic`).
    """
    if not str(output).strip():
        raise OutputError("the output path is empty", path=output)
    target = Path(output)
    if make_parent:
        _check_dir_reachable(target.parent)
    else:
        parent = target.parent
        if not parent.is_dir():
            raise OutputError(
                f"output directory does not exist: {parent}" if not parent.exists() else f"{parent} is not a directory",
                path=target,
            )
    stores = store_paths()
    for other in [*(Path(r) for r in reads if str(r) != "-"), *stores]:
        if _same_file(target, other):
            what = "tilshi's own store" if other in stores else "an input of this command"
            raise SameAsInput(f"refusing to write the output to {target}: it is {what} ({other})",
                              path=target, other=other)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return target  # does not exist yet (or a dangling link: its target will be created)
    if stat.S_ISDIR(mode):
        raise OutputError(f"output path is a directory: {target}", path=target)
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise OutputError(f"output path {target} is a block device or a socket; write to a file or a pipe", path=target)
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist: compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def _check_dir_reachable(directory: Path) -> None:
    """The nearest existing ancestor of ``directory`` must be a directory (so it can be created)."""
    probe = directory
    while True:
        if probe.exists():
            if not probe.is_dir():
                raise OutputError(f"cannot create the output directory {directory}: {probe} is a file", path=directory)
            return
        if probe.parent == probe:
            return
        probe = probe.parent


def render_json(source: str, results: Sequence) -> str:
    """All results as one JSON document."""
    payload = {"source": source, "translations": [r.to_dict() for r in results]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def make_parents(paths: Iterable[Path]) -> None:
    """Create the directories that checked output paths live in."""
    for path in paths:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output directory {Path(path).parent}: {exc.strerror or exc}",
                              path=path) from None

"""Where results go and in what shape: stdout, one file, or one file per language."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError
from .languages import Language

FORMATS = ("md", "txt", "json")


def input_format(input_name: str, fmt: str | None) -> str:
    """How to parse the input: plain text for ``.txt`` files or ``--format txt``, else Markdown."""
    if fmt == "txt" or (fmt is None and input_name.lower().endswith(".txt")):
        return "txt"
    return "md"


def output_format(input_name: str, fmt: str | None) -> str:
    """The output format: as asked, else the input's own (Markdown unless it is a .txt file)."""
    return fmt or input_format(input_name, None)


def output_paths(
    input_name: str, languages: Sequence[Language], output: str | None, fmt: str, *, infix: str = ""
) -> dict[str, Path | None]:
    """Decide each language's destination before any work is done.

    No ``output``: stdout (one language only, or JSON). A directory (existing,
    or ending in a slash, or several languages): ``NAME[.infix].LANG.EXT``
    inside it. Otherwise a file, for one language.
    """
    codes = [lang.iso1 for lang in languages]
    if output is None:
        if len(codes) > 1 and fmt != "json":
            raise OutputError("several target languages need -o DIR (or --format json for stdout)")
        return {code: None for code in codes}
    target = Path(output)
    as_dir = target.is_dir() or output.endswith(("/", "\\")) or len(codes) > 1
    if not as_dir:
        if target.parent and not target.parent.exists():
            raise OutputError(f"output directory does not exist: {target.parent}")
        return {codes[0]: target}
    if target.exists() and not target.is_dir():
        raise OutputError(f"-o {output} is a file; several languages need a directory")
    stem = "stdin" if input_name == "-" else Path(input_name).name.rsplit(".", 1)[0]
    middle = f".{infix}" if infix else ""
    return {code: target / f"{stem}{middle}.{code}.{fmt}" for code in codes}


def render_json(source: str, results: Sequence) -> str:
    """All results as one JSON document."""
    payload = {"source": source, "translations": [r.to_dict() for r in results]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

"""Prompt templates: one file per task and model family, with named variables.

A template is ``prompts/<task>.<family>.txt`` (for example
``summarize.t5.txt`` holds ``summarize: {text}``). Variables are written
``{name}`` as in :meth:`str.format`; a literal brace is doubled (``{{``).
Lines at the top of a file that start with ``#`` are comments, for notes on
the variables; a single trailing newline is dropped.

Users override a shipped template by putting a file of the same name in
``$TILSHI_HOME/prompts/`` (see :func:`translate.paths.prompts_dir`); the
user's file wins. A missing template, a positional ``{}`` or a variable the
caller did not supply is a :class:`~translate.errors.TemplateError`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from translate.errors import TemplateError
from translate.paths import prompts_dir


def shipped_dir() -> Path:
    """The directory of the templates that ship with tilshi (the ``prompts`` package)."""
    import prompts

    return Path(prompts.__file__).resolve().parent


@dataclass(frozen=True)
class PromptTemplate:
    """A loaded template and where it came from."""

    name: str  # "summarize.bart"
    text: str
    path: Path

    @property
    def variables(self) -> tuple[str, ...]:
        """The named variables the template uses, in order of first use."""
        return template_variables(self.text, self.path)

    def render(self, **values: object) -> str:
        """Fill the template; raises :class:`TemplateError` naming any variable not given."""
        needed = self.variables
        missing = [name for name in needed if name not in values]
        if missing:
            given = ", ".join(sorted(values)) or "none"
            raise TemplateError(
                f"prompt template {self.path} uses {{{missing[0]}}}, which is not provided "
                f"(available variables: {given})"
            )
        try:
            return self.text.format(**values)
        except (IndexError, KeyError, ValueError, AttributeError) as exc:
            raise TemplateError(f"prompt template {self.path} cannot be filled: {exc}") from None


def template_variables(text: str, path: Path | str = "<template>") -> tuple[str, ...]:
    """Named ``{variables}`` of ``text``; raises :class:`TemplateError` for malformed or positional fields."""
    names: list[str] = []
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(f"prompt template {path} is malformed: {exc} (write a literal brace as {{{{ or }}}})") from None
    for _literal, name, _spec, _conversion in fields:
        if name is None:
            continue
        base = name.split(".", 1)[0].split("[", 1)[0]
        if not base or base.isdigit():
            raise TemplateError(f"prompt template {path} has a positional field {{{name}}}; use a named variable such as {{text}}")
        if base not in names:
            names.append(base)
    return tuple(names)


def template_paths(task: str, family: str) -> list[Path]:
    """Where ``<task>.<family>.txt`` is looked for, in order: the user's prompts directory, then the shipped one."""
    filename = f"{task}.{family}.txt"
    return [prompts_dir() / filename, shipped_dir() / filename]


def load_template(task: str, family: str) -> PromptTemplate:
    """Load the template for ``task`` and model ``family`` (the user's override first)."""
    for path in template_paths(task, family):
        if path.is_file():
            try:
                raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"cannot read prompt template {path}: {exc}") from None
            text = _strip_comments(raw)
            template = PromptTemplate(f"{task}.{family}", text, path)
            template_variables(text, path)  # fail now on a malformed file, not mid-run
            return template
    have = sorted(p.name for d in {prompts_dir(), shipped_dir()} if d.is_dir() for p in d.glob(f"{task}.*.txt"))
    raise TemplateError(
        f"no prompt template {task}.{family}.txt in {prompts_dir()} or the shipped prompts"
        + (f" (available: {', '.join(have)})" if have else "")
    )


def _strip_comments(raw: str) -> str:
    lines = raw.replace("\r\n", "\n").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    text = "\n".join(lines)
    return text[:-1] if text.endswith("\n") else text

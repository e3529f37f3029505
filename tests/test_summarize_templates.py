"""Prompt templates: shipped files, user overrides in TILSHI_HOME/prompts, clear errors."""

from __future__ import annotations

import pytest

from summarize.templates import load_template, shipped_dir, template_paths, template_variables
from translate.errors import TemplateError
from translate.paths import prompts_dir


@pytest.mark.parametrize(
    "family, rendered",
    [
        ("bart", "Body text."),
        ("mt5", "Body text."),
        ("t5", "summarize: Body text."),
        ("seq2seq", "Body text."),
    ],
)
def test_shipped_templates(family, rendered):
    template = load_template("summarize", family)
    assert template.path == shipped_dir() / f"summarize.{family}.txt"
    assert template.variables == ("text",)
    assert template.render(text="Body text.", language="English") == rendered


def test_user_override_wins(isolated_home):
    override = prompts_dir() / "summarize.bart.txt"
    override.parent.mkdir(parents=True)
    override.write_text("# my prompt\nSummarise in {language}: {title}. {text}\n", encoding="utf-8")
    template = load_template("summarize", "bart")
    assert template.path == override
    assert template.variables == ("language", "title", "text")
    assert template.render(text="Body.", title="Head", language="English") == "Summarise in English: Head. Body."
    assert template_paths("summarize", "bart")[0] == override


def test_missing_variable_is_a_clear_error(isolated_home):
    override = prompts_dir() / "summarize.t5.txt"
    override.parent.mkdir(parents=True)
    override.write_text("summarize for {audience}: {text}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template("summarize", "t5").render(text="Body.", language="English")
    message = str(info.value)
    assert "{audience}" in message and str(override) in message and "language, text" in message


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("summarize: {}\n", "positional"),
        ("summarize: {0}\n", "positional"),
        ("summarize: {text\n", "malformed"),
        ("summarize: }{text}\n", "malformed"),
    ],
)
def test_malformed_templates_fail_on_load(isolated_home, content, fragment):
    override = prompts_dir() / "summarize.bart.txt"
    override.parent.mkdir(parents=True)
    override.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=fragment):
        load_template("summarize", "bart")


def test_missing_template_lists_available():
    with pytest.raises(TemplateError) as info:
        load_template("summarize", "nosuchfamily")
    assert "summarize.nosuchfamily.txt" in str(info.value)
    assert "summarize.bart.txt" in str(info.value)


def test_literal_braces_and_attribute_fields():
    assert template_variables("{{literal}} {text} {text.upper}") == ("text",)
    assert template_variables("no variables at all") == ()


def test_shipped_templates_are_package_data():
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.txt" in pyproject["tool"]["setuptools"]["package-data"]["prompts"]
    assert sorted(p.name for p in shipped_dir().glob("summarize.*.txt")) == [
        "summarize.bart.txt",
        "summarize.mt5.txt",
        "summarize.seq2seq.txt",
        "summarize.t5.txt",
    ]

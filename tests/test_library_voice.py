"""The library speaks no CLI: typed errors with fields, advice worded by cli.py, notices through logging."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
import translate.translator as translator_module
from tests.conftest import REPO, SAMPLE
from translate import errors
from translate.memory import TranslationMemory

LIBRARY = sorted([*(REPO / "translate").rglob("*.py"), *(REPO / "summarize").rglob("*.py")])


def cli_options() -> set[str]:
    """Every option name any tilshi command takes (``--model``, ``-o``, ...), read from click."""
    names: set[str] = set()

    def walk(command: click.Command) -> None:
        for param in command.params:
            names.update(o for o in [*param.opts, *param.secondary_opts] if o.startswith("-"))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(cli.main)
    return names - {"-h", "--help", "--version"}


def library_strings(path: Path):
    """(line, text) of every string literal in a module, docstrings and f-string parts included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(REPO)))
def test_no_cli_option_and_no_print_in_the_library(path):
    options = cli_options()
    assert {"--model", "--to", "--device", "--no-memory", "-o"} <= options  # the scan looks for real names
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True)) + r")(?![\w-])")
    named = [(line, m.group(1)) for line, text in library_strings(path) for m in pattern.finditer(text)]
    assert not named, f"{path.name} names CLI options: {named}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"]
    assert not prints, f"{path.name} prints at lines {prints}"


CASES = {
    "model not cached": (errors.ModelNotAvailable(model_id="org/m", revision="abcdef1234567890"),
                         "org/m @ abcdef123456 is not in the local cache", "--model PATH"),
    "translator behind a summary": (errors.ModelNotAvailable(model_id="org/m", role="translator"),
                                    "org/m is not in the local cache", "--translator PATH"),
    "no default model": (errors.NoDefaultModel(language="German (de)", available=("kk", "ru")),
                         "no default translation model for German (de)", "choose one with --model"),
    "no target": (errors.NoTargetLanguage(), "no target language given", "--to ru,kk"),
    "several to one stream": (errors.NeedsOutputDirectory(languages=("ru", "kk")), "cannot share one text stream", "-o DIR"),
    "no gpu": (errors.DeviceUnavailable(device="cuda", engine="CTranslate2"), "CTranslate2 sees no CUDA GPU", "use --device cpu"),
    "memory locked": (errors.MemoryStoreError("memory m stayed locked", path="m", reason="locked", advice="try again"),
                      "stayed locked", "try again, or use --no-memory"),
    "memory unusable": (errors.MemoryStoreError("memory m cannot be used", path="m", reason="unusable", advice="move it aside"),
                        "cannot be used", "or run with --no-memory"),
    "glossary entry exists": (errors.EntryExists(term="OSCE"), "'OSCE' is already in the glossary",
                              "use --replace to overwrite it"),
    "glossary import conflict": (errors.GlossaryConflict(path="g.csv", problems=["source term 'A' maps to both 'a' and 'b' (ru)"]),
                                 "g.csv: conflict with the glossary store", "use --replace to let the file win"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_library_message_is_neutral_and_the_cli_words_the_advice(case):
    error, problem, advice = CASES[case]
    assert problem in str(error) and "--" not in str(error) and "-o " not in str(error)
    message = cli._message(error)
    assert message.startswith(error.problem) and advice in message
    assert message.count(";") == error.problem.count(";") + 1  # the library's own advice is replaced, not repeated


def test_errors_rebuilt_from_a_message_keep_it():
    """batch's Ray engine rebuilds an error from its type name and message: fields are optional."""
    for kind in (errors.ModelNotAvailable, errors.NoDefaultModel, errors.NoTargetLanguage,
                 errors.NeedsOutputDirectory, errors.DeviceUnavailable, errors.EntryExists, errors.GlossaryConflict):
        assert str(kind("as it was said")) == "as it was said"


def test_a_failing_memory_write_is_a_warning_with_cli_advice_and_the_translation_arrives(monkeypatch, tmp_path):
    class Fake:
        def __init__(self, ref, backend="transformers", device="auto"):
            self.ref, self.name, self.device = ref, backend, device
            self.model_id, self.revision = ref.label, ref.revision

        def translate(self, texts, source, target, settings, progress=True):
            return [f"<{text}>" for text in texts]

    def broken(self, context, pairs):
        raise errors.MemoryStoreError(f"translation memory {self.path} cannot be used (disk I/O error)",
                                      path=self.path, reason="unusable", advice="move it aside")

    monkeypatch.setattr(translator_module, "ModelTranslator", Fake)
    monkeypatch.setattr(TranslationMemory, "store", broken)
    out = tmp_path / "ru.md"
    result = CliRunner().invoke(cli.main, ["translate", str(SAMPLE), "--to", "ru", "-o", str(out), "--no-glossary",
                                           "--backend", "transformers"])
    assert result.exit_code == 0, result.output
    assert "Warning: translation memory" in result.stderr and "or run with --no-memory" in result.stderr
    assert "<" in out.read_text(encoding="utf-8")  # the work is kept


@pytest.mark.skipif(importlib.util.find_spec("ctranslate2") is None, reason="needs ctranslate2")
def test_models_pull_converts_and_says_so_on_stderr(marian_dir):
    result = CliRunner().invoke(cli.main, ["models", "pull", "ru", "--model", str(marian_dir), "--backend", "ctranslate2"])
    assert result.exit_code == 0, result.output
    assert f"Converting {marian_dir.resolve()} for CTranslate2 (int8)" in result.stderr
    assert result.stdout == "" and "Ready:" in result.stderr and "-int8" in result.stderr.split("Ready:")[1]


"""Every command has useful help, and --help stays fast and light."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO


def all_commands(group: click.Group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*path, name))


COMMANDS = list(all_commands(cli.main))


def test_the_main_commands_exist():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"translate", "summarize", "models list", "models pull", "glossary check", "glossary apply", "memory stats"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(cli.main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    command = dict(COMMANDS)[path]
    assert command.help and len(command.help.strip()) > 20, path
    assert command.get_short_help_str().strip(), path


def test_top_level_help_lists_every_subcommand_with_a_description():
    result = CliRunner().invoke(cli.main, ["--help"])
    for name, command in cli.main.commands.items():
        assert name in result.output
        assert command.get_short_help_str() in result.output or command.get_short_help_str()[:30] in result.output


def test_help_does_not_import_torch_or_transformers():
    code = "import sys, cli\ntry:\n    cli.main(['translate', '--help'])\nexcept SystemExit:\n    pass\nprint(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().endswith("[]")

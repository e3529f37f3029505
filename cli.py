"""tilshi's command line: parse options, call one library function, print.

No translation logic lives here. Library errors (``translate.errors``) become
one-line ``Error: ...`` messages through :class:`click.ClickException`.
"""

from __future__ import annotations

import functools
import sys

import click

from translate.errors import TilshiError


def reports_errors(func):
    """Turn tilshi's domain errors into click errors (one line, exit 1)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TilshiError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tilshi")
def main():
    """tilshi: translate and summarise English press releases into Russian and Kazakh, offline."""


# --- translate commands (issue 2) ---


# --- models commands (issue 2) ---


# --- glossary commands (issue 3) ---


# --- summarize commands (issue 4) ---


# --- memory commands (issue 5) ---


if __name__ == "__main__":
    sys.exit(main())

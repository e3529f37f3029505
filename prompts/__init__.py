"""Prompt templates shipped with tilshi: ``<task>.<family>.txt`` with ``{named}`` variables.

To change one, copy it into ``$TILSHI_HOME/prompts/`` (by default
``~/.local/share/tilshi/prompts/``) under the same name and edit it there;
see :mod:`summarize.templates`.
"""

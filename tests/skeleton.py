"""What "the same skeleton" means in tests: every line's markup, in place."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"^(\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)?)")
_VERBATIM = re.compile(r"^\s*(!\[[^\]]*\]\([^)]*\)\s*)+$|^\s*(```|~~~)|^\s*\|?(\s*:?-{3,}:?\s*\|)+")


def skeleton(text: str) -> list[tuple[str, str]]:
    """Per line: ("blank", ""), ("verbatim", line) or ("text", markup prefix + URLs)."""
    rows = []
    for line in text.split("\n"):
        if not line.strip():
            rows.append(("blank", line))
        elif _VERBATIM.match(line):
            rows.append(("verbatim", line))
        else:
            urls = " ".join(re.findall(r"\]\([^)]*\)|https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`]*`", line))
            rows.append(("text", _MARKUP.match(line).group(1) + urls + ("|" * line.count("|"))))
    return rows

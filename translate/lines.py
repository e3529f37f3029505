"""Markdown lines: what kind each line is, and whether it runs on from the one before.

The line-level half of :mod:`translate.document`: splitting text into lines
with their own line breaks, classifying a line (blank, fence, raw markup,
table row, heading, list item, quote, paragraph, with nested markers folded
into the prefix), CommonMark HTML blocks 1–5, setext underlines, end marks
(``###``, ``-30-``, ``ENDS``) and soft-wrapped continuation lines. Every
pattern here is anchored and scans a line once.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE_END = re.compile(r"(\r\n|\r|\n)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.*)$")
_QUOTE = re.compile(r"^(\s*(?:>\s?)+)(.*)$")
_LIST = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)(.*)$")
# Image-only lines, linked images ([![](img)](link)) included.
_IMAGE_LINE = re.compile(r"^\s*(?:\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?\s*)+$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# CommonMark HTML blocks 1–5: they run (over several lines if need be) until their end marker.
# Their content is code, styling, comments or declarations, never text to translate.
_HTML_BLOCK_START = re.compile(
    r"^ {0,3}(?:<(?P<tag>script|pre|style|textarea)(?:[\s>]|$)|(?P<comment><!--)|(?P<pi><\?)"
    r"|(?P<cdata><!\[CDATA\[)|(?P<decl><![A-Za-z]))",
    re.IGNORECASE,
)
_HTML_BLOCK_END = {"comment": "-->", "pi": "?>", "cdata": "]]>", "decl": ">"}
_TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_HTML_LINE = re.compile(r"^\s*<[^>]+>\s*$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
# A setext heading's underline ("-" runs of three or more are thematic breaks, classified before).
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def split_lines(text: str) -> list[tuple[str, str]]:
    """``(line, line break)`` pairs covering ``text`` exactly; breaks are ``\\r\\n``, ``\\r`` or ``\\n``."""
    pieces = _LINE_END.split(text)
    return list(zip(pieces[0::2], pieces[1::2] + [""]))


def is_setext_underline(line: str) -> bool:
    """``=====`` or ``-----`` under a line of text, which makes that line a heading."""
    return _SETEXT_UNDERLINE.match(line) is not None


def html_block_end(line: str) -> str | None:
    """The end marker of the CommonMark HTML block (kinds 1–5) that ``line`` opens, else None."""
    match = _HTML_BLOCK_START.match(line)
    if match is None:
        return None
    return f"</{match.group('tag').lower()}>" if match.group("tag") else _HTML_BLOCK_END[match.lastgroup]


def closes_on_first_line(line: str, end: str) -> bool:
    # "<!-->" and "<!--->" are complete comments; otherwise the end marker must follow the opener.
    opener = _HTML_BLOCK_START.match(line)
    return end in line[opener.end() :].lower() or (end == "-->" and line.lstrip().startswith(("<!-->", "<!--->")))


_TERMINAL = tuple(".!?:;\"”»’)…")
_END_MARK = re.compile(r"^\s*(?:#{3}|-\s*30\s*-|-?\s*ends?\s*-?)\s*$", re.I)


def is_end_mark(line: str) -> bool:
    """Does ``line`` end a press release (``###``, ``-30-``, ``ENDS``)?"""
    return _END_MARK.match(line) is not None


class Line(NamedTuple):
    """A Markdown line's kind, its markup prefix, its text and any closing markup.

    Kinds: blank, fence, raw (image, HTML, rule, link definition, table rule),
    table, heading, list, quote, paragraph.
    """

    kind: str
    prefix: str = ""
    body: str = ""
    suffix: str = ""


def continues(previous: str, line: str, *, first_line: bool = False) -> bool:
    """Is ``line`` the soft-wrapped continuation of ``previous``?

    Press releases put one paragraph on each line; only a line that stops
    mid-sentence runs on. A headline (the document's first line) never does.
    """
    tail = previous.rstrip()
    if not tail or tail.endswith(_TERMINAL) or is_end_mark(line) or is_end_mark(tail):
        return False
    if line.lstrip()[:1].islower():
        return True
    return not first_line and (tail.endswith(",") or (tail[-1].islower() and len(tail) >= 50))


def classify_line(line: str) -> Line:
    """Classify one Markdown line (see :class:`Line`)."""
    if not line.strip():
        return Line("blank")
    if _FENCE.match(line):
        return Line("fence", _FENCE.match(line).group(1))
    if _IMAGE_LINE.match(line) or _HTML_LINE.match(line) or _LINK_DEF.match(line) or _RULE.match(line):
        return Line("raw")
    if _TABLE_ROW.match(line):
        return Line("raw") if _TABLE_RULE.match(line) else Line("table", body=line)
    found = _container(line)
    if found is not None:
        kind, prefix, body, suffix = found
        # Nested markers ("> - item", "> 1. item", "> ## heading", "- > quote", "- - item") are all
        # prefix: only the innermost text is a unit.
        while suffix == "" and (inner := _container(body)) is not None:
            prefix, body, suffix = prefix + inner[1], inner[2], inner[3]
        return Line(kind, prefix, body, suffix)
    # Indented lines are text, not code blocks: releases pasted from e-mail or Word are often
    # indented, and leaving them untranslated would be the worse mistake. Fences mark code.
    return Line("paragraph", body=line)


def _container(line: str) -> tuple[str, str, str, str] | None:
    """``(kind, prefix, body, suffix)`` when ``line`` opens with a heading, list or quote marker."""
    match = _HEADING.match(line)
    if match:
        prefix, rest = match.group(1), match.group(2)
        body, suffix = _heading_close(rest)
        return "heading", prefix, body, suffix
    match = _LIST.match(line)
    if match:
        return "list", match.group(1), match.group(2), ""
    match = _QUOTE.match(line)
    if match:
        return "quote", match.group(1), match.group(2), ""
    return None


def _heading_close(rest: str) -> tuple[str, str]:
    """Split an ATX heading's text from its optional closing ``#`` run (and trailing spaces).

    A scan from the end instead of the regex ``(.*?)(\\s+#+\\s*)?$``, whose lazy part
    retried at every position (quadratic on a heading with a long run of spaces).
    """
    end = len(rest.rstrip())
    hashes = end
    while hashes > 0 and rest[hashes - 1] == "#":
        hashes -= 1
    if hashes < end and hashes > 0 and rest[hashes - 1].isspace():
        body = rest[:hashes].rstrip()
        return body, rest[len(body) :]
    return rest[:end], rest[end:]


def classify_plain(line: str) -> Line:
    """Classify a plain-text line: blank or paragraph (no markup in plain text)."""
    return Line("blank") if not line.strip() else Line("paragraph", body=line)

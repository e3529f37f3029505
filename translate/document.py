"""Markdown and plain text → translatable units → the same skeleton back.

A document is a list of *parts*: literal skeleton text (markup, blank lines,
URLs, image lines, code) and *units* of human text. Only units reach the
model. Inside a unit, URLs, e-mail addresses, inline code and HTML tags are
replaced by numbered placeholders such as ``[101]`` that models copy
verbatim; a link's text becomes a unit of its own, so ``[text](url)`` comes
back as ``[translated text](url)``. Placeholder numbers are chosen so that
none occurs bracketed in the input, and restoring touches only tilshi's own
numbers, so a user's ``[2014]`` or ``[123]`` is ordinary text. Rendering puts
every part back in place, so the output has exactly the input's lines and
markup: line endings (CRLF, CR, mixed), a byte-order mark, nested markers
(``> - item``), HTML comments and raw HTML blocks (script, style, pre,
textarea, processing instructions, declarations, CDATA — CommonMark's HTML
blocks 1–5) are skeleton and never reach the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dateline import match_dateline
from .lines import (
    classify_line,
    classify_plain,
    closes_on_first_line,
    continues,
    html_block_end,
    is_setext_underline,
    split_lines,
)

PLACEHOLDER = re.compile(r"\[\s*(\d{3,})\s*\]")

BOM = "\ufeff"
# A link target: (url "optional title"), allowing one level of parentheses inside the URL.
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
# Inline spans that must never reach the model, longest alternatives first.
# Every scan inside a span stops at the next opening delimiter ("[" for links, "<" for tags) and an
# e-mail address starts only where a run of its characters starts, so a hostile line such as
# "[a[a[a…" or "a.a.a…" costs one pass, not one pass per character.
_INLINE = re.compile(
    r"(?P<code>`+[^`]*?`+)"
    r"|(?P<image>!\[[^\[\]]*\]" + _TARGET + ")"
    r"|(?P<link>\[(?P<link_text>[^\[\]]+)\](?P<link_target>" + _TARGET + r"|\[[^\[\]]*\]))"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^<>\s]+>)"
    r"|(?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?\"'”’»])"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<comment><!--(?:[^<-]|-(?!->)|<(?!!--))*-->)"
    r"|(?P<html></?[A-Za-z][^<>]*>)"
)
_INLINE_TXT = re.compile(_INLINE.pattern.replace(r"(?P<code>`+[^`]*?`+)|", "", 1))


@dataclass
class Link:
    """A Markdown link inside a unit: its text is unit ``unit``; the target stays as is."""

    unit: int
    target: str


@dataclass
class Unit:
    """A run of human text to translate, with placeholders for protected spans."""

    text: str
    placeholders: dict[str, str | Link] = field(default_factory=dict)
    line_count: int = 1  # a soft-wrapped paragraph is re-wrapped into as many lines
    line_prefixes: list[str] = field(default_factory=list)
    line_ends: list[str] = field(default_factory=list)  # the input's line breaks between those lines
    lines: list[str] = field(default_factory=list)  # a wrapped paragraph's lines as written
    # What a reader (summaries) needs: the block the text came from and the 0-based line it starts on.
    # Kinds: heading, list, quote, table, paragraph, dateline (cut from the front of a paragraph),
    # link (a link's text, which its parent unit refers to through a placeholder).
    kind: str = "paragraph"
    line: int = 0


@dataclass
class Document:
    """The parsed document: skeleton strings and unit indices, in order."""

    parts: list[str | int]
    units: list[Unit]
    keys: frozenset[str] = frozenset()  # every placeholder number tilshi put in this document

    def render(self, unit_texts: list[str]) -> str:
        """Rebuild the document with ``unit_texts[i]`` (placeholders already restored) for unit ``i``."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, int):
                unit = self.units[part]
                text = unit_texts[part]
                out.append(_wrapped(unit, text) if unit.line_count > 1 else text)
            else:
                out.append(part)
        return "".join(out)

    def restore(self, index: int, piece: str, source_piece: str, unit_texts: list[str]) -> str:
        """Put the protected spans of ``source_piece`` (part of unit ``index``) back into ``piece``.

        ``unit_texts`` holds the finished text of earlier units, which a link's
        text refers to. Placeholders the model dropped are appended, so nothing
        is lost; ones it invented or repeated are removed. A bracketed number
        the user wrote in ``source_piece`` (``[2014]``) is text, not a
        placeholder (tilshi never numbers its own the same), and stays.
        """
        placeholders = self.units[index].placeholders
        found = PLACEHOLDER.findall(source_piece)
        expected = [key for key in found if key in placeholders]
        users = {key for key in found if key not in placeholders and key not in self.keys}
        used: set[str] = set()

        def content(key: str) -> str:
            value = placeholders[key]
            return f"[{unit_texts[value.unit]}]{value.target}" if isinstance(value, Link) else value

        def replace(match: re.Match) -> str:
            key = match.group(1)
            if key in users:
                return match.group(0)
            if key not in expected or key in used:
                return ""
            used.add(key)
            return content(key)

        restored = PLACEHOLDER.sub(replace, piece)
        for key in expected:
            if key not in used:
                restored = (restored.rstrip() + " " + content(key)).strip()
        return restored

    def plain(self, index: int) -> str:
        """Unit ``index`` as plain text: links become their text, URLs and e-mail addresses stay as
        text, inline code becomes its content, images, HTML tags and comments are dropped.
        Emphasis markers are left as written; whitespace runs become one space.
        """
        unit = self.units[index]

        def resolve(match: re.Match) -> str:
            value = unit.placeholders.get(match.group(1))
            if value is None:
                return match.group(0)  # the user's own bracketed number
            if isinstance(value, Link):
                return self.plain(value.unit)
            return _plain_span(value)

        return " ".join(PLACEHOLDER.sub(resolve, unit.text).split())


_CODE_SPAN = re.compile(r"^(`+)(.*?)\1$", re.S)
_AUTOLINK_SPAN = re.compile(r"^<((?:https?|ftp|mailto):[^<>\s]+)>$")


def _plain_span(span: str) -> str:
    # A protected span as a reader sees it: code keeps its content, an autolink its address,
    # a URL or e-mail address itself; images, HTML tags and comments carry no text.
    if span.startswith("`"):
        code = _CODE_SPAN.match(span)
        return code.group(2) if code else span.strip("`")
    autolink = _AUTOLINK_SPAN.match(span)
    if autolink:
        return autolink.group(1)
    if span.startswith(("<", "![")):
        return ""
    return span


def plain_text(text: str) -> str:
    """Inline Markdown ``text`` as plain text, the way :meth:`Document.plain` reads a unit."""
    builder = _Builder(text, markdown=True)
    return Document([], builder.units, frozenset()).plain(builder.unit(text))


def rewrap(text: str, prefixes: list[str], ends: list[str] | None = None) -> str:
    """Spread ``text`` over ``len(prefixes)`` lines of similar length, each with its indent.

    ``ends`` are the line breaks between the lines (``"\\n"`` each by default).
    """
    words = text.split()
    lines = len(prefixes)
    ends = list(ends or []) + ["\n"] * (lines - 1 - len(ends or []))
    if not words:
        return _join_lines(prefixes, ends)
    per_line = max(1, -(-len(" ".join(words)) // lines))
    rows: list[list[str]] = [[] for _ in range(lines)]
    row = 0
    length = 0
    for position, word in enumerate(words):
        remaining_words = len(words) - position
        remaining_rows = lines - row - 1
        if rows[row] and row < lines - 1 and (length + len(word) > per_line or remaining_words <= remaining_rows):
            row += 1
            length = 0
        rows[row].append(word)
        length += len(word) + 1
    return _join_lines([prefix + " ".join(words_in_row) for prefix, words_in_row in zip(prefixes, rows)], ends)


def _wrapped(unit: Unit, text: str) -> str:
    # Text that comes back unchanged keeps its own line breaks; new text is re-wrapped.
    if text == " ".join(line.strip() for line in unit.lines):
        return _join_lines(unit.lines, unit.line_ends)
    return rewrap(text, unit.line_prefixes, unit.line_ends)


def _join_lines(lines: list[str], ends: list[str]) -> str:
    return "".join(line + end for line, end in zip(lines, ends)) + lines[-1]


class _Builder:
    def __init__(self, source: str, markdown: bool):
        self.parts: list[str | int] = []
        self.units: list[Unit] = []
        self.markdown = markdown
        # Numbers the user wrote in brackets are never used as placeholders.
        self.taken = {int(n) for n in PLACEHOLDER.findall(source)}
        self.next_key = 101
        self.keys: set[str] = set()

    def literal(self, text: str) -> None:
        if text:
            if self.parts and isinstance(self.parts[-1], str):
                self.parts[-1] += text
            else:
                self.parts.append(text)

    def text(self, text: str, kind: str = "paragraph", line: int = 0) -> None:
        """Add inline text: surrounding whitespace stays literal, the rest becomes a unit."""
        core = text.strip()
        if not core:
            self.literal(text)
            return
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        self.literal(lead)
        dateline = match_dateline(core) if self.markdown else None
        if dateline:
            self.parts.append(self.unit(dateline[0], kind="dateline", line=line))
            self.literal(dateline[1])
            core = core[len(dateline[0]) + len(dateline[1]) :]
        self.parts.append(self.unit(core, kind=kind, line=line))
        self.literal(trail)

    def unit(self, text: str, **extra) -> int:
        unit = Unit("", **extra)
        unit.text = self.protect(text, unit)
        self.units.append(unit)
        return len(self.units) - 1

    def protect(self, text: str, unit: Unit) -> str:
        pattern = _INLINE if self.markdown else _INLINE_TXT

        def replace(match: re.Match) -> str:
            while self.next_key in self.taken:
                self.next_key += 1
            key = str(self.next_key)
            self.next_key += 1
            self.keys.add(key)
            if match.lastgroup in ("link", "link_text", "link_target"):
                child = self.unit(match.group("link_text"), kind="link", line=unit.line)
                unit.placeholders[key] = Link(child, match.group("link_target"))
            else:
                unit.placeholders[key] = match.group(0)
            return f"[{key}]"

        return pattern.sub(replace, text)


def parse_document(text: str, fmt: str = "md") -> Document:
    """Split ``text`` (``md`` or ``txt``) into skeleton parts and translatable units.

    Every character that is not human text (markup, line breaks as written, a
    leading byte-order mark) is kept in the skeleton, so rendering the units
    unchanged gives back ``text`` exactly.
    """
    builder = _Builder(text, markdown=(fmt == "md"))
    if text.startswith(BOM):
        builder.literal(BOM)
        text = text[len(BOM) :]
    lines = split_lines(text)
    paragraph: list[str] = []
    paragraph_ends: list[str] = []  # the line break after each paragraph line
    fence: str | None = None
    html_end: str | None = None  # the marker that closes the open HTML block
    start = 0  # the line the open paragraph starts on
    quoted: list[int] = []  # the units of the last quote line: an underline below makes them a heading

    def flush(kind: str = "paragraph") -> None:
        if not paragraph:
            return
        if len(paragraph) == 1:
            builder.text(paragraph[0], kind, start)
        else:
            # A soft-wrapped paragraph is one text for the model, re-wrapped into as many lines.
            prefixes = [line[: len(line) - len(line.lstrip())] for line in paragraph]
            joined = " ".join(line.strip() for line in paragraph)
            unit = builder.unit(
                joined,
                line_count=len(paragraph),
                line_prefixes=prefixes,
                line_ends=paragraph_ends[:-1],
                lines=list(paragraph),
                kind=kind,
                line=start,
            )
            builder.parts.append(unit)
        builder.literal(paragraph_ends[-1])
        paragraph.clear()
        paragraph_ends.clear()

    for number, (line, newline) in enumerate(lines):
        if builder.markdown and fence is not None:
            builder.literal(line + newline)
            if line.strip().startswith(fence):
                fence = None
            continue
        if html_end is not None:
            builder.literal(line + newline)
            if html_end in line.lower():
                html_end = None
            continue
        if builder.markdown:
            html_end = html_block_end(line)
            if html_end is not None:
                flush()
                builder.literal(line + newline)
                if closes_on_first_line(line, html_end):
                    html_end = None
                continue
        kind, prefix, body, suffix = classify_line(line) if builder.markdown else classify_plain(line)
        if kind == "paragraph" and builder.markdown and is_setext_underline(line):
            # "Title\n=====": the text above is a heading and the underline is markup.
            if paragraph:
                flush("heading")
                builder.literal(line + newline)
                continue
            if quoted and builder.units[quoted[0]].line == number - 1:
                for index in quoted:
                    builder.units[index].kind = "heading"
                builder.literal(line + newline)
                continue
        if kind == "paragraph":
            if not paragraph:
                start = number
            if paragraph and not continues(paragraph[-1], line, first_line=len(paragraph) == 1 and number == len(paragraph)):
                flush()
                start = number
            paragraph.append(line)
            paragraph_ends.append(newline)
            continue
        flush()
        if kind == "fence":
            fence = prefix
            builder.literal(line + newline)
        elif kind in ("raw", "blank"):
            builder.literal(line + newline)
        elif kind == "table":
            _table_row(builder, line, number)
            builder.literal(newline)
        else:
            builder.literal(prefix)
            first = len(builder.units)
            builder.text(body, kind, number)
            if kind == "quote":
                quoted = [index for index in range(first, len(builder.units)) if builder.units[index].kind != "link"]
            builder.literal(suffix + newline)
    flush()
    return Document(builder.parts, builder.units, frozenset(builder.keys))


def _table_row(builder: _Builder, line: str, number: int) -> None:
    cells = line.split("|")
    for position, cell in enumerate(cells):
        if position:
            builder.literal("|")
        builder.text(cell, "table", number)

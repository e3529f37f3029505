"""HTML pages: translatable text with source offsets, and the page back with only text replaced.

The page is tokenised by the standard library's HTML parser (it fetches
nothing and resolves no external entities), which reports where each tag,
text and comment starts. Text between block boundaries forms a unit; inline
elements inside it (``<a>``, ``<strong>``, ``<em>``...) become spans, and
opaque elements (``<code>``, ``<script>``, ``<pre>``...), images, breaks and
comments become atoms. Output is the source with only unit text ranges and
``alt`` / ``title`` attribute values replaced, so every tag, attribute, URL,
comment and code block is copied byte for byte; ``<html>`` gets the
target's ``lang``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .errors import DocumentFormatError
from .tagged import Atom, Close, Decoded, Open, Text, Token, strip_markers

INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "font", "i", "ins", "del", "mark", "q", "s",
          "small", "span", "strong", "sub", "sup", "time", "u"}
VOID_ATOMS = {"img", "br", "wbr", "input"}
OPAQUE = {"script", "style", "pre", "code", "kbd", "samp", "var", "textarea", "template", "svg", "math"}
TRANSLATED_ATTRIBUTES = ("alt", "title")
# Runs of HTML white space render as one space (a no-break space is not one of them).
_HTML_SPACE = re.compile("[ \t\n\r\f]+")


@dataclass
class _Unit:
    tokens: list[Token] = field(default_factory=list)
    ranges: list[tuple[int, int]] = field(default_factory=list)  # one per token
    open_spans: list[tuple[str, int]] = field(default_factory=list)  # (tag, token index) still open
    spans: int = 0
    atoms: int = 0


@dataclass
class _Attribute:
    start: int  # value range in the source
    end: int
    quote: str
    value: str  # unescaped


class _Scanner(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.events: list[tuple[str, int, object]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", self._at(), (tag, self.get_starttag_text() or "")))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", self._at(), (tag, self.get_starttag_text() or "")))
        self.events.append(("end", -1, tag))  # a self-closed tag closes at once

    def handle_endtag(self, tag):
        self.events.append(("end", self._at(), tag))

    def handle_data(self, data):
        self.events.append(("data", self._at(), data))

    def handle_entityref(self, name):
        self.events.append(("ref", self._at(), None))

    def handle_charref(self, name):
        self.events.append(("ref", self._at(), None))

    def handle_comment(self, data):
        self.events.append(("other", self._at(), None))

    def handle_decl(self, decl):
        self.events.append(("block", self._at(), None))

    def handle_pi(self, data):
        self.events.append(("block", self._at(), None))

    def unknown_decl(self, data):
        self.events.append(("other", self._at(), None))


def attribute_spans(tag_text: str) -> list[tuple[str, int, int, str]]:
    """``(name, value_start, value_end, quote)`` of each attribute in a start tag's source text."""
    spans = []
    i, n = 1, len(tag_text)
    while i < n and not tag_text[i].isspace() and tag_text[i] not in "/>":
        i += 1
    while i < n:
        while i < n and (tag_text[i].isspace() or tag_text[i] == "/"):
            i += 1
        if i >= n or tag_text[i] == ">":
            break
        start = i
        i += 1  # the first character may be "=" (a name, per the HTML tokenizer)
        while i < n and not tag_text[i].isspace() and tag_text[i] not in "/>=":
            i += 1
        name = tag_text[start:i].lower()
        j = i
        while j < n and tag_text[j].isspace():
            j += 1
        if j >= n or tag_text[j] != "=":
            continue
        j += 1
        while j < n and tag_text[j].isspace():
            j += 1
        if j < n and tag_text[j] in "\"'":
            quote = tag_text[j]
            end = tag_text.find(quote, j + 1)
            end = n if end < 0 else end
            spans.append((name, j + 1, end, quote))
            i = end + 1
        else:
            end = j
            while end < n and not tag_text[end].isspace() and tag_text[end] != ">":
                end += 1
            spans.append((name, j, end, ""))
            i = end
    return spans


class HtmlPage:
    """A parsed page: units (tokens per block, then attribute values) and a renderer per language."""

    def __init__(self, source: str, name: str):
        self.source = source
        self.name = name
        scanner = _Scanner(source)
        try:
            scanner.feed(source)
            scanner.close()
        except (AssertionError, ValueError) as exc:  # the parser's own complaints about hopeless markup
            raise DocumentFormatError(f"{name} cannot be parsed as HTML ({exc})", path=name, expected="html", reason="parse") from None
        self.units: list[_Unit] = []
        self.attributes: list[_Attribute] = []
        self.html_tag: tuple[int, str] | None = None
        self._walk(scanner.events)

    # --- parsing ------------------------------------------------------------------------------

    def _walk(self, events: list[tuple[str, int, object]]) -> None:
        ends = _ends(events, len(self.source))
        unit = _Unit()
        opaque: tuple[str, int, int] | None = None  # tag, depth, start
        for (kind, start, payload), end in zip(events, ends):
            if opaque is not None:
                tag, depth, first = opaque
                if kind == "start" and payload[0] == tag:
                    opaque = (tag, depth + 1, first)
                elif kind == "end" and payload == tag:
                    opaque = None if depth == 1 else (tag, depth - 1, first)
                    if opaque is None:
                        self._atom(unit, first, end)
                continue
            if kind == "start":
                tag, text = payload
                self._attributes(start, text)
                if tag == "html" and self.html_tag is None:
                    self.html_tag = (start, text)
                if tag in OPAQUE:
                    opaque = (tag, 1, start)
                elif tag in VOID_ATOMS:
                    self._atom(unit, start, end)
                elif tag in INLINE:
                    unit.spans += 1
                    unit.open_spans.append((tag, len(unit.tokens)))
                    self._add(unit, Open(unit.spans), start, end)
                else:
                    unit = self._finish(unit)
            elif kind == "end":
                if start < 0:
                    continue
                if payload in INLINE and any(tag == payload for tag, _ in unit.open_spans):
                    while unit.open_spans[-1][0] != payload:
                        self._orphan(unit, unit.open_spans.pop()[1])
                    _, index = unit.open_spans.pop()
                    if index == len(unit.tokens) - 1:
                        # An empty element (<a id="x"></a>) marks a place, not words: one atom.
                        unit.tokens.pop()
                        first = unit.ranges.pop()[0]
                        self._atom(unit, first, end)
                    else:
                        self._add(unit, Close(unit.tokens[index].span), start, end)
                elif payload in INLINE or payload in VOID_ATOMS:
                    self._atom(unit, start, end)
                else:
                    unit = self._finish(unit)
            elif kind in ("data", "ref"):
                raw = self.source[start:end]
                self._add(unit, Text(raw if kind == "data" else html.unescape(raw)), start, end)
            elif kind == "other":
                self._atom(unit, start, end)
            else:
                unit = self._finish(unit)
        if opaque is not None:
            self._atom(unit, opaque[2], len(self.source))
        self._finish(unit)

    def _add(self, unit: _Unit, token: Token, start: int, end: int) -> None:
        if isinstance(token, Text) and unit.tokens and isinstance(unit.tokens[-1], Text):
            unit.tokens[-1] = Text(unit.tokens[-1].text + token.text)
            unit.ranges[-1] = (unit.ranges[-1][0], end)
            return
        unit.tokens.append(token)
        unit.ranges.append((start, end))

    def _atom(self, unit: _Unit, start: int, end: int) -> None:
        unit.atoms += 1
        self._add(unit, Atom(unit.atoms), start, end)

    def _orphan(self, unit: _Unit, index: int) -> None:
        """An inline start tag that is never closed inside its block is copied as an atom."""
        unit.atoms += 1
        unit.tokens[index] = Atom(unit.atoms)

    def _finish(self, unit: _Unit) -> _Unit:
        while unit.open_spans:
            self._orphan(unit, unit.open_spans.pop()[1])
        # Whitespace at either end stays in the page, outside the unit.
        while unit.tokens and isinstance(unit.tokens[0], Text) and not unit.tokens[0].text.strip():
            del unit.tokens[0], unit.ranges[0]
        while unit.tokens and isinstance(unit.tokens[-1], Text) and not unit.tokens[-1].text.strip():
            del unit.tokens[-1], unit.ranges[-1]
        if unit.tokens and isinstance(unit.tokens[0], Text):
            text = unit.tokens[0].text
            cut = len(text) - len(text.lstrip())
            unit.tokens[0], unit.ranges[0] = Text(text[cut:]), (unit.ranges[0][0] + cut, unit.ranges[0][1])
        if unit.tokens and isinstance(unit.tokens[-1], Text):
            text = unit.tokens[-1].text
            cut = len(text) - len(text.rstrip())
            unit.tokens[-1], unit.ranges[-1] = Text(text[: len(text) - cut]), (unit.ranges[-1][0], unit.ranges[-1][1] - cut)
        if any(isinstance(t, Text) and any(c.isalpha() for c in t.text) for t in unit.tokens):
            self.units.append(unit)
        return _Unit()

    def _attributes(self, start: int, tag_text: str) -> None:
        for name, value_start, value_end, quote in attribute_spans(tag_text):
            value = html.unescape(tag_text[value_start:value_end])
            if name in TRANSLATED_ATTRIBUTES and any(c.isalpha() for c in value):
                self.attributes.append(_Attribute(start + value_start, start + value_end, quote, value))

    # --- model view ---------------------------------------------------------------------------

    def paragraphs(self) -> list[list[Token]]:
        """Units for the model: each block's tokens (whitespace runs folded), then each attribute value."""
        blocks = [[Text(_HTML_SPACE.sub(" ", t.text)) if isinstance(t, Text) else t for t in unit.tokens] for unit in self.units]
        return blocks + [[Text(a.value)] for a in self.attributes]

    # --- output -------------------------------------------------------------------------------

    def render(self, decoded: list[Decoded], lang: str) -> str:
        """The page with every unit and attribute replaced by its translation and ``lang`` set."""
        blocks = self.paragraphs()
        attribute_edits = []
        for attribute, unit in zip(self.attributes, decoded[len(self.units):]):
            text = strip_markers("".join(t.text for t in unit.tokens if isinstance(t, Text)))
            if text != attribute.value:
                attribute_edits.append((attribute.start, attribute.end, _attribute_value(text, attribute.quote)))
        if self.html_tag is not None:
            attribute_edits += _lang_edits(*self.html_tag, lang)
        edits = []
        for index, unit in enumerate(self.units):
            start, end = unit.ranges[0][0], unit.ranges[-1][1]
            tokens = decoded[index].tokens
            if tokens == blocks[index]:
                continue
            opens = {t.span: r for t, r in zip(unit.tokens, unit.ranges) if isinstance(t, Open)}
            closes = {t.span: r for t, r in zip(unit.tokens, unit.ranges) if isinstance(t, Close)}
            atoms = {t.ref: r for t, r in zip(unit.tokens, unit.ranges) if isinstance(t, Atom)}
            out = []
            for token in tokens:
                if isinstance(token, Text):
                    out.append(html.escape(strip_markers(token.text), quote=False))
                else:
                    ranges = opens if isinstance(token, Open) else closes if isinstance(token, Close) else atoms
                    key = token.ref if isinstance(token, Atom) else token.span
                    out.append(_apply(self.source, *ranges[key], attribute_edits))
            edits.append((start, end, "".join(out)))
        inside = [e for e in attribute_edits if not any(s <= e[0] < t for s, t, _ in edits)]
        return _apply(self.source, 0, len(self.source), sorted(edits + inside))


def _ends(events: list[tuple[str, int, object]], length: int) -> list[int]:
    """Each event's end: the start of the next positioned event."""
    ends = [length] * len(events)
    following = length
    for index in range(len(events) - 1, -1, -1):
        start = events[index][1]
        if start < 0:
            ends[index] = following
            continue
        ends[index] = following
        following = start
    return ends


def _apply(source: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    out, position = [], start
    for edit_start, edit_end, text in sorted(edits):
        if edit_start >= start and edit_end <= end and edit_start >= position:
            out += [source[position:edit_start], text]
            position = edit_end
    out.append(source[position:end])
    return "".join(out)


def _attribute_value(text: str, quote: str) -> str:
    escaped = html.escape(text, quote=False)
    if quote == "'":
        return escaped.replace("'", "&#x27;")
    escaped = escaped.replace('"', "&quot;")
    return escaped if quote else f'"{escaped}"'


def _lang_edits(start: int, tag_text: str, lang: str) -> list[tuple[int, int, str]]:
    """Set ``lang`` (and an XHTML page's ``xml:lang``) on the ``<html>`` start tag."""
    edits = [(start + value_start, start + value_end, lang if quote else f'"{lang}"')
             for name, value_start, value_end, quote in attribute_spans(tag_text) if name in ("lang", "xml:lang")]
    name_end = 5  # len("<html")
    return edits or [(start + name_end, start + name_end, f' lang="{lang}"')]

"""Rich-text paragraphs for the model: inline formatting and objects as numbered placeholders.

A paragraph from a Word or HTML file is a flat list of tokens: text, the
opening and closing of a formatting *span* (bold, a hyperlink, ``<em>``) and
inline *atoms* that are copied as they are (an image, a tab, a field). For the
model every span boundary and atom becomes a numbered placeholder like
``[101]``, the form the Markdown pipeline already uses and models copy
verbatim: ``Remarks by [101]Talgat Bashev[102].``

After translation each placeholder the model kept becomes one private-use
character (a *marker*), so the glossary can post-edit words next to it without
seeing digits; :func:`decode` turns the marked text back into tokens. A span
whose opening or closing placeholder the model dropped (or put in the wrong
order) is dissolved: its words keep the paragraph's dominant formatting and the
span is listed in :attr:`Decoded.dropped`. Atoms are never lost: a dropped atom
is put back at the end of its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import PLACEHOLDER

# Supplementary private-use plane: never typed in a press release, one character each.
_MARKER_BASE = 0xF0000
_MARKER_CHARS = re.compile("[\U000f0000-\U000fffff]")


@dataclass(frozen=True)
class Text:
    """Words in the paragraph's dominant formatting, or inside the enclosing span."""

    text: str


@dataclass(frozen=True)
class Open:
    """The start of span ``span`` (its formatting lives with the format module)."""

    span: int


@dataclass(frozen=True)
class Close:
    """The end of span ``span``."""

    span: int


@dataclass(frozen=True)
class Atom:
    """An inline object copied as it is (image, tab, field, ``<code>``...)."""

    ref: int


Token = Text | Open | Close | Atom


@dataclass
class TaggedUnit:
    """One paragraph as the model sees it: text with placeholders, and what each one stands for."""

    text: str
    keys: dict[str, Token] = field(default_factory=dict)  # placeholder number -> Open/Close/Atom
    tokens: list[Token] = field(default_factory=list)  # the source paragraph


@dataclass
class Decoded:
    """A translated paragraph as tokens, with the spans that did not survive translation."""

    tokens: list[Token]
    dropped: list[int] = field(default_factory=list)


class TaggedDocument:
    """Paragraphs of a Word or HTML file in the shape the pipeline translates.

    It offers what :func:`translate.pipeline.translate_parsed` uses of a
    parsed Markdown document: ``units`` (each with ``.text``), ``restore`` and
    ``render``. Rendering joins nothing: the format module writes each unit's
    translation back into its own place.
    """

    def __init__(self, paragraphs: list[list[Token]]):
        texts = [t.text for tokens in paragraphs for t in tokens if isinstance(t, Text)]
        taken = [int(n) for text in texts for n in PLACEHOLDER.findall(text)]
        self._next = max([100, *taken]) + 1
        self._markers: dict[str, str] = {}  # placeholder number -> marker, document-wide
        self.units = [self._unit(tokens) for tokens in paragraphs]

    def _unit(self, tokens: list[Token]) -> TaggedUnit:
        unit = TaggedUnit("", tokens=list(tokens))
        parts = []
        for token in tokens:
            if isinstance(token, Text):
                parts.append(token.text)
            else:
                key = str(self._next)
                self._next += 1
                self._markers[key] = chr(_MARKER_BASE + len(self._markers))
                unit.keys[key] = token
                parts.append(f"[{key}]")
        unit.text = "".join(parts)
        return unit

    def marker(self, key: str) -> str:
        """The private-use character standing for placeholder ``key``."""
        return self._markers[key]

    def restore(self, index: int, piece: str, source_piece: str, unit_texts: list[str]) -> str:
        """Turn the placeholders of ``source_piece`` found in ``piece`` into markers.

        Repeated or invented placeholders are removed; other bracketed numbers
        (a user's "[2014]") are text and stay. Dropped atoms are appended.
        """
        keys = self.units[index].keys
        expected = [key for key in PLACEHOLDER.findall(source_piece) if key in keys]
        used: set[str] = set()

        def replace(match: re.Match) -> str:
            key = match.group(1)
            if key not in keys:
                return match.group(0)
            if key not in expected or key in used:
                return ""
            used.add(key)
            return self.marker(key)

        restored = PLACEHOLDER.sub(replace, piece)
        for key in expected:
            if key not in used and isinstance(keys[key], Atom):
                restored = restored.rstrip() + self.marker(key)
        return restored

    def render(self, unit_texts: list[str]) -> str:
        """Plain text of the translated paragraphs, markers removed (for reports and summaries)."""
        return "\n\n".join(strip_markers(text) for text in unit_texts)

    def decode(self, index: int, marked: str) -> Decoded:
        """Tokens of unit ``index``'s translation ``marked`` (markers as :meth:`restore` left them)."""
        by_marker = {self.marker(key): token for key, token in self.units[index].keys.items()}
        raw: list[Token] = []
        last = 0
        for match in _MARKER_CHARS.finditer(marked):
            if match.start() > last:
                raw.append(Text(marked[last : match.start()]))
            token = by_marker.get(match.group(0))
            if token is not None:
                raw.append(token)
            last = match.end()
        if last < len(marked):
            raw.append(Text(marked[last:]))
        return _balance(raw, self.units[index].tokens)


def strip_markers(text: str) -> str:
    """``text`` without placeholder markers."""
    return _MARKER_CHARS.sub("", text)


def _balance(raw: list[Token], source: list[Token]) -> Decoded:
    """Keep spans that open once, then close once, nesting like a tree; dissolve the rest."""
    spans = [t.span for t in source if isinstance(t, Open)]
    opens = {t.span: i for i, t in reversed(list(enumerate(raw))) if isinstance(t, Open)}
    closes = {t.span: i for i, t in reversed(list(enumerate(raw))) if isinstance(t, Close)}
    stack: list[int] = []
    kept: set[int] = set()
    for i, token in enumerate(raw):
        if isinstance(token, Open) and opens.get(token.span) == i and closes.get(token.span, -1) > i:
            stack.append(token.span)
        elif isinstance(token, Close) and token.span in stack:
            if stack[-1] == token.span:
                kept.add(token.span)
            stack.remove(token.span)  # a span that closes across another one is dissolved
    tokens: list[Token] = []
    for token in raw:
        if isinstance(token, (Open, Close)) and token.span not in kept:
            continue
        if isinstance(token, Text) and tokens and isinstance(tokens[-1], Text):
            tokens[-1] = Text(tokens[-1].text + token.text)
        elif not (isinstance(token, Text) and not token.text):
            tokens.append(token)
    return Decoded(tokens, [s for s in spans if s not in kept])

"""A release as a summary reads it: headline, dateline and body sentences.

Read through :func:`translate.document.parse_document`, the same walker
translation uses: the headline is a ``#`` heading or an unpunctuated first
line; image lines, HTML, tables, code and other headings are skipped; end
marks (``###``, ``-30-``, ``ENDS``) stop the release, and boilerplate
sections ("About …", "Contacts") are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translate.dateline import split_dateline
from translate.document import BOM, Document, Unit, parse_document, plain_text
from translate.lines import classify_line, continues, is_end_mark, split_lines


@dataclass(frozen=True)
class SourceSentence:
    """One body sentence of the release, as it will be quoted."""

    index: int  # 0-based position among the document's body sentences
    paragraph: int  # 0-based body paragraph
    text: str  # Markdown stripped, dateline removed


@dataclass
class ParsedRelease:
    """A release split into headline, dateline and body sentences."""

    headline: str | None
    dateline: str | None
    sentences: list[SourceSentence]


# Sections after these headings are boilerplate.
_BOILERPLATE_HEADING = re.compile(
    r"^(?:about\b|notes? (?:to|for) editors|(?:media |press )?contacts?\b|for (?:more|further) information|follow us)", re.I
)

_SENTENCE_END = tuple(".!?…\"”»’)")


def strip_markdown(text: str) -> str:
    """Inline Markdown → plain text: images dropped, links to their text, emphasis and tags removed."""
    return _plain(plain_text(text))


def _plain(text: str) -> str:
    # Links, code, images and tags are resolved by translate.document; emphasis is a reader's concern.
    for _ in range(2):  # nested **_x_**
        text = _strip_emphasis(text)
    return " ".join(text.split())


_DELIMITERS = ("**", "__", "*", "_")
_OPENER = re.compile(r"[*_]")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _strip_emphasis(text: str) -> str:
    """``**x**``, ``__x__``, ``*x*``, ``_x_`` → ``x``, one level, as a single left-to-right pass.

    The rule is the regex ``(\\*\\*|__|\\*|(?<!\\w)_)(?=\\S)(.+?)(?<=\\S)\\1(?!\\w)``, but a
    lazy ``.+?`` that finds no closer rescans the rest of the line from every opener (quadratic
    on a line of ``*a*a*a…``). Here the valid closers of each delimiter are listed once and each
    opener looks up the first one after it.
    """
    from bisect import bisect_left

    n = len(text)
    closers = {}
    for delim in _DELIMITERS:
        size = len(delim)
        found = []
        k = text.find(delim, 1)
        while k != -1:
            if not text[k - 1].isspace() and (k + size == n or not _is_word(text[k + size])):
                found.append(k)
            k = text.find(delim, k + 1)
        closers[delim] = found
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    out: list[str] = []
    i = 0
    while i < n:
        if text[i] not in "*_":
            jump = _OPENER.search(text, i)
            stop = jump.start() if jump else n
            out.append(text[i:stop])
            i = stop
            continue
        for delim in _DELIMITERS:
            size = len(delim)
            if not text.startswith(delim, i) or (delim == "_" and i and _is_word(text[i - 1])):
                continue
            content = i + size
            if content >= n or text[content].isspace():
                continue
            found = closers[delim]
            at = bisect_left(found, content + 1)
            if at == len(found):
                continue
            close = found[at]
            line_end = bisect_left(newlines, content)
            if line_end < len(newlines) and newlines[line_end] < close:
                continue  # "." does not cross a line break
            out.append(text[content:close])
            i = close + size
            break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def parse_release(text: str) -> ParsedRelease:
    """Find the headline, the dateline and the body sentences of a release.

    The release is read through :func:`translate.document.parse_document`, so
    code, tables, images and HTML are skipped exactly where translation leaves
    them alone. The headline is a heading or the first text when it has no
    terminal punctuation; later headings and short unpunctuated label lines are
    skipped, and so are boilerplate sections ("About …", "Contacts"). An end
    mark (``###``, ``-30-``, ``ENDS``) ends the release. List items are
    paragraphs of their own; quote and paragraph lines that continue a
    sentence run on. The dateline is cut from the first body sentence, which is kept.
    """
    from translate.segment import split_sentences

    document = parse_document(text)
    source_lines = [line for line, _ in split_lines(text.removeprefix(BOM))]
    headline: str | None = None
    paragraphs: list[str] = []
    current: list[str] = []
    last_line = -2  # the last source line of the text in ``current``
    tail = ""  # that line's text
    seen_content = False
    skipping = False  # inside an "About ..." or "Contacts" section

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    after = 0  # the first source line after the previous block
    for unit, plain in _blocks(document):
        # "### " (an empty heading) is all skeleton: look for it in the lines since the last block.
        marks = [unit.line] + [n for n in range(after, unit.line) if classify_line(source_lines[n]).kind == "heading"]
        if seen_content and any(is_end_mark(source_lines[n]) for n in marks):
            break
        after = unit.line + unit.line_count
        if unit.kind == "table":
            flush()
            continue
        if unit.kind == "heading":
            flush()
            if headline is None and not paragraphs:
                headline = plain
            skipping = seen_content and bool(_BOILERPLATE_HEADING.match(plain))
            seen_content = True
            continue
        if skipping:
            continue
        end_line = unit.line + unit.line_count - 1
        if not plain:
            last_line = end_line if current else last_line
            continue
        if not seen_content:
            seen_content = True
            if headline is None:
                headline, plain = _headline(unit, plain)
                if not plain:
                    continue
        if unit.kind == "list":
            flush()
            paragraphs.append(plain)
            continue
        if not (current and unit.line == last_line + 1 and continues(tail, plain)):
            flush()
        current.append(plain)
        # A wrapped paragraph runs on from its own last line, as written.
        tail = strip_markdown(unit.lines[-1]) if unit.line_count > 1 else plain
        last_line = end_line
    flush()

    sentences: list[SourceSentence] = []
    dateline: str | None = None
    paragraph_index = 0
    for paragraph in paragraphs:
        parts = [s.strip() for s in split_sentences(paragraph) if s.strip()]
        if len(parts) == 1 and not _ends_sentence(parts[0]) and len(parts[0].split()) < 12:
            # A label such as "Background" or "About the OSCE": not a sentence to quote.
            continue
        if not sentences and parts:
            dateline, parts[0] = split_dateline(parts[0])
        for part in parts:
            sentences.append(SourceSentence(len(sentences), paragraph_index, part))
        paragraph_index += 1
    return ParsedRelease(headline, dateline, sentences)


def _blocks(document: Document):
    """``(unit, plain text)`` for each block of ``document``, a dateline rejoined with its paragraph."""
    pending = ""  # a dateline and its dash, waiting for the rest of their line
    for position, part in enumerate(document.parts):
        if isinstance(part, str):
            continue
        unit = document.units[part]
        if unit.kind == "dateline":
            pending = document.plain(part) + document.parts[position + 1]
            continue
        yield unit, _plain(pending + document.plain(part))
        pending = ""


def _headline(unit: Unit, plain: str) -> tuple[str | None, str]:
    """``(headline, rest)`` for the release's first text: its first line when that ends no sentence."""
    if unit.line_count > 1:
        # translate.document ran a lower-case second line on; a headline never continues.
        first = strip_markdown(unit.lines[0])
        if not _ends_sentence(first):
            return first, strip_markdown(" ".join(line.strip() for line in unit.lines[1:]))
        return None, plain
    return (plain, "") if not _ends_sentence(plain) else (None, plain)

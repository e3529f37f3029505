"""Word and HTML files through the pipeline: detect, translate, extract text, post-edit with the glossary.

The format is read from the content: a zip archive is a Word document (and
must be one), a legacy OLE file is refused, a page that starts like HTML (or
a ``.html`` / ``.htm`` file) is HTML, anything else is Markdown or text for
:mod:`translate.textio`. Each target language gets a fresh copy of the
document, so one language's edits never leak into another's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .docx_package import OLE_MAGIC, is_zip
from .errors import DocumentFormatError, InputError
from .tagged import Decoded, Open, TaggedDocument, Text, Token, strip_markers
from .textio import decode_text, read_bytes

RICH_FORMATS = ("docx", "html")
_UTF8_BOM = b"\xef\xbb\xbf"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


@dataclass
class RichSource:
    """An input file's bytes, its name and its detected format (``docx``, ``html`` or ``text``)."""

    name: str
    data: bytes
    fmt: str

    @property
    def extension(self) -> str:
        """The extension translated files get: ``docx``, or the page's own ``html`` / ``htm``."""
        if self.fmt == "html" and self.name.lower().endswith(".htm"):
            return "htm"
        return self.fmt


@dataclass
class RichTranslation:
    """One language's translated file (``content``: bytes for Word, text for HTML) and what made it."""

    language: str
    content: bytes | str
    result: object  # translate.pipeline.DocumentTranslation; its text is the plain translated text
    notes: list[str] = field(default_factory=list)

    @property
    def terms(self):
        return self.result.terms

    def to_dict(self) -> dict:
        return {**self.result.to_dict(), "notes": self.notes}


def detect_format(data: bytes, name: str) -> str:
    """``docx``, ``html`` or ``text``, from the bytes first and the name second."""
    lower = name.lower()
    if is_zip(data) or data.startswith(OLE_MAGIC):
        return "docx"
    if lower.endswith((".docx", ".docm", ".dotx")):
        raise DocumentFormatError(f"{name} is not a Word document (not a zip archive)", path=name, expected="docx", reason="not-zip")
    head = data[:2048].removeprefix(_UTF8_BOM).lstrip().lower()
    while head.startswith(b"<!--"):  # a comment before the doctype
        end = head.find(b"-->")
        head = head[end + 3 :].lstrip() if end >= 0 else b""
    if lower.endswith((".html", ".htm", ".xhtml")) or head.startswith(_HTML_STARTS):
        return "html"
    return "text"


def read_source(path: str | os.PathLike, *, what: str = "input") -> RichSource:
    """Read a file's bytes (``-`` is stdin) and detect its format; missing or unreadable files raise."""
    name, data = read_bytes(path, what=what)
    return RichSource(name, data, detect_format(data, name))


class _Html:
    """An HTML page behind the same small interface as :class:`translate.docx_io.WordFile`."""

    def __init__(self, data: bytes, name: str):
        from .html_io import HtmlPage

        self.bom = data.startswith(_UTF8_BOM)
        try:
            source = data.removeprefix(_UTF8_BOM).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name} is not valid UTF-8 (byte {exc.start}); save the page as UTF-8 and try again") from None
        self.page = HtmlPage(source, name)
        self.paragraphs = self.page.paragraphs()
        self.body = self.paragraphs[: len(self.page.units)]

    def write(self, decoded: list[Decoded], lang: str) -> str:
        return ("\ufeff" if self.bom else "") + self.page.render(decoded, lang)


def open_document(source: RichSource):
    """The parsed document (units in ``.paragraphs``, ``.write(decoded, lang)``) of a Word or HTML source."""
    if source.fmt == "docx":
        from .docx_io import WordFile

        word = WordFile(source.data, source.name)
        return _Word(word)
    if source.fmt == "html":
        return _Html(source.data, source.name)
    raise DocumentFormatError(f"{source.name} is neither a Word document nor HTML", path=source.name, expected="docx/html", reason="text")


class _Word:
    def __init__(self, word):
        self.word = word
        self.paragraphs = word.paragraphs
        self.body = [word.paragraphs[i] for i in word.body]

    def write(self, decoded: list[Decoded], lang: str) -> bytes:
        return self.word.write(decoded)


def plain_text(source: RichSource, *, body_only: bool = False) -> str:
    """The document's text, one paragraph per block (for glossary checks).

    ``body_only`` (for summaries): only the running text, without headers, footers,
    footnotes, alt text and the title.
    """
    document = open_document(source)
    return "\n\n".join(_text(tokens) for tokens in (document.body if body_only else document.paragraphs))


def _text(tokens: Sequence[Token]) -> str:
    return " ".join(strip_markers("".join(t.text for t in tokens if isinstance(t, Text))).split())


def translate_file(source: RichSource, targets: Sequence, options=None, *, translators: dict | None = None) -> list[RichTranslation]:
    """Translate a Word or HTML file into each of ``targets``; formatting follows the words."""
    from .pipeline import translate_parsed

    document = open_document(source)
    tagged = TaggedDocument(document.paragraphs)
    results = translate_parsed(tagged, targets, options, translators=translators)
    out = []
    for result in results:
        decoded = [tagged.decode(index, text) for index, text in enumerate(result.units)]
        for segment in result.segments:
            segment.source, segment.target = strip_markers(segment.source), strip_markers(segment.target)
        content = open_document(source).write(decoded, result.language)
        out.append(RichTranslation(result.language, content, result, _notes(tagged, decoded)))
    return out


def _notes(tagged: TaggedDocument, decoded: list[Decoded]) -> list[str]:
    notes = []
    for index, unit in enumerate(decoded):
        for span in unit.dropped:
            tokens = tagged.units[index].tokens
            start = tokens.index(Open(span))
            words = tokens[start + 1].text if start + 1 < len(tokens) and isinstance(tokens[start + 1], Text) else ""
            notes.append(
                f"paragraph {index + 1}: the model dropped the formatting marks around {words.strip()!r}; "
                "its translation has the paragraph's main formatting"
            )
    return notes


def apply_glossary_file(source: RichSource, translation: RichSource, target: str, termbase):
    """Post-edit a translated Word or HTML file against its source, paragraph by paragraph.

    Returns ``(content, report)``: the translation's own format back (bytes for
    Word), formatting kept on the corrected words.
    """
    from .glossary import apply_glossary, merge_reports

    if translation.fmt != source.fmt:
        raise InputError(f"{source.name} is {source.fmt} but {translation.name} is {translation.fmt}; give two files of one format")
    src = open_document(source).paragraphs
    document = open_document(translation)
    if len(src) != len(document.paragraphs):
        raise InputError(
            f"{source.name} has {len(src)} paragraphs but {translation.name} has {len(document.paragraphs)}; "
            "they do not look like a source and its translation"
        )
    tagged = TaggedDocument(document.paragraphs)
    decoded, reports = [], []
    for index, unit in enumerate(tagged.units):
        marked = tagged.restore(index, unit.text, unit.text, [])
        edited, report = apply_glossary(_text(src[index]), marked, target, termbase)
        decoded.append(tagged.decode(index, edited))
        reports.append(report)
    return document.write(decoded, target), merge_reports(reports)


def read_any_text(path: str | os.PathLike, *, what: str = "input", body_only: bool = False) -> tuple[str, str | None]:
    """The text of any input: a Markdown/text file as is (parse format ``None``: from its name),
    a Word or HTML file as its paragraphs (parse format ``txt``; see :func:`plain_text`)."""

    source = read_source(path, what=what)
    if source.fmt == "text":
        return decode_text(source.data, source.name, what=what), None
    return plain_text(source, body_only=body_only), "txt"

"""Word documents: the translatable text of a .docx, and the same file back with a translation.

Translated: paragraphs of the body (headings and table cells included),
headers, footers, footnotes, endnotes and text boxes (every ``w:p`` of those
parts), image alt text (``descr`` of ``wp:docPr`` / ``pic:cNvPr``) and the
title in the document properties. Untouched: styles, images, fields, comments,
tracked-change markup and the other properties. python-docx opens the package
(its XML parser resolves no entities); parts it does not model, such as
footnotes, are parsed with the same settings. The output is the input archive
entry by entry: only the parts whose text changed are serialised anew, every
other entry (images, styles, relationships, settings) is copied byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .docx_package import check_docx
from .docx_runs import WordParagraph, w
from .errors import DocumentFormatError
from .tagged import Decoded, Text, Token, strip_markers

_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_TEXT_PARTS = {_CT + kind + "+xml" for kind in ("document.main", "header", "footer", "footnotes", "endnotes")}
_DRAWING_NS = (
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
)
_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_ALT_TAGS = {f"{{{_DRAWING_NS[0]}}}docPr", f"{{{_DRAWING_NS[1]}}}cNvPr"}


@dataclass
class _Slot:
    """Where one unit's translation goes: a paragraph, an attribute, or the title."""

    kind: str  # "paragraph", "attribute", "title"
    target: object = None
    attribute: str = ""
    part: int = -1  # index into WordFile.parts


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class WordFile:
    """An opened .docx: its units (tokens per paragraph, alt text, title) and a writer for translations."""

    def __init__(self, data: bytes, name: str):
        check_docx(data, name)
        import docx

        try:
            self.doc = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, SyntaxError) as exc:
            # lxml's XMLSyntaxError is a SyntaxError; python-docx raises ValueError for wrong content types.
            raise DocumentFormatError(
                f"{name} is not a readable Word document ({exc})", path=name, expected="docx", reason="unreadable"
            ) from None
        self.name = name
        self.data = data
        self.parts: list[tuple[str, object]] = []  # (zip entry name, parsed root) of every part with text
        self.slots: list[_Slot] = []
        self.paragraphs: list[list[Token]] = []
        self.body: list[int] = []  # units that are paragraphs of the main document part
        for index, (_, root) in enumerate(self._roots()):
            for p in root.iter(w("p")):
                paragraph = WordParagraph(p)
                tokens = paragraph.tokens()
                if tokens:
                    if index == 0:
                        self.body.append(len(self.paragraphs))
                    self.slots.append(_Slot("paragraph", paragraph, part=index))
                    self.paragraphs.append(tokens)
            for element in root.iter(*_ALT_TAGS):
                if (element.get("descr") or "").strip():
                    self.slots.append(_Slot("attribute", element, "descr", part=index))
                    self.paragraphs.append([Text(element.get("descr"))])
        self._core = next((p for p in self.doc.part.package.iter_parts() if p.content_type == _CORE), None)
        title = self.doc.core_properties.title if self._core is not None else ""
        if title and title.strip():
            self.slots.append(_Slot("title"))
            self.paragraphs.append([Text(title)])

    def _roots(self):
        from lxml import etree

        main = self.doc.part
        for part in [main, *(p for p in main.package.iter_parts() if p is not main)]:
            if part.content_type not in _TEXT_PARTS:
                continue
            root = getattr(part, "element", None)
            if root is None:
                try:
                    root = etree.fromstring(part.blob, _parser())
                except etree.XMLSyntaxError as exc:
                    raise DocumentFormatError(
                        f"{self.name}: part {part.partname} is not well-formed XML ({exc})",
                        path=self.name, expected="docx", reason="bad-xml",
                    ) from None
            self.parts.append((str(part.partname).lstrip("/"), root))
            yield self.parts[-1]

    def write(self, decoded: list[Decoded]) -> bytes:
        """The document with each unit replaced by its translation; returns the .docx bytes."""
        from lxml import etree

        changed: dict[str, object] = {}
        for slot, unit in zip(self.slots, decoded):
            if slot.kind == "paragraph":
                if slot.target.write(unit):
                    changed.update([self.parts[slot.part]])
                continue
            text = strip_markers("".join(t.text for t in unit.tokens if isinstance(t, Text)))
            if slot.kind == "attribute" and text != slot.target.get(slot.attribute):
                slot.target.set(slot.attribute, text)
                changed.update([self.parts[slot.part]])
            elif slot.kind == "title" and text != self.doc.core_properties.title:
                self.doc.core_properties.title = text
                changed[str(self._core.partname).lstrip("/")] = self._core.element
        xml = {name.lower(): etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) for name, root in changed.items()}
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type, entry.external_attr, entry.create_system = info.compress_type, info.external_attr, info.create_system
                target.writestr(entry, xml.get(info.filename.lower()) or source.read(info))
        return out.getvalue()

"""Word documents: the translatable text of a .docx, and the same file back with a translation.

Translated: paragraphs of the body (headings and table cells included),
headers, footers, footnotes, endnotes and text boxes (every ``w:p`` of those
parts), image alt text (``descr`` of ``wp:docPr`` / ``pic:cNvPr``) and the
title in the document properties. Untouched: styles, images, fields, comments,
tracked-change markup and the other properties. python-docx opens the package
(its XML parser resolves no entities); parts it does not model, such as
footnotes, are parsed with the same settings.
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
_ALT_TAGS = {f"{{{_DRAWING_NS[0]}}}docPr", f"{{{_DRAWING_NS[1]}}}cNvPr"}


@dataclass
class _Slot:
    """Where one unit's translation goes: a paragraph, an attribute, or the title."""

    kind: str  # "paragraph", "attribute", "title"
    target: object = None
    attribute: str = ""


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
        self._blob_parts: list[tuple[object, object]] = []  # (part, parsed root) of parts python-docx keeps as bytes
        self.slots: list[_Slot] = []
        self.paragraphs: list[list[Token]] = []
        for root in self._roots():
            for p in root.iter(w("p")):
                paragraph = WordParagraph(p)
                tokens = paragraph.tokens()
                if tokens:
                    self.slots.append(_Slot("paragraph", paragraph))
                    self.paragraphs.append(tokens)
            for element in root.iter(*_ALT_TAGS):
                if (element.get("descr") or "").strip():
                    self.slots.append(_Slot("attribute", element, "descr"))
                    self.paragraphs.append([Text(element.get("descr"))])
        title = self.doc.core_properties.title
        if title and title.strip():
            self.slots.append(_Slot("title"))
            self.paragraphs.append([Text(title)])

    def _roots(self):
        from lxml import etree

        for part in self.doc.part.package.iter_parts():
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
                self._blob_parts.append((part, root))
            yield root

    def write(self, decoded: list[Decoded]) -> bytes:
        """The document with each unit replaced by its translation; returns the .docx bytes."""
        from lxml import etree

        for slot, unit in zip(self.slots, decoded):
            if slot.kind == "paragraph":
                slot.target.write(unit)
            else:
                text = strip_markers("".join(t.text for t in unit.tokens if isinstance(t, Text)))
                if slot.kind == "attribute":
                    slot.target.set(slot.attribute, text)
                else:
                    self.doc.core_properties.title = text
        for part, root in self._blob_parts:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

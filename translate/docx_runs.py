"""One Word paragraph (``w:p``) as tagged tokens, and a translation written back into it.

Runs are grouped by formatting. Text in the paragraph's *dominant*
formatting (the one with the most characters) is plain text for the model;
every other group of runs, and every hyperlink, is a span between two
placeholders. Everything else inside the paragraph (images, tabs, breaks,
footnote references, whole fields, tracked insertions and deletions, content
controls) is an atom: the model sees a placeholder and the element is kept.

Writing back: when the translation keeps the groups in their order (always so
with an identity translation), only the text of ``w:t`` nodes changes - the
first node of a group receives the group's text, the others are emptied, and
an unchanged group is not touched at all. When the order changes, the text
runs are rebuilt from each group's own run properties (and hyperlink), and the
atoms are moved, not copied.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .tagged import Atom, Close, Decoded, Open, Text, Token

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element."""
    return f"{{{W}}}{tag}"


# Zero-width markers that stay where they are.
_MARKERS = {w(t) for t in ("pPr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "proofErr",
                           "permStart", "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                           "moveToRangeEnd")}
_RUN_MARKERS = {w("rPr"), w("lastRenderedPageBreak")}
# Formatting that does not change how text looks; runs differing only in these are one group.
_INVISIBLE = {w("lang"), w("noProof"), w("rtl")}


@dataclass
class Group:
    """Source text or an atom, with the XML it came from."""

    kind: str  # "plain", "span", "link" or "atom"
    ts: list = field(default_factory=list)  # w:t elements of a text group
    run: object = None  # the template run (its w:rPr is copied when rebuilding)
    link: object = None  # the w:hyperlink of a link span
    elements: list = field(default_factory=list)  # an atom's elements (direct children of w:p, or one run child)
    inner: bool = False  # an atom that is a child of a text run (w:tab, w:br) rather than of w:p
    ref: int = 0  # span id or atom ref

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.ts)


def _key(run) -> bytes:
    from lxml import etree

    props = run.find(w("rPr"))
    if props is None:
        return b""
    props = copy.deepcopy(props)
    for child in list(props):
        if child.tag in _INVISIBLE:
            props.remove(child)
    return etree.tostring(props)


class WordParagraph:
    """Tokens of one ``w:p`` and the means to write a translation back."""

    def __init__(self, paragraph):
        self.p = paragraph
        self.groups: list[Group] = []
        entries = self._entries()
        counts: dict[bytes, int] = {}
        for entry in entries:
            if entry[0] == "t":
                counts[entry[3]] = counts.get(entry[3], 0) + len(entry[1].text or "")
        self.dominant = max(counts, key=counts.get) if counts else None
        self._group(entries)

    def _entries(self) -> list[tuple]:
        """("t", w:t, run, key) | ("atom", [elements], inner) | ("link", w:hyperlink, [w:t], first run)."""
        entries: list[tuple] = []
        field_depth = 0
        for child in self.p:
            if child.tag in _MARKERS:
                continue
            if child.tag == w("r"):
                chars = [c.get(w("fldCharType")) for c in child.iter(w("fldChar"))]
                if field_depth or chars:
                    # A whole field (begin ... end) is one atom: its result text stays as Word computed it.
                    field_depth += chars.count("begin") - chars.count("end")
                    self._extend_atom(entries, child)
                    continue
                self._run_entries(entries, child)
            elif child.tag == w("hyperlink") and self._plain_link(child):
                ts = [t for r in child.iter(w("r")) for t in r.iter(w("t"))]
                entries.append(("link", child, ts, child.find(w("r"))))
            else:
                entries.append(("atom", [child], False))
        return entries

    @staticmethod
    def _extend_atom(entries: list[tuple], element) -> None:
        if entries and entries[-1][0] == "atom" and not entries[-1][2] and entries[-1][1][-1].getnext() is element:
            entries[-1][1].append(element)
        else:
            entries.append(("atom", [element], False))

    @staticmethod
    def _plain_link(link) -> bool:
        runs = [c for c in link if c.tag not in _MARKERS]
        if not runs or any(r.tag != w("r") for r in runs):
            return False
        return all(c.tag in _RUN_MARKERS or c.tag == w("t") for r in runs for c in r) and any(
            (t.text or "") for r in runs for t in r.iter(w("t"))
        )

    @staticmethod
    def _run_entries(entries: list[tuple], run) -> None:
        key = _key(run)
        for child in run:
            if child.tag in _RUN_MARKERS:
                continue
            if child.tag == w("t"):
                entries.append(("t", child, run, key))
            else:
                entries.append(("atom", [child], True))

    def _group(self, entries: list[tuple]) -> None:
        spans = 0
        for entry in entries:
            last = self.groups[-1] if self.groups else None
            if entry[0] == "t":
                _, t, run, key = entry
                kind = "plain" if key == self.dominant else "span"
                if last is not None and last.kind == kind and (kind == "plain" or _key(last.run) == key):
                    last.ts.append(t)
                    continue
                if kind == "span":
                    spans += 1
                self.groups.append(Group(kind, [t], run, ref=spans))
            elif entry[0] == "link":
                spans += 1
                self.groups.append(Group("link", entry[2], entry[3], link=entry[1], ref=spans))
            else:
                self.groups.append(Group("atom", elements=entry[1], inner=entry[2], run=entry[1][0].getparent()))
        atoms = 0
        for group in self.groups:
            if group.kind == "atom":
                atoms += 1
                group.ref = atoms

    def tokens(self) -> list[Token]:
        """The paragraph for the model (no tokens when it has no text)."""
        if not any(g.text.strip() for g in self.groups if g.kind != "atom"):
            return []
        out: list[Token] = []
        for group in self.groups:
            if group.kind == "plain":
                out.append(Text(group.text))
            elif group.kind == "atom":
                out.append(Atom(group.ref))
            else:
                out += [Open(group.ref), Text(group.text), Close(group.ref)]
        return out

    def write(self, decoded: Decoded) -> bool:
        """Put the translated tokens back into the paragraph; False when nothing had to change."""
        pieces = _pieces(decoded.tokens)
        source = [(g.kind if g.kind != "link" else "span", g.ref) for g in self.groups if g.kind == "atom" or g.text]
        if [(kind, ref) for kind, ref, _ in pieces] == source:
            texts = iter(text for _, _, text in pieces)
            changed = False
            for group in self.groups:
                if group.kind != "atom" and group.text:
                    changed = _set_text(group, next(texts)) or changed
                elif group.kind == "atom":
                    next(texts)
            return changed
        self._rebuild(pieces)
        return True

    def _rebuild(self, pieces: list[tuple[str, int, str]]) -> None:
        spans = {g.ref: g for g in self.groups if g.kind in ("span", "link")}
        atoms = {g.ref: g for g in self.groups if g.kind == "atom"}
        plain = next((g for g in self.groups if g.kind == "plain"), None)
        old = []
        for group in self.groups:
            holders = [group.link] if group.kind == "link" else [t.getparent() for t in group.ts]
            if group.kind == "atom":
                holders = [group.run] if group.inner else group.elements
            for holder in holders:
                if holder not in old:
                    old.append(holder)
        position = min(self.p.index(e) for e in old)
        new = []
        for kind, ref, text in pieces:
            if kind == "plain":
                new.append(_text_run(plain.run if plain else None, text))
            elif kind == "span":
                group = spans[ref]
                run = _text_run(group.run, text)
                if group.kind == "link":
                    link = copy.copy(group.link)
                    for child in list(link):
                        link.remove(child)
                    link.append(run)
                    run = link
                new.append(run)
            else:
                group = atoms[ref]
                new += [_wrap(group.run, group.elements[0])] if group.inner else group.elements
        for element in old:
            if element.getparent() is self.p:
                self.p.remove(element)
        for offset, element in enumerate(new):
            self.p.insert(position + offset, element)


def _pieces(tokens: list[Token]) -> list[tuple[str, int, str]]:
    """Decoded tokens as ("plain", 0, text) | ("span", id, text) | ("atom", ref, "") pieces."""
    pieces: list[tuple[str, int, str]] = []
    span: int | None = None
    for token in tokens:
        if isinstance(token, Open):
            span = token.span
        elif isinstance(token, Close):
            span = None
        elif isinstance(token, Atom):
            pieces.append(("atom", token.ref, ""))
        elif token.text:
            kind, ref = ("span", span) if span is not None else ("plain", 0)
            if pieces and pieces[-1][:2] == (kind, ref) and kind != "atom":
                pieces[-1] = (kind, ref, pieces[-1][2] + token.text)
            else:
                pieces.append((kind, ref, token.text))
    return pieces


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters; a model never needs them.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)


def _set_text(group: Group, text: str) -> bool:
    if text == group.text:
        return False
    first, *rest = group.ts
    first.text = _clean(text)
    if text != text.strip():
        first.set(XML_SPACE, "preserve")
    for t in rest:
        t.text = ""
    return True


def _text_run(template, text: str):
    from lxml import etree

    run = etree.Element(w("r"))
    props = template.find(w("rPr")) if template is not None else None
    if props is not None:
        run.append(copy.deepcopy(props))
    t = etree.SubElement(run, w("t"))
    t.text = _clean(text)
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    return run


def _wrap(template, element):
    from lxml import etree

    run = etree.Element(w("r"))
    props = template.find(w("rPr")) if template is not None else None
    if props is not None:
        run.append(copy.deepcopy(props))
    run.append(element)
    return run

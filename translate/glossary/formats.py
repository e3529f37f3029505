"""Glossary files: CSV/TSV and TBX-Basic (ISO 30042), read and written.

CSV/TSV layout (one concept per row, header row first)::

    en,ru,kk,ru.avoid,ru.dat,type,note,dnt
    Kyrgyzstan,Кыргызстан,Қырғызстан,Киргизия,,place,official form,

* Language columns are named by ISO 639-1 code (``en`` is required).
  A cell holds the preferred term, then admitted variants, separated by ``|``.
* ``LANG.avoid``: wrong renderings that ``apply`` replaces (``|``-separated).
* ``LANG.CASE`` (CASE one of nom gen dat acc ins loc abl): an explicit
  inflected form, used instead of automatic inflection.
* ``type``, ``note``, ``dnt`` (do not translate: yes/no); any other column is
  kept as an extra column and written back unchanged.
* Formula cells (CSV injection): a written cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
  spreadsheet shows it as text instead of running it (OWASP's advice); on
  reading, that one leading ``'`` is taken off again, and the rest of the
  cell is kept literally. tilshi itself never evaluates a cell.

Any malformed file raises :class:`GlossaryError` naming the file and line,
and nothing from it is used. TBX is parsed with defusedxml (no DTD, no
entities, no external references) under a size cap.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from ..errors import GlossaryError
from ..languages import resolve_language
from ..textio import decode_text
from .entry import CASES, Entry, make_entry
from .termbase import Termbase

MAX_BYTES = 5 * 1024 * 1024
SEP = "|"
_META = {"type", "note", "notes", "dnt", "do_not_translate"}
_TRUE = {"yes", "y", "true", "1", "x", "dnt"}
_LANGLIKE = re.compile(r"^[a-z]{2,3}(_[a-z]{4})?$")


def detect_format(path: str | Path, text: str = "") -> str:
    """``csv``, ``tsv`` or ``tbx`` from the extension, else from the content."""
    suffix = Path(str(path)).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    if suffix == ".csv":
        return "csv"
    head = text.lstrip()[:200]
    if head.startswith("<"):
        return "tbx"
    first = head.split("\n", 1)[0]
    return "tsv" if "\t" in first and "," not in first else "csv"


def read_glossary_file(path: str | Path) -> Termbase:
    """Parse a CSV, TSV or TBX glossary file into a :class:`Termbase`."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise GlossaryError(f"glossary file not found: {name}")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise GlossaryError(f"{name}: glossary file is too large ({size} bytes; the limit is {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary file {name}: {exc.strerror or exc}") from None
    return parse_glossary(data, name)


def parse_glossary(data: bytes | str, name: str, fmt: str | None = None) -> Termbase:
    """Parse glossary bytes/text; ``name`` is used in error messages."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise GlossaryError(f"{name}: glossary file is too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    try:
        text = decode_text(data, name, what="glossary")
    except Exception as exc:  # InputError → GlossaryError, one line
        raise GlossaryError(str(exc)) from None
    fmt = fmt or detect_format(name, text)
    if fmt == "tbx":
        return read_tbx(text, name)
    return read_delimited(text, name, "\t" if fmt == "tsv" else ",")


# --- CSV / TSV -------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (or one that looks defused already) with ``'``."""
    if cell.startswith(_FORMULA_START) or (cell.startswith("'") and cell[1:].startswith(_FORMULA_START)):
        return "'" + cell
    return cell


def _undefuse(cell: str) -> str:
    """Take off the ``'`` that :func:`_defuse` added."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(SEP) if part.strip()]


def _classify_header(header: list[str], name: str) -> list[tuple[str, str, str]]:
    """Each column as (kind, lang, key): kind is lang/avoid/form/meta/extra."""
    cols = []
    where = f"{name}:1: "
    for raw in header:
        col = raw.strip()
        low = col.lower()
        if low in _META:
            cols.append(("meta", "", "note" if low == "notes" else ("dnt" if low == "do_not_translate" else low)))
            continue
        base, dot, suffix = low.partition(".")
        if _LANGLIKE.match(base):
            try:
                lang = resolve_language(base).iso1
            except Exception:
                raise GlossaryError(f"{where}unknown language {col!r} in the header; use ISO 639-1 codes such as en, ru, kk") from None
            if not dot:
                cols.append(("lang", lang, ""))
            elif suffix == "avoid":
                cols.append(("avoid", lang, ""))
            elif suffix in CASES:
                cols.append(("form", lang, suffix))
            else:
                raise GlossaryError(f"{where}unknown column {col!r}; use LANG, LANG.avoid or LANG.CASE ({', '.join(CASES)})")
            continue
        if not col:
            raise GlossaryError(f"{where}empty column name in the header")
        cols.append(("extra", "", col))
    if ("lang", "en", "") not in cols:
        raise GlossaryError(f"{where}the header has no 'en' column (the English source term)")
    keys = [c for c in cols if c[0] != "extra"] + [c for c in cols if c[0] == "extra"]
    if len(set(keys)) != len(keys):
        raise GlossaryError(f"{where}a column appears twice in the header")
    return cols


def read_delimited(text: str, name: str, delimiter: str = ",") -> Termbase:
    """Parse CSV (``delimiter=','``) or TSV text; all-or-nothing."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    termbase = Termbase()
    try:
        header = next(reader, None)
        if header is None:
            raise GlossaryError(f"{name}:1: empty glossary file")
        if delimiter == "," and len(header) == 1 and ";" in header[0]:
            raise GlossaryError(
                f"{name}:1: the columns are separated by semicolons; save the file as comma-separated CSV "
                "(in a spreadsheet: CSV UTF-8) or tab-separated TSV"
            )
        cols = _classify_header(header, name)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(cols):
                raise GlossaryError(f"{name}:{line}: {len(row)} fields but the header has {len(cols)}")
            row = [_undefuse(cell) for cell in row] + [""] * (len(cols) - len(row))
            terms: dict[str, list[str]] = {}
            avoid: dict[str, list[str]] = {}
            forms: dict[str, dict[str, str]] = {}
            meta: dict[str, str] = {}
            extra: dict[str, str] = {}
            for (kind, lang, key), cell in zip(cols, row):
                if kind == "lang":
                    terms[lang] = _split(cell)
                elif kind == "avoid":
                    avoid[lang] = _split(cell)
                elif kind == "form" and cell.strip():
                    forms.setdefault(lang, {})[key] = cell.strip()
                elif kind == "meta":
                    meta[key] = cell.strip()
                elif kind == "extra" and cell.strip():
                    extra[key] = cell
            where = f"{name}:{line}: "
            entry = make_entry(
                terms,
                type=meta.get("type", ""),
                note=meta.get("note", ""),
                dnt=meta.get("dnt", "").lower() in _TRUE,
                avoid=avoid,
                forms=forms,
                extra=extra,
                where=where,
            )
            termbase.add(entry, where=where)
    except csv.Error as exc:
        raise GlossaryError(f"{name}:{reader.line_num}: malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None
    return termbase


def write_delimited(termbase: Termbase, delimiter: str = ",") -> str:
    """Serialise a termbase as CSV or TSV text (readable back by :func:`read_delimited`)."""
    langs = termbase.languages() or ["en", "ru", "kk"]
    header = list(langs)
    avoid_langs = [lang for lang in langs if any(e.avoid.get(lang) for e in termbase)]
    header += [f"{lang}.avoid" for lang in avoid_langs]
    form_cols = [(lang, case) for lang in langs for case in CASES if any(case in e.forms.get(lang, {}) for e in termbase)]
    header += [f"{lang}.{case}" for lang, case in form_cols]
    header += ["type", "note"]
    with_dnt = any(e.dnt for e in termbase)
    if with_dnt:
        header.append("dnt")
    extras: list[str] = []
    for e in termbase:
        extras += [k for k in e.extra if k not in extras]
    header += extras
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for e in termbase:
        row = [SEP.join(e.terms.get(lang, [])) for lang in langs]
        row += [SEP.join(e.avoid.get(lang, [])) for lang in avoid_langs]
        row += [e.forms.get(lang, {}).get(case, "") for lang, case in form_cols]
        row += [e.type, e.note]
        if with_dnt:
            row.append("yes" if e.dnt else "")
        row += [e.extra.get(k, "") for k in extras]
        writer.writerow([_defuse(cell) for cell in row])
    return out.getvalue()


# --- TBX-Basic ---------------------------------------------------------------

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts", "avoid": "deprecatedTerm-admn-sts"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def read_tbx(text: str, name: str) -> Termbase:
    """Parse TBX-Basic (TBX v3 ``conceptEntry`` or v2 ``termEntry``) safely."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        root = SafeET.fromstring(text.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        line = _line_of(text, "<!DOCTYPE") if "<!DOCTYPE" in text else _line_of(text, "<!ENTITY")
        raise GlossaryError(f"{name}:{line}: unsafe XML refused ({type(exc).__name__}); DTDs and entities are not allowed") from None
    except ParseError as exc:
        line = getattr(exc, "position", (1, 0))[0]
        raise GlossaryError(f"{name}:{line}: malformed TBX: {exc}") from None
    termbase = Termbase()
    index = 0
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        index += 1
        where = f"{name}: concept {concept.get('id') or index}: "
        terms: dict[str, list[str]] = {}
        avoid: dict[str, list[str]] = {}
        forms: dict[str, dict[str, str]] = {}
        meta = {"type": "", "note": "", "dnt": ""}
        for child in concept:
            tag, kind = _local(child.tag), child.get("type", "")
            if tag == "descrip" and kind in ("subjectField", "conceptType"):
                meta["type"] = (child.text or "").strip()
            elif tag == "note":
                meta["note"] = (child.text or "").strip()
            elif tag == "admin" and kind == "doNotTranslate":
                meta["dnt"] = (child.text or "").strip()
        for lang_sec in concept:
            if _local(lang_sec.tag) not in ("langSec", "langSet"):
                continue
            code = lang_sec.get(XML_LANG) or lang_sec.get("lang") or ""
            try:
                lang = resolve_language(code).iso1
            except Exception:
                raise GlossaryError(f"{where}unknown language {code!r}") from None
            for term_sec in lang_sec:
                if _local(term_sec.tag) not in ("termSec", "tig", "ntig"):
                    continue
                term_el = next((el for el in term_sec.iter() if _local(el.tag) == "term"), None)
                value = " ".join("".join(term_el.itertext()).split()) if term_el is not None else ""
                if not value:
                    raise GlossaryError(f"{where}empty <term> for {lang}")
                status = "admittedTerm-admn-sts"
                for note in term_sec.iter():
                    if _local(note.tag) != "termNote":
                        continue
                    ntype = note.get("type", "")
                    if ntype == "administrativeStatus":
                        status = (note.text or "").strip()
                    elif ntype.startswith("grammaticalCase:") and ntype.split(":", 1)[1] in CASES:
                        forms.setdefault(lang, {})[ntype.split(":", 1)[1]] = (note.text or "").strip()
                if status.startswith("deprecated") or status.startswith("supersede"):
                    avoid.setdefault(lang, []).append(value)
                elif status.startswith("preferred"):
                    terms.setdefault(lang, []).insert(0, value)
                else:
                    terms.setdefault(lang, []).append(value)
        entry = make_entry(
            terms, type=meta["type"], note=meta["note"], dnt=meta["dnt"].lower() in _TRUE,
            avoid=avoid, forms=forms, where=where,
        )
        termbase.add(entry, where=where)
    if index == 0:
        raise GlossaryError(f"{name}:1: no <conceptEntry> or <termEntry> elements; is this a TBX file?")
    return termbase


def write_tbx(termbase: Termbase) -> str:
    """Serialise as TBX-Basic (TBX v3, DCT style)."""
    root = Element("tbx", {"type": "TBX-Basic", "style": "dct", XML_LANG: "en", "xmlns": TBX_NS})
    header = SubElement(SubElement(SubElement(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    SubElement(header, "p").text = "tilshi glossary"
    body = SubElement(SubElement(root, "text"), "body")
    for number, e in enumerate(termbase, 1):
        concept = SubElement(body, "conceptEntry", {"id": f"c{number}"})
        SubElement(concept, "descrip", {"type": "subjectField"}).text = e.type
        if e.note:
            SubElement(concept, "note").text = e.note
        if e.dnt:
            SubElement(concept, "admin", {"type": "doNotTranslate"}).text = "yes"
        for lang in termbase.languages():
            values = [(t, "preferred" if i == 0 else "admitted") for i, t in enumerate(e.terms.get(lang, []))]
            values += [(t, "avoid") for t in e.avoid.get(lang, [])]
            if not values:
                continue
            sec = SubElement(concept, "langSec", {XML_LANG: lang})
            for i, (value, status) in enumerate(values):
                term_sec = SubElement(sec, "termSec")
                SubElement(term_sec, "term").text = value
                SubElement(term_sec, "termNote", {"type": "administrativeStatus"}).text = _STATUS[status]
                if i == 0:
                    for case, form in e.forms.get(lang, {}).items():
                        SubElement(term_sec, "termNote", {"type": f"grammaticalCase:{case}"}).text = form
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _indent(element: Element, level: int = 0) -> None:
    pad = "\n" + "  " * level
    if len(element):
        element.text = pad + "  "
        for child in element:
            _indent(child, level + 1)
            child.tail = pad + "  "
        element[-1].tail = pad


def export_glossary(termbase: Termbase, fmt: str = "csv") -> str:
    """Text of ``termbase`` in ``csv``, ``tsv`` or ``tbx``."""
    fmt = fmt.lower()
    if fmt == "csv":
        return write_delimited(termbase, ",")
    if fmt == "tsv":
        return write_delimited(termbase, "\t")
    if fmt == "tbx":
        return write_tbx(termbase)
    raise GlossaryError(f"unknown glossary format {fmt!r}; use csv, tsv or tbx")


__all__ = ["Entry", "detect_format", "export_glossary", "parse_glossary", "read_glossary_file", "read_tbx", "read_delimited", "write_delimited", "write_tbx"]

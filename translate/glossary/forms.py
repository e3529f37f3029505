"""Every target-language form of an entry: right ones, known wrong ones, former names.

A *table* maps ``(case, number)`` to a form of one term. A person whose gender
neither the glossary nor the name tells gets two tables (one per gender), and
a rendering is right when it is in either; a replacement is written only when
the tables agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entry import Entry

Table = dict[tuple[str, str], str]


@dataclass(frozen=True)
class Form:
    text: str
    case: str
    number: str
    good: bool
    base: str = ""  # the term this is a form of (its nominative)


def term_tables(term: str, entry: Entry, lang: str, *, kind: str | None = None) -> list[Table]:
    """Inflection tables of ``term`` (a rendering of ``entry`` in ``lang``)."""
    if entry.dnt:
        return [{("nom", "sg"): term}]
    if lang == "ru":
        from .morph_ru import ru_tables

        return ru_tables(term, kind or infer_kind(entry, term), entry.gender)
    if lang == "kk":
        from .morph_kk import kk_forms

        return [kk_forms(term, kind or entry.type)]
    return [{("nom", "sg"): term}]


def infer_kind(entry: Entry, term: str) -> str:
    """The entry's type, or for an untyped one (a plain en,ru,kk glossary) what its Russian term looks like.

    Two to four capitalised words that read as a name (a first name, a
    surname's ending or a patronymic tells a gender) are a person; a single
    capitalised word that is not a common noun in the nominative is a place.
    """
    if entry.type != "other":
        return entry.type
    words = term.split()
    if not words or not all(w[:1].isupper() for w in words) or any(_acronym(w) for w in words):
        return "other"
    if 2 <= len(words) <= 4:
        from .names import looks_like_person

        return "person" if looks_like_person(words) else "other"
    if len(words) == 1:
        from .ru_analyzer import analyzer

        low = term.lower().replace("ё", "е")
        common = any(p.tag.POS == "NOUN" and "nomn" in p.tag and "Geox" not in p.tag and p.normal_form == low
                     and p.is_known for p in analyzer().parse(term))
        return "other" if common else "place"
    return "other"


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def target_tables(entry: Entry, lang: str) -> list[Table]:
    """Tables of the preferred term, with the glossary's explicit forms applied."""
    preferred = entry.preferred(lang)
    if not preferred:
        return []
    tables = [dict(t) for t in term_tables(preferred, entry, lang)]
    for table in tables:
        for case, form in entry.forms.get(lang, {}).items():
            table[(case, "sg")] = form
    return tables


def target_forms(entry: Entry, lang: str) -> Table:
    """Every form of the preferred term (a person's first plausible gender)."""
    tables = target_tables(entry, lang)
    return tables[0] if tables else {}


def former_names(entry: Entry, lang: str) -> list[str]:
    """Historical names of a place entry (Семипалатинск for Семей), from the shipped and user tables."""
    if entry.type not in ("place", "other"):
        return []
    from .folding import historical_names

    out: list[str] = []
    for name in entry.admitted(lang):
        out += [n for n in historical_names(lang, name) if n not in out and n not in entry.admitted(lang)]
    return out


def all_forms(entry: Entry, lang: str) -> list[Form]:
    """Right forms (preferred and admitted, every table), then wrong ones (avoid list, former names)."""
    out: list[Form] = []
    for table in target_tables(entry, lang):
        out += [Form(t, c, n, True, table.get(("nom", "sg"), t)) for (c, n), t in table.items()]
    for variant in entry.admitted(lang)[1:]:
        for table in term_tables(variant, entry, lang):
            out += [Form(t, c, n, True, variant) for (c, n), t in table.items()]
    for wrong in entry.avoid.get(lang, []):
        for table in term_tables(wrong, entry, lang):
            out += [Form(t, c, n, False, wrong) for (c, n), t in table.items()]
    for old in former_names(entry, lang):
        for table in term_tables(old, entry, lang, kind="place"):
            out += [Form(t, c, n, False, old) for (c, n), t in table.items()]
    return out


def renderings(entries, lang: str) -> list[str]:
    """Every admitted target-language form of every entry (for faithfulness guards)."""
    out: list[str] = []
    for entry in entries:
        for variant in entry.admitted(lang):
            for table in term_tables(variant, entry, lang):
                out += [f for f in table.values() if f not in out]
        out += [f for f in entry.forms.get(lang, {}).values() if f not in out]
    return out

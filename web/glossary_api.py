"""Glossary entries as the page and the API see them: JSON, versions, edits with conflict checks.

An entry's version is a hash of its content, so two tabs that loaded the same
entry hold the same version; the first save changes it and the second save,
still naming the old one, is refused instead of silently overwriting.
"""

from __future__ import annotations

import hashlib
import json

from translate.errors import GlossaryError

LANGS = ("ru", "kk")


class Conflict(Exception):
    """The entry changed since the client read it."""

    def __init__(self, current: dict | None):
        super().__init__("the entry was changed elsewhere")
        self.current = current


def entry_json(entry, *, forms: bool = False) -> dict:
    """An entry as JSON; ``forms`` adds every inflected form of the preferred term per language."""
    data = {
        "term": entry.source,
        "en": entry.source_terms(),
        **{lang: entry.terms.get(lang, []) for lang in sorted(set(LANGS) | set(entry.target_languages()))},
        "avoid": {lang: list(v) for lang, v in entry.avoid.items()},
        "type": entry.type,
        "note": entry.note,
        "dnt": entry.dnt,
        "explicit_forms": {lang: dict(v) for lang, v in entry.forms.items()},
    }
    data["version"] = version_of(data)
    if forms:
        data["forms"] = forms_preview(entry)
    return data


def version_of(data: dict) -> str:
    content = {k: v for k, v in data.items() if k not in ("version", "forms")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def forms_preview(entry) -> dict:
    """``{lang: [{"case", "number", "form"}, ...]}`` for the preferred term in every case."""
    from translate.glossary import target_forms

    out = {}
    for lang in entry.target_languages() or LANGS:
        forms = target_forms(entry, lang)
        out[lang] = [{"case": c, "number": n, "form": f} for (c, n), f in forms.items()]
    return out


def _list(value, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split("|") if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise GlossaryError(f"{what} must be a string (variants separated by '|') or a list of strings")


def entry_from_body(term: str, body: dict, existing=None):
    """Build a validated entry for ``term`` from a PUT body; unknown fields are refused."""
    from translate.glossary import make_entry

    allowed = {"en", "ru", "kk", "avoid", "type", "note", "dnt", "version", "explicit_forms", "term"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise GlossaryError(f"unknown field(s): {', '.join(unknown)}")
    english = [term] + [t for t in _list(body.get("en"), "en") if t != term]
    terms = {"en": english, **{lang: _list(body.get(lang), lang) for lang in LANGS}}
    avoid = body.get("avoid") or {}
    if not isinstance(avoid, dict):
        raise GlossaryError("avoid must be an object such as {\"ru\": [\"Киргизия\"]}")
    forms = body.get("explicit_forms", existing.forms if existing is not None else {}) or {}
    if not isinstance(forms, dict) or not all(isinstance(v, dict) for v in forms.values()):
        raise GlossaryError("explicit_forms must be an object such as {\"ru\": {\"gen\": \"...\"}}")
    note = body.get("note", "")
    if not isinstance(note, str):
        raise GlossaryError("note must be a string")
    return make_entry(
        terms, type=str(body.get("type") or "other"), note=note, dnt=bool(body.get("dnt", False)),
        avoid={lang: _list(v, f"avoid.{lang}") for lang, v in avoid.items()}, forms=forms,
        extra=dict(existing.extra) if existing is not None else None,
    )


def save_entry(term: str, body: dict, expected: str | None) -> dict:
    """Create or replace the store's entry for ``term`` if its version is still ``expected``.

    ``expected`` None means "don't check" (a script that knows what it does);
    ``""`` means "create; refuse if it exists".
    """
    from translate.glossary import load_store, save_store

    with _store_locked():
        termbase = load_store()
        current = termbase.get(term)
        _check(current, expected)
        entry = entry_from_body(current.source if current is not None else term, body, current)
        termbase.add(entry, replace=True)
        save_store(termbase)
    return entry_json(entry, forms=True)


def delete_entry(term: str, expected: str | None) -> dict:
    """Remove the store's entry for ``term`` if its version is still ``expected``."""
    from translate.glossary import load_store, save_store

    with _store_locked():
        termbase = load_store()
        current = termbase.get(term)
        if current is None:
            raise GlossaryError(f"no glossary entry for {term!r}")
        _check(current, expected)
        termbase.remove(current.source)
        save_store(termbase)
    return entry_json(current)


def _store_locked():
    """The store's file lock (the CLI takes the same one), so a read-check-write is one step."""
    from translate import paths
    from translate.locking import store_lock

    return store_lock(paths.glossary_path())


def _check(current, expected: str | None) -> None:
    if expected is None:
        return
    now = entry_json(current, forms=True) if current is not None else None
    if (now["version"] if now else "") != expected:
        raise Conflict(now)

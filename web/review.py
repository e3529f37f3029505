"""What the page shows of a translated release: paragraphs side by side, terms with status and place.

A term's status compares the model's raw output with the final text:
``ok`` (right as the model wrote it), ``fixed`` (the glossary replaced a
wrong rendering), ``unfixed`` (a wrong rendering is still there) or
``missing`` (no rendering found at all).
"""

from __future__ import annotations

from translate.document import PLACEHOLDER

REASONS = {
    "ok": "rendered as the glossary says",
    "fixed": "the model wrote {raw}; replaced by the glossary form",
    "unfixed": "{found} does not follow the glossary and was left as it is",
    "missing": "no rendering of this term was found in the translation",
}


def editable(segment) -> bool:
    """Whether a person may replace this sentence's translation (memory keys have no placeholders)."""
    return bool(segment.translated and segment.key is not None and not PLACEHOLDER.search(segment.key))


def segment_terms(segment, lang: str, termbase) -> list[dict]:
    """Each glossary term of ``segment`` with status, expected form, reason and span in the target."""
    from translate.glossary import check_translation

    if termbase is None or not segment.translated:
        return []
    final = check_translation(segment.source, segment.target, lang, termbase).terms
    raw = check_translation(segment.source, segment.raw, lang, termbase).terms if segment.raw is not None else final
    out, cursor = [], 0
    for now, before in zip(final, raw):
        status = now.status
        if status == "ok" and before.status != "ok":
            status = "fixed"
        elif status == "missing" and now.found:
            status = "unfixed"
        start = getattr(now, "start", None)
        if start is None and now.found:
            start = segment.target.find(now.found, cursor)
            start = segment.target.find(now.found) if start < 0 else start
        end = start + len(now.found) if start is not None and start >= 0 and now.found else None
        if end is not None:
            cursor = end
        reason = getattr(now, "reason", None) or REASONS.get(status, status).format(
            raw=repr(before.found) if before.found else "nothing recognisable", found=repr(now.found))
        out.append({
            "source": now.source, "expected": now.expected, "found": now.found, "status": status, "reason": reason,
            "start": start if end is not None else None, "end": end,
        })
    return out


def translation_view(result, termbase) -> dict:
    """One language of a release: paragraphs of segments with their terms, and term counts."""
    paragraphs: list[dict] = []
    counts = {"ok": 0, "fixed": 0, "unfixed": 0, "missing": 0}
    for index, segment in enumerate(result.segments):
        if not paragraphs or paragraphs[-1]["unit"] != segment.unit:
            paragraphs.append({"unit": segment.unit, "segments": []})
        terms = segment_terms(segment, result.language, termbase)
        for term in terms:
            counts[term["status"]] = counts.get(term["status"], 0) + 1
        paragraphs[-1]["segments"].append({
            "index": index, "source": segment.source, "target": segment.target,
            "editable": editable(segment), "terms": terms,
        })
    total = sum(counts.values())
    return {
        "language": result.language, "model_id": result.model_id, "revision": result.revision,
        "backend": result.backend, "settings": result.settings, "paragraphs": paragraphs,
        "term_counts": counts, "term_accuracy": round((counts["ok"] + counts["fixed"]) / total, 4) if total else 1.0,
    }


def release_view(release, termbase) -> dict:
    """The JSON the page renders for an open release."""
    return {
        "id": release.id, "name": release.name, "format": release.fmt, "targets": release.targets,
        "translations": [translation_view(r, termbase) for r in release.results],
    }

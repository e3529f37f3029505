"""What a glossary check or apply found, term by term.

Statuses:

* ``ok``: the translation already renders the term as the glossary says;
* ``fixed``: apply replaced a wrong rendering (``replaced`` holds the old text);
* ``missing``: no rendering was found, or (for a check) a wrong one was;
* ``unfixed``: a wrong rendering was found but apply left it alone, because
  the form to write was not determined; ``reason`` says why and
  ``candidates`` lists the forms it could have been.

Offsets are character offsets: ``source_span`` in the English text,
``target_span`` in the (edited) translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

GOOD = ("ok", "fixed")


@dataclass
class TermResult:
    """One source term occurrence and how the translation renders it."""

    source: str
    expected: str
    found: str | None
    status: str  # ok / fixed / missing / unfixed
    reason: str | None = None
    candidates: list[str] = field(default_factory=list)
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    origin: str | None = None  # which glossary the entry came from
    replaced: str | None = None  # for "fixed": the rendering that was replaced

    def shifted(self, source_offset: int, target_offset: int) -> "TermResult":
        """The same result with offsets moved (a paragraph's results inside a document)."""
        def move(span, by):
            return (span[0] + by, span[1] + by) if span else None

        return TermResult(
            self.source, self.expected, self.found, self.status, self.reason, list(self.candidates),
            move(self.source_span, source_offset), move(self.target_span, target_offset), self.origin, self.replaced,
        )

    def to_dict(self) -> dict:
        data = {"source": self.source, "expected": self.expected, "found": self.found, "status": self.status}
        if self.reason:
            data["reason"] = self.reason
        if self.candidates:
            data["candidates"] = list(self.candidates)
        if self.replaced is not None:
            data["replaced"] = self.replaced
        if self.source_span:
            data["source_start"], data["source_end"] = self.source_span
        if self.target_span:
            data["target_start"], data["target_end"] = self.target_span
        if self.origin:
            data["origin"] = self.origin
        return data


@dataclass
class TermReport:
    """Per-term results; :attr:`term_accuracy` is the share rendered right (1.0 with no terms)."""

    terms: list[TermResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.terms)

    @property
    def correct(self) -> int:
        return sum(1 for t in self.terms if t.status in GOOD)

    @property
    def term_accuracy(self) -> float:
        return self.correct / self.total if self.terms else 1.0

    @property
    def all_ok(self) -> bool:
        """Whether every term was already right (nothing fixed, missing or unfixed)."""
        return all(t.status == "ok" for t in self.terms)

    @classmethod
    def combine(cls, reports: Iterable["TermReport"]) -> "TermReport":
        """One report holding every term of ``reports``, in order."""
        terms: list[TermResult] = []
        for report in reports:
            terms += report.terms
        return cls(terms)

    def to_dict(self) -> dict:
        return {"terms": [t.to_dict() for t in self.terms], "term_accuracy": round(self.term_accuracy, 4)}


def merge_reports(reports: Iterable[TermReport]) -> TermReport:
    """One report from many (e.g. a document's sentences)."""
    return TermReport.combine(reports)

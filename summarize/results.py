"""What a summary is: its sentences, the models and settings that made it, and its notes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .guard import GuardReport


@dataclass
class SummarySentence:
    """One sentence of a summary and where it came from."""

    text: str
    position: int | None  # index of the source sentence (extractive); None for generated text
    source: str | None = None  # the English source sentence, when this one is its translation

    def to_dict(self) -> dict:
        data = {"text": self.text, "position": self.position}
        if self.source is not None:
            data["source"] = self.source
        return data


@dataclass
class Summary:
    """A summary in one language and what made it."""

    language: str
    method: str  # the method that produced the text: "extractive" or "abstractive"
    sentences: list[SummarySentence]
    summarizer: dict | None = None  # {"id", "revision", "family", "settings"} for abstractive
    translator: dict | None = None  # {"id", "revision", "backend"} when a translation was involved
    requested_method: str = "extractive"
    notes: list[str] = field(default_factory=list)
    guard: GuardReport | None = None
    terms: object | None = None  # the glossary's TermReport for a translated summary

    @property
    def fallback(self) -> bool:
        """True when abstractive was asked for but the extractive summary was returned."""
        return self.method != self.requested_method

    @property
    def text(self) -> str:
        """The summary as one paragraph."""
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict:
        """JSON-ready form: method, model ids, sentences with their source positions, notes."""
        data = {
            "language": self.language,
            "method": self.method,
            "requested_method": self.requested_method,
            "fallback": self.fallback,
            "models": {"summarizer": self.summarizer, "translator": self.translator},
            "sentences": [s.to_dict() for s in self.sentences],
            "text": self.text,
            "notes": list(self.notes),
        }
        if self.guard is not None:
            data["guard"] = self.guard.to_dict()
        if self.terms is not None:
            data["terms"] = self.terms.to_dict()
        return data

    def as_fallback(self, note: str, guard: GuardReport | None) -> Summary:
        """This extractive summary, marked as what an abstractive attempt fell back to, and why."""
        return replace(self, summarizer=None, requested_method="abstractive", notes=[*self.notes, note], guard=guard)

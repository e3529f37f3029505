"""A stand-in translator for tests of everything around the model (skeleton, Word, HTML, properties)."""

from __future__ import annotations

from collections.abc import Callable


class FunctionTranslator:
    """Translates each sentence with ``how`` (identity by default) and records what it was sent."""

    revision = None

    def __init__(self, how: Callable[[str], str] = lambda text: text, name: str = "fake"):
        self.how = how
        self.name = self.model_id = name
        self.seen: list[str] = []

    def translate(self, texts, source, target, settings, progress=None):
        self.seen += list(texts)
        return [self.how(text) for text in texts]

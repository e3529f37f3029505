"""Domain exceptions shown to users.

Every failure a user can cause or fix is one of these. The CLI turns them into
one-line ``Error: ...`` messages; library callers can catch :class:`TilshiError`.
"""


class TilshiError(Exception):
    """Base class of every error tilshi reports to a user."""


class InputError(TilshiError):
    """An input file is missing, unreadable, empty, binary or not UTF-8."""


class OutputError(TilshiError):
    """An output path cannot be written."""


class UnknownLanguage(TilshiError):
    """A language code is not one tilshi knows."""


class UnsupportedLanguage(TilshiError):
    """The chosen model cannot translate into (or from) the requested language."""


class ModelNotAvailable(TilshiError):
    """A model is neither in the local cache nor reachable on the hub."""


class ModelError(TilshiError):
    """A model exists but cannot be used (no tokenizer, unknown family, ...)."""


class BackendError(TilshiError):
    """An inference backend is missing or cannot run the model."""


class GlossaryError(TilshiError):
    """A glossary file or edit is malformed, conflicting or unsafe."""


class TemplateError(TilshiError):
    """A prompt template is missing or lacks a variable."""


class MemoryStoreError(TilshiError):
    """The translation memory cannot be read or written."""

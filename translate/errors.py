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

    def __init__(self, message: str, *, path=None):
        super().__init__(message)
        self.path = path


class SameAsInput(OutputError):
    """An output path is a file the command reads (its input, the glossary store, the memory)."""

    def __init__(self, message: str, *, path=None, other=None):
        super().__init__(message, path=path)
        self.other = other


class StoreLocked(TilshiError):
    """Another process held a store's lock for longer than we were willing to wait."""

    def __init__(self, message: str, *, path=None):
        super().__init__(message)
        self.path = path


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


class SettingsError(TilshiError):
    """A setting (environment variable or settings file) has a value tilshi cannot use."""

    def __init__(self, message: str, *, setting: str, value, source: str):
        super().__init__(message)
        self.setting = setting
        self.value = value
        self.source = source


class LicenceError(ModelError):
    """The chosen model's licence is not allowed by the licence policy in force."""

    def __init__(self, message: str, *, model_id: str, licence: str, licence_class: str, policy: str):
        super().__init__(message)
        self.model_id = model_id
        self.licence = licence
        self.licence_class = licence_class
        self.policy = policy


class DocumentFormatError(InputError):
    """A file is not the document format it claims to be, or it is damaged."""

    def __init__(self, message: str, *, path: str, expected: str, reason: str):
        super().__init__(message)
        self.path = path
        self.expected = expected
        self.reason = reason


class UnsafeDocument(InputError):
    """A document is refused before parsing: macros, a zip bomb."""

    def __init__(self, message: str, *, path: str, reason: str):
        super().__init__(message)
        self.path = path
        self.reason = reason

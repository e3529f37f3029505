"""Domain exceptions shown to users.

Every failure a user can cause or fix is one of these. The CLI turns them into
one-line ``Error: ...`` messages; library callers can catch :class:`TilshiError`.
"""


class TilshiError(Exception):
    """Base class of every error tilshi reports to a user.

    Errors a user can act on carry fields (the path, the model, the device) so that a front
    end can word its own advice; the library's message says what is wrong in neutral words
    and never names a command-line option. ``problem`` is the message without the advice.
    """

    #: what is wrong, without the library's neutral advice (None: the whole message)
    problem: str | None = None


class _Advised(TilshiError):
    """An error whose message is ``problem; advice`` (front ends replace the advice with their own)."""

    def _set(self, problem: str, advice: str | None) -> None:
        self.problem = problem
        self.args = (f"{problem}; {advice}" if advice else problem,)


class InputError(TilshiError):
    """An input file is missing, unreadable, empty, binary or not UTF-8."""


class OutputError(TilshiError):
    """An output path cannot be written."""

    def __init__(self, message: str, *, path=None):
        super().__init__(message)
        self.path = path


class NeedsOutputDirectory(OutputError, _Advised):
    """Several target languages would share one text stream: they need a directory (or JSON)."""

    def __init__(self, message: str | None = None, *, languages: tuple[str, ...] = ()):
        super().__init__("")
        self.languages = tuple(languages)
        self._set(message or "several target languages cannot share one text stream",
                  None if message else "write them to a directory, or as JSON")


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


class NoTargetLanguage(UnknownLanguage, _Advised):
    """A command that translates was given no target language."""

    def __init__(self, message: str | None = None):
        super().__init__()
        self._set(message or "no target language given", None if message else "give one or more, e.g. ru,kk")


class UnsupportedLanguage(TilshiError):
    """The chosen model cannot translate into (or from) the requested language."""


class NoDefaultModel(UnsupportedLanguage, _Advised):
    """No model is registered as the default for this task and language (under this licence policy)."""

    def __init__(self, message: str | None = None, *, task: str = "translation", language: str = "",
                 available: tuple[str, ...] = (), policy: str = "any", role: str = "model"):
        super().__init__()
        self.task, self.language, self.available, self.policy = task, language, tuple(available), policy
        #: the part the model plays in the job: "model" (the one it is about) or "translator" (behind a summary)
        self.role = role
        kind = "permissive " if policy == "permissive" else ""
        self._set(message or f"no {kind}default {task} model for {language}; defaults exist for "
                  f"{', '.join(self.available)}", None if message else "choose a model explicitly")


class ModelNotAvailable(_Advised):
    """A model is neither in the local cache nor reachable on the hub.

    ``reason``: ``not-cached`` (not here, hub unreachable), ``offline`` (a download was asked
    for without a hub) or ``download-failed``.
    """

    def __init__(self, message: str | None = None, *, model_id: str = "", revision: str | None = None,
                 reason: str = "not-cached", detail: str = "", role: str = "model"):
        super().__init__()
        self.model_id, self.revision, self.reason, self.detail = model_id, revision, reason, detail
        #: the part the model plays in the job: "model" (the one it is about) or "translator" (behind a summary)
        self.role = role
        if message:
            self._set(message, None)
            return
        rev = f" @ {revision[:12]}" if revision else ""
        if reason == "not-cached":
            self._set(f"model {model_id}{rev} is not in the local cache and the Hugging Face hub cannot be reached",
                      "download it on a connected machine (then copy ~/.cache/huggingface), or pass a downloaded "
                      "model directory")
        elif reason == "offline":
            self._set(f"cannot download {model_id}: the Hugging Face hub cannot be reached from this machine{detail}", None)
        else:
            self._set(f"could not download {model_id}: {detail}", None)


class ModelError(TilshiError):
    """A model exists but cannot be used (no tokenizer, unknown family, ...)."""


class BackendError(TilshiError):
    """An inference backend is missing or cannot run the model."""


class DeviceUnavailable(BackendError, _Advised):
    """The requested device (``cuda``) is not there for this engine."""

    def __init__(self, message: str | None = None, *, device: str = "cuda", engine: str = ""):
        super().__init__()
        self.device, self.engine = device, engine
        sees = f"{engine} sees no CUDA GPU" if engine else "no CUDA GPU is available"
        self._set(message or f"device {device} was requested but {sees}", None if message else "run on the CPU")


class GlossaryError(TilshiError):
    """A glossary file or edit is malformed, conflicting or unsafe."""


class EntryExists(GlossaryError, _Advised):
    """An added entry's English term is already in the glossary store, and replacing it was not asked for."""

    def __init__(self, message: str | None = None, *, term: str = ""):
        super().__init__()
        self.term = term
        self._set(message or f"{term!r} is already in the glossary", None if message else "replace the entry to overwrite it")


class GlossaryConflict(GlossaryError, _Advised):
    """An imported glossary file maps a source term differently from the store (``problems``: one line each)."""

    def __init__(self, message: str | None = None, *, path=None, problems=()):
        super().__init__()
        self.path, self.problems = path, list(problems)
        if message or not self.problems:  # rebuilt from its message (batch's workers), or nothing to name
            self._set(message or f"{path}: conflict with the glossary store", None)
            return
        self._set(f"{path}: conflict with the glossary store: {self.problems[0]}",
                  "let the file's entries replace the store's to import it")


class TemplateError(TilshiError):
    """A prompt template is missing or lacks a variable."""


class MemoryStoreError(_Advised):
    """The translation memory cannot be read or written.

    ``reason``: ``locked`` (another run held it too long), ``unusable`` (not a readable
    database; left untouched) or ``invalid`` (a bad request, such as an empty filter).
    """

    def __init__(self, message: str, *, path=None, reason: str = "invalid", advice: str | None = None):
        super().__init__()
        self.path, self.reason = path, reason
        self._set(message, advice)


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

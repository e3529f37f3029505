"""Model-family conventions shared by every backend.

Marian opus-mt models are single-direction or pick the target with a
``>>xxx<<`` prefix in the source (``>>rus<<`` for opus-mt-tc-big-en-zle);
T5 translation models such as MADLAD-400 pick it with a ``<2xx>`` prefix
(``<2kk>``) in the source; NLLB and M2M100 models take the source
language from the tokenizer and force the target language as the first
decoder token. Backends ask this module how to address a model and never
special-case families themselves.

Everything here works from a transformers tokenizer or a
:mod:`.light_tokenizer` one (which carry the same attributes), and the
directory helpers read only JSON, so nothing here imports transformers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError, UnsupportedLanguage
from ..languages import Language, resolve_language

_NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_MARIAN_PREFIX = re.compile(r"^>>([a-z]{2,3}(?:_[A-Za-z]+)?)<<$")
_OPUS_NAME = re.compile(r"opus-mt(?:-tc-big)?-([a-z]{2,3})-([a-z]{2,3})\b", re.I)
_MBART_CODE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
_T5_PREFIX = re.compile(r"^<2([a-z]{2,3}(?:_[A-Za-z]+)?)>$")


@dataclass(frozen=True)
class Addressing:
    """How to ask a model for one target language."""

    source_prefix: str = ""  # prepended to each source text (Marian multi-target)
    source_lang_code: str | None = None  # tokenizer.src_lang (NLLB, M2M100, mBART)
    forced_bos_token: str | None = None  # first decoder token (NLLB, M2M100, mBART)


def read_model_json(path: Path, name: str) -> dict:
    """A JSON file of a model directory as a dict; ``{}`` when it is missing or not a JSON object."""
    try:
        data = json.loads((Path(path) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def model_type(path: Path) -> str:
    """The ``model_type`` from a model directory's config.json."""
    try:
        return json.loads((Path(path) / "config.json").read_text(encoding="utf-8")).get("model_type", "")
    except (OSError, ValueError, AttributeError) as exc:
        raise ModelError(f"cannot read {Path(path) / 'config.json'}: {exc}") from None


def tokenizer_class_name(tokenizer) -> str:
    """The class name of a loaded tokenizer (a light tokenizer names the transformers class it stands for)."""
    return getattr(tokenizer, "tokenizer_class", None) or type(tokenizer).__name__


def family_of_dir(path: Path) -> str:
    """The family of the model in ``path``, from config.json and tokenizer_config.json alone.

    Without a loaded tokenizer mBART-50 can't be told from other mBART models
    ("seq2seq" is returned); Marian and NLLB are always recognised.
    """
    declared = read_model_json(path, "tokenizer_config.json").get("tokenizer_class")
    return detect_family(model_type(path), str(declared) if isinstance(declared, str) else "")


def detect_family(model_type: str, tokenizer) -> str:
    """Name the model's family from its config type and its tokenizer (or tokenizer class name)."""
    tok_class = tokenizer if isinstance(tokenizer, str) else tokenizer_class_name(tokenizer)
    if model_type == "marian":
        return "marian"
    if model_type == "t5" or tok_class.startswith("T5"):
        return "t5"
    if tok_class.startswith("Nllb"):
        return "nllb"
    if tok_class.startswith("M2M100"):
        return "m2m100"
    if tok_class.startswith("MBart50") or (
        model_type == "mbart" and not isinstance(tokenizer, str) and hasattr(tokenizer, "lang_code_to_id")
    ):
        return "mbart50"
    return "seq2seq"


def target_codes(family: str, tokenizer, model_name: str) -> dict[str, str] | None:
    """Map ISO 639-1 code → the model's own code for each target it can produce.

    Returns None when the model does not say (a single-direction model with no
    metadata); callers then trust the user's choice.
    """
    codes: dict[str, str] = {}
    if family == "nllb":
        for token in _special_tokens(tokenizer):
            if _NLLB_CODE.match(token):
                _add(codes, token, token)
    elif family == "m2m100":
        for code in getattr(tokenizer, "lang_code_to_id", {}) or {}:
            _add(codes, code, code)
    elif family == "mbart50":
        for code in getattr(tokenizer, "lang_code_to_id", {}) or {}:
            if _MBART_CODE.match(code):
                _add(codes, code.split("_")[0], code)
    elif family == "t5":
        for token in _t5_language_tokens(tokenizer):
            _add(codes, _T5_PREFIX.match(token).group(1), token)
    elif family == "marian":
        for token in getattr(tokenizer, "supported_language_codes", []) or []:
            match = _MARIAN_PREFIX.match(token)
            if match:
                _add(codes, match.group(1).split("_")[0], token)
        if not codes:
            target = _marian_single_target(tokenizer, model_name)
            if target:
                _add(codes, target, "")
    return codes or None


def addressing(family: str, tokenizer, model_name: str, source: Language, target: Language) -> Addressing:
    """How to make this model translate ``source`` → ``target``; raises if it can't."""
    codes = target_codes(family, tokenizer, model_name)
    if codes is None and family == "marian":
        # A single-direction Marian model that does not say its target would label any output as the requested language.
        raise UnsupportedLanguage(
            f"model {model_name} does not say which language it translates into, so {target.name} ({target.iso1}) "
            f"cannot be checked; add \"target_lang\": \"{target.iso1}\" to its tokenizer_config.json "
            f"(or name the directory opus-mt-en-{target.iso1}) if that is what it produces"
        )
    if codes is not None and target.iso1 not in codes:
        can = ", ".join(sorted(codes)) or "none"
        raise UnsupportedLanguage(
            f"model {model_name} cannot translate into {target.name} ({target.iso1}); it supports: {can}"
        )
    code = codes[target.iso1] if codes else None
    if family == "nllb":
        return Addressing(source_lang_code=source.nllb, forced_bos_token=code)
    if family == "m2m100":
        return Addressing(source_lang_code=source.iso1, forced_bos_token=f"__{code}__")
    if family == "mbart50":
        src = next((c for c in getattr(tokenizer, "lang_code_to_id", {}) if c.startswith(source.iso1 + "_")), None)
        return Addressing(source_lang_code=src, forced_bos_token=code)
    if family in ("marian", "t5") and code:
        return Addressing(source_prefix=code + " ")
    return Addressing()


def _add(codes: dict[str, str], code: str, value: str) -> None:
    try:
        iso1 = resolve_language(code.split("_")[0] if "_" in code and not _NLLB_CODE.match(code) else code).iso1
    except Exception:  # the model knows languages our table doesn't; they just aren't addressable
        return
    codes.setdefault(iso1, value)


def _t5_language_tokens(tokenizer) -> list[str]:
    """The ``<2xx>`` tokens of a T5 translation model's vocabulary (MADLAD-400 has 400+), found once per tokenizer."""
    found = getattr(tokenizer, "_tilshi_t5_language_tokens", None)
    if found is None:
        found = sorted(t for t in tokenizer.get_vocab() if t.startswith("<2") and _T5_PREFIX.match(t))
        try:
            tokenizer._tilshi_t5_language_tokens = found
        except AttributeError:  # a tokenizer that refuses new attributes: look them up again next time
            pass
    return found


def _special_tokens(tokenizer) -> list[str]:
    tokens = list(getattr(tokenizer, "additional_special_tokens", None) or [])
    tokens += list(getattr(tokenizer, "extra_special_tokens", None) or [])
    if not tokens:
        tokens = [t for t in tokenizer.get_vocab() if _NLLB_CODE.match(t)]
    return [str(t) for t in tokens]


def _marian_single_target(tokenizer, model_name: str) -> str | None:
    target = getattr(tokenizer, "target_lang", None) or getattr(tokenizer, "init_kwargs", {}).get("target_lang")
    if target:
        return str(target)
    match = _OPUS_NAME.search(Path(model_name).name if "/" not in model_name else model_name)
    return match.group(2) if match else None


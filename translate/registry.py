"""The model registry: which pretrained model serves which job.

Each entry pins a Hugging Face repository to a commit, so that what a user
downloads today is what we tested. ``--model`` also accepts any hub id
(``org/name``) or a local directory; :func:`resolve_model` sorts them out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ModelError, UnsupportedLanguage
from .languages import Language


@dataclass(frozen=True)
class ModelSpec:
    """A registered model: hub id, pinned revision and what it is for."""

    name: str
    model_id: str
    revision: str
    task: str  # "translation" or "summarization"
    family: str  # "marian", "nllb", "bart", "mt5"
    languages: tuple[str, ...]  # ISO 639-1 target (or summary) languages
    license: str
    size: str
    notes: str = ""


@dataclass(frozen=True)
class ModelRef:
    """What a user asked for, resolved: a hub id at a revision, or a local directory."""

    model_id: str
    revision: str | None = None
    local_dir: Path | None = None
    spec: ModelSpec | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The id recorded in results: hub id, or the local directory's path."""
        return str(self.local_dir) if self.local_dir else self.model_id


REGISTRY: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="opus-mt-en-ru",
        model_id="Helsinki-NLP/opus-mt-en-ru",
        revision="bb09c99d180016eac6819df3dae68edb1690fdee",
        task="translation",
        family="marian",
        languages=("ru",),
        license="Apache-2.0",
        size="307 MB (77M parameters, Marian transformer-base)",
        notes="OPUS-MT, Helsinki-NLP; fast on CPU.",
    ),
    ModelSpec(
        name="nllb-200-distilled-600M",
        model_id="facebook/nllb-200-distilled-600M",
        revision="f8d333a098d19b4fd9a8b18f94170487ad3f821d",
        task="translation",
        family="nllb",
        languages=("kk", "ru"),
        license="CC-BY-NC-4.0 (non-commercial)",
        size="2.46 GB (600M parameters)",
        notes="Meta NLLB-200; the only compact public model with usable English-Kazakh quality.",
    ),
    ModelSpec(
        name="nllb-200-distilled-1.3B",
        model_id="facebook/nllb-200-distilled-1.3B",
        revision="7be3e24664b38ce1cac29b8aeed6911aa0cf0576",
        task="translation",
        family="nllb",
        languages=("kk", "ru"),
        license="CC-BY-NC-4.0 (non-commercial)",
        size="5.48 GB (1.3B parameters)",
        notes="Better Kazakh than 600M at about twice the cost; opt in with --model.",
    ),
    ModelSpec(
        name="bart-large-cnn",
        model_id="facebook/bart-large-cnn",
        revision="37f520fa929c961707657b28798b30c003dd100b",
        task="summarization",
        family="bart",
        languages=("en",),
        license="MIT",
        size="1.63 GB (406M parameters)",
        notes="English news summariser (CNN/DailyMail).",
    ),
    ModelSpec(
        name="mt5-xlsum",
        model_id="csebuetnlp/mT5_multilingual_XLSum",
        revision="2437a524effdbadc327ced84595508f1e32025b3",
        task="summarization",
        family="mt5",
        languages=("en", "ru"),
        license="no licence tag on the hub; XL-Sum data is CC BY-NC-SA 4.0",
        size="2.33 GB (580M parameters)",
        notes="Multilingual news summariser (XL-Sum, 45 languages, no Kazakh).",
    ),
)

# Default model per (task, language). Kazakh summaries are English summaries translated.
DEFAULTS: dict[tuple[str, str], str] = {
    ("translation", "ru"): "opus-mt-en-ru",
    ("translation", "kk"): "nllb-200-distilled-600M",
    ("summarization", "en"): "bart-large-cnn",
    ("summarization", "ru"): "mt5-xlsum",
}

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def registered(task: str | None = None) -> list[ModelSpec]:
    """Registered models, optionally only those for ``task``."""
    return [spec for spec in REGISTRY if task is None or spec.task == task]


def find_spec(name: str) -> ModelSpec | None:
    """Look up a registered model by short name or hub id."""
    for spec in REGISTRY:
        if name in (spec.name, spec.model_id):
            return spec
    return None


def default_model(language: Language, task: str = "translation") -> ModelRef:
    """The pinned default model for ``language``; raises if there is none."""
    name = DEFAULTS.get((task, language.iso1))
    if name is None:
        have = sorted(lang for (t, lang) in DEFAULTS if t == task)
        raise UnsupportedLanguage(
            f"no default {task} model for {language.name} ({language.iso1}); "
            f"defaults exist for {', '.join(have)}; choose one with --model"
        )
    spec = find_spec(name)
    assert spec is not None, name
    return ModelRef(spec.model_id, spec.revision, None, spec)


def resolve_model(name: str | None, language: Language, task: str = "translation") -> ModelRef:
    """Resolve ``--model``: a short name, a hub id (``org/name[@revision]``) or a local directory.

    ``None`` means the registry's default for ``language``. A name that is none
    of these raises :class:`ModelError` listing the registered short names.
    """
    if not name:
        return default_model(language, task)
    spec = find_spec(name)
    if spec is not None:
        return ModelRef(spec.model_id, spec.revision, None, spec)
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelRef(str(path.resolve()), None, path.resolve())
    if _looks_like_path(name):
        raise ModelError(f"model directory not found: {name}")
    repo, _, revision = name.partition("@")
    if _HUB_ID.match(repo):
        return ModelRef(repo, revision or None)
    valid = ", ".join(spec.name for spec in registered(task))
    raise ModelError(
        f"unknown model {name!r}; use a registered name ({valid}), a hub id such as Helsinki-NLP/opus-mt-en-de, "
        "or a local model directory"
    )


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or os.sep in name.replace("/", "", 1) or name.count("/") > 1

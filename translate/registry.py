"""The model registry: which pretrained model serves which job.

Each entry pins a Hugging Face repository to a commit, so that what a user
downloads today is what we tested. A model reference may also be any hub id
(``org/name``) or a local directory; :func:`resolve_model` sorts them out.

Each entry also records its licence and licence class (see
:mod:`.licences`): under the ``permissive`` policy the automatic choice per
language comes from :data:`PERMISSIVE_DEFAULTS`, and an explicitly chosen
non-commercial model is refused with :class:`LicenceError`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LicenceError, ModelError, NoDefaultModel
from .languages import Language
from .licences import NON_COMMERCIAL, PERMISSIVE, UNKNOWN, licence_class, licence_of_dir, licence_policy


@dataclass(frozen=True)
class ModelSpec:
    """A registered model: hub id, pinned revision and what it is for."""

    name: str
    model_id: str
    revision: str
    task: str  # "translation" or "summarization"
    family: str  # "marian", "nllb", "bart", "mt5", "t5"
    languages: tuple[str, ...]  # ISO 639-1 target (or summary) languages
    license: str
    licence_class: str  # "permissive" or "non-commercial" (translate.licences)
    size: str
    notes: str = ""


@dataclass(frozen=True)
class ModelRef:
    """What a user asked for, resolved: a hub id at a revision, or a local directory."""

    model_id: str
    revision: str | None = None
    local_dir: Path | None = None
    spec: ModelSpec | None = field(default=None, compare=False)
    #: the licence policy this reference was resolved under ("any" or "permissive")
    policy: str = field(default="any", compare=False)

    @property
    def label(self) -> str:
        """The id recorded in results: hub id, or the local directory's path."""
        return str(self.local_dir) if self.local_dir else self.model_id


REGISTRY: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="opus-mt-tc-big-en-zle",
        model_id="Helsinki-NLP/opus-mt-tc-big-en-zle",
        revision="708be1d372fe4c358a352f404e6dc9ca0126ba48",
        task="translation",
        family="marian",
        languages=("ru", "uk", "be"),
        license="CC-BY-4.0",
        licence_class=PERMISSIVE,
        size="about 0.5 GB (about 236M parameters, Marian transformer-big, multi-target >>rus<<)",
        notes="OPUS-MT Tatoeba Challenge; newstest2019 en-ru BLEU 31.8 (opus-mt-en-ru: 27.1).",
    ),
    ModelSpec(
        name="opus-mt-en-ru",
        model_id="Helsinki-NLP/opus-mt-en-ru",
        revision="bb09c99d180016eac6819df3dae68edb1690fdee",
        task="translation",
        family="marian",
        languages=("ru",),
        license="Apache-2.0",
        licence_class=PERMISSIVE,
        size="307 MB (77M parameters, Marian transformer-base)",
        notes="OPUS-MT, Helsinki-NLP; the fast Russian option (see README for the measured speed).",
    ),
    ModelSpec(
        name="nllb-200-distilled-600M",
        model_id="facebook/nllb-200-distilled-600M",
        revision="f8d333a098d19b4fd9a8b18f94170487ad3f821d",
        task="translation",
        family="nllb",
        languages=("kk", "ru"),
        license="CC-BY-NC-4.0",
        licence_class=NON_COMMERCIAL,
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
        license="CC-BY-NC-4.0",
        licence_class=NON_COMMERCIAL,
        size="5.48 GB (1.3B parameters)",
        notes="Better Kazakh than 600M at about twice the cost; choose it explicitly.",
    ),
    ModelSpec(
        name="madlad400-3b-mt",
        model_id="google/madlad400-3b-mt",
        revision="fa184c675da0b5c9e1c8694fccd4e12e2d422094",
        task="translation",
        family="t5",
        languages=("kk", "ru", "uk", "be", "ky", "uz", "tg", "tk", "tt", "ba", "az", "tr", "mn"),
        license="Apache-2.0",
        licence_class=PERMISSIVE,
        size="11.8 GB in fp32 (2.9B parameters, T5, target prefix <2kk>)",
        notes="Google MADLAD-400 (419 languages); the permissive Kazakh model; slow on CPU: prefer ctranslate2 int8.",
    ),
    ModelSpec(
        name="bart-large-cnn",
        model_id="facebook/bart-large-cnn",
        revision="37f520fa929c961707657b28798b30c003dd100b",
        task="summarization",
        family="bart",
        languages=("en",),
        license="MIT",
        licence_class=PERMISSIVE,
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
        licence_class=NON_COMMERCIAL,
        size="2.33 GB (580M parameters)",
        notes="Multilingual news summariser (XL-Sum, 45 languages, no Kazakh).",
    ),
)

# Default model per (task, language). Kazakh summaries are English summaries translated.
DEFAULTS: dict[tuple[str, str], str] = {
    ("translation", "ru"): "opus-mt-tc-big-en-zle",
    ("translation", "kk"): "nllb-200-distilled-600M",
    ("summarization", "en"): "bart-large-cnn",
    ("summarization", "ru"): "mt5-xlsum",
}
# The same under the "permissive" licence policy. Russian abstractive summaries are then the
# English summary translated (there is no permissive Russian summariser).
PERMISSIVE_DEFAULTS: dict[tuple[str, str], str] = {
    ("translation", "ru"): "opus-mt-tc-big-en-zle",
    ("translation", "kk"): "madlad400-3b-mt",
    ("summarization", "en"): "bart-large-cnn",
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


def defaults_for(policy: str = "any") -> dict[tuple[str, str], str]:
    """The default model names per (task, language) under a licence policy."""
    return PERMISSIVE_DEFAULTS if policy == PERMISSIVE else DEFAULTS


def default_roles(spec: ModelSpec) -> dict[str, list[str]]:
    """Where ``spec`` is a default: ``{"any": [languages], "permissive": [languages]}``."""
    return {
        policy: [lang for (task, lang), name in defaults_for(policy).items() if name == spec.name and task == spec.task]
        for policy in ("any", PERMISSIVE)
    }


def default_model(language: Language, task: str = "translation", licence: str | None = None) -> ModelRef:
    """The pinned default model for ``language`` under the licence policy; raises if there is none."""
    policy = licence_policy(licence)
    defaults = defaults_for(policy)
    name = defaults.get((task, language.iso1))
    if name is None:
        have = sorted(lang for (t, lang) in defaults if t == task)
        raise NoDefaultModel(task=task, language=f"{language.name} ({language.iso1})", available=tuple(have), policy=policy)
    spec = find_spec(name)
    assert spec is not None, name
    return ModelRef(spec.model_id, spec.revision, None, spec, policy)


def resolve_model(
    name: str | None, language: Language, task: str = "translation", licence: str | None = None
) -> ModelRef:
    """Resolve a model reference: a short name, a hub id (``org/name[@revision]``) or a local directory.

    ``None`` means the registry's default for ``language`` under the licence
    policy (``licence``, else the office setting: :func:`translate.licences.licence_policy`).
    A name that is none of these raises :class:`ModelError` listing the
    registered short names; a non-commercial model under the ``permissive``
    policy raises :class:`LicenceError`. A model whose licence is unknown (an
    unregistered hub id, a local directory without a model card) is allowed.
    """
    policy = licence_policy(licence)
    if not name:
        return default_model(language, task, policy)
    spec = find_spec(name)
    if spec is not None:
        check_licence(spec.model_id, spec.license, spec.licence_class, policy)
        return ModelRef(spec.model_id, spec.revision, None, spec, policy)
    path = Path(name).expanduser()
    if path.is_dir():
        declared = licence_of_dir(path)
        if declared:
            check_licence(str(path), declared, licence_class(declared), policy)
        return ModelRef(str(path.resolve()), None, path.resolve(), None, policy)
    if _looks_like_path(name):
        raise ModelError(f"model directory not found: {name}")
    repo, _, revision = name.partition("@")
    if _HUB_ID.match(repo):
        return ModelRef(repo, revision or None, None, None, policy)
    valid = ", ".join(spec.name for spec in registered(task))
    raise ModelError(
        f"unknown model {name!r}; use a registered name ({valid}), a hub id such as Helsinki-NLP/opus-mt-en-de, "
        "or a local model directory"
    )


def check_licence(model_id: str, licence: str, klass: str, policy: str) -> None:
    """Raise :class:`LicenceError` when a model of licence class ``klass`` is not allowed under ``policy``."""
    if policy == PERMISSIVE and klass == NON_COMMERCIAL:
        raise LicenceError(
            f"model {model_id} is licensed {licence} ({NON_COMMERCIAL}), but the licence policy is {PERMISSIVE}",
            model_id=model_id, licence=licence, licence_class=klass, policy=policy,
        )


def licence_class_of(ref: ModelRef) -> str:
    """The licence class of a resolved model: the registry's, a local model card's, else unknown."""
    if ref.spec is not None:
        return ref.spec.licence_class
    if ref.local_dir is not None:
        declared = licence_of_dir(ref.local_dir)
        return licence_class(declared) if declared else UNKNOWN
    return UNKNOWN


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or os.sep in name.replace("/", "", 1) or name.count("/") > 1

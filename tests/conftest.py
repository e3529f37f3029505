"""Shared fixtures: offline hub, isolated TILSHI_HOME, tiny real-architecture models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never touch the network; set before transformers/huggingface_hub are imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from tests.tiny_models import PAIRS, build_marian, build_nllb, train  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "osce-astana-2014-09-29.md"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own TILSHI_HOME and an empty Hugging Face cache."""
    home = tmp_path_factory.mktemp("tilshi-home")
    monkeypatch.setenv("TILSHI_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hf-cache"))
    return home


@pytest.fixture
def one_thread(monkeypatch):
    """Tiny models run fastest on one thread, and never fight parallel jobs for cores."""
    monkeypatch.setenv("TILSHI_THREADS", "1")


@pytest.fixture(scope="session")
def marian_dir(tmp_path_factory) -> Path:
    """A tiny English→Russian Marian model directory."""
    return build_marian(tmp_path_factory.mktemp("models") / "tiny-opus-mt-en-ru")


@pytest.fixture(scope="session")
def nllb_dir(tmp_path_factory) -> Path:
    """A tiny NLLB model directory that knows eng_Latn, rus_Cyrl and kaz_Cyrl."""
    return build_nllb(tmp_path_factory.mktemp("models") / "tiny-nllb")


@pytest.fixture(scope="session")
def sample_text() -> str:
    """The sample OSCE release shipped under examples/."""
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def trained_marian_dir(tmp_path_factory) -> Path:
    """A tiny English→Russian Marian model that has learned ``PAIRS["ru"]`` by heart."""
    return train(build_marian(tmp_path_factory.mktemp("models") / "trained-opus-mt-en-ru"), {"ru": PAIRS["ru"]})


@pytest.fixture(scope="session")
def trained_nllb_dir(tmp_path_factory) -> Path:
    """A tiny NLLB model that has learned ``PAIRS["kk"]`` (English→Kazakh) by heart."""
    return train(build_nllb(tmp_path_factory.mktemp("models") / "trained-nllb"), {"kk": PAIRS["kk"]})

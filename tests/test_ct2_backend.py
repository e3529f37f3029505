"""The CTranslate2 backend: conversion of tiny Marian and NLLB models, generation, parity, auto resolution."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.skeleton import skeleton
from translate.backends import load_backend
from translate.backends.base import DecodeSettings
from translate.backends.ct2 import CTranslate2Backend, convert_model, find_conversions, resolve_backend_name
from translate.errors import BackendError, UnsupportedLanguage
from translate.languages import resolve_language
from translate.paths import converted_models_dir
from translate.registry import resolve_model

EN, RU, KK = (resolve_language(c) for c in ("en", "ru", "kk"))
TEXTS = [
    "A two-day regional workshop on countering the smuggling of goods began today in Astana.",
    "Over 50 customs officers took part.",
    "Thank you.",
]


@pytest.fixture(params=["marian", "nllb"])
def tiny(request, marian_dir, nllb_dir):
    """(model directory, a target it supports) for each family."""
    return (marian_dir, RU) if request.param == "marian" else (nllb_dir, KK)


def test_conversion_is_cached_beside_the_model_in_our_data_dir(tiny):
    model_dir, _ = tiny
    converted = convert_model(model_dir, str(model_dir), None, quiet=True)
    assert converted.parent == converted_models_dir()
    assert converted.name.endswith("-int8") and "@dir-" in converted.name
    assert (converted / "model.bin").is_file() and (converted / "tilshi.json").is_file()
    # No staging directories left behind; a second call reuses the conversion.
    assert [p.name for p in converted.parent.iterdir()] == [converted.name]
    stamp = (converted / "model.bin").stat().st_mtime_ns
    assert convert_model(model_dir, str(model_dir), None, quiet=True) == converted
    assert (converted / "model.bin").stat().st_mtime_ns == stamp
    assert find_conversions(str(model_dir), None, model_dir) == {"int8": converted}


def test_int8_generation(tiny):
    model_dir, target = tiny
    backend = load_backend(model_dir, str(model_dir), None, backend="ctranslate2", device="cpu")
    assert isinstance(backend, CTranslate2Backend) and backend.compute_type == "int8"
    outputs = backend.translate(TEXTS, EN, target, DecodeSettings(beams=2, batch_size=2))
    assert len(outputs) == 3 and all(isinstance(o, str) and o for o in outputs)
    # NLLB's forced target-language token must not leak into the text.
    assert not any("kaz_Cyrl" in o or "rus_Cyrl" in o for o in outputs)


@pytest.mark.parametrize("beams", [1, 4])
def test_float32_outputs_match_transformers_token_for_token(tiny, beams):
    """Same tokens in, same decode caps, same search: identical text (int8 may differ, so compare float32)."""
    model_dir, target = tiny
    settings = DecodeSettings(beams=beams, batch_size=3)
    reference = load_backend(model_dir, str(model_dir), None, backend="transformers", device="cpu")
    ct2 = CTranslate2Backend(model_dir, str(model_dir), None, device="cpu", quantization="float32")
    assert ct2.max_input_tokens == reference.max_input_tokens
    assert ct2.count_tokens(TEXTS[0]) == reference.count_tokens(TEXTS[0])
    assert ct2.translate(TEXTS, EN, target, settings) == reference.translate(TEXTS, EN, target, settings)


def test_nllb_addresses_each_target_and_rejects_unknown_ones(nllb_dir):
    backend = CTranslate2Backend(nllb_dir, str(nllb_dir), None, device="cpu", quantization="float32")
    kk, ru = (backend.translate(TEXTS[:1], EN, t, DecodeSettings(beams=1)) for t in (KK, RU))
    assert kk and ru
    with pytest.raises(UnsupportedLanguage):
        backend.translate(TEXTS[:1], EN, resolve_language("de"), DecodeSettings(beams=1))


def test_auto_picks_ctranslate2_only_when_a_conversion_exists(marian_dir, tmp_path):
    ref = resolve_model(str(marian_dir), RU)
    assert resolve_backend_name(ref, "transformers") == "transformers"
    assert resolve_backend_name(ref, "ctranslate2") == "ctranslate2"
    assert resolve_backend_name(ref, "auto") == "transformers"
    convert_model(marian_dir, ref.label, ref.revision, quiet=True)
    assert resolve_backend_name(ref, "auto") == "ctranslate2"
    # A conversion of another version of the model does not count.
    import shutil

    copy = shutil.copytree(marian_dir, tmp_path / "edited")
    config = copy / "config.json"
    config.write_text(config.read_text(encoding="utf-8").replace('"d_model": 32', '"d_model": 32 '), encoding="utf-8")
    assert resolve_backend_name(resolve_model(str(copy), RU), "auto") == "transformers"


def test_missing_ctranslate2_gives_a_pip_hint(marian_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(BackendError, match="pip install"):
        load_backend(marian_dir, str(marian_dir), None, backend="ctranslate2", device="cpu")


def test_document_skeleton_and_glossary_behaviour_match_transformers(trained_marian_dir):
    from translate.pipeline import TranslateOptions, translate_document

    text = SAMPLE.read_text(encoding="utf-8")
    results = {}
    for engine in ("transformers", "ctranslate2"):
        options = TranslateOptions(model=str(trained_marian_dir), backend=engine, memory=False, progress=False)
        (results[engine],) = translate_document(text, ["ru"], options)
    hf, ct2 = results["transformers"], results["ctranslate2"]
    assert ct2.backend == "ctranslate2" and hf.backend == "transformers"
    assert skeleton(ct2.text) == skeleton(hf.text) == skeleton(text)
    assert [s.source for s in ct2.segments] == [s.source for s in hf.segments]
    # The glossary sees the same source terms whichever engine translated.
    if hf.terms is not None:
        assert ct2.terms is not None and ct2.terms.total == hf.terms.total
    # A sentence the tiny model learned by heart comes out the same from both engines.
    learned = {s.source: s.target for s in hf.segments}
    for segment in ct2.segments:
        if segment.source == "Thank you.":
            assert segment.target == learned[segment.source]


def test_cli_backend_ctranslate2(trained_marian_dir, tmp_path):
    from click.testing import CliRunner

    import cli

    out = tmp_path / "out.ru.md"
    result = CliRunner().invoke(
        cli.main,
        ["translate", str(SAMPLE), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "ctranslate2", "--no-memory", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert skeleton(out.read_text(encoding="utf-8")) == skeleton(SAMPLE.read_text(encoding="utf-8"))
    assert any(p.name.endswith("-int8") for p in converted_models_dir().iterdir())

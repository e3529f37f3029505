"""The CTranslate2 backend: conversion of tiny Marian and NLLB models, generation, parity, auto resolution,
output-cap batches and the torch-free tokenizer path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.skeleton import skeleton
from translate.backends import load_backend
from translate.backends.base import DecodeSettings
from translate.backends.ct2 import CAP_SPREAD, CTranslate2Backend, cap_buckets
from translate.backends.ct2_convert import convert_model
from translate.backends.light_tokenizer import MarianLightTokenizer, NllbLightTokenizer
from translate.errors import BackendError, UnsupportedLanguage
from translate.languages import resolve_language
from translate.models import find_conversions, resolve_backend
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
    """Same tokens in, same decode caps, same search: identical text (int8 may differ, so compare float32).

    The untrained models never emit </s>, so every output runs to its batch's cap; CTranslate2 groups
    sentences by cap, so the reference translates each of those groups as one transformers batch.
    """
    model_dir, target = tiny
    settings = DecodeSettings(beams=beams, batch_size=3)
    reference = load_backend(model_dir, str(model_dir), None, backend="transformers", device="cpu")
    ct2 = CTranslate2Backend(model_dir, str(model_dir), None, device="cpu", quantization="float32")
    assert isinstance(ct2.tokenizer, (MarianLightTokenizer, NllbLightTokenizer))
    assert ct2.max_input_tokens == reference.max_input_tokens
    assert [ct2.count_tokens(t) for t in TEXTS] == [reference.count_tokens(t) for t in TEXTS]
    batches = ct2._batches(list(range(len(TEXTS))), TEXTS, settings)
    assert 1 < len(batches) < len(TEXTS)  # two sentences share a batch, the short one gets its own cap
    expected = [""] * len(TEXTS)
    for batch in batches:
        outputs = reference.translate([TEXTS[i] for i in batch], EN, target, DecodeSettings(beams=beams, batch_size=len(batch)))
        for index, output in zip(batch, outputs):
            expected[index] = output
    assert ct2.translate(TEXTS, EN, target, settings) == expected


def test_translations_that_end_at_eos_do_not_depend_on_the_batching(trained_marian_dir):
    """Real translations end at </s> before any cap: cap batches give the transformers backend's exact text."""
    sources = [source for source, _ in __import__("tests.tiny_models", fromlist=["PAIRS"]).PAIRS["ru"]]
    settings = DecodeSettings(beams=4, batch_size=16)
    reference = load_backend(trained_marian_dir, str(trained_marian_dir), None, backend="transformers", device="cpu")
    ct2 = CTranslate2Backend(trained_marian_dir, str(trained_marian_dir), None, device="cpu", quantization="float32")
    assert len(ct2._batches(list(range(len(sources))), sources, settings)) > 1  # transformers: one batch
    assert ct2.translate(sources, EN, RU, settings) == reference.translate(sources, EN, RU, settings)


def test_light_tokenizer_and_transformers_tokenizer_give_the_same_translations(tiny, monkeypatch):
    model_dir, target = tiny
    settings = DecodeSettings(beams=2, batch_size=2)
    light = CTranslate2Backend(model_dir, str(model_dir), None, device="cpu", quantization="float32")
    monkeypatch.setattr("translate.backends.light_tokenizer.load_light_tokenizer", lambda *a, **k: None)
    heavy = CTranslate2Backend(model_dir, str(model_dir), None, device="cpu", quantization="float32")
    assert type(heavy.tokenizer).__module__.startswith("transformers")
    assert heavy.family == light.family
    assert heavy.translate(TEXTS, EN, target, settings) == light.translate(TEXTS, EN, target, settings)


def test_cap_buckets_keep_caps_close_and_batches_small():
    caps = [233, 40, 41, 200, 190, 36, 34, 120, 119, 118, 117, 116, 115, 30, 233, 50]
    order = sorted(range(len(caps)), key=lambda i: -i)  # any order in
    batches = cap_buckets(order, caps, batch_size=4)
    assert sorted(i for batch in batches for i in batch) == list(range(len(caps)))
    for batch in batches:
        assert 1 <= len(batch) <= 4
        assert max(caps[i] for i in batch) <= CAP_SPREAD * min(caps[i] for i in batch)
    # Largest caps first, and equal caps share a batch.
    assert {0, 14} <= set(batches[0]) and all(caps[i] >= 190 for i in batches[0])
    assert cap_buckets([], caps, 4) == []


def test_cap_batches_keep_input_order_and_report_progress(marian_dir):
    backend = CTranslate2Backend(marian_dir, str(marian_dir), None, device="cpu")
    texts = ["Thank you.", TEXTS[0] + " " + TEXTS[0], "Over 50 customs officers.", "Astana.", TEXTS[0], "Thank you!"]
    seen: list[list[str]] = []
    caps: list[int] = []
    translate_batch = backend.translator.translate_batch

    def spy(tokens, **kwargs):
        caps.append(kwargs["max_decoding_length"])
        return translate_batch(tokens, **kwargs)

    backend.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
    original = backend._translate_batch
    backend._translate_batch = lambda batch, *a: seen.append(list(batch)) or original(batch, *a)
    done: list[int] = []
    settings = DecodeSettings(beams=1, batch_size=3)
    outputs = backend.translate(texts, EN, RU, settings, progress=done.append)
    assert len(outputs) == len(texts) and sum(done) == len(texts) and done == [len(b) for b in seen]
    assert sorted(t for batch in seen for t in batch) == sorted(texts) and max(len(b) for b in seen) <= 3
    for batch, cap in zip(seen, caps):
        own = [backend.output_cap(backend.count_tokens(t), settings) for t in batch]
        assert max(own) <= CAP_SPREAD * min(own)
        assert cap == max(own) - 1  # the model forces </s>: one token less, as in transformers
    # Each output sits at its input's index: a sentence translated alone (its own cap) comes out the same.
    for index in (0, 3):
        assert backend.translate([texts[index]], EN, RU, settings) == [outputs[index]]


_NO_TORCH = """
import json, sys
from pathlib import Path
from translate.backends import load_backend
from translate.backends.base import DecodeSettings
from translate.languages import resolve_language
path, target = Path(sys.argv[1]), resolve_language(sys.argv[2])
backend = load_backend(path, str(path), None, backend="ctranslate2", device="cpu")
out = backend.translate(["Thank you.", "Over 50 customs officers took part."], resolve_language("en"), target, DecodeSettings(beams=2))
print(json.dumps({"out": out, "heavy": sorted(m for m in ("torch", "transformers") if m in sys.modules)}))
"""


def test_a_ctranslate2_translation_imports_neither_torch_nor_transformers(tiny):
    model_dir, target = tiny
    convert_model(model_dir, str(model_dir), None, quiet=True)  # a cached conversion, as on any run after the first
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", _NO_TORCH, str(model_dir), target.iso1], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["heavy"] == [] and len(result["out"]) == 2


def test_nllb_addresses_each_target_and_rejects_unknown_ones(nllb_dir):
    backend = CTranslate2Backend(nllb_dir, str(nllb_dir), None, device="cpu", quantization="float32")
    kk, ru = (backend.translate(TEXTS[:1], EN, t, DecodeSettings(beams=1)) for t in (KK, RU))
    assert kk and ru
    with pytest.raises(UnsupportedLanguage):
        backend.translate(TEXTS[:1], EN, resolve_language("de"), DecodeSettings(beams=1))


def test_auto_picks_ctranslate2_only_when_a_conversion_exists(marian_dir, tmp_path):
    ref = resolve_model(str(marian_dir), RU)
    assert resolve_backend(ref, "transformers") == "transformers"
    assert resolve_backend(ref, "ctranslate2") == "ctranslate2"
    assert resolve_backend(ref, "auto") == "transformers"
    convert_model(marian_dir, ref.label, ref.revision, quiet=True)
    assert resolve_backend(ref, "auto") == "ctranslate2"
    # A conversion of another version of the model does not count.
    import shutil

    copy = shutil.copytree(marian_dir, tmp_path / "edited")
    config = copy / "config.json"
    config.write_text(config.read_text(encoding="utf-8").replace('"d_model": 32', '"d_model": 32 '), encoding="utf-8")
    assert resolve_backend(resolve_model(str(copy), RU), "auto") == "transformers"


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

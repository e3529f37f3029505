"""T5 translation models (MADLAD-400's family): ``<2xx>`` addressing, the light tokenizer, both backends end to end."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.tiny_models import PAIRS, build_t5, train
from translate.backends import load_backend
from translate.backends.base import DecodeSettings
from translate.backends.ct2 import CTranslate2Backend
from translate.backends.families import addressing, family_of_dir, target_codes
from translate.backends.light_tokenizer import T5LightTokenizer, load_light_tokenizer
from translate.errors import UnsupportedLanguage
from translate.languages import resolve_language

EN, RU, KK, DE = (resolve_language(c) for c in ("en", "ru", "kk", "de"))
SENTENCES = [
    "<2kk> A two-day regional workshop on countering the smuggling of goods began today in Astana.",
    "<2ru>Astana",
    "<2kk><2ru> a<2en>b",
    "Mr. Smith said: “We’ll meet on 29 September 2014 at 10.30.”",
    "«Кавычки», 'single' and \"double\" quotes — and a dash – too.",
    "Тауарлар контрабандасына қарсы іс-қимыл жөніндегі семинар.",
    "Unknown characters: ☃ 🙂 漢字 ß ø Ñ",
    "  leading, trailing and  double  spaces  ",
    "Tabs\tand\nnew lines",
    "A literal </s> and <unk> and <pad> in the text",
    "",
    "x",
]
# The trained model learns these; "A two-day …" is left out of Russian so each source has one target per language.
TRAINING = {"kk": PAIRS["kk"], "ru": PAIRS["ru"][1:]}


@pytest.fixture(scope="module")
def t5_dir(tmp_path_factory) -> Path:
    return build_t5(tmp_path_factory.mktemp("t5") / "tiny-madlad")


@pytest.fixture(scope="module")
def trained_t5_dir(tmp_path_factory) -> Path:
    return train(build_t5(tmp_path_factory.mktemp("t5") / "trained-madlad"), TRAINING)


@pytest.fixture(scope="module")
def t5_default_sentinels_dir(t5_dir, tmp_path_factory) -> Path:
    """The tiny T5 tokenizer with no ``extra_ids`` in its config: T5Tokenizer then adds 100 sentinels."""
    out = tmp_path_factory.mktemp("t5") / "tiny-t5-sentinels"
    shutil.copytree(t5_dir, out)
    config = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.pop("extra_ids")
    (out / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return out


def test_the_fixture_is_laid_out_like_madlad(t5_dir):
    assert (t5_dir / "spiece.model").is_file() and not (t5_dir / "tokenizer.json").exists()
    assert json.loads((t5_dir / "config.json").read_text())["model_type"] == "t5"
    assert family_of_dir(t5_dir) == "t5"


@pytest.mark.parametrize("which", ["t5_dir", "t5_default_sentinels_dir"])
def test_light_tokenizer_matches_t5_tokenizer(which, request):
    from transformers import AutoTokenizer

    model_dir = request.getfixturevalue(which)
    hf, light = AutoTokenizer.from_pretrained(str(model_dir)), load_light_tokenizer(model_dir)
    assert isinstance(light, T5LightTokenizer) and type(hf).__name__ == "T5Tokenizer"
    assert light.model_max_length == hf.model_max_length
    assert light.get_vocab() == hf.get_vocab()
    for text in SENTENCES:
        expected = hf(text)["input_ids"]
        assert light(text)["input_ids"] == expected, text
        assert light.convert_ids_to_tokens(expected) == hf.convert_ids_to_tokens(expected), text
        assert light(text, add_special_tokens=False)["input_ids"] == hf(text, add_special_tokens=False)["input_ids"]
    for max_length in (3, 8):
        assert light(SENTENCES, truncation=True, max_length=max_length)["input_ids"] == hf(
            SENTENCES, truncation=True, max_length=max_length
        )["input_ids"]
    generator = random.Random(0)
    rows = [hf(t)["input_ids"] for t in SENTENCES]
    rows += [[generator.randrange(len(hf)) for _ in range(generator.randrange(1, 40))] for _ in range(200)]
    for row in rows:
        for skip in (True, False):
            assert light.decode(row, skip_special_tokens=skip) == hf.decode(row, skip_special_tokens=skip), row
        tokens = hf.convert_ids_to_tokens(row)
        assert light.convert_tokens_to_ids(tokens) == hf.convert_tokens_to_ids(tokens)


def test_target_code_is_one_token_at_the_start(t5_dir):
    light = load_light_tokenizer(t5_dir)
    tokens = light.convert_ids_to_tokens(light("<2kk> Astana.")["input_ids"])
    assert tokens[0] == "<2kk>" and tokens[-1] == "</s>"


@pytest.mark.parametrize("tokenizer", ["light", "transformers"])
def test_addressing_by_target_prefix(t5_dir, tokenizer):
    if tokenizer == "light":
        tok = load_light_tokenizer(t5_dir)
    else:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(t5_dir))
    assert target_codes("t5", tok, "google/madlad400-3b-mt") == {"kk": "<2kk>", "ru": "<2ru>", "en": "<2en>"}
    assert addressing("t5", tok, "m", EN, KK).source_prefix == "<2kk> "
    assert addressing("t5", tok, "m", EN, RU).source_prefix == "<2ru> "
    with pytest.raises(UnsupportedLanguage, match="cannot translate into German.*supports: en, kk, ru"):
        addressing("t5", tok, "m", EN, DE)


def test_float32_ctranslate2_matches_transformers_token_for_token(t5_dir):
    texts = [s for s in SENTENCES[3:9]]
    settings = DecodeSettings(beams=2, batch_size=8)
    reference = load_backend(t5_dir, str(t5_dir), None, backend="transformers", device="cpu")
    ct2 = CTranslate2Backend(t5_dir, str(t5_dir), None, device="cpu", quantization="float32")
    assert isinstance(ct2.tokenizer, T5LightTokenizer) and ct2.family == reference.family == "t5"
    assert [ct2.count_tokens(t) for t in texts] == [reference.count_tokens(t) for t in texts]
    expected = {}
    for batch in ct2._batches(list(range(len(texts))), texts, settings):
        outputs = reference.translate([texts[i] for i in batch], EN, KK, DecodeSettings(beams=2, batch_size=len(batch)))
        expected.update(zip(batch, outputs))
    assert ct2.translate(texts, EN, KK, settings) == [expected[i] for i in range(len(texts))]


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_tiny_t5_translates_end_to_end_through_the_cli(trained_t5_dir, backend, tmp_path):
    """`tilshi translate --model DIR`: the <2xx> prefix picks the language the model learned for it."""
    source = tmp_path / "in.md"
    sentences = [PAIRS["kk"][1][0], PAIRS["kk"][2][0]]  # "The event has been …", "Thank you."
    source.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    outputs = {}
    for lang in ("kk", "ru"):
        result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", lang, "--model", str(trained_t5_dir),
                                               "--backend", backend, "--no-memory", "--no-glossary", "--format", "json"])
        assert result.exit_code == 0, result.output
        (doc,) = json.loads(result.stdout)["translations"]
        assert doc["backend"] == backend and doc["model_id"] == str(trained_t5_dir)
        outputs[lang] = [s["target"] for s in doc["segments"]]
    assert outputs["kk"][1] == "Рақмет." and outputs["ru"][1] == "Спасибо."
    assert outputs["kk"][0] != outputs["ru"][0]
    assert re.search("[әғқңөұүһі]", outputs["kk"][0])  # Kazakh letters in the Kazakh output …
    assert not re.search("[әғқңөұүһі]", outputs["ru"][0]) and re.search("[а-я]", outputs["ru"][0])  # … none in the Russian


def test_permissive_kazakh_default_is_madlad_from_the_hf_cache(t5_dir, isolated_home, tmp_path):
    """`--licence permissive --to kk` picks google/madlad400-3b-mt at its pinned revision, through the HF cache."""
    from tests.test_models import _fake_hub_cache
    from translate.registry import find_spec

    spec = find_spec("madlad400-3b-mt")
    _fake_hub_cache(isolated_home / "hf-cache", spec.model_id, spec.revision, t5_dir)
    source = tmp_path / "in.md"
    source.write_text(PAIRS["kk"][2][0] + "\n", encoding="utf-8")
    args = ["translate", str(source), "--to", "kk", "--backend", "transformers", "--no-memory", "--no-glossary",
            "--format", "json", "--beams", "1"]
    result = CliRunner().invoke(cli.main, [*args, "--licence", "permissive"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["translations"]
    assert (doc["model_id"], doc["revision"]) == (spec.model_id, spec.revision)
    assert len(doc["segments"]) == 1 and doc["backend"] == "transformers"
    # Under `any` the Kazakh default is NLLB-200, which this cache does not hold.
    refused = CliRunner().invoke(cli.main, [*args, "--licence", "any"])
    assert refused.exit_code == 1 and "facebook/nllb-200-distilled-600M" in refused.stderr

"""The light (sentencepiece / tokenizers only) tokenizers against transformers' MarianTokenizer and NllbTokenizer."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from translate.backends.families import addressing, detect_family, family_of_dir, model_type, target_codes
from translate.backends.light_tokenizer import MarianLightTokenizer, NllbLightTokenizer, load_light_tokenizer
from translate.languages import resolve_language

SENTENCES = [
    "A two-day regional workshop on countering the smuggling of goods began today in Astana.",
    "Over 50 customs officers from Kazakhstan, Belarus, Kyrgyzstan, Russia, Tajikistan and Ukraine took part.",
    "Mr. Smith said: “We’ll meet on 29 September 2014 at 10.30.”",
    "«Кавычки», 'single' and \"double\" quotes — and a dash – too.",
    "Двухдневный региональный семинар начался сегодня в Астане.",
    "Тауарлар контрабандасына қарсы іс-қимыл жөніндегі семинар.",
    "0123456789 .,;:!?()[] @/#%&*+=_ 3.5% €100 №7",
    "Unknown characters: ☃ 🙂 漢字 ß ø Ñ",
    "  leading, trailing and  double  spaces  ",
    "Tabs\tand\nnew lines",
    "A literal </s> and <unk> and <pad> in the text",
    "",
    "x",
]


def _pair(model_dir: Path):
    return AutoTokenizer.from_pretrained(str(model_dir)), load_light_tokenizer(model_dir)


@pytest.fixture(scope="module")
def multi_marian_dir(marian_dir, tmp_path_factory) -> Path:
    """The tiny Marian tokenizer with ``>>rus<<`` / ``>>kaz<<`` target codes in its vocabulary (a multi-target model)."""
    out = tmp_path_factory.mktemp("multi") / "tiny-opus-mt-en-mul"
    shutil.copytree(marian_dir, out)
    vocab = json.loads((out / "vocab.json").read_text(encoding="utf-8"))
    for code in (">>rus<<", ">>kaz<<"):
        vocab[code] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    config = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.pop("target_lang", None)
    (out / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def separate_marian_dir(marian_dir, tmp_path_factory) -> Path:
    """The tiny Marian tokenizer with separate source and target vocabularies."""
    out = tmp_path_factory.mktemp("separate") / "tiny-opus-mt-separate"
    shutil.copytree(marian_dir, out)
    shutil.copy(out / "vocab.json", out / "target_vocab.json")
    config = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["separate_vocabs"] = True
    (out / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return out


def _assert_same_encoding(hf, light, texts):
    for text in texts:
        expected = hf(text, add_special_tokens=True)["input_ids"]
        assert light(text, add_special_tokens=True)["input_ids"] == expected, text
        assert light.convert_ids_to_tokens(expected) == hf.convert_ids_to_tokens(expected), text
        assert light(text, add_special_tokens=False)["input_ids"] == hf(text, add_special_tokens=False)["input_ids"], text
    for max_length in (3, 8):
        batch = dict(truncation=True, max_length=max_length)
        assert light(texts, **batch)["input_ids"] == hf(texts, **batch)["input_ids"]


def _assert_same_decoding(hf, light, texts):
    rows = [hf(text)["input_ids"] for text in texts]
    generator = random.Random(0)
    rows += [[generator.randrange(len(hf)) for _ in range(generator.randrange(1, 40))] for _ in range(100)]
    for row in rows:
        assert light.decode(row, skip_special_tokens=True) == hf.decode(row, skip_special_tokens=True), row
        assert light.decode(row) == hf.decode(row), row
        tokens = hf.convert_ids_to_tokens(row)
        assert light.convert_tokens_to_ids(tokens) == hf.convert_tokens_to_ids(tokens)


def test_marian_encoding_and_decoding_match_marian_tokenizer(marian_dir):
    hf, light = _pair(marian_dir)
    assert isinstance(light, MarianLightTokenizer) and type(hf).__name__ == "MarianTokenizer"
    assert light.model_max_length == hf.model_max_length
    _assert_same_encoding(hf, light, SENTENCES)
    _assert_same_decoding(hf, light, SENTENCES)


def test_marian_target_code_prefix_is_one_token(multi_marian_dir):
    hf, light = _pair(multi_marian_dir)
    texts = [">>rus<< " + s for s in SENTENCES[:6]] + [">>kaz<<Astana.", ">>xyz<< unknown code", "no >>rus<< in the middle"]
    _assert_same_encoding(hf, light, texts)
    tokens = light.convert_ids_to_tokens(light(">>kaz<< Astana.")["input_ids"])
    assert tokens[0] == ">>kaz<<" and tokens[-1] == "</s>"
    assert light.supported_language_codes == hf.supported_language_codes == [">>rus<<", ">>kaz<<"]


def test_marian_separate_vocabularies(separate_marian_dir):
    hf, light = _pair(separate_marian_dir)
    assert hf.separate_vocabs and light.separate_vocabs
    _assert_same_encoding(hf, light, SENTENCES[:5])
    _assert_same_decoding(hf, light, SENTENCES[:5])


@pytest.mark.parametrize("src_lang", ["eng_Latn", "rus_Cyrl"])
def test_nllb_encoding_and_decoding_match_nllb_tokenizer(nllb_dir, src_lang):
    hf, light = _pair(nllb_dir)
    assert isinstance(light, NllbLightTokenizer) and type(hf).__name__ == "NllbTokenizer"
    hf.src_lang = light.src_lang = src_lang
    assert light.model_max_length == hf.model_max_length
    assert light.convert_ids_to_tokens(light("Astana.")["input_ids"])[0] == src_lang
    _assert_same_encoding(hf, light, SENTENCES)
    _assert_same_decoding(hf, light, SENTENCES)
    # The forced target-language token is dropped from the text, as transformers drops it.
    row = light.convert_tokens_to_ids(["kaz_Cyrl"]) + light("Астана.", add_special_tokens=False)["input_ids"]
    assert "kaz_Cyrl" not in light.decode(row, skip_special_tokens=True) == hf.decode(row, skip_special_tokens=True)


@pytest.mark.parametrize("which", ["marian", "multi", "nllb"])
def test_families_read_the_same_from_both_tokenizers(which, marian_dir, multi_marian_dir, nllb_dir):
    model_dir = {"marian": marian_dir, "multi": multi_marian_dir, "nllb": nllb_dir}[which]
    hf, light = _pair(model_dir)
    family = detect_family(model_type(model_dir), hf)
    assert detect_family(model_type(model_dir), light) == family_of_dir(model_dir) == family
    assert target_codes(family, light, str(model_dir)) == target_codes(family, hf, str(model_dir))
    en = resolve_language("en")
    for target in ("ru", "kk"):
        target = resolve_language(target)
        if target_codes(family, hf, str(model_dir)) is None or target.iso1 in target_codes(family, hf, str(model_dir)):
            assert addressing(family, light, str(model_dir), en, target) == addressing(family, hf, str(model_dir), en, target)


def test_only_marian_and_nllb_with_their_files_get_a_light_tokenizer(marian_dir, nllb_dir, tmp_path):
    no_json = shutil.copytree(nllb_dir, tmp_path / "nllb-without-tokenizer-json")
    (no_json / "tokenizer.json").unlink()
    assert load_light_tokenizer(no_json) is None
    no_spm = shutil.copytree(marian_dir, tmp_path / "marian-without-spm")
    (no_spm / "target.spm").unlink()
    assert load_light_tokenizer(no_spm) is None
    m2m = shutil.copytree(nllb_dir, tmp_path / "m2m100")
    config = json.loads((m2m / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["tokenizer_class"] = "M2M100Tokenizer"
    (m2m / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    assert family_of_dir(m2m) == "m2m100" and load_light_tokenizer(m2m) is None


def test_importing_the_light_tokenizer_imports_no_transformers():
    import subprocess
    import sys

    code = "import sys, translate.backends.ct2, translate.backends.light_tokenizer; print('transformers' in sys.modules, 'torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=str(Path(__file__).resolve().parent.parent))
    assert done.stdout.split() == ["False", "False"], done.stderr

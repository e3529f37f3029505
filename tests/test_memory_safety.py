"""Memory safety: filters that cannot wipe everything, progress kept on Ctrl-C, well-formed TMX, model fingerprints."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import cli
from translate.backends.base import DecodeSettings
from translate.cache import CachingTranslator
from translate.errors import MemoryStoreError
from translate.languages import resolve_language
from translate.memory import MemoryContext, TranslationMemory, settings_key
from translate.models import model_identity, version_tag
from translate.registry import ModelRef

EN, RU = resolve_language("en"), resolve_language("ru")


def _fill(rows: dict[str, list[tuple[str, str]]], lang: str = "ru") -> None:
    with TranslationMemory() as memory:
        for model, pairs in rows.items():
            memory.store(MemoryContext("en", lang, model, "r1", "transformers", "{}"), pairs)


def _count() -> int:
    with TranslationMemory() as memory:
        return memory.stats()["entries"]


# -- clear filters (item 2) ------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--lang", "--model"])
def test_empty_filter_is_an_error_not_everything(option):
    _fill({"org/a": [("One.", "Один.")], "org/b": [("Two.", "Два.")]})
    result = CliRunner().invoke(cli.main, ["memory", "clear", option, ""])
    assert result.exit_code != 0 and result.output.startswith("Error:")
    assert _count() == 2
    with TranslationMemory() as memory, pytest.raises(MemoryStoreError):
        memory.clear(**{option.strip("-"): ""})
    assert _count() == 2


@pytest.mark.parametrize("pattern", ["%", "_", "org/%", "%a", "a_c"])
def test_model_filter_is_not_a_like_pattern(pattern):
    _fill({"org/abc": [("One.", "Один.")], "org/a%c": [("Two.", "Два.")]})
    result = CliRunner().invoke(cli.main, ["memory", "clear", "--model", pattern])
    assert result.exit_code == 0, result.output
    assert _count() == 2


def test_model_filter_matches_the_id_or_its_last_part():
    _fill({"org/a%c": [("One.", "Один.")], "Helsinki-NLP/opus-mt-en-ru": [("Two.", "Два.")], "x/y": [("Three.", "Три.")]})
    with TranslationMemory() as memory:
        assert memory.clear(model="a%c") == 1
        assert memory.clear(model="Helsinki-NLP/opus-mt-en-ru") == 1
    assert _count() == 1


# -- interrupted runs keep their work (item 4) -------------------------------------------------------


class InterruptedTranslator:
    """Translates a number of sentences, then the user presses Ctrl-C."""

    name, model_id, revision = "transformers", "org/interrupted", "rev1"

    def __init__(self, budget: int):
        self.budget = budget
        self.translated: list[str] = []

    def translate(self, texts, source, target, settings, progress=True):
        out = []
        for text in texts:
            if len(self.translated) >= self.budget:
                raise KeyboardInterrupt
            self.translated.append(text)
            out.append(f"<{text}>")
        return out


def test_ctrl_c_keeps_the_finished_sentences():
    sentences = [f"Sentence number {i} of a long release." for i in range(200)]
    settings = DecodeSettings(batch_size=8)
    inner = InterruptedTranslator(budget=120)
    with pytest.raises(KeyboardInterrupt):
        CachingTranslator(inner, TranslationMemory()).translate(sentences, EN, RU, settings, progress=False)
    context = MemoryContext("en", "ru", "org/interrupted", "rev1", "transformers", settings_key(settings))
    with TranslationMemory() as memory:
        kept = memory.lookup(context, sentences)
    assert len(kept) >= 120 - 2 * 8  # at most the batch in flight is lost
    assert all(target == f"<{source}>" for source, target in kept.items())
    rerun = InterruptedTranslator(budget=10_000)
    out = CachingTranslator(rerun, TranslationMemory()).translate(sentences, EN, RU, settings, progress=False)
    assert out == [f"<{s}>" for s in sentences]
    assert len(rerun.translated) == len(sentences) - len(kept)


# -- TMX is XML (item 10) ---------------------------------------------------------------------------


def test_tmx_with_characters_xml_forbids_parses():
    nasty = "Bad \ufffe and \uffff and \x0b and \x1b[0m and \ud7ff ok & <b> \"q\""
    _fill({"org/x\ufffe": [(nasty, "Плохо \uffff \x0c"), ("Fine.", "Хорошо.")]})
    result = CliRunner().invoke(cli.main, ["memory", "export"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))
    segs = [seg.text for seg in root.iter("seg")]
    assert "Fine." in segs and "Хорошо." in segs
    assert any("& <b>" in (s or "") and "\ufffd" in (s or "") for s in segs)
    from defusedxml.ElementTree import fromstring

    fromstring(result.stdout.encode("utf-8"))


# -- local model fingerprints (item 11) ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["vocab.json", "tokenizer_config.json", "generation_config.json", "source.spm",
                                  "target.spm", "special_tokens_map.json", "config.json", "model.safetensors"])
def test_every_file_that_shapes_output_changes_the_fingerprint(marian_dir, tmp_path, name):
    local = tmp_path / "model"
    shutil.copytree(marian_dir, local)
    ref = ModelRef(str(local), None, local, None)

    class Local:
        revision = None

    translator = Local()
    translator.ref = ref
    before_memory, before_ct2 = model_identity(translator), version_tag(None, local)
    assert before_memory == before_ct2  # one fingerprint for both stores
    path = local / name
    if not path.exists():
        path.write_text("{}", encoding="utf-8")
        before_memory, before_ct2 = model_identity(translator), version_tag(None, local)
    data = path.read_bytes()
    if name.endswith(".json"):
        value = json.loads(data)
        value["tilshi_test_change"] = 1
        path.write_text(json.dumps(value), encoding="utf-8")
    else:  # same size, same mtime: only the content differs
        stat = path.stat()
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        import os

        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert model_identity(translator) != before_memory
    assert version_tag(None, local) != before_ct2

"""Translation memory: hits, misses, invalidation, lazy model loading, concurrency, corruption, CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.dom import minidom

import pytest
from click.testing import CliRunner

import cli
import translate.translator as translator_module
from tests.conftest import REPO, SAMPLE
from translate.backends.base import DecodeSettings
from translate.cache import CachingTranslator
from translate.errors import MemoryStoreError
from translate.languages import resolve_language
from translate.memory import MemoryContext, TranslationMemory, normalise, settings_key
from translate.models import model_identity
from translate.paths import memory_path
from translate.pipeline import TranslateOptions, translate_document

EN, RU, KK = (resolve_language(c) for c in ("en", "ru", "kk"))


class FakeTranslator:
    """Stands in for ModelTranslator: records every sentence it is asked to translate."""

    calls: list[list[str]] = []

    def __init__(self, ref=None, backend="transformers", device="auto"):
        self.ref = ref
        self.name = backend
        self.device = device
        self.model_id = ref.label if ref else "org/fake"
        self.revision = ref.revision if ref else "rev1"

    def translate(self, texts, source, target, settings, progress=True):
        FakeTranslator.calls.append(list(texts))
        return [f"[{target.iso1}:{settings.beams}] {text.upper()}" for text in texts]


@pytest.fixture
def fake(monkeypatch):
    """build_translator makes FakeTranslators (the default registry model, so its revision is pinned)."""
    FakeTranslator.calls = []
    monkeypatch.setattr(translator_module, "ModelTranslator", FakeTranslator)
    return FakeTranslator


def translated(fake) -> list[str]:
    return [t for call in fake.calls for t in call]


def options(**kw) -> TranslateOptions:
    kw.setdefault("backend", "transformers")
    kw.setdefault("glossary", False)
    kw.setdefault("progress", False)
    return TranslateOptions(**kw)


# -- the store and the wrapper --------------------------------------------------------------------


def test_misses_then_hits_and_reads_never_create_the_store():
    FakeTranslator.calls = []
    memory = TranslationMemory()
    settings = DecodeSettings()
    context = MemoryContext("en", "ru", "org/fake", "rev1", "transformers", settings_key(settings))
    assert memory.lookup(context, ["One."]) == {} and memory.stats()["entries"] == 0
    assert not memory_path().exists()  # reading created nothing
    wrapped = CachingTranslator(FakeTranslator(), memory)
    assert wrapped.translate(["One.", "Two."], EN, RU, settings) == ["[ru:4] ONE.", "[ru:4] TWO."]
    assert FakeTranslator.calls == [["One.", "Two."]] and (wrapped.hits, wrapped.misses) == (0, 2)
    FakeTranslator.calls = []
    memory = TranslationMemory()
    wrapped = CachingTranslator(FakeTranslator(), memory)
    first = wrapped.translate(["One.", "Two.", "One."], EN, RU, settings)
    assert memory_path().exists() and FakeTranslator.calls == []
    assert first == ["[ru:4] ONE.", "[ru:4] TWO.", "[ru:4] ONE."]
    assert (wrapped.hits, wrapped.misses) == (3, 0)


def test_duplicates_are_translated_once_and_whitespace_is_normalised():
    FakeTranslator.calls = []
    memory = TranslationMemory()
    wrapped = CachingTranslator(FakeTranslator(), memory)
    wrapped.translate(["Same  sentence.", "Same  sentence."], EN, RU, DecodeSettings())
    assert FakeTranslator.calls == [["Same  sentence."]]
    assert normalise("Same \u00a0 sentence.\n") == "Same sentence."
    assert wrapped.translate(["Same sentence."], EN, RU, DecodeSettings()) == ["[ru:4] SAME  SENTENCE."]
    assert len(FakeTranslator.calls) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"settings": DecodeSettings(beams=2)},
        {"settings": DecodeSettings(no_repeat_ngram_size=3)},
        {"model_id": "org/other"},
        {"revision": "rev2"},
        {"backend": "ctranslate2"},
        {"target": KK},
    ],
    ids=["beams", "ngram", "model", "revision", "backend", "language"],
)
def test_key_invalidation(change):
    memory = TranslationMemory()
    base = dict(settings=DecodeSettings(), model_id="org/fake", revision="rev1", backend="transformers", target=RU)

    def run(**kw):
        inner = FakeTranslator()
        inner.model_id, inner.revision, inner.name = kw["model_id"], kw["revision"], kw["backend"]
        wrapped = CachingTranslator(inner, memory)
        wrapped.translate(["A sentence."], EN, kw["target"], kw["settings"])
        return wrapped.misses

    assert run(**base) == 1
    assert run(**base) == 0
    assert run(**{**base, **change}) == 1
    # Batch size is a throughput knob, not part of the key.
    assert run(**{**base, "settings": DecodeSettings(batch_size=64)}) == 0


def test_local_model_directory_is_fingerprinted(marian_dir, tmp_path):
    import shutil

    from translate.registry import resolve_model

    copy = Path(shutil.copytree(marian_dir, tmp_path / "model"))
    inner = translator_module.ModelTranslator(resolve_model(str(copy), RU))
    before = model_identity(inner)
    assert before.startswith("dir-") and model_identity(inner) == before
    config = copy / "config.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert model_identity(inner) != before
    assert settings_key(DecodeSettings(batch_size=1)) == settings_key(DecodeSettings(batch_size=99))


# -- through the pipeline -------------------------------------------------------------------------


def test_editing_one_paragraph_retranslates_only_its_sentences(fake, sample_text):
    (first,) = translate_document(sample_text, ["ru"], options())
    assert fake.calls
    fake.calls = []
    (again,) = translate_document(sample_text, ["ru"], options())
    assert fake.calls == [] and again.text == first.text
    edited = sample_text.replace(
        "It was tailored to address the challenges",
        "It was designed to meet the challenges",
    )
    assert edited != sample_text
    (third,) = translate_document(edited, ["ru"], options())
    assert translated(fake) == ["It was designed to meet the challenges related to Kazakhstan’s forthcoming accession to the World Trade Organization."]
    assert third.text.split("\n")[:-2] == first.text.split("\n")[:-2]


def test_no_memory_neither_reads_nor_writes(fake, sample_text):
    translate_document(sample_text, ["ru"], options(memory=False))
    assert not memory_path().exists()
    n = len(translated(fake))
    translate_document(sample_text, ["ru"], options(memory=False))
    assert len(translated(fake)) == 2 * n


def test_glossary_change_takes_effect_on_a_memory_hit(fake, tmp_path):
    text = "The workshop began today."
    glossary = tmp_path / "terms.csv"
    glossary.write_text("en,ru\nworkshop,семинар\n", encoding="utf-8")
    (first,) = translate_document(text, ["ru"], options(glossary=True, glossary_paths=(glossary,)))
    glossary.write_text("en,ru\nworkshop,практикум\n", encoding="utf-8")
    fake.calls = []
    (second,) = translate_document(text, ["ru"], options(glossary=True, glossary_paths=(glossary,)))
    assert fake.calls == []  # served from memory
    assert first.terms is not None and second.terms is not None
    # The second run's report checks the new rendering, applied to the same raw output.
    assert [t.expected for t in first.terms.terms] == ["семинар"]
    assert [t.expected for t in second.terms.terms] == ["практикум"]
    # The memory holds the raw model output, never a glossary-edited one.
    (row,) = TranslationMemory().entries()
    assert row["target"] == "[ru:4] THE WORKSHOP BEGAN TODAY."


def test_full_hit_run_never_loads_the_model(marian_dir, monkeypatch):
    opts = options(model=str(marian_dir), settings=DecodeSettings(beams=1, max_length_extra=2, max_length_ratio=0.5))
    text = "Thank you.\n\nThe event began today in Astana."
    (first,) = translate_document(text, ["ru"], opts)
    import translate.backends as backends

    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded on a full memory hit")

    monkeypatch.setattr(backends, "load_backend", refuse)
    (second,) = translate_document(text, ["ru"], opts)
    assert second.text == first.text


def test_memory_hit_cli_run_is_byte_identical_and_imports_no_torch(marian_dir, tmp_path, isolated_home):
    args = ["translate", str(SAMPLE), "--to", "ru", "--model", str(marian_dir), "--backend", "transformers", "--beams", "1", "--no-glossary"]
    cold = CliRunner().invoke(cli.main, args)
    assert cold.exit_code == 0, cold.output
    script = textwrap.dedent(
        f"""
        import sys
        from click.testing import CliRunner
        import cli
        result = CliRunner().invoke(cli.main, {args!r})
        assert result.exit_code == 0, result.output
        sys.stdout.buffer.write(result.stdout_bytes)
        print("\\nTORCH_LOADED" if "torch" in sys.modules or "transformers" in sys.modules else "\\nNO_TORCH", file=sys.stderr)
        """
    )
    warm = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=120,
                          env={**__import__("os").environ, "TILSHI_HOME": str(isolated_home)})
    assert warm.returncode == 0, warm.stderr.decode()
    assert b"NO_TORCH" in warm.stderr
    assert warm.stdout == cold.stdout_bytes


# -- robustness ------------------------------------------------------------------------------------

_WRITER = """
import sys
from translate.memory import MemoryContext, TranslationMemory
name = sys.argv[1]
ctx = MemoryContext("en", "ru", "org/m", "r", "transformers", "{}")
memory = TranslationMemory()
for i in range(150):
    memory.store(ctx, [(f"{name} sentence {i}.", f"{name} перевод {i}."), ("Shared sentence.", "Общий перевод.")])
    assert len(memory.lookup(ctx, [f"{name} sentence {i}."])) == 1
memory.close()
"""


def test_two_concurrent_writers_do_not_corrupt_the_store(isolated_home):
    import os

    env = {**os.environ, "TILSHI_HOME": str(isolated_home), "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, name], env=env, stderr=subprocess.PIPE) for name in ("a", "b")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    with sqlite3.connect(memory_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == 2 * 150 + 1


def test_corrupt_store_is_reported_and_left_alone(fake, sample_text):
    path = memory_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"this is not a database\x00" * 100
    path.write_bytes(garbage)
    with pytest.raises(MemoryStoreError, match="cannot be used.*left untouched") as raised:
        translate_document(sample_text, ["ru"], options())
    assert (raised.value.path, raised.value.reason) == (path, "unusable") and "--" not in str(raised.value)
    assert path.read_bytes() == garbage
    result = CliRunner().invoke(cli.main, ["memory", "stats"])
    assert result.exit_code == 1 and "Error:" in result.output and str(path) in result.output
    # --no-memory still works with a broken store.
    translate_document(sample_text, ["ru"], options(memory=False))


# -- CLI ------------------------------------------------------------------------------------------


def _fill():
    memory = TranslationMemory()
    ru = MemoryContext("en", "ru", "Helsinki-NLP/opus-mt-en-ru", "abc123", "ctranslate2", "{}")
    kk = MemoryContext("en", "kk", "facebook/nllb-200-distilled-600M", "def456", "transformers", "{}")
    memory.store(ru, [("Tom & Jerry <b>", "Том и Джерри <b>"), ("Two.", "Два.")])
    memory.store(kk, [("Two.", "Екі.")])
    memory.close()


def test_cli_memory_stats_export_and_clear(tmp_path):
    runner = CliRunner()
    empty = runner.invoke(cli.main, ["memory", "stats"])
    assert empty.exit_code == 0 and "0 entries" in empty.output
    _fill()
    stats = runner.invoke(cli.main, ["memory", "stats", "--json"])
    data = json.loads(stats.output)
    assert data["entries"] == 3 and data["bytes"] > 0
    assert {(p["target"], p["entries"]) for p in data["pairs"]} == {("ru", 2), ("kk", 1)}
    assert "opus-mt-en-ru" in runner.invoke(cli.main, ["memory", "stats"]).output

    tmx = runner.invoke(cli.main, ["memory", "export"])
    assert tmx.exit_code == 0
    doc = minidom.parseString(tmx.stdout.encode("utf-8"))
    assert doc.documentElement.getAttribute("version") == "1.4"
    assert len(doc.getElementsByTagName("tu")) == 3
    segs = [s.firstChild.data for s in doc.getElementsByTagName("seg")]
    assert "Tom & Jerry <b>" in segs and "Екі." in segs
    out = tmp_path / "memory.tmx"
    result = runner.invoke(cli.main, ["memory", "export", "--lang", "kk", "-o", str(out)])
    assert result.exit_code == 0
    assert len(minidom.parse(str(out)).getElementsByTagName("tu")) == 1

    result = runner.invoke(cli.main, ["memory", "clear", "--model", "opus-mt-en-ru"])
    assert result.exit_code == 0 and "Removed 2" in result.output
    result = runner.invoke(cli.main, ["memory", "clear"])
    assert "Removed 1" in result.output
    assert json.loads(runner.invoke(cli.main, ["memory", "stats", "--json"]).output)["entries"] == 0

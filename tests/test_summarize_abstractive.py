"""Abstractive summaries with tiny real-architecture models: success, guard fallback, translation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli
from summarize import summarize_document
from summarize.abstractive import FAMILY_SETTINGS, Summarizer, family_of, length_budget
from tests.tiny_summarizers import build_bart, build_t5, teach
from translate.languages import resolve_language
from translate.registry import resolve_model

SAMPLE_LEAD = "A two-day regional workshop on countering the smuggling of goods began today in Astana."
# A release that shares nothing checkable with the sample: no Astana, no "two".
UNRELATED = (
    "Festival opens in Paris\n\n"
    "PARIS, 1 May 2020 – The Ministry of Culture opened a music festival in Paris on Friday.\n\n"
    "Over 300 artists from France and Italy will perform in the festival over three days.\n"
)


@pytest.fixture(autouse=True)
def _one_thread(one_thread):
    """Every test here runs tiny models on one thread."""


@pytest.fixture(scope="session")
def bart_dir(tmp_path_factory, sample_text):
    """A tiny BART briefly taught to answer the sample release's lead sentence (whatever the input)."""
    path = build_bart(tmp_path_factory.mktemp("summarizers") / "tiny-bart")
    return teach(path, sample_text, SAMPLE_LEAD, steps=60)


@pytest.fixture(scope="session")
def t5_dir(tmp_path_factory):
    return build_t5(tmp_path_factory.mktemp("summarizers") / "tiny-t5")


@pytest.fixture(scope="session")
def mt5_dir(tmp_path_factory):
    return build_t5(tmp_path_factory.mktemp("summarizers") / "tiny-mt5", model_type="mt5")


def load(path) -> Summarizer:
    return Summarizer(resolve_model(str(path), resolve_language("en"), task="summarization"), device="cpu")


# ---------------------------------------------------------------- settings and families


@pytest.mark.parametrize(
    "model_type, family, template",
    [("bart", "bart", "bart"), ("mbart", "bart", "bart"), ("t5", "t5", "t5"), ("mt5", "mt5", "mt5"),
     ("pegasus", "pegasus", "seq2seq"), ("led", "seq2seq", "seq2seq")],
)
def test_family_of(model_type, family, template):
    assert family_of(model_type) == (family, template)


def test_model_card_settings():
    bart, mt5 = FAMILY_SETTINGS["bart"], FAMILY_SETTINGS["mt5"]
    assert (bart.num_beams, bart.length_penalty, bart.no_repeat_ngram_size, bart.min_length, bart.max_length) == (4, 2.0, 3, 56, 142)
    assert (mt5.num_beams, mt5.no_repeat_ngram_size, mt5.max_length, mt5.max_input_tokens) == (4, 2, 84, 512)


@pytest.mark.parametrize(
    "family, sentences, words, limit, expected",
    [
        ("bart", None, None, 1024, (56, 142)),
        ("bart", 2, None, 1024, (40, 80)),
        ("bart", None, 20, 1024, (15, 30)),
        ("bart", None, None, 64, (32, 64)),
        ("mt5", None, None, 1024, (0, 84)),
        ("mt5", None, 10, 1024, (0, 22)),
        ("t5", 1, None, 1024, (20, 40)),
    ],
)
def test_length_budget_in_tokens(family, sentences, words, limit, expected):
    settings = length_budget(FAMILY_SETTINGS[family], sentences=sentences, words=words, limit=limit)
    assert (settings.min_length, settings.max_length) == expected


def test_loaded_families_and_prompts(bart_dir, t5_dir, mt5_dir):
    english, russian = resolve_language("en"), resolve_language("ru")
    bart, t5, mt5 = load(bart_dir), load(t5_dir), load(mt5_dir)
    assert (bart.family, t5.family, mt5.family) == ("bart", "t5", "mt5")
    assert t5.prompt("Body  text.\n\nMore.", english) == "summarize: Body text. More."
    assert bart.prompt("Body text.", english) == "Body text."
    assert bart.covers(english) and not bart.covers(russian)
    assert mt5.covers(russian) and mt5.multilingual and not bart.multilingual
    assert bart.max_positions == 256


def test_summarizer_generates_real_text(bart_dir, sample_text):
    output = load(bart_dir).summarize(sample_text, resolve_language("en"), words=30)
    assert output and output != sample_text


# ---------------------------------------------------------------- summarize_document


def test_success_path_keeps_the_model_summary(bart_dir, sample_text):
    [summary] = summarize_document(sample_text, ["en"], method="abstractive", model=str(bart_dir), words=30)
    assert summary.method == "abstractive" and not summary.fallback
    assert summary.guard is not None and summary.guard.ok
    assert summary.summarizer["id"] == str(bart_dir)
    assert summary.summarizer["family"] == "bart"
    assert summary.summarizer["settings"]["num_beams"] == 4
    assert summary.summarizer["settings"]["max_length"] == 44
    assert all(s.position is None for s in summary.sentences)
    assert 0 < len(summary.text.split()) <= 30
    data = summary.to_dict()
    assert data["method"] == "abstractive" and data["models"]["summarizer"]["id"] == str(bart_dir)


def test_guard_fallback_returns_the_extractive_summary(bart_dir):
    [summary] = summarize_document(UNRELATED, ["en"], method="abstractive", model=str(bart_dir), sentences=2)
    [extractive] = summarize_document(UNRELATED, ["en"], sentences=2)
    assert summary.fallback and summary.method == "extractive" and summary.requested_method == "abstractive"
    assert [s.text for s in summary.sentences] == [s.text for s in extractive.sentences]
    assert [s.position for s in summary.sentences] == [0, 1]
    assert summary.summarizer is None
    assert not summary.guard.ok and "Astana" in summary.guard.names
    assert "rejected by the faithfulness guard" in summary.notes[-1] and str(bart_dir) in summary.notes[-1]


def test_kazakh_is_the_english_summary_translated(bart_dir, nllb_dir, sample_text):
    from translate.pipeline import TranslateOptions

    options = TranslateOptions(model=str(nllb_dir), device="cpu", progress=False, memory=False)
    en, kk = summarize_document(
        sample_text, ["en", "kk"], method="abstractive", model=str(bart_dir), words=30, translate_options=options
    )
    assert kk.language == "kk" and kk.method == en.method == "abstractive"
    assert kk.summarizer == en.summarizer
    assert kk.translator["id"] == str(nllb_dir)
    assert [s.source for s in kk.sentences] == [s.text for s in en.sentences]
    assert all(s.text for s in kk.sentences)
    assert "translated from the English summary" in kk.notes[-1]


def test_kazakh_fallback_translates_the_extractive_summary(bart_dir, nllb_dir):
    from translate.pipeline import TranslateOptions

    options = TranslateOptions(model=str(nllb_dir), device="cpu", progress=False, memory=False)
    [kk] = summarize_document(UNRELATED, ["kk"], method="abstractive", model=str(bart_dir), sentences=1, translate_options=options)
    assert kk.fallback and kk.method == "extractive"
    assert kk.sentences[0].position == 0
    assert kk.sentences[0].source == "The Ministry of Culture opened a music festival in Paris on Friday."
    assert kk.translator["id"] == str(nllb_dir)
    assert any("faithfulness guard" in note for note in kk.notes)


def test_russian_with_a_multilingual_model_summarises_the_translation(mt5_dir, marian_dir, sample_text):
    """mT5-family models read Russian: the release is translated, then summarised (and guarded) in Russian."""
    from translate.pipeline import TranslateOptions

    options = TranslateOptions(model=str(marian_dir), device="cpu", progress=False, memory=False)
    [ru] = summarize_document(sample_text, ["ru"], method="abstractive", model=str(mt5_dir), sentences=2, translate_options=options)
    assert ru.language == "ru"
    assert ru.translator["id"] == str(marian_dir)
    if ru.method == "abstractive":  # the untrained model's output happened to pass the guard
        assert ru.summarizer["family"] == "mt5" and ru.guard.ok
        assert "summarised from the Russian translation" in ru.notes[-1]
    else:
        assert ru.fallback and str(mt5_dir) in ru.notes[-1]
        assert [s.position for s in ru.sentences] == [0, 1]


# ---------------------------------------------------------------- the command line


def run(args):
    return CliRunner().invoke(cli.main, ["summarize", *args])


def test_cli_abstractive_json(bart_dir, sample_text, tmp_path):
    source = tmp_path / "release.md"
    source.write_text(sample_text, encoding="utf-8")
    result = run([str(source), "--to", "en", "--method", "abstractive", "--model", str(bart_dir), "--words", "30",
                  "--format", "json", "--device", "cpu"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)["summaries"]
    assert summary["method"] == "abstractive" and summary["models"]["summarizer"]["id"] == str(bart_dir)
    assert summary["guard"]["ok"] is True


def test_cli_fallback_note_on_stderr(bart_dir, tmp_path):
    source = tmp_path / "festival.md"
    source.write_text(UNRELATED, encoding="utf-8")
    result = run([str(source), "--to", "en", "--method", "abstractive", "--model", str(bart_dir), "--sentences", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "The Ministry of Culture opened a music festival in Paris on Friday.\n"
    assert "en: abstractive summary by" in result.stderr and "faithfulness guard" in result.stderr


def test_cli_abstractive_ru_kk_end_to_end(bart_dir, nllb_dir, sample_text, tmp_path):
    source = tmp_path / "release.md"
    source.write_text(sample_text, encoding="utf-8")
    out = tmp_path / "out"
    result = run([str(source), "--to", "ru,kk", "--method", "abstractive", "--model", str(bart_dir), "--translator",
                  str(nllb_dir), "--words", "30", "--format", "json", "-o", str(out) + "/", "--device", "cpu",
                  "--no-memory", "--no-glossary"])
    assert result.exit_code == 0, result.output
    for code in ("ru", "kk"):
        data = json.loads((out / f"release.summary.{code}.json").read_text(encoding="utf-8"))
        [summary] = data["summaries"]
        assert summary["language"] == code and summary["requested_method"] == "abstractive"
        assert summary["models"]["translator"]["id"] == str(nllb_dir)


def test_cli_default_model_offline_is_one_clear_line(sample_text, tmp_path):
    source = tmp_path / "release.md"
    source.write_text(sample_text, encoding="utf-8")
    result = run([str(source), "--to", "en", "--method", "abstractive"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: model facebook/bart-large-cnn")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_cli_template_with_unknown_variable_fails_cleanly(bart_dir, sample_text, tmp_path, isolated_home):
    prompts = isolated_home / "prompts"
    prompts.mkdir()
    (prompts / "summarize.bart.txt").write_text("For {audience}: {text}\n", encoding="utf-8")
    source = tmp_path / "release.md"
    source.write_text(sample_text, encoding="utf-8")
    out = tmp_path / "summary.txt"
    result = run([str(source), "--to", "en", "--method", "abstractive", "--model", str(bart_dir), "-o", str(out)])
    assert result.exit_code == 1
    assert "Error: prompt template" in result.stderr and "{audience}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()

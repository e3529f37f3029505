"""Progress: the library reports (done, total, language) to a callback; only the CLI draws bars."""

from __future__ import annotations

import io

import pytest

import cli
from translate.backends.base import DecodeSettings
from translate.cache import CachingTranslator
from translate.languages import resolve_language
from translate.memory import TranslationMemory
from translate.pipeline import TranslateOptions, translate_document

EN, RU = resolve_language("en"), resolve_language("ru")


class Upper:
    """A translator that upper-cases, reporting progress one sentence at a time as a backend would."""

    name, model_id, revision = "upper", "upper", "1"

    def translate(self, texts, source, target, settings, progress=None):
        out = []
        for done, text in enumerate(texts, 1):
            out.append(text.upper())
            if progress:
                progress(done, len(texts), target.iso1)
        return out


def test_the_pipeline_reports_to_the_callback():
    calls = []
    options = TranslateOptions(translator=Upper(), glossary=False, memory=False, progress=lambda *a: calls.append(a))
    translate_document("One sentence. Two sentences.\n\nThree.", ["ru"], options)
    assert calls[-1] == (3, 3, "ru")
    assert [done for done, _total, _label in calls] == [1, 2, 3]


@pytest.mark.parametrize("sentences", [3, 40])
def test_the_memory_wrapper_reports_the_whole_run_across_its_slices(sentences):
    calls = []
    texts = [f"Sentence number {i}." for i in range(sentences)]
    CachingTranslator(Upper(), TranslationMemory()).translate(
        texts, EN, RU, DecodeSettings(batch_size=2), progress=lambda *a: calls.append(a))
    assert calls[-1] == (sentences, sentences, "ru")
    assert all(total == sentences for _done, total, _label in calls)


def test_the_cli_draws_nothing_off_a_terminal(monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr(cli.sys, "stderr", stderr)
    progress = cli.TerminalProgress()
    for done in range(1, 21):
        progress(done, 20, "ru")
    assert stderr.getvalue() == ""
    assert progress.bars == {}

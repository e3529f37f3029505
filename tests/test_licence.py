"""The licence-aware model choice: policy from option, environment or settings file; permissive defaults; refusals."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import SAMPLE
from tests.test_models import _fake_hub_cache
from translate.errors import LicenceError, SettingsError, UnsupportedLanguage
from translate.languages import resolve_language
from translate.licences import NON_COMMERCIAL, PERMISSIVE, licence_class, licence_policy, settings_path
from translate.registry import DEFAULTS, PERMISSIVE_DEFAULTS, REGISTRY, find_spec, resolve_model


def run(*args, **kwargs):
    return CliRunner().invoke(cli.main, list(args), **kwargs)


@pytest.mark.parametrize(
    "explicit, env, settings, expected",
    [
        (None, None, None, "any"),
        (None, None, 'licence = "permissive"\n', "permissive"),
        (None, "permissive", 'licence = "any"\n', "permissive"),
        ("any", "permissive", 'licence = "permissive"\n', "any"),
        (None, " Permissive ", None, "permissive"),
        (None, None, "# nothing set\n", "any"),
    ],
)
def test_policy_comes_from_the_caller_then_the_environment_then_the_settings_file(explicit, env, settings, expected, monkeypatch):
    monkeypatch.delenv("TILSHI_LICENCE", raising=False)
    if env is not None:
        monkeypatch.setenv("TILSHI_LICENCE", env)
    if settings is not None:
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text(settings, encoding="utf-8")
    assert licence_policy(explicit) == expected


@pytest.mark.parametrize(
    "env, settings, where",
    [("commercial", None, "TILSHI_LICENCE"), (None, 'licence = "free"\n', "settings.toml"), (None, "licence = [", "settings.toml")],
)
def test_a_bad_setting_is_one_clear_error(env, settings, where, monkeypatch):
    monkeypatch.delenv("TILSHI_LICENCE", raising=False)
    if env:
        monkeypatch.setenv("TILSHI_LICENCE", env)
    if settings:
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text(settings, encoding="utf-8")
    with pytest.raises(SettingsError, match=where) as info:
        licence_policy()
    assert info.value.setting == "licence"
    result = run("translate", str(SAMPLE), "--to", "ru")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1 and where in result.stderr


@pytest.mark.parametrize(
    "licence, expected",
    [("Apache-2.0", PERMISSIVE), ("MIT", PERMISSIVE), ("CC-BY-4.0", PERMISSIVE), ("cc-by-nc-4.0", NON_COMMERCIAL),
     ("CC BY-NC-SA 4.0", NON_COMMERCIAL), ("llama2", "unknown"), ("", "unknown")],
)
def test_licence_classes(licence, expected):
    assert licence_class(licence) == expected


def test_every_registered_licence_class_agrees_with_its_licence():
    for spec in REGISTRY:
        assert spec.licence_class in (PERMISSIVE, NON_COMMERCIAL), spec.name
        assert licence_class(spec.license) in (spec.licence_class, "unknown"), spec.name


def test_permissive_defaults_never_pick_a_non_commercial_model():
    for (task, code) in DEFAULTS:
        language = resolve_language(code)
        try:
            ref = resolve_model(None, language, task, licence="permissive")
        except UnsupportedLanguage:
            assert (task, code) not in PERMISSIVE_DEFAULTS
            continue
        assert ref.spec.licence_class == PERMISSIVE and ref.policy == "permissive", (task, code)
    picks = {key: find_spec(name).model_id for key, name in PERMISSIVE_DEFAULTS.items()}
    assert picks == {
        ("translation", "ru"): "Helsinki-NLP/opus-mt-tc-big-en-zle",
        ("translation", "kk"): "google/madlad400-3b-mt",
        ("summarization", "en"): "facebook/bart-large-cnn",
    }
    with pytest.raises(UnsupportedLanguage, match="no permissive default summarization model for Russian"):
        resolve_model(None, resolve_language("ru"), "summarization", licence="permissive")


@pytest.mark.parametrize("name, lang", [("nllb-200-distilled-600M", "kk"), ("facebook/nllb-200-distilled-1.3B", "kk")])
def test_an_explicit_non_commercial_model_is_refused_under_permissive(name, lang):
    with pytest.raises(LicenceError) as info:
        resolve_model(name, resolve_language(lang), licence="permissive")
    error = info.value
    assert (error.licence_class, error.policy) == (NON_COMMERCIAL, "permissive") and error.model_id.startswith("facebook/nllb")
    assert resolve_model(name, resolve_language(lang), licence="any").model_id == error.model_id


@pytest.mark.parametrize("card, refused", [("cc-by-nc-4.0", True), ("apache-2.0", False), (None, False)])
def test_a_local_model_card_licence_is_honoured(marian_dir, tmp_path, card, refused):
    import shutil

    model = shutil.copytree(marian_dir, tmp_path / "model")
    if card:
        (model / "README.md").write_text(f"---\nlanguage: en\nlicense: {card}\ntags:\n- translation\n---\n# A model\n", encoding="utf-8")
    if refused:
        with pytest.raises(LicenceError, match="cc-by-nc-4.0"):
            resolve_model(str(model), resolve_language("ru"), licence="permissive")
    else:
        assert resolve_model(str(model), resolve_language("ru"), licence="permissive").local_dir == model.resolve()


@pytest.mark.parametrize("how", ["option", "environment", "settings file"])
def test_cli_refuses_a_non_commercial_model_in_one_line(how, tmp_path, monkeypatch):
    out = tmp_path / "out"
    args = ["translate", str(SAMPLE), "--to", "kk", "--model", "nllb-200-distilled-600M", "-o", str(out)]
    if how == "option":
        args += ["--licence", "permissive"]
    elif how == "environment":
        monkeypatch.setenv("TILSHI_LICENCE", "permissive")
    else:
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text('licence = "permissive"\n', encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == "" and not out.exists()
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: model facebook/nllb-200-distilled-600M is licensed CC-BY-NC-4.0 (non-commercial)")
    assert "--licence any" in result.stderr
    summary_args = ["summarize", str(SAMPLE), "--to", "en", "--method", "abstractive", "--model", "mt5-xlsum"]
    summary = run(*summary_args, *(["--licence", "permissive"] if how == "option" else []))
    assert summary.exit_code == 1 and "mT5_multilingual_XLSum" in summary.stderr and "non-commercial" in summary.stderr


def test_models_list_shows_licence_classes_and_both_sets_of_defaults():
    rows = {row["name"]: row for row in json.loads(run("models", "list", "--json").stdout)}
    assert rows["opus-mt-tc-big-en-zle"]["revision"] == "708be1d372fe4c358a352f404e6dc9ca0126ba48"
    assert rows["opus-mt-tc-big-en-zle"]["default_for"] == {"any": ["ru"], "permissive": ["ru"]}
    assert rows["madlad400-3b-mt"]["default_for"] == {"any": [], "permissive": ["kk"]}
    assert rows["madlad400-3b-mt"]["licence_class"] == PERMISSIVE and rows["mt5-xlsum"]["licence_class"] == NON_COMMERCIAL
    assert rows["nllb-200-distilled-600M"]["licence_class"] == NON_COMMERCIAL
    text = run("models", "list").stdout
    line = next(row for row in text.splitlines() if row.startswith("madlad400-3b-mt"))
    assert "google/madlad400-3b-mt@fa184c675da0" in line and "permissive" in line and "permissive-default:kk" in line


def test_permissive_russian_abstractive_summary_is_the_english_one_translated(marian_dir, isolated_home, tmp_path):
    """With only bart-large-cnn cached: under `any` the Russian summary needs mT5 XL-Sum; under `permissive` it never asks."""
    from tests.tiny_summarizers import build_bart

    bart = find_spec("bart-large-cnn")
    _fake_hub_cache(isolated_home / "hf-cache", bart.model_id, bart.revision, build_bart(tmp_path / "bart"))
    args = ["summarize", str(SAMPLE), "--to", "ru", "--method", "abstractive", "--translator", str(marian_dir),
            "--backend", "transformers", "--no-memory", "--format", "json"]
    refused = run(*args, "--licence", "any")
    assert refused.exit_code == 1 and "csebuetnlp/mT5_multilingual_XLSum" in refused.stderr
    result = run(*args, "--licence", "permissive")
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)["summaries"]
    assert summary["language"] == "ru" and summary["requested_method"] == "abstractive"
    # The tiny BART writes gibberish, which the guard may reject; either way BART summarised, never mT5.
    summarizer = summary["models"]["summarizer"]
    assert (summarizer or {}).get("id") == "facebook/bart-large-cnn" or "facebook/bart-large-cnn" in " ".join(summary["notes"])
    assert "XLSum" not in json.dumps(summary)
    assert summary["models"]["translator"]["id"] == str(marian_dir)

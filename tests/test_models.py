"""Model registry, cache lookup and the offline fail-fast path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO, SAMPLE
from translate.errors import ModelError, UnsupportedLanguage
from translate.languages import resolve_language
from translate.registry import DEFAULTS, REGISTRY, resolve_model


def run(*args):
    return CliRunner().invoke(cli.main, list(args))


def test_every_registered_model_is_pinned_to_a_commit():
    for spec in REGISTRY:
        assert re.fullmatch(r"[0-9a-f]{40}", spec.revision), spec.name
        assert spec.license and spec.size
    assert DEFAULTS[("translation", "ru")] == "opus-mt-tc-big-en-zle"
    assert DEFAULTS[("translation", "kk")] == "nllb-200-distilled-600M"


@pytest.mark.parametrize(
    "name, lang, model_id, revision",
    [
        (None, "ru", "Helsinki-NLP/opus-mt-tc-big-en-zle", "708be1d372fe4c358a352f404e6dc9ca0126ba48"),
        ("opus-mt-en-ru", "ru", "Helsinki-NLP/opus-mt-en-ru", "bb09c99d180016eac6819df3dae68edb1690fdee"),
        ("madlad400-3b-mt", "kk", "google/madlad400-3b-mt", "fa184c675da0b5c9e1c8694fccd4e12e2d422094"),
        (None, "kk", "facebook/nllb-200-distilled-600M", "f8d333a098d19b4fd9a8b18f94170487ad3f821d"),
        ("nllb-200-distilled-1.3B", "kk", "facebook/nllb-200-distilled-1.3B", "7be3e24664b38ce1cac29b8aeed6911aa0cf0576"),
        ("Helsinki-NLP/opus-mt-en-de", "de", "Helsinki-NLP/opus-mt-en-de", None),
        ("Helsinki-NLP/opus-mt-en-de@abc123", "de", "Helsinki-NLP/opus-mt-en-de", "abc123"),
    ],
)
def test_resolve_model(name, lang, model_id, revision):
    ref = resolve_model(name, resolve_language(lang))
    assert (ref.model_id, ref.revision, ref.local_dir) == (model_id, revision, None)


def test_resolve_local_directory(marian_dir):
    ref = resolve_model(str(marian_dir), resolve_language("ru"))
    assert ref.local_dir == marian_dir.resolve() and ref.label == str(marian_dir.resolve())


@pytest.mark.parametrize(
    "name, error, text",
    [
        ("bogus", ModelError, "opus-mt-en-ru, nllb-200-distilled-600M"),
        ("./missing-dir", ModelError, "model directory not found"),
        (None, UnsupportedLanguage, "no default translation model for German"),
    ],
)
def test_bad_model_names_list_the_valid_ones(name, error, text):
    with pytest.raises(error, match=re.escape(text)):
        resolve_model(name, resolve_language("de" if name is None else "ru"))


def test_models_list_shows_licence_size_and_cache_state():
    result = run("models", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["nllb-200-distilled-600M"]["license"].startswith("CC-BY-NC")
    assert rows["opus-mt-en-ru"]["cached"] is False
    text = run("models", "list").stdout
    assert "Helsinki-NLP/opus-mt-en-ru@bb09c99d1800" in text and "not cached" in text


def _fake_hub_cache(cache, repo_id, revision, model_dir):
    """Lay out a model exactly as huggingface_hub's cache stores it."""
    root = cache / ("models--" + repo_id.replace("/", "--"))
    snapshot = root / "snapshots" / revision
    shutil.copytree(model_dir, snapshot)
    (root / "refs").mkdir(parents=True)
    (root / "refs" / "main").write_text(revision)
    return snapshot


def test_cached_hub_model_is_found_offline(trained_marian_dir, isolated_home, monkeypatch):
    revision = "0123456789abcdef0123456789abcdef01234567"
    _fake_hub_cache(isolated_home / "hf-cache", "tilshi-test/tiny-opus-mt-en-ru", revision, trained_marian_dir)
    result = run("translate", str(SAMPLE), "--to", "ru", "--model", f"tilshi-test/tiny-opus-mt-en-ru@{revision}",
                 "--backend", "transformers", "--format", "json", "--beams", "1", "--no-memory")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["translations"][0]
    assert (doc["model_id"], doc["revision"]) == ("tilshi-test/tiny-opus-mt-en-ru", revision)


@pytest.mark.parametrize("offline_env", ["1", None])
def test_missing_model_fails_fast_with_a_clear_message(tmp_path, offline_env):
    """Out of the box transformers retries the hub for ~50 s here; tilshi must answer within 10 s."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "HF_HUB_OFFLINE"}
    env["HF_HUB_CACHE"] = str(tmp_path / "empty-cache")
    env["TILSHI_HOME"] = str(tmp_path / "home")
    if offline_env:
        env["HF_HUB_OFFLINE"] = offline_env
    else:
        # A hub that cannot be resolved, as on an offline laptop (.invalid never resolves).
        env["HF_ENDPOINT"] = "https://hub.tilshi.invalid"
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "translate", str(SAMPLE), "--to", "ru", "--backend", "transformers"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert elapsed < 10, elapsed
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("Error: model Helsinki-NLP/opus-mt-tc-big-en-zle")
    assert "tilshi models pull" in proc.stderr and "--model PATH" in proc.stderr


def test_pull_without_a_hub_says_so():
    result = run("models", "pull", "ru")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot download Helsinki-NLP/opus-mt-tc-big-en-zle") and result.stderr.count("\n") == 1


def test_pull_of_a_local_directory_is_a_no_op(marian_dir):
    result = run("models", "pull", "ru", "--model", str(marian_dir))
    assert result.exit_code == 0 and str(marian_dir) in result.stderr


def test_readme_main_command_with_the_registered_defaults(trained_nllb_dir, isolated_home, tmp_path, tmp_path_factory, monkeypatch):
    """The README's main job, `tilshi translate … --to ru,kk -o out/`, through the registry's pinned ids.

    The Russian default is multi-target (>>rus<< / >>ukr<< / >>bel<<), so its stand-in is a tiny Marian
    model with those codes and no single target language: the >>rus<< prefix must be found and used.
    """
    from tests.tiny_models import build_marian
    from translate.registry import find_spec

    zle = build_marian(tmp_path_factory.mktemp("zle") / "tiny-opus-mt-tc-big-en-zle", target_codes=(">>rus<<", ">>ukr<<", ">>bel<<"))
    for name, model_dir in (("opus-mt-tc-big-en-zle", zle), ("nllb-200-distilled-600M", trained_nllb_dir)):
        spec = find_spec(name)
        _fake_hub_cache(isolated_home / "hf-cache", spec.model_id, spec.revision, model_dir)
    monkeypatch.chdir(tmp_path)
    result = run("translate", str(SAMPLE), "--to", "ru,kk", "-o", "out/")
    assert result.exit_code == 0, result.output
    for lang in ("ru", "kk"):
        out = tmp_path / "out" / f"osce-astana-2014-09-29.{lang}.md"
        assert out.read_text(encoding="utf-8").count("\n") == SAMPLE.read_text(encoding="utf-8").count("\n")
    listing = json.loads(run("models", "list", "--json").stdout)
    assert {row["name"] for row in listing if row["cached"]} == {"opus-mt-tc-big-en-zle", "nllb-200-distilled-600M"}

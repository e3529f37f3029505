"""Inputs named or decoded rightly: UTF-16 text, a model directory that is not one, a model that hides its target."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

import cli
from translate.errors import InputError, UnsupportedLanguage
from translate.textio import decode_text, read_text

TEXT = "Astana, 29 September 2014 – The OSCE Centre.\nSecond line: «кавычки» and қазақша.\n"


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_bom_is_decoded(tmp_path, encoding, bom):
    path = tmp_path / "release.md"
    path.write_bytes(bom + TEXT.encode(encoding))
    assert read_text(path) == TEXT
    assert decode_text(bom + TEXT.encode(encoding), "x") == TEXT


def test_utf16_without_a_bom_is_named(tmp_path):
    path = tmp_path / "release.md"
    path.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(InputError) as info:
        read_text(path)
    assert "UTF-16" in str(info.value)


def test_models_pull_refuses_a_directory_that_is_not_a_model(tmp_path):
    not_a_model = tmp_path / "etc"
    not_a_model.mkdir()
    (not_a_model / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["models", "pull", "--model", str(not_a_model)])
    assert result.exit_code != 0 and result.output.startswith("Error:") and "Ready" not in result.output
    assert "not a model directory" in result.output


def test_marian_directory_without_target_metadata_refuses_an_unverifiable_target(marian_dir, tmp_path, sample_text):
    """No target_lang in its tokenizer config and no opus-mt-SRC-TGT name: tilshi can't know what it outputs."""
    anonymous = tmp_path / "my-model"
    shutil.copytree(marian_dir, anonymous)
    config_path = anonymous / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config.pop("target_lang", None)
    config_path.write_text(json.dumps(config), encoding="utf-8")
    source = tmp_path / "in.md"
    source.write_text("The OSCE Centre in Astana.\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", "kk", "--model", str(anonymous),
                                           "--backend", "transformers", "--no-memory"])
    assert result.exit_code != 0 and result.output.startswith("Error:"), result.output
    assert "target_lang" in result.output
    from translate.backends.families import addressing
    from translate.languages import resolve_language

    with pytest.raises(UnsupportedLanguage):
        addressing("marian", object(), str(anonymous), resolve_language("en"), resolve_language("kk"))


def test_a_multi_line_model_error_is_one_line(tmp_path):
    """transformers explains an unknown architecture over several lines; the user gets one Error: line."""
    model = tmp_path / "odd-model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "no-such-architecture"}', encoding="utf-8")
    (model / "tokenizer.json").write_text("{}", encoding="utf-8")
    (model / "model.safetensors").write_bytes(b"not weights")
    source = tmp_path / "in.md"
    source.write_text("Hello world.\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", "ru", "--model", str(model),
                                           "--backend", "ctranslate2", "--no-memory"])
    lines = [line for line in result.output.splitlines() if line.startswith("Error:") or line.strip() and "Converting" not in line]
    assert result.exit_code != 0 and len(lines) == 1 and lines[0].startswith("Error:"), result.output

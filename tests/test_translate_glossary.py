"""The glossary inside `tilshi translate`: the model's own mistakes are post-edited, in case."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli

SOURCE = "Customs officers from Kyrgyzstan took part.\n\nTalgat Bashev said:\n\nThe event has been co-organized by the OSCE Centre in Astana.\n"
RAW = "Сотрудники таможни из Киргизии приняли участие.\n\nТалгат Башиев сказал:\n\nМероприятие организовано Центром ОБСЕ в Астане.\n"
FIXED = "Сотрудники таможни из Кыргызстана приняли участие.\n\nТалгат Башев сказал:\n\nМероприятие организовано Центром ОБСЕ в Астане.\n"


@pytest.fixture()
def source_file(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli.main, list(args))


@pytest.mark.parametrize("flags, expected", [((), FIXED), (("--no-glossary",), RAW)])
def test_glossary_applies_by_default(trained_marian_dir, source_file, flags, expected):
    result = run("translate", str(source_file), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", *flags)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    if flags:
        assert "term accuracy" not in result.stderr
    else:
        assert "ru: 3/3 glossary terms as specified (term accuracy 100%)" in result.stderr


def test_term_accuracy_in_json(trained_marian_dir, source_file):
    result = run("translate", str(source_file), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--format", "json")
    doc = json.loads(result.stdout)["translations"][0]
    assert doc["terms"]["term_accuracy"] == 1.0
    found = {t["source"]: t["found"] for t in doc["terms"]["terms"]}
    assert found["Kyrgyzstan"] == "Кыргызстана" and found["Talgat Bashev"] == "Талгат Башев"
    assert [s["target"] for s in doc["segments"]] == [line for line in FIXED.split("\n") if line]


def test_extra_glossary_file_overrides_the_store(trained_marian_dir, source_file, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("en,ru,kk,type\nTalgat Bashev,Талгат Бащев,Талғат Башев,person\n", encoding="utf-8")
    result = run("translate", str(source_file), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--glossary", str(extra))
    assert result.exit_code == 0, result.output
    assert "Талгат Бащев сказал:" in result.stdout


def test_malformed_glossary_file_stops_before_any_output(trained_marian_dir, source_file, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("en,ru\nOSCE,ОБСЕ,extra,cells\n", encoding="utf-8")
    out = tmp_path / "out.md"
    result = run("translate", str(source_file), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--glossary", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "bad.csv" in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()

"""A --glossary file and the store: same concept united, a different preferred rendering lets the file win."""

import json

import pytest
from click.testing import CliRunner

import cli
from translate.glossary import apply_glossary, load_glossary

CASES = [
    # same preferred: the store's avoid list (Киргизия) survives next to the file's own variant
    ("en,ru,kk\nKyrgyzstan,Кыргызстан|Кыргызская Республика,Қырғызстан\n",
     "Staff from Kyrgyzstan.", "Сотрудники из Киргизии.", "Сотрудники из Кыргызстана.", "starter+"),
    ("en,ru,kk\nKyrgyzstan,Кыргызстан|Кыргызская Республика,Қырғызстан\n",
     "Staff from Kyrgyzstan.", "Сотрудники из Кыргызской Республики.", "Сотрудники из Кыргызской Республики.", "starter+"),
    # different preferred: the file wins for this run
    ("en,ru,kk\nKyrgyzstan,Киргизия,Қырғызстан\n",
     "Staff from Kyrgyzstan.", "Сотрудники из Киргизии.", "Сотрудники из Киргизии.", ""),
]


@pytest.mark.parametrize("csv,source,mt,expected,origin_prefix", CASES)
def test_file_and_store_merge(tmp_path, csv, source, mt, expected, origin_prefix):
    path = tmp_path / "mine.csv"
    path.write_text(csv, encoding="utf-8")
    termbase = load_glossary([path])
    edited, report = apply_glossary(source, mt, "ru", termbase)
    assert edited == expected
    (term,) = report.terms
    assert term.origin == origin_prefix + str(path)


def test_store_only_terms_say_where_they_came_from():
    _, report = apply_glossary("Staff from Kyrgyzstan.", "Сотрудники из Киргизии.", "ru", load_glossary())
    assert report.terms[0].origin == "starter"


def test_check_json_has_status_offsets_and_origin(tmp_path):
    src, mt = tmp_path / "en.txt", tmp_path / "ru.txt"
    src.write_text("Staff from Kyrgyzstan.\n", encoding="utf-8")
    mt.write_text("Сотрудники из Киргизии.\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["glossary", "check", str(src), str(mt), "--to", "ru", "--json"])
    assert result.exit_code == 1, result.output
    (term,) = json.loads(result.stdout)["terms"]
    assert (term["status"], term["source_start"], term["source_end"]) == ("missing", 11, 21)
    assert (term["target_start"], term["target_end"], term["origin"]) == (14, 22, "starter")

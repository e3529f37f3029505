"""`tilshi summarize`: output formats and destinations, translation, bad input, speed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO, SAMPLE

LEAD = "A two-day regional workshop on countering the smuggling of goods began today in Astana."
SECOND = (
    "The event has been co-organized by the OSCE Centre in Astana and Kazakhstan’s Customs Committee of the "
    "Finance Ministry in co-operation with the United States Embassy in Astana and the United Nations Office on "
    "Drugs and Crime."
)


@pytest.fixture(autouse=True)
def _one_thread(one_thread):
    """Every test here runs tiny models on one thread."""


def run(args, **kwargs):
    return CliRunner().invoke(cli.main, ["summarize", *args], **kwargs)


def test_two_sentences_to_stdout():
    result = run([str(SAMPLE), "--to", "en", "--sentences", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{LEAD} {SECOND}\n"
    assert result.stderr == ""


def test_markdown_bullets():
    result = run([str(SAMPLE), "--to", "en", "--sentences", "2", "--format", "md"])
    assert result.stdout == f"- {LEAD}\n- {SECOND}\n"


def test_json_has_method_models_and_positions():
    result = run([str(SAMPLE), "--to", "en", "--words", "60", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == str(SAMPLE)
    [summary] = data["summaries"]
    assert summary["method"] == "extractive" and summary["fallback"] is False
    assert summary["models"] == {"summarizer": None, "translator": None}
    assert summary["sentences"][0] == {"text": LEAD, "position": 0}
    assert all(isinstance(s["position"], int) for s in summary["sentences"])
    assert len(summary["text"].split()) <= 60


def test_stdin_input():
    result = run(["-", "--to", "en", "--sentences", "1"], input=SAMPLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout == LEAD + "\n"


@pytest.mark.parametrize("name, expected_start", [("s.md", "- A two-day"), ("s.txt", "A two-day"), ("s.json", "{")])
def test_output_file_format_follows_suffix(tmp_path, name, expected_start):
    out = tmp_path / name
    result = run([str(SAMPLE), "--to", "en", "--sentences", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith(expected_start)


@pytest.mark.parametrize("fmt, expected", [
    ("txt", "English (en)\n{lead}\n\nRussian (ru)\n{ru}\n"),
    ("md", "## English (en)\n\n- {lead}\n\n## Russian (ru)\n\n- {ru}\n"),
])
def test_several_languages_to_stdout_under_headers(trained_marian_dir, fmt, expected):
    """Short summaries in several languages share stdout, each under its language (no -o needed)."""
    result = run([str(SAMPLE), "--to", "en,ru", "--sentences", "1", "--format", fmt,
                  "--translator", str(trained_marian_dir), "--backend", "transformers", "--no-memory"])
    assert result.exit_code == 0, result.output
    [ru] = [line for line in result.stdout.splitlines() if line and line[0] in "-" + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдежзийклмнопрстуфхцчшщэюя"
            and not line.startswith("- A two-day")] or [""]
    ru = ru.removeprefix("- ")
    assert ru and any("а" <= ch <= "я" for ch in ru.lower())
    assert result.stdout == expected.format(lead=LEAD, ru=ru)


def test_ru_kk_extractive_into_a_directory(tmp_path, nllb_dir):
    out = tmp_path / "summaries"
    result = run([str(SAMPLE), "--to", "en,ru,kk", "--sentences", "2", "--translator", str(nllb_dir), "-o", str(out),
                  "--format", "json", "--device", "cpu", "--no-memory"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"osce-astana-2014-09-29.summary.{c}.json" for c in ("en", "kk", "ru")]
    for code in ("ru", "kk"):
        [summary] = json.loads((out / f"osce-astana-2014-09-29.summary.{code}.json").read_text(encoding="utf-8"))["summaries"]
        assert summary["language"] == code and summary["method"] == "extractive"
        assert summary["models"]["translator"]["id"] == str(nllb_dir)
        assert [s["position"] for s in summary["sentences"]] == [0, 1]
        assert [s["source"] for s in summary["sentences"]] == [LEAD, SECOND]
        assert all(s["text"] for s in summary["sentences"])


def test_ru_with_glossary_reports_terms(tmp_path, marian_dir):
    glossary = tmp_path / "terms.csv"
    glossary.write_text("en,ru,kk\nworkshop,семинар,семинар\n", encoding="utf-8")
    result = run([str(SAMPLE), "--to", "ru", "--sentences", "1", "--translator", str(marian_dir), "--glossary",
                  str(glossary), "--format", "json", "--device", "cpu", "--no-memory"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)["summaries"]
    assert "workshop" in {term["source"] for term in summary["terms"]["terms"]}
    no_glossary = run([str(SAMPLE), "--to", "ru", "--sentences", "1", "--translator", str(marian_dir), "--no-glossary",
                       "--format", "json", "--device", "cpu", "--no-memory"])
    assert "terms" not in json.loads(no_glossary.stdout)["summaries"][0]


# ---------------------------------------------------------------- bad input


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


BAD = [
    ("missing", lambda t: [str(t / "nope.md"), "--to", "en"], "input file not found"),
    ("empty", lambda t: [_write(t, "e.md", b"  \n"), "--to", "en"], "is empty"),
    ("binary", lambda t: [_write(t, "b.md", b"\x00\x01PNG"), "--to", "en"], "binary"),
    ("latin-1", lambda t: [_write(t, "l.md", "Café déjà.".encode("latin-1")), "--to", "en"], "not valid UTF-8"),
    ("directory", lambda t: [str(t), "--to", "en"], "is a directory"),
    ("headline-only", lambda t: [_write(t, "h.md", b"Just a headline\n"), "--to", "en"], "no sentences"),
    ("zero-sentences", lambda t: [str(SAMPLE), "--to", "en", "--sentences", "0"], "must be at least 1"),
    ("negative-words", lambda t: [str(SAMPLE), "--to", "en", "--words", "-5"], "must be at least 1"),
    ("not-a-number", lambda t: [str(SAMPLE), "--to", "en", "--words", "many"], "many"),
    ("both-lengths", lambda t: [str(SAMPLE), "--to", "en", "--sentences", "2", "--words", "30"], "not both"),
    ("unknown-language", lambda t: [str(SAMPLE), "--to", "en,xx"], "unknown language 'xx'"),
    ("no-language", lambda t: [str(SAMPLE), "--to", ","], "no target language"),
    ("unknown-method", lambda t: [str(SAMPLE), "--to", "en", "--method", "magic"], "magic"),
    ("no-output-dir", lambda t: [str(SAMPLE), "--to", "en", "-o", str(t / "missing" / "s.txt")], "does not exist"),
    ("unknown-model", lambda t: [str(SAMPLE), "--to", "en", "--method", "abstractive", "--model", "no-such-model"], "unknown model"),
    ("missing-model-dir", lambda t: [str(SAMPLE), "--to", "en", "--method", "abstractive", "--model", "./missing/model"], "not found"),
    ("kk-abstractive-offline", lambda t: [str(SAMPLE), "--to", "kk", "--method", "abstractive"], "not in the local cache"),
]


@pytest.mark.parametrize("args, message", [pytest.param(a, m, id=i) for i, a, m in BAD])
def test_bad_input_is_one_clear_line(tmp_path, args, message):
    out = tmp_path / "out.txt"
    argv = args(tmp_path)
    if "-o" not in argv:
        argv += ["-o", str(out)] if message != "-o DIR" else []
    result = run(argv)
    assert result.exit_code != 0
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert message in lines[0]
    assert result.stdout == ""
    assert not out.exists()


def test_nothing_written_when_a_translation_model_is_missing(tmp_path):
    out = tmp_path / "dir"
    out.mkdir()
    result = run([str(SAMPLE), "--to", "en,ru", "-o", str(out)])
    assert result.exit_code == 1
    assert "Helsinki-NLP/opus-mt-tc-big-en-zle" in result.stderr and "--translator PATH" in result.stderr
    assert list(out.iterdir()) == []


# ---------------------------------------------------------------- speed


def test_extractive_command_runs_from_the_shell():
    """The installed command works end to end (its speed is measured in benchmarks/summarize_speed.py)."""
    exe = shutil.which("tilshi")
    argv = [exe] if exe else [sys.executable, "-m", "cli"]
    out = subprocess.run([*argv, "summarize", str(SAMPLE), "--to", "en", "--sentences", "2"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"{LEAD} {SECOND}\n"


def test_translated_summary_reports_term_accuracy(trained_marian_dir, tmp_path):
    source = tmp_path / "release.md"
    source.write_text("Customs officers from Kyrgyzstan took part.\n\nThank you.\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["summarize", str(source), "--to", "ru", "--sentences", "1",
                                           "--translator", str(trained_marian_dir), "--backend", "transformers"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Сотрудники таможни из Кыргызстана приняли участие.\n"
    assert "ru: 1/1 glossary terms as specified (term accuracy 100%)" in result.stderr

"""`tilshi translate` end to end, with tiny real-architecture models."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import SAMPLE
from tests.skeleton import skeleton
from tests.tiny_models import PAIRS

UNSEEN_RELEASE = """OSCE Programme Office trains journalists in Almaty

![](https://www.osce.org/files/f/images/hires/1/2/3.jpg)

ALMATY, 12 May 2016. – Thirty journalists from Kazakhstan took part in a course on media ethics. Dr. A. Smith of the U.S. Embassy led it.

The course covered:
- fact-checking, e.g. of official statistics (3.5 per cent of GDP);
- safety online, see [the guide](https://www.osce.org/guide.pdf?x=1) and https://example.org/a.

> “Journalists need skills,” said Mr. Jones. “We will continue.”

For more information contact press@osce.org or call `+7 727 000 00 00`.
"""


def run(*args, input=None):
    return CliRunner().invoke(cli.main, list(args), input=input)


def test_sample_release_keeps_its_skeleton(trained_marian_dir):
    result = run("translate", str(SAMPLE), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--no-memory")
    assert result.exit_code == 0, result.output
    source = SAMPLE.read_text(encoding="utf-8")
    assert skeleton(result.stdout) == skeleton(source)
    assert " – " in result.stdout.split("\n")[2]  # the dateline's dash stays in place
    assert "Astana" not in result.stdout.split("\n")[3]  # human text was translated


def test_unseen_release_keeps_its_skeleton_in_both_families(trained_marian_dir, trained_nllb_dir, tmp_path):
    source = tmp_path / "release.md"
    source.write_text(UNSEEN_RELEASE, encoding="utf-8")
    for model, lang in ((trained_marian_dir, "ru"), (trained_nllb_dir, "kk")):
        result = run("translate", str(source), "--to", lang, "--model", str(model), "--backend", "transformers", "--beams", "2")
        assert result.exit_code == 0, result.output
        assert skeleton(result.stdout) == skeleton(UNSEEN_RELEASE)
        for protected in ("(https://www.osce.org/guide.pdf?x=1)", "https://example.org/a", "press@osce.org", "`+7 727 000 00 00`"):
            assert result.stdout.count(protected) == 1


def test_memorised_sentences_come_from_the_model(trained_marian_dir, trained_nllb_dir, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(PAIRS["ru"][0][0] + "\n\n" + PAIRS["ru"][4][0] + "\n", encoding="utf-8")
    result = run("translate", str(source), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--no-glossary")
    assert result.stdout == PAIRS["ru"][0][1] + "\n\n" + PAIRS["ru"][4][1] + "\n"
    result = run("translate", str(source), "--to", "kaz_Cyrl", "--model", str(trained_nllb_dir), "--backend", "transformers", "--no-glossary")
    assert result.stdout == PAIRS["kk"][0][1] + "\n\n" + PAIRS["kk"][2][1] + "\n"


def test_several_targets_write_one_file_each(trained_nllb_dir, tmp_path):
    out = tmp_path / "out"
    result = run("translate", str(SAMPLE), "--to", "ru,kk", "--model", str(trained_nllb_dir), "--backend", "transformers", "-o", str(out), "--beams", "1")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["osce-astana-2014-09-29.kk.md", "osce-astana-2014-09-29.ru.md"]
    for path in out.iterdir():
        assert skeleton(path.read_text(encoding="utf-8")) == skeleton(SAMPLE.read_text(encoding="utf-8"))
    assert result.stdout == ""


def test_json_lists_segments_in_order_with_model_and_revision(trained_marian_dir):
    result = run("translate", str(SAMPLE), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--format", "json", "--beams", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (doc,) = data["translations"]
    assert doc["language"] == "ru" and doc["model_id"] == str(trained_marian_dir) and doc["backend"] == "transformers"
    assert "revision" in doc and doc["settings"]["beams"] == 1
    sources = [s["source"] for s in doc["segments"]]
    assert sources[0] == "OSCE Centre supports Regional Workshop on Countering Smuggling"
    assert sources[1] == "ASTANA, 29 September 2014."
    assert sources[-1] == "It was tailored to address the challenges related to Kazakhstan’s forthcoming accession to the World Trade Organization."
    assert all(s["target"] for s in doc["segments"])


def test_stdin_and_bom(trained_marian_dir):
    text = "\ufeff" + PAIRS["ru"][4][0] + "\n"
    result = run("translate", "-", "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "\ufeff" + PAIRS["ru"][4][1] + "\n"  # the BOM is kept, like every byte of the skeleton


def test_long_sentence_is_split_not_truncated(trained_marian_dir, tmp_path):
    # The tiny model accepts 64 positions; this sentence is far longer.
    long_sentence = "Thank you, " * 60 + "Astana."
    source = tmp_path / "long.txt"
    source.write_text(long_sentence, encoding="utf-8")
    result = run("translate", str(source), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "--format", "json", "--beams", "1")
    assert result.exit_code == 0, result.output
    (segment,) = json.loads(result.stdout)["translations"][0]["segments"]
    assert segment["source"] == long_sentence
    assert len(segment["target"]) > 200  # every piece was translated and joined


def test_existing_output_is_not_clobbered_when_the_run_fails(tmp_path, trained_marian_dir):
    out = tmp_path / "out.md"
    out.write_text("previous translation", encoding="utf-8")
    result = run("translate", str(SAMPLE), "--to", "de", "--model", str(trained_marian_dir), "--backend", "transformers", "-o", str(out))
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous translation"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_output_file_is_written_atomically(tmp_path, trained_marian_dir):
    out = tmp_path / "out.md"
    out.write_text("previous", encoding="utf-8")
    result = run("translate", str(SAMPLE), "--to", "ru", "--model", str(trained_marian_dir), "--backend", "transformers", "-o", str(out), "--beams", "1")
    assert result.exit_code == 0, result.output
    assert skeleton(out.read_text(encoding="utf-8")) == skeleton(SAMPLE.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]  # no temporary files left


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Café in Astana.".encode("latin-1"))
    no_tokenizer = tmp_path / "no-tokenizer"
    no_tokenizer.mkdir()
    (no_tokenizer / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    (no_tokenizer / "model.safetensors").write_bytes(b"")
    return {
        "missing": ([str(tmp_path / "nope.md"), "--to", "ru"], "not found"),
        "directory": ([str(tmp_path), "--to", "ru"], "directory"),
        "empty": ([str(empty), "--to", "ru"], "empty"),
        "binary": ([str(binary), "--to", "ru"], "binary"),
        "not utf-8": ([str(latin1), "--to", "ru"], "UTF-8"),
        "unknown language": ([str(SAMPLE), "--to", "xx"], "unknown language 'xx'"),
        "no language": ([str(SAMPLE), "--to", ","], "no target language"),
        "nonexistent model path": ([str(SAMPLE), "--to", "ru", "--model", str(tmp_path / "missing-model")], "model directory not found"),
        "model dir without tokenizer": ([str(SAMPLE), "--to", "ru", "--model", str(no_tokenizer)], "no tokenizer"),
        "unknown model name": ([str(SAMPLE), "--to", "ru", "--model", "bogus"], "unknown model 'bogus'"),
        "no default model": ([str(SAMPLE), "--to", "de"], "no default translation model for German"),
        "several targets to stdout": ([str(SAMPLE), "--to", "ru,kk"], "-o DIR"),
        "output dir missing": ([str(SAMPLE), "--to", "ru", "-o", str(tmp_path / "no" / "such" / "out.md")], "does not exist"),
    }


BAD = ["missing", "directory", "empty", "binary", "not utf-8", "unknown language", "no language", "nonexistent model path",
       "model dir without tokenizer", "unknown model name", "no default model", "several targets to stdout", "output dir missing"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_gets_one_error_line(case, tmp_path):
    args, message = _bad_inputs(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run("translate", *args, "--backend", "transformers")
    assert result.exit_code != 0
    assert result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("lang", ["de", "ru"])
def test_language_the_model_cannot_produce(trained_nllb_dir, trained_marian_dir, lang):
    model = trained_nllb_dir if lang == "de" else trained_marian_dir
    target = lang if lang == "de" else "kk"
    result = run("translate", str(SAMPLE), "--to", target, "--model", str(model), "--backend", "transformers")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: model ") and "cannot translate into" in result.stderr

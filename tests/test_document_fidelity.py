"""Text fidelity: user brackets, HTML comments and blocks, nested markers, line breaks and BOM survive translation."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli import main
from tests.fakes import FunctionTranslator
from translate.document import parse_document
from translate.pipeline import TranslateOptions, translate_document


def translate(text: str, fmt: str = "md") -> tuple[str, list[str]]:
    translator = FunctionTranslator(str.upper, "shout")
    options = TranslateOptions(translator=translator, glossary=False, memory=False, progress=False)
    (result,) = translate_document(text, ["ru"], options, fmt=fmt)
    return result.text, translator.seen


# --- item 6: bracketed numbers are the user's text; tilshi's placeholders never collide with them


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_bracketed_numbers_survive(fmt):
    out, seen = translate("The report [2014] cites reference [123] and [ 101 ], see https://osce.org/a.\n", fmt)
    assert out == "THE REPORT [2014] CITES REFERENCE [123] AND [ 101 ], SEE https://osce.org/a.\n"
    # The URL's placeholder is a number the user did not write.
    (sentence,) = seen
    url_key = re.findall(r"\[(\d+)\]", sentence)[-1]
    assert url_key not in ("2014", "123", "101")


def test_restore_only_touches_placeholders_of_this_unit():
    document = parse_document("See [2014] at www.osce.org today.\n\nNothing [102] here.\n")
    first, second = document.units
    (key,) = first.placeholders
    assert key not in ("2014", "102")
    # The model repeated the placeholder and moved the user's number: each comes back once, the number as is.
    assert document.restore(0, f"[2014] Смотрите [{key}] сегодня [{key}].", first.text, []) == "[2014] Смотрите www.osce.org сегодня ."
    # Another unit's placeholder is not this unit's; an invented number not in the source is dropped.
    assert document.restore(1, f"Ничего [102] [{key}] [999].", second.text, []) == "Ничего [102]  ."


# --- item 7: HTML comments and raw HTML blocks are skeleton

HTML_DOCUMENT = """Intro sentence here.
<!-- editor's note: check the figure
with the ministry before release -->
Body text continues <!-- inline note --> after a comment.
<script>
var greeting = "Hello there.";
</script>
<style type="text/css">
p { color: red } /* Thank you. */
</style>
<pre>
  Preformatted words stay.
</pre>
<textarea>Type here.</textarea>
<?xml version="1.0"?>
<!DOCTYPE html>
<![CDATA[
Raw data text.
]]>
<!-- one-line comment --> and trailing words stay too
Closing sentence here.
"""


def test_html_comments_and_blocks_never_reach_the_model():
    out, seen = translate(HTML_DOCUMENT)
    sent = "\n".join(seen)
    for hidden in ("editor", "ministry", "inline note", "Hello", "color", "Thank", "Preformatted", "Type here", "xml",
                   "DOCTYPE", "Raw data", "one-line", "trailing"):
        assert hidden not in sent
    assert seen == ["Intro sentence here.", "Body text continues [101] after a comment.", "Closing sentence here."]
    expected = (HTML_DOCUMENT.replace("Intro sentence here.", "INTRO SENTENCE HERE.")
                .replace("Body text continues", "BODY TEXT CONTINUES").replace("after a comment.", "AFTER A COMMENT.")
                .replace("Closing sentence here.", "CLOSING SENTENCE HERE."))
    assert out == expected


def test_an_unclosed_html_block_runs_to_the_end():
    out, seen = translate("Text here.\n<!-- never closed\nSecret words.\n")
    assert seen == ["Text here."] and out == "TEXT HERE.\n<!-- never closed\nSecret words.\n"


# --- item 8: nested markers, line breaks, BOM


@pytest.mark.parametrize(
    "line, prefix",
    [
        ("> - An item in a quote.", "> - "),
        ("> 1. A numbered item in a quote.", "> 1. "),
        ("> ## A heading in a quote", "> ## "),
        ("> > A quote in a quote.", "> > "),
        ("> - [ ] A task in a quote.", "> - [ ] "),
        ("- > A quote in an item.", "- > "),
        ("- - An item in an item.", "- - "),
        ("1. - An item in a numbered item.", "1. - "),
        ("  - An indented item.", "  - "),
        ("## Closed heading ##", "## "),
    ],
)
def test_nested_markers_are_all_kept(line, prefix):
    out, seen = translate(line + "\n")
    (text,) = seen
    assert not text.startswith(("-", ">", "#", "1.", "["))
    assert out.startswith(prefix) and out == prefix + text.upper() + line[len(prefix) + len(text):] + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "Title\r\n\r\nFirst paragraph here.\r\n- An item.\r\n",
        "Title\r\rFirst paragraph here.\r",
        "Title\n\r\nFirst paragraph here.\rSecond one.\r\n- An item.\n",
        "\ufeffTitle\r\n\r\nA wrapped paragraph that\r\ngoes on to a second line.\r\n",
        "\ufeff# Title\n\nText.",
    ],
)
@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_line_breaks_and_bom_are_kept(text, fmt):
    out, _seen = translate(text, fmt)
    assert out.startswith("\ufeff") == text.startswith("\ufeff")
    assert re.findall(r"\r\n|\r|\n", out) == re.findall(r"\r\n|\r|\n", text)
    assert out.upper() == text.upper()  # only the words changed


def test_translate_command_writes_crlf_and_bom_back(tmp_path, trained_marian_dir):
    source = tmp_path / "release.md"
    source.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nThe workshop began today.\r\n")
    out = tmp_path / "release.ru.md"
    result = CliRunner().invoke(main, ["translate", str(source), "--to", "ru", "--model", str(trained_marian_dir),
                                       "--backend", "transformers", "--no-memory", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3 and data.count(b"\n") == 3


GLOSSARY_SOURCE = "The OSCE Centre in Astana opened.\r\n\r\nNothing else.\r\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_glossary_apply_that_changes_nothing_returns_the_input_bytes(tmp_path, bom):
    source = tmp_path / "en.md"
    translation = tmp_path / "ru.md"
    source.write_bytes(bom + GLOSSARY_SOURCE.encode())
    exact = bom + "Центр ОБСЕ в Астане открылся.\r\n\r\nБольше ничего.\r".encode()
    translation.write_bytes(exact)
    out = tmp_path / "out.md"
    result = CliRunner().invoke(main, ["glossary", "apply", str(source), str(translation), "--to", "ru", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == exact


def test_glossary_apply_keeps_crlf_around_an_edit(tmp_path):
    source = tmp_path / "en.md"
    translation = tmp_path / "ru.md"
    source.write_bytes(GLOSSARY_SOURCE.encode())
    translation.write_bytes("Киргизия и Центр ОБСЕ в Астане открылся.\r\n\r\nБольше ничего.\r\n".encode())
    source.write_bytes("Kyrgyzstan and the OSCE Centre in Astana opened.\r\n\r\nNothing else.\r\n".encode())
    out = tmp_path / "out.md"
    result = CliRunner().invoke(main, ["glossary", "apply", str(source), str(translation), "--to", "ru", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == "Кыргызстан и Центр ОБСЕ в Астане открылся.\r\n\r\nБольше ничего.\r\n".encode()

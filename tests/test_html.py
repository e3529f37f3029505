"""HTML releases: text and alt/title translated; every tag, attribute, URL, comment and code block byte-identical."""

from __future__ import annotations

import re

import lxml.html
import pytest
from click.testing import CliRunner

import cli
from tests.fakes import FunctionTranslator
import translate.pipeline as pipeline
from translate.html_io import attribute_spans

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>OSCE Centre supports Regional Workshop</title>
<link rel="stylesheet" href="/css/site.css?v=2&amp;x=1">
<style>p > b { color: #333; } /* Thank you. */</style>
<script>var s = "<p>Thank you.</p>"; if (a < b && c) { go(); }</script>
</head>
<body>
<!-- Press office: do not edit below -->
<header><p class="brand">OSCE Programme Office in Astana</p></header>
<h1 id="top">OSCE Centre supports Regional Workshop on Countering Smuggling</h1>
<p>A two-day regional workshop began today in Astana, said <strong>Talgat Bashev</strong>. The event has been
   co-organized by the OSCE Centre in Astana. See <a href="https://www.osce.org/astana?a=1&amp;b=2" title="OSCE Programme Office">the programme page</a>.</p>
<figure><img src="/img/workshop.jpg" alt="Customs officers at the workshop in Astana" width=300><figcaption><em>Customs officers</em> from Kyrgyzstan took part.</figcaption></figure>
<table>
<tr><th>Country</th><th>Officers</th></tr>
<tr><td>Kazakhstan</td><td>12</td></tr>
</table>
<pre>tilshi translate release.html --to ru,kk -o out/</pre>
<p>Run <code>tilshi --help</code> for more. Thank you.</p>
<footer><p>&copy; OSCE 2014. Thank you.</p></footer>
</body>
</html>
"""


def _upper(text: str) -> str:
    return re.sub(r"[^\[\]]+(?=\[|$)", lambda m: m.group(0).upper(), text)


def _move_span(text: str) -> str:
    match = re.search(r"\[(\d+)\][^\[]+\[(\d+)\]", text)
    return text if not match else (match.group(0) + " " + text[: match.start()] + text[match.end() :]).strip()


@pytest.fixture()
def fake(monkeypatch):
    def use(how):
        monkeypatch.setattr(pipeline, "build_translator", lambda target, options, cache=None: FunctionTranslator(how))

    return use


@pytest.fixture()
def page(tmp_path):
    path = tmp_path / "release.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def markup(html: str) -> list:
    """Every element's tag and attributes (alt, title and lang aside), every comment, and the text of code-like elements."""
    root = lxml.html.document_fromstring(html)
    rows = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            rows.append(("comment", element.text))
            continue
        attributes = {k: v for k, v in element.attrib.items() if k not in ("alt", "title", "lang")}
        rows.append((element.tag, attributes, element.text_content() if element.tag in ("script", "style", "pre", "code") else None))
    return rows


def test_identity_backend_changes_only_lang(page, tmp_path, fake):
    fake(lambda text: text)
    result = run("translate", page, "--to", "ru", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    assert result.stdout == PAGE.replace("<html>", '<html lang="ru">', 1)


def test_only_text_and_attribute_values_change(page, tmp_path, fake):
    fake(_upper)
    result = run("translate", page, "--to", "ru,kk", "-o", tmp_path / "out", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    kk = (tmp_path / "out" / "release.kk.html").read_text(encoding="utf-8")
    assert markup(kk) == markup(PAGE)
    assert '<html lang="kk">' in kk
    for verbatim in ("<style>p > b { color: #333; } /* Thank you. */</style>", '<script>var s = "<p>Thank you.</p>"; if (a < b && c) { go(); }</script>',
                     "<!-- Press office: do not edit below -->", "<pre>tilshi translate release.html --to ru,kk -o out/</pre>",
                     "<code>tilshi --help</code>", '<a href="https://www.osce.org/astana?a=1&amp;b=2" title="OSCE PROGRAMME OFFICE">',
                     '<img src="/img/workshop.jpg" alt="CUSTOMS OFFICERS AT THE WORKSHOP IN ASTANA" width=300>'):
        assert verbatim in kk
    assert "<strong>TALGAT BASHEV</strong>" in kk and "<title>OSCE CENTRE SUPPORTS REGIONAL WORKSHOP</title>" in kk
    assert "<em>CUSTOMS OFFICERS</em> FROM KYRGYZSTAN TOOK PART." in kk
    assert "<td>12</td>" in kk  # no words, not sent to the model


def test_inline_elements_follow_their_words(page, fake):
    fake(_move_span)
    result = run("translate", page, "--to", "ru", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    assert "<p><strong>Talgat Bashev</strong> A two-day regional workshop began today in Astana, said ." in result.stdout
    assert markup(result.stdout) == markup(PAGE)


def test_dropped_placeholders_are_reported(page, fake):
    fake(lambda text: re.sub(r"\[\d+\]", "", text))
    result = run("translate", page, "--to", "ru", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    assert "dropped the formatting marks around 'Talgat Bashev'" in result.stderr
    assert "said Talgat Bashev." in result.stdout  # the words stay, in the paragraph's own formatting
    assert "<code>tilshi --help</code>" in result.stdout  # an atom is never lost


def test_tiny_models_keep_the_markup(page, tmp_path, nllb_dir):
    result = run("translate", page, "--to", "ru,kk", "-o", tmp_path / "out", "--model", nllb_dir,
                 "--backend", "transformers", "--beams", "1", "--no-memory")
    assert result.exit_code == 0, result.output
    source = lxml.html.document_fromstring(PAGE)
    for lang in ("ru", "kk"):
        text = (tmp_path / "out" / f"release.{lang}.html").read_text(encoding="utf-8")
        out = lxml.html.document_fromstring(text)
        assert out.get("lang") == lang
        for tag in ("p", "h1", "table", "tr", "td", "img", "pre", "code", "script", "style", "figure"):
            assert len(out.findall(f".//{tag}")) == len(source.findall(f".//{tag}")), tag
        links = [a.get("href") for a in out.iter("a")]
        dropped = result.stderr.count(f"{lang}: paragraph")
        assert set(links) <= {a.get("href") for a in source.iter("a")} and len(links) + dropped >= 1
        assert out.find(".//h1").text_content() != source.find(".//h1").text_content()
        for verbatim in ("<!-- Press office: do not edit below -->", "<pre>tilshi translate release.html --to ru,kk -o out/</pre>"):
            assert verbatim in text


def test_glossary_repairs_a_bold_name_and_keeps_it_bold(tmp_path):
    (tmp_path / "en.html").write_text("<p><b>Talgat Bashev</b> said:</p>", encoding="utf-8")
    (tmp_path / "ru.html").write_text("<p><b>Талгат Башиев</b> сказал:</p>", encoding="utf-8")
    result = run("glossary", "apply", tmp_path / "en.html", tmp_path / "ru.html", "--to", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout == "<p><b>Талгат Башев</b> сказал:</p>"


def test_htm_extension_and_content_sniffing(tmp_path, fake):
    fake(lambda text: text)
    (tmp_path / "a.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")  # HTML whatever the name says
    for name, expected in (("a.htm", "a.ru.htm"), ("b.txt", "b.ru.html")):
        result = run("translate", tmp_path / name, "--to", "ru", "-o", f"{tmp_path}/out/", "--no-glossary", "--no-memory")
        assert result.exit_code == 0, result.output
        assert (tmp_path / "out" / expected).read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="ru">')


def test_existing_lang_is_replaced_and_bom_kept(tmp_path, fake):
    fake(lambda text: text)
    path = tmp_path / "p.html"
    path.write_bytes(b"\xef\xbb\xbf<html LANG='en' class=x><body><p>Thank you.</p></body></html>")
    result = run("translate", path, "--to", "kk", "-o", tmp_path / "out.html", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.html").read_bytes() == b"\xef\xbb\xbf<html LANG='kk' class=x><body><p>Thank you.</p></body></html>"


def test_empty_anchor_is_kept_and_xml_lang_set(tmp_path, fake):
    fake(lambda text: re.sub(r"\[\d+\]", "", text))  # a model that drops every placeholder
    path = tmp_path / "p.xhtml"
    path.write_text('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><body>'
                    '<p><a id="top"></a>Thank you.</p></body></html>', encoding="utf-8")
    result = run("translate", path, "--to", "ru", "--no-glossary", "--no-memory")
    assert result.exit_code == 0, result.output
    assert result.stdout == ('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru"><body>'
                             '<p>Thank you.<a id="top"></a></p></body></html>')


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes("<html><body><p>Café</p></body></html>".encode("latin-1"))
    result = run("translate", path, "--to", "ru", "-o", tmp_path / "out.html")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "UTF-8" in result.stderr
    assert not (tmp_path / "out.html").exists()


def test_summary_reads_html(page):
    result = run("summarize", page, "--to", "en", "--sentences", "1")
    assert result.exit_code == 0, result.output
    assert "<" not in result.stdout and "workshop" in result.stdout


@pytest.mark.parametrize("tag, expected", [
    ('<img src="a.jpg" alt="A photo">', [("src", "a.jpg"), ("alt", "A photo")]),
    ("<img alt='it''s' src=x>", [("alt", "it"), ("src", "x")]),
    ("<a title = \"T\" href=/x/>", [("title", "T"), ("href", "/x/")]),
    ("<input disabled value=>", [("value", "")]),
])
def test_attribute_spans(tag, expected):
    assert [(name, tag[s:e]) for name, s, e, _ in attribute_spans(tag)] == expected

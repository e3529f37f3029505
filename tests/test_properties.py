"""Invariants over generated inputs (Hypothesis): nothing is lost on the way through tilshi.

* With a translator that returns its input, any Markdown or text document
  comes back byte for byte: markup, line breaks, BOM, comments, links.
* Sentence splitting loses no character.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes import FunctionTranslator
from translate.pipeline import TranslateOptions, translate_document
from translate.segment import split_with_gaps

FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


WORDS = ["The", "OSCE", "office", "opened", "in", "Astana", "today", "Mr.", "U.S.", "e.g.", "No. 5", "“Quote,”", "said",
         "Kazakhstan’s", "co-operation", "[2014]", "[101]", "[ 123 ]", "2.5", "…", "!", "?", "(note)", "it's", "и", "Қазақстан"]
INLINE = ["[link text](https://example.org/a_(b))", "![img](x.png)", "`code --flag`", "press@osce.org", "www.osce.org/astana.",
          "<b>bold</b>", "<!-- hidden note -->", "**strong**", "_em_", "<https://osce.org>", "[ref][1]", "a\u00a0b", "\t"]
LINE_STARTS = ["", "", "", "# ", "## ", "### Title ##", "- ", "* ", "1. ", "2) ", "> ", "> > ", "> - ", "> 1. ", "> ## ", "- > ",
               "- - ", "  - ", "    ", "| ", "- [ ] ", "ASTANA, 29 September 2014. – "]
BLOCKS = ["```\ncode [101] stays\n```", "~~~py\nx = 1\n~~~", "<!-- editor's note\nstill the note -->", "<script>\nvar s = 'Hi.';\n</script>",
          "<style>\np { color: red }\n</style>", "<pre>\n keep  me \n</pre>", "<?php echo 'Hello.'; ?>", "<!DOCTYPE html>",
          "<![CDATA[\nraw text\n]]>", "| Name | Role |\n|---|---|\n| Talgat | Head |", "---", "* * *", "[1]: https://osce.org",
          "<div align=\"center\">", "Title\n=====", "![](https://www.osce.org/files/x.jpg)"]


@st.composite
def text_lines(draw):
    words = draw(st.lists(st.sampled_from(WORDS + INLINE) | st.text(max_size=6), min_size=0, max_size=12))
    spaces = draw(st.lists(st.sampled_from([" ", " ", "  ", "\u00a0", ""]), min_size=len(words), max_size=len(words)))
    body = "".join(w + s for w, s in zip(words, spaces))
    return draw(st.sampled_from(LINE_STARTS)) + body + draw(st.sampled_from(["", "", " ", "  ", " ##"]))


@st.composite
def markdown_documents(draw):
    pieces = draw(st.lists(text_lines() | st.sampled_from(BLOCKS) | st.just(""), min_size=1, max_size=12))
    text = "\n".join(pieces)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline == "mixed":
        parts = text.split("\n")
        breaks = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(parts), max_size=len(parts)))
        text = "".join(p + b for p, b in zip(parts[:-1], breaks)) + parts[-1]
    else:
        text = text.replace("\n", newline)
    if draw(st.booleans()):
        text += draw(st.sampled_from(["\n", "\r\n", ""]))
    return ("\ufeff" if draw(st.booleans()) else "") + text


def identity_round_trip(text: str, fmt: str) -> str:
    translator = FunctionTranslator(name="identity")
    options = TranslateOptions(translator=translator, glossary=False, memory=False, progress=False)
    (result,) = translate_document(text, ["ru"], options, fmt=fmt)
    assert result.model_id == "identity"
    return result.text


@FEW
@given(markdown_documents(), st.sampled_from(["md", "txt"]))
def test_identity_translation_gives_any_markdown_document_back_byte_for_byte(text, fmt):
    assert identity_round_trip(text, fmt) == text


@FEW
@given(st.text(max_size=200), st.sampled_from(["md", "txt"]))
def test_identity_translation_gives_any_text_back(text, fmt):
    assert identity_round_trip(text, fmt) == text


def test_the_identity_translator_is_really_called():
    translator = FunctionTranslator(name="identity")
    options = TranslateOptions(translator=translator, glossary=False, memory=False, progress=False)
    translate_document("# Title\n\nThe office opened [2014]. See https://osce.org.\n", ["ru"], options)
    assert translator.seen == ["Title", "The office opened [2014].", "See [101]."]


@FEW
@given(st.text(max_size=300) | st.lists(st.sampled_from(WORDS + [" ", "  ", "\n", ". ", "! ", "\t"]), max_size=40).map("".join))
def test_sentence_splitting_loses_no_character(text):
    pieces = split_with_gaps(text)
    assert "".join(sentence + gap for sentence, gap in pieces) == text
    assert all(not gap.strip() for _sentence, gap in pieces)

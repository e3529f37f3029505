"""Markdown skeleton: what reaches the model, and how the document is rebuilt."""

import pytest

from translate.document import parse_document

RELEASE = """# Heading with a [link](https://example.org/a_(b))

ASTANA, 3 March 2021. – The OSCE opened an office. Contact press@osce.org today.
![](https://www.osce.org/files/x.jpg?1517408165)
- First item with `code --flag` inside
- Second item: see www.osce.org/astana.
> “A quotation,” he said.

| Name | Role |
|---|---|
| Talgat Bashev | Head |

```
code block stays
```
    An indented paragraph is text.
<div align="center">
A wrapped paragraph that
goes on to a second line. And ends.
"""


def identity(document):
    texts = []
    for index, unit in enumerate(document.units):
        texts.append(document.restore(index, unit.text, unit.text, texts))
    return texts


def test_units_hold_only_human_text():
    document = parse_document(RELEASE)
    texts = [unit.text for unit in document.units]
    assert "ASTANA, 3 March 2021." in texts  # the dateline is its own unit
    assert "The OSCE opened an office. Contact [102] today." in texts
    joined = "\n".join(texts)
    assert "An indented paragraph is text." in texts
    for never in ("https://", "press@osce.org", "www.osce.org", "code --flag", "code block", "<div", "x.jpg"):
        assert never not in joined
    assert texts[:2] == ["link", "Heading with a [101]"]  # link text is translated on its own
    assert "Talgat Bashev" in texts and "Role" in texts


def test_identity_translation_rebuilds_the_document_exactly_except_wrapping():
    document = parse_document(RELEASE)
    out = document.render(identity(document))
    assert out.split("\n")[:-3] == RELEASE.split("\n")[:-3]
    assert len(out.split("\n")) == len(RELEASE.split("\n"))


def test_dateline_separator_is_skeleton():
    document = parse_document("ASTANA, 29 September 2014. – A workshop began.\n")
    assert [u.text for u in document.units] == ["ASTANA, 29 September 2014.", "A workshop began."]
    assert document.render(["АСТАНА, 29 сентября 2014 г.", "Семинар начался."]) == "АСТАНА, 29 сентября 2014 г. – Семинар начался.\n"


@pytest.mark.parametrize(
    "model_output, expected",
    [
        ("Пишите на [101] сегодня.", "Пишите на press@osce.org сегодня."),
        ("Пишите сегодня.", "Пишите сегодня. press@osce.org"),  # dropped: appended, never lost
        ("Пишите [101] на [101] и [999].", "Пишите press@osce.org на  и ."),  # repeats and inventions removed
        ("Пишите на [ 101 ] сегодня.", "Пишите на press@osce.org сегодня."),
    ],
)
def test_placeholders_are_restored_whatever_the_model_does(model_output, expected):
    document = parse_document("Write to press@osce.org today.")
    unit = document.units[0]
    assert unit.text == "Write to [101] today."
    assert document.restore(0, model_output, unit.text, []) == expected


def test_link_text_is_translated_and_url_kept():
    document = parse_document("Read the [full report](https://osce.org/r.pdf) now.")
    assert [u.text for u in document.units] == ["full report", "Read the [101] now."]
    texts = ["полный доклад"]
    texts.append(document.restore(1, "Прочтите [101] сейчас.", document.units[1].text, texts))
    assert document.render(texts) == "Read the [full report](https://osce.org/r.pdf) now.".replace(
        "Read the [full report]", "Прочтите [полный доклад]"
    ).replace(" now.", " сейчас.")


def test_existing_bracketed_numbers_do_not_collide_with_placeholders():
    document = parse_document("See note [101] and mail a@b.org.")
    unit = document.units[0]
    assert "[101]" in unit.text and "a@b.org" not in unit.text
    assert list(unit.placeholders) == ["102"]


def test_plain_text_mode_keeps_markdown_characters_as_text():
    document = parse_document("# not a heading in txt\nVisit https://osce.org now.", "txt")
    assert document.units[0].text == "# not a heading in txt"
    assert "[" in document.units[1].text


def test_wrapped_paragraph_keeps_its_line_count():
    document = parse_document("A wrapped paragraph that\ngoes on to a second line.\n\nNext.")
    assert document.units[0].line_count == 2
    out = document.render(["Перенесённый абзац, который продолжается на второй строке.", "Далее."])
    assert out.count("\n") == 3 and out.endswith("\n\nДалее.")


def test_headline_line_is_not_joined_with_the_body():
    document = parse_document("OSCE Centre supports Workshop\nThe event began today.")
    assert [u.text for u in document.units] == ["OSCE Centre supports Workshop", "The event began today."]


@pytest.mark.parametrize(
    "line, units, separator",
    [
        ("ASTANA, 29 September 2014. – A workshop began.", ["ASTANA, 29 September 2014.", "A workshop began."], " – "),
        ("VIENNA (OSCE) – The Chair spoke.", ["VIENNA (OSCE)", "The Chair spoke."], " – "),
        ("ALMATY, Kazakhstan, May 5, 2015 — Experts met.", ["ALMATY, Kazakhstan, May 5, 2015", "Experts met."], " — "),
        ("Astana, 3 March 2021 - Talks opened.", ["Astana, 3 March 2021", "Talks opened."], " - "),
        ("OSCE-supported training began.", ["OSCE-supported training began."], None),
    ],
)
def test_dateline_forms(line, units, separator):
    document = parse_document(line)
    assert [u.text for u in document.units] == units
    if separator:
        assert document.parts[1] == separator


# ---------------------------------------------------------------- what a reader (summaries) sees


def test_units_record_their_block_kind_and_line():
    document = parse_document(RELEASE)
    placed = [(document.units[p].kind, document.units[p].line) for p in document.parts if isinstance(p, int)]
    assert placed[:6] == [("heading", 0), ("dateline", 2), ("paragraph", 2), ("list", 4), ("list", 5), ("quote", 6)]
    assert placed[6:] == [("table", 8)] * 2 + [("table", 10)] * 2 + [("paragraph", 15), ("paragraph", 17)]
    assert [u.kind for u in document.units].count("link") == 1


@pytest.mark.parametrize(
    "markdown, plain",
    [
        ("See [the *report*](https://x.org/a_(b)) and <https://x.org>.", "See the *report* and https://x.org."),
        ("An image ![alt](a.png) inside <b>bold</b><!-- note -->.", "An image inside bold."),
        ("Use `tilshi --help` or mail press@osce.org, www.osce.org.", "Use tilshi --help or mail press@osce.org, www.osce.org."),
        ("In [2014] we  met.", "In [2014] we met."),
    ],
)
def test_plain_resolves_placeholders(markdown, plain):
    document = parse_document(markdown + "\n")
    [index] = [p for p in document.parts if isinstance(p, int)]
    assert document.plain(index) == plain


@pytest.mark.parametrize(
    "markdown, units",
    [
        ("Title here\n=====\n\nBody text.\n", [("heading", "Title here"), ("paragraph", "Body text.")]),
        ("Intro.\n\n> Quoted title\n--\nBody text.\n", [("paragraph", "Intro."), ("heading", "Quoted title"), ("paragraph", "Body text.")]),
        ("Intro.\n\n=====\n", [("paragraph", "Intro."), ("paragraph", "=====")]),
    ],
)
def test_setext_underline_is_skeleton_and_makes_a_heading(markdown, units):
    document = parse_document(markdown)
    assert [(document.units[p].kind, document.units[p].text) for p in document.parts if isinstance(p, int)] == units
    assert document.render([u.text for u in document.units]) == markdown


def test_end_mark_never_runs_on():
    text = "The talks went on for hours, with more of it,\n###\nPress contact: Jane\n"
    document = parse_document(text)
    assert [u.text for u in document.units] == ["The talks went on for hours, with more of it,", "###", "Press contact: Jane"]

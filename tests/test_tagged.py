"""Formatting placeholders through a model's output: kept, moved, dropped, crossed, repeated or invented."""

from __future__ import annotations

import pytest

from translate.tagged import Atom, Close, Open, TaggedDocument, Text, strip_markers

# "Remarks by [101]Talgat Bashev[102] at [103]the OSCE[104].[105]" (105: an image)
SOURCE = [Text("Remarks by "), Open(1), Text("Talgat Bashev"), Close(1), Text(" at "), Open(2), Text("the OSCE"), Close(2),
          Text("."), Atom(1)]

CASES = [
    ("identity", "Remarks by [101]Talgat Bashev[102] at [103]the OSCE[104].[105]", SOURCE, []),
    ("moved", "[103]ОБСЕ[104]: [101]Т. Башев[102][105]",
     [Open(2), Text("ОБСЕ"), Close(2), Text(": "), Open(1), Text("Т. Башев"), Close(1), Atom(1)], []),
    ("spaces inside brackets", "[ 101 ]Башев[ 102 ] в [103]ОБСЕ[104].[105]",
     [Open(1), Text("Башев"), Close(1), Text(" в "), Open(2), Text("ОБСЕ"), Close(2), Text("."), Atom(1)], []),
    ("close dropped", "[101]Башев в [103]ОБСЕ[104].[105]", [Text("Башев в "), Open(2), Text("ОБСЕ"), Close(2), Text("."), Atom(1)], [1]),
    ("reversed", "[102]Башев[101] в [103]ОБСЕ[104].[105]", [Text("Башев в "), Open(2), Text("ОБСЕ"), Close(2), Text("."), Atom(1)], [1]),
    ("crossing", "[101]Башев [103]в[102] ОБСЕ[104].[105]", [Text("Башев "), Open(2), Text("в ОБСЕ"), Close(2), Text("."), Atom(1)], [1]),
    ("repeated and invented", "[101]Башев[102][102] в [103]ОБСЕ[104][777].[105]",
     [Open(1), Text("Башев"), Close(1), Text(" в "), Open(2), Text("ОБСЕ"), Close(2), Text("[777]."), Atom(1)], []),
    ("atom dropped", "[101]Башев[102] в [103]ОБСЕ[104].",
     [Open(1), Text("Башев"), Close(1), Text(" в "), Open(2), Text("ОБСЕ"), Close(2), Text("."), Atom(1)], []),
]


@pytest.mark.parametrize("label, output, tokens, dropped", CASES, ids=[c[0] for c in CASES])
def test_decode(label, output, tokens, dropped):
    document = TaggedDocument([SOURCE])
    assert document.units[0].text == "Remarks by [101]Talgat Bashev[102] at [103]the OSCE[104].[105]"
    marked = document.restore(0, output, document.units[0].text, [])
    decoded = document.decode(0, marked)
    assert decoded.tokens == tokens
    assert decoded.dropped == dropped


def test_user_numbers_are_text_and_never_reused():
    document = TaggedDocument([[Text("Report [2014] by "), Open(1), Text("the OSCE"), Close(1)]])
    unit = document.units[0]
    assert unit.text == "Report [2014] by [2015]the OSCE[2016]"
    marked = document.restore(0, "Доклад [2014] [2015]ОБСЕ[2016]", unit.text, [])
    assert strip_markers(marked) == "Доклад [2014] ОБСЕ"
    assert document.decode(0, marked).tokens == [Text("Доклад [2014] "), Open(1), Text("ОБСЕ"), Close(1)]

"""Sentence splitting: abbreviations, initials, decimals, dates, quotes."""

import pytest

from translate.segment import split_sentences, split_with_gaps

CASES = [
    ("One. Two.", ["One.", "Two."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("The U.S. Embassy in Astana helped. It was good.", ["The U.S. Embassy in Astana helped.", "It was good."]),
    ("Prices rose 3.5 percent. Then they fell.", ["Prices rose 3.5 percent.", "Then they fell."]),
    ("See No. 5 and e.g. the others. Done!", ["See No. 5 and e.g. the others.", "Done!"]),
    ("J. R. R. Tolkien wrote books. Really?", ["J. R. R. Tolkien wrote books.", "Really?"]),
    ("On 29.09.2014 we met at 10 a.m. in the hall.", ["On 29.09.2014 we met at 10 a.m. in the hall."]),
    ("It began on Sept. 29. It ended on Oct. 1.", ["It began on Sept. 29.", "It ended on Oct. 1."]),
    ("He said: “It is good.” She agreed.", ["He said: “It is good.”", "She agreed."]),
    ("“Is it?” he asked. Yes.", ["“Is it?” he asked.", "Yes."]),
    ("Goods, alcohol, etc. The end.", ["Goods, alcohol, etc.", "The end."]),
    ("Tobacco, fuel, etc. were seized.", ["Tobacco, fuel, etc. were seized."]),
    ("Wait... What happened?", ["Wait...", "What happened?"]),
    ("A (short) note. (Another one.) Last.", ["A (short) note.", "(Another one.)", "Last."]),
    ("Version 2.0 is out. Download it.", ["Version 2.0 is out.", "Download it."]),
    ("No full stop at the end", ["No full stop at the end"]),
    ("lower. case after a stop stays.", ["lower. case after a stop stays."]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES] + ["  padded.  Two  spaces.  ", "", "   "])
def test_pieces_rebuild_the_text_exactly(text):
    assert "".join(s + gap for s, gap in split_with_gaps(text)) == text

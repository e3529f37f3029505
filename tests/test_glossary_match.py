"""Source-side matching: longest match, acronym case, URLs, normalisation, variants."""

import pytest

from translate.glossary import Termbase, make_entry


@pytest.fixture(scope="module")
def tb():
    rows = [
        ("OSCE", "ОБСЕ", "organisation"),
        ("OSCE Centre in Astana", "Центр ОБСЕ в Астане", "organisation"),
        ("Head of the OSCE Centre in Astana", "глава Центра ОБСЕ в Астане", "title"),
        ("Organization for Security and Co-operation in Europe", "Организация по безопасности и сотрудничеству в Европе", "organisation"),
        ("Kazakhstan", "Казахстан", "place"),
        ("Ambassador", "Посол", "title"),
        ("Natalia Zarudna", "Наталья Зарудная", "person"),
        ("Prosecutor General's Office", "Генеральная прокуратура", "organisation"),
    ]
    return Termbase(make_entry({"en": [en], "ru": [ru]}, type=t) for en, ru, t in rows)


def found(tb, text):
    return [m.text for m in tb.find(text)]


CASES = [
    ("Head of the OSCE Centre in Astana spoke.", ["Head of the OSCE Centre in Astana"]),
    ("The OSCE Centre in Astana and the OSCE.", ["OSCE Centre in Astana", "OSCE"]),
    ("the OSCE Center in Astana", ["OSCE Center in Astana"]),
    ("the OSCE\u00a0Centre  in\nAstana", ["OSCE\u00a0Centre  in\nAstana"]),
    ("Organisation for Security and Cooperation in Europe", ["Organisation for Security and Cooperation in Europe"]),
    ("Organization for Security and Co\u2011operation in Europe", ["Organization for Security and Co\u2011operation in Europe"]),
    ("Kazakhstan’s customs", ["Kazakhstan’s"]),
    ("two Ambassadors met", ["Ambassadors"]),
    ("the Prosecutor General’s Office", ["Prosecutor General’s Office"]),
    ("osce and Osce are not acronyms", []),
    ("see www.osce.org or https://osce.org/OSCE/page", []),
    ("mail info@OSCE.org about the OSCE", ["OSCE"]),
    ("Kazakhstani officials and Kazakhstan-based firms", []),
    ("Natalia Zarudnaya", []),
    ("KAZAKHSTAN", ["KAZAKHSTAN"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_matching(tb, text, expected):
    assert found(tb, text) == expected


def test_spans_point_into_original_text(tb):
    text = "“OSCE” and Head of the OSCE Centre in Astana"
    for m in tb.find(text):
        assert text[m.start:m.end] == m.text
    assert [m.entry.source for m in tb.find(text)] == ["OSCE", "Head of the OSCE Centre in Astana"]

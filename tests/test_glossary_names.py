"""People's names without notes: gender from the name itself, declension by pytrovich, one case across a name."""

import pytest

from translate.glossary import Termbase, apply_glossary, make_entry
from translate.glossary.forms import infer_kind
from translate.glossary.names import infer_gender, person_tables

GENDER = [
    ("Айгерим Нурланова", "f"),  # surname ending
    ("Гульнар Черных", "f"),  # Kazakh woman's first name ending in a consonant, indeclinable surname
    ("Айжан Касымбек", "f"),
    ("Талгат Башев", "m"),
    ("Мухтар Тлеуберди", "m"),  # first name
    ("Серик Нурланулы Ахметов", "m"),  # Kazakh patronymic
    ("Асель Нурланкызы Ахметова", "f"),
    ("Мария Петровна Смит", "f"),  # Russian patronymic over a foreign surname
    ("Дюпон", None),  # nothing tells
]


@pytest.mark.parametrize("name,gender", GENDER)
def test_gender_from_the_name(name, gender):
    assert infer_gender(name.split()) == gender


FORMS = [
    ("Айгерим Нурланова", "gen", {"Айгерим Нурлановой"}),
    ("Айгерим Нурланова", "acc", {"Айгерим Нурланову"}),
    ("Гульнар Черных", "ins", {"Гульнар Черных"}),
    ("Ольга Шевченко", "dat", {"Ольге Шевченко"}),
    ("Касым-Жомарт Токаев", "gen", {"Касым-Жомарта Токаева"}),  # a hyphenated first name declines at its end
    ("Мухтар Тлеуберди", "ins", {"Мухтаром Тлеуберди"}),
    ("Дюпон", "gen", {"Дюпона", "Дюпон"}),  # unknown gender: both tables
]


@pytest.mark.parametrize("name,case,forms", FORMS)
def test_forms(name, case, forms):
    assert {t[(case, "sg")] for t in person_tables(name, None)} == forms


KINDS = [
    ("Томас Гремингер", "person"), ("Жанар Айтжанова", "person"), ("Семей", "place"), ("Актобе", "place"),
    ("Организация Объединённых Наций", "other"), ("Республика Казахстан", "other"), ("Сенат", "other"),
]


@pytest.mark.parametrize("term,kind", KINDS)
def test_untyped_entries_read_as_what_they_look_like(term, kind):
    assert infer_kind(make_entry({"en": ["x"], "ru": [term]}), term) == kind


PLAIN = Termbase([
    make_entry({"en": ["Zhanar Aitzhanova"], "ru": ["Жанар Айтжанова"]}),
    make_entry({"en": ["Thomas Greminger"], "ru": ["Томас Гремингер"]}),
    make_entry({"en": ["Jean Dupont"], "ru": ["Жан Дюпон"]}),
    make_entry({"en": ["Alex Dupont"], "ru": ["Алекс Дюпон"]}),
])

APPLY = [
    # correct in any case: untouched
    ("A speech by Zhanar Aitzhanova.", "Выступление Жанар Айтжановой.", "Выступление Жанар Айтжановой.", "ok"),
    ("With Thomas Greminger.", "С Томасом Гремингером.", "С Томасом Гремингером.", "ok"),
    # a misspelt name takes the case of what it replaces, the same across both words
    ("A speech by Thomas Greminger.", "Выступление Томаса Греминджера.", "Выступление Томаса Гремингера.", "fixed"),
    ("Zhanar Aitzhanova left.", "Жанара Айтжанова уехала.", "Жанар Айтжанова уехала.", "fixed"),
    # a man's first name fixes the gender; a name that tells nothing leaves the form open
    ("A letter to Jean Dupont.", "Письмо Жану Дюпону.", "Письмо Жану Дюпону.", "ok"),
]


@pytest.mark.parametrize("source,mt,expected,status", APPLY)
def test_apply_names(source, mt, expected, status):
    edited, report = apply_glossary(source, mt, "ru", PLAIN)
    assert edited == expected
    assert [t.status for t in report.terms] == [status]

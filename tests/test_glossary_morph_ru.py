"""Russian inflection of glossary terms (pymorphy3 plus surname rules)."""

import pytest

from translate.glossary.morph_ru import preposition_cases, ru_forms, surname_forms

CASES = [
    ("Центр ОБСЕ в Астане", "organisation", None, "ins", "Центром ОБСЕ в Астане"),
    ("Центр ОБСЕ в Астане", "organisation", None, "acc", "Центр ОБСЕ в Астане"),
    ("Министерство финансов Республики Казахстан", "organisation", None, "dat", "Министерству финансов Республики Казахстан"),
    ("Всемирная торговая организация", "organisation", None, "acc", "Всемирную торговую организацию"),
    ("Всемирная торговая организация", "organisation", None, "gen", "Всемирной торговой организации"),
    ("Программный офис ОБСЕ в Астане", "organisation", None, "loc", "Программном офисе ОБСЕ в Астане"),
    ("глава Центра ОБСЕ в Астане", "title", None, "ins", "главой Центра ОБСЕ в Астане"),
    ("Верховный комиссар ОБСЕ по делам национальных меньшинств", "title", None, "acc",
     "Верховного комиссара ОБСЕ по делам национальных меньшинств"),
    ("Посол", "title", None, "acc", "Посла"),
    ("Кыргызстан", "place", None, "gen", "Кыргызстана"),
    ("Шымкент", "place", None, "acc", "Шымкент"),
    ("Нур-Султан", "place", None, "dat", "Нур-Султану"),
    ("Алматы", "place", None, "loc", "Алматы"),
    ("ОБСЕ", "organisation", None, "ins", "ОБСЕ"),
    ("США", "place", None, "gen", "США"),
    ("ЮНИСЕФ", "organisation", None, "dat", "ЮНИСЕФ"),
    ("Наталья Зарудная", "person", "f", "gen", "Натальи Зарудной"),
    ("Наталья Зарудная", "person", "f", "acc", "Наталью Зарудную"),
    ("Наталья Зарудная", "person", None, "ins", "Натальей Зарудной"),
    ("Талгат Башев", "person", "m", "acc", "Талгата Башева"),
    ("Талгат Башев", "person", "m", "ins", "Талгатом Башевым"),
    ("Талгат Башев", "person", None, "dat", "Талгату Башеву"),
    ("Касым-Жомарт Токаев", "person", "m", "gen", "Касым-Жомарта Токаева"),
]


@pytest.mark.parametrize("term,kind,gender,case,expected", CASES)
def test_ru_forms(term, kind, gender, case, expected):
    assert ru_forms(term, kind, gender)[(case, "sg")] == expected


def test_plural_forms():
    assert ru_forms("Центр ОБСЕ в Астане", "organisation")[("gen", "pl")] == "Центров ОБСЕ в Астане"


@pytest.mark.parametrize("word,gender,gen,ins", [
    ("Башев", "m", "Башева", "Башевым"),
    ("Иванова", "f", "Ивановой", "Ивановой"),
    ("Зарудная", "f", "Зарудной", "Зарудной"),
    ("Вишневский", "m", "Вишневского", "Вишневским"),
    ("Шевченко", "m", "Шевченко", "Шевченко"),
    ("Смит", "f", "Смит", "Смит"),
])
def test_surnames(word, gender, gen, ins):
    forms = surname_forms(word, gender)
    assert (forms["gen"], forms["ins"]) == (gen, ins)


def test_prepositions():
    assert preposition_cases("сотрудники из ") == {"gen"}
    assert preposition_cases("обратились к ") == {"dat"}
    assert preposition_cases("большой ") is None

"""Paraphrased and synonym-headed terms, acronyms and expansions; similar phrases for other things stay."""

import pytest

from translate.glossary import Termbase, apply_glossary, load_starter, make_entry

PLAIN = Termbase(make_entry({"en": [e.split("|")[0], *e.split("|")[1:]], "ru": [r], "kk": [k]}) for e, r, k in [
    ("Ministry of Foreign Affairs", "Министерство иностранных дел", "Сыртқы істер министрлігі"),
    ("Ministry of Justice", "Министерство юстиции", "Әділет министрлігі"),
    ("Head of the Presidential Administration", "Руководитель Администрации Президента", "Президент Әкімшілігінің Басшысы"),
    ("Chairman of the Senate", "Председатель Сената", "Сенат Төрағасы"),
    ("United Nations|UN", "ООН", "БҰҰ"),
    ("World Health Organization|WHO", "Всемирная организация здравоохранения", "Дүниежүзілік денсаулық сақтау ұйымы"),
])

CASES = [
    ("ru", "The Ministry of Foreign Affairs said.", "Министерство по иностранным делам заявило.",
     "Министерство иностранных дел заявило."),
    ("ru", "a note from the Ministry of Foreign Affairs", "нота от Министерства по иностранным делам",
     "нота от Министерства иностранных дел"),
    ("ru", "The Ministry of Foreign Affairs and the Ministry of Justice signed.",
     "Министерство внешних дел и Министерство юстиции подписали.", "Министерство иностранных дел и Министерство юстиции подписали."),
    ("ru", "The Head of the Presidential Administration said.", "Глава Администрации Президента заявил.",
     "Руководитель Администрации Президента заявил."),
    ("ru", "The Chairman of the Senate opened it.", "Спикер Сената открыл её.", "Председатель Сената открыл её."),
    ("ru", "The UN welcomed it.", "Организация Объединенных Наций приветствовала это.", "ООН приветствовала это."),
    ("ru", "The WHO warned.", "ВОЗ предупредила.", "Всемирная организация здравоохранения предупредила."),
    ("kk", "The Ministry of Foreign Affairs said.", "Шетел істері министрлігі мәлімдеді.", "Сыртқы істер министрлігі мәлімдеді."),
    ("kk", "The Chairman of the Senate opened it.", "Сенат басшысы ашты.", "Сенат Төрағасы ашты."),
    ("kk", "The UN welcomed it.", "Біріккен Ұлттар Ұйымы құптады.", "БҰҰ құптады."),
    ("kk", "The support of the UN.", "БҰҰның қолдауы.", "БҰҰ-ның қолдауы."),
]


@pytest.mark.parametrize("lang,source,mt,expected", CASES)
def test_paraphrases_are_put_into_the_glossary_form(lang, source, mt, expected):
    edited, report = apply_glossary(source, mt, lang, PLAIN)
    assert edited == expected
    assert "fixed" in [t.status for t in report.terms]


UNTOUCHED = [
    # another ministry next to the term's own rendering
    ("ru", "The Ministry of Justice and the Ministry of Finance met.", "Министерство юстиции и Министерство финансов встретились."),
    # the same common noun heading a different phrase
    ("ru", "The Head of the Presidential Administration met the head of the delegation.",
     "Руководитель Администрации Президента встретился с руководителем делегации."),
    ("kk", "The Ministry of Justice and the Ministry of Finance met.", "Әділет министрлігі мен Қаржы министрлігі кездесті."),
]


@pytest.mark.parametrize("lang,source,mt", UNTOUCHED)
def test_similar_phrases_for_other_things_stay(lang, source, mt):
    edited, report = apply_glossary(source, mt, lang, PLAIN)
    assert edited == mt
    assert all(t.status == "ok" for t in report.terms)


@pytest.mark.parametrize("mt,expected", [
    # an acronym inside the paraphrase stands for the term's words it spells
    ("заявление Министерства иностранных дел РК", "заявление Министерства иностранных дел Республики Казахстан"),
    ("заявление Министерства по иностранным делам Казахстана", "заявление Министерства иностранных дел Республики Казахстан"),
])
def test_paraphrase_takes_in_acronyms_and_dependents(mt, expected):
    edited, _ = apply_glossary("the statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan", mt, "ru",
                               load_starter())
    assert edited == expected


def test_synonym_head_takes_the_replaced_heads_case():
    edited, _ = apply_glossary("He met the Head of the OSCE Centre in Astana.",
                               "Он встретился с руководителем Центра ОБСЕ в Астане.", "ru", load_starter())
    assert edited == "Он встретился с главой Центра ОБСЕ в Астане."

"""Property: glossary apply changes nothing outside the spans it reports (issue 8)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.glossary import apply_glossary, load_starter, make_entry

SOURCES = [
    "Kyrgyzstan", "the United Kingdom", "the United States", "Belarus", "the OSCE Centre in Astana", "Talgat Bashev",
    "Natalia Zarudna", "the United Nations", "the Ministry of Foreign Affairs", "Semey", "Aigerim Nurlanova", "Almaty",
    "the Head of the OSCE Centre in Astana", "Kazakhstan",
]
RENDERINGS = {
    "ru": ["Киргизии", "Кыргызстан", "Соединенное Королевство", "Соединенные Штаты", "Белоруссии", "Центром ОБСЕ в Астане",
           "Талгата Башиева", "Наталии Зарудне", "Организации Объединенных Наций", "ООН", "Министерство по иностранным делам",
           "Семипалатинске", "Айгерим Нурлановым", "Алма-Ате", "руководителем Центра ОБСЕ в Астане", "Казахстана", "и", "из", "с"],
    "kk": ["Кыргызстаннан", "Ұлыбритания", "АҚШтың", "Белоруссиямен", "ЕҚЫҰ Астанадағы орталығына", "Талгат Башиевпен",
           "Біріккен Ұлттар Ұйымы", "БҰҰның", "Шетел істері министрлігі", "Семипалатинскіде", "Айгерим Нурлановамен",
           "Алматыда", "Қазақстан", "мен", "және"],
}
FILLER = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәіңғүұқөһАБВЕКМНОСТ .,;:!?«»\"()-—\n\u00a0\t", max_size=12)


def _glossary():
    tb = load_starter()
    for en, ru, kk in [("Ministry of Foreign Affairs", "Министерство иностранных дел", "Сыртқы істер министрлігі"),
                       ("Semey", "Семей", "Семей"), ("Aigerim Nurlanova", "Айгерим Нурланова", "Әйгерім Нұрланова")]:
        tb.add(make_entry({"en": [en], "ru": [ru], "kk": [kk]}), replace=True)
    return tb


TERMBASE = _glossary()


@st.composite
def pairs(draw):
    lang = draw(st.sampled_from(["ru", "kk"]))
    source = " and ".join(draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=5)))
    pieces = draw(st.lists(st.one_of(FILLER, st.sampled_from(RENDERINGS[lang])), min_size=1, max_size=10))
    glue = draw(st.lists(st.sampled_from([" ", "", ", ", " и ", "\u00a0", "\n"]), min_size=len(pieces), max_size=len(pieces)))
    return lang, source, "".join(p + g for p, g in zip(pieces, glue))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_apply_changes_nothing_outside_reported_spans(pair):
    lang, source, mt = pair
    edited, report = apply_glossary(source, mt, lang, TERMBASE)
    fixed = sorted((t for t in report.terms if t.status == "fixed"), key=lambda t: t.target_span)
    # Undo every reported replacement in the edited text: that must give back the translation exactly.
    restored, last = [], 0
    for term in fixed:
        start, end = term.target_span
        assert edited[start:end] == term.found
        restored += [edited[last:start], term.replaced]
        last = end
    restored.append(edited[last:])
    assert "".join(restored) == mt
    for term in report.terms:
        if term.status != "fixed" and term.target_span:
            assert edited[slice(*term.target_span)] == term.found
        assert source[slice(*term.source_span)] == term.source


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_apply_is_idempotent_on_its_own_output(lang):
    source = "Staff from Kyrgyzstan met Talgat Bashev in Semey."
    mt = {"ru": "Сотрудники из Киргизии встретились с Талгатом Башиевым в Семипалатинске.",
          "kk": "Кыргызстаннан келген қызметкерлер Семипалатинскіде Талгат Башиевпен кездесті."}[lang]
    once, _ = apply_glossary(source, mt, lang, TERMBASE)
    twice, report = apply_glossary(source, once, lang, TERMBASE)
    assert twice == once and all(t.status == "ok" for t in report.terms)

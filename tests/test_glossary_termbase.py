"""The user's store: starter fallback, editing, import, conflicts, atomicity."""

import pytest

from translate import paths
from translate.errors import GlossaryError
from translate.glossary import (
    Termbase,
    add_term,
    import_file,
    load_glossary,
    load_starter,
    load_store,
    make_entry,
    remove_term,
    validate,
)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TILSHI_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_starter_is_used_until_the_store_exists(home):
    assert not paths.glossary_path().exists()
    assert load_store().get("Kyrgyzstan").preferred("ru") == "Кыргызстан"
    assert not home.exists()  # reading never creates the data directory


def test_starter_is_valid():
    tb = load_starter()
    assert len(tb) > 50 and tb.problems() == []
    assert all(e.type in ("person", "organisation", "title", "place", "other") for e in tb)


def test_add_copies_starter_then_adds(home):
    add_term("Foreign Office", {"ru": ["Форин-офис"], "kk": ["Форин-офис"]}, type="organisation")
    text = paths.glossary_path().read_text(encoding="utf-8")
    assert "Foreign Office,Форин-офис" in text and "Kyrgyzstan" in text
    assert load_store().get("Foreign Office").type == "organisation"


def test_remove(home):
    remove_term("Kyrgyzstan")
    assert load_store().get("Kyrgyzstan") is None
    with pytest.raises(GlossaryError, match="no glossary entry"):
        remove_term("Kyrgyzstan")


BAD_EDITS = [
    (lambda: add_term("Kyrgyzstan", {"ru": ["Киргизия"]}), "already in the glossary"),
    (lambda: add_term("Nothing", {}), "empty target"),
    (lambda: add_term("Nothing", {"ru": ["  "]}), "empty target"),
    (lambda: add_term("Thing", {"xx": ["?"]}), "unknown language"),
    (lambda: add_term("Thing", {"ru": ["Вещь"]}, type="planet"), "unknown term type"),
    (lambda: remove_term("No such term"), "no glossary entry"),
]


@pytest.mark.parametrize("edit,message", BAD_EDITS)
def test_failed_edit_leaves_store_byte_identical(home, edit, message):
    add_term("Foreign Office", {"ru": ["Форин-офис"]})
    before = paths.glossary_path().read_bytes()
    with pytest.raises(GlossaryError, match=message):
        edit()
    assert paths.glossary_path().read_bytes() == before


def test_replace_overwrites(home):
    add_term("Kyrgyzstan", {"ru": ["Кыргызская Республика"], "kk": ["Қырғыз Республикасы"]}, type="place", replace=True)
    assert load_store().get("Kyrgyzstan").preferred("ru") == "Кыргызская Республика"


BAD_FILES = [
    ("bad.csv", "en,ru,kk\nFoo,Фу,Фу\nBar,\"Бар\n"),
    ("bad.csv", "en,ru,kk\nFoo,Фу,Фу\nBar,,\n"),
    ("bad.csv", "en,ru,zz\nFoo,Фу,Фу\n"),
    ("bad.csv", "en,ru,kk\nFoo,Фу,Фу\nFoo,Фуу,Фу\n"),
    ("conflict.csv", "en,ru,kk\nKyrgyzstan,Киргизия,Қырғызстан\n"),
    ("bad.tbx", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><tbx/>'),
    ("missing.csv", None),
]


@pytest.mark.parametrize("name,content", BAD_FILES)
def test_failed_import_leaves_store_byte_identical(home, tmp_path, name, content):
    add_term("Foreign Office", {"ru": ["Форин-офис"]})
    before = paths.glossary_path().read_bytes()
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=name):
        import_file(path)
    assert paths.glossary_path().read_bytes() == before


def test_failed_import_does_not_create_store(home, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("en,ru\nFoo,\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        import_file(path)
    assert not paths.glossary_path().exists()


def test_import_merges_and_replace_lets_file_win(home, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text("en,ru,kk,type\nAkimat,Акимат,Әкімдік,organisation\nKyrgyzstan,Кыргызстан,Қырғызстан,place\n", encoding="utf-8")
    assert import_file(path) == 2
    tb = load_store()
    assert tb.get("Akimat").preferred("kk") == "Әкімдік" and tb.get("OSCE") is not None
    path.write_text("en,ru,kk\nKyrgyzstan,Кыргызская Республика,Қырғыз Республикасы\n", encoding="utf-8")
    import_file(path, replace=True)
    assert load_store().get("Kyrgyzstan").preferred("ru") == "Кыргызская Республика"


def test_load_glossary_later_files_override(home, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("en,ru\nKyrgyzstan,Кыргызская Республика\nAkimat,Акимат\n", encoding="utf-8")
    tb = load_glossary([path])
    assert tb.get("Kyrgyzstan").preferred("ru") == "Кыргызская Республика"
    assert tb.get("Akimat") is not None and tb.get("OSCE") is not None
    assert len(load_glossary([path], use_store=False)) == 2


def test_hand_edited_store_error_names_line(home):
    paths.ensure_data_dir()
    paths.glossary_path().write_text("en,ru\nFoo,Фу\nBar,Бар,extra\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"glossary.csv:3:"):
        load_store()


def test_conflicts_detected():
    tb = Termbase([make_entry({"en": ["UN"], "ru": ["ООН"]})])
    other = make_entry({"en": ["United Nations", "UN"], "ru": ["Организация Объединённых Наций"]})
    assert tb.conflicts_with(other)
    with pytest.raises(GlossaryError, match="conflict"):
        tb.add(other)


def test_validate_reports_problems(home, tmp_path):
    assert validate() == []
    path = tmp_path / "g.csv"
    path.write_text("en,ru\nFoo,Фу\n", encoding="utf-8")
    assert validate([path]) == []

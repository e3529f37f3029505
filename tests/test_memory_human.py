"""Human translations in the memory: stored beside machine rows, preferred, exported, and old stores migrated."""

from __future__ import annotations

import sqlite3

import pytest

from translate.errors import MemoryStoreError
from translate.memory import SCHEMA_VERSION, MemoryContext, TranslationMemory

CONTEXT = MemoryContext("en", "ru", "org/model", "rev1", "transformers", "{}")
OTHER_MODEL = MemoryContext("en", "ru", "org/other", "rev9", "ctranslate2", "{}")


def test_a_human_translation_wins_for_every_model(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        memory.store(CONTEXT, [("Thank you.", "Спасибо (машина).")])
        memory.store_human("Thank  you.", "Благодарим вас.", "en", "ru")
        assert memory.lookup(CONTEXT, ["Thank you."]) == {"Thank you.": "Благодарим вас."}
        assert memory.lookup(OTHER_MODEL, ["Thank you."]) == {"Thank you.": "Благодарим вас."}
        assert memory.lookup(MemoryContext("en", "kk", "org/model", "rev1", "transformers", "{}"), ["Thank you."]) == {}
        stats = memory.stats()
        assert stats["entries"] == 2 and stats["human"] == 1
        tmx = memory.export_tmx()
    assert '<prop type="x-origin">human</prop>' in tmx and "Благодарим вас." in tmx
    assert '<prop type="x-origin">machine</prop>' in tmx


def test_a_second_edit_replaces_the_first(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        memory.store_human("Thank you.", "Первый вариант.", "en", "ru")
        memory.store_human("Thank you.", "Второй вариант.", "en", "ru")
        assert memory.lookup(CONTEXT, ["Thank you."]) == {"Thank you.": "Второй вариант."}
        assert memory.stats()["human"] == 1


@pytest.mark.parametrize("source, target", [("", "x"), ("Hi.", "  ")])
def test_empty_human_translations_are_refused(tmp_path, source, target):
    with TranslationMemory(tmp_path / "m.sqlite3") as memory, pytest.raises(MemoryStoreError):
        memory.store_human(source, target, "en", "ru")


def test_a_schema_1_store_is_migrated_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE segments (key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, src_lang TEXT NOT NULL,
            tgt_lang TEXT NOT NULL, model_id TEXT NOT NULL, revision TEXT NOT NULL, backend TEXT NOT NULL,
            settings TEXT NOT NULL, created REAL NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
    """)
    conn.execute("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (CONTEXT.key("Thank you."), "Thank you.", "Спасибо.", "en", "ru", "org/model", "rev1", "transformers", "{}", 1.0))
    conn.commit()
    conn.close()
    with TranslationMemory(path) as memory:
        assert memory.lookup(CONTEXT, ["Thank you."]) == {"Thank you.": "Спасибо."}
        memory.store_human("Thank you.", "Благодарю.", "en", "ru")
        assert memory.lookup(CONTEXT, ["Thank you."]) == {"Thank you.": "Благодарю."}
    version = sqlite3.connect(path).execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION


class _Machine:
    """A stand-in model that writes the known wrong rendering of Kyrgyzstan."""

    name, model_id, revision = "fake", "fake/model", "1"

    def translate(self, texts, source, target, settings, progress=None):
        return ["Сотрудники из Киргизии приняли участие." for _ in texts]


@pytest.mark.parametrize("human, expected_text, expected_status", [
    # The machine's sentence is post-edited by the glossary...
    (None, "Сотрудники из Кыргызстана приняли участие.", "fixed"),
    # ...a person's is checked (and reported) but never rewritten, even where it breaks the glossary.
    ("Представители Киргизии (так в цитате) приняли участие.", "Представители Киргизии (так в цитате) приняли участие.",
     "missing"),
    ("Представители Кыргызстана приняли участие.", "Представители Кыргызстана приняли участие.", "ok"),
])
def test_the_glossary_never_rewrites_a_human_translation(human, expected_text, expected_status):
    from translate.cache import CachingTranslator
    from translate.pipeline import TranslateOptions, translate_document

    source = "Officers from Kyrgyzstan took part."
    memory = TranslationMemory()
    if human is not None:
        memory.store_human(source, human, "en", "ru")
    options = TranslateOptions(translator=CachingTranslator(_Machine(), memory), memory=False, progress=None)
    [result] = translate_document(source, ["ru"], options)
    assert result.text == expected_text
    statuses = {term.source: term.status for term in result.terms.terms}
    assert statuses["Kyrgyzstan"] == expected_status

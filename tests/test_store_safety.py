"""Glossary store safety: locked read-modify-write, symlinked stores, formula cells, option blame."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO
from translate.errors import GlossaryError, StoreLocked
from translate.glossary import add_term, load_store
from translate.locking import lock_path, store_lock
from translate.paths import glossary_path


def _cli(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, TILSHI_HOME=str(home), HF_HUB_OFFLINE="1")
    return subprocess.Popen([sys.executable, str(REPO / "cli.py"), *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_parallel_adds_and_an_import_lose_nothing(isolated_home, tmp_path):
    """Six `glossary add`s and a 200-entry import at once: every entry survives."""
    incoming = tmp_path / "incoming.csv"
    incoming.write_text("en,ru\n" + "".join(f"Imported term {i},Импортированный термин {i}\n" for i in range(200)),
                        encoding="utf-8")
    adds = [f"Parallel term {i}" for i in range(6)]
    procs = [_cli(isolated_home, "glossary", "add", term, "--ru", f"Параллельный термин {i}") for i, term in enumerate(adds)]
    procs.insert(3, _cli(isolated_home, "glossary", "import", str(incoming)))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    store = load_store()
    sources = {entry.source for entry in store}
    assert set(adds) <= sources
    assert {f"Imported term {i}" for i in range(200)} <= sources
    starter = {e.source for e in __import__("translate.glossary", fromlist=["load_starter"]).load_starter()}
    assert len(store) == len(starter) + 6 + 200


def test_edits_wait_for_the_lock_and_reread_the_store():
    """An add that waited for the lock sees the store as the holder left it (it re-reads inside the lock)."""
    path = glossary_path()
    done = threading.Event()

    def late_add():
        add_term("Second term", {"ru": ["Второй термин"]})
        done.set()

    with store_lock(path):
        worker = threading.Thread(target=late_add)
        worker.start()
        worker.join(0.5)
        assert not done.is_set()  # blocked on the lock
        add_term("First term", {"ru": ["Первый термин"]})  # re-entrant for this thread
    worker.join(30)
    assert done.is_set()
    assert {"First term", "Second term"} <= {e.source for e in load_store()}


def test_a_lock_held_too_long_is_a_typed_error(tmp_path):
    from filelock import FileLock

    store = tmp_path / "store.csv"
    holder = FileLock(str(lock_path(store)), thread_local=False)
    holder.acquire()
    try:
        result: list = []

        def contend():
            try:
                with store_lock(store, timeout=0.2):
                    result.append("got it")
            except StoreLocked as exc:
                result.append(exc)

        t = threading.Thread(target=contend)
        t.start()
        t.join(10)
        assert isinstance(result[0], StoreLocked) and result[0].path == store
    finally:
        holder.release()


def test_a_symlinked_store_is_written_through_and_stays_a_link(isolated_home, tmp_path):
    shared = tmp_path / "team" / "shared-glossary.csv"
    shared.parent.mkdir()
    shared.write_text("en,ru\nShared term,Общий термин\n", encoding="utf-8")
    isolated_home.mkdir(parents=True, exist_ok=True)
    glossary_path().symlink_to(shared)
    add_term("Own term", {"ru": ["Свой термин"]})
    assert glossary_path().is_symlink() and Path(os.readlink(glossary_path())) == shared
    text = shared.read_text(encoding="utf-8")
    assert "Shared term" in text and "Own term" in text
    assert lock_path(glossary_path()).parent == shared.parent


def test_control_character_in_note_is_blamed_on_the_note():
    runner = CliRunner()
    result = runner.invoke(cli.main, ["glossary", "add", "Some term", "--ru", "Термин", "--note", "bad\x07note"])
    assert result.exit_code != 0
    assert "note" in result.output and str(glossary_path()) not in result.output
    assert not glossary_path().exists()
    with pytest.raises(GlossaryError) as info:
        add_term("Some term", {"ru": ["Тер\x01мин"]})
    assert "ru" in str(info.value) and str(glossary_path()) not in str(info.value)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd", "@SUM(A1)", "-2+3"])
def test_formula_cells_are_defused_on_export_and_round_trip(tmp_path, cell):
    """A cell that a spreadsheet would run as a formula is exported with a leading quote; import takes it back off."""
    add_term("Formula term", {"ru": [cell]})
    runner = CliRunner()
    exported = runner.invoke(cli.main, ["glossary", "export"]).output
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["en"] == "Formula term")
    assert row["ru"] == "'" + cell
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    from translate.glossary.formats import read_glossary_file

    assert read_glossary_file(again).get("Formula term").preferred("ru") == cell
    assert load_store().get("Formula term").preferred("ru") == cell


def test_semicolon_csv_gets_a_delimiter_hint(tmp_path):
    bad = tmp_path / "excel.csv"
    bad.write_text("en;ru\nOSCE;ОБСЕ\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["glossary", "import", str(bad)])
    assert result.exit_code != 0 and "semicolon" in result.output.replace(str(tmp_path), "").lower()


def test_two_processes_never_convert_the_same_model_at_once(tmp_path, monkeypatch):
    """The CTranslate2 cache: a second converter waits for the first and reuses its conversion."""
    import time

    import ctranslate2.converters

    from translate.backends import ct2_convert

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    calls: list[float] = []

    class SlowConverter:
        def __init__(self, path, **kw):
            pass

        def convert(self, out, quantization=None, force=False):
            calls.append(time.monotonic())
            time.sleep(0.5)
            Path(out, "model.bin").write_bytes(b"converted")

    monkeypatch.setattr(ctranslate2.converters, "TransformersConverter", SlowConverter)
    results: list = []

    def convert():
        results.append(ct2_convert.convert_model(model, "org/tiny", "rev1", "cpu", quiet=True))

    threads = [threading.Thread(target=convert) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(calls) == 1 and len(set(results)) == 1 and (results[0] / "model.bin").read_bytes() == b"converted"


def test_a_store_in_a_read_only_place_is_one_error(tmp_path):
    from translate.errors import OutputError

    if os.geteuid() == 0:
        blocked = tmp_path / "afile" / "store.csv"  # root ignores permissions: a parent that is a file
        (tmp_path / "afile").write_text("x", encoding="utf-8")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        blocked = ro / "store.csv"
    with pytest.raises(OutputError):
        with store_lock(blocked):
            pass

"""`tilshi batch` with the local engine: mixed inputs, manifest, idempotent re-runs, kill -9 and resume."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO
from tests.tiny_models import PAIRS

FAST = ["--backend", "transformers", "--beams", "1"]


def run(*args):
    return CliRunner().invoke(cli.main, ["batch", *map(str, args)])


def release(i: int) -> str:
    """A short release, different for each ``i`` (so no two documents are the same)."""
    return (
        f"# OSCE Centre supports workshop number {i}\n\n"
        f"ASTANA, {i} May 2016. – A two-day regional workshop began today in Astana.\n\n"
        f"Over {i + 10} customs officers from Kyrgyzstan took part. Thank you.\n"
    )


def manifest(out: Path) -> list[dict]:
    conn = sqlite3.connect(out / "manifest.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM documents ORDER BY doc, kind, lang")]
    finally:
        conn.close()


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "manifest.sqlite3" and not p.name.startswith((".", "manifest.sqlite3"))}


@pytest.fixture
def tree(tmp_path) -> Path:
    """A directory of good documents (nested) and bad ones (binary, non-UTF-8, empty)."""
    root = tmp_path / "in"
    (root / "2014" / "09").mkdir(parents=True)
    (root / ".drafts").mkdir()
    (root / "a.md").write_text(release(1), encoding="utf-8")
    (root / "2014" / "09" / "b.md").write_text(release(2), encoding="utf-8")
    (root / "2014" / "c.txt").write_text("Thank you. The event has been co-organized by the OSCE Centre in Astana.\n", encoding="utf-8")
    (root / "2014" / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "2014" / "09" / "latin1.md").write_bytes("Caf\xe9 in Astana.".encode("latin-1"))
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "notes.rst").write_text("not a release\n", encoding="utf-8")
    (root / ".drafts" / "d.md").write_text(release(3), encoding="utf-8")
    return root


def test_good_documents_translated_bad_ones_recorded(tree, tmp_path, marian_dir):
    out = tmp_path / "out"
    result = run(tree, "--to", "ru", "-o", out, "--model", marian_dir, *FAST, "--summaries")
    assert result.exit_code == 1, result.output
    assert "Batch: 3 translated, 0 up to date, 3 failed of 6 documents" in result.output
    assert set(outputs(out)) == {
        "a.ru.md", "a.summary.ru.txt", "2014/09/b.ru.md", "2014/09/b.summary.ru.txt", "2014/c.ru.txt", "2014/c.summary.ru.txt",
    }
    translated = (out / "2014/09/b.ru.md").read_text(encoding="utf-8")
    assert translated.count("\n\n") == release(2).count("\n\n") and translated.startswith("# ")
    assert "workshop began today" not in translated  # the model wrote it, not a copy of the input
    rows = {(r["doc"], r["kind"]): r for r in manifest(out)}
    assert len(rows) == 12  # 6 documents × (translation, summary) × ru
    for doc in ("a.md", "2014/09/b.md", "2014/c.txt"):
        row = rows[(doc, "translation")]
        assert row["status"] == "done" and row["model_id"] == str(marian_dir) and row["revision"].startswith("dir-")
        assert row["backend"] == "transformers" and row["engine"] == "local" and row["duration_s"] >= 0
        assert row["term_total"] >= 1 and 0 <= row["term_accuracy"] <= 1  # "OSCE Centre", "Kyrgyzstan", "Astana"
        assert isinstance(json.loads(row["warnings"]), list)
    reasons = {doc: rows[(doc, "translation")]["error"] for doc in ("2014/photo.md", "2014/09/latin1.md", "empty.txt")}
    assert "binary" in reasons["2014/photo.md"] and "UTF-8" in reasons["2014/09/latin1.md"] and "empty" in reasons["empty.txt"]
    assert all(rows[(doc, "translation")]["status"] == "failed" for doc in reasons)


def test_each_document_gets_its_own_sentences_back(tmp_path, trained_marian_dir):
    """Documents share one model call; every translation lands in its own document, in order."""
    ru = PAIRS["ru"]
    inputs = {"one.txt": [0, 4], "two.txt": [1], "three.txt": [3, 0, 2]}
    for name, picks in inputs.items():
        (tmp_path / name).write_text("\n\n".join(ru[i][0] for i in picks) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(*(tmp_path / n for n in inputs), "--to", "ru", "-o", out, "--model", trained_marian_dir,
                 "--backend", "transformers", "--no-glossary")
    assert result.exit_code == 0, result.output
    for name, picks in inputs.items():
        expected = "\n\n".join(ru[i][1] for i in picks) + "\n"
        assert (out / name.replace(".txt", ".ru.txt")).read_text(encoding="utf-8") == expected


def test_rerun_skips_up_to_date_documents_and_redoes_what_changed(tmp_path, marian_dir):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"r{i}.md").write_text(release(i), encoding="utf-8")
    out = src / "translated"  # inside the input tree: never read back as input
    args = [src, "--to", "ru", "-o", out, "--model", marian_dir, *FAST]
    assert run(*args).exit_code == 0
    first = outputs(out)
    result = run(*args)
    assert result.exit_code == 0 and "0 translated, 3 up to date" in result.output
    assert "torch" not in result.output
    (src / "r1.md").write_text(release(7), encoding="utf-8")  # new content
    (out / "r2.ru.md").unlink()  # a lost output
    result = run(*args)
    assert "2 translated, 1 up to date" in result.output
    assert outputs(out)["r0.ru.md"] == first["r0.ru.md"]
    result = run(*args[:-1], "2")  # other decoding settings: everything is redone
    assert "3 translated, 0 up to date" in result.output
    assert {r["doc"] for r in manifest(out)} == {"r0.md", "r1.md", "r2.md"}


def test_jsonl_feed_records_and_bad_lines(tmp_path, marian_dir):
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "2016/0512-astana", "text": release(5)}),
        json.dumps({"id": 42, "text": "Thank you. Customs officers from Kyrgyzstan took part."}),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "../escape", "text": release(6)}),
        json.dumps({"id": "blank", "text": "   "}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(feed, "--to", "ru", "-o", out, "--model", marian_dir, *FAST, "--format", "json")
    assert result.exit_code == 1, result.output
    assert set(outputs(out)) == {"feed/2016/0512-astana.ru.json", "feed/42.ru.json"}
    data = json.loads((out / "feed/42.ru.json").read_text(encoding="utf-8"))
    assert data["translations"][0]["language"] == "ru" and data["translations"][0]["segments"]
    failed = {r["doc"]: r["error"] for r in manifest(out) if r["status"] == "failed"}
    assert set(failed) == {"feed.jsonl#3", "feed.jsonl#4", "feed.jsonl/../escape", "feed.jsonl/blank"}
    assert "not JSON" in failed["feed.jsonl#3"] and "cannot name a file" in failed["feed.jsonl/../escape"]


def test_kill_9_then_resume_redoes_nothing_finished(tmp_path, marian_dir, isolated_home):
    src = tmp_path / "in"
    src.mkdir()
    count = 6
    for i in range(count):
        (src / f"r{i:02d}.md").write_text(release(i), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", "batch", str(src), "--to", "ru", "-o", str(out),
               "--model", str(marian_dir), *FAST, "--chunk-size", "1"]
    env = {**os.environ, "TILSHI_HOME": str(isolated_home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    done_at_kill: list[dict] = []
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "manifest.sqlite3").exists():
            try:
                done_at_kill = [r for r in manifest(out) if r["status"] == "done"]
            except sqlite3.OperationalError:
                done_at_kill = []
            if done_at_kill:
                proc.send_signal(signal.SIGKILL)
                break
        time.sleep(0.02)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    proc.stderr.close()
    done_at_kill = [r for r in manifest(out) if r["status"] == "done"]  # a document may have finished meanwhile
    assert 1 <= len(done_at_kill) < count
    stamps = {r["doc"]: (r["finished"], (out / r["output"]).stat().st_mtime_ns) for r in done_at_kill}
    for row in done_at_kill:  # what is there is whole: the bytes the manifest recorded
        assert row["output_sha256"] == hashlib.sha256((out / row["output"]).read_bytes()).hexdigest()

    resumed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"{count - len(done_at_kill)} translated, {len(done_at_kill)} up to date" in resumed.stderr
    rows = manifest(out)
    assert len(rows) == count and all(r["status"] == "done" for r in rows)
    for row in rows:
        if row["doc"] in stamps:
            assert (row["finished"], (out / row["output"]).stat().st_mtime_ns) == stamps[row["doc"]]
    assert sorted(outputs(out)) == [f"r{i:02d}.ru.md" for i in range(count)]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_ray_engine_without_ray_names_the_extra(tmp_path, marian_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the [ray] extra were not installed
    (tmp_path / "a.md").write_text(release(1), encoding="utf-8")
    result = run(tmp_path / "a.md", "--to", "ru", "-o", tmp_path / "out", "--model", marian_dir, "--engine", "ray")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Error:" in result.output and "'.[ray]'" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--to", "ru", "--workers", "2"], "--workers need --engine ray"),
        (["--to", "xx"], "xx"),
    ],
)
def test_usage_errors(tmp_path, args, message):
    (tmp_path / "a.md").write_text(release(1), encoding="utf-8")
    result = run(tmp_path / "a.md", "-o", tmp_path / "out", *args)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()


def test_missing_input_and_concurrent_run_are_errors(tmp_path, marian_dir):
    result = run(tmp_path / "nope", "--to", "ru", "-o", tmp_path / "out", "--model", marian_dir)
    assert result.exit_code == 2 and "input not found" in result.output
    (tmp_path / "a.md").write_text(release(1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".tilshi-batch.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run holds the directory
        result = run(tmp_path / "a.md", "--to", "ru", "-o", out, "--model", marian_dir)
    assert result.exit_code == 2 and "another tilshi batch run" in result.output
    assert not (out / "a.ru.md").exists()


def test_memory_reads_stop_at_the_run_start(isolated_home):
    """Chunks see the memory as it was when the run began, whichever engine ran which chunk first."""
    from batch.work import RunStartMemory
    from translate.memory import MemoryContext, TranslationMemory

    context = MemoryContext("en", "ru", "m", "r", "ctranslate2", "{}")
    with TranslationMemory() as memory:
        memory.store(context, [("Old sentence.", "Старое.")])
    cutoff = time.time()
    time.sleep(0.01)
    with TranslationMemory() as memory:
        memory.store(context, [("New sentence.", "Новое."), ("Old sentence.", "Старое, заново.")])
    reader = RunStartMemory(cutoff)
    try:
        assert reader.lookup(context, ["Old sentence.", "New sentence."]) == {}  # both rows written after the start
        reader.store(context, [("Third.", "Третье.")])  # writes go through
    finally:
        reader.close()
    early = RunStartMemory(time.time())
    try:
        assert early.lookup(context, ["Old sentence.", "New sentence.", "Third."]) == {
            "Old sentence.": "Старое, заново.", "New sentence.": "Новое.", "Third.": "Третье."}
    finally:
        early.close()

"""Output paths: checked before any work, never the input or a store, special files written through."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO, SAMPLE
from translate.errors import OutputError, SameAsInput
from translate.glossary import add_term
from translate.paths import glossary_path, memory_path
from translate.textio import write_all_atomic, write_atomic


def run(*args, input=None):
    return CliRunner().invoke(cli.main, [str(a) for a in args], input=input)


def one_error_line(result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return lines[0]


def _cli(*args, home: Path, **kw):
    env = dict(os.environ, TILSHI_HOME=str(home), HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *map(str, args)], cwd=REPO, env=env,
                          timeout=120, **kw)


@pytest.fixture
def no_model(tmp_path):
    """A --model directory that fails to load: any error about the output must come before it."""
    path = tmp_path / "not-a-model"
    path.mkdir()
    return path


@pytest.fixture
def store_and_pair(tmp_path):
    add_term("OSCE test term", {"ru": ["Тестовый термин ОБСЕ"]})
    source, translation = tmp_path / "src.md", tmp_path / "tr.md"
    source.write_text("The OSCE test term.\n", encoding="utf-8")
    translation.write_text("Тестовый термин ОБСЕ.\n", encoding="utf-8")
    return source, translation


# -- the input or a store as output (item 3) -------------------------------------------------------


def test_translate_refuses_to_overwrite_its_input(tmp_path, no_model):
    source = tmp_path / "release.md"
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = source.read_bytes()
    for output in (source, tmp_path / "." / "release.md"):
        line = one_error_line(run("translate", source, "--to", "ru", "-o", output, "--model", no_model))
        assert "release.md" in line and "input" in line
    os.link(source, tmp_path / "hardlink.md")
    one_error_line(run("translate", source, "--to", "ru", "-o", tmp_path / "hardlink.md", "--model", no_model))
    assert source.read_bytes() == before


def test_summarize_refuses_to_overwrite_its_input(tmp_path):
    source = tmp_path / "release.md"
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    one_error_line(run("summarize", source, "--to", "en", "-o", source))
    assert source.read_text(encoding="utf-8") == SAMPLE.read_text(encoding="utf-8")


def test_glossary_export_refuses_the_store(store_and_pair):
    before = glossary_path().read_bytes()
    line = one_error_line(run("glossary", "export", "--format", "tbx", "-o", glossary_path()))
    assert "glossary" in line
    assert glossary_path().read_bytes() == before


def test_glossary_export_refuses_a_glossary_it_reads(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("en,ru\nExtra,Экстра\n", encoding="utf-8")
    one_error_line(run("glossary", "export", "--glossary", extra, "--format", "tbx", "-o", extra))
    assert extra.read_text(encoding="utf-8") == "en,ru\nExtra,Экстра\n"


def test_glossary_apply_refuses_its_inputs(store_and_pair):
    source, translation = store_and_pair
    for output in (source, translation, glossary_path()):
        before = Path(output).read_bytes()
        one_error_line(run("glossary", "apply", source, translation, "--to", "ru", "-o", output))
        assert Path(output).read_bytes() == before


def test_memory_export_refuses_the_memory_file():
    from translate.memory import MemoryContext, TranslationMemory

    with TranslationMemory() as memory:
        memory.store(MemoryContext("en", "ru", "m", "r", "transformers", "{}"), [("One.", "Один.")])
    before = memory_path().read_bytes()
    one_error_line(run("memory", "export", "-o", memory_path()))
    assert memory_path().read_bytes() == before


def test_library_error_carries_the_paths(tmp_path):
    from translate.outputs import check_output

    source = tmp_path / "a.md"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(SameAsInput) as info:
        check_output(str(source), reads=[source])
    assert info.value.path == source and info.value.other == source


# -- paths checked before the work (items 15, 16) ---------------------------------------------------


@pytest.mark.parametrize("command", [
    ["translate", "{src}", "--to", "ru", "--model", "{model}"],
    ["summarize", "{src}", "--to", "ru", "--translator", "{model}"],
])
@pytest.mark.parametrize("output", ["{afile}/sub/", "{afile}/sub", "{afile}/sub/x.md", ""])
def test_bad_output_paths_fail_before_the_model(tmp_path, no_model, command, output):
    afile = tmp_path / "afile"
    afile.write_text("keep me", encoding="utf-8")
    args = [a.format(src=SAMPLE, model=no_model) for a in command] + ["-o", output.format(afile=afile)]
    line = one_error_line(run(*args))
    assert "not-a-model" not in line and ("afile" in line or "empty" in line)
    assert afile.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", [
    ["glossary", "export"],
    ["glossary", "apply", "{src}", "{tr}", "--to", "ru"],
    ["memory", "export"],
])
def test_empty_output_is_an_error(store_and_pair, command):
    source, translation = store_and_pair
    one_error_line(run(*[a.format(src=source, tr=translation) for a in command], "-o", ""))


def test_stdin_twice_is_an_error(store_and_pair):
    line = one_error_line(run("glossary", "check", "-", "-", "--to", "ru", input="The OSCE.\n"))
    assert "stdin" in line


# -- special files (item 9) -------------------------------------------------------------------------


def _read_fifo(path: Path, into: list) -> threading.Thread:
    def reader():
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_fifo_output_is_written_through(tmp_path, store_and_pair):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list = []
    reader = _read_fifo(fifo, got)
    result = run("glossary", "export", "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"OSCE test term" in got[0]


def test_fifo_without_a_reader_is_an_error_not_a_hang(tmp_path, monkeypatch):
    import translate.textio

    monkeypatch.setattr(translate.textio, "FIFO_WAIT_S", 0.3)
    fifo = tmp_path / "lonely.fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError):
        write_atomic(fifo, "text")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_symlink_output_writes_its_target_and_stays_a_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "future.md")
    write_atomic(dangling, "born\n")
    assert dangling.is_symlink() and (tmp_path / "future.md").read_text(encoding="utf-8") == "born\n"


def _device(path: Path, minor: int) -> Path:
    """A copy of a memory device node (1, minor) in tmp: a failing test replaces the copy, not /dev's."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError):
        pytest.skip("cannot create device nodes here")
    return path


def test_character_device_is_written_through(tmp_path):
    null = _device(tmp_path / "null", 3)
    before = os.lstat(null)
    write_atomic(null, "gone\n")
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_dev_stdout_to_a_pipe_and_to_a_file(tmp_path, isolated_home):
    """-o /dev/stdout, seen through a link of our own (a failing run replaces that link, never /dev's)."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/dev/stdout")
    piped = _cli("glossary", "export", "-o", stdout, home=isolated_home, capture_output=True)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"en,") and stdout.is_symlink()
    out = tmp_path / "redirected.csv"
    with open(out, "wb") as handle:
        to_file = _cli("glossary", "export", "-o", stdout, home=isolated_home, stdout=handle, stderr=subprocess.PIPE)
    assert to_file.returncode == 0, to_file.stderr
    assert out.read_bytes() == piped.stdout and stdout.is_symlink()
    fd_link = tmp_path / "fd1"
    fd_link.symlink_to("/proc/self/fd/1")
    with open(out, "wb") as handle:
        again = _cli("glossary", "export", "-o", fd_link, home=isolated_home, stdout=handle, stderr=subprocess.PIPE)
    assert again.returncode == 0 and out.read_bytes() == piped.stdout and fd_link.is_symlink()


def test_all_or_nothing_with_a_special_file(tmp_path):
    """A failed write-through leaves the regular files of the same batch untouched."""
    keep = tmp_path / "keep.md"
    keep.write_text("old\n", encoding="utf-8")
    with pytest.raises(OutputError):
        write_all_atomic({keep: "new\n", _device(tmp_path / "full", 7): "x" * 100})
    assert keep.read_text(encoding="utf-8") == "old\n"


# -- write errors are one line (item 15) -------------------------------------------------------------


def test_full_disk_on_stdout_and_on_o(isolated_home, tmp_path):
    with open("/dev/full", "wb") as full:  # opened, never replaced
        result = _cli("glossary", "export", home=isolated_home, stdout=full, stderr=subprocess.PIPE)
    err = result.stderr.decode()
    assert result.returncode != 0 and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("Error:") and "space" in err.lower(), err
    result = _cli("glossary", "export", "-o", _device(tmp_path / "full", 7), home=isolated_home, capture_output=True)
    err = result.stderr.decode()
    assert result.returncode != 0 and err.count("\n") == 1 and err.startswith("Error:"), err


def test_broken_pipe_is_one_line(isolated_home):
    env = dict(os.environ, TILSHI_HOME=str(isolated_home), HF_HUB_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "glossary", "list"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(60)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.count("\n") <= 1


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`tilshi … | head -1`: the reader leaving is not an error to report, and leaves no traceback."""
    import subprocess
    import sys

    from tests.conftest import REPO, SAMPLE

    script = (
        "import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); sys.argv = ['tilshi'] + sys.argv[1:];"
        "import cli; cli.main()"
    )
    proc = subprocess.run([sys.executable, "-c", script, "summarize", str(SAMPLE), "--to", "en"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 141
    assert proc.stderr == ""

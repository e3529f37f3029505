"""`tilshi batch --engine ray` on a local 2-CPU Ray: byte-identical to the local engine."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.test_batch import outputs, release, run

ray = pytest.importorskip("ray", reason="the [ray] extra is not installed")


@pytest.fixture(scope="module", autouse=True)
def ray_session():
    """One Ray for the module: starting it costs seconds on 2 cores."""
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


def statuses(out):
    conn = sqlite3.connect(out / "manifest.sqlite3")
    try:
        return sorted(conn.execute("SELECT doc, kind, lang, status, output_sha256, engine FROM documents"))
    finally:
        conn.close()


def test_ray_outputs_are_byte_identical_to_local(tmp_path, marian_dir, monkeypatch):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i in range(5):  # documents share sentences, so a chunk could be served another chunk's fresh translations
        (src / ("sub" if i % 2 else "") / f"r{i}.md").write_text(release(i) + release(i + 1), encoding="utf-8")
    (src / "sub" / "bad.md").write_bytes(b"\x00binary")
    args = [src, "--to", "ru", "--model", marian_dir, "--backend", "ctranslate2", "--beams", "2", "--summaries",
            "--chunk-size", "2"]
    homes = [tmp_path / "home-local", tmp_path / "home-ray"]
    monkeypatch.setenv("TILSHI_HOME", str(homes[0]))
    local = run(*args, "-o", tmp_path / "local")
    assert local.exit_code == 1, local.output
    # Each run starts from its own empty memory; only the one-time CTranslate2 conversion is shared.
    shutil.copytree(homes[0] / "ct2", homes[1] / "ct2")
    monkeypatch.setenv("TILSHI_HOME", str(homes[1]))
    distributed = run(*args, "-o", tmp_path / "ray", "--engine", "ray", "--workers", "2")
    assert distributed.exit_code == 1, distributed.output
    assert "Batch: 5 translated, 0 up to date, 1 failed of 6 documents" in distributed.output
    expected = outputs(tmp_path / "local")
    assert len(expected) == 10  # 5 translations + 5 summaries
    assert outputs(tmp_path / "ray") == expected
    local_rows, ray_rows = statuses(tmp_path / "local"), statuses(tmp_path / "ray")
    assert [r[:5] for r in ray_rows] == [r[:5] for r in local_rows]
    assert {r[5] for r in ray_rows} == {"ray"}
    assert (homes[1] / "memory.sqlite3").exists()  # the actors wrote the shared memory

    again = run(*args, "-o", tmp_path / "ray", "--engine", "ray")
    assert again.exit_code == 1 and "0 translated, 5 up to date, 1 failed" in again.output

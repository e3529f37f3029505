"""The JSON API of `tilshi serve`, through Starlette's TestClient with a trained tiny model."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import cli
from tests.web_helpers import BASE, SOURCE, make_app, wait_for


@pytest.fixture()
def client(trained_marian_dir):
    with TestClient(make_app(trained_marian_dir), base_url=BASE) as client:
        yield client


@pytest.fixture()
def release(client):
    """SOURCE translated to Russian through the API: the finished job."""
    response = client.post("/api/translate", json={"text": SOURCE, "to": ["ru"], "name": "release.md"})
    assert response.status_code == 202, response.text
    job = wait_for(client, response.json())
    assert job["status"] == "done", job
    return job


def terms_of(view) -> dict[str, dict]:
    return {t["source"]: t for p in view["translations"][0]["paragraphs"] for s in p["segments"] for t in s["terms"]}


def cli_translate(tmp_path, model_dir, *extra):
    source = tmp_path / "release.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", "ru", "--model", str(model_dir),
                                           "--backend", "transformers", "-o", str(tmp_path / "out") + "/", *extra])
    assert result.exit_code == 0, result.output
    return (tmp_path / "out" / "release.ru.md").read_text(encoding="utf-8")


def test_page_and_assets_are_local(client):
    page = client.get("/")
    assert page.status_code == 200 and 'name="csrf-token"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css"):
        response = client.get(asset)
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text  # no CDN, nothing remote
    assert "https://" not in page.text and "http://" not in page.text


def test_translate_job_reports_segments_terms_and_progress(client, release):
    assert release["progress"]["fraction"] == 1.0
    view = release["result"]
    assert [t["language"] for t in view["translations"]] == ["ru"]
    segments = [s for p in view["translations"][0]["paragraphs"] for s in p["segments"]]
    assert [s["source"] for s in segments] == [line for line in SOURCE.split("\n") if line]
    assert segments[0]["target"] == "Сотрудники таможни из Кыргызстана приняли участие."
    terms = terms_of(view)
    assert terms["Kyrgyzstan"]["status"] == "fixed" and terms["Kyrgyzstan"]["expected"] == "Кыргызстан"
    assert "Киргизии" in terms["Kyrgyzstan"]["reason"]
    assert terms["OSCE Centre in Astana"]["status"] == "ok"
    start, end = terms["Kyrgyzstan"]["start"], terms["Kyrgyzstan"]["end"]
    assert segments[0]["target"][start:end] == "Кыргызстана"


def test_download_is_what_translate_writes(client, release, tmp_path, trained_marian_dir):
    archive = client.get(f"/api/releases/{release['id']}/download")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(archive.content))
    assert files.namelist() == ["release.ru.md"]
    expected = cli_translate(tmp_path, trained_marian_dir)
    assert files.read("release.ru.md").decode("utf-8") == expected
    single = client.get(f"/api/releases/{release['id']}/files/release.ru.md")
    assert single.content.decode("utf-8") == expected


def test_glossary_edit_reapplies_without_translating_and_the_cli_sees_it(client, release):
    entry = client.get("/api/glossary/Talgat Bashev")
    assert entry.status_code == 200
    data = entry.json()
    assert entry.headers["etag"] == f'"{data["version"]}"'
    assert {"case": "gen", "number": "sg", "form": "Талгата Башева"} in data["forms"]["ru"]
    body = {"en": data["en"], "ru": ["Талгат Бащев"], "kk": data["kk"], "avoid": {"ru": ["Талгат Башиев", "Талгат Башев"]},
            "type": "person", "note": "male"}
    saved = client.put("/api/glossary/Talgat Bashev", json=body, headers={"If-Match": entry.headers["etag"]})
    assert saved.status_code == 200, saved.text
    shown = CliRunner().invoke(cli.main, ["glossary", "show", "Talgat Bashev"])
    assert "ru: Талгат Бащев" in shown.output
    translators = list(client.app.state.workspace.translators.values())
    misses = [t.misses for t in translators]
    view = client.post(f"/api/releases/{release['id']}/refresh").json()
    assert [t.misses for t in translators] == misses  # nothing re-translated: all from memory
    segment = view["translations"][0]["paragraphs"][1]["segments"][0]
    assert segment["target"] == "Талгат Бащев сказал:"
    assert segment["terms"][0]["status"] == "fixed"


def test_sentence_edit_is_a_human_translation_that_wins_and_is_exported(client, release, tmp_path, trained_marian_dir):
    url = f"/api/releases/{release['id']}/segments"
    view = client.post(url, json={"language": "ru", "index": 2, "target": "Мероприятие  проведено Центром ОБСЕ в Астане."})
    assert view.status_code == 200, view.text
    segment = view.json()["translations"][0]["paragraphs"][2]["segments"][0]
    assert segment["target"] == "Мероприятие проведено Центром ОБСЕ в Астане."
    stats = client.get("/api/memory/stats").json()
    assert stats["human"] == 1 and stats["enabled"] is True
    tmx = CliRunner().invoke(cli.main, ["memory", "export"]).stdout
    assert "Мероприятие проведено Центром ОБСЕ в Астане." in tmx and '<prop type="x-origin">human</prop>' in tmx
    assert "Мероприятие проведено Центром ОБСЕ в Астане." in cli_translate(tmp_path, trained_marian_dir)


@pytest.mark.parametrize("body, message", [
    ({"language": "ru", "index": 99, "target": "x"}, "segment number"),
    ({"language": "kk", "index": 0, "target": "x"}, "no kk translation"),
    ({"language": "ru", "index": 0, "target": "  "}, "'target'"),
])
def test_bad_sentence_edits_are_refused(client, release, body, message):
    response = client.post(f"/api/releases/{release['id']}/segments", json=body)
    assert response.status_code == 400 and message in response.json()["error"]


def test_check_and_apply(client):
    raw = "Сотрудники таможни из Киргизии приняли участие."
    pair = {"source": "Customs officers from Kyrgyzstan took part.", "translation": raw, "to": "ru"}
    report = client.post("/api/glossary/check", json=pair).json()
    assert report["terms"][0]["status"] != "ok"
    applied = client.post("/api/glossary/apply", json=pair).json()
    assert applied["text"] == "Сотрудники таможни из Кыргызстана приняли участие."
    assert applied["report"]["term_accuracy"] == 1.0


def test_glossary_list_put_new_and_delete(client):
    entries = client.get("/api/glossary").json()["entries"]
    assert any(e["term"] == "Kyrgyzstan" for e in entries)
    created = client.put("/api/glossary/Astana Hub", json={"ru": "Астана Хаб", "kk": ["Астана Хаб"], "type": "organisation",
                                                           "version": ""})
    assert created.status_code == 200, created.text
    again = client.put("/api/glossary/Astana Hub", json={"ru": "Астана-Хаб", "version": ""})
    assert again.status_code == 409  # "create" but it exists now
    preview = client.post("/api/glossary/preview", json={"term": "Astana Hub", "ru": "Астана Хаб"}).json()
    assert preview["forms"]["ru"]
    deleted = client.request("DELETE", "/api/glossary/Astana Hub", headers={"If-Match": created.headers["etag"]})
    assert deleted.status_code == 200
    assert client.get("/api/glossary/Astana Hub").status_code == 404


def test_summarize(client):
    response = client.post("/api/summarize", json={"text": SOURCE, "to": ["en"], "sentences": 1})
    assert response.status_code == 200, response.text
    [summary] = response.json()["summaries"]
    assert summary["language"] == "en" and summary["method"] == "extractive" and len(summary["sentences"]) == 1


@pytest.mark.parametrize("method, url, kwargs, status, message", [
    ("POST", "/api/translate", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
    ("POST", "/api/translate", {"json": {"text": "Hi.", "to": ["xx"]}}, 400, "xx"),
    ("POST", "/api/translate", {"json": {"text": "", "to": ["ru"]}}, 400, "'text'"),
    ("POST", "/api/translate", {"json": {"text": "Hi.", "to": ["ru"], "name": "../x.md"}}, 400, "plain file name"),
    ("POST", "/api/translate", {"content": b"text=1", "headers": {"content-type": "application/x-www-form-urlencoded",
                                                                 "x-csrf-token": "wrong"}}, 403, "CSRF"),
    ("POST", "/api/summarize", {"json": {"text": "Hi there.", "to": ["en"], "sentences": 0}}, 400, "at least 1"),
    ("GET", "/api/jobs/nope", {}, 404, "no such job"),
    ("GET", "/api/releases/nope", {}, 404, "no such release"),
    ("GET", "/api/nothing", {}, 404, "not found"),
    ("PUT", "/api/glossary/OSCE", {"json": {"ru": "ОБСЕ", "colour": "red"}}, 400, "unknown field"),
])
def test_errors_are_json(client, method, url, kwargs, status, message):
    response = client.request(method, url, **kwargs)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_a_failed_model_load_is_a_job_error(tmp_path):
    from tests.web_helpers import engine_options

    app = make_app(None, options=engine_options(tmp_path / "no-such-model"))
    with TestClient(app, base_url=BASE) as client:
        job = wait_for(client, client.post("/api/translate", json={"text": SOURCE, "to": ["ru"]}).json())
    assert job["status"] == "error" and "Traceback" not in json.dumps(job)


def test_two_languages_side_by_side_and_in_the_download(trained_nllb_dir, tmp_path):
    with TestClient(make_app(trained_nllb_dir), base_url=BASE) as client:
        job = client.post("/api/translate", json={"text": SOURCE, "to": ["ru", "kk"], "name": "release.md"}).json()
        assert job["progress"]["languages_total"] == 2
        job = wait_for(client, job)
        assert job["status"] == "done", job
        view = job["result"]
        assert [t["language"] for t in view["translations"]] == ["ru", "kk"]
        assert [len(t["paragraphs"]) for t in view["translations"]] == [3, 3]
        files = zipfile.ZipFile(io.BytesIO(client.get(f"/api/releases/{job['id']}/download").content))
    source = tmp_path / "release.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", "ru,kk", "--model", str(trained_nllb_dir),
                                           "--backend", "transformers", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(files.namelist()) == ["release.kk.md", "release.ru.md"]
    for name in files.namelist():
        assert files.read(name).decode("utf-8") == (tmp_path / "out" / name).read_text(encoding="utf-8")


def test_the_app_loads_no_model_and_no_torch_until_a_translation(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        "import sys; from starlette.testclient import TestClient; from tests.web_helpers import make_app, BASE\n"
        "c = TestClient(make_app('/nonexistent'), base_url=BASE)\n"
        "assert c.get('/').status_code == 200 and c.get('/api/glossary').status_code == 200\n"
        "assert c.get('/api/memory/stats').status_code == 200\n"
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))\n"
    )
    env = {**__import__("os").environ, "TILSHI_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

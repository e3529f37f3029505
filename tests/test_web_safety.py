"""What `tilshi serve` refuses: foreign Host and Origin, cross-site and form posts, big bodies, missing tokens,
lost updates; errors are JSON without tracebacks; the server starts fast, local only by default."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import cli
from tests.conftest import REPO
from tests.web_helpers import BASE, make_app
from web.security import MAX_BODY

# No model is needed: nothing here translates.
NO_MODEL = "/nonexistent-model"


@pytest.fixture()
def client():
    with TestClient(make_app(NO_MODEL), base_url=BASE, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:8765", 200), ("localhost:8765", 200), ("[::1]:8765", 200),
    ("evil.example:8765", 403), ("127.0.0.1.evil.example", 403), ("", 403),
])
def test_host_header_against_dns_rebinding(client, host, status):
    assert client.get("/api/memory/stats", headers={"host": host}).status_code == status


@pytest.mark.parametrize("method, origin, status", [
    ("GET", "http://evil.example", 403),
    ("POST", "http://evil.example", 403),
    ("POST", "null", 403),
    ("POST", "http://127.0.0.1:9999", 403),  # another local port is another origin
    ("POST", "http://127.0.0.1:8765", 200),  # same origin
    ("POST", None, 200),  # a script: no Origin
])
def test_origin(client, method, origin, status):
    headers = {"origin": origin} if origin else {}
    body = {"source": "Kyrgyzstan.", "translation": "Кыргызстан.", "to": "ru"}
    response = client.request(method, "/api/glossary/check" if method == "POST" else "/api/glossary", json=body if method == "POST" else None, headers=headers)
    assert response.status_code == status
    if status == 403:
        assert "error" in response.json()


@pytest.mark.parametrize("headers, status", [
    ({"content-type": "application/x-www-form-urlencoded"}, 403),
    ({"content-type": "text/plain"}, 403),
    ({"content-type": "multipart/form-data; boundary=x"}, 403),
    ({"content-type": "text/plain", "sec-fetch-site": "cross-site"}, 403),
    ({"content-type": "application/json", "sec-fetch-site": "cross-site"}, 403),
    ({"content-type": "application/json", "sec-fetch-site": "same-origin"}, 400),  # reaches the API: bad body
])
def test_cross_site_posts_without_origin(client, headers, status):
    response = client.post("/api/glossary/check", content=b"source=x", headers=headers)
    assert response.status_code == status


def test_csrf_token_lets_a_form_type_through_the_guard(client):
    token = client.app.state.guard.csrf_token
    response = client.post("/api/glossary/check", content=b"x", headers={"content-type": "text/plain", "x-csrf-token": token})
    assert response.status_code == 415  # past the guard; the API itself takes JSON only


def test_oversized_bodies(client):
    big = b"x" * (MAX_BODY + 1)
    assert client.post("/api/translate", content=big, headers={"content-type": "application/json"}).status_code == 413

    def chunks():  # no Content-Length: counted while reading
        for _ in range(6):
            yield b"y" * (1024 * 1024)

    response = client.post("/api/translate", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "5 MB" in response.json()["error"]


def test_token_rule(tmp_path):
    app = make_app(NO_MODEL, token="s3cret", host="127.0.0.1")
    with TestClient(app, base_url=BASE) as client:
        assert client.get("/api/memory/stats").status_code == 401
        assert client.get("/api/memory/stats", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/memory/stats", headers={"authorization": "Bearer s3cret"}).status_code == 200
        page = client.get("/?token=s3cret")
        assert page.status_code == 200 and "tilshi_token" in page.headers["set-cookie"]
        assert "samesite=strict" in page.headers["set-cookie"].lower()
        assert client.get("/api/memory/stats").status_code == 200  # the cookie now


def test_remote_needs_allow_remote_and_generates_a_token():
    result = CliRunner().invoke(cli.main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--allow-remote" in result.output and "Traceback" not in result.output
    app = make_app(NO_MODEL, host="0.0.0.0", allow_remote=True, token="t0k")
    with TestClient(app, base_url="http://192.0.2.7:8765") as client:
        assert client.get("/api/memory/stats").status_code == 401
        assert client.get("/api/memory/stats", headers={"authorization": "Bearer t0k"}).status_code == 200


def test_two_tabs_editing_one_entry_conflict(client):
    tab1 = client.get("/api/glossary/Kyrgyzstan")
    tab2 = client.get("/api/glossary/Kyrgyzstan")
    body = {key: tab1.json()[key] for key in ("en", "ru", "kk", "avoid", "type", "note")}
    first = client.put("/api/glossary/Kyrgyzstan", json={**body, "note": "tab 1"}, headers={"If-Match": tab1.headers["etag"]})
    assert first.status_code == 200
    second = client.put("/api/glossary/Kyrgyzstan", json={**body, "note": "tab 2"}, headers={"If-Match": tab2.headers["etag"]})
    assert second.status_code == 409
    assert second.json()["current"]["note"] == "tab 1"  # what the other tab saved, to reload from
    assert client.get("/api/glossary/Kyrgyzstan").json()["note"] == "tab 1"
    stale = client.request("DELETE", "/api/glossary/Kyrgyzstan", headers={"If-Match": tab2.headers["etag"]})
    assert stale.status_code == 409


def test_errors_never_show_a_traceback(client, monkeypatch):
    from translate.memory import TranslationMemory

    def broken(self):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(TranslationMemory, "stats", broken)
    response = client.get("/api/memory/stats")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error (RuntimeError); see the server's log"}


def test_user_text_is_data_not_markup(client):
    """The API hands text back as JSON strings; the page renders it with textContent (see the browser test)."""
    evil = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
    response = client.post("/api/glossary/apply", json={"source": evil, "translation": evil, "to": "ru"})
    assert response.status_code == 200 and response.json()["text"] == evil
    assert response.headers["content-type"].startswith("application/json")
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_serve_starts_fast_loads_no_model_and_says_where(tmp_path):
    env = {**os.environ, "TILSHI_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "serve", "--port", "0"],
                               cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        elapsed = time.monotonic() - started
        assert "listening on http://127.0.0.1:" in line
        assert elapsed < 3.0, f"took {elapsed:.2f} s to listen"
        import httpx

        url = line.split("listening on ")[1].split()[0]
        assert httpx.get(url + "api/memory/stats", timeout=10).json()["entries"] == 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_reports_a_busy_port_in_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli.main, ["serve", "--port", str(port)])
    assert result.exit_code == 1 and result.output.startswith("Error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in result.output

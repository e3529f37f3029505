"""End to end in a real browser: Playwright drives Debian's Chromium against `tilshi serve` on a tiny model.

Open the page, paste the sample release, translate to Russian, see the highlighted terms, edit a glossary
entry and see the fix, edit a sentence, read the summaries, download, and compare with `tilshi translate`.
Set TILSHI_UPDATE_SCREENSHOT=1 to refresh docs/serve.png from this run.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import REPO
from tests.web_helpers import make_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# Shown as text, never run: the page must not execute markup from a release.
HOSTILE = 'Escaping check: <img src=x onerror="window.pwned=1"> and <script>window.pwned=2</script> stay text.\n'

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install -y chromium)")


@pytest.fixture()
def server(trained_marian_dir):
    """`tilshi serve` in a thread of this process (same TILSHI_HOME as the CLI runs below)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = make_app(trained_marian_dir, port=port)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1100, "height": 640}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(60_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server)
        yield page
        browser.close()
        assert not errors, errors


def test_review_flow(page, sample_text, tmp_path, trained_marian_dir):
    text = sample_text + "\n" + HOSTILE
    page.fill("#source", text)
    page.fill("#name", "release.md")
    page.click("#translate")
    page.wait_for_selector("#rows mark.term")
    assert page.locator("#progress-text").inner_text() == "Done."

    # Highlighted terms, with the official form and the reason on hover.
    centre = page.locator('td.target mark.term[data-term="OSCE Centre in Astana"]').first
    assert centre.get_attribute("data-status") == "ok" and centre.inner_text() == "Центром ОБСЕ в Астане"
    assert page.locator("td.target mark.term.missing").count() > 0
    centre.hover()
    assert "official form: Центр ОБСЕ в Астане" in page.locator("#tooltip").inner_text()

    # The hostile line is text on both sides, and nothing ran.
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert '<script>window.pwned=2</script>' in page.locator("td.source").last.inner_text()

    # Edit the entry: the Centre was renamed; the old name becomes a form to avoid.
    centre.click()
    page.wait_for_selector("#editor[open]")
    assert page.input_value("#e-ru") == "Центр ОБСЕ в Астане"
    page.fill("#e-ru", "Программный офис ОБСЕ в Астане")
    page.fill("#e-ru-avoid", "Центр ОБСЕ в Астане")
    page.click("#e-preview")
    page.wait_for_selector("#forms td:text('Программного офиса ОБСЕ в Астане')")
    page.click("#e-save")
    page.locator("#editor[open]").wait_for(state="detached")
    fixed = page.locator('td.target mark.term.fixed[data-term="OSCE Centre in Astana"]').first
    fixed.wait_for()
    assert fixed.inner_text() == "Программным офисом ОБСЕ в Астане"
    shown = CliRunner().invoke(cli.main, ["glossary", "show", "OSCE Centre in Astana"])
    assert "ru: Программный офис ОБСЕ в Астане" in shown.output  # the CLI sees the page's edit at once

    # Edit a sentence in place (the headline).
    headline = page.locator('td.target span.seg[data-index="0"]')
    headline.locator("button.edit").click()
    page.fill("textarea.sentence-editor", "Программный офис ОБСЕ поддержал региональный семинар по борьбе с контрабандой")
    page.click("text=Save sentence")
    page.wait_for_selector('td.target span.seg[data-index="0"]:has-text("поддержал региональный семинар")')

    # Summaries panel.
    page.click("#summarize")
    page.wait_for_selector("#summary-list .summary[lang='ru']")
    assert page.locator("#summary-list .summary").count() == 2

    _screenshot(page, tmp_path)

    # Download = exactly what `tilshi translate -o DIR` writes now (glossary edit and human edit included).
    with page.expect_download() as download_info:
        page.click("#download")
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    source = tmp_path / "release.md"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["translate", str(source), "--to", "ru", "--model", str(trained_marian_dir),
                                           "--backend", "transformers", "-o", str(tmp_path / "out") + "/"])
    assert result.exit_code == 0, result.output
    expected = (tmp_path / "out" / "release.ru.md").read_text(encoding="utf-8")
    assert archive.namelist() == ["release.ru.md"]
    assert archive.read("release.ru.md").decode("utf-8") == expected
    assert expected.startswith("Программный офис ОБСЕ поддержал региональный семинар по борьбе с контрабандой\n")
    assert "Программным офисом ОБСЕ в Астане" in expected


def _screenshot(page, tmp_path):
    page.evaluate("window.scrollTo(0, 0); document.getElementById('source').scrollTop = 0")
    page.locator('td.target mark.term.fixed').first.hover()  # show a tooltip in the picture
    shot = tmp_path / "serve.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1100, "height": 640})
    assert shot.stat().st_size > 10_000
    if os.environ.get("TILSHI_UPDATE_SCREENSHOT"):
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / "serve.png")

"""Shared helpers for the web tests: an app on a trained tiny model, a polling helper."""

from __future__ import annotations

import time

import cli
from web.app import ServeConfig, create_app

BASE = "http://127.0.0.1:8765"
# Sentences the trained tiny Marian model has learned (tests/tiny_models.py PAIRS["ru"]).
SOURCE = "Customs officers from Kyrgyzstan took part.\n\nTalgat Bashev said:\n\nThe event has been co-organized by the OSCE Centre in Astana.\n"


def engine_options(model_dir, **overrides):
    """The same TranslateOptions `tilshi translate --model DIR --backend transformers` builds."""
    kwargs = dict(model=str(model_dir), backend="transformers", device="auto", beams=4, batch_size=16,
                  glossary=(), no_glossary=False, no_memory=False)
    kwargs.update(overrides)
    return cli.translate_options(**kwargs)


def make_app(model_dir, **config):
    options = config.pop("options", None) or engine_options(model_dir)
    return create_app(ServeConfig(options, **config))


def wait_for(client, job: dict, timeout: float = 300.0) -> dict:
    """Poll a job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while job["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, "translation job did not finish"
        time.sleep(0.1)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job

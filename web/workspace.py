"""The server's state: open releases, translation jobs, and the one worker that runs models.

Models are not thread-safe and a laptop has few cores, so every call into the
pipeline goes through one worker thread, in order. A loaded model stays in
:attr:`Workspace.translators` between jobs. Re-showing a release after a
glossary or sentence edit re-runs the pipeline: with the memory on, every
sentence comes from the memory (raw model output or a person's edit), so
nothing is re-translated and the glossary is applied afresh.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

log = logging.getLogger("tilshi.web")
MAX_JOBS = 50  # finished jobs kept for polling; older ones are dropped


@dataclass
class Release:
    """A document open in the page: its text, how to parse it, its targets and current translations."""

    id: str
    name: str
    text: str
    fmt: str  # output format: md, txt or json (as `tilshi translate --format`)
    input_fmt: str  # md or txt: how the text is parsed
    targets: list[str]
    results: list = field(default_factory=list)  # DocumentTranslation per target


@dataclass
class Job:
    """A translation running in the worker; polled by the page."""

    id: str
    release: Release
    status: str = "queued"  # queued, running, done, error
    language: str | None = None
    done: int = 0
    total: int = 0
    languages_done: int = 0
    error: str | None = None
    created: float = field(default_factory=time.time)

    def progress(self) -> dict:
        """Share of the work done (0..1), by language and by sentence within it."""
        count = max(1, len(self.release.targets))
        within = self.done / self.total if self.total else 0.0
        share = 1.0 if self.status == "done" else min(0.99, (self.languages_done + within) / count)
        return {"language": self.language, "sentences_done": self.done, "sentences_total": self.total,
                "languages_done": self.languages_done, "languages_total": count, "fraction": round(share, 3)}


class Workspace:
    """Releases, jobs and the model worker of one server process."""

    def __init__(self, options):
        self.options = options  # translate.pipeline.TranslateOptions
        self.translators: dict = {}
        self.releases: dict[str, Release] = {}
        self.jobs: dict[str, Job] = {}
        self.glossary_lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tilshi-model")

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    async def run(self, func, *args, **kwargs):
        """Run ``func`` in the model worker and wait for it without blocking the event loop."""
        future = self._worker.submit(func, *args, **kwargs)
        return await asyncio.wrap_future(future)

    # -- releases and jobs -------------------------------------------------------------

    def open_release(self, name: str, text: str, fmt: str, input_fmt: str, targets: list[str]) -> Job:
        """Register a release and queue its translation; returns the job to poll."""
        release = Release(secrets.token_hex(8), name, text, fmt, input_fmt, targets)
        job = Job(release.id, release)
        self.releases[release.id] = release
        self.jobs[job.id] = job
        self._forget_old()
        self._worker.submit(self._translate_job, job)
        return job

    def _forget_old(self) -> None:
        finished = [j for j in self.jobs.values() if j.status in ("done", "error")]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(self.jobs) - MAX_JOBS)]:
            self.jobs.pop(job.id, None)
            self.releases.pop(job.id, None)

    def _translate_job(self, job: Job) -> None:
        from translate.errors import TilshiError

        job.status = "running"
        try:
            results = []
            for lang in job.release.targets:
                job.language, job.done, job.total = lang, 0, 0
                results += self._translate(job.release, [lang], progress=self._reporter(job))
                job.languages_done += 1
            job.release.results = results
            job.status = "done"
        except TilshiError as exc:
            job.status, job.error = "error", str(exc)
        except Exception as exc:  # the traceback goes to the server's log, never to the page
            log.exception("translation job %s failed", job.id)
            job.status, job.error = "error", f"translation failed ({type(exc).__name__}); see the server's log"

    @staticmethod
    def _reporter(job: Job):
        def report(done: int, total: int, label: str) -> None:
            job.done, job.total = done, total

        return report

    def _translate(self, release: Release, targets: list[str], progress=False) -> list:
        from translate.pipeline import translate_document

        options = replace(self.options, progress=progress)
        return translate_document(release.text, targets, options, fmt=release.input_fmt, translators=self.translators)

    def refresh(self, release: Release) -> None:
        """Re-run the pipeline for ``release`` (in the worker): memory hits, current glossary and edits."""
        release.results = self._translate(release, release.targets)

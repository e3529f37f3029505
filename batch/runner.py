"""Running a batch: find documents, skip finished ones, translate the rest, write and record each.

Safety on interruption comes from the order of writes: a document's output
files are staged and renamed into place together (never a partial file),
then its manifest rows are committed in one transaction. A run killed in
between redoes only that document; a run killed mid-write leaves at most a
hidden staging file, which the next run removes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import OutputError
from translate.languages import Language
from translate.pipeline import TranslateOptions
from translate.textio import write_all_atomic

from .inputs import Source, discover
from .manifest import Manifest, sha256_text
from .work import BatchJob, kind_digest, make_translators, settings_digests

ENGINES = ("local", "ray")
DEFAULT_CHUNK = 16  # documents translated together: full batches, and little work lost to a kill
LOCK_NAME = ".tilshi-batch.lock"
# write_all_atomic stages ".NAME.XXXXXXXX.tmp" next to NAME (tempfile.mkstemp's 8 random characters).
_STAGED = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


@dataclass
class Progress:
    """One document settled: what happened, and how far the run is."""

    doc: str
    status: str  # done | skipped | failed
    done: int  # documents settled so far (any status)
    total: int
    failed: int
    eta_s: float | None  # None until a document was translated in this run
    error: str | None = None


@dataclass
class BatchReport:
    """What a run did."""

    total: int = 0
    translated: int = 0
    skipped: int = 0
    failed: int = 0
    duration_s: float = 0.0
    manifest: Path | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    targets: Sequence[Language],
    options: TranslateOptions,
    *,
    out_format: str | None = None,
    summaries: bool = False,
    engine: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[Progress], None] | None = None,
) -> BatchReport:
    """Translate every document of ``inputs`` into ``out_dir``, mirroring the input tree; see the module doc."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"output directory {out} is a file")
    sources = discover(inputs, fmt="txt" if out_format == "txt" else None, exclude=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out}: {exc.strerror or exc}") from None
    report = BatchReport(total=len(sources))
    with _exclusive(out), Manifest(out) as manifest:
        report.manifest = manifest.path
        _remove_staged(out)
        job = BatchJob(tuple(t.iso1 for t in targets), options, out_format, summaries, cutoff=time.time())
        translators = make_translators(job)
        identities: dict[str, str] = {}
        digests = settings_digests(job, translators, identities)
        tracker = _Tracker(report, progress, started)
        pending: list[Source] = []
        for source in sources:
            if source.error is not None:
                rows = [{"kind": e.kind, "lang": e.lang, "status": "failed", "error": source.error}
                        for e in job.expected(source.out_stem or source.key, source.fmt, digests)]
                manifest.record([_complete(row, source, digests, identities, engine) for row in rows])
                tracker.settle(source, "failed", source.error)
            elif manifest.up_to_date(source.key, source.digest, job.expected(source.out_stem, source.fmt, digests)):
                tracker.settle(source, "skipped")
            else:
                pending.append(source)
        tracker.pending = len(pending)
        by_key = {source.key: source for source in pending}
        chunks = [[_payload(s) for s in pending[i : i + chunk_size]] for i in range(0, len(pending), max(1, chunk_size))]
        if engine == "local":
            from .local import run_local

            results = run_local(job, chunks, translators)
        else:
            from .ray_engine import run_ray

            results = run_ray(job, chunks, digests, workers=workers, address=ray_address)
        for outcomes in results:
            tracker.arrived(len(outcomes))
            for outcome in outcomes:
                source = by_key[outcome["key"]]
                _write(out, outcome["files"])
                rows = []
                for row in outcome["rows"]:
                    text = outcome["files"].get(row.get("output"))
                    row = {**row, "output_sha256": sha256_text(text) if text is not None else None,
                           "duration_s": outcome["duration_s"]}
                    rows.append(_complete(row, source, digests, identities, engine))
                manifest.record(rows)
                failed = [row["error"] for row in rows if row["status"] == "failed"]
                tracker.settle(source, "failed" if failed else "done", failed[0] if failed else None, translated=True)
    report.duration_s = time.perf_counter() - started
    return report


def _payload(source: Source) -> dict:
    return {"key": source.key, "label": source.label, "text": source.text, "fmt": source.fmt, "out_stem": source.out_stem}


def _complete(row: dict, source: Source, digests: dict[str, str], identities: dict[str, str], engine: str) -> dict:
    if row.get("model_id") and not row.get("revision"):  # a local model directory: record its fingerprint
        row = {**row, "revision": identities.get(row["lang"])}
    return {**row, "doc": source.key, "source": source.label, "input_sha256": source.digest,
            "settings_sha256": kind_digest(digests[row["lang"]], row["kind"]), "engine": engine}


def _write(out: Path, files: dict[str, str]) -> None:
    paths = {out / name: text for name, text in files.items()}
    for path in paths:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    if paths:
        write_all_atomic(paths)


def _remove_staged(out: Path) -> None:
    """Staging files a killed run left behind (never a finished output)."""
    for path in out.rglob(".*.tmp"):
        if path.is_file() and _STAGED.match(path.name):
            path.unlink(missing_ok=True)


class _exclusive:
    """An exclusive lock on the output directory: two runs must not write the same outputs at once."""

    def __init__(self, out: Path):
        self.path = out / LOCK_NAME
        self.handle = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one run at a time is the user's business
            return self
        self.handle = open(self.path, "a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise OutputError(f"another tilshi batch run is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.close()
        return False


class _Tracker:
    """Counts settled documents and reports each to the progress callback with an ETA."""

    def __init__(self, report: BatchReport, callback, started: float):
        self.report = report
        self.callback = callback
        self.started = started
        self.settled = 0
        self.pending = 0
        self.arrived_here = 0

    def arrived(self, count: int) -> None:
        """``count`` translated documents reached the driver (a chunk settles at once)."""
        self.arrived_here += count

    def settle(self, source: Source, status: str, error: str | None = None, *, translated: bool = False) -> None:
        self.settled += 1
        if status == "skipped":
            self.report.skipped += 1
        elif status == "failed":
            self.report.failed += 1
            self.report.failures.append((source.label, error or "failed"))
        else:
            self.report.translated += 1
        eta = None
        if translated and self.arrived_here:
            elapsed = time.perf_counter() - self.started
            eta = elapsed / self.arrived_here * (self.pending - self.arrived_here)
        if self.callback is not None:
            self.callback(Progress(source.key, status, self.settled, self.report.total, self.report.failed, eta, error))


__all__ = ["BatchReport", "Progress", "run_batch"]

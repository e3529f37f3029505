"""The Ray engine: the local engine's chunks through a Ray Data pipeline.

read (the driver's chunks) → ``map_batches`` over an actor pool of
:class:`ChunkTranslator` (each actor loads its models once) → the driver,
which writes each document and its manifest rows as results stream in.

Without an address Ray starts on this machine; with one, the same code runs
on a cluster. Every node must see the models and the glossary the driver
sees (a shared file system or the same TILSHI_HOME and HF cache on each):
an actor checks its settings digests against the driver's and stops the run
if they differ, rather than writing outputs the manifest would mislabel.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator

from translate.errors import BackendError, TilshiError

from .work import BatchJob, make_translators, settings_digests, translate_chunk

# Environment the actors need to find the same data directory, models and offline switch as the driver.
PASSED_ENV = ("TILSHI_HOME", "XDG_DATA_HOME", "HF_HOME", "HF_HUB_CACHE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
              "TOKENIZERS_PARALLELISM")
RAY_EXTRA = "pip install -e '.[ray]' (or pip install 'tilshi[ray]')"


def import_ray():
    """The ``ray`` module, or a :class:`BackendError` naming the optional extra."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise BackendError(f"the Ray engine needs Ray, an optional extra: {RAY_EXTRA}") from None
    return ray


class ChunkTranslator:
    """A Ray Data callable class: one instance per actor, models loaded on its first chunk."""

    def __init__(self, job: BatchJob, env: dict[str, str], threads: int | None, digests: dict[str, str]):
        os.environ.update(env)
        if threads:
            os.environ["TILSHI_THREADS"] = str(threads)
        self.job = job
        self.digests = digests
        self.translators: dict | None = None

    def __call__(self, batch):
        outcomes = []
        for payload in batch["docs"]:
            try:
                if self.translators is None:
                    translators = make_translators(self.job)
                    if settings_digests(self.job, translators) != self.digests:
                        raise BackendError(
                            f"a Ray worker on {os.uname().nodename} sees other models or another glossary than the driver"
                        )
                    self.translators = translators
                outcomes.extend(translate_chunk(self.job, json.loads(payload), self.translators))
            except TilshiError as exc:
                outcomes.append({"fatal": str(exc), "error_type": type(exc).__name__})
        return {"outcome": [json.dumps(o, ensure_ascii=False) for o in outcomes]}


def run_ray(
    job: BatchJob,
    chunks: Iterable[list[dict]],
    digests: dict[str, str],
    *,
    workers: int | None = None,
    address: str | None = None,
) -> Iterator[list[dict]]:
    """Translate ``chunks`` on Ray; yields outcomes (in completion order) as they arrive at the driver."""
    ray = import_ray()
    items = [{"docs": json.dumps(chunk, ensure_ascii=False)} for chunk in chunks]
    if not items:
        return
    started_here = not ray.is_initialized()
    if started_here:
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level="warning")
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise BackendError(f"cannot start or reach Ray{' at ' + address if address else ''}: {exc}") from None
    try:
        resources = ray.cluster_resources()
        cpus, gpus = resources.get("CPU", 1.0), resources.get("GPU", 0.0)
        use_gpu = gpus > 0 and job.options.device != "cpu"
        workers = min(workers or max(1, int(gpus if use_gpu else cpus)), len(items))
        if use_gpu:
            # Several actors may share one GPU: a fraction each (an opus-mt model needs ~0.5 GB).
            remote, threads = {"num_gpus": min(1.0, gpus / workers), "num_cpus": 1}, None
        else:
            threads = max(1, int(cpus // workers))
            remote = {"num_cpus": threads}
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # stderr carries our progress, not Ray's plan
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.execution_options.preserve_order = False
        env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
        dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
            ChunkTranslator,
            fn_constructor_kwargs={"job": job, "env": env, "threads": threads, "digests": digests},
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            **remote,
        )
        for row in dataset.iter_rows():
            outcome = json.loads(row["outcome"])
            if "fatal" in outcome:
                import translate.errors as errors

                error_type = getattr(errors, outcome.get("error_type", ""), TilshiError)
                raise (error_type if isinstance(error_type, type) and issubclass(error_type, TilshiError) else TilshiError)(outcome["fatal"])
            yield [outcome]
    finally:
        if started_here:
            ray.shutdown()

"""The local engine: one process, each model loaded once, chunk after chunk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .work import BatchJob, make_translators, translate_chunk


def run_local(job: BatchJob, chunks: Iterable[list[dict]], translators: dict | None = None) -> Iterator[list[dict]]:
    """Translate ``chunks`` in order; yields each chunk's outcomes as soon as it is done.

    ``translators`` (from :func:`batch.work.make_translators`) keeps the loaded
    models and the shared translation memory for the whole run.
    """
    translators = translators if translators is not None else make_translators(job)
    for chunk in chunks:
        yield translate_chunk(job, chunk, translators)

"""Batch translation of whole archives and feeds, resumable, on one machine or a Ray cluster.

:func:`batch.runner.run_batch` is the entry point. It finds the documents
(:mod:`batch.inputs`), skips those whose outputs are up to date
(:mod:`batch.manifest`), hands the rest in fixed chunks to an engine
(:mod:`batch.local` or :mod:`batch.ray_engine`; both call
:func:`batch.work.translate_chunk`, so their outputs are byte-identical) and
writes every result atomically, recording it in the manifest as it arrives.

This package is a front end: it imports ``translate`` and ``summarize``;
nothing imports it. It never prints: progress goes to a callback.
"""

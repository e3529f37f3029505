"""Summaries of press releases in the languages of the audience.

:func:`summarize_document` is the entry point (:mod:`.pipeline`). The default
*extractive* method (:mod:`.extractive`) needs no model and never imports
torch: it picks whole English source sentences, lead first, and sends them
through the translation pipeline for other languages. The *abstractive*
method (:mod:`.abstractive`) runs a seq2seq summariser, checks it with the
faithfulness guard (:mod:`.guard`) and falls back to the extractive summary,
with a note, when the summary names, counts or dates something the source
does not. Results are :class:`.results.Summary` dataclasses.
"""

from __future__ import annotations

from .extractive import SourceSentence
from .pipeline import METHODS, SummaryOptions, summarize_document
from .results import Summary, SummarySentence

__all__ = ["METHODS", "Summary", "SummaryOptions", "SummarySentence", "SourceSentence", "summarize_document"]

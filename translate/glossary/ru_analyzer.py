"""The shared pymorphy3 analyser for Russian, loaded on first use, never at import.

Its own module so that both :mod:`.morph_ru` (terms) and :mod:`.names`
(people), which :mod:`.morph_ru` builds on, can share one instance.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def analyzer():
    """The shared pymorphy3 analyser (loaded on first use, never at import)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()

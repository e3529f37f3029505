"""Cost grows with the input, not faster: glossary load, extractive summaries, regexes on hostile lines.

Each test times the same work at two sizes on the same machine and compares
the ratio with what linear cost gives (the size ratio), with a wide margin,
so a busy machine slows both runs alike and cannot fail the test. Quadratic
cost gives the square of the size ratio and fails it. Absolute speed targets
live in benchmarks/scaling.py.
"""

from __future__ import annotations

import time

from translate.glossary.termbase import Termbase, make_entry


def best_time(work, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by other processes."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def growth(make_work, small: int, large: int) -> float:
    """Time at ``large`` divided by time at ``small``."""
    small_work, large_work = make_work(small), make_work(large)
    large_work()  # warm caches (regex compilation, imports) before timing
    return best_time(large_work) / max(best_time(small_work), 1e-6)


def _entries(n: int):
    return [make_entry({"en": [f"Term number {i} of the list", f"Term {i}"], "ru": [f"Термин {i}"]}) for i in range(n)]


def test_glossary_load_and_lookup_are_linear():
    def work_for(n):
        entries = _entries(n)

        def work():
            termbase = Termbase(entries)
            other = Termbase()
            other.extend(termbase)  # what load_glossary does per extra file
            for entry in entries[::10]:
                assert other.get(entry.source_terms()[1]) is entry
                assert not other.conflicts_with(entry)

        return work

    # 4× the entries: linear ≈ 4×, the old quadratic index ≈ 16×.
    assert growth(work_for, 1000, 4000) < 9


def test_glossary_replace_drops_entries_claiming_the_same_term():
    termbase = Termbase(_entries(3))
    newer = make_entry({"en": ["Term 1"], "ru": ["Новый"]})
    termbase.add(newer, replace=True)
    assert [e.source for e in termbase] == ["Term number 0 of the list", "Term number 2 of the list", "Term 1"]
    assert termbase.get("term 1") is newer
    termbase.remove("Term 1")
    assert termbase.get("Term 1") is None and len(termbase) == 2

"""Cost grows with the input, not faster: glossary load, extractive summaries, regexes on hostile lines.

Each test times the same work at two sizes on the same machine and compares
the ratio with what linear cost gives (the size ratio), with a wide margin,
so a busy machine slows both runs alike and cannot fail the test. Quadratic
cost gives the square of the size ratio and fails it. Absolute speed targets
live in benchmarks/scaling.py.
"""

from __future__ import annotations

import time

import pytest

from translate.glossary.termbase import Termbase, make_entry


def best_time(work, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by other processes."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def assert_linear(make_work, small: int, large: int, *, floor: float) -> None:
    """The work at size ``large`` costs at most about ``large / small`` times the work at ``small``.

    Three times the linear ratio is allowed, and anything under ``floor`` seconds passes: on a
    shared machine tiny timings are mostly noise, while quadratic cost is far above the floor.
    """
    small_work, large_work = make_work(small), make_work(large)
    small_work()  # warm caches (regex compilation, imports) before timing
    t_small, t_large = best_time(small_work), best_time(large_work, repeat=1)
    limit = max(floor, 3 * (large / small) * t_small)
    assert t_large < limit, f"{t_small:.3f}s at {small}, {t_large:.3f}s at {large} (limit {limit:.2f}s)"


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

    # 4× the entries: linear ≈ 4×; the old quadratic index took ≈ 16× (about 20 s at 4000).
    assert_linear(work_for, 1000, 4000, floor=1.5)


def test_glossary_replace_drops_entries_claiming_the_same_term():
    termbase = Termbase(_entries(3))
    newer = make_entry({"en": ["Term 1"], "ru": ["Новый"]})
    termbase.add(newer, replace=True)
    assert [e.source for e in termbase] == ["Term number 0 of the list", "Term number 2 of the list", "Term 1"]
    assert termbase.get("term 1") is newer
    termbase.remove("Term 1")
    assert termbase.get("Term 1") is None and len(termbase) == 2


# --- extractive summaries: no sentence-by-sentence matrix

_VOCABULARY = ("customs officers border trade workshop ministry experts smuggling goods training regional "
               "cooperation finance committee embassy office programme security risk analysis").split()


def release_of(sentences: int) -> str:
    """A release with ``sentences`` short distinct sentences, three to a paragraph."""
    lines = ["# Regional workshop on customs cooperation", ""]
    for i in range(sentences):
        words = [_VOCABULARY[(i * 7 + k * 3) % len(_VOCABULARY)] for k in range(7)]
        lines.append(f"Sentence {i} says {' '.join(words)}." + ("\n" if i % 3 == 2 else ""))
    return "\n".join(lines)


def test_extractive_summary_cost_is_linear():
    from summarize.extractive import extract

    def work_for(n):
        text = release_of(n)
        return lambda: extract(text, sentences=3)

    # 8× the sentences: linear ≈ 8×; the old full similarity matrix ≈ 64×.
    assert_linear(work_for, 250, 2000, floor=3.0)


def test_extractive_word_budget_selection_is_linear_in_sentences():
    from summarize.extractive import extract

    def work_for(n):
        text = release_of(n)
        return lambda: extract(text, words=120)

    assert_linear(work_for, 250, 2000, floor=3.0)


# --- regexes on user text: a hostile line costs one pass


def _hostile(pattern: str, size: int) -> str:
    return "Title\n\nThe " + (pattern * (size // len(pattern) + 1))[:size] + " end.\n"


def _work(name: str):
    from summarize.extractive import extract
    from summarize.release import strip_markdown
    from summarize.guard import check
    from translate.document import parse_document
    from translate.glossary import apply_document, check_document, load_glossary
    from translate.segment import split_with_gaps

    if name.startswith("glossary"):
        termbase = load_glossary([])
        if name == "glossary check":
            return lambda text: check_document(text, text, "ru", termbase)
        return lambda text: apply_document(text, text, "ru", termbase)
    return {
        "markdown": lambda text: parse_document(text, "md"),
        "plain text": lambda text: parse_document(text, "txt"),
        "sentences": split_with_gaps,
        "strip markdown": strip_markdown,
        "summary": extract,
        "summary guard": lambda text: check("The workshop began.", text),
    }[name]


# Each line was quadratic in at least one regex before (e-mail, link, tag, URL, domain, emphasis,
# word-before-a-full-stop patterns); the sizes keep the fixed code well under a second.
HOSTILE = [
    ("markdown", ["a.", "[a", "![a", "<a", "<http:", "_a", "-", "1.", "x.org."], 64_000),
    ("plain text", ["a.a", "[a", "<a", "_a", "-"], 64_000),
    ("sentences", ["A. ", "Mr. ", "1. ", "!"], 64_000),
    ("strip markdown", ["[a", "![a", "<a", "<http:", "*a", "**a ", "[a]("], 64_000),
    ("summary", ["*a", "[a", "A. "], 32_000),
    ("summary guard", ["![a", "](a"], 64_000),
    ("glossary check", ["a.a", "-", "a@"], 32_000),
    ("glossary apply", ["a.a", "-"], 32_000),
]


@pytest.mark.parametrize("name, patterns, size", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_lines_cost_linear_time(name, patterns, size):
    work = _work(name)
    for pattern in patterns:
        assert_linear(lambda n: (lambda: work(_hostile(pattern, n))), size // 8, size, floor=2.0)


@pytest.mark.parametrize("line", ["# Heading" + " " * 32_000 + "x", " " * 32_000, "Text " + "\t " * 16_000 + "#"])
def test_long_runs_of_spaces_are_cheap(line):
    from translate.document import parse_document
    from translate.glossary import check_document, load_glossary

    termbase = load_glossary([])
    assert best_time(lambda: (parse_document(line + "\n"), check_document(line, line, "ru", termbase)), repeat=1) < 3.0


@pytest.mark.parametrize("line", ["ASTANA" + " " * 4_000 + "x", "Astana, 5 May 2014" + " " * 32_000 + "x", "ASTANA " + "\t" * 32_000 + "x"])
def test_datelines_followed_by_long_runs_of_spaces_are_cheap(line):
    from translate.dateline import match_dateline
    from translate.document import parse_document

    # The old separator pattern split a run of n spaces n ways for each of 40 dateline lengths.
    assert best_time(lambda: (match_dateline(line), parse_document(line + "\n")), repeat=1) < 2.0


@pytest.mark.parametrize("line", ["OSCE " * 12_800, "OSCE www.osce.org " * 3_600])
def test_many_term_occurrences_in_one_text_are_cheap(line):
    from translate.glossary import load_glossary

    termbase = load_glossary([])
    termbase.find("warm up")
    # Overlap checks against chosen matches and blocked addresses were a scan each (quadratic).
    assert best_time(lambda: termbase.find(line), repeat=1) < 2.0


def test_a_large_glossary_tries_only_terms_the_text_could_hold():
    from translate.glossary.match import Matcher

    def name(i: int) -> str:  # distinct three-letter starts: "Aab…", "Bab…"
        return "".join(chr(97 + (i // 26**k) % 26) for k in range(3)).capitalize() + "ville Agency"

    entries = [make_entry({"en": [name(i)], "ru": [f"Агентство {i}"]}) for i in range(5000)]
    entries.append(make_entry({"en": ["OSCE Centre in Astana"], "ru": ["Центр ОБСЕ в Астане"]}))
    matcher = Matcher(entries)
    found = matcher.find(f"The OSCE Center in Astana and {name(42).lower()}'s staff met.")
    assert [m.text for m in found] == ["OSCE Center in Astana", name(42).lower() + "'s"]
    assert len(matcher._compiled) < 10  # not one regex per entry

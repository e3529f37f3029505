"""The glossary evaluation set (benchmarks/data/glossary_eval.tsv): zero false alarms, repair rate reported."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "glossary_accuracy.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("glossary_accuracy", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tallies(bench):
    return bench.evaluate(bench.load_cases())


def test_the_set_is_big_and_honest(bench):
    cases = bench.load_cases()
    assert len(cases) >= 150
    for lang in ("ru", "kk"):
        mine = [c for c in cases if c.lang == lang]
        assert sum(c.correct for c in mine) >= len(mine) / 3
    assert {c.glossary for c in cases} >= {"plain", "typed", "starter"}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_false_alarms_and_most_repairs(tallies, bench, lang, capsys):
    tally = tallies[lang]
    with capsys.disabled():
        print(f"\n{bench.table({lang: tally})}")
    alarms = [o.case.mt for o in tally.outcomes if o.kind == "false_alarm"]
    assert alarms == []
    assert tally.count("wrong_edit") == 0, [o.output for o in tally.outcomes if o.kind == "wrong_edit"]
    assert tally.repair_rate >= 0.9

#!/usr/bin/env python
"""Glossary post-editing accuracy: repairs and false alarms, per target language.

    python benchmarks/glossary_accuracy.py            # the table
    python benchmarks/glossary_accuracy.py --verbose  # plus every case that is not right

Cases are in ``benchmarks/data/glossary_eval.tsv``: target language,
glossary, English source, a machine translation, and what a careful translator
would publish (``=`` when the machine translation is already right). The
glossaries are in ``benchmarks/data/glossaries/`` (``plain.csv`` has only
``en,ru,kk``; ``typed.csv`` adds a type column; ``starter`` is the shipped one).

For each case, ``glossary check`` and ``glossary apply`` run on the pair:

* an already-correct case is a **false alarm** when apply changes it, or when
  check or apply reports any term that is not ``ok``;
* a wrong case is a **repair** when apply's output is exactly the expected
  text, a **wrong edit** when apply changed it into something else, and
  **left** when apply left it alone (reported ``unfixed`` or ``missing``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
sys.path.insert(0, str(ROOT))


@dataclass
class Case:
    lang: str
    glossary: str
    source: str
    mt: str
    expected: str

    @property
    def correct(self) -> bool:
        return self.mt == self.expected


@dataclass
class Outcome:
    case: Case
    output: str
    statuses: list[str]
    check_statuses: list[str]
    kind: str  # ok / false_alarm / repair / wrong_edit / left


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    @property
    def correct_cases(self) -> int:
        return sum(1 for o in self.outcomes if o.case.correct)

    @property
    def wrong_cases(self) -> int:
        return len(self.outcomes) - self.correct_cases

    @property
    def repair_rate(self) -> float:
        return self.count("repair") / self.wrong_cases if self.wrong_cases else 1.0


def load_cases(path: Path = DATA / "glossary_eval.tsv") -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Case(r["lang"], r["glossary"], r["source"], r["mt"], r["mt"] if r["expected"] == "=" else r["expected"])
            for r in rows]


def glossaries() -> dict:
    from translate.glossary import load_starter, read_glossary_file

    found = {"starter": load_starter()}
    for path in sorted((DATA / "glossaries").glob("*.csv")):
        found[path.stem] = read_glossary_file(path)
    return found


def evaluate(cases: list[Case]) -> dict[str, Tally]:
    """Run check and apply on every case; tallies per language."""
    from translate.glossary import apply_glossary, check_translation

    termbases = glossaries()
    tallies: dict[str, Tally] = {}
    for case in cases:
        termbase = termbases[case.glossary]
        checked = [t.status for t in check_translation(case.source, case.mt, case.lang, termbase).terms]
        output, report = apply_glossary(case.source, case.mt, case.lang, termbase)
        statuses = [t.status for t in report.terms]
        if case.correct:
            quiet = output == case.mt and all(s == "ok" for s in statuses + checked) and statuses
            kind = "ok" if quiet else "false_alarm"
        elif output == case.expected:
            kind = "repair"
        else:
            kind = "left" if output == case.mt else "wrong_edit"
        tallies.setdefault(case.lang, Tally()).outcomes.append(Outcome(case, output, statuses, checked, kind))
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    lines = [f"{'lang':4} {'cases':>5} {'correct':>7} {'wrong':>5} {'repairs':>14} {'false alarms':>12} {'wrong edits':>11} {'left':>4}"]
    for lang, t in sorted(tallies.items()):
        repairs = f"{t.count('repair')}/{t.wrong_cases} {t.repair_rate:.0%}"
        lines.append(
            f"{lang:4} {len(t.outcomes):5} {t.correct_cases:7} {t.wrong_cases:5} {repairs:>14} "
            f"{t.count('false_alarm'):>7}/{t.correct_cases:<4} {t.count('wrong_edit'):11} {t.count('left'):4}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every case that is not right")
    args = parser.parse_args(argv)
    tallies = evaluate(load_cases())
    print(table(tallies))
    if args.verbose:
        for t in tallies.values():
            for o in t.outcomes:
                if o.kind not in ("ok", "repair"):
                    print(f"\n[{o.kind}] {o.case.lang}/{o.case.glossary}: {o.case.source}\n  mt:       {o.case.mt}\n"
                          f"  expected: {o.case.expected}\n  output:   {o.output}\n  apply: {o.statuses}  check: {o.check_statuses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

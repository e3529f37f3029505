#!/usr/bin/env python
"""Extractive summaries from the shell: how much a summary costs over starting tilshi at all.

    python benchmarks/summarize_speed.py          # 5 runs of each command, medians
    python benchmarks/summarize_speed.py --runs 9

Side by side in one run, each command in a fresh process:

1. ``tilshi --version`` — the floor: Python start-up and the CLI's imports;
2. ``tilshi summarize examples/osce-astana-2014-09-29.md --to en --sentences 2`` —
   parsing, sentence splitting, TF-IDF ranking, output. No model, no torch.

Target: the summary finishes in under 4 s on a 2-core laptop, and costs at most
3× the bare start-up (the work itself is small next to importing Python code).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "osce-astana-2014-09-29.md"
TARGET_SECONDS = 4.0
TARGET_RATIO = 3.0


def _median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = shutil.which("tilshi")
    base = [exe] if exe else [sys.executable, str(REPO / "cli.py")]
    floor = _median_seconds([*base, "--version"], args.runs)
    summary = _median_seconds([*base, "summarize", str(SAMPLE), "--to", "en", "--sentences", "2"], args.runs)
    ratio = summary / floor
    print(f"{'command':<44} {'median s':>9}")
    print(f"{'tilshi --version':<44} {floor:>9.2f}")
    print(f"{'tilshi summarize SAMPLE --to en --sentences 2':<44} {summary:>9.2f}")
    print(f"ratio {ratio:.2f}x (target ≤ {TARGET_RATIO:g}x): {'met' if ratio <= TARGET_RATIO else 'MISSED'}; "
          f"absolute {summary:.2f} s (target < {TARGET_SECONDS:g} s): {'met' if summary < TARGET_SECONDS else 'MISSED'}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Cost against input size: the glossary, the extractive summariser and hostile lines.

    python benchmarks/scaling.py            # about 1–2 minutes on 2 cores
    python benchmarks/scaling.py --quick    # smaller sizes

Each measurement runs in a fresh ``tilshi`` (or Python) subprocess, so the
wall clock includes start-up as a user sees it and peak RSS is that run's own.
Sizes are compared side by side in one run, on the same machine:

1. glossary: a synthetic glossary of 1k and of 10k entries (the starter
   glossary plus generated multi-word names, each with ru and kk), then
   ``tilshi glossary check`` of the sample release, ``glossary import`` of
   the file into an empty store, and one ``glossary add`` to that store.
   Target: 10k costs about what 1k costs (same order of magnitude).
2. summarize: ``tilshi summarize --method extractive`` of a 400 KB and a
   4 MB release (the sample's paragraphs repeated with numbered variations).
   Target: 4 MB takes about 10× what 400 KB takes, not 100×.
3. hostile lines: ``tilshi glossary check`` where the release is one line of
   ``a.a.a…`` (and of ``-``) at 4 KB and 32 KB. Target: about 8×, not 64×.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "osce-astana-2014-09-29.md"
SYLLABLES = ["ka", "zan", "bek", "tor", "mi", "ra", "sol", "den", "ur", "al", "ty", "pe", "no", "gra", "vel", "as", "ta"]


def make_glossary(path: Path, entries: int) -> None:
    """``entries`` distinct generated concepts (1–4 capitalised words) with ru and kk renderings."""
    rng = random.Random(entries)
    seen: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["en", "ru", "kk", "type", "note"])
        while len(seen) < entries:
            words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(rng.randint(1, 4))]
            term = " ".join(words)
            if term.lower() in seen:
                continue
            seen.add(term.lower())
            writer.writerow([term, "Ру" + term.lower(), "Қа" + term.lower(), "organisation", ""])


def make_release(size: int) -> str:
    """A release of about ``size`` characters: the sample's paragraphs again and again, each copy numbered."""
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "!"))]
    out = [text]
    length = len(text)
    copy = 0
    while length < size:
        copy += 1
        for paragraph in paragraphs:
            piece = f"In update {copy}, " + paragraph[0].lower() + paragraph[1:]
            out.append(piece)
            length += len(piece) + 2
    return "\n\n".join(out)


def run(args: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) and exit code of one ``tilshi`` command in a fresh process."""
    wrapper = (
        "import resource, sys, runpy; sys.argv = ['tilshi'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('cli', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code or 0\nelse:\n    code = 0\n"
        "sys.stderr.write('\\nRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *args], cwd=REPO, env=env, input=stdin, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rss = [line for line in done.stderr.splitlines() if line.startswith("RSS ")]
    if done.returncode not in (0, 1):
        raise SystemExit(f"tilshi {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, int(rss[-1].split()[1]) / 1024 if rss else float("nan"), done.returncode


def environment(home: Path) -> dict:
    env = dict(os.environ, TILSHI_HOME=str(home), HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO))
    return env


def glossary_rows(work: Path, sizes: list[int]) -> list[tuple[str, list[tuple[float, float]]]]:
    results: dict[str, list[tuple[float, float]]] = {"glossary check (sample release)": [], "glossary import": [], "glossary add (one term)": []}
    for size in sizes:
        path = work / f"glossary-{size}.csv"
        make_glossary(path, size)
        home = work / f"home-{size}"
        home.mkdir()
        env = environment(home)
        seconds, rss, _ = run(["glossary", "check", str(SAMPLE), str(SAMPLE), "--to", "ru", "--glossary", str(path)], env)
        results["glossary check (sample release)"].append((seconds, rss))
        seconds, rss, _ = run(["glossary", "import", str(path)], env)
        results["glossary import"].append((seconds, rss))
        seconds, rss, _ = run(["glossary", "add", "Benchmark Concept", "--ru", "Эталонное понятие", "--kk", "Эталондық ұғым"], env)
        results["glossary add (one term)"].append((seconds, rss))
    return list(results.items())


def summarize_row(work: Path, sizes: list[int]) -> tuple[str, list[tuple[float, float]]]:
    row = []
    for size in sizes:
        path = work / f"release-{size}.md"
        path.write_text(make_release(size), encoding="utf-8")
        home = work / f"home-sum-{size}"
        home.mkdir()
        seconds, rss, _ = run(["summarize", str(path), "--to", "en", "--method", "extractive", "--sentences", "5"], environment(home))
        row.append((seconds, rss))
    return "summarize --to en (extractive)", row


def hostile_rows(work: Path, sizes: list[int]) -> list[tuple[str, list[tuple[float, float]]]]:
    rows = []
    for pattern in ("a.", "-"):
        row = []
        for size in sizes:
            path = work / f"hostile-{pattern.strip('.') or 'dot'}-{size}.md"
            path.write_text((pattern * (size // len(pattern) + 1))[:size] + "\n", encoding="utf-8")
            home = work / f"home-h-{len(rows)}-{size}"
            home.mkdir()
            seconds, rss, _ = run(["glossary", "check", str(path), str(path), "--to", "ru"], environment(home))
            row.append((seconds, rss))
        rows.append((f"glossary check, one line of {pattern!r}", row))
    return rows


def show(title: str, labels: list[str], rows, target: str) -> None:
    print(f"\n{title}   (target: {target})")
    print(f"  {'':38}" + "".join(f"{label:>20}" for label in labels) + f"{'ratio':>10}")
    for name, row in rows:
        cells = "".join(f"{f'{s:.2f} s, {rss:.0f} MiB':>20}" for s, rss in row)
        print(f"  {name:38}{cells}{row[-1][0] / row[0][0]:>9.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (glossary 1k/4k, summaries 100 KB/1 MB)")
    parser.add_argument("--json", action="store_true", help="also print the raw numbers as JSON")
    args = parser.parse_args()
    glossary_sizes = [1000, 4000] if args.quick else [1000, 10000]
    summary_sizes = [100_000, 1_000_000] if args.quick else [400_000, 4_000_000]
    hostile_sizes = [4_000, 32_000]
    with tempfile.TemporaryDirectory(prefix="tilshi-scaling-") as tmp:
        work = Path(tmp)
        glossary = glossary_rows(work, glossary_sizes)
        show("Glossary", [f"{n // 1000}k entries" for n in glossary_sizes], glossary, "same order of magnitude")
        summary = [summarize_row(work, summary_sizes)]
        show("Extractive summary", [f"{n // 1000} KB" for n in summary_sizes], summary, "≈ 10×, not 100×")
        hostile = hostile_rows(work, hostile_sizes)
        show("Hostile lines", [f"{n // 1000} KB" for n in hostile_sizes], hostile, "≈ 8×, not 64×")
    if args.json:
        print(json.dumps({name: row for name, row in glossary + summary + hostile}, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Batch throughput: a loop of `tilshi translate`, `tilshi batch --engine local` and `--engine ray --workers 2`.

    python benchmarks/batch_throughput.py                      # 200 releases (long: ~1 h on 2 cores)
    python benchmarks/batch_throughput.py --docs 30            # a reduced run
    python benchmarks/batch_throughput.py --workdir DIR        # keep the built model for the next run

Needs no download. It reuses ``translate_speed.py``'s random-init model with
the exact shapes of opus-mt-en-ru (Marian transformer-base, 62518-token
vocabulary), converted to CTranslate2 int8 by tilshi's own converter, with
the EOS logit pinned to -1e9 so every sentence decodes to the length cap
(2 × source tokens + 16) in every engine: fixed output lengths, a worst case.

The releases are made from the sample (examples/osce-astana-2014-09-29.md):
each has the headline, image line and dateline paragraph and two of the five
body paragraphs (rotating), with its own numbers, date and city, so
sentences repeat across releases only as a real archive's boilerplate would.

All three engines translate the same files into Russian with
``--backend ctranslate2 --no-memory`` (so no engine is served by another's
memory; the glossary is on, as by default), each into its own output
directory, in one run. Ray is started by the command itself, as a user's
run would. Documents per minute are counted over each engine's whole wall
time, start-up included; the outputs of the local and Ray engines are
compared byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from translate_speed import SAMPLE, build_marian_base, convert  # noqa: E402

CITIES = ["Astana", "Almaty", "Shymkent", "Aktobe", "Karaganda", "Pavlodar", "Oskemen", "Atyrau", "Taraz", "Kostanay"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def make_releases(folder: Path, count: int) -> list[Path]:
    """``count`` releases made from the sample, spread over year/month folders as an archive is."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()  # one paragraph per line
    head, body = lines[:3], [p for p in lines[3:] if p.strip()]
    paths = []
    for i in range(count):
        city = CITIES[i % len(CITIES)]
        picked = [body[i % len(body)], body[(i + 2) % len(body)]]
        text = "\n".join([f"{head[0]} in {city}", *head[1:], *picked]) + "\n"
        text = re.sub(r"\b\d+\b", lambda m, i=i: str(int(m.group()) + i), text)  # its own numbers and date
        text = text.replace("September", MONTHS[i % 12]).replace("Astana", city).replace("ASTANA", city.upper())
        path = folder / f"{2014 + i % 5}" / f"{i % 12 + 1:02d}" / f"release-{i:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def tilshi(args: list[str], env: dict) -> float:
    """Run the real CLI in a fresh process; its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", *args], cwd=REPO, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"tilshi {' '.join(args[:2])} … failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.ru.md"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="How many releases (default 200).")
    parser.add_argument("--workers", type=int, default=2, help="Ray actors (default 2).")
    parser.add_argument("--workdir", type=Path, help="Keep the built model and its conversion here for the next run.")
    parser.add_argument("--json", type=Path, help="Also write the raw results here.")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tilshi-batch-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    home = workdir / "home"
    env = {**os.environ, "TILSHI_HOME": str(home), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    os.environ.update({k: env[k] for k in ("TILSHI_HOME", "HF_HUB_OFFLINE", "TOKENIZERS_PARALLELISM")})
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)

    marian = workdir / "marian-base-en-ru"
    if not (marian / "config.json").is_file():
        log("building the Marian-base (opus-mt-en-ru shape) model …")
        build_marian_base(marian)
    convert(marian, home)  # once, cached in TILSHI_HOME: no engine pays for it
    releases = workdir / f"releases-{args.docs}"
    if releases.exists():
        shutil.rmtree(releases)
    files = make_releases(releases, args.docs)
    common = ["--to", "ru", "--model", str(marian), "--backend", "ctranslate2", "--no-memory"]
    results: dict = {"docs": args.docs, "workers": args.workers, "load_before": os.getloadavg()[0]}

    loop_out = workdir / "out-loop"
    shutil.rmtree(loop_out, ignore_errors=True)
    log(f"loop: tilshi translate × {len(files)} …")
    start = time.perf_counter()
    for path in files:
        target = loop_out / path.relative_to(releases).parent
        target.mkdir(parents=True, exist_ok=True)
        tilshi(["translate", str(path), *common, "-o", f"{target}/"], env)
    results["loop_s"] = time.perf_counter() - start

    for engine, extra in (("local", []), ("ray", ["--workers", str(args.workers)])):
        out = workdir / f"out-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        log(f"tilshi batch --engine {engine} {' '.join(extra)} …")
        results[f"{engine}_s"] = tilshi(["batch", str(releases), *common, "-o", str(out), "--engine", engine, *extra], env)
    results["load_after"] = os.getloadavg()[0]
    local, ray = tree_digest(workdir / "out-local"), tree_digest(workdir / "out-ray")
    results["local_ray_identical"] = local == ray and len(local) == args.docs
    results["loop_outputs"] = len(tree_digest(loop_out))
    log("done")
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def report(r: dict) -> None:
    import platform

    per_min = {name: r["docs"] / r[f"{name}_s"] * 60 for name in ("loop", "local", "ray")}
    print(f"\ntilshi batch throughput — {platform.machine()}, {len(os.sched_getaffinity(0))} cores; {r['docs']} releases "
          "→ ru; Marian-base shape, CTranslate2 int8, beam 4, forced output lengths, --no-memory\n")
    header = f"{'engine':<48} {'wall s':>8} {'docs/min':>9} {'vs loop':>8}"
    print(header)
    print("-" * len(header))
    labels = {"loop": "loop of tilshi translate (one process per file)", "local": "tilshi batch --engine local",
              "ray": f"tilshi batch --engine ray --workers {r['workers']}"}
    for name, label in labels.items():
        print(f"{label:<48} {r[f'{name}_s']:>8.1f} {per_min[name]:>9.1f} {per_min[name] / per_min['loop']:>7.2f}×")
    local_vs_loop = per_min["local"] / per_min["loop"]
    ray_vs_local = per_min["ray"] / per_min["local"]
    print("\nTargets")
    print(f"  batch --engine local ≥ 3× the loop:     {local_vs_loop:.2f}×  {'met' if local_vs_loop >= 3 else 'NOT met'}")
    print(f"  Ray within 20% of local (≥ 0.80×):      {ray_vs_local:.2f}×  {'met' if ray_vs_local >= 0.8 else 'NOT met'}")
    print(f"  local and Ray outputs byte-identical:   {'yes' if r['local_ray_identical'] else 'NO'}")
    print(f"\n(1-minute load average {r['load_before']:.2f} before, {r['load_after']:.2f} after; "
          f"the loop wrote {r['loop_outputs']} files)")
    if r["load_before"] > 0.6:
        print("WARNING: other processes were using the CPU; timings are unreliable.")


if __name__ == "__main__":
    main()

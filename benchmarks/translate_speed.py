#!/usr/bin/env python
"""Translation speed: transformers fp32 vs CTranslate2 int8, and the translation memory.

    python benchmarks/translate_speed.py            # full run (about 10 minutes on 2 cores)
    python benchmarks/translate_speed.py --quick    # smaller workloads (about 3 minutes)

Needs no download. Speed depends on a model's shapes and on how many tokens it
outputs, not on its weights, so the script builds randomly initialised models
with the exact shapes of the default models:

* opus-mt-en-ru: Marian transformer-base, d_model 512, 6+6 layers, 8 heads,
  FFN 2048, vocabulary 62518, 512 static sinusoidal positions;
* opus-mt-tc-big-en-zle (the Russian default): Marian transformer-big,
  d_model 1024, 6+6 layers, 16 heads, FFN 4096 (ReLU), 1024 static
  positions, shared vocabulary of MARIAN_BIG_VOCAB tokens with the
  ``>>rus<<``/``>>ukr<<``/``>>bel<<`` target codes (one more source token);
* nllb-200-distilled-600M: M2M100, d_model 1024, 12+12 layers, 16 heads,
  FFN 4096, vocabulary 256206, 1024 positions, scaled embeddings.

Their tokenizers are trained on the sample release and padded with filler
tokens to the real vocabulary sizes, so embeddings and the output projection
have the real sizes. Outputs are nonsense; only the timing matters.

Every engine runs in its own fresh subprocess (so peak RSS is that engine's
alone) on the same inputs in the same run:

1. decode throughput: the same source token ids, the same batch and beam
   size, and exactly N target tokens forced in both engines
   (transformers ``min_new_tokens = max_new_tokens = N``, CTranslate2
   ``min_decoding_length = max_decoding_length = N``);
2. end to end: ``tilshi translate examples/osce-astana-2014-09-29.md --to ru``
   with each Marian-shaped model as ``--model``, both engines with
   ``--no-memory``. The model's EOS logit is pinned to -1e9 so that every
   sentence decodes to the length cap in both engines (fixed output length);
3. translation memory: the same command with the memory on, cold and then
   re-run (byte-identical output checked).

Prints a table with the ratios and whether each target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "osce-astana-2014-09-29.md"

MARIAN_VOCAB = 62518
# opus-mt-tc-big-en-zle's config.json could not be read here (no hub access); the Tatoeba-MT transformer-big
# models join two 32k SentencePiece vocabularies into one of about 57k. The vocabulary only sizes the
# embeddings and the output projection (about a third of the decoder's per-token work at this size).
MARIAN_BIG_VOCAB = 57680
ZLE_CODES = [">>bel<<", ">>rus<<", ">>ukr<<"]
NLLB_MODEL_VOCAB = 256206
NLLB_TOKENIZER_VOCAB = 256204
NLLB_LANGS = ["eng_Latn", "rus_Cyrl", "kaz_Cyrl"]

EXTRA_TEXT = """\
The OSCE Centre in Astana supports the Government of Kazakhstan in its reform efforts.
Participants discussed border management, customs procedures and trade facilitation.
The seminar brought together experts from Central Asia, Eastern Europe and the United Kingdom.
Двухдневный региональный семинар по противодействию контрабанде товаров начался сегодня в Астане.
Мероприятие организовано Центром ОБСЕ в Астане и Комитетом таможенного контроля Министерства финансов.
Тауарлар контрабандасына қарсы іс-қимыл жөніндегі екі күндік өңірлік семинар бүгін Астанада басталды.
0123456789 .,;:!?«»“”"'()[]-–— @/#%&*+=_
"""


# ----------------------------------------------------------------------------------------------
# Building the models
# ----------------------------------------------------------------------------------------------


def _corpus(work: Path) -> Path:
    corpus = work / "corpus.txt"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines() + EXTRA_TEXT.splitlines()
    corpus.write_text("\n".join(line for line in lines * 3 if line.strip()), encoding="utf-8")
    return corpus


def build_marian_base(out: Path, seed: int = 0, big: bool = False) -> Path:
    """Random-init MarianMTModel with opus-mt-en-ru's exact config, and a 62518-token MarianTokenizer.

    ``big``: the transformer-big shape of opus-mt-tc-big-en-zle instead, multi-target (>>rus<< …).
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    work = out.parent / (out.name + "-spm")
    work.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        input=str(_corpus(work)), model_prefix=str(work / "sp"), vocab_size=1000, hard_vocab_limit=False,
        character_coverage=1.0, model_type="unigram", bos_id=-1, eos_id=0, unk_id=1, pad_id=-1, minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=str(work / "sp.model"))
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    size = MARIAN_BIG_VOCAB if big else MARIAN_VOCAB
    for code in ZLE_CODES if big else []:
        vocab[code] = len(vocab)
    while len(vocab) < size - 1:
        vocab[f"▁filler{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = size - 1
    for name in ("source.spm", "target.spm"):
        shutil.copy(work / "sp.model", work / name)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(work / "source.spm"), target_spm=str(work / "target.spm"), vocab=str(work / "vocab.json"),
        source_lang="en", target_lang=None if big else "ru", model_max_length=512,
    )
    pad = size - 1
    # config.json of Helsinki-NLP/opus-mt-en-ru; transformer-big as in opus-mt-tc-big-en-zle
    shape = dict(d_model=1024, encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096,
                 decoder_ffn_dim=4096, max_position_embeddings=1024, activation_function="relu") if big else dict(
                 d_model=512, encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
                 decoder_ffn_dim=2048, max_position_embeddings=512, activation_function="swish")
    config = MarianConfig(
        vocab_size=size, decoder_vocab_size=size, encoder_layers=6, decoder_layers=6, **shape,
        scale_embedding=True, static_position_embeddings=True,
        normalize_embedding=False, normalize_before=False, add_final_layer_norm=False,
        dropout=0.1, attention_dropout=0.0, activation_dropout=0.0, init_std=0.02,
        pad_token_id=pad, eos_token_id=0, bos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        # Never end a sentence: every output runs to the length cap in both engines (fixed length).
        model.final_logits_bias[0, 0] = -1e9
    model.generation_config.bad_words_ids = [[pad]]
    model.generation_config.num_beams = 4
    model.generation_config.max_length = 512
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    shutil.rmtree(work)
    return out


def build_nllb_600m(out: Path, seed: int = 0) -> Path:
    """Random-init M2M100 with nllb-200-distilled-600M's exact config, and a 256204-token NllbTokenizer."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    out.mkdir(parents=True, exist_ok=True)
    lines = [line for line in _corpus(out).read_text(encoding="utf-8").splitlines()]
    (out / "corpus.txt").unlink()
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bpe.train_from_iterator(lines, trainers.BpeTrainer(vocab_size=1000, special_tokens=["<s>", "<pad>", "</s>", "<unk>"]))
    state = json.loads(bpe.to_str())
    vocab = dict(state["model"]["vocab"])
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in state["model"]["merges"]]
    while len(vocab) < NLLB_TOKENIZER_VOCAB - len(NLLB_LANGS):
        vocab[f"▁filler{len(vocab)}"] = len(vocab)
    tokenizer = NllbTokenizer(vocab=vocab, merges=merges, additional_special_tokens=list(NLLB_LANGS), src_lang="eng_Latn")
    # config.json of facebook/nllb-200-distilled-600M
    config = M2M100Config(
        vocab_size=NLLB_MODEL_VOCAB, d_model=1024, encoder_layers=12, decoder_layers=12,
        encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096,
        max_position_embeddings=1024, scale_embedding=True, activation_function="relu",
        dropout=0.1, attention_dropout=0.1, activation_dropout=0.0, init_std=0.02,
        encoder_layerdrop=0.0, decoder_layerdrop=0.0,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    model.generation_config.max_length = 200
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def convert(model_dir: Path, home: Path) -> tuple[Path, float]:
    """Convert with tilshi's own converter path (int8, cached in TILSHI_HOME); returns (dir, seconds)."""
    os.environ["TILSHI_HOME"] = str(home)
    from translate.backends.ct2_convert import convert_model

    start = time.perf_counter()
    path = convert_model(model_dir, str(model_dir), None, "cpu", quiet=True)
    return path, time.perf_counter() - start


# ----------------------------------------------------------------------------------------------
# Measuring (each engine in its own subprocess)
# ----------------------------------------------------------------------------------------------


# Peak RSS is the child's own VmHWM, read just before it exits. (getrusage/wait4 ru_maxrss is no
# good here: Linux carries the parent's high-water mark into a forked child, and this parent has
# built 2.5 GB models.)
_HWM_BOOT = """
import atexit, os, sys
def _hwm():
    with open("/proc/self/status") as f:
        kb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    with open(os.environ["BENCH_HWM_FILE"], "w") as f:
        f.write(str(kb))
atexit.register(_hwm)
"""


def run_measured(cmd: list[str], env: dict, stdout_path: Path | None = None, cwd: Path = REPO) -> dict:
    """Run a Python ``cmd`` (``[python, "-c", code, ...]`` or ``[python, script, ...]``); wall seconds and peak RSS."""
    hwm = Path(tempfile.mkstemp(prefix="bench-hwm-")[1])
    if cmd[1] == "-c":
        cmd = [cmd[0], "-c", _HWM_BOOT + cmd[2], *cmd[3:]]
    else:
        cmd = [cmd[0], "-c", _HWM_BOOT + "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", *cmd[1:]]
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, env={**env, "BENCH_HWM_FILE": str(hwm)}, cwd=cwd, stdout=out, stderr=err)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        if stdout_path:
            out.close()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd[:1] + cmd[3:])}\n{stderr[-3000:]}")
    peak = int(hwm.read_text() or 0) / 1024
    hwm.unlink()
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": peak, "stderr": stderr}


def source_ids(vocab_size: int, batch: int, length: int, seed: int = 1) -> list[list[int]]:
    """Deterministic random source ids in the vocabulary's ordinary range (no specials)."""
    import random

    rng = random.Random(seed)
    return [[rng.randrange(10, vocab_size) for _ in range(length)] for _ in range(batch)]


def worker(args) -> None:
    """Inside a fresh process: load one engine, decode a fixed workload, print JSON."""
    spec = json.loads(args.spec)
    threads = spec["threads"]
    t0 = time.perf_counter()
    model_dir = Path(spec["model_dir"])
    tokenizer_vocab = spec["tokenizer_vocab"]
    ids = source_ids(tokenizer_vocab, spec["batch"], spec["src_len"])
    eos = spec["eos"]
    src_prefix = spec.get("src_prefix_id")
    ids = [([src_prefix] if src_prefix is not None else []) + row + [eos] for row in ids]
    n = spec["new_tokens"]
    beams = spec["beams"]
    result = {}
    if spec["engine"] == "transformers":
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(threads)
        t_import = time.perf_counter()
        model = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir)).eval()
        result["load_s"] = time.perf_counter() - t_import
        result["import_s"] = t_import - t0
        kwargs = dict(num_beams=beams, do_sample=False, min_new_tokens=n, max_new_tokens=n)
        if spec.get("tgt_prefix_id") is not None:
            kwargs["forced_bos_token_id"] = spec["tgt_prefix_id"]

        def decode(rows, steps):
            batch = torch.tensor(rows)
            with torch.inference_mode():
                out = model.generate(input_ids=batch, attention_mask=torch.ones_like(batch),
                                     **{**kwargs, "min_new_tokens": steps, "max_new_tokens": steps})
            return int(out.shape[1]) - 1  # minus the decoder start token

        decode(ids[:2], 4)  # warm-up
        start, cpu = time.perf_counter(), time.process_time()
        produced = decode(ids, n)
        result["decode_s"] = time.perf_counter() - start
        result["decode_cpu_s"] = time.process_time() - cpu
    else:
        import ctranslate2

        converted = Path(spec["converted_dir"])
        vocabulary = json.loads((converted / "shared_vocabulary.json").read_text(encoding="utf-8"))
        t_import = time.perf_counter()
        translator = ctranslate2.Translator(str(converted), device="cpu", compute_type="int8",
                                            inter_threads=1, intra_threads=threads)
        result["load_s"] = time.perf_counter() - t_import
        result["import_s"] = t_import - t0
        tokens = [[vocabulary[i] for i in row] for row in ids]
        prefix = None
        if spec.get("tgt_prefix_id") is not None:
            prefix = [[vocabulary[spec["tgt_prefix_id"]]] for _ in tokens]

        def decode(rows, prefixes, steps):
            res = translator.translate_batch(rows, target_prefix=prefixes, beam_size=beams,
                                             min_decoding_length=steps, max_decoding_length=steps,
                                             max_input_length=0)
            return len(res[0].hypotheses[0])

        decode(tokens[:2], prefix[:2] if prefix else None, 4)  # warm-up
        start, cpu = time.perf_counter(), time.process_time()
        produced = decode(tokens, prefix, n)
        result["decode_s"] = time.perf_counter() - start
        result["decode_cpu_s"] = time.process_time() - cpu
    result["tokens_per_hypothesis"] = produced
    result["tokens_per_s"] = spec["batch"] * n / result["decode_s"]
    # Per CPU-second of the process: on a shared machine this is far steadier than wall time.
    result["tokens_per_cpu_s"] = spec["batch"] * n / result["decode_cpu_s"]
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                result["vmhwm_mb"] = int(line.split()[1]) / 1024
    print(json.dumps(result))


def measure_decode(engine: str, spec: dict, env: dict, workdir: Path) -> dict:
    out = workdir / f"decode-{engine}-{spec['shape']}.json"
    run = run_measured([sys.executable, __file__, "_worker", json.dumps({**spec, "engine": engine})], env, out)
    data = json.loads(out.read_text(encoding="utf-8").strip().splitlines()[-1])
    data["peak_rss_mb"] = run["peak_rss_mb"]
    return data


def tilshi(args: list[str], env: dict, out: Path) -> dict:
    """Run the real CLI (``cli:main``, what the ``tilshi`` script runs) in a fresh process."""
    return run_measured([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", *args], env, out)


# ----------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="Smaller workloads (about 3 minutes).")
    parser.add_argument("--workdir", type=Path, help="Keep the built models here and reuse them on the next run.")
    parser.add_argument("--beams", type=int, default=4, help="Beam size for the decode benchmark (default 4, tilshi's default).")
    parser.add_argument("--skip-nllb", action="store_true", help="Skip the NLLB-600M shape (it needs ~4 GB of RAM and disk).")
    parser.add_argument("--skip-big", action="store_true", help="Skip the Marian-big (opus-mt-tc-big-en-zle) shape.")
    parser.add_argument("--skip-memory", action="store_true", help="Skip the translation-memory runs.")
    parser.add_argument("--skip-e2e", action="store_true", help="Skip the end-to-end CLI runs (and the memory runs).")
    parser.add_argument("--threads", type=int, help="Threads per engine (default: the usable cores).")
    parser.add_argument("--json", type=Path, help="Also write the raw results here.")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="S",
                        help="First wait up to S seconds for the 1-minute load average to drop below 0.5.")
    args = parser.parse_args()
    deadline = time.time() + args.wait_idle
    while os.getloadavg()[0] >= 0.5 and time.time() < deadline:
        time.sleep(10)

    threads = args.threads or _usable_cores()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tilshi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    home = workdir / "home"
    env = {**os.environ, "TILSHI_HOME": str(home), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "TILSHI_THREADS": str(threads), "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    os.environ.update({k: env[k] for k in ("TILSHI_HOME", "HF_HUB_OFFLINE", "TOKENIZERS_PARALLELISM")})
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    log = lambda msg: print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    shapes = {}
    marian = workdir / "marian-base-en-ru"
    if not (marian / "config.json").is_file():
        log("building the Marian-base (opus-mt-en-ru shape) model …")
        build_marian_base(marian)
    marian_ct2, marian_conv_s = convert(marian, home)
    shapes["marian"] = dict(
        shape="marian", label="Marian-base (opus-mt-en-ru)", model_dir=str(marian), converted_dir=str(marian_ct2),
        tokenizer_vocab=MARIAN_VOCAB - 1, eos=0, batch=16 if not args.quick else 8, src_len=32,
        new_tokens=64 if not args.quick else 32, beams=args.beams, threads=threads, conversion_s=marian_conv_s,
    )
    if not args.skip_big:
        big = workdir / "marian-big-en-zle"
        if not (big / "config.json").is_file():
            log("building the Marian-big (opus-mt-tc-big-en-zle shape) model …")
            build_marian_base(big, big=True)
        log("converting Marian-big to CTranslate2 int8 …")
        big_ct2, big_conv_s = convert(big, home)
        rus = json.loads((big / "vocab.json").read_text(encoding="utf-8"))[">>rus<<"]
        shapes["marian-big"] = dict(
            shape="marian-big", label="Marian-big (tc-big-en-zle)", model_dir=str(big), converted_dir=str(big_ct2),
            tokenizer_vocab=MARIAN_BIG_VOCAB - 1, eos=0, src_prefix_id=rus, batch=shapes["marian"]["batch"],
            src_len=32, new_tokens=shapes["marian"]["new_tokens"], beams=args.beams, threads=threads,
            conversion_s=big_conv_s,
        )
    if not args.skip_nllb:
        nllb = workdir / "nllb-200-600M"
        if not (nllb / "config.json").is_file():
            log("building the NLLB-200-distilled-600M-shape model (2.5 GB) …")
            build_nllb_600m(nllb)
        log("converting NLLB-600M to CTranslate2 int8 …")
        nllb_ct2, nllb_conv_s = convert(nllb, home)
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(nllb))
        shapes["nllb"] = dict(
            shape="nllb", label="NLLB-200-distilled-600M", model_dir=str(nllb), converted_dir=str(nllb_ct2),
            tokenizer_vocab=NLLB_TOKENIZER_VOCAB - len(NLLB_LANGS), eos=2,
            src_prefix_id=tok.convert_tokens_to_ids("eng_Latn"), tgt_prefix_id=tok.convert_tokens_to_ids("rus_Cyrl"),
            batch=8 if not args.quick else 4, src_len=32, new_tokens=32 if not args.quick else 16,
            beams=args.beams, threads=threads, conversion_s=nllb_conv_s,
        )

    results: dict = {"threads": threads, "beams": args.beams, "decode": {}, "e2e": {}, "memory": {},
                     "load_before": os.getloadavg()[0]}
    for name, spec in shapes.items():
        for engine in ("transformers", "ctranslate2"):
            log(f"decode {spec['label']} with {engine} (batch {spec['batch']}, beam {spec['beams']}, {spec['new_tokens']} tokens) …")
            results["decode"].setdefault(name, {})[engine] = measure_decode(engine, spec, env, workdir)
        results["decode"][name]["spec"] = {k: v for k, v in spec.items() if k not in ("model_dir", "converted_dir")}

    base = ["translate", str(SAMPLE), "--to", "ru", "--model", str(marian)]
    for name in [n for n in ("marian", "marian-big") if n in shapes and not args.skip_e2e]:
        for engine in ("transformers", "ctranslate2"):
            log(f"tilshi translate (sample release) with {shapes[name]['label']} on {engine}, --no-memory …")
            out = workdir / f"e2e-{name}-{engine}.md"
            args_ = ["translate", str(SAMPLE), "--to", "ru", "--model", shapes[name]["model_dir"]]
            run = tilshi(args_ + ["--backend", engine, "--no-memory"], env, out)
            run["output_chars"] = len(out.read_text(encoding="utf-8"))
            results["e2e"].setdefault(name, {})[engine] = run
    if args.skip_memory or args.skip_e2e:
        results["memory"] = None
    else:
        _measure_memory(results, base, env, home, workdir, log)
    results["total_s"] = time.perf_counter() - started
    results["load_after"] = os.getloadavg()[0]
    log("done")
    print_table(results, shapes)
    if args.json:
        for by_engine in results["e2e"].values():
            for run in by_engine.values():
                run.pop("stderr", None)
        for run in (results["memory"] or {}).values():
            if isinstance(run, dict):
                run.pop("stderr", None)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure_memory(results: dict, base: list[str], env: dict, home: Path, workdir: Path, log) -> None:
    mem_env = {**env, "TILSHI_HOME": str(workdir / "home-memory")}
    shutil.copytree(home / "ct2", workdir / "home-memory" / "ct2", dirs_exist_ok=True)  # the conversion is a one-time cost
    memory_engine = "ctranslate2"
    log(f"tilshi translate with memory ({memory_engine}): cold run, then re-run …")
    (workdir / "home-memory" / "memory.sqlite3").unlink(missing_ok=True)
    cold = tilshi(base + ["--backend", memory_engine], mem_env, workdir / "mem-cold.md")
    hit = tilshi(base + ["--backend", memory_engine], mem_env, workdir / "mem-hit.md")
    identical = (workdir / "mem-cold.md").read_bytes() == (workdir / "mem-hit.md").read_bytes()
    results["memory"] = {"engine": memory_engine, "cold": cold, "hit": hit, "byte_identical": identical}


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def print_table(results: dict, shapes: dict) -> None:
    import platform

    rows = []
    checks = []
    print()
    print(f"tilshi translation speed — {platform.processor() or platform.machine()}, {results['threads']} threads, "
          f"beam {results['beams']}, random-init models with the real shapes")
    print()
    print("Decode throughput (same source ids, forced output length, one process per engine)")
    header = (f"{'model shape':<30} {'engine':<22} {'batch×src→tgt':<14} {'tokens/s':>9} {'tok/CPU-s':>10} {'load s':>7} "
              f"{'peak RSS MB':>12}")
    print(header)
    print("-" * len(header))
    for name, spec in shapes.items():
        res = results["decode"][name]
        for engine, label in (("transformers", "transformers fp32"), ("ctranslate2", "ctranslate2 int8")):
            r = res[engine]
            print(f"{spec['label']:<30} {label:<22} {spec['batch']}×{spec['src_len']}→{spec['new_tokens']:<8} "
                  f"{r['tokens_per_s']:>9.1f} {r['tokens_per_cpu_s']:>10.1f} {r['load_s']:>7.2f} {r['peak_rss_mb']:>12.0f}")
        speedup = res["ctranslate2"]["tokens_per_s"] / res["transformers"]["tokens_per_s"]
        rss = res["ctranslate2"]["peak_rss_mb"] / res["transformers"]["peak_rss_mb"]
        target = 3.0 if name == "marian" else 2.5
        checks.append((f"{spec['label']}: ct2 int8 / transformers fp32 decode tokens/s", f"{speedup:.2f}×", f"≥ {target}×", speedup >= target))
        checks.append((f"{spec['label']}: peak RSS int8 / fp32 (engine only)", f"{rss:.0%}", "≤ 60%", rss <= 0.60))
        rows.append((spec["label"], spec["conversion_s"]))
    print()
    print("End to end: tilshi translate examples/osce-astana-2014-09-29.md --to ru (--no-memory, beam 4;")
    print("EOS suppressed, so every sentence decodes to the 2×source+16 token cap: a worst case, ~2× real output lengths)")
    header = f"{'model shape':<30} {'engine':<22} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}"
    print(header)
    print("-" * len(header))
    for name, e2e in results["e2e"].items():
        for engine, label in (("transformers", "transformers fp32"), ("ctranslate2", "ctranslate2 int8")):
            run = e2e[engine]
            print(f"{shapes[name]['label']:<30} {label:<22} {run['wall_s']:>8.2f} {run['cpu_s']:>8.2f} {run['peak_rss_mb']:>12.0f}")
    if "marian-big" in shapes:
        for engine, label in (("transformers", "transformers fp32"), ("ctranslate2", "ctranslate2 int8")):
            dec = results["decode"]
            for key, what in (("tokens_per_s", "wall"), ("tokens_per_cpu_s", "CPU")):
                slower = dec["marian"][engine][key] / dec["marian-big"][engine][key]
                checks.append((f"cost of tc-big vs opus-mt-en-ru: decode ({what} time), {label}", f"{slower:.2f}× slower", "(info)", True))
    if "marian" not in results["e2e"]:
        _print_checks(checks, results)
        return
    e2e = results["e2e"]["marian"]
    speedup = e2e["transformers"]["wall_s"] / e2e["ctranslate2"]["wall_s"]
    rss = e2e["ctranslate2"]["peak_rss_mb"] / e2e["transformers"]["peak_rss_mb"]
    checks.append(("tilshi translate sample release: transformers / ct2 wall time", f"{speedup:.2f}×", "≥ 2.5×", speedup >= 2.5))
    checks.append(("tilshi translate: peak RSS int8 / fp32 (whole CLI)", f"{rss:.0%}", "≤ 60% (info)", rss <= 0.60))
    if "marian-big" in results["e2e"]:
        big = results["e2e"]["marian-big"]
        for engine, label in (("transformers", "transformers fp32"), ("ctranslate2", "ctranslate2 int8")):
            for key, what in (("wall_s", "wall"), ("cpu_s", "CPU")):
                slower = big[engine][key] / e2e[engine][key]
                checks.append((f"cost of tc-big vs opus-mt-en-ru: sample release ({what}), {label}", f"{slower:.2f}× slower", "(info)", True))
    print()
    mem = results["memory"]
    if mem is None:
        print("Translation memory: not measured (--skip-memory)")
    else:
        print(f"Translation memory ({mem['engine']}): cold run {mem['cold']['wall_s']:.2f} s "
              f"(peak RSS {mem['cold']['peak_rss_mb']:.0f} MB), memory-hit re-run {mem['hit']['wall_s']:.2f} s "
              f"(peak RSS {mem['hit']['peak_rss_mb']:.0f} MB), byte-identical: {'yes' if mem['byte_identical'] else 'NO'}")
        ratio = mem["cold"]["wall_s"] / mem["hit"]["wall_s"]
        checks.append(("memory-hit re-run vs cold run", f"{ratio:.1f}× faster", "≥ 10×, identical", ratio >= 10 and mem["byte_identical"]))
    print("One-time CTranslate2 conversion: " + ", ".join(
        f"{label} {seconds:.1f} s" if seconds > 0.5 else f"{label} cached in --workdir" for label, seconds in rows))
    _print_checks(checks, results)


def _print_checks(checks: list, results: dict) -> None:
    print()
    print("Targets")
    header = f"{'check':<78} {'measured':>14} {'target':>16}  result"
    print(header)
    print("-" * len(header))
    for label, measured, target, ok in checks:
        print(f"{label:<78} {measured:>14} {target:>16}  {'-' if target == '(info)' else verdict(ok)}")
    print(f"\n(total benchmark time {results['total_s']:.0f} s; 1-minute load average {results['load_before']:.2f} "
          f"before the measurements, {results['load_after']:.2f} after)")
    if results["load_before"] > 0.6:  # (the load after includes this benchmark's own processes)
        print("WARNING: other processes were using the CPU; timings are unreliable (use --wait-idle).")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_worker":
        parser = argparse.ArgumentParser()
        parser.add_argument("cmd")
        parser.add_argument("spec")
        worker(parser.parse_args())
    else:
        main()

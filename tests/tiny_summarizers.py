"""Tiny summarisers with real architectures and tokenizer classes (no downloads).

BART gets a byte-level BPE tokenizer (vocab.json + merges.txt) trained on a
few sentences; T5 gets a SentencePiece model. The models are randomly
initialised and saved with ``save_pretrained``: whatever they generate is
real model output, usually gibberish, never a canned string.
"""

from __future__ import annotations

from pathlib import Path

from tests.tiny_models import CORPUS, TINY_DIMS


def build_bart(out: Path, *, max_positions: int = 256, seed: int = 0) -> Path:
    """A tiny BartForConditionalGeneration + BartTokenizer (model_type "bart")."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    work = out.parent / (out.name + "-bpe")
    work.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CORPUS * 4, vocab_size=600, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe.save_model(str(work))
    tokenizer = BartTokenizer(vocab=str(work / "vocab.json"), merges=str(work / "merges.txt"), model_max_length=max_positions)
    config = BartConfig(
        vocab_size=len(tokenizer),
        **TINY_DIMS,
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_t5(out: Path, *, model_type: str = "t5", seed: int = 0) -> Path:
    """A tiny T5ForConditionalGeneration (or MT5 with ``model_type="mt5"``) + T5Tokenizer from SentencePiece."""
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Config, T5ForConditionalGeneration, T5Tokenizer

    work = out.parent / (out.name + "-spm")
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(CORPUS * 4), encoding="utf-8")
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(work / "spiece"), vocab_size=400, hard_vocab_limit=False,
        character_coverage=1.0, model_type="unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1, minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=str(work / "spiece.model"))
    pieces = [(processor.id_to_piece(i), processor.get_score(i)) for i in range(processor.get_piece_size())]
    tokenizer = T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=512)
    config_class, model_class = (MT5Config, MT5ForConditionalGeneration) if model_type == "mt5" else (T5Config, T5ForConditionalGeneration)
    config = config_class(
        vocab_size=len(tokenizer),
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = model_class(config)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def teach(model_dir: Path, source: str, target: str, *, steps: int = 60, lr: float = 1e-2, seed: int = 0) -> Path:
    """Train a tiny summariser for a few steps to map ``source`` to ``target``, then save it again.

    An untrained model emits special tokens or nothing; a briefly trained
    one writes (roughly) ``target`` for any input, which lets tests reach the
    faithfulness guard's success path on a release containing ``target`` and
    its fallback path on a release that does not.
    """
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: one thread is fastest and never fights other jobs
    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir))
    model.train()
    inputs = tokenizer([source], return_tensors="pt", truncation=True, max_length=64)
    labels = tokenizer(text_target=[target], return_tensors="pt")["input_ids"]
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        loss = model(**inputs, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    torch.set_num_threads(threads)
    model.save_pretrained(model_dir)
    return model_dir

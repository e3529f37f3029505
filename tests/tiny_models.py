"""Build tiny translation models with the real architectures and tokenizer classes.

No weights can be downloaded here, so tests train a SentencePiece (Marian) or
BPE (NLLB) tokenizer on a few sentences, build a randomly initialised model of
the real class, ``save_pretrained`` both, and load them back through tilshi's
own code path. Outputs are whatever the (untrained or briefly trained) model
generates: nothing is canned.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

CORPUS = [
    "OSCE Centre supports Regional Workshop on Countering Smuggling",
    "A two-day regional workshop on countering the smuggling of goods began today in Astana.",
    "The event has been co-organized by the OSCE Centre in Astana and the Customs Committee.",
    "Over 50 customs officers from Kazakhstan, Belarus, Kyrgyzstan, Russia, Tajikistan and Ukraine took part.",
    "Mr. Smith, Dr. Jones and Ambassador Natalia Zarudna met on 29 September 2014 at 10.30.",
    "Двухдневный региональный семинар по противодействию контрабанде товаров начался сегодня в Астане.",
    "Мероприятие организовано Центром ОБСЕ в Астане и Комитетом таможенного контроля.",
    "Более 50 сотрудников таможни из Казахстана, Беларуси, Кыргызстана, России, Таджикистана и Украины.",
    "Тауарлар контрабандасына қарсы іс-қимыл жөніндегі екі күндік өңірлік семинар бүгін Астанада басталды.",
    "Іс-шараны ЕҚЫҰ-ның Астанадағы орталығы және Кедендік бақылау комитеті ұйымдастырды.",
    "0123456789 .,;:!?«»“”\"'()[]-–— @/#%&*+=_",
]
NLLB_LANGS = ["eng_Latn", "rus_Cyrl", "kaz_Cyrl"]
# The size of every tiny encoder-decoder (Marian, M2M100/NLLB, BART): one layer each side, 32 wide.
TINY_DIMS = dict(
    d_model=32,
    encoder_layers=1,
    decoder_layers=1,
    encoder_attention_heads=2,
    decoder_attention_heads=2,
    encoder_ffn_dim=64,
    decoder_ffn_dim=64,
)


def _quiet_sentencepiece_train(corpus_file: Path, prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus_file),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        bos_id=-1,
        eos_id=0,
        unk_id=1,
        pad_id=-1,
        minloglevel=2,
    )


def build_marian(
    out: Path, *, target_lang: str | None = "ru", target_codes: tuple[str, ...] = (), max_positions: int = 64, seed: int = 0
) -> Path:
    """A tiny MarianMTModel + MarianTokenizer (opus-mt layout: source/target .spm, vocab.json, <pad> last).

    ``target_codes`` (e.g. ``(">>rus<<", ">>ukr<<", ">>bel<<")``, as opus-mt-tc-big-en-zle has) makes
    it a multi-target model: the codes join the vocabulary and there is no single ``target_lang``.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    work = out.parent / (out.name + "-spm")
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(CORPUS * 4), encoding="utf-8")
    _quiet_sentencepiece_train(corpus, work / "sp", vocab_size=400)
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(work / "sp.model"))
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    for code in target_codes:
        vocab[code] = len(vocab)
    vocab["<pad>"] = len(vocab)
    shutil.copy(work / "sp.model", work / "source.spm")
    shutil.copy(work / "sp.model", work / "target.spm")
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(work / "source.spm"),
        target_spm=str(work / "target.spm"),
        vocab=str(work / "vocab.json"),
        source_lang="en",
        target_lang=None if target_codes else target_lang,
        model_max_length=512,
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        **TINY_DIMS,
        max_position_embeddings=max_positions,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config.max_length = max_positions
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    shutil.rmtree(work)
    return out


def build_nllb(out: Path, *, languages: list[str] = NLLB_LANGS, max_positions: int = 128, seed: int = 0) -> Path:
    """A tiny M2M100ForConditionalGeneration + NllbTokenizer (BPE vocab + merges, as transformers 5 builds it)."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bpe.train_from_iterator(CORPUS * 4, trainers.BpeTrainer(vocab_size=500, special_tokens=["<s>", "<pad>", "</s>", "<unk>"]))
    state = json.loads(bpe.to_str())
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in state["model"]["merges"]]
    tokenizer = NllbTokenizer(
        vocab=state["model"]["vocab"], merges=merges, additional_special_tokens=list(languages), src_lang="eng_Latn"
    )
    config = M2M100Config(
        vocab_size=len(tokenizer),
        **TINY_DIMS,
        max_position_embeddings=max_positions,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        scale_embedding=True,
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    model.generation_config.max_length = max_positions
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


T5_LANGUAGE_TOKENS = ["<2kk>", "<2ru>", "<2en>"]


def build_t5(out: Path, *, language_tokens: list[str] = T5_LANGUAGE_TOKENS, extra_ids: int = 0, seed: int = 0) -> Path:
    """A tiny T5ForConditionalGeneration + T5Tokenizer laid out as google/madlad400-3b-mt is.

    The SentencePiece model (spiece.model, no tokenizer.json, so transformers
    converts it on load as it does MADLAD's) has the ``<2xx>`` target codes as
    user-defined symbols; the model is MADLAD's kind of T5 (gated GELU,
    untied embeddings, relative positions) at the tiny size.
    """
    import sentencepiece as spm
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    out.mkdir(parents=True, exist_ok=True)
    work = out.parent / (out.name + "-spm")
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(CORPUS * 4), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(work / "sp"), vocab_size=400, hard_vocab_limit=False,
        character_coverage=1.0, model_type="unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        user_defined_symbols=list(language_tokens), minloglevel=2,
    )
    shutil.copy(work / "sp.model", out / "spiece.model")
    size = spm.SentencePieceProcessor(model_file=str(out / "spiece.model")).get_piece_size()
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "T5Tokenizer", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "extra_ids": extra_ids, "model_max_length": 512, "sp_model_kwargs": {},
    }), encoding="utf-8")
    config = T5Config(
        vocab_size=size + extra_ids, d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1, num_heads=2,
        feed_forward_proj="gated-gelu", tie_word_embeddings=False, relative_attention_num_buckets=8,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config)
    model.generation_config.max_length = 64
    model.save_pretrained(out)
    shutil.rmtree(work)
    return out


# Tiny parallel corpora. The model learns these by heart in a few seconds, so
# tests see real model output, made by real generate() calls, that is
# predictable enough to assert on (including the mistakes a glossary must fix).
PAIRS = {
    "ru": [
        ("A two-day regional workshop began today in Astana.", "Двухдневный региональный семинар начался сегодня в Астане."),
        ("The event has been co-organized by the OSCE Centre in Astana.", "Мероприятие организовано Центром ОБСЕ в Астане."),
        ("Customs officers from Kyrgyzstan took part.", "Сотрудники таможни из Киргизии приняли участие."),
        ("Talgat Bashev said:", "Талгат Башиев сказал:"),
        ("Thank you.", "Спасибо."),
    ],
    "kk": [
        ("A two-day regional workshop began today in Astana.", "Екі күндік өңірлік семинар бүгін Астанада басталды."),
        ("The event has been co-organized by the OSCE Centre in Astana.", "Іс-шараны ЕҚЫҰ-ның Астанадағы орталығы ұйымдастырды."),
        ("Thank you.", "Рақмет."),
    ],
}


def train(model_dir: Path, pairs_by_language: dict[str, list[tuple[str, str]]], *, steps: int = 400, seed: int = 0) -> Path:
    """Teach a tiny model the given sentence pairs (in place) and save it again."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir))
    nllb = type(tokenizer).__name__.startswith("Nllb")
    t5 = type(tokenizer).__name__.startswith("T5")
    batches = []
    for language, pairs in pairs_by_language.items():
        kwargs = {}
        if t5:  # MADLAD-style: the target language is a <2xx> prefix of the source
            pairs = [(f"<2{language}> {source}", target) for source, target in pairs]
        if nllb:
            from translate.languages import resolve_language

            tokenizer.src_lang = "eng_Latn"
            tokenizer.tgt_lang = resolve_language(language).nllb
        batch = tokenizer([p[0] for p in pairs], text_target=[p[1] for p in pairs], return_tensors="pt", padding=True, **kwargs)
        batch["labels"][batch["labels"] == tokenizer.pad_token_id] = -100
        batches.append(batch)
    torch.manual_seed(seed)
    # Sinusoidal positions are fixed in the real models and rebuilt on load; never train them.
    trainable = [p for name, p in model.named_parameters() if "embed_positions" not in name]
    optimizer = torch.optim.Adam(trainable, lr=3e-3)
    model.train()
    for step in range(steps):
        batch = batches[step % len(batches)]
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    model.save_pretrained(model_dir)
    return model_dir

"""Marian, NLLB and T5 tokenisation without transformers (and so without torch).

The CTranslate2 backend needs source tokens in and text out, nothing more;
loading the transformers tokenizer for that costs an import of transformers
and torch (seconds). These classes read the same files and tokenise exactly
as transformers' ``MarianTokenizer``, ``NllbTokenizer`` and ``T5Tokenizer`` do for tilshi's use
(source side with special tokens, optional truncation, target decoding with
special tokens skipped), using only ``sentencepiece`` and ``tokenizers``.

They mirror the small part of the transformers tokenizer API that tilshi
calls (``tokenizer(texts, truncation=..., max_length=...)["input_ids"]``,
``convert_ids_to_tokens``, ``convert_tokens_to_ids``, ``decode``, ``src_lang``,
``model_max_length``) and the attributes :mod:`.families` reads
(``supported_language_codes``, ``target_lang``, ``extra_special_tokens``), so
a backend can hold either kind. :func:`load_light_tokenizer` returns None
when a model directory lacks what they need; the caller then falls back to
transformers. ``tests/test_light_tokenizer.py`` checks token-for-token parity.
"""

from __future__ import annotations

import re
from pathlib import Path

from .families import family_of_dir, read_model_json

# transformers' default when tokenizer_config.json has no model_max_length ("unlimited").
_UNLIMITED = int(1e30)
_NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")


def load_light_tokenizer(path: Path, family: str | None = None):
    """A light tokenizer for the model in ``path``, or None when only transformers can load it.

    Marian needs source.spm, target.spm and vocab.json (and target_vocab.json
    for separate vocabularies); NLLB needs tokenizer.json. Other families
    (M2M100, mBART, …) always get None. T5 (MADLAD-400) needs spiece.model.
    """
    path = Path(path)
    family = family or family_of_dir(path)
    config = read_model_json(path, "tokenizer_config.json")
    if config.get("sp_model_kwargs"):  # sampling or other SentencePiece options: leave them to transformers
        return None
    if family == "marian":
        needed = _MARIAN_FILES + (("target_vocab.json",) if config.get("separate_vocabs") else ())
        if all((path / name).is_file() for name in needed):
            return MarianLightTokenizer(path, config)
    elif family == "nllb" and (path / "tokenizer.json").is_file():
        return NllbLightTokenizer(path, config)
    elif family == "t5" and (path / "spiece.model").is_file():
        return T5LightTokenizer(path, config)
    return None


def _token_content(value) -> str | None:
    """A special token as tokenizer_config.json writes it: a string or an AddedToken dict."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return value["content"]
    return None


def _listed_special_tokens(config: dict) -> list[str]:
    """``extra_special_tokens`` (transformers 5) or ``additional_special_tokens`` (older) from tokenizer_config.json."""
    for key in ("extra_special_tokens", "additional_special_tokens"):
        listed = config.get(key)
        if isinstance(listed, list) and listed:
            return [t for t in (_token_content(v) for v in listed) if t]
    return []


class _LightTokenizer:
    """What both light tokenizers share: batch calls and truncation like transformers'."""

    tokenizer_class = ""
    #: special tokens wrapped around the text of one sentence (transformers' num_special_tokens_to_add)
    _n_special = 1

    def __init__(self, config: dict):
        self.model_max_length = config.get("model_max_length", _UNLIMITED)
        self.init_kwargs = config

    def __call__(self, text, add_special_tokens: bool = True, truncation: bool = False, max_length: int | None = None):
        """``{"input_ids": ...}`` for one text or a list of texts, as a transformers tokenizer returns."""
        if isinstance(text, str):
            return {"input_ids": self._encode(text, add_special_tokens, truncation, max_length)}
        return {"input_ids": [self._encode(t, add_special_tokens, truncation, max_length) for t in text]}

    def _encode(self, text: str, add_special_tokens: bool, truncation: bool, max_length: int | None) -> list[int]:
        ids = self._text_ids(text)
        if truncation and max_length is not None:
            keep = max_length - (self._n_special if add_special_tokens else 0)
            ids = ids[: max(0, keep)]
        return self._with_special_tokens(ids) if add_special_tokens else ids

    def _text_ids(self, text: str) -> list[int]:
        """The text's ids without special tokens (its pieces, looked up)."""
        return self.convert_tokens_to_ids(self.tokenize(text))

    def _with_special_tokens(self, ids: list[int]) -> list[int]:
        """One sentence as the model reads it: ``</s>`` after the text (Marian, T5)."""
        return ids + [self.eos_token_id]


class MarianLightTokenizer(_LightTokenizer):
    """transformers' ``MarianTokenizer`` for encoding sources and decoding outputs.

    Source text → (a leading ``>>xxx<<`` target code kept whole) + source.spm
    pieces → vocab.json ids (pieces not in the vocabulary are ``<unk>``) +
    ``</s>``. Output ids → tokens with special tokens dropped → SentencePiece
    ``decode_pieces`` (with source.spm for a shared vocabulary, as transformers
    does, target.spm for separate ones) → ``▁`` as spaces, stripped.
    """

    tokenizer_class = "MarianTokenizer"

    def __init__(self, path: Path, config: dict | None = None):
        import json

        import sentencepiece

        config = read_model_json(path, "tokenizer_config.json") if config is None else config
        super().__init__(config)
        if "model_max_length" not in config:
            self.model_max_length = 512  # MarianTokenizer's own default
        self.source_lang = config.get("source_lang")
        self.target_lang = config.get("target_lang")
        self.separate_vocabs = bool(config.get("separate_vocabs"))
        self.clean_up_tokenization_spaces = bool(config.get("clean_up_tokenization_spaces", False))
        self.encoder: dict[str, int] = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        if self.separate_vocabs:
            target_vocab = json.loads((path / "target_vocab.json").read_text(encoding="utf-8"))
            self.decoder = {v: k for k, v in target_vocab.items()}
            self.supported_language_codes: list[str] = []
        else:
            self.decoder = {v: k for k, v in self.encoder.items()}
            self.supported_language_codes = [k for k in self.encoder if k.startswith(">>") and k.endswith("<<")]
        self.unk_token = _token_content(config.get("unk_token")) or "<unk>"
        self.eos_token = _token_content(config.get("eos_token")) or "</s>"
        self.pad_token = _token_content(config.get("pad_token")) or "<pad>"
        self.extra_special_tokens = _listed_special_tokens(config)
        self.unk_token_id = self.encoder[self.unk_token]
        # Added tokens (transformers matches them in the text before SentencePiece sees it).
        self._added: dict[str, int] = {}
        self._strip: dict[str, tuple[bool, bool]] = {}
        special = {self.eos_token, self.unk_token, self.pad_token, *self.extra_special_tokens}
        for index, entry in (config.get("added_tokens_decoder") or {}).items():
            content = _token_content(entry)
            if content is None:
                continue
            self._added[content] = int(index)
            self._strip[content] = (bool(entry.get("lstrip")), bool(entry.get("rstrip")))
            if entry.get("special", True):
                special.add(content)
        for token in special:
            if token not in self._added and token in self.encoder:
                self._added[token] = self.encoder[token]
        self._added_by_id = {i: t for t, i in self._added.items()}
        self.eos_token_id = self.convert_tokens_to_ids(self.eos_token)
        self.all_special_tokens = sorted(special)
        self._special_ids = {self.convert_tokens_to_ids(t) for t in special}
        self._split = (
            re.compile("(" + "|".join(re.escape(t) for t in sorted(self._added, key=len, reverse=True)) + ")")
            if self._added
            else None
        )
        self.spm_source = sentencepiece.SentencePieceProcessor(model_file=str(path / "source.spm"))
        self.spm_target = sentencepiece.SentencePieceProcessor(model_file=str(path / "target.spm"))
        self._decode_spm = self.spm_target if self.separate_vocabs else self.spm_source

    # --- transformers' PreTrainedTokenizer.tokenize + MarianTokenizer._tokenize

    def tokenize(self, text: str) -> list[str]:
        """Source tokens without ``</s>``: added tokens whole, the rest through source.spm."""
        parts = self._split.split(text) if self._split else [text]
        # parts alternate: text, added token, text, ...; an added token may strip its neighbours.
        for i in range(1, len(parts), 2):
            lstrip, rstrip = self._strip.get(parts[i], (False, False))
            if lstrip:
                parts[i - 1] = parts[i - 1].rstrip()
            if rstrip and i + 1 < len(parts):
                parts[i + 1] = parts[i + 1].lstrip()
        tokens: list[str] = []
        for i, part in enumerate(parts):
            if not part:
                continue
            if i % 2:
                tokens.append(part)
                continue
            if part.startswith(">>") and (end := part.find("<<")) != -1:
                tokens.append(part[: end + 2])
                part = part[end + 2 :]
            tokens.extend(self.spm_source.encode(part, out_type=str))
        return tokens

    def convert_tokens_to_ids(self, tokens):
        if isinstance(tokens, str):
            return self._added.get(tokens, self.encoder.get(tokens, self.unk_token_id))
        return [self._added.get(t, self.encoder.get(t, self.unk_token_id)) for t in tokens]

    def convert_ids_to_tokens(self, ids):
        if isinstance(ids, int):
            return self._id_to_token(ids)
        return [self._id_to_token(int(i)) for i in ids]

    def _id_to_token(self, index: int) -> str:
        if index in self._added_by_id:
            return self._added_by_id[index]
        if index in self.decoder:
            return self.decoder[index]
        return self._decode_spm.IdToPiece(index) if 0 <= index < self._decode_spm.GetPieceSize() else self.unk_token

    def decode(self, ids, skip_special_tokens: bool = False) -> str:
        """Text of output ids (MarianTokenizer.convert_tokens_to_string)."""
        tokens = [self._id_to_token(int(i)) for i in ids if not (skip_special_tokens and int(i) in self._special_ids)]
        special = set(self.all_special_tokens)
        out, pieces = "", []
        for token in tokens:
            if token in special:
                out += self._decode_spm.decode_pieces(pieces) + token + " "
                pieces = []
            else:
                pieces.append(token)
        out += self._decode_spm.decode_pieces(pieces)
        text = out.replace("▁", " ").strip()
        return _clean_up(text) if self.clean_up_tokenization_spaces else text


class NllbLightTokenizer(_LightTokenizer):
    """transformers' ``NllbTokenizer`` (tokenizer.json) for encoding sources and decoding outputs.

    Source text → tokenizer.json without its post-processor →
    ``[src_lang] + tokens + [</s>]`` (``tokens + [</s>, src_lang]`` with
    ``legacy_behaviour``). Output ids → ``decode`` skipping special tokens,
    which include the language codes.
    """

    tokenizer_class = "NllbTokenizer"
    _n_special = 2

    def __init__(self, path: Path, config: dict | None = None):
        from tokenizers import Tokenizer

        config = read_model_json(path, "tokenizer_config.json") if config is None else config
        super().__init__(config)
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.legacy_behaviour = bool(config.get("legacy_behaviour", False))
        self.unk_token = _token_content(config.get("unk_token")) or "<unk>"
        self.eos_token = _token_content(config.get("eos_token")) or "</s>"
        added = self._tokenizer.get_added_tokens_decoder()
        codes = [t for t in _listed_special_tokens(config) if _NLLB_CODE.match(t)]
        if not codes:
            codes = [token.content for _, token in sorted(added.items()) if _NLLB_CODE.match(token.content)]
        self.extra_special_tokens = codes
        self.unk_token_id = self._tokenizer.token_to_id(self.unk_token)
        self.eos_token_id = self.convert_tokens_to_ids(self.eos_token)
        self.src_lang = config.get("src_lang") or "eng_Latn"

    def _text_ids(self, text: str) -> list[int]:
        return self._tokenizer.encode(text, add_special_tokens=False).ids

    def _with_special_tokens(self, ids: list[int]) -> list[int]:
        lang = self.convert_tokens_to_ids(self.src_lang)
        return ids + [self.eos_token_id, lang] if self.legacy_behaviour else [lang] + ids + [self.eos_token_id]

    def get_vocab(self) -> dict[str, int]:
        return self._tokenizer.get_vocab(with_added_tokens=True)

    def convert_tokens_to_ids(self, tokens):
        if isinstance(tokens, str):
            found = self._tokenizer.token_to_id(tokens)
            return self.unk_token_id if found is None else found
        return [self.convert_tokens_to_ids(t) for t in tokens]

    def convert_ids_to_tokens(self, ids):
        if isinstance(ids, int):
            return self._tokenizer.id_to_token(ids)
        return [self._tokenizer.id_to_token(int(i)) for i in ids]

    def decode(self, ids, skip_special_tokens: bool = False) -> str:
        # transformers skips its clean-up for BPE tokenizers, so there is none here either.
        return self._tokenizer.decode([int(i) for i in ids], skip_special_tokens=skip_special_tokens)


class T5LightTokenizer(_LightTokenizer):
    """transformers' ``T5Tokenizer`` (built from spiece.model) for encoding sources and decoding outputs.

    transformers 5 converts spiece.model into a ``tokenizers`` Unigram model:
    the SentencePiece control pieces (``<pad>``, ``</s>``, ``<unk>``) become
    special added tokens and its user-defined pieces (MADLAD's ``<2kk>``
    target codes) plain added tokens; both are matched whole in the text
    first. Each stretch of text between them is split on whitespace and
    segmented with the same pieces and scores, which is what
    ``SentencePieceProcessor.encode`` does to it. ``</s>`` ends the source.
    Decoding joins the pieces with ``▁`` as spaces (the first token's ``▁``
    dropped), skipping special tokens when asked.
    """

    tokenizer_class = "T5Tokenizer"

    def __init__(self, path: Path, config: dict | None = None):
        import sentencepiece

        config = read_model_json(path, "tokenizer_config.json") if config is None else config
        super().__init__(config)
        self.spm = sentencepiece.SentencePieceProcessor(model_file=str(path / "spiece.model"))
        size = self.spm.GetPieceSize()
        self.unk_token = _token_content(config.get("unk_token")) or "<unk>"
        self.eos_token = _token_content(config.get("eos_token")) or "</s>"
        self.pad_token = _token_content(config.get("pad_token")) or "<pad>"
        self.clean_up_tokenization_spaces = bool(config.get("clean_up_tokenization_spaces", False))
        # added token → (id, special); control pieces are special, user-defined pieces are not.
        added: dict[str, tuple[int, bool]] = {}
        user_defined = set(_user_defined_pieces((path / "spiece.model").read_bytes()))
        for index in range(size):
            if self.spm.IsControl(index) or self.spm.IsUnknown(index):
                added[self.spm.IdToPiece(index)] = (index, True)
            elif index in user_defined:
                added[self.spm.IdToPiece(index)] = (index, False)
        extra_ids = int(config.get("extra_ids", 100) or 0)  # T5Tokenizer's default is 100 sentinels
        for i in range(extra_ids):  # T5's sentinels follow the SentencePiece vocabulary, last one first
            added.setdefault(f"<extra_id_{i}>", (size + extra_ids - 1 - i, True))
        for index, entry in (config.get("added_tokens_decoder") or {}).items():
            content = _token_content(entry)
            if content is not None:
                added[content] = (int(index), bool(entry.get("special", True)) if isinstance(entry, dict) else True)
        self._added = {token: index for token, (index, _) in added.items()}
        self._added_by_id = {index: token for token, index in self._added.items()}
        self._special_ids = {index for index, special in added.values() if special}
        self._size = size
        self.unk_token_id = self.convert_tokens_to_ids(self.unk_token)
        self.eos_token_id = self.convert_tokens_to_ids(self.eos_token)
        self.pad_token_id = self.convert_tokens_to_ids(self.pad_token)
        self.extra_special_tokens = _listed_special_tokens(config)
        self._split = re.compile("(" + "|".join(re.escape(t) for t in sorted(self._added, key=len, reverse=True)) + ")")

    def get_vocab(self) -> dict[str, int]:
        vocab = {self.spm.IdToPiece(i): i for i in range(self._size)}
        vocab.update(self._added)
        return vocab

    def tokenize(self, text: str) -> list[str]:
        """Source pieces without ``</s>``: added tokens whole, each stretch between them through spiece.model."""
        tokens: list[str] = []
        for i, part in enumerate(self._split.split(text)):
            if i % 2:
                tokens.append(part)
            elif part.strip():
                tokens.extend(self.spm.encode(part, out_type=str))
        return tokens

    def convert_tokens_to_ids(self, tokens):
        if isinstance(tokens, str):
            if tokens in self._added:
                return self._added[tokens]
            index = self.spm.PieceToId(tokens)
            return self.unk_token_id if index == self.spm.unk_id() and tokens != self.unk_token else index
        return [self.convert_tokens_to_ids(t) for t in tokens]

    def convert_ids_to_tokens(self, ids):
        if isinstance(ids, int):
            return self._id_to_token(ids)
        return [self._id_to_token(int(i)) for i in ids]

    def _id_to_token(self, index: int) -> str | None:
        if index in self._added_by_id:
            return self._added_by_id[index]
        return self.spm.IdToPiece(index) if 0 <= index < self._size else None

    def decode(self, ids, skip_special_tokens: bool = False) -> str:
        """Text of output ids, as the Metaspace decoder of transformers' T5Tokenizer writes it."""
        tokens = [
            self._id_to_token(int(i)) for i in ids if not (skip_special_tokens and int(i) in self._special_ids)
        ]
        pieces = [t for t in tokens if t is not None]
        text = "".join(
            piece.replace("▁", "") if n == 0 else piece.replace("▁", " ") for n, piece in enumerate(pieces)
        )
        return _clean_up(text) if self.clean_up_tokenization_spaces else text


def _user_defined_pieces(model: bytes) -> list[int]:
    """Indices of the USER_DEFINED pieces (``<2kk>``…) of a serialized SentencePiece model.

    sentencepiece's processor API can't tell them apart from normal pieces; its
    own protobuf schema (``sentencepiece_model_pb2``) can.
    """
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model)
    user_defined = sentencepiece_model_pb2.ModelProto.SentencePiece.USER_DEFINED
    return [index for index, piece in enumerate(proto.pieces) if piece.type == user_defined]


def _clean_up(text: str) -> str:
    """transformers' ``clean_up_tokenization`` (only when tokenizer_config.json asks for it)."""
    for old, new in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                     (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
        text = text.replace(old, new)
    return text

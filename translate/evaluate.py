"""Score translations against a reference: BLEU, chrF++ and TER with sacrebleu, glossary term accuracy, COMET.

:func:`evaluate` takes the reference text and one text per system (tilshi's,
another engine's, a person's), pairs them paragraph by paragraph (blank-line
separated blocks, the glossary check's paragraph units), and scores each system on the same segments with
sacrebleu's own metric objects, whose signatures are kept for
reproducibility. Systems are ranked by chrF++ (then BLEU). With the source
text and a target language, the glossary's term accuracy is reported per
system (:func:`translate.glossary.check_document`, which pairs the source and
each translation itself); with a local COMET checkpoint and ``unbabel-comet`` installed, the
COMET system score. Nothing is downloaded.

:func:`render` turns a report into a text table, Markdown or JSON.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BackendError, InputError, UnsupportedLanguage

#: Languages whose glossary term accuracy can be measured.
GLOSSARY_LANGUAGES = ("ru", "kk")
WORST = 5
COMET_PIP_HINT = "pip install unbabel-comet"


class ParagraphMismatch(InputError):
    """A translation (or the source) does not pair with the reference paragraph by paragraph."""

    def __init__(self, message: str, *, name: str, paragraphs: int, reference_paragraphs: int, index: int,
                 text: str, reference_text: str):
        super().__init__(message)
        self.name = name
        self.paragraphs = paragraphs
        self.reference_paragraphs = reference_paragraphs
        self.index = index  # 0-based: the first paragraph that does not pair
        self.text = text
        self.reference_text = reference_text


@dataclass
class Segment:
    """One scored paragraph: its position, the reference, the system's text and its chrF++."""

    index: int
    reference: str
    hypothesis: str
    chrf: float


@dataclass
class SystemScore:
    """One system's scores on the shared segments."""

    name: str
    bleu: float
    chrf: float
    ter: float
    length_ratio: float
    segments: int
    term_accuracy: float | None = None
    terms_correct: int | None = None
    terms_total: int | None = None
    comet: float | None = None
    worst: list[Segment] = field(default_factory=list)


@dataclass
class EvalReport:
    """Every system's scores, best first, with sacrebleu's metric signatures."""

    systems: list[SystemScore]
    signatures: dict[str, str]
    language: str | None = None
    comet_model: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready form (scores rounded as printed are recomputable from ``segments`` and the signatures)."""
        return {
            "language": self.language,
            "signatures": self.signatures,
            "comet_model": self.comet_model,
            "systems": [{"rank": rank, **asdict(system)} for rank, system in enumerate(self.systems, 1)],
        }


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs (non-blank), stripped."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def pair_segments(reference: str, text: str, name: str) -> list[tuple[str, str]]:
    """(reference, text) segment pairs: one per paragraph (blank-line separated), lines inside joined.

    These are the glossary check's paragraph units. Pairing by line as well
    (when the line counts happen to agree) could pair the wrong lines of
    paragraphs wrapped differently, so scores use whole paragraphs. The two
    texts must have the same number of paragraphs; otherwise
    :class:`ParagraphMismatch` names the first paragraph that does not pair.
    """
    ref_paras, paras = paragraphs(reference), paragraphs(text)
    if len(ref_paras) != len(paras):
        raise _mismatch(name, ref_paras, paras)
    return [(_one_line(r), _one_line(p)) for r, p in zip(ref_paras, paras)]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _mismatch(name: str, ref_paras: list[str], paras: list[str]) -> ParagraphMismatch:
    # The first paragraph whose line count differs is where the two texts part; else the first extra one.
    index = next(
        (i for i, (r, p) in enumerate(zip(ref_paras, paras)) if r.count("\n") != p.count("\n")),
        min(len(ref_paras), len(paras)),
    )
    text = paras[index] if index < len(paras) else ""
    reference_text = ref_paras[index] if index < len(ref_paras) else ""
    return ParagraphMismatch(
        f"{name} has {len(paras)} paragraphs and the reference {len(ref_paras)}; paragraph {index + 1} does not pair "
        f"(reference: {_snippet(reference_text)}; {name}: {_snippet(text)})",
        name=name, paragraphs=len(paras), reference_paragraphs=len(ref_paras), index=index,
        text=text, reference_text=reference_text,
    )


def _snippet(text: str, width: int = 40) -> str:
    line = _one_line(text)
    if not line:
        return "nothing"
    return repr(line if len(line) <= width else line[: width - 1] + "…")


def evaluate(
    reference: str,
    systems: Mapping[str, str],
    *,
    source: str | None = None,
    language: str | None = None,
    termbase=None,
    comet_model: str | Path | None = None,
    worst: int = WORST,
) -> EvalReport:
    """Score each of ``systems`` (name → translated text) against ``reference``.

    ``source`` with ``language`` (``ru`` or ``kk``) adds the glossary's term
    accuracy (``termbase``, default: the user's glossary). ``comet_model`` is
    a local COMET checkpoint (file or directory); it needs ``source`` and the
    optional ``unbabel-comet`` package. ``worst`` paragraphs by chrF++ are
    kept per system.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if not systems:
        raise InputError("no translations to evaluate")
    if language is not None:
        language = _glossary_language(language)
    if source is not None and language is None:
        raise UnsupportedLanguage("the language of the translations is needed to check glossary terms (ru or kk)")
    pairs = {name: pair_segments(reference, text, name) for name, text in systems.items()}
    if source is not None:
        pair_segments(reference, source, "the source")
        if termbase is None:
            from .glossary import load_glossary

            termbase = load_glossary()
    comet = _comet(comet_model, source) if comet_model is not None else None
    bleu, chrf, ter = BLEU(), CHRF(word_order=2), TER()
    scored = []
    for name, segment_pairs in pairs.items():
        refs = [r for r, _ in segment_pairs]
        hyps = [h for _, h in segment_pairs]
        bleu_score = bleu.corpus_score(hyps, [refs])
        chrf_score = chrf.corpus_score(hyps, [refs])
        per_segment = [
            Segment(i + 1, r, h, chrf.sentence_score(h, [r]).score) for i, (r, h) in enumerate(segment_pairs)
        ]
        system = SystemScore(
            name=name,
            bleu=bleu_score.score,
            chrf=chrf_score.score,
            ter=ter.corpus_score(hyps, [refs]).score,
            length_ratio=bleu_score.sys_len / bleu_score.ref_len if bleu_score.ref_len else 0.0,
            segments=len(segment_pairs),
            worst=sorted(per_segment, key=lambda s: (s.chrf, s.index))[:worst],
        )
        if source is not None:
            from .glossary import check_document

            report = check_document(source, systems[name], language, termbase)
            system.terms_correct, system.terms_total = report.correct, report.total
            system.term_accuracy = report.term_accuracy if report.total else None
        if comet is not None:
            system.comet = comet(pair_segments(source, systems[name], name), refs)
        scored.append(system)
    scored.sort(key=lambda s: (-s.chrf, -s.bleu, s.name))
    signatures = {"BLEU": str(bleu.get_signature()), "chrF++": str(chrf.get_signature()), "TER": str(ter.get_signature())}
    return EvalReport(scored, signatures, language, str(comet_model) if comet_model is not None else None)


def _glossary_language(code: str) -> str:
    from .languages import resolve_language

    iso1 = resolve_language(code).iso1
    if iso1 not in GLOSSARY_LANGUAGES:
        raise UnsupportedLanguage(
            f"cannot evaluate glossary terms in {code!r}; the glossary covers {' and '.join(GLOSSARY_LANGUAGES)}"
        )
    return iso1


def comet_available() -> bool:
    """True when ``unbabel-comet`` is importable (checked without importing it)."""
    return importlib.util.find_spec("comet") is not None


def _comet(checkpoint: str | Path, source: str | None):
    """A scorer ``(source/hypothesis pairs, references) -> system score`` from a local COMET checkpoint."""
    if source is None:
        raise InputError("COMET needs the source text as well as the reference")
    path = Path(checkpoint).expanduser()
    if path.is_dir():
        path = path / "checkpoints" / "model.ckpt"
    if not path.is_file():
        raise InputError(f"COMET checkpoint not found: {path} (give a local model.ckpt or its model directory)")
    if not comet_available():
        raise BackendError(f"COMET scores need the unbabel-comet package: {COMET_PIP_HINT}")
    from comet import load_from_checkpoint

    model = load_from_checkpoint(str(path), reload_hparams=False)

    def score(source_pairs: list[tuple[str, str]], references: list[str]) -> float:
        data = [{"src": s, "mt": h, "ref": r} for (s, h), r in zip(source_pairs, references)]
        return float(model.predict(data, batch_size=8, gpus=0, progress_bar=False).system_score)

    return score


# ---------------------------------------------------------------------------------------- rendering


def render(report: EvalReport, fmt: str = "table") -> str:
    """The report as an aligned text table (``table``), Markdown (``md``) or JSON (``json``)."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    md = fmt == "md"
    headers = ["rank", "system", "BLEU", "chrF++", "TER", "len ratio"]
    has_terms = any(s.terms_total is not None for s in report.systems)
    has_comet = any(s.comet is not None for s in report.systems)
    headers += ["terms"] * has_terms + ["COMET"] * has_comet
    rows = []
    for rank, s in enumerate(report.systems, 1):
        row = [str(rank), s.name, f"{s.bleu:.2f}", f"{s.chrf:.2f}", f"{s.ter:.2f}", f"{s.length_ratio:.3f}"]
        if has_terms:
            row.append("-" if s.terms_total is None else
                       f"{s.terms_correct}/{s.terms_total}" + (f" ({s.term_accuracy:.0%})" if s.terms_total else ""))
        if has_comet:
            row.append("-" if s.comet is None else f"{s.comet:.4f}")
        rows.append(row)
    out = [_md_table(headers, rows) if md else _text_table(headers, rows), ""]
    out += [f"{'- ' if md else ''}{metric}: {signature}" for metric, signature in report.signatures.items()]
    for s in report.systems:
        out += ["", f"{'### ' if md else ''}Worst paragraphs of {s.name} by chrF++"]
        if md:
            out += ["", _md_table(["#", "chrF++", "reference", s.name],
                                  [[str(w.index), f"{w.chrf:.2f}", w.reference, w.hypothesis] for w in s.worst])]
        else:
            for w in s.worst:
                out += [f"  #{w.index}  chrF++ {w.chrf:.2f}", f"    reference: {w.reference}", f"    {s.name}: {w.hypothesis}"]
    return "\n".join(out) + "\n"


def _text_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
             for row in [headers, *rows]]
    return "\n".join(lines)


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)

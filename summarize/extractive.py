"""Extractive summaries: pick whole source sentences, lead first.

Pure Python on purpose: nothing on this path imports torch or transformers,
so ``tilshi summarize`` answers in a fraction of a second with no model.

Ranking is *lead-aware*: news puts the most important fact first, so every
sentence gets a prior that decays with its position (and a smaller bonus
for opening a paragraph). That prior is re-ranked by centroid similarity:
each sentence is a TF-IDF bag of content words (a small built-in English
stop-word list, a crude suffix stemmer), and the centroid is the sum of the
body sentences plus the headline, which names the topic. Selection is
greedy with a redundancy penalty (MMR), ties go to the earlier sentence, and
the chosen sentences come back in document order. Same input, same output.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .release import ParsedRelease, SourceSentence, parse_release

# ---------------------------------------------------------------- ranking

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just may me
    might more most must my myself no nor not now of off on once only or other our ours ourselves out over
    own same shall she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up upon us very was we were what when where which while who whom
    whose why will with within without would you your yours yourself yourselves said says say told according
    one two three four five six seven eight nine ten today yesterday tomorrow week year years day days mr mrs
    ms dr new well many much every however therefore thus""".split()
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_BOILERPLATE = re.compile(
    r"^(?:for (?:more|further) information|media (?:contact|enquiries|inquiries)|contact(?:s)?\b|press contact"
    r"|follow us|notes? to editors|about (?:the|us)\b|photo(?:s)?:|source:|###)",
    re.I,
)
_CONTACT = re.compile(r"@\w|\+?\d[\d ()-]{7,}\d|https?://|www\.")
_QUOTE_START = tuple("\"“«„'‘")

LEAD_WEIGHT = 0.6
PARAGRAPH_BONUS = 0.08
REDUNDANCY = 0.35


def content_words(text: str) -> list[str]:
    """Lower-cased, crudely stemmed content words of ``text`` (stop words and numbers dropped)."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word in STOP_WORDS or word.isdigit() or len(word) < 2:
            continue
        out.append(_stem(word))
    return out


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def _vectors(texts: list[str]) -> list[dict[str, float]]:
    bags = [content_words(text) for text in texts]
    df: dict[str, int] = {}
    for bag in bags:
        for word in set(bag):
            df[word] = df.get(word, 0) + 1
    n = len(bags)
    vectors = []
    for bag in bags:
        tf: dict[str, int] = {}
        for word in bag:
            tf[word] = tf.get(word, 0) + 1
        vectors.append({w: (1 + math.log(c)) * (math.log((n + 1) / (df[w] + 1)) + 1) for w, c in sorted(tf.items())})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(word, 0.0) for word, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


@dataclass
class Ranking:
    """Scores of the body sentences (same order) and what pairwise similarity needs.

    No sentence-by-sentence matrix is built: selection only ever compares the
    few chosen sentences with the rest, so similarity is computed on demand
    from the sparse TF-IDF vectors, keeping the cost linear in the input.
    """

    scores: list[float]
    vectors: list[dict[str, float]] = field(repr=False, default_factory=list)
    excluded: frozenset[int] = frozenset()  # contact lines and boilerplate: never chosen
    norms: list[float] = field(repr=False, default_factory=list)

    def similarity(self, i: int, j: int) -> float:
        """Cosine similarity of body sentences ``i`` and ``j`` (1.0 for a sentence with itself)."""
        if i == j:
            return 1.0
        a, b = self.vectors[i], self.vectors[j]
        if not a or not b:
            return 0.0
        norms = self.norms or [_norm(v) for v in self.vectors]
        norm = norms[i] * norms[j]
        if len(a) > len(b):
            a, b = b, a
        dot = sum(value * b.get(word, 0.0) for word, value in a.items())
        return dot / norm if norm else 0.0


def rank_sentences(sentences: list[SourceSentence], headline: str | None = None) -> Ranking:
    """Score each sentence: lead prior plus centroid similarity, minus penalties for quotes and boilerplate."""
    if not sentences:
        return Ranking([], [], frozenset())
    texts = [s.text for s in sentences]
    vectors = _vectors(texts + ([headline] if headline else []))
    body, head = vectors[: len(texts)], (vectors[len(texts)] if headline else {})
    centroid: dict[str, float] = {}
    for vector in body:
        for word, value in vector.items():
            centroid[word] = centroid.get(word, 0.0) + value
    for word, value in head.items():  # the headline names the topic: count it twice
        centroid[word] = centroid.get(word, 0.0) + 2 * value
    similarity_to_centroid = [_cosine(v, centroid) for v in body]
    top = max(similarity_to_centroid) or 1.0
    first_of_paragraph = set()
    seen_paragraphs = set()
    for s in sentences:
        if s.paragraph not in seen_paragraphs:
            seen_paragraphs.add(s.paragraph)
            first_of_paragraph.add(s.index)
    scores = []
    excluded = set()
    for s, sim in zip(sentences, similarity_to_centroid):
        lead = 1.0 / (1.0 + 0.6 * s.index)
        score = LEAD_WEIGHT * lead + (1 - LEAD_WEIGHT) * (sim / top)
        if s.index in first_of_paragraph:
            score += PARAGRAPH_BONUS
        words = len(s.text.split())
        if words < 6:
            score -= 0.25
        if s.text.startswith(_QUOTE_START):
            score -= 0.1  # quotes colour a story; they rarely summarise it
        if _BOILERPLATE.match(s.text) or _CONTACT.search(s.text):
            excluded.add(s.index)
        scores.append(score)
    return Ranking(scores, body, frozenset(excluded), [_norm(v) for v in body])


def select_sentences(
    sentences: list[SourceSentence],
    ranking: Ranking,
    *,
    count: int | None = None,
    words: int | None = None,
) -> tuple[list[SourceSentence], list[str]]:
    """Greedy MMR selection of ``count`` sentences or at most ``words`` words, in document order.

    Returns the sentences and notes for the user (e.g. when no whole sentence fits the word budget).
    Each round costs one pass over the remaining sentences: a sentence's redundancy penalty (its
    highest similarity to any chosen one) is updated with the newest choice only.
    """
    notes: list[str] = []
    allowed = [i for i in range(len(sentences)) if i not in ranking.excluded] or list(range(len(sentences)))
    remaining = dict.fromkeys(allowed)  # ordered, O(1) removal
    lengths = [len(s.text.split()) for s in sentences]
    penalty = [0.0] * len(sentences)
    chosen: list[int] = []
    used_words = 0
    while remaining:
        if count is not None and len(chosen) >= count:
            break
        candidates = [i for i in remaining if words is None or used_words + lengths[i] <= words]
        if not candidates:
            break
        best = min(candidates, key=lambda i: (-round(ranking.scores[i] - REDUNDANCY * penalty[i], 12), i))
        chosen.append(best)
        del remaining[best]
        used_words += lengths[best]
        for i in remaining:
            penalty[i] = max(penalty[i], ranking.similarity(i, best))
    if not chosen and sentences and words is not None:
        best = min(list(remaining) or range(len(sentences)), key=lambda i: (-round(ranking.scores[i], 12), i))
        chosen.append(best)
        notes.append(
            f"no whole sentence fits in {words} words; the best sentence ({lengths[best]} words) is used"
        )
    return [sentences[i] for i in sorted(chosen)], notes


@dataclass
class Extract:
    """The result of :func:`extract`."""

    release: ParsedRelease
    chosen: list[SourceSentence]
    notes: list[str]


DEFAULT_SENTENCES = 3


def extract(text: str, *, sentences: int | None = None, words: int | None = None) -> Extract:
    """Pick the summary sentences of ``text`` (``DEFAULT_SENTENCES`` when no length is given)."""
    if sentences is None and words is None:
        sentences = DEFAULT_SENTENCES
    release = parse_release(text)
    ranking = rank_sentences(release.sentences, release.headline)
    chosen, notes = select_sentences(release.sentences, ranking, count=sentences, words=words)
    return Extract(release, chosen, notes)

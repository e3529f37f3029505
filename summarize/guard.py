"""The faithfulness guard: a summary may only name what the source names.

Every name, number and date in a summary must appear in the source text, or
be an allowed rendering of a source term (a glossary translation, given by
the caller as a set of strings or a predicate, so this module knows nothing
of the glossary's internals). Abstractive models invent figures and people;
when the guard finds one, the caller falls back to an extractive summary.

- *Names*: capitalised words that do not open a sentence or a quotation
  (acronyms included), in Latin or Cyrillic script. Cyrillic words match a
  source word sharing a long enough prefix, because Russian and Kazakh
  inflect names (Астана, Астане, Астанадағы).
- *Numbers*: digit groups, normalised (``1,000`` = ``1 000`` = ``1000``,
  ``2,5`` = ``2.5``, ``29th`` = ``29``); English number words count as digits.
- *Dates*: day, month and year in English, Russian or Kazakh; a summary
  date is supported by a source date agreeing on every part it states.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Allowed = Callable[[str], bool] | Iterable[str] | None

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPEN_QUOTES = "\"“«„'‘("
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?")
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
}  # "one" is left out: "one of the ..." is not a figure

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("january", "jan", "январ", "қаңтар"),
        ("february", "feb", "феврал", "ақпан"),
        ("march", "mar", "март", "наурыз"),
        ("april", "apr", "апрел", "сәуір"),
        ("may", "ма[йя]", "мамыр"),
        ("june", "jun", "июн", "маусым"),
        ("july", "jul", "июл", "шілде"),
        ("august", "aug", "август", "тамыз"),
        ("september", "sept", "sep", "сентябр", "қыркүйек"),
        ("october", "oct", "октябр", "қазан"),
        ("november", "nov", "ноябр", "қараша"),
        ("december", "dec", "декабр", "желтоқсан"),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number
_MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")[^\W\d_]*\.?"
_DATE_PATTERNS = [
    # 29 September 2014, 29 сентября 2014 года, 29 қыркүйек 2014 ж.
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_RE}),?(?:\s+(?P<y>\d{{4}}))?", re.I),
    # September 29, 2014
    re.compile(rf"(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?", re.I),
    # 2014-09-29
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    # 29.09.2014, 29/09/2014
    re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\b"),
    # September 2014 (last: the patterns above contain it)
    re.compile(rf"(?P<m>{_MONTH_RE})\s+(?P<y>\d{{4}})\b", re.I),
]
_SCALE = {"thousand": 1000, "тыс": 1000, "million": 10**6, "млн": 10**6, "billion": 10**9, "млрд": 10**9}
_SCALED = re.compile(r"\s*(thousand|million|billion|тыс|млн|млрд)[^\W\d_]*\.?", re.I)

Date = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass
class GuardReport:
    """What the guard found: ``ok`` when every fact of the summary is supported."""

    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.names or self.numbers or self.dates)

    def describe(self) -> str:
        """One line for the user, e.g. ``names not in the source: Paris; numbers not in the source: 51``."""
        parts = []
        for label, items in (("names", self.names), ("numbers", self.numbers), ("dates", self.dates)):
            if items:
                parts.append(f"{label} not in the source: {', '.join(items)}")
        return "; ".join(parts) or "every name, number and date is in the source"

    def to_dict(self) -> dict:
        return {"ok": self.ok, "names": self.names, "numbers": self.numbers, "dates": self.dates}


# ---------------------------------------------------------------- extraction


def _sentence_starts(text: str) -> set[int]:
    """Offsets where a line or a sentence starts (abbreviations such as Mr. or U.S. end none)."""
    from translate.segment import split_with_gaps

    starts = {0}
    offset = 0
    for line in text.split("\n"):
        position = offset
        for sentence, gap in split_with_gaps(line):
            if sentence:
                starts.add(position)
            position += len(sentence) + len(gap)
        offset += len(line) + 1
    return starts


def extract_names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence or quotation, in order, without repeats."""
    starts = _sentence_starts(text)
    names: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper():
            continue
        begin = match.start()
        while begin > 0 and text[begin - 1] in _OPEN_QUOTES + "-–— ":
            if text[begin - 1] in _OPEN_QUOTES:
                begin -= 1
                break
            begin -= 1
        if begin in starts or match.start() in starts:
            continue
        word = _POSSESSIVE.sub("", word) if not _CYRILLIC.search(word) else word
        if len(word) == 1:
            continue  # "A", "I", "Я", initials
        if word not in names:
            names.append(word)
    return names


def normalise_number(token: str) -> str:
    """``1,000`` / ``1 000`` → ``1000``; ``2,5`` → ``2.5``; ``29th`` → ``29``; ``10.30`` stays."""
    token = re.sub(r"(st|nd|rd|th)$", "", token.lower())
    token = re.sub(r"[ \u00a0\u202f]", "", token)
    token = re.sub(r",(?=\d{3}(?:\D|$))", "", token)
    return token.replace(",", ".")


def extract_numbers(text: str) -> list[str]:
    """Numbers written with digits (outside dates), plus English number words as digits.

    ``1.5 million`` counts as ``1500000`` (and the source's ``1.5 million``
    supports both ``1.5`` and ``1500000``).
    """
    from decimal import Decimal, InvalidOperation

    text = _without_dates(text)
    numbers: list[str] = []

    def add(value: str) -> None:
        if value and value not in numbers:
            numbers.append(value)

    scaled_words: set[int] = set()
    for match in _NUMBER.finditer(text):
        value = normalise_number(match.group(0).rstrip(".,"))
        scale = _SCALED.match(text, match.end())
        if scale:
            scaled_words.add(scale.start(1))
            try:
                product = format(Decimal(value) * _SCALE[scale.group(1).lower()], "f")
                add(product.rstrip("0").rstrip(".") if "." in product else product)
            except (InvalidOperation, KeyError):
                add(value)
        else:
            add(value)
    for match in _WORD.finditer(text.lower()):
        if match.start() in scaled_words:
            continue
        for part in match.group(0).split("-"):
            add(NUMBER_WORDS.get(part, ""))
    return numbers


def _source_numbers(text: str) -> set[str]:
    """The source's numbers, with scaled figures also as their bare digits (1.5 million → 1.5)."""
    numbers = set(extract_numbers(text))
    for match in _NUMBER.finditer(_without_dates(text)):
        numbers.add(normalise_number(match.group(0).rstrip(".,")))
    return numbers


def _date_matches(text: str):
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            yield match


def _without_dates(text: str) -> str:
    spans = sorted((m.start(), m.end()) for m in _date_matches(text) if _month(m.group("m")) is not None)
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start] + " ")
        last = end
    return "".join(out) + text[last:]


def _month(value: str) -> int | None:
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    lowered = value.lower().rstrip(".")
    for prefix in sorted(_MONTHS, key=len, reverse=True):
        if re.match(prefix, lowered):
            return _MONTHS[prefix]
    return None


def extract_dates(text: str) -> list[Date]:
    """Dates as ``(year, month, day)`` with ``None`` for a part not stated."""
    dates: list[Date] = []
    for match in _date_matches(text):
        groups = match.groupdict()
        month = _month(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
        year = int(groups["y"]) if groups.get("y") else None
        if month is None or (day is not None and not 1 <= day <= 31):
            continue
        date = (year, month, day)
        if date not in dates:
            dates.append(date)
    return dates


# ---------------------------------------------------------------- matching


class _WordIndex:
    """Words of a text, for exact (Latin) and prefix (Cyrillic, inflected) look-ups."""

    def __init__(self, texts: Iterable[str]):
        self.words: set[str] = set()
        self.by_prefix: dict[str, set[str]] = {}
        for text in texts:
            for word in _WORD.findall(text):
                for form in {word, *word.split("-"), *re.split(r"['’]", word)}:
                    form = _POSSESSIVE.sub("", form).lower() if not _CYRILLIC.search(form) else form.lower()
                    if not form:
                        continue
                    self.words.add(form)
                    if len(form) >= 4:
                        self.by_prefix.setdefault(form[:4], set()).add(form)

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        if word in self.words:
            return True
        if "-" in word and all(part in self.words for part in word.split("-") if part):
            return True
        if _CYRILLIC.search(word) and len(word) >= 4:
            for candidate in self.by_prefix.get(word[:4], ()):
                if _same_cyrillic_word(word, candidate):
                    return True
        return False


def _same_cyrillic_word(a: str, b: str) -> bool:
    """Inflected forms of one Cyrillic word: a shared prefix all but the last two letters of the shorter."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= max(4, min(len(a), len(b)) - 2)


def _allowed_predicate(allowed: Allowed) -> tuple[Callable[[str], bool], _WordIndex]:
    if allowed is None:
        return (lambda _s: False), _WordIndex([])
    if callable(allowed):
        return allowed, _WordIndex([])
    phrases = [str(item) for item in allowed]
    return (lambda s: s in phrases), _WordIndex(phrases)


def _date_supported(date: Date, source_dates: list[Date]) -> bool:
    return any(all(part is None or part == other for part, other in zip(date, candidate)) for candidate in source_dates)


def format_date(date: Date) -> str:
    """``(2014, 9, 29)`` → ``2014-09-29``; unknown parts are question marks (``????-09-29``)."""
    year, month, day = date
    return "-".join(
        [str(year) if year is not None else "????", f"{month:02d}" if month else "??", f"{day:02d}" if day else "??"]
    )


# Scans stop at the next "[" or "]" (where another attempt starts): linear on "![a![a…" or "](a](a…".
_URL = re.compile(r"!\[[^\[\]]*\]\([^)\[]*\)|(?<=\])\([^)\]]*\)|<?(?:https?|ftp)://[^\s>)]+>?|www\.[^\s)]+")


def check(summary: str, source: str, *, allowed: Allowed = None) -> GuardReport:
    """Check that every name, number and date in ``summary`` is supported by ``source``.

    ``allowed`` lists extra renderings (e.g. the glossary's translations of
    terms found in the source), as strings or as a predicate on each word.
    """
    predicate, allowed_words = _allowed_predicate(allowed)
    source = _URL.sub(" ", source)  # digits in image and link addresses are not facts
    index = _WordIndex([source])
    report = GuardReport()
    for name in extract_names(summary):
        if name in index or name in allowed_words or predicate(name):
            continue
        report.names.append(name)
    source_numbers = _source_numbers(source)
    for number in extract_numbers(summary):
        if number in source_numbers or predicate(number):
            continue
        report.numbers.append(number)
    source_dates = extract_dates(source)
    for date in extract_dates(summary):
        if not _date_supported(date, source_dates):
            report.dates.append(format_date(date))
    return report

"""Do a value's words occur in a quote? Tolerant of case, hyphenation, inflection and number formats.

The build asks this of every value it marks as stated: the words of a text value, one of the
names of a referenced thing, the figures of a number or the parts of a date must be found in
the quote that is cited for it. Matching works on word tokens:

- case and punctuation do not matter, and a hyphen is a space ("Kim Jong-un" = "Kim Jong Un");
- a word matches an inflected form of itself: the stem of the shorter (itself, less a final
  vowel) begins the longer, when that stem has at least four letters ("Korea" is found in
  "Koreaanse", "Oekraïne" in "Oekraïense", "minister" in "ministers"); shorter words must be
  equal ("VS" is not "VSA");
- the words of a value must follow one another in the quote (a phrase, not scattered words);
- a number matches a figure of the quote written with thousands separators or a decimal
  comma ("22,340" = 22340, "1.500" = 1500, "2,63" = 2.63), and "%" is the word "percent".
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[%~≈$€£₩]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SYNONYMS = {"%": "percent", "procent": "percent"}
MIN_STEM = 4
VOWELS = "aeiouy"
MONTH_WORDS = [
    ("january", "januari", "jan"),
    ("february", "februari", "feb"),
    ("march", "maart", "mar", "mrt"),
    ("april", "apr"),
    ("may", "mei"),
    ("june", "juni", "jun"),
    ("july", "juli", "jul"),
    ("august", "augustus", "aug"),
    ("september", "sept", "sep"),
    ("october", "oktober", "oct", "okt"),
    ("november", "nov"),
    ("december", "dec"),
]


def tokens(text: str) -> list[str]:
    """The word tokens of a text: lower case, numbers kept whole, hyphens and punctuation dropped."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return [SYNONYMS.get(t, t) for t in TOKEN.findall(text)]


def same_word(value: str, word: str) -> bool:
    """True if a word of a value matches a word of the quote (equal, or one an inflection of the other)."""
    if value == word:
        return True
    short, long = sorted((value, word), key=len)
    stem = short[:-1] if len(short) > MIN_STEM and short[-1] in VOWELS else short
    return len(stem) >= MIN_STEM and long.startswith(stem) and not short[0].isdigit()


def has_phrase(quote: str, words: str) -> bool:
    """True if the words of `words` occur one after the other in `quote`."""
    want, have = tokens(words), tokens(quote)
    if not want:
        return False
    n = len(want)
    runs = (have[i : i + n] for i in range(len(have) - n + 1))
    return any(all(same_word(w, h) for w, h in zip(want, run, strict=True)) for run in runs)


def readings(figure: str) -> set[Decimal]:
    """The numbers a written figure can mean: with ',' or '.' as thousands separator, or as decimal mark."""
    out = set()
    for thousands, decimal in ((",", "."), (".", ",")):
        whole, _, fraction = figure.partition(decimal)
        groups = whole.split(thousands)
        if thousands in fraction or not all(g.isdigit() for g in groups):
            continue
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        try:
            out.add(Decimal("".join(groups) + ("." + fraction if fraction else "")))
        except InvalidOperation:
            continue
    return out


def has_number(quote: str, value) -> bool:
    """True if a figure in `quote` can be read as the number `value`."""
    try:
        wanted = Decimal(str(value))
    except InvalidOperation:
        return False
    return any(wanted in readings(figure) for figure in NUMBER.findall(str(quote)))


def has_date(quote: str, earliest: date, latest: date, precision: str) -> bool:
    """True if `quote` names the date: its year(s), and its month and day when the precision has them."""
    have = set(tokens(quote))
    years = {str(earliest.year), str(latest.year)}
    if not years <= have:
        return False
    if precision in ("month", "day"):
        names = set(MONTH_WORDS[earliest.month - 1]) | {f"{earliest.month:02d}", str(earliest.month)}
        if not names & have:
            return False
    if precision == "day":
        return bool({str(earliest.day), f"{earliest.day:02d}"} & have)
    return True

"""Sentences and words of an article's text, and known names found in them, tolerant of how they are written.

Sentences come from pySBD (rule-based, knows English and Dutch); a line break always ends one.
Words are compared as the build compares a value's words with its quote (kg.build.words.same_word,
a prefix rule rather than a stemmer): case and accents aside, a word matches an inflection of
itself when the shorter, less a final vowel, begins the longer and has 4 letters or more, so
"Korean", "Koreaanse" and "Zuid-Koreanen" name Korea, "Russian" Russia (but "Russische" is not
"Rusland": give a thing that name as an altLabel if the text uses it). Hyphens split words, so
"Kim Jong-un" is "Kim Jong Un". Short all-capital words (UN, G20, VS) only match themselves, case
and all ("Un" in "Kim Jong Un" is not the UN). Words of a name must follow each other within one
sentence; where found names overlap, the longest wins.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from pysbd.languages import LANGUAGE_CODES

from kg.build.words import MIN_STEM, same_word

WORD = re.compile(r"[^\W_]+|[&%$€]")
ACRONYM_MAX = 4
SENTENCE_BREAK = re.compile(r"[\n.!?]")


@dataclass(frozen=True)
class Word:
    """A word of a text at [start, end): as written, and folded (lower case, no accents)."""

    start: int
    end: int
    raw: str
    norm: str

    @property
    def acronym(self) -> bool:
        """True for a short all-capital word (UN, G20) that only matches itself."""
        return self.raw.isupper() and len(self.raw) <= ACRONYM_MAX


def fold(text: str) -> str:
    """Lower case without accents: "Oekraïne" -> "oekraine"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of `text[start:end]` with their offsets in `text`."""
    found = WORD.finditer(text, start, len(text) if end is None else end)
    return [Word(m.start(), m.end(), m.group(), fold(m.group())) for m in found]


@lru_cache(maxsize=8)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language if language in LANGUAGE_CODES else "en", clean=False)


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    """The sentences of a text as [start, end) offsets, trimmed of white space, a line break ending each;
    pieces without a letter or digit (a stray ".") are left out."""
    return list(_sentences(text, language))


@lru_cache(maxsize=32)
def _sentences(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """`sentences`, kept per text: pySBD takes a tenth of a second for an article (the page asks each time)."""
    out, cursor = [], 0
    for piece in _segmenter(language).segment(text):  # the whole text at once: pySBD is slow to start a call
        for line in piece.split("\n"):
            line = line.strip()
            at = text.find(line, cursor) if any(c.isalnum() for c in line) else -1
            if at >= 0:
                out.append((at, at + len(line)))
                cursor = at + len(line)
    return tuple(out)


@dataclass(frozen=True)
class Mention:
    """Words of a text at [start, end) that are a known name of one or more things."""

    start: int
    end: int
    text: str
    things: tuple


class Names:
    """The known names of things (labels and alternative names, any language), ready to be found in a text."""

    def __init__(self, labels: dict):
        """`labels` maps each thing to its names."""
        self.things: dict = {}  # a name's words (folded; acronyms as written) -> (its words, its things)
        self.first: dict = {}  # the first letters of a name's first word -> the names starting with it
        for thing, names in labels.items():
            for name in names:
                ws = tuple(words(name))
                if ws:
                    key = tuple(w.raw if w.acronym else w.norm for w in ws)
                    self.things.setdefault(key, (ws, set()))[1].add(thing)
                    self.first.setdefault(_head(ws[0]), set()).add(key)

    @staticmethod
    def same(text_word: Word, name_word: Word) -> bool:
        """Whether a word of the text is a word of a name (see the module's rules)."""
        if name_word.acronym:
            return text_word.raw == name_word.raw
        return same_word(name_word.norm, text_word.norm)

    def _candidates(self, w: Word) -> set:
        """The names whose first word may be `w`: a match needs the same first letters (or the same short word)."""
        found = self.first.get(_head(w), set())
        return found | self.first.get(w.norm[:MIN_STEM], set()) if w.acronym else found

    def _match(self, text: str, ws: list, i: int, name: tuple) -> int:
        """The number of text words from `ws[i]` that spell `name`, or 0."""
        if i + len(name) > len(ws):
            return 0
        for j, nw in enumerate(name):
            if not self.same(ws[i + j], nw):
                return 0
            if j and SENTENCE_BREAK.search(text, ws[i + j - 1].end, ws[i + j].start):
                return 0
        return len(name)

    def find(self, text: str, ws: list | None = None) -> list[Mention]:
        """The known names in a text, longest first where they overlap, in text order."""
        ws = words(text) if ws is None else ws
        found = []
        for i, w in enumerate(ws):
            for key in self._candidates(w):
                name, things = self.things[key]
                n = self._match(text, ws, i, name)
                if n:
                    found.append((ws[i].start, ws[i + n - 1].end, things))
        return _longest(text, found)


def _head(w: Word) -> str:
    """The key a word is indexed by: an acronym as written, a short word whole, else its first letters."""
    return w.raw if w.acronym else w.norm[:MIN_STEM]


def _longest(text: str, found: list) -> list[Mention]:
    """Keep, where found names overlap, the longest (then the first); merge things of the same words."""
    kept: dict = {}
    for start, end, things in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if (start, end) in kept:
            kept[(start, end)] |= things
        elif not any(a < end and start < b for a, b in kept):
            kept[(start, end)] = set(things)
    return [Mention(a, b, text[a:b], tuple(sorted(t))) for (a, b), t in sorted(kept.items())]

"""Find a curated quote in its article and describe the span as Web Annotation selectors."""

from dataclasses import dataclass

import ahocorasick
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.errors import InputError
from kg.rdf.iris import article_iri, span_iri
from kg.rdf.namespaces import OA

CONTEXT = 32  # code points of prefix and suffix kept in a TextQuoteSelector


@dataclass(frozen=True)
class Span:
    """A quote at [start, end) in code points of an article's text."""

    doc_id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Text(str):
    """An article's text that knows where its facts' quotes occur, found in one pass over it.

    Searching the whole text for each quote (to find it, then to make sure it occurs once) takes
    time that grows with the text times the number of quotes, that is with the square of the
    article; an Aho-Corasick automaton of all the quotes finds every occurrence of each in one
    pass. `occurrences` holds the start offsets (code points, overlapping ones too) of each quote.
    """

    occurrences: dict[str, list[int]]

    def __new__(cls, text: str, quotes) -> "Text":
        self = super().__new__(cls, text)
        self.occurrences = {q: [] for q in quotes if isinstance(q, str) and q}
        if self.occurrences:
            automaton = ahocorasick.Automaton()
            for q in self.occurrences:
                automaton.add_word(q, q)
            automaton.make_automaton()
            for end, q in automaton.iter(text):
                self.occurrences[q].append(end - len(q) + 1)
        return self


def quotes(*values) -> list[str]:
    """Every `quote:` and `in:` written anywhere in facts (mappings and lists inside each other)."""
    found, todo = [], list(values)
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            found += [v[k] for k in ("quote", "in") if isinstance(v.get(k), str)]
            todo += v.values()
        elif isinstance(v, list | tuple):
            todo += v
    return found


def scan(text: str, needle: str) -> list[int]:
    """The start offsets of `needle` in `text`, overlapping ones too, searching the whole text."""
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _occurrences(text: str, needle: str) -> list[int]:
    known = text.occurrences.get(needle) if isinstance(text, Text) else None
    return scan(text, needle) if known is None else known


def _unique(text: str, needle: str, what: str, where: str) -> int:
    hits = _occurrences(text, needle)
    if not hits:
        raise InputError(
            f"{what} {needle!r} is not in the article text; copy it verbatim (quotes, dashes, spaces)", where
        )
    if len(hits) > 1:
        raise InputError(
            f"{what} {needle!r} occurs {len(hits)} times in the article;"
            " add `in:` with surrounding words that occur once",
            where,
        )
    return hits[0]


def anchor(doc_id: str, text: str, quote: str, within: str | None, where: str) -> Span:
    """Locate `quote` (inside `within` when given) exactly once in `text`, or raise InputError at `where`."""
    if not isinstance(quote, str) or not quote.strip():
        raise InputError("`quote` must be the article's words, a non-empty string", where)
    if within is not None and not isinstance(within, str):
        raise InputError(f"`in:` must be words of the article around the quote, not {within!r}", where)
    offset = 0
    if within is not None:
        offset = _unique(text, within, "context `in`", where)
        start = offset + _unique(within, quote, "quote (inside its `in` context)", where)
    else:
        start = _unique(text, quote, "quote", where)
    return span_at(doc_id, text, start, len(quote))


def span_at(doc_id: str, text: str, start: int, length: int) -> Span:
    """The span of `length` code points of `text` from `start`, with its prefix and suffix."""
    end = start + length
    return Span(doc_id, start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def span_triples(span: Span) -> list:
    """Triples describing a text span as an oa:SpecificResource with quote and position selectors."""
    s = span_iri(span.doc_id, span.start, span.end)
    q, p = URIRef(f"{s}/quote"), URIRef(f"{s}/position")
    return [
        (s, RDF.type, OA.SpecificResource),
        (s, OA.hasSource, article_iri(span.doc_id)),
        (s, OA.hasSelector, q),
        (s, OA.hasSelector, p),
        (q, RDF.type, OA.TextQuoteSelector),
        (q, OA.exact, Literal(span.exact)),
        (q, OA.prefix, Literal(span.prefix)),
        (q, OA.suffix, Literal(span.suffix)),
        (p, RDF.type, OA.TextPositionSelector),
        (p, OA.start, Literal(span.start)),
        (p, OA.end, Literal(span.end)),
    ]

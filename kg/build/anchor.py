"""Find a curated quote in its article and describe the span as Web Annotation selectors."""

from dataclasses import dataclass

from kg.errors import InputError

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


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


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

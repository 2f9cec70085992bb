"""Content negotiation for every route: /sparql, the canned queries, /id pages, the pages' JSON and the errors.

The Accept header is parsed by werkzeug and matched here as RFC 9110 §12.5.1 says: each offered
media type takes the q-value of the most specific media range that matches it, where a range's
parameters (`;charset=utf-8`, `;profile=...`, `; header=present`) make it more specific but do not
stop it matching; only a `charset` other than UTF-8 does (every answer is UTF-8). An offer's score
is that q-value times the server's own preference for it (aliases such as `application/xml`, which
browsers send at q=0.9, rank below the canonical types); ties go to the first offer.
A `format=` parameter (a short name as SPARQLWrapper sends, or a media type) picks the format for
the query forms it names; for the others, and when it names nothing known, Accept decides.
"""

from dataclasses import dataclass
from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

from kg.query.formats import (
    ASK_TYPES,
    CSV,
    GRAPH_TYPES,
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    SELECT_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TRIG,
    TSV,
    TURTLE,
)

ALIAS = 0.5  # the server's preference for an alias, against 1 for a canonical media type


@dataclass(frozen=True)
class Offer:
    """A media type a route can answer with, the canonical type it means, and the server's preference for it."""

    media: str
    means: str
    quality: float = 1.0


def offers(*canonical: str, aliases: dict | None = None) -> tuple:
    """Offers of canonical media types (in the server's order) and aliases given as `{alias: (means, quality)}`."""
    extra = aliases or {}
    return tuple(Offer(t, t) for t in canonical) + tuple(Offer(a, m, q) for a, (m, q) in extra.items())


XML_ALIASES = ("application/xml", "text/xml")
SELECT_OFFERS = offers(
    *SELECT_TYPES,
    aliases={"application/json": (SPARQL_JSON, 1.0), **{x: (SPARQL_XML, ALIAS) for x in XML_ALIASES}},
)
ASK_OFFERS = tuple(o for o in SELECT_OFFERS if o.means in ASK_TYPES)
GRAPH_OFFERS = offers(
    *GRAPH_TYPES,
    aliases={
        "application/json": (JSONLD, 1.0),
        "application/turtle": (TURTLE, ALIAS),
        "application/x-turtle": (TURTLE, ALIAS),
        **{x: (RDFXML, ALIAS) for x in XML_ALIASES},
    },
)
PAGE_OFFERS = offers("text/html", "application/json")
JSON_TYPES = ("application/json", SPARQL_JSON, JSONLD, "application/problem+json")
ERROR_OFFERS = offers("text/plain", *JSON_TYPES)

# `format=` short names (SPARQLWrapper sends these): (results format, graph format); TriG and N-Quads are
# offered by resource pages only.
FORMATS = {
    "json": (SPARQL_JSON, JSONLD),
    "xml": (SPARQL_XML, RDFXML),
    "csv": (CSV, None),
    "tsv": (TSV, None),
    "turtle": (None, TURTLE),
    "ttl": (None, TURTLE),
    "n3": (None, TURTLE),
    "nt": (None, NTRIPLES),
    "ntriples": (None, NTRIPLES),
    "json-ld": (None, JSONLD),
    "jsonld": (None, JSONLD),
    "rdf": (None, RDFXML),
    "rdf+xml": (None, RDFXML),
    "rdfxml": (None, RDFXML),
    "trig": (None, TRIG),
    "nq": (None, NQUADS),
}


@dataclass(frozen=True)
class Choice:
    """The media type to answer each query form with; None where the client accepts none on offer."""

    select: str | None
    ask: str | None
    graph: str | None

    def __bool__(self) -> bool:
        """Whether any query form has a format the client accepts."""
        return any((self.select, self.ask, self.graph))


def accept_header() -> str:
    """The request's Accept header; none at all (or an empty one) means anything is fine."""
    return request.headers.get("Accept", "").strip() or "*/*"


@lru_cache(maxsize=1024)
def _ranges(header: str) -> tuple:
    """The media ranges of an Accept header: (type, subtype, parameters, q) each, lowercased."""
    ranges = []
    for value, q in parse_accept_header(header, MIMEAccept):
        media, params = parse_options_header(value)
        kind, _, sub = media.lower().partition("/")
        ranges.append((kind, sub or "*", {k.lower(): v.lower() for k, v in params.items()}, q))
    return tuple(ranges)


def _quality(media: str, ranges: tuple) -> float:
    """The client's q-value for one media type: that of the most specific range matching it, else 0."""
    kind, _, sub = media.partition("/")
    best, specificity = 0.0, -1
    for r_kind, r_sub, params, q in ranges:
        if r_kind not in ("*", kind) or r_sub not in ("*", sub):
            continue
        if params.get("charset", "utf-8").replace("-", "") != "utf8":
            continue
        rank = (r_kind != "*") + (r_sub != "*") + len(params)
        if rank > specificity:
            best, specificity = q, rank
    return best


@lru_cache(maxsize=2048)
def _best(header: str, choices: tuple) -> str | None:
    """The canonical media type of the best-scoring offer for an Accept header, or None if none is acceptable."""
    ranges = _ranges(header)
    scores: dict[str, float] = {}
    for offer in choices:
        score = _quality(offer.media, ranges) * offer.quality
        scores[offer.means] = max(score, scores.get(offer.means, 0.0))
    best = max(scores.values(), default=0.0)
    return next((means for means, score in scores.items() if score == best), None) if best > 0 else None


def best(choices: tuple, header: str | None = None) -> str | None:
    """The canonical media type of the best offer for this request (or the Accept header given), or None."""
    return _best(accept_header() if header is None else header, choices)


def _named(format_param: str | None, choices: tuple) -> str | None:
    """The canonical media type a `format=` value names among some offers, or None."""
    if not format_param:
        return None
    value = format_param.strip().lower()
    short = FORMATS.get(value)
    if short is not None:
        names = {o.means for o in choices}
        return next((t for t in short if t in names), None)
    return next((o.means for o in choices if o.media == value), None)


def pick(choices: tuple, format_param: str | None = None) -> str | None:
    """The media type to answer with among some offers: the one `format=` names, else Accept's best."""
    return _named(format_param, choices) or best(choices)


def choose(format_param: str | None = None) -> Choice:
    """The media type for each query form (SELECT, ASK, CONSTRUCT/DESCRIBE)."""
    return Choice(pick(SELECT_OFFERS, format_param), pick(ASK_OFFERS, format_param), pick(GRAPH_OFFERS, format_param))


def unacceptable() -> str:
    """What a client that accepts none of a query's formats is told."""
    return (
        f"no acceptable format: SELECT answers come as {', '.join(SELECT_TYPES)}; ASK answers as "
        f"{', '.join(ASK_TYPES)}; graphs (CONSTRUCT, DESCRIBE) as {', '.join(GRAPH_TYPES)}"
    )


def prefers_json() -> bool:
    """Whether a page's client asks for JSON (`?format=json` or by Accept) rather than HTML."""
    return request.args.get("format") == "json" or best(PAGE_OFFERS) == "application/json"


def wants_json() -> bool:
    """Whether the client prefers JSON to plain text for an error (by Accept)."""
    return best(ERROR_OFFERS) in JSON_TYPES

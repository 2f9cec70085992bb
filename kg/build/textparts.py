"""Build stage: an article's headings and deliberately left-out passages become typed text spans.

A facts file may hold, beside `article:` and `things:`, two top-level lists:

    headings:                       # verbatim heading texts; `in:` when the text is not unique
      - "Nieuwe alliantie gevaar voor Zuid-Korea"
      - {quote: "Russia, South Korea Discuss ...", in: "2021\\nRussia, South Korea Discuss ..."}
    omitted:                        # text that states no fact, and why it is left out
      - {quote: "LEES OOK: ...", reason: "teaser link to another article"}

Each becomes a span of the article's named graph (the same `oa:SpecificResource` and selectors
as a thing's quote): a heading's span is typed `dip:Heading`, an omitted one carries
`dip:omissionReason`. `kg coverage` counts the sentences they cover as explained.
"""

from rdflib import Literal
from rdflib.namespace import RDF

from kg.build.anchor import anchor
from kg.build.yamlfile import line_of
from kg.errors import InputError
from kg.rdf.namespaces import DIP

KEYS = ("headings", "omitted")


def _heading(art, item, where: str, span_triples) -> list:
    """The triples of one heading: its span (`span_triples` of kg.build.facts), typed dip:Heading."""
    if isinstance(item, str):
        item = {"quote": item}
    if not isinstance(item, dict) or set(item) - {"quote", "in"}:
        raise InputError("a heading is its verbatim text, or a mapping with `quote:` and optional `in:`", where)
    span = span_triples(anchor(art.doc_id, art.text, item.get("quote") or "", item.get("in"), where))
    return [*span, (span[0][0], RDF.type, DIP.Heading)]


def _omitted(art, item, where: str, span_triples) -> list:
    """The triples of one left-out passage: its span (`span_triples` of kg.build.facts) with the curator's reason."""
    if not isinstance(item, dict) or set(item) - {"quote", "in", "reason"}:
        raise InputError("an omitted passage is a mapping with `quote:`, optional `in:` and `reason:`", where)
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("an omitted passage needs a `reason:` saying why it states no fact", where)
    span = span_triples(anchor(art.doc_id, art.text, item.get("quote") or "", item.get("in"), where))
    return [*span, (span[0][0], DIP.omissionReason, Literal(reason.strip()))]


def _items(art, key: str, where: str) -> list:
    """The items under a top-level key of the facts file (none when absent), each with its file:line."""
    value = art.extra.get(key) or []
    if not isinstance(value, list):
        raise InputError(f"`{key}:` must be a list", getattr(value, "where", where))
    return [(item, line_of(value, i, where)) for i, item in enumerate(value)]


def triples(art, span_triples) -> list:
    """The triples of an article's `headings:` and `omitted:` lists, in file order.

    `span_triples(span)` describes a span as kg.build.facts does for quotes (given, not imported: facts calls this).
    """
    where = f"{art.facts_path}:1"
    unknown = sorted(set(art.extra) - set(KEYS))
    if unknown:
        at = getattr(art.extra[unknown[0]], "where", where)
        raise InputError(f"unknown top-level key(s) {unknown}; use article, things, {', '.join(KEYS)}", at)
    out = []
    for item, at in _items(art, "headings", where):
        out += _heading(art, item, at, span_triples)
    for item, at in _items(art, "omitted", where):
        out += _omitted(art, item, at, span_triples)
    return out


def quads(art, graph, span_triples) -> list:
    """The quads of an article's headings and omitted passages in its named graph `graph` (see `triples`)."""
    return [(s, p, o, graph) for s, p, o in triples(art, span_triples)]

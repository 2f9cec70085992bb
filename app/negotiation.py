"""Content negotiation: the media type to answer with, from the Accept header's q-values (werkzeug parses
them) or a `format=` parameter, separately for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs."""

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from app.errors import APIError
from kg.query.formats import (
    CSV,
    GRAPH_TYPES,
    JSONLD,
    NTRIPLES,
    RDFXML,
    SELECT_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
)

# Offered media types (canonical first, in the server's order of preference) and what each means.
SELECT_OFFERS = {**{t: t for t in SELECT_TYPES}, "application/json": SPARQL_JSON}
GRAPH_OFFERS = {
    **{t: t for t in GRAPH_TYPES},
    "application/json": JSONLD,
    "application/turtle": TURTLE,
    "application/x-turtle": TURTLE,
}
# `format=` values: a short name (SPARQLWrapper sends these) or a media type.
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
    "rdf+xml": (None, RDFXML),
    "rdfxml": (None, RDFXML),
}


def accept() -> MIMEAccept:
    """The request's Accept header; no header at all means anything is fine."""
    return request.accept_mimetypes if request.headers.get("Accept") else MIMEAccept([("*/*", 1)])


def best(offers: dict, accepted: MIMEAccept | None = None) -> str | None:
    """The canonical media type of the best offer for the client, or None."""
    return offers.get((accepted or accept()).best_match(list(offers)))


def _from_format(value: str) -> tuple:
    """The media types a `format=` value asks for, or APIError 400 naming the choices."""
    if value in FORMATS:
        return FORMATS[value]
    if value in SELECT_OFFERS or value in GRAPH_OFFERS:
        return SELECT_OFFERS.get(value), GRAPH_OFFERS.get(value)
    raise APIError(400, f"unknown format {value!r}; use one of {', '.join(FORMATS)} or a media type")


def choose(format_param: str | None = None) -> tuple:
    """(media type for SELECT/ASK, media type for CONSTRUCT/DESCRIBE); 406 if the client accepts neither."""
    return _choose(request.headers.get("Accept") or "*/*", format_param)


@lru_cache(maxsize=512)
def _choose(accept_header: str, format_param: str | None) -> tuple:
    """`choose` for one Accept header and format (clients send few distinct ones: this is remembered)."""
    if format_param:
        select_type, graph_type = _from_format(format_param)
    else:
        accepted = parse_accept_header(accept_header, MIMEAccept)
        select_type, graph_type = best(SELECT_OFFERS, accepted), best(GRAPH_OFFERS, accepted)
    if select_type is None and graph_type is None:
        raise APIError(
            406,
            "no acceptable format: SELECT and ASK answers come as "
            f"{', '.join(SELECT_TYPES)}; CONSTRUCT and DESCRIBE as {', '.join(GRAPH_TYPES)}",
        )
    return select_type, graph_type

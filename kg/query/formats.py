"""Write an engine answer in the SPARQL results formats (SELECT/ASK) and the RDF formats (CONSTRUCT/DESCRIBE).

pyoxigraph's own serializers write every answer, so terms go out exactly as the engine gives them
(no rdflib on this path). To stop at a row limit, solutions are first written as TSV (one line
per solution) up to the limit, then read back by pyoxigraph and written in the format asked for.
Two fixes on top: a carriage return in XML is written `&#13;` (XML parsers turn a raw one into a
line feed), and a cut JSON answer says `"truncated": true`, a cut Turtle or N-Triples one says so
in a comment.
"""

import json
from typing import IO, cast

import pyoxigraph as ox

from kg.query.results import Result, cut, kind_of
from kg.rdf.namespaces import PREFIX_IRIS
from kg.rdf.terms import to_oxigraph

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"
TURTLE, NTRIPLES, JSONLD, RDFXML = "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"
TRIG, NQUADS = "application/trig", "application/n-quads"  # named graphs kept (resource pages)

SELECT_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)  # in the server's order of preference
ASK_TYPES = (SPARQL_JSON, SPARQL_XML)  # the CSV/TSV results formats define no boolean answer
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
RESULTS_FORMATS = {
    SPARQL_JSON: ox.QueryResultsFormat.JSON,
    SPARQL_XML: ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
    TRIG: ox.RdfFormat.TRIG,
    NQUADS: ox.RdfFormat.N_QUADS,
}
XML_TYPES = (SPARQL_XML, RDFXML)
COMMENTED_TYPES = (TURTLE, NTRIPLES, TRIG, NQUADS)  # formats with comments, where a cut answer says so


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type: text types say they are UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def offered(kind: str) -> tuple:
    """The media types an answer of this kind ("select", "ask", "graph") can be written in."""
    return {"select": SELECT_TYPES, "ask": ASK_TYPES, "graph": GRAPH_TYPES}[kind]


def write(answer, media_type: str, limit: int | None = None) -> tuple[bytes, bool]:
    """An engine answer (see kg.query.results) in a media type `offered` for its kind, cut at `limit`;
    the body and whether it was cut."""
    kind = kind_of(answer)
    if media_type not in offered(kind):
        raise ValueError(f"a {kind} answer cannot be written as {media_type}")
    if kind == "ask":
        return _xml_safe(answer.serialize(format=RESULTS_FORMATS[media_type]) or b"", media_type), False
    if kind == "select":
        tsv, more = _tsv(answer, limit)
        body = tsv if media_type == TSV else _results(tsv, media_type)
    else:
        triples, more = cut(answer, limit)
        body = graph(triples, media_type)
    return (_mark_cut(body, media_type, limit) if more else body), more


def serialize(result: Result, media_type: str) -> bytes:
    """A Result of rdflib terms in a media type `offered` for its kind; a cut Result says so as `write` does."""
    body, _ = write(_answer(result), media_type)
    size = len(result.triples if result.kind == "graph" else result.rows)
    return _mark_cut(body, media_type, size) if result.truncated else body


def _answer(result: Result):
    """A Result of rdflib terms as an engine answer."""
    if result.kind == "graph":
        return [ox.Triple(*map(to_oxigraph, t)) for t in result.triples]
    if result.kind == "ask":
        return ox.parse_query_results(
            json.dumps({"head": {}, "boolean": result.boolean}), format=ox.QueryResultsFormat.JSON
        )
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(to_oxigraph(t)) for t in row) for row in result.rows]
    return ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)


class _Full(Exception):
    """Raised by _Lines once it holds one line more than it may."""


class _Lines:
    """A binary writer that keeps what it is given until it holds more than `most` lines."""

    def __init__(self, most: int | None):
        self.most, self.lines = most, 0
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        """Keep a chunk; _Full once past the line budget."""
        self.parts.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.most is not None and self.lines > self.most:
            raise _Full
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks are kept in memory."""


def _tsv(solutions: ox.QuerySolutions, limit: int | None) -> tuple[bytes, bool]:
    """The header and at most `limit` solutions as TSV (written by pyoxigraph), and whether there were more."""
    out = _Lines(None if limit is None else limit + 1)
    try:
        solutions.serialize(cast(IO[bytes], out), format=ox.QueryResultsFormat.TSV)
    except _Full:
        assert limit is not None  # only a writer with a budget is ever full
        lines = b"".join(out.parts).split(b"\n", limit + 1)[: limit + 1]
        return b"\n".join(lines) + b"\n", True
    return b"".join(out.parts), False


def _results(tsv: bytes, media_type: str) -> bytes:
    """Solutions written as TSV, read back by pyoxigraph and written in another results format."""
    solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return _xml_safe(solutions.serialize(format=RESULTS_FORMATS[media_type]) or b"", media_type)


def graph(triples, media_type: str) -> bytes:
    """Triples (or quads, for TriG and N-Quads) in an RDF format, written by pyoxigraph with the project's prefixes."""
    fmt = RDF_FORMATS[media_type]
    prefixes = None if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIX_IRIS
    return _xml_safe(ox.serialize(triples, format=fmt, prefixes=prefixes) or b"", media_type)


def _mark_cut(body: bytes, media_type: str, size: int | None) -> bytes:
    """A cut answer that says so: `"truncated":true` at the top level of SPARQL JSON, a first-line comment in
    Turtle, N-Triples, TriG and N-Quads; other formats as they are (the endpoint's X-Truncated header says it)."""
    if media_type == SPARQL_JSON:
        return b'{"truncated":true,' + body[1:]  # first: pyoxigraph's reader allows nothing after "results"
    if media_type in COMMENTED_TYPES:
        return f"# truncated: only the first {size} triples\n".encode() + body
    return body


def _xml_safe(body: bytes, media_type: str) -> bytes:
    """XML with every carriage return as `&#13;`, which XML parsers keep (a raw one they read as a line feed)."""
    return body.replace(b"\r", b"&#13;") if media_type in XML_TYPES else body

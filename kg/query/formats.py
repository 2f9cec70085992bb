"""Serialize a Result in the SPARQL results formats (SELECT/ASK) and the RDF formats (CONSTRUCT/DESCRIBE)."""

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.query.results import Result
from kg.rdf.namespaces import PREFIX_IRIS

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"
TURTLE, NTRIPLES, JSONLD, RDFXML = "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"

SELECT_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)  # in the server's order of preference
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
RDF_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
}


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type: text types say they are UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def serialize(result: Result, media_type: str) -> bytes:
    """The result in a media type of SELECT_TYPES (SELECT/ASK) or GRAPH_TYPES (CONSTRUCT/DESCRIBE)."""
    if result.kind == "graph":
        return _graph(result, media_type)
    return {SPARQL_JSON: _json, SPARQL_XML: _xml, CSV: _csv, TSV: _tsv}[media_type](result)


def _json_term(term) -> dict:
    """One term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON; a cut answer also carries `"truncated": true`."""
    if result.kind == "ask":
        data = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    if result.truncated:
        data["truncated"] = True
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term) -> str:
    """One term in SPARQL Query Results XML."""
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attr = (
        f" xml:lang={quoteattr(term.language)}"
        if term.language
        else f" datatype={quoteattr(str(term.datatype))}"
        if term.datatype
        else ""
    )
    return f"<literal{attr}>{escape(str(term))}</literal>"


def _xml(result: Result) -> bytes:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV: plain values; an ASK answer as one `boolean` column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
    else:
        writer.writerow(result.variables)
        writer.writerows(
            [["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row] for row in result.rows]
        )
    return out.getvalue().encode("utf-8")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term) -> str:
    """One term as SPARQL 1.1 Query Results TSV writes it: N-Triples syntax on one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = '"' + str(term).translate(_TSV_ESCAPES) + '"'
    return f"{text}@{term.language}" if term.language else f"{text}^^<{term.datatype}>" if term.datatype else text


def _tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV; an ASK answer as one `?boolean` column."""
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def _graph(result: Result, media_type: str) -> bytes:
    """Triples in an RDF format, written by pyoxigraph; a cut Turtle or N-Triples answer says so in a comment."""
    triples = [ox.Triple(*map(to_oxigraph, t)) for t in result.triples]
    fmt = RDF_FORMATS[media_type]
    body = ox.serialize(triples, format=fmt, prefixes=PREFIX_IRIS if fmt != ox.RdfFormat.N_TRIPLES else None)
    if result.truncated and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        body = f"# truncated: only the first {len(triples)} triples\n".encode() + body
    return body

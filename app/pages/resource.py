"""Resource pages at /id/<path>: HTML for browsers, RDF for `Accept: text/turtle` and the like."""

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from rdflib import Dataset, Graph, URIRef

from app.pages import backend, data
from app.pages.common import not_found
from app.pages.describe import describe, graph_info
from app.pages.terms import local_path
from kg.rdf.namespaces import ID, PREFIXES

bp = Blueprint("resource", __name__)

# Media type -> (rdflib format, keeps named graphs); `?format=` takes the short names.
RDF_TYPES = {
    "text/turtle": ("turtle", False),
    "application/ld+json": ("json-ld", False),
    "application/n-triples": ("nt", False),
    "application/rdf+xml": ("xml", False),
    "application/trig": ("trig", True),
    "application/n-quads": ("nquads", True),
    "application/json": ("json-ld", False),  # JSON-LD is JSON: what a plain JSON client gets
}
SHORT_NAMES = {
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
}
OFFERED = ["text/html", *RDF_TYPES]
SHOWN = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("trig", "TriG"))


@bp.get("/id/<path:path>")
def by_path(path: str):
    """The page of the resource id:<path>, in the format the client asks for."""
    return respond(str(ID) + path)


@bp.get("/resource")
def by_iri():
    """The page of any IRI the graph mentions (ontology terms, Wikidata items): `?iri=...`."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        abort(400, "give the IRI to show as ?iri=...")
    return respond(iri)


def negotiate() -> str | None:
    """The media type to answer with: `?format=` first, then the Accept header; None if none fits."""
    asked = request.args.get("format")
    if asked:
        return SHORT_NAMES.get(asked, asked if asked in OFFERED else None)
    if not request.accept_mimetypes:
        return "text/html"
    return request.accept_mimetypes.best_match(OFFERED)


def respond(iri: str):
    """Answer for one IRI: an HTML page, an RDF document, 404 when unknown or 406 when unservable."""
    media = negotiate()
    if media is None:
        return backend.error(406, f"this page is offered as {', '.join(OFFERED)}")
    if media != "text/html":
        return rdf_response(iri, media)
    info = describe(iri)
    if info is not None:
        page = render_template("resource.html", r=info, formats=format_links(iri))
    elif (graph := graph_info(iri)) is not None:
        page = render_template("graph.html", g=graph)
    else:
        return not_found(f"The graph says nothing about <{iri}>.")
    response = Response(page)
    response.headers["Vary"] = "Accept"
    return response


def format_links(iri: str) -> list:
    """Links to the same resource in the RDF formats, for the page's header and <link rel=alternate>."""
    query = {} if local_path(iri) is not None else {"iri": iri}
    return [
        {"name": name, "media": SHORT_NAMES[short], "href": "?" + urlencode({**query, "format": short})}
        for short, name in SHOWN
    ]


def rdf_response(iri: str, media: str) -> Response:
    """The resource's description (its statements, its spans and their selectors) as RDF."""
    rows = data.rows("resource-describe", s=iri)
    if not rows:
        return backend.error(404, f"the graph says nothing about <{iri}>")
    rdf_format, keeps_graphs = RDF_TYPES[media]
    body = serialize(rows, rdf_format, keeps_graphs)
    return Response(body, mimetype=media, headers={"Vary": "Accept"})


def serialize(rows: list, rdf_format: str, keeps_graphs: bool) -> str:
    """Quads as one RDF document: named graphs kept for TriG and N-Quads, merged otherwise."""
    target = Dataset() if keeps_graphs else Graph()
    for prefix, ns in PREFIXES.items():
        target.bind(prefix, ns, replace=True)
    for row in rows:
        triple = (row["subject"], row["p"], row["o"])
        if keeps_graphs:
            target.graph(URIRef(str(row["g"]))).add(triple)
        else:
            target.add(triple)
    if rdf_format == "json-ld":
        return target.serialize(format="json-ld", context={p: str(ns) for p, ns in PREFIXES.items()})
    return target.serialize(format=rdf_format)

"""Resource pages at /id/<path>, named graphs at their own IRIs and the ontology at /ontology: HTML for
browsers, RDF for `Accept: text/turtle` and the like (negotiated by app.negotiation).

Every answer varies by Accept; a 200 carries an ETag (the data's digest, the IRI, the media type
and the app's code) and revalidates with 304.
"""

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from app import i18n, negotiation
from app.api.answer import headers, not_modified
from app.engine import engine
from app.pages import backend, data
from app.pages.common import not_found
from app.pages.describe import describe, graph_info
from app.pages.terms import curie, local_path
from kg.query import formats
from kg.rdf.namespaces import DIP, ID, ONTOLOGY_GRAPH

bp = Blueprint("resource", __name__)

# Offered media type -> (the format it is written in, whether named graphs are kept).
RDF_TYPES = {
    formats.TURTLE: (formats.TURTLE, False),
    formats.JSONLD: (formats.JSONLD, False),
    formats.NTRIPLES: (formats.NTRIPLES, False),
    formats.RDFXML: (formats.RDFXML, False),
    formats.TRIG: (formats.TRIG, True),
    formats.NQUADS: (formats.NQUADS, True),
    "application/json": (formats.JSONLD, False),  # JSON-LD is JSON: what a plain JSON client gets
}
OFFERS = negotiation.offers("text/html", *RDF_TYPES)
SHORT_NAMES = {"ttl": formats.TURTLE, "jsonld": formats.JSONLD, "nt": formats.NTRIPLES, "trig": formats.TRIG}
SHOWN = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("trig", "TriG"))
KINDS = (
    ("owl:Class", "Classes"),
    ("owl:ObjectProperty", "Relations (object properties)"),
    ("owl:DatatypeProperty", "Values (datatype properties)"),
    ("owl:AnnotationProperty", "Annotations"),
    ("rdf:Property", "Other properties"),
)
ONTOLOGY = str(DIP).rstrip("#")  # the ontology's own IRI: its terms are fragments of it
APP = Path(__file__).resolve().parent.parent


@bp.after_request
def vary(response: Response) -> Response:
    """Every answer of these routes depends on Accept, errors included."""
    response.vary.add("Accept")
    return response


@bp.get("/id/<path:path>")
def by_path(path: str):
    """The page of the resource id:<path> (a named graph's page holds its triples), as the client asks."""
    return respond(str(ID) + path)


@bp.get("/resource")
def by_iri():
    """The page of any IRI the graph mentions (ontology terms, Wikidata items): `?iri=...`."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        abort(400, "give the IRI to show as ?iri=...")
    return respond(iri)


@bp.get(urlsplit(ONTOLOGY).path, strict_slashes=False)
def ontology():
    """The ontology as one document: its graph as RDF, or a page with an anchor per term (/ontology#Country)."""
    return negotiated(ONTOLOGY, ontology_page, lambda media: graph_document(str(ONTOLOGY_GRAPH), media))


def negotiate() -> str | None:
    """The media type to answer with: `?format=` first (short names or media types), then Accept; None if none fits."""
    return negotiation.pick(OFFERS, request.args.get("format"))


def negotiated(iri: str, html, rdf) -> Response:
    """Answer for one IRI in the negotiated type by `html()` or `rdf(media)`; 304 when the client has it."""
    media = negotiate()
    if media is None:
        return backend.error(406, f"this page is offered as {', '.join(o.media for o in OFFERS)}")
    etag = engine().key("page", iri, media, i18n.current(), code_stamp())
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    response = html() if media == "text/html" else rdf(media)
    return headers(response, etag) if response.status_code == 200 else response


def respond(iri: str) -> Response:
    """Answer for one IRI: an HTML page, an RDF document, 404 when unknown or 406 when unservable."""
    return negotiated(iri, lambda: html_page(iri), lambda media: rdf_response(iri, media))


def html_page(iri: str) -> Response:
    """The HTML page of a resource or a named graph, or the 404 page."""
    info = describe(iri)
    if info is not None:
        return Response(render_template("resource.html", r=info, formats=format_links(iri)))
    if (graph := graph_info(iri)) is not None:
        return Response(render_template("graph.html", g=graph, formats=format_links(iri)))
    page, status = not_found(f"The graph says nothing about <{iri}>.")
    return Response(page, status)


def ontology_page() -> Response:
    """The ontology's terms, each under an anchor named by its local name."""
    terms = [
        {
            "anchor": str(row["term"])[len(str(DIP)) :],
            "curie": curie(str(row["term"])),
            "kind": curie(str(row["kind"])),
            "label": str(row["label"] or ""),
            "comment": str(row["comment"] or ""),
            "href": "/resource?" + urlencode({"iri": str(row["term"])}),
        }
        for row in data.rows("ontology-terms", g=str(ONTOLOGY_GRAPH))
    ]
    sections = [(title, [t for t in terms if t["kind"] == kind]) for kind, title in KINDS]
    return Response(
        render_template(
            "ontology.html", iri=ONTOLOGY, sections=[s for s in sections if s[1]], formats=format_links(ONTOLOGY)
        )
    )


def format_links(iri: str) -> list:
    """Links to the same resource in the RDF formats, for the page's header and <link rel=alternate>."""
    query = {} if local_path(iri) is not None or iri == ONTOLOGY else {"iri": iri}
    return [
        {"name": name, "media": SHORT_NAMES[short], "href": "?" + urlencode({**query, "format": short})}
        for short, name in SHOWN
    ]


def rdf_response(iri: str, media: str) -> Response:
    """The resource's description (its statements, its spans and their selectors) as RDF; a named graph's
    IRI gives the graph's triples; a thing only pointed at (a Wikidata item) the statements pointing at it."""
    quads = data.solutions("resource-describe", s=iri)
    if quads:
        return rdf_document(quads, media)
    response = graph_document(iri, media)
    if response.status_code == 404 and (pointing := data.solutions("resource-incoming", s=iri)):
        return rdf_document([(x, p, ox.NamedNode(iri), g) for x, p, g in pointing], media)
    return response


def graph_document(graph: str, media: str) -> Response:
    """The triples of a named graph as RDF (with its name for TriG and N-Quads), or 404."""
    triples = data.solutions("graph-quads", g=graph)
    if not triples:
        return backend.error(404, f"the graph says nothing about <{graph}>")
    name = ox.NamedNode(graph)
    return rdf_document([(*triple, name) for triple in triples], media)


def rdf_document(quads: list, media: str) -> Response:
    """Quads (subject, predicate, object, graph: pyoxigraph terms) as one RDF document: named graphs kept for
    TriG and N-Quads, merged otherwise."""
    written_as, keeps_graphs = RDF_TYPES[media]
    statements: list = (
        [ox.Quad(*q) for q in quads] if keeps_graphs else [ox.Triple(*t) for t in dict.fromkeys(q[:3] for q in quads)]
    )
    return Response(formats.graph(statements, written_as), content_type=formats.content_type(media))


@cache
def code_stamp() -> str:
    """A digest of the app's files as this process found them: an HTML page's ETag changes with the code."""
    digest = hashlib.sha256()
    for path in sorted(APP.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".rq", ".js", ".css"):
            st = path.stat()
            digest.update(f"{path.relative_to(APP)} {st.st_size} {st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]

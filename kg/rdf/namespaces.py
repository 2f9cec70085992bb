"""The project's namespaces, defined once: change the ontology (dip:) or resource base here."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DIP = Namespace("https://dipkg.example.org/ontology#")
ID = Namespace("https://dipkg.example.org/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "dip": DIP,
    "id": ID,
    "oa": OA,
    "schema": SCHEMA,
    "sem": SEM,
    "wd": WD,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}  # as plain strings, for pyoxigraph

ONTOLOGY_GRAPH = ID["graph/ontology"]
INFERRED_GRAPH = ID["graph/inferred"]


def article_graph(doc_id: str) -> URIRef:
    """Return the IRI of the named graph that holds one article's facts."""
    return ID[f"graph/{doc_id}"]


def sparql_prologue() -> str:
    """Return PREFIX lines for every project prefix, for queries to prepend."""
    return "".join(f"prefix {p}: <{ns}>\n" for p, ns in PREFIXES.items())

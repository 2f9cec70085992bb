"""What the validator reads off the SHACL shapes: the predicates they follow backwards, and every one they can see."""

import re
from pathlib import Path

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ALWAYS = ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/2000/01/rdf-schema#subClassOf>")
QUERIES = {f"{SH}{key}" for key in ("select", "ask", "construct", "update")}
IRI = re.compile(r"<([^<>\s]*)>")
PREFIXED = re.compile(r"(?<![\w<:])([A-Za-z][\w.-]*)?:([A-Za-z_][\w-]*)")
PREFIX_LINE = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def _triples(shapes: Path) -> list:
    return list(ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE))


def inverse_predicates(shapes: Path) -> set:
    """The predicates the shapes follow backwards (sh:inversePath), as N-Triples text."""
    return {str(t.object) for t in _triples(shapes) if t.predicate.value == SH + "inversePath"}


def declared_properties(ontology: Path) -> frozenset:
    """The object and datatype properties an ontology declares, as N-Triples text."""
    kinds = {OWL + "ObjectProperty", OWL + "DatatypeProperty"}
    return frozenset(
        str(t.subject) for t in _triples(ontology) if t.predicate.value == RDF_TYPE and t.object.value in kinds
    )


def _declared(triples) -> dict:
    """The prefixes the shapes declare for their SPARQL (sh:declare: sh:prefix and sh:namespace)."""
    prefixes, namespaces = {}, {}
    for t in triples:
        if t.predicate.value == SH + "prefix":
            prefixes[t.subject] = t.object.value
        elif t.predicate.value == SH + "namespace":
            namespaces[t.subject] = t.object.value
    return {prefixes[node]: namespaces[node] for node in prefixes.keys() & namespaces.keys()}


def seen_predicates(shapes: Path) -> frozenset | None:
    """Every predicate whose triples can change what the shapes report, as N-Triples text; None if any can.

    Those are the IRIs the shapes name, in their triples (paths, targets) and in their SPARQL
    queries, and rdf:type and rdfs:subClassOf (targets, sh:class). A closed shape sees every
    predicate, and a query with a prefix we cannot expand might: then None.
    """
    triples = _triples(shapes)
    if any(t.predicate.value == SH + "closed" for t in triples):
        return None
    seen = {str(term) for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    declared = _declared(triples)
    for query in (t.object.value for t in triples if t.predicate.value in QUERIES):
        names = {**declared, **{p or "": ns for p, ns in PREFIX_LINE.findall(query)}}
        used = [(p or "", local) for p, local in PREFIXED.findall(IRI.sub(" ", query))]
        if any(p not in names for p, _ in used):
            return None
        seen |= {f"<{iri}>" for iri in IRI.findall(query)} | {f"<{names[p]}{local}>" for p, local in used}
    return frozenset(seen.union(ALWAYS))

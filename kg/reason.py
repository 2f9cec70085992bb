"""Reasoning stage: owlrl's OWL 2 RL closure, kept as a graph of its own without noise."""
import owlrl
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import DIP, ID, INFERRED_GRAPH

SPAN_PREFIX = f"{ID}span/"
META_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
REFLEXIVE_NOISE = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}


def reasoner_input(ds: Dataset) -> Graph:
    """All triples but the text spans, which no axiom of the ontology is about."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if not str(s).startswith(SPAN_PREFIX):
            g.add((s, p, o))
    return g


def is_noise(s, p, o) -> bool:
    """True for entailments nobody wants to see: literal subjects, x sameAs x, axiomatic triples."""
    if isinstance(s, Literal) or not str(s).startswith((str(ID), str(DIP))):
        return True
    if p in REFLEXIVE_NOISE and s == o:
        return True
    if str(s).startswith(str(DIP)) and p not in (RDFS.subClassOf, RDFS.subPropertyOf):
        return True  # domains and ranges widened to superclasses: true, but nobody asked
    if str(o).startswith(META_NAMESPACES) and (p == RDF.type or o in (OWL.Thing, RDFS.Resource)):
        return True
    return False


def infer(ds: Dataset) -> Graph:
    """Return the triples the ontology licenses that are not stated already."""
    stated = reasoner_input(ds)
    closed = Graph()
    for t in stated:
        closed.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    inferred = Graph()
    for t in closed:
        if t not in stated and not is_noise(*t):
            inferred.add(t)
    return inferred


def reason(ds: Dataset) -> Dataset:
    """Return a new Dataset: the input's graphs plus the inferred graph."""
    out = Dataset(default_union=True)
    for quad in ds.quads((None, None, None, None)):
        out.add(quad)
    inferred = out.graph(INFERRED_GRAPH)
    for t in infer(ds):
        inferred.add(t)
    return out

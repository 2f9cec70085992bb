"""Reasoning stage: the OWL 2 RL consequences of the ontology, kept as a graph of its own without noise.

`infer` (and `reason`) close the ontology once with owlrl and applies its consequences to the facts in one
pass (kg.rules): linear in the size of the graph. `infer_owlrl` is owlrl's full closure over
everything, superlinear, kept as the reference the fast path is tested against and as the
fallback for an ontology that uses OWL constructs kg.rules does not apply.
"""
import gc
from contextlib import contextmanager

import owlrl
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from . import rules
from .namespaces import DIP, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH

SPAN_PREFIX = f"{ID}span/"
META_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
REFLEXIVE_NOISE = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
INSTANCE_AXIOMS = (OWL.sameAs, OWL.differentFrom, OWL.sourceIndividual, OWL.hasKey, OWL.members, OWL.distinctMembers)


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


def infer_owlrl(ds: Dataset) -> Graph:
    """The triples the ontology licenses that are not stated already, by owlrl's full closure."""
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


def stated(ds: Dataset, predicates) -> set:
    """The triples of `ds` with one of `predicates`, text spans left out."""
    return {(s, p, o) for pred in predicates for s, p, o, _ in ds.quads((None, pred, None, None))
            if not str(s).startswith(SPAN_PREFIX)}


def schema_triples(ds: Dataset) -> set:
    """The ontology graph and the schema triples of every graph: what the TBox is made of."""
    onto = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, ONTOLOGY_GRAPH))}
    return onto | stated(ds, rules.SCHEMA_PREDICATES) | {
        t for t in stated(ds, [RDF.type]) if t[2] in rules.PROPERTY_KINDS}


def inferred_triples(ds: Dataset) -> set:
    """The triples the ontology licenses that are not stated already (fast path; owlrl's where it must)."""
    schema = schema_triples(ds)
    types = stated(ds, [RDF.type])
    if rules.unsupported(schema | types) or stated(ds, INSTANCE_AXIOMS):
        return set(infer_owlrl(ds))
    tb = rules.tbox(rules.schema_graph(schema))
    start = stated(ds, tb.predicates)
    closure = rules.Closure(tb).add_all(start)
    known = start | types | schema | stated(ds, {p for _, p, _ in closure.triples} - tb.predicates)
    candidates = closure.triples | closure.types(types) | set(tb.closed)
    return {t for t in candidates if t not in known and not is_noise(*t)}


def infer(ds: Dataset) -> Graph:
    """The inferred triples as a Graph."""
    g = Graph()
    with no_gc():
        g.addN((s, p, o, g) for s, p, o in inferred_triples(ds))
    return g


@contextmanager
def no_gc():
    """Pause Python's cyclic garbage collector: building millions of rdflib terms triggers it over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def copy(ds: Dataset) -> Dataset:
    """A new Dataset with the same graphs and quads; the terms themselves are shared, not copied."""
    out, graphs = Dataset(default_union=True), {}

    def graph(c):
        name = getattr(c, "identifier", c)  # Dataset.quads gives graph names, ConjunctiveGraph graphs
        if name not in graphs:
            graphs[name] = out.graph(name)
        return graphs[name]

    out.addN((s, p, o, graph(c)) for s, p, o, c in ds.quads((None, None, None, None)))
    return out


def reason(ds: Dataset, infer=None) -> Dataset:
    """Return a new Dataset: the input's graphs plus the inferred graph (`infer` may be infer_owlrl)."""
    with no_gc():
        triples = inferred_triples(ds) if infer is None else set(infer(ds))
        out = copy(ds)
        inferred = out.graph(INFERRED_GRAPH)
        inferred.addN((s, p, o, inferred) for s, p, o in triples)
    return out

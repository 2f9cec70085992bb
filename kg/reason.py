"""Reasoning stage: the OWL 2 RL consequences of the ontology, kept as a graph of its own without noise.

`infer` (and `reason`) close the ontology once with owlrl and applies its consequences to the facts in one
pass (kg.rules): linear in the size of the graph. `infer_owlrl` is owlrl's full closure over
everything, superlinear, kept as the reference the fast path is tested against and as the
fallback for an ontology that uses OWL constructs kg.rules does not apply.
"""
import gc
from collections import defaultdict
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


class Stated:
    """The stated triples the reasoner reads, indexed by predicate: every graph's but the text spans'.

    Fed quads one at a time (`add`), so a build can stream its quads to a file and here at once.
    """

    def __init__(self, quads=()):
        self.by_predicate = defaultdict(set)
        self.ontology = set()
        for q in quads:
            self.add(*q)

    def add(self, s, p, o, g) -> None:
        """Take one stated quad."""
        if g == ONTOLOGY_GRAPH:
            self.ontology.add((s, p, o))
        if not str(s).startswith(SPAN_PREFIX):
            self.by_predicate[p].add((s, p, o))

    def with_predicates(self, predicates) -> set:
        """The triples with one of `predicates`."""
        return set().union(*(self.by_predicate.get(p, ()) for p in predicates))

    def triples(self):
        """Every triple taken."""
        for triples in self.by_predicate.values():
            yield from triples


def stated_of(data) -> Stated:
    """`data` itself if it is a Stated index, else the index of a Dataset's quads."""
    return data if isinstance(data, Stated) else Stated(data.quads((None, None, None, None)))


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


def infer_owlrl(data) -> Graph:
    """The triples the ontology licenses that are not stated already, by owlrl's full closure."""
    stated = stated_of(data)
    closed = Graph()
    for t in stated.triples():
        closed.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    inferred = Graph()
    for t in closed:
        if t not in stated.by_predicate.get(t[1], ()) and not is_noise(*t):
            inferred.add(t)
    return inferred


def inferred_triples(data) -> set:
    """The triples the ontology licenses that are not stated already (fast path; owlrl's where it must)."""
    stated = stated_of(data)
    types = stated.with_predicates([RDF.type])
    schema = stated.ontology | stated.with_predicates(rules.SCHEMA_PREDICATES) | {
        t for t in types if t[2] in rules.PROPERTY_KINDS}
    if rules.unsupported(schema | types) or stated.with_predicates(INSTANCE_AXIOMS):
        return set(infer_owlrl(stated))
    tb = rules.tbox(rules.schema_graph(schema))
    start = stated.with_predicates(tb.predicates)
    closure = rules.Closure(tb).add_all(start)
    known = start | types | schema | stated.with_predicates({p for _, p, _ in closure.triples} - tb.predicates)
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

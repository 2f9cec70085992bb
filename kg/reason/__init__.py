"""Reasoning stage: the OWL 2 RL consequences of the ontology, kept as a graph of its own without noise.

`inferred_triples` closes the ontology once with owlrl and applies its consequences to the facts
in one pass (kg.reason.rules): linear in the size of the graph. One named rule beside OWL 2 RL,
participating-country, gives dip:involvesCountry for a country that takes part itself.
`owlrl_triples` is owlrl's full closure over everything, superlinear, kept as the reference the
fast path is tested against and as the fallback for an ontology that uses OWL constructs
kg.reason.rules does not apply. Both work on N-Triples terms, as the build streams them;
`infer`, `infer_owlrl` and `reason` take and give rdflib graphs.
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from itertools import chain

import owlrl
from rdflib import BNode, Dataset, Graph
from rdflib.namespace import OWL, RDFS

from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.rdf.terms import Encoder, to_graph
from kg.reason import rules
from kg.reason.rules import META, TYPE, is_literal, nt

ID_PREFIX, DIP_PREFIX, SPAN_PREFIX = nt(ID)[:-1], nt(DIP)[:-1], nt(ID["span/"])[:-1]
PARTICIPANT, INVOLVES, INVOLVED_IN = nt(DIP.participant), nt(DIP.involvesCountry), nt(DIP.involvedIn)
COUNTRY = nt(DIP.Country)
ONTOLOGY = nt(ONTOLOGY_GRAPH)
REFLEXIVE_NOISE = {
    nt(t) for t in (OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
}
HIERARCHY = (rules.SUBCLASS, rules.SUBPROPERTY)
TOP = (nt(OWL.Thing), nt(RDFS.Resource))
INSTANCE_AXIOMS = tuple(
    nt(t) for t in (OWL.sameAs, OWL.differentFrom, OWL.sourceIndividual, OWL.hasKey, OWL.members, OWL.distinctMembers)
)


class Stated:
    """The stated triples the reasoner reads, as N-Triples terms, indexed by predicate: all but the text spans'.

    Fed quads one at a time (`add`), so a build can stream its quads to a file and here at once.
    """

    def __init__(self, quads=()):
        self.by_predicate = defaultdict(set)
        self.ontology = set()
        for q in quads:
            self.add(*q)

    def add(self, s: str, p: str, o: str, g: str) -> None:
        """Take one stated quad."""
        if g == ONTOLOGY:
            self.ontology.add((s, p, o))
        if not s.startswith(SPAN_PREFIX):
            self.by_predicate[p].add((s, p, o))

    def __contains__(self, triple) -> bool:
        return triple in self.by_predicate.get(triple[1], ())

    def with_predicates(self, predicates) -> set:
        """The triples with one of `predicates`."""
        return set(self.of_predicates(predicates))

    def of_predicates(self, predicates):
        """Every triple with one of `predicates`, one after the other (no copy)."""
        for p in set(predicates):
            yield from self.by_predicate.get(p, ())

    def triples(self):
        """Every triple taken."""
        for triples in self.by_predicate.values():
            yield from triples


def stated_of(ds: Dataset) -> Stated:
    """The index of an rdflib Dataset's quads."""
    encoder = Encoder()
    # Dataset.quads gives graph names, ConjunctiveGraph graphs
    return Stated(
        tuple(map(encoder.term, (s, p, o, getattr(g, "identifier", g))))
        for s, p, o, g in ds.quads((None, None, None, None))
    )


def is_noise(s: str, p: str, o: str) -> bool:
    """True for entailments nobody wants to see: literal subjects, x sameAs x, axiomatic triples."""
    if is_literal(s) or not s.startswith((ID_PREFIX, DIP_PREFIX)):
        return True
    if p in REFLEXIVE_NOISE and s == o:
        return True
    if s.startswith(DIP_PREFIX) and p not in HIERARCHY:
        return True  # domains and ranges widened to superclasses: true, but nobody asked
    return o.startswith(META) and (p == TYPE or o in TOP)


def participating_countries(triples, types) -> set:
    """The named rule participating-country: an event involves every country that takes part in it itself.

    e dip:participant c, c a dip:Country => e dip:involvesCountry c (and c dip:involvedIn e, its
    inverse). OWL 2 RL cannot say it: its property chains need a property from a country to itself.
    """
    countries = {s for s, p, o in types if p == TYPE and o == COUNTRY}
    out = set()
    for s, p, o in triples:
        if p == PARTICIPANT and o in countries:
            out |= {(s, INVOLVES, o), (o, INVOLVED_IN, s)}
    return out


def owlrl_triples(stated: Stated) -> set:
    """The triples the ontology licenses that are not stated already, by owlrl's full closure and named rules."""
    closed = to_graph(stated.triples())
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    encoder, every = Encoder(), set()
    for t in closed:
        if not any(isinstance(term, BNode) for term in t):  # owlrl's own nodes, never ours
            every.add(tuple(map(encoder.term, t)))
    every |= participating_countries(every, every)
    return {t for t in every if t not in stated and not is_noise(*t)}


def inferred_triples(stated: Stated) -> set:
    """The triples the ontology licenses that are not stated already (fast path; owlrl's where it must)."""
    types = stated.by_predicate.get(TYPE, set())
    schema = (
        stated.ontology
        | stated.with_predicates(rules.SCHEMA_PREDICATES)
        | {t for t in types if t[2] in rules.PROPERTY_KINDS}
    )
    if rules.unsupported(schema) or rules.unsupported(types) or stated.with_predicates(INSTANCE_AXIOMS):
        return owlrl_triples(stated)
    tb = rules.tbox(rules.schema_triples(schema))
    closure = rules.Closure(tb).add_all(stated.of_predicates(tb.predicates))
    typed = closure.types(types)
    named = participating_countries(closure.triples, typed)
    candidates = chain(closure.triples, typed, tb.closed, named)
    by_predicate, none = stated.by_predicate, frozenset[tuple[str, str, str]]()
    return {t for t in candidates if t not in by_predicate.get(t[1], none) and t not in schema and not is_noise(*t)}


def infer(ds: Dataset) -> Graph:
    """The inferred triples of an rdflib Dataset, as a Graph."""
    return to_graph(inferred_triples(stated_of(ds)))


def infer_owlrl(ds: Dataset) -> Graph:
    """owlrl's inferred triples of an rdflib Dataset, as a Graph."""
    return to_graph(owlrl_triples(stated_of(ds)))


@contextmanager
def no_gc():
    """Pause Python's cyclic garbage collector: building millions of terms and tuples triggers it over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reason(ds: Dataset) -> Dataset:
    """Return a new Dataset: the input's graphs plus the inferred graph."""
    out, graphs = Dataset(default_union=True), {}

    def graph(c):
        name = getattr(c, "identifier", c)
        if name not in graphs:
            graphs[name] = out.graph(name)
        return graphs[name]

    with no_gc():
        inferred = infer(ds)
        out.addN((s, p, o, graph(c)) for s, p, o, c in ds.quads((None, None, None, None)))
        out.addN((s, p, o, graph(INFERRED_GRAPH)) for s, p, o in inferred)
    return out

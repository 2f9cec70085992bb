"""The ontology's consequences for the facts, applied in one pass: the fast path of the reasoning stage.

The ontology (TBox) is closed once by owlrl, which takes a moment on a few hundred triples. From
the closed ontology this module reads which OWL 2 RL rules apply to instances (ABox):
prp-spo1 (subproperties), prp-inv (inverses), prp-symp, prp-trp (transitivity), prp-spo2
(property chains), prp-dom, prp-rng and cax-sco (subclasses, equivalences included). It then
applies them with a work list and two indexes, each derived triple joined once with what is
known: linear in the output, where owlrl sweeps every rule over the whole graph until nothing
changes. `unsupported` names any other construct, for which the caller must use owlrl itself.
"""
from collections import defaultdict
from dataclasses import dataclass

import owlrl
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
                     OWL.propertyChainAxiom, OWL.equivalentClass, OWL.equivalentProperty, RDF.first, RDF.rest)
PROPERTY_KINDS = (OWL.TransitiveProperty, OWL.SymmetricProperty)
# OWL and RDFS terms whose consequences this module applies, or that have none for instances.
HANDLED = set(SCHEMA_PREDICATES) | set(PROPERTY_KINDS) | {
    RDF.type, RDF.nil, RDF.langString, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
    OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.NamedIndividual, OWL.Thing, OWL.versionInfo, OWL.imports, OWL.deprecated}


@dataclass(frozen=True)
class TBox:
    """What the closed ontology says about instances, by class or property."""

    closed: Graph
    superclasses: dict
    superproperties: dict
    inverses: dict
    transitive: frozenset
    symmetric: frozenset
    chains: dict  # property -> [(chain, position of the property in it, resulting property)]
    domains: dict
    ranges: dict

    @property
    def predicates(self) -> set:
        """Every property some rule starts from."""
        return (set(self.superproperties) | set(self.inverses) | self.transitive | self.symmetric
                | set(self.chains) | set(self.domains) | set(self.ranges))


def schema_graph(triples) -> Graph:
    """The schema triples among `triples`: hierarchy, domains, ranges, inverses, chains, property kinds."""
    g = Graph()
    for s, p, o in triples:
        if p in SCHEMA_PREDICATES or (p == RDF.type and o in PROPERTY_KINDS):
            g.add((s, p, o))
    return g


def unsupported(triples) -> set:
    """OWL and RDFS terms used in `triples` whose consequences this module does not apply."""
    meta = (str(OWL), str(RDFS), str(RDF))
    used = {t for s, p, o in triples for t in (p, o) if not isinstance(t, Literal) and str(t).startswith(meta)}
    return {t for t in used - HANDLED if not str(t).startswith(str(RDF) + "_")}


def _closure_map(g: Graph, predicate) -> dict:
    """subject -> the set of its objects for `predicate`, without the subject itself."""
    out = defaultdict(set)
    for s, o in g.subject_objects(predicate):
        if s != o:
            out[s].add(o)
    return dict(out)


def _chain(g: Graph, head) -> tuple:
    """The properties of an RDF list (a property chain), in order."""
    items = []
    while head is not None and head != RDF.nil:
        items.append(g.value(head, RDF.first))
        head = g.value(head, RDF.rest)
    return tuple(items)


def tbox(schema: Graph) -> TBox:
    """Close the ontology with owlrl and read off what its rules need."""
    closed = Graph()
    for t in schema:
        closed.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    inverses = defaultdict(set)
    for p, q in closed.subject_objects(OWL.inverseOf):
        inverses[p].add(q)
        inverses[q].add(p)
    chains = defaultdict(list)
    for result, head in closed.subject_objects(OWL.propertyChainAxiom):
        chain = _chain(closed, head)
        for i, p in enumerate(chain):
            chains[p].append((chain, i, result))
    return TBox(closed, _closure_map(closed, RDFS.subClassOf), _closure_map(closed, RDFS.subPropertyOf),
                dict(inverses), frozenset(closed.subjects(RDF.type, OWL.TransitiveProperty)),
                frozenset(closed.subjects(RDF.type, OWL.SymmetricProperty)), dict(chains),
                _closure_map(closed, RDFS.domain), _closure_map(closed, RDFS.range))


class Closure:
    """Property triples closed under the TBox's property rules, with subject and object indexes."""

    def __init__(self, tb: TBox):
        self.tb = tb
        self.triples = set()
        self.by_subject = defaultdict(set)  # (p, s) -> objects
        self.by_object = defaultdict(set)  # (p, o) -> subjects

    def add_all(self, triples) -> "Closure":
        """Add triples and everything they entail; return self."""
        todo = list(triples)
        while todo:
            t = todo.pop()
            if t not in self.triples:
                s, p, o = t
                self.triples.add(t)
                self.by_subject[p, s].add(o)
                self.by_object[p, o].add(s)
                todo.extend(self.consequences(s, p, o))
        return self

    def consequences(self, s, p, o) -> list:
        """The triples one rule application yields from (s, p, o) joined with the triples known so far."""
        tb = self.tb
        out = [(s, q, o) for q in tb.superproperties.get(p, ())]
        if isinstance(o, Literal):
            return out
        out += [(o, q, s) for q in tb.inverses.get(p, ())]
        if p in tb.symmetric:
            out.append((o, p, s))
        if p in tb.transitive:
            out += [(s, p, x) for x in self.by_subject[p, o]] + [(y, p, o) for y in self.by_object[p, s]]
        for chain, i, result in tb.chains.get(p, ()):
            out += [(a, result, b) for a in self._walk({s}, reversed(chain[:i]), self.by_object)
                    for b in self._walk({o}, chain[i + 1:], self.by_subject)]
        return out

    @staticmethod
    def _walk(nodes: set, props, index) -> set:
        """Follow `props` one after the other from `nodes` through `index`."""
        for p in props:
            nodes = {n for node in nodes for n in index.get((p, node), ())}
        return nodes

    def types(self, stated_types) -> set:
        """rdf:type triples: stated ones, domains and ranges of the closed triples, and their superclasses."""
        tb, direct = self.tb, set(stated_types)
        for s, p, o in self.triples:
            direct.update((s, RDF.type, c) for c in tb.domains.get(p, ()))
            if not isinstance(o, Literal):
                direct.update((o, RDF.type, c) for c in tb.ranges.get(p, ()))
        return direct | {(x, RDF.type, d) for x, _, c in direct for d in tb.superclasses.get(c, ())}

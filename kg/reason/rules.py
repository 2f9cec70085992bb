"""The ontology's consequences for the facts, applied in one pass: the fast path of the reasoning stage.

The ontology (TBox) is closed once by owlrl, which takes a moment on a few hundred triples. From
the closed ontology this module reads which OWL 2 RL rules apply to instances (ABox):
prp-spo1 (subproperties), prp-inv (inverses), prp-symp, prp-trp (transitivity), prp-spo2
(property chains), prp-dom, prp-rng and cax-sco (subclasses, equivalences included). It then
applies them with a work list, each derived triple joined once with what is known: linear in
the output, where owlrl sweeps every rule over the whole graph until nothing changes.
`unsupported` names any other construct, for which the caller must use owlrl itself.

Terms are N-Triples text (`<iri>`, `"literal"...`), as the build writes them: plain strings
hash and compare at C speed, and an IRI seen many times is one shared string.
"""

from collections import defaultdict
from dataclasses import dataclass

import owlrl
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.terms import Encoder, to_graph

Triple = tuple[str, str, str]  # subject, predicate, object in N-Triples syntax


def nt(term) -> str:
    """An rdflib IRI in N-Triples syntax."""
    return f"<{term}>"


def is_literal(term: str) -> bool:
    """True if an N-Triples term is a literal."""
    return term[0] == '"'


TYPE, FIRST, REST = nt(RDF.type), nt(RDF.first), nt(RDF.rest)
SUBCLASS, SUBPROPERTY, DOMAIN, RANGE = nt(RDFS.subClassOf), nt(RDFS.subPropertyOf), nt(RDFS.domain), nt(RDFS.range)
INVERSE, CHAIN = nt(OWL.inverseOf), nt(OWL.propertyChainAxiom)
TRANSITIVE, SYMMETRIC = nt(OWL.TransitiveProperty), nt(OWL.SymmetricProperty)
SCHEMA_PREDICATES = (
    SUBCLASS,
    SUBPROPERTY,
    DOMAIN,
    RANGE,
    INVERSE,
    CHAIN,
    nt(OWL.equivalentClass),
    nt(OWL.equivalentProperty),
    FIRST,
    REST,
)
PROPERTY_KINDS = (TRANSITIVE, SYMMETRIC)
# OWL and RDFS terms whose consequences this module applies, or that have none for instances.
HANDLED = (
    set(SCHEMA_PREDICATES)
    | set(PROPERTY_KINDS)
    | {
        nt(t)
        for t in (
            RDF.type,
            RDF.nil,
            RDF.langString,
            RDFS.label,
            RDFS.comment,
            RDFS.seeAlso,
            RDFS.isDefinedBy,
            RDF.Statement,  # reification (statement-level evidence): no consequences for instances
            RDF.subject,
            RDF.predicate,
            RDF.object,
            RDFS.Container,  # the ontology's lists of properties (dip:EvidencedProperties)
            RDFS.member,
            OWL.Ontology,
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            OWL.NamedIndividual,
            OWL.Thing,
            OWL.versionInfo,
            OWL.imports,
            OWL.deprecated,
        )
    }
)
META = tuple(nt(ns)[:-1] for ns in (OWL, RDFS, RDF))
RDF_MEMBER = nt(RDF)[:-1] + "_"


@dataclass(frozen=True)
class TBox:
    """What the closed ontology says about instances, by class or property."""

    closed: frozenset
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
        return (
            set(self.superproperties)
            | set(self.inverses)
            | self.transitive
            | self.symmetric
            | set(self.chains)
            | set(self.domains)
            | set(self.ranges)
        )

    @property
    def joined(self) -> set:
        """The properties whose triples rules join with others: transitive ones and chain links."""
        return set(self.transitive) | set(self.chains)


def schema_triples(triples) -> set:
    """The schema triples among `triples`: hierarchy, domains, ranges, inverses, chains, property kinds."""
    return {(s, p, o) for s, p, o in triples if p in SCHEMA_PREDICATES or (p == TYPE and o in PROPERTY_KINDS)}


def unsupported(triples) -> set:
    """OWL and RDFS terms used in `triples` whose consequences this module does not apply."""
    used = {t for _, p, o in triples for t in (p, o) if t.startswith(META)}
    return {t for t in used - HANDLED if not t.startswith(RDF_MEMBER)}


def _closure_map(closed, predicate: str) -> dict:
    """subject -> the set of its objects for `predicate`, without the subject itself."""
    out = defaultdict(set)
    for s, p, o in closed:
        if p == predicate and s != o:
            out[s].add(o)
    return dict(out)


def _chain(links: dict, head: str) -> tuple:
    """The properties of an RDF list (a property chain), in order; `links` maps a list node to (first, rest)."""
    items = []
    while head in links:
        first, head = links[head]
        items.append(first)
    return tuple(items)


def close(schema) -> frozenset:
    """The schema triples closed by owlrl, as N-Triples terms."""
    g = to_graph(schema)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    encoder = Encoder()
    return frozenset(tuple(map(encoder.term, t)) for t in g)


def tbox(schema) -> TBox:
    """Close the ontology with owlrl and read off what its rules need."""
    closed = close(schema)
    inverses, chains = defaultdict(set), defaultdict(list)
    firsts = {s: o for s, p, o in closed if p == FIRST}
    links = {s: (firsts[s], o) for s, p, o in closed if p == REST and s in firsts}
    for s, p, o in closed:
        if p == INVERSE:
            inverses[s].add(o)
            inverses[o].add(s)
        elif p == CHAIN:
            chain = _chain(links, o)
            for i, link in enumerate(chain):
                chains[link].append((chain, i, s))
    kinds = {kind: frozenset(s for s, p, o in closed if p == TYPE and o == kind) for kind in PROPERTY_KINDS}
    return TBox(
        closed,
        _closure_map(closed, SUBCLASS),
        _closure_map(closed, SUBPROPERTY),
        dict(inverses),
        kinds[TRANSITIVE],
        kinds[SYMMETRIC],
        dict(chains),
        _closure_map(closed, DOMAIN),
        _closure_map(closed, RANGE),
    )


@dataclass(frozen=True)
class Plan:
    """What the rules do with a triple of one property, looked up once per property."""

    superproperties: tuple
    inverses: tuple
    symmetric: bool
    transitive: bool
    chains: tuple
    joined: bool


class Closure:
    """Property triples closed under the TBox's property rules.

    Only the properties that rules join (transitive ones, chain links) are indexed, by subject
    and by object: the other triples are derived from one at a time.
    """

    def __init__(self, tb: TBox):
        self.tb = tb
        self.plans: dict[str, Plan] = {}
        self.triples: set[Triple] = set()
        self.by_subject: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (p, s) -> objects
        self.by_object: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (p, o) -> subjects

    def plan(self, p: str) -> Plan:
        """The rules' plan for triples of property `p`."""
        plan = self.plans.get(p)
        if plan is None:
            tb = self.tb
            plan = self.plans[p] = Plan(
                tuple(tb.superproperties.get(p, ())),
                tuple(tb.inverses.get(p, ())),
                p in tb.symmetric,
                p in tb.transitive,
                tuple(tb.chains.get(p, ())),
                p in tb.joined,
            )
        return plan

    def add_all(self, triples) -> "Closure":
        """Add triples and everything they entail; return self."""
        known = self.triples
        for start in triples:
            todo = [start]
            while todo:
                t = todo.pop()
                if t not in known:
                    s, p, o = t
                    known.add(t)
                    plan = self.plan(p)
                    if plan.joined:
                        self.by_subject[p, s].add(o)
                        self.by_object[p, o].add(s)
                    todo.extend(self.consequences(s, p, o, plan))
        return self

    def consequences(self, s, p, o, plan: Plan) -> list:
        """The triples one rule application yields from (s, p, o) joined with the triples known so far."""
        out = [(s, q, o) for q in plan.superproperties]
        if is_literal(o):
            return out
        out += [(o, q, s) for q in plan.inverses]
        if plan.symmetric:
            out.append((o, p, s))
        if plan.transitive:
            out += [(s, p, x) for x in self.by_subject.get((p, o), ())]
            out += [(y, p, o) for y in self.by_object.get((p, s), ())]
        for chain, i, result in plan.chains:
            out += [
                (a, result, b)
                for a in self._walk({s}, reversed(chain[:i]), self.by_object)
                for b in self._walk({o}, chain[i + 1 :], self.by_subject)
            ]
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
        typing = {p: (tuple(tb.domains.get(p, ())), tuple(tb.ranges.get(p, ()))) for p in {*tb.domains, *tb.ranges}}
        add = direct.add
        for s, p, o in self.triples:
            kinds = typing.get(p)
            if kinds:
                for c in kinds[0]:
                    add((s, TYPE, c))
                if kinds[1] and not is_literal(o):
                    for c in kinds[1]:
                        add((o, TYPE, c))
        return direct | {(x, TYPE, d) for x, _, c in direct for d in tb.superclasses.get(c, ())}

"""rdflib terms to N-Triples text (written by pyoxigraph, which checks IRIs and escapes literals) and back."""

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

XSD_STRING = str(XSD.string)


def ox_term(term):
    """An rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise ValueError(f"{term!r}: blank nodes have no place in this graph; give the node an IRI")


def to_rdflib(term, normalize: bool = True):
    """A pyoxigraph term as an rdflib term (xsd:string literals as simple literals, as in RDF 1.1).

    `normalize=False` keeps a typed literal's lexical form as it is ("1.50" stays "1.50").
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:  # normalizing a string changes nothing, so skip it
        return Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)


class Encoder:
    """Turns rdflib terms into N-Triples text; each IRI is encoded once and shared (they repeat in every line)."""

    def __init__(self):
        self.iris = {}

    def term(self, term) -> str:
        """The term in N-Triples syntax."""
        if isinstance(term, URIRef):
            key = str(term)  # a plain str: dict lookups compare it in C, not with rdflib's __eq__
            text = self.iris.get(key)
            if text is None:
                text = self.iris[key] = str(ox_term(term))
            return text
        return str(ox_term(term))


def to_graph(triples) -> Graph:
    """An rdflib Graph of triples given as N-Triples terms."""
    g = Graph()
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode()
    for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object, normalize=False)))
    return g

"""rdflib terms as N-Triples text, written by pyoxigraph (which checks IRIs and escapes literals)."""
import pyoxigraph as ox
from rdflib import Literal, URIRef


def ox_term(term):
    """An rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise ValueError(f"{term!r}: blank nodes have no place in this graph; give the node an IRI")


class Encoder:
    """Turns rdflib terms into N-Triples text; each IRI is encoded once (they repeat in every line)."""

    def __init__(self):
        self.iris = {}

    def term(self, term) -> str:
        """The term in N-Triples syntax."""
        if isinstance(term, URIRef):
            text = self.iris.get(term)
            if text is None:
                text = self.iris[term] = str(ox_term(term))
            return text
        return str(ox_term(term))

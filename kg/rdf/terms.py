"""RDF terms between rdflib and pyoxigraph, and rdflib terms to N-Triples text: the one place terms are converted.

pyoxigraph's terms are what the engine gives; `to_rdflib` keeps their lexical forms as they are
(`"INF"`, `"PT0S"`, `"2021-03-25+09:00"` stay so), since rdflib's normalization would change values.
"""

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

XSD_STRING = str(XSD.string)


def ox_term(term):
    """An rdflib IRI or literal as a pyoxigraph term (the dump has no blank nodes: ValueError for one)."""
    if isinstance(term, BNode):
        raise ValueError(f"{term!r}: blank nodes have no place in this graph; give the node an IRI")
    return to_oxigraph(term)


def to_oxigraph(term):
    """Any rdflib term (IRI, blank node, literal; None for unbound) as a pyoxigraph term."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def to_rdflib(term, normalize: bool = False):
    """A pyoxigraph term as an rdflib term, its lexical form kept (xsd:string literals as simple literals).

    `normalize=True` lets rdflib rewrite a typed literal's lexical form ("1.50" becomes "1.5").
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise ValueError(f"{term}: RDF 1.2 triple terms have no rdflib counterpart")
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)


def converter() -> Callable:
    """A to_rdflib that converts each distinct term once; terms repeat across an answer's rows.

    Building an rdflib Literal parses its lexical form (dates, decimals, ...), which is most of
    the cost of turning a pyoxigraph answer into rdflib terms.
    """
    memo: dict = {}

    def convert(term):
        """The term as an rdflib term, from the memo if seen before."""
        try:
            return memo[term]
        except KeyError:
            memo[term] = value = to_rdflib(term)
            return value

    return convert


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
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g

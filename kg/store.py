"""Stores behind one small interface: run SPARQL with bound parameters over the union of all graphs."""
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .errors import InputError
from .namespaces import PREFIXES
from .queries import bind

PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass
class Result:
    """A query's answer as rdflib terms: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class OxigraphStore:
    """An in-memory pyoxigraph store loaded from the N-Quads dump; the default graph is the union."""

    def __init__(self, nquads: Path):
        self.store = ox.Store()
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def raw(self, sparql: str, bindings: dict | None = None):
        """Run a query and return pyoxigraph's own result object."""
        try:
            return self.store.query(bind(sparql, bindings or {}), use_default_graph_as_union=True, prefixes=PREFIX_IRIS)
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}") from None

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run a query and return its answer as rdflib terms."""
        res = self.raw(sparql, bindings)
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return Result("select", names, [tuple(to_rdflib(sol[n]) for n in names) for sol in res])
        return Result("graph", triples=[tuple(map(to_rdflib, (t.subject, t.predicate, t.object))) for t in res])

    def __len__(self) -> int:
        return len(self.store)


class RdflibStore:
    """rdflib's own engine over a Dataset whose default graph is the union of all graphs."""

    def __init__(self, nquads: Path):
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(nquads, format="nquads")

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run a query and return its answer as rdflib terms."""
        try:
            res = self.dataset.query(bind(sparql, bindings or {}), initNs=PREFIXES)
        except Exception as e:  # rdflib raises pyparsing errors and others for bad queries
            raise InputError(f"SPARQL error: {e}") from None
        if res.type == "ASK":
            return Result("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            return Result("select", names, [tuple(row) for row in res])
        return Result("graph", triples=list(res))

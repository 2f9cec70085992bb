"""What a store answers: the engine's own answer (pyoxigraph objects) or a `Result` of rdflib terms made from it;
the dataset a request names (`Graphs`); cutting answers to a limit.

Every store's `evaluate` gives one of pyoxigraph's answers: `QueryBoolean` (ASK), `QuerySolutions` (SELECT)
or an iterator of `Triple` (CONSTRUCT, DESCRIBE). The endpoint serializes those as they are
(kg.query.formats); `to_result` turns one into rdflib terms for Python callers (pages, the CLI).
"""

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from kg.rdf.terms import converter


@dataclass
class Result:
    """A query's answer as rdflib terms: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class Graphs:
    """The dataset a request names instead of the query's own: default graph IRIs and named graph IRIs."""

    default: tuple = ()
    named: tuple = ()


def cut(items, limit: int | None) -> tuple[list, bool]:
    """The first `limit` items (all if None) and whether there were more."""
    if limit is None:
        return list(items), False
    head = list(islice(items, limit + 1))
    return head[:limit], len(head) > limit


def kind_of(answer) -> str:
    """The form of an engine answer: "ask", "select" or "graph"."""
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(answer, ox.QuerySolutions) else "graph"


def to_result(answer, limit: int | None = None) -> Result:
    """An engine answer as a Result of rdflib terms (lexical forms kept), at most `limit` rows or triples."""
    kind = kind_of(answer)
    if kind == "ask":
        return Result("ask", boolean=bool(answer))
    convert = converter()
    if kind == "select":
        names = [v.value for v in answer.variables]
        rows, more = cut(answer, limit)
        return Result("select", names, [tuple(map(convert, solution)) for solution in rows], truncated=more)
    triples, more = cut(answer, limit)
    return Result("graph", triples=[tuple(map(convert, triple)) for triple in triples], truncated=more)


class Queryable:
    """What every store shares: `query`, a Result of rdflib terms made from its own `evaluate`."""

    def evaluate(self, sparql: str, bindings=None, graphs: Graphs | None = None, base_iri: str | None = None):
        """Run a query; the engine's answer as pyoxigraph objects."""
        raise NotImplementedError

    def query(
        self,
        sparql: str,
        bindings: dict | None = None,
        graphs: Graphs | None = None,
        limit: int | None = None,
        base_iri: str | None = None,
    ) -> Result:
        """Run a query and return its answer as rdflib terms, at most `limit` rows or triples."""
        return to_result(self.evaluate(sparql, bindings, graphs, base_iri), limit)

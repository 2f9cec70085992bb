"""The one place the pages reach the endpoint: its query process (with its time limit) and canned queries.

Answers to the pages' own queries are kept per worker while the graph cannot change (the embedded stores),
up to KEPT_ROWS rows in all, the least recently used dropped first: the other languages and formats of a page
a reader has just seen ask the same queries again (a resource's Turtle, then its JSON-LD).
"""

import pyoxigraph as ox
from flask import current_app

from app.api.canned import catalog
from app.cache import AnswerCache
from app.engine import engine
from app.errors import error_response
from kg.errors import InputError, KGError
from kg.query import formats
from kg.query.runner import Answer, Outcome, Request


def execute(sparql: str, bindings: dict):
    """Run SPARQL with bound parameters in the endpoint's query process; a kg.store.Result.

    A bad query or parameter raises InputError; a refused, failed or late query a KGError.
    """
    return _kept(
        ("result", sparql, bindings), lambda: _checked(engine().runner.run(Request(sparql, bindings, raw=True))).result
    )


def solutions(sparql: str, bindings: dict) -> list[tuple]:
    """The rows of a SELECT as `execute` runs it, as tuples of pyoxigraph terms in the order of its SELECT:
    written as TSV by the query process and read back, for rows that are only written out again as RDF (no
    rdflib terms made, pickled and turned back into pyoxigraph's; a resource's Turtle took half the time)."""

    def run() -> list[tuple]:
        answer = _checked(engine().runner.run(Request(sparql, bindings, select_type=formats.TSV)))
        found = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.TSV)
        assert isinstance(found, ox.QuerySolutions)  # TSV has no boolean answers
        return [tuple(row) for row in found]

    return list(_kept(("solutions", sparql, bindings), run))


KEPT_ROWS = 50_000
_KEPT = "dipkg.pages.kept"


def _kept(key: tuple, compute):
    """compute()'s answer, kept under `key` (what, SPARQL, bindings) while the graph cannot change."""
    if not immutable():
        return compute()
    kind, sparql, bindings = key
    key = (kind, sparql, tuple(sorted((name, term.n3()) for name, term in bindings.items())))
    kept = current_app.extensions.setdefault(_KEPT, AnswerCache(KEPT_ROWS, measure=_size))
    value = kept.get(key)
    if value is None:
        value = compute()
        kept.put(key, value)  # not one over a quarter of KEPT_ROWS: it would push out all the others
    return value


def _size(key, value) -> int:
    """What an answer counts for in KEPT_ROWS: its rows (a Result's, or a list of them), and one."""
    return 1 + len(value.rows if hasattr(value, "rows") else value)


def _checked(answer: Answer) -> Answer:
    """An answer that is OK; else InputError for a bad query or parameter, KGError for a refused, failed or late one."""
    if answer.outcome in (Outcome.INVALID, Outcome.FAILED, Outcome.OFFLINE):
        raise InputError(answer.detail)
    if answer.outcome != Outcome.OK:
        raise KGError(answer.detail)
    return answer


def canned_queries() -> dict:
    """The public canned queries by name, as the endpoint serves them at /queries/<name>."""
    return catalog()


def immutable() -> bool:
    """Whether the served graph cannot change while the app runs (true for the embedded stores)."""
    return engine().immutable


def error(status: int, detail: str):
    """An error response in the endpoint's one error shape (JSON or text, as the client prefers)."""
    return error_response(status, detail)

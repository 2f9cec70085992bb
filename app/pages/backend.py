"""The one place the pages reach the endpoint: its query process (with its time limit) and canned queries."""

from app.api.canned import catalog
from app.engine import engine
from app.errors import error_response
from kg.errors import InputError, KGError
from kg.query.runner import Outcome, Request


def execute(sparql: str, bindings: dict):
    """Run SPARQL with bound parameters in the endpoint's query process; a kg.store.Result.

    A bad query or parameter raises InputError; a refused, failed or late query a KGError.
    """
    answer = engine().runner.run(Request(sparql, bindings, raw=True))
    if answer.outcome in (Outcome.INVALID, Outcome.FAILED, Outcome.OFFLINE):
        raise InputError(answer.detail)
    if answer.outcome != Outcome.OK:
        raise KGError(answer.detail)
    return answer.result


def canned_queries() -> dict:
    """The public canned queries by name, as the endpoint serves them at /queries/<name>."""
    return catalog()


def immutable() -> bool:
    """Whether the served graph cannot change while the app runs (true for the embedded stores)."""
    return engine().immutable


def error(status: int, detail: str):
    """An error response in the endpoint's one error shape (JSON or text, as the client prefers)."""
    return error_response(status, detail)

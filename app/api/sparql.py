"""`/sparql`: the SPARQL 1.1 Protocol for queries (GET, POST form, POST application/sparql-query), read-only."""

import pyoxigraph as ox
from flask import Blueprint, request

from app.api import service
from app.api.answer import respond
from app.errors import APIError
from kg.query.results import Graphs
from kg.query.runner import READ_ONLY

bp = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"


def _one(values, name: str) -> str | None:
    """The single value of a parameter, None if absent; 400 if given more than once."""
    given = values.getlist(name)
    if len(given) > 1:
        raise APIError(400, f"give `{name}` once, not {len(given)} times")
    return given[0] if given else None


def _posted_query() -> str:
    """The query of a POST: the body of application/sparql-query, or the `query` field of a form."""
    if (
        request.mimetype == "application/sparql-update"
        or "update" in request.args
        or (request.mimetype == FORM and "update" in request.form)
    ):
        raise APIError(403, READ_ONLY)
    if request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if request.mimetype == FORM:
        query = _one(request.form, "query")
        if query is None:
            raise APIError(400, "the form has no `query` field")
        return query
    raise APIError(
        415,
        f"POST the query as application/sparql-query or as the `query` field of {FORM}, "
        f"not {request.mimetype or 'no Content-Type'}",
    )


def _iris(name: str) -> tuple:
    """The IRIs given for a dataset parameter (URL and form), each checked."""
    values = request.args.getlist(name) + (request.form.getlist(name) if request.mimetype == FORM else [])
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise APIError(400, f"`{name}` must be an absolute IRI, not {value!r}") from None
    return tuple(values)


def _graphs() -> Graphs | None:
    """The request's dataset (default-graph-uri, named-graph-uri), None when it names none."""
    default, named = _iris("default-graph-uri"), _iris("named-graph-uri")
    return Graphs(default, named) if default or named else None


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    """Answer a query; GET without one describes the service."""
    if request.method == "POST":
        query = _posted_query()
    else:
        if "update" in request.args:
            raise APIError(403, READ_ONLY)
        query = _one(request.args, "query")
        if query is None:
            return service.respond()
    fmt = request.args.get("format") or (request.form.get("format") if request.mimetype == FORM else None)
    return respond(query, {}, _graphs(), fmt)

"""Answer a query over HTTP: negotiate, revalidate (ETag, 304), reuse or run, and set the caching headers."""

from flask import Response, request, url_for

from app import negotiation
from app.cache import keep
from app.engine import engine
from app.errors import APIError, check
from kg.query.formats import content_type
from kg.query.results import Graphs
from kg.query.runner import Answer, Request


def not_modified(etag: str | None) -> Response | None:
    """A 304 if the client already holds this answer (If-None-Match)."""
    if etag and request.if_none_match.contains_weak(etag):
        return headers(Response(status=304), etag)
    return None


def headers(response: Response, etag: str | None) -> Response:
    """ETag and Cache-Control for an immutable graph's answer (no-cache when the data may change); Vary: Accept."""
    if etag:
        response.headers["ETag"] = f'"{etag}"'
        response.headers["Cache-Control"] = f"public, max-age={engine().max_age}"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept"
    return response


def send(answer: Answer, etag: str | None) -> Response:
    """A 200 answer with its headers (a cut answer says so in X-Truncated), or its error."""
    check(answer)
    response = Response(answer.body, 200, content_type=content_type(answer.media_type or ""))
    response.headers["X-Row-Limit"] = str(engine().row_limit)
    if answer.truncated:
        response.headers["X-Truncated"] = f"true; only the first {engine().row_limit} rows or triples"
    if etag:
        keep(request.environ)  # the same request gets the same answer: app.cache.ResponseCache may keep it whole
    return headers(response, etag)


def base_iri() -> str:
    """The base IRI of queries sent to this server: its SPARQL endpoint's URL, as the client reached it."""
    return url_for("sparql.sparql", _external=True)


def respond(sparql: str, bindings: dict, graphs: Graphs | None = None, format_param: str | None = None) -> Response:
    """Answer one query in the negotiated format, reusing a kept answer when there is one."""
    choice = negotiation.choose(format_param)
    if not choice:
        raise APIError(406, negotiation.unacceptable())
    limit = engine().row_limit
    req = Request(
        sparql, bindings, graphs, choice.select, choice.graph, limit, ask_type=choice.ask, base_iri=base_iri()
    )
    key = engine().request_key(req)
    etag = key if request.method in ("GET", "HEAD") else None
    return not_modified(etag) or send(engine().answer(req, key), etag)

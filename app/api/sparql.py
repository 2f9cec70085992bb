"""`/sparql`: the SPARQL 1.1 Protocol for queries (GET, POST form, POST application/sparql-query), read-only."""

import re
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, redirect, request, url_for

from app import negotiation
from app.api import service
from app.api.answer import respond
from app.errors import APIError
from kg.query.results import Graphs
from kg.query.runner import READ_ONLY

bp = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"
HIGH_ESCAPE = re.compile("%[89a-fA-F]")  # a percent-escaped byte of 0x80 or more


def _one(values, name: str) -> str | None:
    """The single value of a parameter, None if absent; 400 if given more than once."""
    given = values.getlist(name)
    if len(given) > 1:
        raise APIError(400, f"give `{name}` once, not {len(given)} times")
    return given[0] if given else None


def _utf8(data: bytes, where: str) -> str:
    """Bytes the protocol says are UTF-8 as text, or 400 naming the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise APIError(
            400, f"{where} is not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start}; send SPARQL as UTF-8"
        ) from None


def _check_charset() -> None:
    """400 for a body that declares a charset other than UTF-8 (SPARQL 1.1 Protocol: bodies are UTF-8)."""
    charset = request.mimetype_params.get("charset")
    if charset and charset.strip().lower() not in ("utf-8", "utf8"):
        raise APIError(400, f"the body is declared as charset={charset}; SPARQL requests must be UTF-8")


def _check_form_encoding(raw: bytes, where: str) -> None:
    """400 for a URL-encoded query string or form whose decoded values are not UTF-8 (text whose escapes are all
    of ASCII bytes, below %80, is UTF-8: it is not decoded twice)."""
    text = _utf8(raw, where)
    if not HIGH_ESCAPE.search(text):
        return
    try:
        parse_qsl(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise APIError(400, f"{where} has a percent-encoded value that is not UTF-8 ({e.reason})") from None


def _body() -> bytes:
    """The POST's body, kept for the form parser; 413 if it is over the limit, also when it comes chunked
    (without a Content-Length, Werkzeug stops reading at the limit: the cut text must not run)."""
    body = request.get_data(cache=True)
    limit = request.max_content_length
    cut = request.content_length is None and limit is not None and len(body) >= limit
    if cut and request.environ["wsgi.input"].read(1):
        raise APIError(413, f"the body is over the {limit}-byte limit (KG_MAX_REQUEST_BYTES); send a shorter query")
    return body


def _posted_query() -> str:
    """The query of a POST: the body of application/sparql-query, or the `query` field of a form."""
    body = _body()  # read first: a form is then parsed from these same bytes
    if (
        request.mimetype == "application/sparql-update"
        or "update" in request.args
        or (request.mimetype == FORM and "update" in request.form)
    ):
        raise APIError(403, READ_ONLY)
    if request.mimetype in ("application/sparql-query", FORM):
        _check_charset()
    if request.mimetype == "application/sparql-query":
        return _utf8(body, "the body")
    if request.mimetype == FORM:
        _check_form_encoding(body, "the form")
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


# A browser (text/html above every RDF type) gets the editor; programs, `*/*` included, the description.
BROWSER_OFFERS = (*negotiation.GRAPH_OFFERS, negotiation.Offer("text/html", "text/html"))


def _editor_or_description():
    """GET /sparql without a query: the SPARQL editor for a browser, else the service description."""
    if not request.args.get("format") and negotiation.best(BROWSER_OFFERS) == "text/html":
        response = redirect(url_for("editor.page"), 303)
        response.vary.add("Accept")
        return response
    return service.respond()


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    """Answer a query; GET without one describes the service."""
    _check_form_encoding(request.query_string, "the URL")
    if request.method == "POST":
        query = _posted_query()
    else:
        if "update" in request.args:
            raise APIError(403, READ_ONLY)
        query = _one(request.args, "query")
        if query is None:
            return _editor_or_description()
    if not query.strip():
        raise APIError(400, "the query is empty; give a SPARQL query as `query`")
    fmt = request.args.get("format") or (request.form.get("format") if request.mimetype == FORM else None)
    return respond(query, {}, _graphs(), fmt)

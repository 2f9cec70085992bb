"""Canned queries as an API: `/queries` lists them (HTML or JSON), `/queries/<name>?param=...` runs one.

The same `.rq` files as the CLI (kg.queries.load_all); parameters are typed, validated and bound as
RDF terms by kg.queries, so a value can never change a query's structure.
"""

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from app import negotiation
from app.api.answer import respond
from app.errors import APIError
from kg.query.canned import CannedQuery, load_all

bp = Blueprint("canned", __name__)


def catalog() -> dict:
    """The canned queries by name, read once per application."""
    ext = current_app.extensions
    if "kg.canned" not in ext:
        ext["kg.canned"] = load_all(current_app.config["QUERIES"])
    return ext["kg.canned"]


def describe(q: CannedQuery) -> dict:
    """A canned query as JSON: name, title, description, URL and parameters."""
    params = [
        {
            "name": p.name,
            "type": p.type,
            "default": p.default,
            "optional": p.optional,
            "required": p.default is None and not p.optional,
            "description": p.description,
        }
        for p in q.params
    ]
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description.strip(),
        "url": url_for("canned.run", name=q.name),
        "parameters": params,
    }


@bp.get("/queries")
def index():
    """The list of canned queries: HTML for browsers, JSON for programs."""
    queries = [describe(q) for q in catalog().values()]
    if negotiation.best(negotiation.PAGE_OFFERS) == "text/html":
        return render_template("queries.html", queries=queries)
    return jsonify(queries=queries)


def given_params(q: CannedQuery) -> dict:
    """The query's parameters from the URL (`format` is the answer's format unless the query declares it)."""
    names = {p.name for p in q.params}
    given = {}
    for key in request.args:
        values = request.args.getlist(key)
        if key == "format" and key not in names:
            continue
        if len(values) > 1:
            raise APIError(400, f"parameter {key!r} is given {len(values)} times; give it once")
        given[key] = values[0]
    return given


@bp.get("/queries/<name>")
def run(name: str):
    """Run a canned query with the URL's parameters; 400 names a bad parameter."""
    q = catalog().get(name)
    if q is None:
        raise APIError(404, f"no canned query {name!r}; GET /queries lists them")
    declares_format = any(p.name == "format" for p in q.params)
    return respond(q.text, q.bindings(given_params(q)), None, None if declares_format else request.args.get("format"))

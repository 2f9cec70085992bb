"""The SPARQL editor at /editor: prefixes filled in, example queries, runs against /sparql."""

from flask import Blueprint, render_template, request

from app.pages import data
from kg.errors import KGError
from kg.query.canned import bind
from kg.rdf.namespaces import PREFIXES, sparql_prologue

bp = Blueprint("editor", __name__)

STARTER = "examples/start.rq"


@bp.get("/editor")
def page():
    """The editor, holding `?query=` when given, else the project's prefixes and a first query."""
    query = request.args.get("query") or sparql_prologue() + starter()
    return render_template(
        "editor.html", query=query, examples=examples(), prefixes={p: str(ns) for p, ns in PREFIXES.items()}
    )


def starter() -> str:
    """The query the editor opens with: a few labelled things in every language."""
    return (data.QUERIES / STARTER).read_text(encoding="utf-8")


def examples() -> list:
    """The canned queries as editor examples, their parameters bound to the defaults as VALUES."""
    out = []
    for query in data.canned().values():
        try:
            text = bind(query.text, query.bindings({}))
        except KGError:  # a required parameter without a default: show the query unbound
            text = query.text
        out.append({"name": query.name, "title": query.title, "sparql": sparql_prologue() + text})
    return out

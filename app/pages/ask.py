"""Canned-query pages at /ask/<name>: a form with typed inputs, the answer as a table, the SPARQL."""

from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from app.pages import data
from app.pages.common import not_found
from app.pages.terms import local_path, view
from kg.errors import KGError
from kg.query.canned import bind
from kg.rdf.namespaces import sparql_prologue

bp = Blueprint("ask", __name__)

INPUT_TYPES = {"date": "date", "integer": "number", "decimal": "number", "iri": "text", "string": "text"}


@bp.get("/ask")
def index():
    """The gallery of canned questions."""
    return render_template("ask_index.html", queries=data.canned().values())


@bp.get("/ask/<name>")
def form(name: str):
    """One question: its form (defaults filled in), its answer for the values given, its SPARQL."""
    query = data.canned().get(name)
    if query is None:
        return not_found(f"There is no question called “{name}”.")
    given = {p.name: request.args[p.name] for p in query.params if p.name in request.args}
    values = {p.name: given.get(p.name, p.default or "") for p in query.params}
    error, table, sparql = None, None, query.full_text
    try:
        bindings = query.bindings(given)
        sparql = sparql_prologue() + bind(query.text, bindings)
        table = result_table(data.run_canned(query, given))
    except KGError as e:
        error = str(e)
    downloads = download_links(name, given)
    status = 400 if error else 200
    return render_template(
        "ask.html",
        q=query,
        fields=fields(query, values),
        error=error,
        table=table,
        sparql=sparql,
        downloads=downloads,
        choices=choices(),
    ), status


def fields(query, values: dict) -> list:
    """The form's inputs: name, HTML input type, value, and help text."""
    return [
        {
            "name": p.name,
            "input": INPUT_TYPES[p.type],
            "type": p.type,
            "value": values[p.name],
            "step": "1" if p.type == "integer" else "any",
            "optional": p.optional,
            "description": p.description,
            "list": "things" if p.type == "iri" else None,
        }
        for p in query.params
    ]


def result_table(result) -> dict:
    """A SELECT answer as a table of term views (IRIs link to their pages), or an ASK's boolean."""
    if result.kind == "ask":
        return {"boolean": result.boolean, "variables": [], "rows": []}
    labels = data.labels()
    rows = [[view(term, labels) for term in row] for row in result.rows]
    return {"boolean": None, "variables": result.variables, "rows": rows}


def download_links(name: str, given: dict) -> list:
    """Links to the same answer as CSV and JSON from the canned-query API."""
    links = []
    for label, fmt in (("CSV", "csv"), ("JSON", "json")):
        links.append({"label": label, "href": f"/queries/{name}?" + urlencode({**given, "format": fmt})})
    return links


def choices() -> list:
    """Suggestions for IRI inputs: every labelled resource by its short name, with label and class."""

    def compute():
        out = []
        for iri, label in data.labels().items():
            path = local_path(iri)
            if path and "/" not in path:
                out.append({"value": path, "label": f"{label} ({data.type_label(iri) or 'thing'})"})
        return sorted(out, key=lambda c: c["value"])

    return data.cached("choices", compute)

"""The SPARQL editor at /editor: example queries, completion of prefixes and terms, runs against /sparql."""

import re

from flask import Blueprint, jsonify, render_template, request

from app.pages import data
from app.pages.terms import curie, href
from kg.errors import KGError
from kg.query.canned import bind
from kg.rdf.namespaces import ID, PREFIXES

bp = Blueprint("editor", __name__)

STARTER = "examples/start.rq"
LOCAL = re.compile(r"[A-Za-z_][\w-]*")  # a local name that needs no escaping in a prefixed name


@bp.get("/editor")
def page():
    """The editor, holding `?query=` when given, else a first query with the prefixes it uses."""
    query = request.args.get("query") or prologue(starter()) + starter()
    return render_template(
        "editor.html", query=query, examples=examples(), prefixes={p: str(ns) for p, ns in PREFIXES.items()}
    )


@bp.get("/editor/terms.json")
def terms():
    """What the editor completes: the prefixes, the classes and properties in use, the labelled things."""
    return jsonify(prefixes={p: str(ns) for p, ns in PREFIXES.items()}, terms=data.cached("editor-terms", completions))


@bp.app_template_global()
def outside_vocabularies() -> list:
    """The namespaces whose terms the pages link to at their own IRIs (as `terms.href` does), for scripts."""
    return [str(ns) for ns in PREFIXES.values() if href(f"{ns}x") == f"{ns}x"]


def completions() -> list:
    """Classes, properties and labelled things by prefixed name, with their labels, sorted by name."""
    labels = data.labels()
    found = {str(row["term"]): str(row["kind"]) for row in data.rows("editor-terms")}
    found.update({iri: "thing" for iri in labels if iri.startswith(str(ID)) and iri not in found})
    out = []
    for iri, kind in found.items():
        name = curie(iri)
        if name != iri and LOCAL.fullmatch(name.partition(":")[2]):
            out.append({"name": name, "label": labels.get(iri, ""), "kind": kind})
    return sorted(out, key=lambda t: t["name"])


def prologue(text: str) -> str:
    """Prefix declarations for the project prefixes a query's text uses (as `sparql_prologue` writes them)."""
    return "".join(f"prefix {p}: <{ns}>\n" for p, ns in PREFIXES.items() if re.search(rf"(?<![\w?$]){p}:", text))


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
        out.append({"name": query.name, "title": query.title, "sparql": prologue(text) + text})
    return out

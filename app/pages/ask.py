"""Canned-query pages at /ask/<name>: a form with typed inputs, the answer as a table, the SPARQL."""

from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from rapidfuzz import process

from app import i18n
from app.pages import data, pickers
from app.pages.common import not_found
from app.pages.terms import local_path, view
from kg.errors import KGError
from kg.query.canned import bind
from kg.rdf.namespaces import sparql_prologue

bp = Blueprint("ask", __name__)

INPUT_TYPES = {"date": "date", "integer": "number", "decimal": "number", "iri": "text", "string": "text"}
# The fields' names in words (a parameter not listed here is named after itself).
LABELS = {
    "ties": _l("Diplomatic ties"),
    "lang": _l("Language of the labels"),
    "from": _l("From"),
    "to": _l("Until"),
    "place": _l("Place"),
    "country": _l("Country"),
    "article": _l("Article"),
    "initiative": _l("Initiative"),
    "speaker": _l("Speaker"),
    "indicator": _l("Indicator"),
    "subject": _l("Thing"),
    "property": _l("Property"),
}


@bp.get("/ask")
def index():
    """The gallery of canned questions."""
    return render_template("ask_index.html", queries=data.canned().values())


@bp.get("/ask/<name>")
def form(name: str):
    """One question: its form (defaults filled in), its answer for the values given, its SPARQL.
    A bad or unknown value is named beside its field, and nothing is answered."""
    query = data.canned().get(name)
    if query is None:
        return not_found(_("There is no question called “%(name)s”.", name=name))
    unknown = sorted(set(request.args) - {form_name(p.name) for p in query.params} - {"lang"})
    given = {p.name: request.args[form_name(p.name)] for p in query.params if request.args.get(form_name(p.name))}
    if any(p.name == "lang" for p in query.params):
        given.setdefault("lang", i18n.current())  # labels in the interface language unless asked otherwise
    shown = fields(query, given)
    error, table, sparql = None, None, query.full_text
    if unknown:
        error = _("This question has no parameter “%(name)s”.", name=unknown[0])
    elif not any(f["error"] for f in shown):
        try:
            sparql = sparql_prologue() + bind(query.text, query.bindings(given))
            table = result_table(data.run_canned(query, given))
        except KGError as e:
            error = str(e)
    failed = error or any(f["error"] for f in shown)
    return render_template(
        "ask.html",
        q=query,
        fields=shown,
        error=error,
        table=table,
        sparql=sparql,
        downloads=download_links(name, given),
        choices=choices(),
    ), (400 if failed else 200)


def form_name(param: str) -> str:
    """The form's name for a parameter: `lang` is the interface's language, so the labels' is `labels`."""
    return "labels" if param == "lang" else param


def fields(query, given: dict) -> list:
    """The form's inputs: name, label in words, kind of input and its options, value, help and error."""
    return [field(query, p, given) for p in query.params]


def field(query, p, given: dict) -> dict:
    """One input; its error says what is wrong with the value given (a bad value, an unknown name)."""
    value = given.get(p.name, p.default or "")
    out = {
        "name": form_name(p.name),
        "label": LABELS.get(p.name) or p.name.replace("-", " ").capitalize(),
        "input": INPUT_TYPES[p.type],
        "value": value,
        "step": "1" if p.type == "integer" else "any",
        "optional": p.optional,
        "description": p.description,
        "options": None,
        "error": None,
    }
    if p.name == "lang":
        out |= {"input": "select", "options": pickers.languages()}
    elif p.type == "iri" and (cls := pickers.class_of(query, p.name)):
        out |= {"input": "select", "options": pickers.members(cls), "kind": data.labels().get(cls, "")}
    if p.name in given:
        out["error"] = problem(p, value, out)
    elif not p.optional and not value:
        out["error"] = _("Give a value.")
    return out


def problem(p, value: str, out: dict) -> str | None:
    """What is wrong with a given value, or None; an unknown name gets the closest known one selected."""
    try:
        p.term(value)
    except KGError as e:
        return str(e)
    options = out["options"]
    if not options or any(o["value"] == value for o in options):
        return None
    guess = process.extractOne(value, {i: o["label"] for i, o in enumerate(options)}, score_cutoff=60)
    if guess is None:
        return _("Nothing called “%(value)s” here; pick one from the list.", value=value)
    out["value"] = options[guess[2]]["value"]
    return _(
        "Nothing called “%(value)s” here; did you mean %(label)s? It is selected now.", value=value, label=guess[0]
    )


def result_table(result) -> dict:
    """A SELECT answer as a table of term views (IRIs link to their pages), or an ASK's boolean."""
    if result.kind == "ask":
        return {"boolean": result.boolean, "variables": [], "rows": []}
    labels = data.labels()
    rows = [[view(term, labels) for term in row] for row in result.rows]
    return {"boolean": None, "variables": result.variables, "rows": rows}


def download_links(name: str, given: dict) -> list:
    """Links to the same answer as CSV, TSV and JSON from the canned-query API."""
    links = []
    for label, fmt in (("CSV", "csv"), ("TSV", "tsv"), ("JSON", "json")):
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

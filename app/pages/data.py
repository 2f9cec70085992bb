"""The pages' queries: `.rq` files in app/pages/queries, run by the app's store, cached per app."""

from functools import cache
from pathlib import Path

from flask import current_app, has_request_context

from app import i18n
from app.pages import backend
from app.pages.terms import best_label
from kg.query.canned import CannedQuery, parse

QUERIES = Path(__file__).resolve().parent / "queries"
_CACHE = "dipkg.pages.cache"


@cache
def page_query(name: str) -> CannedQuery:
    """The page query `name` (app/pages/queries/<name>.rq), parsed once."""
    return parse(QUERIES / f"{name}.rq", canned=False)


def run(name: str, **given):
    """Run a page query with its parameters given as strings; returns a kg.store.Result."""
    query = page_query(name)
    return backend.execute(query.text, query.bindings(given))


def run_canned(query: CannedQuery, given: dict):
    """Run a public canned query with raw parameter values (InputError names a bad one)."""
    return backend.execute(query.text, query.bindings(given))


def rows(name: str, **given) -> list:
    """The rows of a page query as dicts from variable name to rdflib term."""
    result = run(name, **given)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def cached(key: str, compute):
    """A value computed once per app worker and interface language when the served graph cannot change
    (embedded stores), else computed anew each time (a remote store's data may change)."""
    if not backend.immutable():
        return compute()
    if has_request_context():  # page models hold labels, which come in the interface's language first
        key = f"{key}@{i18n.current()}"
    kept = current_app.extensions.setdefault(_CACHE, {})
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def labels() -> dict:
    """The best label of every labelled IRI: in the interface's language first, then the other, then any."""

    def compute():
        grouped = {}
        for row in rows("labels"):
            grouped.setdefault(str(row["thing"]), []).append(row["label"])
        prefer = i18n.label_order() if has_request_context() else i18n.LANGUAGES
        return {iri: best_label(found, prefer) for iri, found in grouped.items()}

    return cached("labels", compute)


def types() -> dict:
    """The most specific ontology class of every resource (IRI to class IRI), stated ones first."""

    def compute():
        found = {}
        for row in rows("types"):  # ordered so that a stated class comes before an inferred one
            found.setdefault(str(row["thing"]), str(row["type"]))
        return found

    return cached("types", compute)


def type_label(iri: str) -> str:
    """The label of a resource's most specific class, or an empty string."""
    cls = types().get(iri)
    return labels().get(cls, cls.rsplit("#", 1)[-1]) if cls else ""


def canned() -> dict:
    """The public canned queries by name, as the endpoint serves them."""
    return backend.canned_queries()

"""The pages' queries: `.rq` files in app/pages/queries, run by the app's store, cached per app."""

from functools import cache
from pathlib import Path

from flask import current_app, g, has_app_context, has_request_context
from rdflib import URIRef

from app import i18n
from app.pages import backend
from app.pages.terms import best_label
from kg.query.canned import CannedQuery, parse, where_group

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


def solutions(name: str, **given) -> list:
    """The rows of a page query as tuples of pyoxigraph terms, in the order of its SELECT (backend.solutions)."""
    query = page_query(name)
    return backend.solutions(query.text, query.bindings(given))


def rows_for(name: str, var: str, iris) -> list:
    """The rows of a page query for many IRIs at once, bound to ?`var` by a VALUES block that opens its
    WHERE group (one round trip for all of them); no IRIs, no rows."""
    iris = list(dict.fromkeys(map(str, iris)))
    if not iris:
        return []
    query = page_query(name).text
    at = where_group(query) or 0
    values = " ".join(URIRef(iri).n3() for iri in iris)
    result = backend.execute(f"{query[:at]}\n  VALUES ?{var} {{ {values} }}{query[at:]}", {})
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def run_canned(query: CannedQuery, given: dict):
    """Run a public canned query with raw parameter values (InputError names a bad one)."""
    return backend.execute(query.text, query.bindings(given))


def rows(name: str, **given) -> list:
    """The rows of a page query as dicts from variable name to rdflib term."""
    result = run(name, **given)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def cached(key: str, compute):
    """A value computed once per app worker and interface language when the served graph cannot change
    (embedded stores), else once per request (a remote store's data may change between requests). Within a
    request it is looked up once: pages ask for labels and types per value shown."""
    memo = g.setdefault(_CACHE, {}) if has_app_context() else {}
    if key not in memo:
        memo[key] = _kept(key, compute)
    return memo[key]


def _kept(key: str, compute):
    """The value of `key` kept by this worker for an immutable graph, computed now if need be."""
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
    return type_labels().get(iri, "")


def type_labels() -> dict:
    """The label of every typed resource's most specific class (its local name if it has none)."""

    def compute():
        names = labels()
        return {iri: names.get(cls, cls.rsplit("#", 1)[-1]) for iri, cls in types().items()}

    return cached("type-labels", compute)


def canned() -> dict:
    """The public canned queries by name, as the endpoint serves them."""
    return backend.canned_queries()

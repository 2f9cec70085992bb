"""How RDF terms look on pages: IRIs as links with a label, literals with their language or type."""

from typing import overload
from urllib.parse import urlencode

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.rdf.namespaces import ID, PREFIXES

# Longest namespace first, so that `id:` wins over a shorter namespace that happens to prefix it.
_BY_LENGTH = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda item: -len(item[0]))
# Vocabularies documented at their own IRIs: links to their terms go there.
_OUTSIDE = tuple(
    str(PREFIXES[p]) for p in ("rdf", "rdfs", "owl", "xsd", "oa", "prov", "skos", "dcterms", "schema", "sem")
)
_PLAIN_TYPES = {str(XSD.string), str(XSD.integer), str(XSD.decimal), str(XSD.boolean), str(XSD.date)}


def curie(iri: str) -> str:
    """The prefixed name of an IRI in the project's namespaces, or the IRI itself."""
    for ns, prefix in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def local_path(iri: str) -> str | None:
    """The path of a resource IRI under the resource namespace (`russia` for id:russia), else None."""
    base = str(ID)
    return iri[len(base) :] if iri.startswith(base) and len(iri) > len(base) else None


def href(iri: str) -> str:
    """Where a link to an IRI goes: /id/<path> for resources, the IRI itself for a term of an outside
    vocabulary (rdfs:label, oa:hasSelector, sem:Event: its own documentation), /resource?iri=... for any
    other (dip: terms, Wikidata items)."""
    path = local_path(iri)
    if path is not None:
        return "/id/" + path
    if iri.startswith(_OUTSIDE):
        return iri
    return "/resource?" + urlencode({"iri": iri})


def doc_id(article_iri: str) -> str | None:
    """The document id of an article IRI (id:article/<doc>) or of an article graph (id:graph/<doc>)."""
    path = local_path(str(article_iri)) or ""
    head, _, doc = path.partition("/")
    return doc if head in ("article", "graph") and doc and "/" not in doc else None


def article_iri(doc: str) -> str:
    """The IRI of an article from its document id."""
    return str(ID[f"article/{doc}"])


@overload
def view(term: None, labels: dict | None = None) -> None: ...
@overload
def view(term: Identifier, labels: dict | None = None) -> dict: ...
def view(term, labels=None):
    """A JSON-friendly description of an RDF term for templates and scripts."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        iri = str(term)
        name = curie(iri)
        return {"kind": "iri", "value": iri, "curie": name, "href": href(iri), "text": (labels or {}).get(iri) or name}
    if isinstance(term, BNode):
        return {"kind": "bnode", "value": str(term), "text": "_:" + str(term)}
    return literal_view(term)


def literal_view(term: Literal) -> dict:
    """A literal's text with its language tag or, unless plain, its datatype as a prefixed name."""
    datatype = str(term.datatype) if term.datatype else None
    shown_type = curie(datatype) if datatype and datatype not in _PLAIN_TYPES else None
    return {
        "kind": "literal",
        "value": str(term),
        "text": str(term),
        "lang": term.language,
        "datatype": shown_type,
        "long": len(str(term)) > 400,
    }


def best_label(labels: list, prefer: tuple = ("en", "nl")) -> str | None:
    """The label in the first preferred language that has one, else any label, else None."""
    by_lang: dict[str, str] = {}
    for label in labels:
        by_lang.setdefault((getattr(label, "language", None) or "").lower(), str(label))
    for lang in prefer:
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()), None)


def python_value(term):
    """A plain Python value for a literal (int, str, date as ISO text), the text of an IRI, or None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, bool)):
            return value
        return str(term)
    return str(term)

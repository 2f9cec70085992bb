"""The IRIs of the graph's own resources, built in one place: articles, text spans, statements.

Every IRI is deterministic (no blank nodes): two builds of the same seeds give the same IRIs.
A statement node's IRI is its subject's id and the first 16 hex digits of the SHA-256 of the
N-Quads line of the triple it describes, in the named graph of the article that asserts it, so
anyone can compute it back from the triple and the article:

    id:russia, sha256("<s> <p> <o> <graph> .")  ->  https://dipkg.example.org/id/statement/russia/<16 hex>

The graph is in the hash because an article's evidence is its own: the same triple stated by two
articles has two statement nodes, each with its own span and basis. The subject's id is in the
path so that a statement sorts, and is validated in a chunk (kg.validate), with its subject.
"""

import hashlib
import re

from rdflib import URIRef

from kg.errors import InputError
from kg.rdf.namespaces import ID
from kg.rdf.terms import ox_term

STATEMENT_HEX = 16
STATEMENTS = "statement/"
ID_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
ID_RULE = (
    "an id is 1 to 200 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit (e.g. sergei-lavrov)"
)


def check_id(value, what: str, where: str) -> str:
    """`value` if it can be the last segment of an IRI id:<id> (and of the IRIs made from it), else InputError."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be a text (quote a number), not {value!r:.60}: {ID_RULE}", where)
    if not ID_TEXT.fullmatch(value):
        raise InputError(f"{what} {value!r:.60} cannot be part of an IRI: {ID_RULE}", where)
    return value


def article_iri(doc_id: str) -> URIRef:
    """The IRI of an article node."""
    return ID[f"article/{doc_id}"]


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    """The IRI of the text span [start, end) of an article (code points, end exclusive)."""
    return ID[f"span/{doc_id}/{start}-{end}"]


def nquad(s, p, o, g) -> str:
    """The N-Quads line of a quad of rdflib terms, without its line break."""
    return f"{ox_term(s)} {ox_term(p)} {ox_term(o)} {ox_term(g)} ."


def statement_iri(s, p, o, g) -> URIRef:
    """The IRI of the statement node of triple (s, p, o), s in the id namespace, as asserted in named graph `g`."""
    digest = hashlib.sha256(nquad(s, p, o, g).encode("utf-8")).hexdigest()
    return ID[f"{STATEMENTS}{str(s)[len(ID) :]}/{digest[:STATEMENT_HEX]}"]


def statement_subject(iri: str) -> str | None:
    """The IRI of the subject of a statement node, read off the statement's IRI (None for another IRI)."""
    prefix = f"{ID}{STATEMENTS}"
    if not iri.startswith(prefix) or "/" not in iri[len(prefix) :]:
        return None
    return f"{ID}{iri[len(prefix) :].rsplit('/', 1)[0]}"

"""A remote SPARQL endpoint as a store, through SPARQLWrapper: same interface, same Result."""

import json
import urllib.error

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.errors import InputError, ReadOnly, RemoteError
from kg.query.canned import bind
from kg.query.results import Result, cut
from kg.rdf.namespaces import sparql_prologue
from kg.rdf.terms import to_rdflib

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class RemoteStore:
    """Queries sent to a SPARQL endpoint at `url`; slow or unreachable endpoints become RemoteError."""

    immutable, offline = False, False

    def __init__(self, url: str, timeout: float = 5.0):
        if not url or not url.startswith(("http://", "https://")):
            raise InputError(f"the remote store needs an http(s) URL, not {url!r} (set KG_REMOTE_URL)")
        self.url, self.timeout = url, timeout

    def query(self, sparql: str, bindings: dict | None = None, graphs=None, limit: int | None = None) -> Result:
        """Run a query at the endpoint and return its answer as rdflib terms, at most `limit` rows or triples."""
        client = self._client(sparql_prologue() + bind(sparql, bindings or {}), graphs)
        raw = self._fetch(client)
        if client.queryType in ("SELECT", "ASK"):
            return _solutions(json.loads(raw), limit)
        triples, more = cut(ox.parse(raw, format=ox.RdfFormat.TURTLE), limit)
        return Result(
            "graph",
            triples=[tuple(map(to_rdflib, (t.subject, t.predicate, t.object))) for t in triples],
            truncated=more,
        )

    def _client(self, text: str, graphs) -> SPARQLWrapper:
        """A SPARQLWrapper for one query: POST, JSON results or Turtle graphs, the store's timeout."""
        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        if client.queryType not in QUERY_FORMS:
            raise ReadOnly(f"this endpoint only answers queries; SPARQL Update ({client.queryType}) is refused")
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setTimeout(self.timeout)
        client.setReturnFormat(JSON if client.queryType in ("SELECT", "ASK") else TURTLE)
        for g in graphs.default if graphs else ():
            client.addDefaultGraph(g)
        for g in graphs.named if graphs else ():
            client.addNamedGraph(g)
        return client

    def _fetch(self, client: SPARQLWrapper) -> bytes:
        """The endpoint's answer as bytes; every failure as InputError (bad query) or RemoteError."""
        try:
            with client.query().response as response:
                return response.read()
        except QueryBadFormed as e:
            raise InputError(_remote_detail(e)) from None
        except SPARQLWrapperException as e:
            raise RemoteError(f"the remote store at {self.url} failed: {_remote_detail(e)}") from None
        except TimeoutError:
            raise RemoteError(f"the remote store at {self.url} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as e:
            raise RemoteError(f"cannot reach the remote store at {self.url}: {e.reason}") from None
        except OSError as e:
            raise RemoteError(f"cannot reach the remote store at {self.url}: {e}") from None


def _remote_detail(error: SPARQLWrapperException) -> str:
    """The endpoint's own message from an error response: its JSON `detail`, else its text."""
    body = getattr(error, "response", None) or b""
    text = body.decode("utf-8", "replace").strip() if isinstance(body, bytes) else str(body)
    try:
        return json.loads(text)["error"]["detail"]
    except (ValueError, KeyError, TypeError):
        return text or error.msg


def _solutions(data: dict, limit: int | None) -> Result:
    """SPARQL JSON results as a Result."""
    if "boolean" in data:
        return Result("ask", boolean=bool(data["boolean"]))
    names = data["head"]["vars"]
    rows, more = cut(iter(data["results"]["bindings"]), limit)
    return Result("select", names, [tuple(_term(b.get(n)) for n in names) for b in rows], truncated=more)


def _term(cell: dict | None):
    """One SPARQL JSON results term as an rdflib term."""
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = cell.get("datatype")
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    return Literal(value, datatype=URIRef(datatype) if datatype and datatype != str(XSD.string) else None)

"""A remote SPARQL endpoint as a store, through SPARQLWrapper: same interface, same Result."""

import json
import urllib.error

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.errors import InputError, ReadOnly, RemoteError
from kg.query.canned import bind
from kg.query.results import Queryable
from kg.rdf.namespaces import sparql_prologue

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class RemoteStore(Queryable):
    """Queries sent to a SPARQL endpoint at `url`; slow or unreachable endpoints become RemoteError."""

    immutable, offline = False, False

    def __init__(self, url: str, timeout: float = 5.0):
        if not url or not url.startswith(("http://", "https://")):
            raise InputError(f"the remote store needs an http(s) URL, not {url!r} (set KG_REMOTE_URL)")
        self.url, self.timeout = url, timeout

    def evaluate(self, sparql: str, bindings: dict | None = None, graphs=None, base_iri: str | None = None):
        """Run a query at the endpoint; its answer read by pyoxigraph (SPARQL JSON results or Turtle)."""
        base = f"BASE <{ox.NamedNode(base_iri).value}>\n" if base_iri else ""
        client = self._client(base + sparql_prologue() + bind(sparql, bindings or {}), graphs)
        raw = self._fetch(client)
        try:
            if client.queryType in ("SELECT", "ASK"):
                return ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
            return (quad.triple for quad in ox.parse(raw, format=ox.RdfFormat.TURTLE))
        except SyntaxError as e:
            raise RemoteError(f"the remote store at {self.url} sent an answer that does not parse: {e}") from None

    def _client(self, text: str, graphs) -> SPARQLWrapper:
        """A SPARQLWrapper for one query: POST, JSON results or Turtle graphs, the store's timeout."""
        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        if client.queryType not in QUERY_FORMS:
            raise ReadOnly(f"this endpoint only answers queries; SPARQL Update ({client.queryType}) is refused")
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setTimeout(self.timeout)  # type: ignore[arg-type]  # typed int; urllib takes seconds as a float
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

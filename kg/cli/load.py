"""Push the dump into a remote triple store with the SPARQL 1.1 Graph Store Protocol, named graphs kept.

Each named graph is replaced with one HTTP PUT (`?graph=IRI`); a graph bigger than `CHUNK` triples
is sent as a PUT of its first chunk and POSTs (merge) of the rest, so no request body is huge.
A store that asks for a password answers a request with 401 before it reads the body, and may close
the connection while a big body is still being sent ("Broken pipe"). So the first request is an
empty POST that meets the challenge, and every later request is signed before it is sent.
Every request has a timeout, and every failure becomes a `RemoteError` that says what to check.
Afterwards the store's SPARQL endpoint is asked for its triples per graph (the canned
`graph-counts` query), and a graph whose count differs from the dump's is an error.
"""

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RemoteError
from kg.query import canned as queries

TIMEOUT = 60.0
CHUNK = 100_000
NTRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"


def graphs_of(nquads: Path) -> dict:
    """The dump's triples grouped by graph IRI (None for the default graph), graphs in IRI order."""
    groups = defaultdict(list)
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        groups[name].append(quad.triple)
    return dict(sorted(groups.items(), key=lambda kv: kv[0] or ""))


def graph_url(store: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph: `?graph=IRI`, or `?default` for the default graph."""
    sep = "&" if urllib.parse.urlsplit(store).query else "?"
    return store + sep + (urllib.parse.urlencode({"graph": graph}) if graph else "default")


def opener(user: str | None, urls=()) -> urllib.request.OpenerDirector:
    """A URL opener that answers HTTP Digest or Basic challenges from `urls` with `user` ("NAME:PASSWORD")."""
    if not user:
        return urllib.request.build_opener()
    name, _, password = user.partition(":")
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        passwords.add_password(None, url, name, password)
    return urllib.request.build_opener(_SignedDigest(passwords), _BasicAuth(passwords))


class _SignedDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once challenged, signs every later request before sending its body."""

    challenge: dict | None = None

    def retry_http_digest_auth(self, req, auth):
        """Answer a challenge as urllib does, and keep it to sign the requests that follow."""
        challenge = auth.split(" ", 1)[1]
        self.challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):
        """Sign a request with the last challenge (for the URLs that have a password; others go as they are)."""
        signature = self.get_authorization(req, self.challenge) if self.challenge else None
        if signature and not req.has_header(self.auth_header):
            req.add_unredirected_header(self.auth_header, f"Digest {signature}")
        return req

    https_request = http_request


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Basic authentication that lets a Digest challenge pass instead of raising ValueError."""

    def http_error_401(self, req, fp, code, msg, headers):
        """Answer a Basic challenge; leave any other scheme to the other handlers."""
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:
            return None


def request(op, method: str, url: str, body: bytes | None, headers: dict, timeout: float) -> bytes:
    """Send one HTTP request and return the body of its answer, or raise RemoteError saying what went wrong."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with op.open(req, timeout=timeout) as res:
            return res.read()
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read(300).decode("utf-8", "replace").split()[:40])
        raise RemoteError(
            f"{method} {url} answered HTTP {e.code} {e.reason}{': ' + detail if detail else ''}. "
            "Is it the store's endpoint, and does it allow writes (--user)?"
        ) from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise _timeout(method, url, timeout) from None
        raise RemoteError(f"cannot reach {url}: {e.reason}. Is the store running, and is the URL right?") from None
    except TimeoutError:
        raise _timeout(method, url, timeout) from None
    except (http.client.HTTPException, ConnectionError, ValueError) as e:
        raise RemoteError(f"{method} {url} failed: {e}") from None


def _timeout(method: str, url: str, timeout: float) -> RemoteError:
    return RemoteError(
        f"{method} {url}: no answer within {timeout:g} s; is the store overloaded? Raise the limit with --timeout"
    )


def put_graph(op, store: str, graph: str | None, triples: list, timeout: float) -> None:
    """Replace one graph of the store with `triples`: PUT the first chunk, POST the others."""
    url = graph_url(store, graph)
    for i in range(0, max(len(triples), 1), CHUNK):
        body = ox.serialize(triples[i : i + CHUNK], format=ox.RdfFormat.N_TRIPLES)
        request(op, "PUT" if i == 0 else "POST", url, body, {"Content-Type": NTRIPLES}, timeout)


def remote_counts(op, endpoint: str, timeout: float) -> dict:
    """Triples per named graph as the store's SPARQL endpoint reports them (canned query `graph-counts`)."""
    q = queries.load_all()["graph-counts"]
    body = urllib.parse.urlencode({"query": q.full_text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON}
    raw = request(op, "POST", endpoint, body, headers, timeout)
    try:
        rows = json.loads(raw)["results"]["bindings"]
        return {r["graph"]["value"]: int(r["triples"]["value"]) for r in rows}
    except (ValueError, KeyError, TypeError):
        raise RemoteError(f"{endpoint} did not answer with SPARQL JSON results; is it a SPARQL endpoint?") from None


def check_counts(sent: dict, found: dict, endpoint: str) -> None:
    """Raise RemoteError naming the first graph whose triple count in the store differs from the dump's."""
    for graph, triples in sent.items():
        if graph is not None and found.get(graph, 0) != len(triples):
            raise RemoteError(
                f"graph <{graph}> has {found.get(graph, 0)} triples at {endpoint}, the dump has {len(triples)}"
            )


def load(
    dump_dir: Path,
    to: str,
    graph_store: str | None = None,
    user: str | None = None,
    timeout: float = TIMEOUT,
    log=print,
) -> dict:
    """Put every graph of `dump_dir/kg.nq` into the store at `to`; return {graph: triples sent}."""
    for url in (to, graph_store or to):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https") or not urllib.parse.urlsplit(url).netloc:
            raise RemoteError(
                f"{url!r} is not an http(s) URL; give the store's endpoint, e.g. http://localhost:8890/sparql"
            )
    nquads = Path(dump_dir) / "kg.nq"
    if not nquads.exists():
        raise RemoteError(f"{nquads} does not exist; run `kg build` first")
    store, groups = graph_store or to, graphs_of(nquads)
    op = opener(user, (to, store))
    # an empty merge first: a password challenge (or a refusal) comes before any big body is sent
    request(op, "POST", graph_url(store, next(iter(groups), None)), b"", {"Content-Type": NTRIPLES}, timeout)
    for graph, triples in groups.items():
        put_graph(op, store, graph, triples, timeout)
        log(f"  {len(triples):>9} triples -> <{graph or 'default graph'}>")
    check_counts(groups, remote_counts(op, to, timeout), to)
    log(
        f"loaded {len(groups)} graphs, {sum(map(len, groups.values()))} triples, into {store}; "
        f"{to} reports the same counts"
    )
    return {g: len(t) for g, t in groups.items()}

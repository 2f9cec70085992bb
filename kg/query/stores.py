"""Stores behind one small interface: run SPARQL with bound parameters over the union of all graphs.

Every store has `evaluate(sparql, bindings=None, graphs=None, base_iri=None)`, the engine's answer as
pyoxigraph objects (kg.query.results), which the endpoint writes as it is, and
`query(sparql, bindings=None, graphs=None, limit=None, base_iri=None) -> Result` of rdflib terms.
`graphs` (a `Graphs`) is the SPARQL Protocol's dataset (`default-graph-uri`, `named-graph-uri`),
`limit` cuts the answer to that many rows or triples (`Result.truncated` then says so) and
`base_iri` resolves the query's relative IRIs. No store fetches anything for `FROM`, `FROM NAMED`
or `LOAD`; the rdflib store refuses SERVICE (rdflib would open `file:` URLs; pyoxigraph's SERVICE
client is held by the sandbox); SPARQL Update is refused (`ReadOnly`). A dump that does not parse
is an InputError.
"""

import fcntl
import os
import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.dump import digest as dump_digest
from kg.errors import InputError
from kg.query.canned import bind
from kg.query.results import Graphs, Queryable
from kg.rdf.namespaces import PREFIX_IRIS, PREFIXES
from kg.rdf.terms import to_oxigraph

NO_SERVICE = "this endpoint makes no outbound requests: SERVICE is refused (SERVICE SILENT goes on without it)"


def load(store: ox.Store, nquads: Path) -> ox.Store:
    """Fill a store with the N-Quads dump and, in its default graph, the RDF merge of its named graphs; return it.

    The merge is made from the store's own quads, graph by graph and streamed (millions of Python
    quads would not fit in memory), so its blank nodes are the named graphs' own: the bulk loader
    gives every blank node a new id, and parsing the file again would give it another.
    """
    try:
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, OSError) as e:
        raise InputError(f"{nquads} is not a readable N-Quads dump: {e}") from None
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for g in list(store.named_graphs())
        for q in store.quads_for_pattern(None, None, None, g)
    )
    return store


def on_disk(nquads: Path, folder: Path) -> ox.Store:
    """A read-only store of the dump kept in `folder`, made the first time (and again when the dump changed).

    It lives in `folder/<SHA-256 of kg.nq>`, made under a lock (server workers starting together
    make it once) in a folder of its own that is renamed into place when complete; stores of
    older dumps are then removed.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / dump_digest(nquads)
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                _make(nquads, folder, target)
        return ox.Store.read_only(str(target))
    except OSError as e:
        raise InputError(f"the store folder {folder} cannot be used: {e}") from None


def _make(nquads: Path, folder: Path, target: Path) -> None:
    """Load the dump into a new on-disk store at `target`; remove the stores of other dumps.

    Called under the lock: a `.making-*` folder already there was left by a maker that was killed.
    """
    for stale in folder.glob(".making-*"):
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=".making-", dir=folder))
    try:
        load(ox.Store(str(work)), nquads).optimize()  # compacted (queries run a third faster), then closed
        os.rename(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in folder.iterdir():
        if old != target and old.is_dir() and re.fullmatch(r"[0-9a-f]{64}", old.name):
            shutil.rmtree(old, ignore_errors=True)


class OxigraphStore(Queryable):
    """A pyoxigraph store of the N-Quads dump, in memory or kept on disk; the default graph is their RDF merge.

    pyoxigraph's `use_default_graph_as_union` answers a triple once per graph holding it, so a
    query would see Russia's type three times; the merge in the default graph has set semantics.
    In memory it is fastest; on disk (`folder`, see `on_disk`) it opens at once and takes little
    memory however big the graph, at a half to a third of the speed (bench/bench_scale.py).
    """

    immutable, offline = True, True

    def __init__(self, nquads: Path, folder: Path | None = None):
        self.store = load(ox.Store(), nquads) if folder is None else on_disk(nquads, folder)

    def evaluate(
        self, sparql: str, bindings: dict | None = None, graphs: Graphs | None = None, base_iri: str | None = None
    ):
        """Run a query; pyoxigraph's own answer (QueryBoolean, QuerySolutions or QueryTriples)."""
        text = bind(sparql, bindings or {})
        try:
            return self.store.query(text, base_iri=base_iri, prefixes=PREFIX_IRIS, **self._dataset(graphs))
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}") from None

    @staticmethod
    def _dataset(graphs: Graphs | None) -> dict:
        """pyoxigraph's dataset options: the request's graphs, else the query's FROM, else the merge."""
        if graphs is not None:
            return {
                "default_graph": [ox.NamedNode(g) for g in graphs.default],
                "named_graphs": [ox.NamedNode(g) for g in graphs.named],
            }
        return {}


class RdflibStore(Queryable):
    """rdflib's own engine over a Dataset whose default graph is the union of all graphs."""

    immutable, offline = True, True

    def __init__(self, nquads: Path):
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <unknown> is an empty graph, never a download
        self.dataset = Dataset(default_union=True)
        try:
            self.dataset.parse(nquads, format="nquads")
        except Exception as e:  # rdflib's parser raises several kinds
            raise InputError(f"{nquads} is not a readable N-Quads dump: {e}") from None

    def evaluate(
        self, sparql: str, bindings: dict | None = None, graphs: Graphs | None = None, base_iri: str | None = None
    ):
        """Run a query with rdflib's engine; its answer as pyoxigraph objects, as OxigraphStore gives them."""
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(bind(sparql, bindings or {}), initNs=PREFIXES, base=base_iri)
        except Exception as e:  # rdflib raises pyparsing errors and others for bad queries
            raise InputError(f"SPARQL error: {e}") from None
        if _services(prepared.algebra):
            raise InputError(NO_SERVICE)  # rdflib would open file: URLs, and its errors tell whether they exist
        if graphs is not None:
            prepared.algebra["datasetClause"] = _dataset_clause(graphs)
        res = self.dataset.query(prepared)
        if res.type in ("ASK", "SELECT"):
            return ox.parse_query_results(res.serialize(format="json"), format=ox.QueryResultsFormat.JSON)
        return (ox.Triple(*map(to_oxigraph, triple)) for triple in res)  # type: ignore[arg-type]  # graph rows


def _services(node) -> bool:
    """Whether rdflib's algebra of a query holds a SERVICE that is not SILENT (rdflib answers those with no
    solutions, opening nothing)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern" and "silent" not in node:
            return True
        return any(_services(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_services(v) for v in node)
    return False


def _dataset_clause(graphs: Graphs) -> list:
    """rdflib's algebra for FROM / FROM NAMED, to give a query the request's dataset."""
    from rdflib.plugins.sparql.parserutils import CompValue

    return [CompValue("DatasetClause", default=URIRef(g)) for g in graphs.default] + [
        CompValue("DatasetClause", named=URIRef(g)) for g in graphs.named
    ]


def open_store(kind: str, dump: Path, remote_url: str | None = None, timeout: float = 5.0, folder: Path | None = None):
    """The store a configuration names: `oxigraph` (on disk in `folder` if given) or `rdflib` over
    `dump/kg.nq`, or `remote`."""
    if kind == "remote":
        from kg.query.remote import RemoteStore

        return RemoteStore(remote_url or "", timeout)
    nquads = Path(dump) / "kg.nq"
    if not nquads.exists():
        raise InputError(f"{nquads} does not exist; run `kg build` first")
    return OxigraphStore(nquads, folder) if kind == "oxigraph" else RdflibStore(nquads)

"""Stores behind one small interface: run SPARQL with bound parameters over the union of all graphs.

Every store has `query(sparql, bindings=None, graphs=None, limit=None) -> Result`, where `graphs`
(a `Graphs`) is the SPARQL Protocol's dataset (`default-graph-uri`, `named-graph-uri`) and `limit`
cuts the answer to that many rows or triples (`Result.truncated` then says so). No store fetches
anything for `FROM`, `FROM NAMED` or `LOAD`; SPARQL Update is refused (`ReadOnly`).
"""

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import InputError
from kg.query.canned import bind
from kg.query.results import Graphs, Result, cut
from kg.rdf.namespaces import PREFIX_IRIS, PREFIXES
from kg.rdf.terms import to_rdflib


def converter():
    """A to_rdflib that converts each distinct term once; terms repeat across an answer's rows.

    Building an rdflib Literal parses its lexical form (dates, decimals, ...), which is most of
    the cost of turning a pyoxigraph answer into rdflib terms.
    """
    memo = {}

    def convert(term):
        """The term as an rdflib term, from the memo if seen before."""
        try:
            return memo[term]
        except KeyError:
            memo[term] = value = to_rdflib(term)
            return value

    return convert


def load(store: ox.Store, nquads: Path) -> ox.Store:
    """Fill a store with the N-Quads dump and, in its default graph, their RDF merge; return it.

    The merge is streamed from the file, not listed from the store: millions of Python quads
    would not fit in memory.
    """
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    )
    return store


@lru_cache(maxsize=4)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """The SHA-256 of a file as it was at that size and time."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def dump_digest(nquads: Path) -> str:
    """The SHA-256 of the N-Quads dump (read once per process while the file is unchanged)."""
    st = Path(nquads).stat()
    return _sha256(str(nquads), st.st_size, st.st_mtime_ns)


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


class OxigraphStore:
    """A pyoxigraph store of the N-Quads dump, in memory or kept on disk; the default graph is their RDF merge.

    pyoxigraph's `use_default_graph_as_union` answers a triple once per graph holding it, so a
    query would see Russia's type three times; the merge in the default graph has set semantics.
    In memory it is fastest; on disk (`folder`, see `on_disk`) it opens at once and takes little
    memory however big the graph, at a half to a third of the speed (bench/bench_scale.py).
    """

    immutable, offline = True, True

    def __init__(self, nquads: Path, folder: Path | None = None):
        self.store = load(ox.Store(), nquads) if folder is None else on_disk(nquads, folder)

    def raw(self, sparql: str, bindings: dict | None = None, graphs: Graphs | None = None):
        """Run a query and return pyoxigraph's own result object."""
        text = bind(sparql, bindings or {})
        try:
            return self.store.query(text, prefixes=PREFIX_IRIS, **self._dataset(text, graphs))
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}") from None

    @staticmethod
    def _dataset(text: str, graphs: Graphs | None) -> dict:
        """pyoxigraph's dataset options: the request's graphs, else the query's FROM, else the merge."""
        if graphs is not None:
            return {
                "default_graph": [ox.NamedNode(g) for g in graphs.default],
                "named_graphs": [ox.NamedNode(g) for g in graphs.named],
            }
        return {}

    def query(
        self, sparql: str, bindings: dict | None = None, graphs: Graphs | None = None, limit: int | None = None
    ) -> Result:
        """Run a query and return its answer as rdflib terms, at most `limit` rows or triples."""
        res = self.raw(sparql, bindings, graphs)
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows, more = cut(res, limit)
            convert = converter()
            return Result("select", names, [tuple(map(convert, sol)) for sol in rows], truncated=more)
        triples, more = cut(res, limit)
        convert = converter()
        return Result(
            "graph",
            triples=[(convert(t.subject), convert(t.predicate), convert(t.object)) for t in triples],
            truncated=more,
        )


class RdflibStore:
    """rdflib's own engine over a Dataset whose default graph is the union of all graphs."""

    immutable, offline = True, True

    def __init__(self, nquads: Path):
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <unknown> is an empty graph, never a download
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(nquads, format="nquads")

    def query(
        self, sparql: str, bindings: dict | None = None, graphs: Graphs | None = None, limit: int | None = None
    ) -> Result:
        """Run a query and return its answer as rdflib terms, at most `limit` rows or triples."""
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(bind(sparql, bindings or {}), initNs=PREFIXES)
        except Exception as e:  # rdflib raises pyparsing errors and others for bad queries
            raise InputError(f"SPARQL error: {e}") from None
        if graphs is not None:
            prepared.algebra["datasetClause"] = _dataset_clause(graphs)
        res = self.dataset.query(prepared)
        if res.type == "ASK":
            return Result("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            rows, more = cut(res, limit)
            return Result("select", [str(v) for v in res.vars], [tuple(row) for row in rows], truncated=more)
        triples, more = cut(iter(res), limit)
        return Result("graph", triples=triples, truncated=more)


def _dataset_clause(graphs: Graphs) -> list:
    """rdflib's algebra for FROM / FROM NAMED, to give a query the request's dataset."""
    from rdflib.plugins.sparql.parserutils import CompValue

    return [CompValue("DatasetClause", default=URIRef(g)) for g in graphs.default] + [
        CompValue("DatasetClause", named=URIRef(g)) for g in graphs.named
    ]


def open_store(kind: str, dump: Path, remote_url: str | None = None, timeout: float = 5.0, folder: Path | None = None):
    """The store a configuration names: `oxigraph` (on disk in `folder` if given) or `rdflib` over `dump/kg.nq`, or `remote`."""
    if kind == "remote":
        from kg.query.remote import RemoteStore

        return RemoteStore(remote_url, timeout)
    nquads = Path(dump) / "kg.nq"
    if not nquads.exists():
        raise InputError(f"{nquads} does not exist; run `kg build` first")
    return OxigraphStore(nquads, folder) if kind == "oxigraph" else RdflibStore(nquads)

"""The query process's side (kg.query.runner starts it): open the store, then answer requests from a pipe.

What goes over the pipe: a `Request` in, an `Answer` out (the body already written in its media
type). An answer over the byte limit (`StoreSpec.answer_bytes`) is not sent: the child answers
TOO_BIG instead, and the runner replaces it, since writing the answer grew its memory.

A store in memory can be loaded once, before the server forks its workers (`preload`, done by
`kg serve`'s master): query processes forked from a worker then share its pages copy-on-write (a
query only reads them) and start at once, with nothing to load, however big the graph.
"""

import logging
import os
import signal
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kg import dump
from kg.errors import InputError, ReadOnly, RemoteError
from kg.query import formats, guard, sandbox
from kg.query.results import Graphs, Result, kind_of, to_result
from kg.query.stores import open_store

log = logging.getLogger(__name__)
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) is refused"
)
NO_NETWORK = (
    "this endpoint makes no outbound requests: SERVICE and graphs on other servers are not fetched "
    "(use SERVICE SILENT to go on without them)"
)


class Outcome(StrEnum):
    """How a request ended; the app decides what each means in HTTP (app/errors.py)."""

    OK = "ok"
    INVALID = "invalid"  # a syntax error or a bad parameter
    READ_ONLY = "read-only"  # a SPARQL Update
    NOT_ACCEPTABLE = "not-acceptable"  # no format the client takes fits the query's form
    OFFLINE = "offline"  # the query wanted the network (SERVICE), which the sandbox refused
    FAILED = "failed"  # the engine gave up while evaluating
    REMOTE = "remote"  # the remote store failed or could not be reached
    TOO_BIG = "too-big"  # the written answer is over the byte limit
    INTERNAL = "internal"  # a bug


@dataclass(frozen=True)
class StoreSpec:
    """Which store a child opens: its kind, the dump folder, for `remote` the URL and its timeout; the
    largest answer in bytes it sends (None: no limit) and the deepest query it parses."""

    kind: str = "oxigraph"
    dump: str = "dump"
    remote_url: str | None = None
    remote_timeout: float = 5.0
    store_dir: str | None = None  # an oxigraph store kept on disk there, instead of in memory
    answer_bytes: int | None = None
    nesting: int = 0  # the deepest nesting a query may have (kg.query.guard); 0: not checked


@dataclass(frozen=True)
class Request:
    """One query: SPARQL, bound terms, the request's dataset, the media type wanted per query form
    (None: not acceptable), a row limit, the base IRI for relative IRIs."""

    sparql: str
    bindings: dict = field(default_factory=dict)
    graphs: Graphs | None = None
    select_type: str | None = None
    graph_type: str | None = None
    limit: int | None = None
    raw: bool = False  # answer with the Result itself, for the server's own queries
    ask_type: str | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """The child's reply: how it ended and the body in its media type, or an error's detail."""

    outcome: Outcome
    body: bytes = b""
    media_type: str | None = None
    truncated: bool = False
    detail: str = ""
    result: Result | None = None


def is_update(sparql: str) -> bool:
    """Whether text that is not a query is a SPARQL Update with at least one operation (rdflib's parser, since
    pyoxigraph parses updates only to run them; nothing is run). Empty text or comments alone are no update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return "request" in parseUpdate(sparql)
    except Exception:  # pyparsing's errors, and others for odd input
        return False


OPERATOR_CHARS = sorted(set("".join(guard.OPERATORS)))


def shallow(sparql: str, limit: int) -> bool:
    """Whether a query surely nests no deeper than `limit` by kg.query.guard's measure, from counts of characters
    (in C: 0.007 ms of CPU for the README's 1990-ties query, whose scan takes 0.1 ms): every level is an open bracket
    or OPERATORS_PER_LEVEL operators, each operator at least one of their characters, wherever they stand."""
    brackets = sum(map(sparql.count, guard.OPEN))
    return brackets + sum(map(sparql.count, OPERATOR_CHARS)) / guard.OPERATORS_PER_LEVEL <= limit


def execute(store, req: Request, answer_bytes: int | None = None, nesting: int = 0) -> Answer:
    """Run one request on a store and write its answer (done in the child); errors become outcomes. A query
    nested deeper than `nesting` (if not 0) is INVALID before it is parsed (the parser would crash); one that is
    `shallow` enough is not scanned."""
    try:
        if nesting and not shallow(req.sparql, nesting):
            guard.check(req.sparql, nesting)
    except InputError as e:
        return Answer(Outcome.INVALID, detail=str(e))
    try:
        answer = store.evaluate(req.sparql, req.bindings, req.graphs, req.base_iri)
        return Answer(Outcome.OK, result=to_result(answer)) if req.raw else _written(answer, req, answer_bytes)
    except ReadOnly as e:
        return Answer(Outcome.READ_ONLY, detail=str(e))
    except InputError as e:
        return (
            Answer(Outcome.READ_ONLY, detail=READ_ONLY)
            if is_update(req.sparql)
            else Answer(Outcome.INVALID, detail=str(e))
        )
    except RemoteError as e:
        return Answer(Outcome.REMOTE, detail=str(e))
    except Exception as e:  # an error while evaluating: a refused connection, an engine's complaint
        if sandbox.is_blocked(e):
            return Answer(Outcome.OFFLINE, detail=NO_NETWORK)
        return Answer(Outcome.FAILED, detail=f"the query failed: {e}")


def _written(answer, req: Request, answer_bytes: int | None) -> Answer:
    """The engine's answer written in the media type the request wants for its form, or NOT_ACCEPTABLE,
    or TOO_BIG past `answer_bytes`."""
    kind = kind_of(answer)
    wanted = {"select": req.select_type, "ask": req.ask_type, "graph": req.graph_type}[kind]
    if wanted is None:
        what = "RDF triples" if kind == "graph" else f"{kind.upper()} results"
        offered = ", ".join(formats.offered(kind))
        return Answer(Outcome.NOT_ACCEPTABLE, detail=f"this query answers with {what}, available as {offered}")
    body, truncated = formats.write(answer, wanted, req.limit)
    if answer_bytes is not None and len(body) > answer_bytes:
        return Answer(
            Outcome.TOO_BIG,
            detail=f"the answer is {len(body):,} bytes, over this endpoint's limit of {answer_bytes:,} bytes; "
            "select fewer or shorter values, or add a LIMIT",
        )
    return Answer(Outcome.OK, body, wanted, truncated)


def _digest(spec: StoreSpec) -> str | None:
    """A hash of the data an embedded store serves, checked against the build's record; None for a remote store."""
    if spec.kind == "remote":
        return None
    nquads = Path(spec.dump) / "kg.nq"
    dump.check_record(nquads)  # a dump that does not parse fails to load
    return dump.digest(nquads)


def spec_of(settings: dict) -> StoreSpec:
    """The store the endpoint's settings name (kg.settings), and the largest answer it sends."""
    remote = settings["STORE"] == "remote"
    return StoreSpec(
        settings["STORE"],
        settings["DUMP"],
        settings["REMOTE_URL"] or None,
        settings["QUERY_TIMEOUT"],
        settings["STORE_DIR"] or None,
        None if remote else settings["ANSWER_BYTES"],
        settings["MAX_NESTING"],
    )


_loaded: dict[tuple, tuple] = {}  # preloaded stores: the store (None: opened by each query process), the digest


def _key(spec: StoreSpec) -> tuple:
    return spec.kind, str(Path(spec.dump).resolve()), spec.store_dir


def preload(spec: StoreSpec) -> None:
    """Check the dump (its SHA-256, once) and load a store held in memory (oxigraph without a store folder,
    rdflib) in this process, for the query processes forked from it and its forks to share. A store on disk
    is opened by each query process (RocksDB must not be opened before a fork; its files are shared by the
    page cache), which then has the digest already; a remote store is not preloaded."""
    if spec.kind == "remote" or _key(spec) in _loaded:
        return
    digest = _digest(spec)
    in_memory = not spec.store_dir
    _loaded[_key(spec)] = open_store(spec.kind, Path(spec.dump)) if in_memory else None, digest


def preloaded(spec: StoreSpec) -> bool:
    """Whether this process has checked the dump and loaded the store, so that query processes are forked."""
    return _key(spec) in _loaded


def _opened(spec: StoreSpec) -> tuple:
    """The store and the dump's digest: the preloaded ones, or opened (loaded) now."""
    store, digest = _loaded.get(_key(spec), (None, None))
    digest = digest or _digest(spec)
    if store is None:
        folder = Path(spec.store_dir) if spec.store_dir else None
        store = open_store(spec.kind, Path(spec.dump), spec.remote_url, spec.remote_timeout, folder)
    return store, digest


def _forget_worker(keep: int) -> None:
    """Undo what a query process forked from a server worker inherited: the worker's signal handlers and its
    files (clients' sockets, which must close when the worker closes them, and the listening socket)."""
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))


def serve(conn, spec: StoreSpec) -> None:
    """The child's life: block the network, load the store (unless it was preloaded before the fork), then answer
    requests until the pipe closes."""
    if preloaded(spec):
        _forget_worker(conn.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops this process
    unblocked = sandbox.block_network() if spec.kind != "remote" else "a remote store needs the network"
    try:
        store, digest = _opened(spec)
        conn.send(("ready", {"digest": digest, "network_blocked": unblocked is None, "why": unblocked}))
    except Exception as e:
        conn.send(("failed", str(e)))
        return
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = execute(store, req, spec.answer_bytes, spec.nesting)
        except Exception as e:
            log.exception("query failed")
            answer = Answer(Outcome.INTERNAL, detail=f"internal error: {type(e).__name__}: {e}")
        conn.send(answer)

"""Run queries in a child process that owns the store, so a query past its time limit can be stopped.

Neither engine can cancel a running query from Python: pyoxigraph's `Store.query` has no timeout
(only its Rust API and server have one) and rdflib evaluates in plain Python with no hook. So each
server worker keeps one child process: requests and formatted answers go over a pipe, and when an
answer is late the child is killed, a fresh one started, and the caller gets `QueryTimeout`.
The child of an embedded store also blocks its own network access (`kg.query.sandbox`).
"""

import logging
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kg.errors import EngineFailure, InputError, QueryTimeout, ReadOnly, RemoteError
from kg.query import formats, sandbox
from kg.query.results import Graphs, Result, kind_of, to_result
from kg.query.stores import dump_digest, open_store

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
    INTERNAL = "internal"  # a bug


@dataclass(frozen=True)
class StoreSpec:
    """Which store a child opens: its kind, the dump folder, for `remote` the URL and its timeout."""

    kind: str = "oxigraph"
    dump: str = "dump"
    remote_url: str | None = None
    remote_timeout: float = 5.0
    store_dir: str | None = None  # an oxigraph store kept on disk there, instead of in memory


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


def execute(store, req: Request) -> Answer:
    """Run one request on a store and write its answer (done in the child); errors become outcomes."""
    try:
        answer = store.evaluate(req.sparql, req.bindings, req.graphs, req.base_iri)
        return Answer(Outcome.OK, result=to_result(answer)) if req.raw else _written(answer, req)
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


def _written(answer, req: Request) -> Answer:
    """The engine's answer written in the media type the request wants for its form, or NOT_ACCEPTABLE."""
    kind = kind_of(answer)
    wanted = {"select": req.select_type, "ask": req.ask_type, "graph": req.graph_type}[kind]
    if wanted is None:
        what = "RDF triples" if kind == "graph" else f"{kind.upper()} results"
        offered = ", ".join(formats.offered(kind))
        return Answer(Outcome.NOT_ACCEPTABLE, detail=f"this query answers with {what}, available as {offered}")
    body, truncated = formats.write(answer, wanted, req.limit)
    return Answer(Outcome.OK, body, wanted, truncated)


def _digest(spec: StoreSpec) -> str | None:
    """A hash of the data an embedded store serves; None for a remote store, whose data may change."""
    if spec.kind == "remote":
        return None
    return dump_digest(Path(spec.dump) / "kg.nq")


def _child(conn, spec: StoreSpec) -> None:
    """The child's life: block the network, load the store, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops this process
    unblocked = sandbox.block_network() if spec.kind != "remote" else "a remote store needs the network"
    try:
        folder = Path(spec.store_dir) if spec.store_dir else None
        store = open_store(spec.kind, Path(spec.dump), spec.remote_url, spec.remote_timeout, folder)
        conn.send(("ready", {"digest": _digest(spec), "network_blocked": unblocked is None, "why": unblocked}))
    except Exception as e:
        conn.send(("failed", str(e)))
        return
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = execute(store, req)
        except Exception as e:
            log.exception("query failed")
            answer = Answer(Outcome.INTERNAL, detail=f"internal error: {type(e).__name__}: {e}")
        conn.send(answer)


def _context():
    """Where children come from: a fork server that has the store modules imported, else a fresh interpreter."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg.query.runner", "rdflib.plugins.sparql.parser"])
    return ctx


class Runner:
    """One child process that owns a store; `run` sends it a request and stops it at the time limit."""

    def __init__(self, spec: StoreSpec, timeout: float, start_timeout: float = 120.0):
        self.spec, self.timeout, self.start_timeout = spec, timeout, start_timeout
        self.info: dict | None = None
        self._proc: Any = None  # a multiprocessing Process and Connection, once started
        self._conn: Any = None
        self._owner: int | None = None
        self._lock = threading.RLock()

    def start(self) -> None:
        """Start the child if this process has none; it loads the store while the caller goes on."""
        if self._owner == os.getpid() and self._proc is not None and self._proc.is_alive():
            return
        if self._owner != os.getpid():
            self._proc = self._conn = None  # inherited through a fork: that child belongs to the parent
        self._kill()
        ctx = _context()
        self._conn, child_end = ctx.Pipe()
        self._proc = ctx.Process(target=_child, args=(child_end, self.spec), daemon=True, name="kg-query")
        self._proc.start()
        child_end.close()
        self._owner, self.info = os.getpid(), None

    def ready(self) -> dict:
        """Wait until the child has loaded the store; what it reported (digest, network_blocked)."""
        if self.info is not None and self._owner == os.getpid():
            return self.info  # a child that died since is noticed (and replaced) by `run`
        with self._lock:
            self.start()
            if self.info is None:
                self.info = self._await_ready()
                if self.spec.kind != "remote" and not self.info["network_blocked"]:
                    log.warning("queries are not kept off the network (%s): SERVICE may reach out", self.info["why"])
            return self.info

    def _await_ready(self) -> dict:
        """The child's ready message, or EngineFailure with why it did not come."""
        if not self._conn.poll(self.start_timeout):
            self._kill()
            raise EngineFailure(f"the store did not load within {self.start_timeout:g} s")
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            status, payload = "failed", "the query process died while loading the store"
        if status != "ready":
            self._kill()
            raise EngineFailure(f"the store could not be loaded: {payload}")
        return payload

    def run(self, request: Request) -> Answer:
        """The child's answer to one request; QueryTimeout past the limit, EngineFailure if the child died."""
        with self._lock:
            self.ready()
            self._conn.send(request)
            if not self._conn.poll(self.timeout):
                self._kill()
                self.start()
                raise QueryTimeout(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                    "narrow it down or add a LIMIT"
                )
            try:
                return self._conn.recv()
            except (EOFError, OSError):
                self._kill()
                self.start()
                raise EngineFailure("the query process stopped unexpectedly (out of memory?); try again") from None

    def _kill(self) -> None:
        """Stop this process's child at once, if it has one."""
        if self._proc is not None and self._owner == os.getpid():
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
        self._proc = self._conn = None

    def stop(self) -> None:
        """Stop the child (when the server worker exits)."""
        self._kill()

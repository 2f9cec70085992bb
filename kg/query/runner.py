"""Run queries in a child process that owns the store, so a query past its limits can be stopped.

Neither engine can cancel a running query from Python: pyoxigraph's `Store.query` has no timeout
(only its Rust API and server have one) and rdflib evaluates in plain Python with no hook. So each
server worker keeps child processes (kg.query.child): requests and formatted answers go over a
pipe, and the runner watches the child while it answers. A child that runs past the time limit,
grows past its memory limit (resident memory above what it held once the store was loaded), writes
an answer over the byte limit, or dies (a crash, the OOM killer, a kill while idle) is replaced by
a fresh one, and the caller gets a clear error; the next request goes to the new child. A query
nested deeper than the parser can take is refused by the child before it parses it (kg.query.guard), so
the scan runs beside the server worker, not in its turn.
The child of an embedded store also blocks its own network access (kg.query.sandbox). Once the
process has preloaded the store (kg.query.child.preload, done by `kg serve`'s master), children are
forks of it that share the store's pages, so a replacement answers within milliseconds.
"""

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from kg.errors import EngineFailure, MemoryLimit, QueryTimeout
from kg.query import child
from kg.query.child import (
    NO_NETWORK,
    READ_ONLY,
    Answer,
    Outcome,
    Request,
    StoreSpec,
    execute,
    preload,
    spec_of,
)

__all__ = [
    "NO_NETWORK",
    "READ_ONLY",
    "Answer",
    "Limits",
    "Outcome",
    "Request",
    "Runner",
    "StoreSpec",
    "execute",
    "preload",
    "spec_of",
]
log = logging.getLogger(__name__)
WATCH_SECONDS = 0.05  # how often a running query's memory is looked at
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds and bytes of memory above the loaded store (0: not checked)."""

    seconds: float = 5.0
    memory: int = 0


def _context(spec: StoreSpec):
    """Where children come from: a fork of this process when it has preloaded the store (child.preload), so
    they share it; else a fork server that has the store modules imported, else a fresh interpreter."""
    if child.preloaded(spec):
        return multiprocessing.get_context("fork")
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg.query.child", "rdflib.plugins.sparql.parser"])
    return ctx


class Resident:
    """A process's resident memory, from its /proc/PID/statm held open: read again after every query, a read
    takes 4 us (opening the file anew each time took 35 us)."""

    def __init__(self, pid: int | None = None):
        self._fd = -1
        if pid is not None:
            with contextlib.suppress(OSError):  # it has ended already
                self._fd = os.open(f"/proc/{pid}/statm", os.O_RDONLY)

    def bytes(self) -> int:
        """The process's resident bytes now (0 once it is gone)."""
        try:
            return int(os.pread(self._fd, 128, 0).split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            return 0

    def close(self) -> None:
        """Stop watching."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _death(exitcode: int | None) -> str:
    """How a child ended, for the log: the signal that killed it, or its exit code."""
    if exitcode is not None and exitcode < 0:
        return signal.Signals(-exitcode).name
    return f"exit code {exitcode}"


class Runner:
    """One child process that owns a store; `run` sends it a request and stops it past the limits."""

    def __init__(self, spec: StoreSpec, limits: Limits, start_timeout: float = 120.0):
        self.spec, self.limits, self.start_timeout = spec, limits, start_timeout
        self.info: dict | None = None
        self.failure: str | None = None  # why the last child could not load the store
        self._proc: Any = None  # a multiprocessing Process and Connection, once started
        self._conn: Any = None
        self._owner: int | None = None
        self._baseline = 0  # the child's resident bytes once the store was loaded
        self._memory = Resident()  # the child's resident memory, once started
        self._lock = threading.RLock()

    @property
    def pid(self) -> int | None:
        """The child's process id, once started."""
        return self._proc.pid if self._proc is not None else None

    @property
    def timeout(self) -> float:
        """The time limit per query, in seconds."""
        return self.limits.seconds

    def start(self) -> None:
        """Start the child if this process has none; it loads the store while the caller goes on. A child that
        ended after saying why it could not load is kept until that is read."""
        if self._owner == os.getpid() and self._proc is not None and (self._proc.is_alive() or self._unread()):
            return
        if self._owner != os.getpid():
            self._proc = self._conn = None  # inherited through a fork: that child belongs to the parent
        self._kill()
        ctx = _context(self.spec)
        self._conn, child_end = ctx.Pipe()
        self._proc = ctx.Process(target=child.serve, args=(child_end, self.spec), daemon=True, name="kg-query")
        self._proc.start()
        child_end.close()
        self._owner, self.info, self._memory = os.getpid(), None, Resident(self._proc.pid)

    def _unread(self) -> bool:
        """Whether a child that has not reported yet left its report in the pipe."""
        return self.info is None and self._conn.poll(0)

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

    def problem(self) -> str | None:
        """None when the child has loaded a sound store; else what is wrong (loading, failed), without waiting."""
        if self.info is not None and self._owner == os.getpid():
            return None
        if not self._lock.acquire(blocking=False):
            return self.failure or "the store is loading"
        try:
            self.start()
            if self._conn.poll(0):
                self.ready()
                return None
            return self.failure or "the store is loading"
        except EngineFailure as e:
            return str(e)
        finally:
            self._lock.release()

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
            self.failure = f"the store could not be loaded: {payload}"
            raise EngineFailure(self.failure)
        self._baseline, self.failure = self._memory.bytes(), None
        return payload

    def run(self, request: Request) -> Answer:
        """The child's answer to one request; QueryTimeout past the time limit, MemoryLimit past the memory
        limit, EngineFailure if the child died."""
        with self._lock:
            self._send(request)
            answer = self._receive()
            if answer.outcome == Outcome.TOO_BIG or self._over_memory():
                self._replace()  # the child kept what it grew by: the next query should not pay for it
            return answer

    def _send(self, request: Request) -> None:
        """Send a request to a live child: one that died while idle is replaced first."""
        self.ready()
        if not self._proc.is_alive():
            log.error("the query process %d had died (%s); starting a new one", self._proc.pid, self._ended())
            self._kill()
            self.ready()
        try:
            self._conn.send(request)
        except OSError:  # it died just now
            self._kill()
            self.ready()
            self._conn.send(request)

    def _receive(self) -> Answer:
        """The child's answer, watching its time and memory; a child past a limit, or dead, is replaced."""
        deadline = time.monotonic() + self.limits.seconds
        while not self._conn.poll(WATCH_SECONDS):
            if time.monotonic() > deadline:
                self._replace()
                raise QueryTimeout(
                    f"the query ran longer than the {self.limits.seconds:g} s limit and was stopped; "
                    "narrow it down or add a LIMIT"
                )
            if self._over_memory():
                self._replace()
                raise MemoryLimit(
                    f"the query took more than this endpoint's {self.limits.memory / 2**20:g} MiB of memory "
                    "and was stopped; narrow it down (fewer joins, no ORDER BY over everything) or add a LIMIT"
                )
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            log.error("the query process %d died (%s) while answering a query; starting a new one", *self._dead())
            self._replace()
            raise EngineFailure("the query process stopped unexpectedly; try again") from None

    def _over_memory(self) -> bool:
        """Whether the child holds more than the memory limit above what it held once the store was loaded."""
        return 0 < self.limits.memory < self._memory.bytes() - self._baseline

    def _dead(self) -> tuple[int, str]:
        """The pid of a child that has just died, and how it ended."""
        self._proc.join(5)
        return self._proc.pid, self._ended()

    def _ended(self) -> str:
        """How the child ended (the signal that killed it)."""
        return _death(self._proc.exitcode)

    def _replace(self) -> None:
        """Kill the child and start a fresh one (which shares the preloaded store, or loads it)."""
        pid = self._proc.pid
        self._kill()
        self.start()
        how = "loads the store"
        if child.preloaded(self.spec):
            how = "opens the store on disk" if self.spec.store_dir else "shares the loaded store (not loaded again)"
        log.warning("the query process %d was stopped; its successor %d %s", pid, self._proc.pid, how)

    def _kill(self) -> None:
        """Stop this process's child at once, if it has one."""
        if self._proc is not None and self._owner == os.getpid():
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
            self._memory.close()
        self._proc = self._conn = self.info = None
        self._memory = Resident()

    def stop(self) -> None:
        """Stop the child (when the server worker exits)."""
        self._kill()

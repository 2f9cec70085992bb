"""The scale benchmark's server part: `kg serve` over a dump, as a user starts it.

For each worker count: seconds from start to the first answer, then (once every query process runs) the
memory of the whole server, each page shared by several processes counted once (the sum of PSS,
bench/memory.py). Then how long after a query stopped at the time limit the next query is answered (its
query process is replaced), and how soon a server answers from a store prepared on disk.
"""

import threading
import time
from pathlib import Path

from bench.memory import tree_pss
from tests.server import SPARQL, Server

QUICK = (SPARQL / "serving" / "typed.rq").read_text()
SLOW = (SPARQL / "pathological.rq").read_text()  # runs until the time limit
LOAD_SECONDS = 900  # the most a store may take to load


def _answer(server: Server, sparql: str) -> int:
    return server.get(server.query_path(sparql), accept="application/json")[0]


def _started(workers: int, env: dict) -> tuple[Server, float]:
    """A running server and the seconds from its start to its first answer to a query."""
    start = time.perf_counter()
    server = Server(workers=workers, env={"KG_QUERY_TIMEOUT": "1", **env}).start(LOAD_SECONDS)
    if _answer(server, QUICK) != 200:
        _stop(server)
        raise RuntimeError(f"the server did not answer:\n{server.output()[-3000:]}")
    return server, round(time.perf_counter() - start, 2)


def _stop(server: Server) -> None:
    """Stop the server, however long its master takes to free a big store."""
    server.stop(timeout=LOAD_SECONDS)
    server.__exit__()


def _all_processes(server: Server, workers: int) -> None:
    """Send queries at once, so that every worker starts its second query process for clients."""
    threads = [threading.Thread(target=_answer, args=(server, SLOW)) for _ in range(4 * workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _replaced(server: Server) -> float:
    """Seconds from the answer to a query stopped at the time limit to the next query's answer."""
    if _answer(server, SLOW) != 503:
        raise RuntimeError("the slow query was not stopped")
    start = time.perf_counter()
    if _answer(server, QUICK) != 200:
        raise RuntimeError("no answer after a stopped query")
    return round(time.perf_counter() - start, 3)


def figures(dump: Path, store_dir: Path, workers: tuple = (1, 4)) -> dict:
    """The server's figures over `dump` (in memory) and over the store prepared in `store_dir`."""
    results: dict = {}
    for count in workers:
        server, results[f"start_{count}"] = _started(count, {"KG_DUMP": str(dump)})
        try:
            _all_processes(server, count)
            results[f"pss_mb_{count}"] = round(tree_pss(server.proc.pid) / 2**20)  # type: ignore[union-attr]
            results["replaced"] = _replaced(server)
        finally:
            _stop(server)
    server, results["disk_start"] = _started(2, {"KG_DUMP": str(dump), "KG_STORE_DIR": str(store_dir)})
    _stop(server)
    return results

"""Benchmark the real server over HTTP on 127.0.0.1: requests per second and p50/p99 latency per route.

Starts `kg serve` (gunicorn) like a user would, then sends each route a bounded number of requests (or
stops at a time bound) from client threads, each request on a new connection (gunicorn's sync workers
close them). The routes take turns in rounds, so a machine busy with something else slows them alike.
`/healthz`, a trivial Flask route, is measured in the same run as the ceiling; the goal is canned
queries at >= 0.5x that ceiling.

    .venv/bin/python -m bench.bench_endpoint [--requests 3000] [--seconds 20] [--threads 8] [--workers 2]
"""

import argparse
import http.client
import statistics
import threading
import time
import urllib.parse
from datetime import date, timedelta

from kg.query.canned import load_all
from tests.server import Server


def routes() -> list:
    """(name, function from request number to path): the ceiling first."""
    sparql = urllib.parse.urlencode({"query": load_all()["class-counts"].text})
    first = date(1990, 1, 1)
    return [
        ("/healthz (ceiling)", lambda i: "/healthz"),
        ("canned query", lambda i: "/queries/agreements-after-ties"),
        ("canned query, new parameters each time", lambda i: f"/queries/meetings?from={first + timedelta(days=i)}"),
        ("/sparql", lambda i: f"/sparql?{sparql}"),
    ]


def fetch(port: int, path: str) -> float:
    """One GET on a new connection; its latency in seconds (an error status is an error)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - start


def drive(port: int, path_of, requests: int, seconds: float, threads: int) -> tuple:
    """Send up to `requests` requests within `seconds` from `threads` threads; (latencies, elapsed)."""
    latencies, lock, counter = [], threading.Lock(), iter(range(requests))
    deadline = time.perf_counter() + seconds

    def client():
        """Send requests until the count or the time runs out."""
        while time.perf_counter() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            took = fetch(port, path_of(i))
            with lock:
                latencies.append(took)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, time.perf_counter() - start


def main(argv=None) -> None:
    """Start the server, warm it up, measure every route in rounds, print the table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=3000, help="requests per route (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=20.0, help="time bound per route (default: %(default)s)")
    p.add_argument("--threads", type=int, default=8, help="client threads (default: %(default)s)")
    p.add_argument("--workers", type=int, default=2, help="server workers (default: %(default)s)")
    p.add_argument("--rounds", type=int, default=3, help="turns each route takes (default: %(default)s)")
    args = p.parse_args(argv)
    print(
        f"kg serve --workers {args.workers}; {args.threads} client threads; up to {args.requests} requests "
        f"or {args.seconds:g} s per route, in {args.rounds} rounds\n"
    )
    measured: dict[str, tuple[list, float]] = {name: ([], 0.0) for name, _ in routes()}
    with Server(workers=args.workers) as server:
        for name, path_of in routes():
            for i in range(20):  # warm up: the query processes load, the answers are cached
                fetch(server.port, path_of(10**6 + i) if "new" in name else path_of(i))
        for r in range(args.rounds):
            for name, path_of in routes():
                latencies, elapsed = drive(
                    server.port,
                    lambda i, path_of=path_of, r=r: path_of(r * args.requests + i),
                    args.requests // args.rounds,
                    args.seconds / args.rounds,
                    args.threads,
                )
                measured[name] = (measured[name][0] + latencies, measured[name][1] + elapsed)
    report(measured)


def report(measured: dict) -> None:
    """Print requests/s, p50 and p99 per route, and each route's rate as a fraction of the ceiling's."""
    print(f"{'route':42} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x ceiling':>9}")
    ceiling = None
    for name, (latencies, elapsed) in measured.items():
        rate = len(latencies) / elapsed
        ceiling = ceiling or rate
        cuts = statistics.quantiles(latencies, n=100)
        print(
            f"{name:42} {len(latencies):8} {rate:8.0f} {cuts[49] * 1000:8.2f} {cuts[98] * 1000:8.2f} "
            f"{rate / ceiling:9.2f}"
        )


if __name__ == "__main__":
    main()

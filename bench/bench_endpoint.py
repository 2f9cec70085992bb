"""Side by side on 127.0.0.1: our server, Oxigraph's own server, rdflib-endpoint and a Flask hello-world.

    .venv/bin/python -m bench.bench_endpoint [--seconds 2] [--rounds 3] [--workers 2] [--connections 8 50]
        [--servers ours oxigraph rdflib-endpoint hello-world] [--cases 1 2 3 4]

All serve the same dump (bench/peers.py). wrk (Debian's `wrk`; `apt-get install wrk`) drives each with 2
threads, at 8 and at 50 connections, for `--seconds` per run: each query once with a distinct text per
request (a comment no other request has, so no answer cache helps) and the first once repeated as it is
(`--cases` picks some of these four by number, `--servers` some servers, for a quicker run). For every
case and connection count the servers take their turns one after the other, the hello-world ceiling too,
so the runs a ratio compares are seconds apart and a machine busy with something else slows them alike;
the table gives the median over the rounds (and the range) of answers per second (2xx: an error answer
is counted as an error, not as speed), the CPU time the server's processes used per answer (wrk's own
not included: on a shared machine the steadier figure), p50, p99, the errors, and the ratios ours /
Oxigraph server and ours / the hello-world ceiling, each taken within a round, in answers per second
and in CPU per answer (theirs / ours: the ratio of answers a second when the cores are the limit). The
client runs on the same cores as the servers. A server that answers nothing within a run shows 0
answers/s.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from bench.peers import Peer, peers
from kg import paths
from kg.query.canned import load_all
from kg.query.stores import on_disk

HERE = Path(__file__).resolve().parent
SPARQL = paths.ROOT / "tests" / "sparql"
SLOW_PEER = "rdflib-endpoint"  # tens of requests a second: measured at the first connection count only
SERVERS = ["ours", "oxigraph", "rdflib-endpoint", "hello-world"]  # the first word of each peer's name


def queries() -> dict[str, str]:
    """The bench queries, with their PREFIX lines (Oxigraph's server declares none)."""
    return {
        "the README's 1990-ties query": (SPARQL / "agreements-after-1990.rq").read_text(),
        "all properties of one resource": (SPARQL / "serving" / "resource-properties.rq").read_text(),
        "count per class": load_all()["class-counts"].full_text,
    }


def cases() -> list[tuple[str, str, bool]]:
    """(name, query, distinct): every query with distinct texts, then the first repeated."""
    named = list(queries().items())
    return [(name, text, True) for name, text in named] + [(f"{named[0][0]}, repeated", named[0][1], False)]


def wrk(peer: Peer, path: str, distinct: bool, connections: int, seconds: int) -> dict:
    """One wrk run: answers (2xx) per second, the server's CPU ms per answer, p50 and p99 in ms, errors (socket
    errors and non-2xx answers)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "wrk.lua")]
    command += [peer.url(path), "--", path, "distinct" if distinct else "same"]
    cpu = peer.cpu()
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    cpu = peer.cpu() - cpu
    figures = json.loads(out.strip().splitlines()[-1])
    answered = figures["requests"] - figures["non2xx"]
    per_answer = cpu * 1e3 / answered if answered else None
    return {**figures, "rate": answered / figures["seconds"], "cpu_ms": per_answer, "died": not peer.alive()}


def run_round(servers: list[Peer], chosen: list, args, record) -> None:
    """Every chosen case and connection count once, each server in turn (the ceiling answers its own page)."""
    for name, text, distinct in chosen:
        for connections in args.connections:
            for peer in servers:
                if peer.name == SLOW_PEER and connections != args.connections[0]:
                    continue
                peer.ensure()
                path, busting = peer.path(urllib.parse.quote(text)), distinct and peer.endpoint is not None
                record[(name, connections, peer.name)].append(wrk(peer, path, busting, connections, args.seconds))


def measure(args) -> dict:
    """Start the servers, warm them up, run the rounds; the wrk figures by (case, connections, server)."""
    record: dict = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        store = on_disk(args.dump / "kg.nq", Path(tmp))  # the merged store, made as `kg serve` makes it
        del store  # closed: Oxigraph's server opens it read-only
        (location,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        servers = [p for p in peers(args.dump, location, args.workers) if p.name.split()[0].lower() in args.servers]
        chosen = [case for n, case in enumerate(cases(), 1) if n in args.cases]
        try:
            for peer in servers:
                peer.start()
                for _, text, _ in chosen:
                    urllib.request.urlopen(peer.url(peer.path(urllib.parse.quote(text))), timeout=60).read()
            for r in range(args.rounds):
                print(f"round {r + 1} of {args.rounds}", file=sys.stderr)
                run_round(servers, chosen, args, record)
        finally:
            for peer in servers:
                peer.stop()
        record["restarts"] = {peer.name: peer.restarts for peer in servers}
    return record


def ratio(ours: list, theirs: list, by_cpu: bool = False) -> str:
    """The median and range of ours/theirs in answers a second, or of theirs/ours in CPU per answer, round by round."""
    if not theirs or any(t["died"] for t in theirs):
        return "(it aborted)" if theirs else ""
    pairs = zip(ours, theirs, strict=False)
    if by_cpu:
        each = sorted(t["cpu_ms"] / o["cpu_ms"] for o, t in pairs if o["cpu_ms"] and t["cpu_ms"])
    else:
        each = sorted(o["rate"] / t["rate"] for o, t in pairs if t["rate"])
    return f"{statistics.median(each):.2f} ({each[0]:.2f}-{each[-1]:.2f})" if each else ""


def _median_cpu(runs: list) -> str:
    """The median CPU ms per answer of some runs (blank if none answered)."""
    each = [r["cpu_ms"] for r in runs if r["cpu_ms"] is not None]
    return f"{statistics.median(each):.2f}" if each else ""


def report(record: dict, args) -> str:
    """The Markdown tables: per case, connections and server; then the ratios."""
    lines = [
        "| query | conns | server | answers/s (range) | CPU ms/answer | p50 ms | p99 ms | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for key, runs in record.items():
        if key == "restarts":
            continue
        name, conns, server = key
        rates = sorted(r["rate"] for r in runs)
        errors = sum(r["errors"] + r["non2xx"] for r in runs)
        p50, p99 = (statistics.median(r[k] for r in runs) for k in ("p50", "p99"))
        lines.append(
            f"| {name} | {conns} | {server} | {statistics.median(rates):,.0f} ({rates[0]:,.0f}-{rates[-1]:,.0f}) "
            f"| {_median_cpu(runs)} | {p50:.1f} | {p99:.1f} | {errors:,} |"
        )
    lines += [
        "",
        "| query | conns | ours / Oxigraph server | by CPU | ours / hello-world | by CPU |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, _, _ in cases():
        for conns in args.connections:
            ours = record.get((name, conns, "ours"), [])
            ox, hello = record.get((name, conns, "Oxigraph server"), []), record.get((name, conns, "hello-world"), [])
            if ours:
                figures = (ratio(ours, ox), ratio(ours, ox, True), ratio(ours, hello), ratio(ours, hello, True))
                lines.append(f"| {name} | {conns} | " + " | ".join(figures) + " |")
    restarts = {k: v for k, v in record["restarts"].items() if v}
    return "\n".join(lines) + (f"\n\nrestarted after aborting: {restarts}" if restarts else "")


def main(argv=None) -> None:
    """Measure and print the tables."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=2, help="seconds per wrk run (default: %(default)s)")
    p.add_argument("--rounds", type=int, default=3, help="rounds (default: %(default)s)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers, ours and the ceiling's")
    p.add_argument("--connections", type=int, nargs="+", default=[8, 50], help="connection counts")
    p.add_argument("--dump", type=Path, default=paths.DUMP, help="the dump folder (default: dump/)")
    p.add_argument("--servers", nargs="+", default=SERVERS, choices=SERVERS, help="the servers to run (default: all)")
    numbers = list(range(1, len(cases()) + 1))
    numbered = "; ".join(f"{n}: {name}" for n, (name, _, _) in zip(numbers, cases(), strict=True))
    p.add_argument("--cases", type=int, nargs="+", default=numbers, choices=numbers, help=f"(default: all) {numbered}")
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("bench_endpoint: wrk is not installed; `apt-get install wrk` (Debian) first")
    print(report(measure(args), args))


if __name__ == "__main__":
    main()

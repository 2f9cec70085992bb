"""Scale benchmark: build, reasoning, validation and query time and peak memory versus corpus size.

    make bench                                             # 1k, 10k and 100k events (installs matplotlib)
    .venv/bin/python -m bench.bench_scale 1000 10000       # chosen sizes (from the checkout)

Each size runs in three fresh processes, so each one's peak memory is its own: the largest sum
of the resident memory of the process and its workers, sampled every 0.1 s (bench/memory.py).
1. The pipeline: generate (the synthetic articles, bench/synth.py), then `kg build`'s own
   (kg.pipeline.run: build, reason, validate, dump).
2. Queries in memory: load the dump's N-Quads into our embedded store (kg.store.OxigraphStore),
   then run the canned queries (defaults bound) round after round through it (answers as
   rdflib terms) and on the pyoxigraph store inside it queried directly (every term of every
   row read): like with like, the same store and its merged default graph.
3. Queries on disk: the same with the store kept on disk (`kg --store-dir`), made from the dump.
4. The server (bench/serving.py): `kg serve` with 1 and 4 workers over the dump in memory, its memory (the
   sum of PSS) against one store's (the peak of the process in 2.), seconds to its first answer and to the
   answer after a query stopped at the time limit; and seconds to the first answer from the store on disk.
Prints three tables, writes bench/results.json and plots bench/scale.png (time versus quads).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from bench import serving

HERE = Path(__file__).resolve().parent
STAGES = ("generate", "build", "reason", "validate")
GOAL_SECONDS = 60


def timed(results: dict, name: str, fn, *args):
    """Run fn(*args), record its seconds under `name`, return its value."""
    start = time.perf_counter()
    value = fn(*args)
    results[name] = round(time.perf_counter() - start, 2)
    return value


def queries_per_second(run, canned: dict, seconds: float, bar) -> float:
    """Run every canned query (defaults bound) round after round for about `seconds`; queries per second."""
    count, start = 0, time.perf_counter()
    while count == 0 or time.perf_counter() - start < seconds:
        for q in canned.values():
            run(q)
            count += 1
            bar.update(1)
    return round(count / (time.perf_counter() - start), 2)


def query_stage(dump: Path, folder: Path | None, seconds: float) -> dict:
    """Open our store of the dump (in memory, or on disk in `folder`); canned queries per second, ours and direct."""
    from tqdm import tqdm

    from bench.memory import PeakMemory
    from kg.query import canned as queries
    from kg.query.canned import bind
    from kg.query.stores import OxigraphStore

    results: dict = {}
    canned = queries.load_all()
    texts = {n: bind(q.full_text, q.bindings({})) for n, q in canned.items()}
    with PeakMemory() as memory:
        ours = timed(results, "load", OxigraphStore, dump / "kg.nq", folder)
        direct = ours.store

        def run_direct(q):
            for row in direct.query(texts[q.name]):
                list(row)

        with tqdm(desc="queries", unit="q", leave=False) as bar:
            results["qps_ours"] = queries_per_second(lambda q: ours.query(q.text, q.bindings({})), canned, seconds, bar)
            results["qps_direct"] = queries_per_second(run_direct, canned, seconds, bar)
    results["mb"] = memory.mb
    return results


def pipeline_stage(events: int, seed: int, dump: Path) -> dict:
    """`kg build`'s pipeline on a synthetic corpus of `events` events, writing the dump into `dump`."""
    from tqdm import tqdm

    from bench import synth
    from bench.memory import PeakMemory
    from kg import pipeline

    results = {"events": events}
    with PeakMemory() as memory:
        # made in the call: the pipeline holds the only reference to the articles, as in `kg build`
        figures = pipeline.run(
            out=dump,
            articles=timed(results, "generate", synth.articles, events, seed, tqdm),
            log=lambda *a: print(*a, file=sys.stderr),
        )
    results.update(
        {k: figures[k] for k in ("build", "reason", "validate", "dump")},
        stated_quads=figures["stated"],
        quads=figures["stated"] + figures["inferred"],
        pipeline_mb=memory.mb,
    )
    return results


def table(rows: list) -> str:
    """The figures as two Markdown tables: the pipeline's, and the queries' in memory and on disk."""

    def lines(head, cells_of):
        return ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)] + [
            "| " + " | ".join(map(str, cells_of(r))) + " |" for r in rows
        ]

    pipeline = lines(
        (
            "events",
            "quads",
            "build s",
            "reason s",
            "validate s",
            "reason + validate s",
            "pipeline peak MB",
            "dump s",
            "dump µs a quad",
        ),
        lambda r: (
            f"{r['events']:,}",
            f"{r['quads']:,}",
            r["build"],
            r["reason"],
            r["validate"],
            round(r["reason"] + r["validate"], 2),
            f"{r['pipeline_mb']:,}",
            r["dump"],
            f"{r['dump'] / r['quads'] * 1e6:.2f}",
        ),
    )
    stores = lines(
        (
            "events",
            "in memory: load s",
            "q/s ours",
            "q/s pyoxigraph",
            "ours/direct",
            "peak MB",
            "on disk: make s",
            "q/s ours",
            "q/s pyoxigraph",
            "ours/direct",
            "peak MB",
        ),
        lambda r: (
            f"{r['events']:,}",
            *(
                cell
                for s in ("memory", "disk")
                for cell in (
                    r[s]["load"],
                    r[s]["qps_ours"],
                    r[s]["qps_direct"],
                    f"{r[s]['qps_ours'] / r[s]['qps_direct']:.2f}",
                    f"{r[s]['mb']:,}",
                )
            ),
        ),
    )
    server = lines(
        ("events", "one store MB", "server MB, 1 worker", "4 workers", "server / one store (1 / 4 workers)",
         "first answer s (1 / 4 workers)", "next answer after a stopped query s (4 workers)",
         "first answer from the prepared disk store s"),
        lambda r: (
            f"{r['events']:,}",
            f"{r['memory']['mb']:,}",
            f"{r['server']['pss_mb_1']:,}",
            f"{r['server']['pss_mb_4']:,}",
            f"{r['server']['pss_mb_1'] / r['memory']['mb']:.2f} / {r['server']['pss_mb_4'] / r['memory']['mb']:.2f}",
            f"{r['server']['start_1']} / {r['server']['start_4']}",
            r["server"]["replaced"],
            r["server"]["disk_start"],
        ),
    )  # fmt: skip
    return "\n".join(pipeline + [""] + stores + [""] + server)


def plot(rows: list, path: Path) -> None:
    """Seconds per stage versus quads, log-log, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    series: dict[str, Callable[[dict], float]] = {stage: itemgetter(stage) for stage in (*STAGES, "dump")}
    series["reason + validate"] = lambda r: r["reason"] + r["validate"]
    series["load store in memory"] = lambda r: r["memory"]["load"]
    series["make store on disk"] = lambda r: r["disk"]["load"]
    for label, value in series.items():
        ax.plot([r["quads"] for r in rows], [max(value(r), 0.01) for r in rows], marker="o", label=label)
    ax.axhline(GOAL_SECONDS, color="grey", linestyle=":", label="goal: reason + validate 60 s")
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="quads (stated + inferred)",
        ylabel="seconds",
        title="Pipeline stages versus corpus size",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def child(*args) -> dict:
    """Run this script with `args` in a fresh process; the JSON it prints last."""
    command = [sys.executable, "-m", "bench.bench_scale", *map(str, args)]
    out = subprocess.run(command, cwd=HERE.parent, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(events: int, seed: int, seconds: float) -> dict:
    """Every stage at one size, each part in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        dump, store = Path(tmp) / "dump", Path(tmp) / "store"
        row = child("--pipeline", events, "--seed", seed, "--dump", dump)
        row["memory"] = child("--queries", dump, "--seconds", seconds)
        row["disk"] = child("--queries", dump, "--seconds", seconds, "--store-dir", store)
        row["server"] = serving.figures(dump, store)  # the store on disk is prepared by now
    return row


def main(argv=None) -> None:
    """Run each size in child processes, then print the tables, save the JSON and the plot."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000], help="numbers of events")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0, help="time spent on queries per store (default: 5)")
    p.add_argument("--previous", type=Path, help="a results.json whose rows to include (sizes run before)")
    p.add_argument("--out", type=Path, default=HERE, help="folder for results.json and scale.png")
    for hidden in ("--pipeline", "--dump", "--queries", "--store-dir"):  # the children's parts
        p.add_argument(hidden, type=int if hidden == "--pipeline" else Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.pipeline:
        print(json.dumps(pipeline_stage(args.pipeline, args.seed, args.dump)))
    elif args.queries:
        print(json.dumps(query_stage(args.queries, args.store_dir, args.seconds)))
    else:
        rows = json.loads(args.previous.read_text()) if args.previous else []
        for n in args.sizes:
            rows.append(measure(n, args.seed, args.seconds))
            print(f"  {n} events: {rows[-1]}", file=sys.stderr)
        rows.sort(key=lambda r: r["events"])
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
        plot(rows, args.out / "scale.png")
        print(table(rows))


if __name__ == "__main__":
    main()

"""Scale benchmark: build, reasoning, validation and query time and peak memory versus corpus size.

    .venv/bin/python bench/bench_scale.py                 # 1k, 10k and 100k events
    .venv/bin/python bench/bench_scale.py 1000 10000      # chosen sizes

Each size runs in a fresh process, so its peak memory is its own: the largest sum of the resident
memory of the process and its validation workers, sampled every 0.1 s (bench/memory.py). Stages:
generate (the synthetic articles, bench/synth.py), then `kg build`'s pipeline (kg.pipeline.run:
build, reason, validate, dump), load (the dump's N-Quads into our embedded store,
kg.store.OxigraphStore), and the canned queries (defaults bound) run round after round through
it (answers as rdflib terms) and on the pyoxigraph store inside it queried directly (every term
of every row read). Prints a table, writes
bench/results.json and plots bench/scale.png (time versus triples).
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
STAGES = ("generate", "build", "reason", "validate")
GOAL_SECONDS, GOAL_MB = 60, 2048


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
    return round(count / (time.perf_counter() - start), 1)


def query_stage(results: dict, nquads: Path, seconds: float) -> None:
    """Load the N-Quads into our store, then measure canned queries per second through it and on its pyoxigraph store.

    Like with like: the direct run queries the very store ours wraps (its default graph the RDF
    merge of all graphs), reading every term of every row, without our conversion to rdflib terms.
    """
    from tqdm import tqdm

    from kg import queries
    from kg.queries import bind
    from kg.store import OxigraphStore

    canned = queries.load_all()
    ours = timed(results, "load", OxigraphStore, nquads)
    direct = ours.store
    texts = {n: bind(q.full_text, q.bindings({})) for n, q in canned.items()}

    def run_direct(q):
        for row in direct.query(texts[q.name]):
            list(row)

    with tqdm(desc="queries", unit="q", leave=False) as bar:
        results["qps_ours"] = queries_per_second(lambda q: ours.query(q.text, q.bindings({})), canned, seconds, bar)
        results["qps_direct"] = queries_per_second(run_direct, canned, seconds, bar)


def one(events: int, seed: int, seconds: float) -> dict:
    """Every stage at one size, in this process: `kg build`'s pipeline on the synthetic articles, then queries."""
    import synth
    from memory import PeakMemory
    from tqdm import tqdm

    from kg import pipeline

    results = {"events": events}
    with PeakMemory() as whole:
        arts = [timed(results, "generate", synth.articles, events, seed, tqdm)]
        with tempfile.TemporaryDirectory() as tmp:
            with PeakMemory() as memory:  # the pipeline holds the only reference to the articles, as in `kg build`
                figures = pipeline.run(out=Path(tmp), articles=arts.pop(), log=lambda *a: print(*a, file=sys.stderr))
            results.update({k: figures[k] for k in ("build", "reason", "validate", "dump")}, conforms=True,
                           stated_triples=figures["stated"], triples=figures["stated"] + figures["inferred"])
            results["pipeline_mb"] = memory.mb
            print(f"  {events} events: {results}", file=sys.stderr)
            query_stage(results, Path(tmp) / "kg.nq", seconds)
    results["peak_mb"] = whole.mb
    return results


def table(rows: list) -> str:
    """The figures as a Markdown table."""
    head = ("events", "triples", "build s", "reason s", "validate s", "reason+validate s", "pipeline peak MB",
            "dump s", "load s", "q/s ours", "q/s pyoxigraph", "ours/direct", "with the store MB")
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        cells = (f"{r['events']:,}", f"{r['triples']:,}", r["build"], r["reason"], r["validate"],
                 round(r["reason"] + r["validate"], 2), f"{r['pipeline_mb']:,}", r["dump"], r["load"], r["qps_ours"],
                 r["qps_direct"], f"{r['qps_ours'] / r['qps_direct']:.2f}", f"{r['peak_mb']:,}")
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def plot(rows: list, path: Path) -> None:
    """Seconds per stage versus triples, log-log, as a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for stage in STAGES + ("load",):
        points = [(r["triples"], max(r[stage], 0.01)) for r in rows if stage in r]
        ax.plot(*zip(*points), marker="o", label=stage)
    ax.axhline(GOAL_SECONDS, color="grey", linestyle=":", label="goal: reason + validate 60 s")
    ax.set(xscale="log", yscale="log", xlabel="triples (stated + inferred)", ylabel="seconds",
           title="Pipeline stages versus corpus size")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None) -> None:
    """Run each size in a child process, then print the table, save the JSON and the plot."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000], help="numbers of events")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0, help="time spent on queries per store (default: 5)")
    p.add_argument("--previous", type=Path, help="a results.json whose rows to include (sizes run before)")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=HERE, help="folder for results.json and scale.png")
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.seed, args.seconds)))
        return
    rows = json.loads(args.previous.read_text()) if args.previous else []
    for n in args.sizes:
        child = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed),
                                "--seconds", str(args.seconds)],
                               stdout=subprocess.PIPE, text=True, check=True)
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    rows.sort(key=lambda r: r["events"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
    plot(rows, args.out / "scale.png")
    print(table(rows))


if __name__ == "__main__":
    main()

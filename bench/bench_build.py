"""Build time versus article size: `kg build`'s pipeline on one synthetic article of growing size.

    python -m bench.bench_build                    # articles of 0.1, 0.2, 0.4 and 0.8 MB
    python -m bench.bench_build 0.1 0.5 0.95       # chosen sizes in MB (below kg.build.inputs.MAX_TEXT_BYTES)

Each size is one article of bench/synth.py (its facts file grows with it: every event is a
sentence of the text and a few facts quoting it), built in a process of its own by
kg.pipeline.run (build, reason, validate, dump). It prints each stage's seconds per MB of
article text (a flat column is a stage whose time grows linearly with the article), and the CPU
seconds per MB of the whole process, its workers included (generating the article too), which a
busy machine does not blur.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("build", "reason", "validate", "dump")
BYTES_PER_EVENT = 170  # of a synthetic article's text, about: the number of events for a size


def one(megabytes: float) -> dict:
    """Build one article of about `megabytes` MB of text; its size, facts and seconds per stage."""
    from bench import synth
    from kg import pipeline

    events = max(1, round(megabytes * 1e6 / BYTES_PER_EVENT))
    articles = synth.articles(events, per_article=events)
    size, things = len(articles[0].text.encode()), len(articles[0].things)
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        figures = pipeline.run(out=Path(tmp), articles=articles, log=lambda *a: print(*a, file=sys.stderr))
    return {"bytes": size, "things": things, **{stage: figures[stage] for stage in STAGES}}


def cpu() -> float:
    """The CPU seconds of the processes this one has waited for (and theirs): user and system."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def table(rows: list) -> str:
    """Seconds and seconds per MB of text, a row per size."""
    head = ["text MB", "things", *(f"{s} s" for s in STAGES), "total s", *(f"{s} s/MB" for s in STAGES), "total s/MB"]
    head += ["CPU s/MB"]
    out = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        mb, total = r["bytes"] / 1e6, sum(r[s] for s in STAGES)
        cells = [f"{mb:.2f}", f"{r['things']:,}", *(f"{r[s]:.2f}" for s in STAGES), f"{total:.2f}"]
        cells += [f"{r[s] / mb:.1f}" for s in STAGES] + [f"{total / mb:.1f}", f"{r['cpu'] / mb:.1f}"]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=float, default=[0.1, 0.2, 0.4, 0.8], help="article sizes in MB")
    p.add_argument("--one", type=float, help=argparse.SUPPRESS)  # a child's size
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one)))
        return
    rows = []
    for mb in args.sizes:
        command = [sys.executable, "-m", "bench.bench_build", "--one", str(mb)]
        spent = cpu()
        done = subprocess.run(command, cwd=HERE.parent, stdout=subprocess.PIPE, text=True, check=True)
        rows.append({**json.loads(done.stdout.strip().splitlines()[-1]), "cpu": cpu() - spent})
        print(f"  {mb} MB: {rows[-1]}", file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main()

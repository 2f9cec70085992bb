"""Validation for CI, timed: `kg validate` on the seeds' dump and on a synthetic corpus's, in every report format.

    python -m bench.bench_validate            # the seeds' dump/, and a corpus of 10,000 events
    python -m bench.bench_validate 1000       # another corpus size (0: the seeds only)

Each figure is the wall time of the command a CI job runs, `kg validate --format FORMAT FILE`, in a
process of its own (Python's start and imports included), the best of `--repeat` runs, with its CPU
time (all its processes and cores together: on a busy machine, wall time alone misleads); every format
on the seeds' dump, the GitHub one on the corpus's. The corpus's dump is built first by `kg build`'s
pipeline (not timed here: bench/bench_scale.py times it).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import paths

FORMATS = ("text", "github", "sarif", "junit", "json")


def cpu() -> float:
    """The CPU seconds of the processes this one has waited for (and theirs): user and system."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def seconds(args: list[str], repeat: int) -> tuple[float, float, int]:
    """The best wall time of `python -m kg ARGS` over `repeat` runs, its CPU time (every core's), and its exit code."""
    best, code, spent = (float("inf"), float("inf")), 0, cpu()
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, check=False)
        best = min(best, (time.perf_counter() - started, cpu() - spent))
        code, spent = done.returncode, cpu()
        if code not in (0, 1):
            raise SystemExit(f"kg {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return *best, code


def corpus_dump(events: int, folder: Path) -> Path:
    """Build a synthetic corpus of `events` events into `folder`; its kg.ttl (sources.json places it too)."""
    from bench import synth
    from kg import pipeline

    pipeline.run(out=folder, articles=synth.articles(events), log=lambda *a: print(*a, file=sys.stderr))
    return folder / "kg.ttl"


def rows(name: str, data: Path, repeat: int, formats=FORMATS) -> list[str]:
    """Table rows: the file's size and each format's time."""
    out = []
    for fmt in formats:
        took, used, code = seconds(["validate", "--format", fmt, str(data)], repeat)
        out.append(
            f"| {name} | {os.path.getsize(data) / 2**20:.1f} MB | {fmt} | {took:.2f} s | {used:.2f} s | {code} |"
        )
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("events", nargs="?", type=int, default=10_000, help="events of the synthetic corpus (0: none)")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure, the best kept (default: %(default)s)")
    args = p.parse_args(argv)
    table = ["| data | kg.ttl | format | `kg validate` | CPU | exit |", "| --- | ---: | --- | ---: | ---: | ---: |"]
    table += rows("seeds (dump/)", paths.DUMP / "kg.ttl", args.repeat)
    if args.events:
        with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
            # the CI job's format only: the validation, not the format, takes the time (see the seeds' rows)
            table += rows(f"{args.events:,} events", corpus_dump(args.events, Path(tmp)), args.repeat, ["github"])
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("\n".join(table))


if __name__ == "__main__":
    main()

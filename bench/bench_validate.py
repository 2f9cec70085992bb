"""Validation for CI, timed: `kg validate` on the seeds' dump and on a synthetic corpus's, in every report format.

    python -m bench.bench_validate            # the seeds' dump/, and a corpus of 10,000 events
    python -m bench.bench_validate 1000       # another corpus size (0: the seeds only)

Each figure is the wall time of the command a CI job runs, `kg validate --format FORMAT FILE`, in a
process of its own (Python's start and imports included), the best of `--repeat` runs, with its CPU
time (all its processes and cores together: on a busy machine, wall time alone misleads) and its peak
resident memory (of its biggest process); every format on the seeds' dump, the GitHub one on the
corpus's. The corpus's dump is built first by `kg build`'s pipeline (not timed here: bench/bench_scale.py
times it).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import paths

FORMATS = ("text", "github", "sarif", "junit", "json")


def run(args: list[str]) -> tuple[float, float, float, int]:
    """`python -m kg ARGS` once: its wall time, CPU time (its processes and cores together), peak MB and exit code."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL, stderr=errors)
        _, status, used = os.wait4(child.pid, 0)
        took, code = time.perf_counter() - started, os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"kg {' '.join(args)} failed: {errors.read().decode()[-2000:]}")
    return took, used.ru_utime + used.ru_stime, used.ru_maxrss / 1024, code


def seconds(args: list[str], repeat: int) -> tuple[float, float, float, int]:
    """The best of `repeat` runs of `python -m kg ARGS` (by wall time): see `run`."""
    return min(run(args) for _ in range(repeat))


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
        took, used, peak, code = seconds(["validate", "--format", fmt, str(data)], repeat)
        size = os.path.getsize(data) / 2**20
        out.append(f"| {name} | {size:.1f} MB | {fmt} | {took:.2f} s | {used:.2f} s | {peak:,.0f} MB | {code} |")
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("events", nargs="?", type=int, default=10_000, help="events of the synthetic corpus (0: none)")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure, the best kept (default: %(default)s)")
    args = p.parse_args(argv)
    table = [
        "| data | kg.ttl | format | `kg validate` | CPU | peak memory | exit |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    table += rows("seeds (dump/)", paths.DUMP / "kg.ttl", args.repeat)
    if args.events:
        with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
            # the CI job's format only: the validation, not the format, takes the time (see the seeds' rows)
            table += rows(f"{args.events:,} events", corpus_dump(args.events, Path(tmp)), args.repeat, ["github"])
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("\n".join(table))


if __name__ == "__main__":
    main()

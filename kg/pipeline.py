"""The whole build: facts -> RDF -> reasoning -> validation -> dumps, each stage timed."""
import time
from pathlib import Path

from . import dump, paths
from .build import build
from .errors import NotConformant
from .reason import reason
from .validate import merged, validate_graph


def run(seeds: Path = paths.SEEDS, out: Path = paths.DUMP, shapes: Path = paths.SHAPES, log=print):
    """Build, reason, validate and write the dumps; non-conforming data leaves the old dump untouched."""
    t0 = time.perf_counter()
    stated = build(seeds)
    t1 = time.perf_counter()
    full = reason(stated)
    t2 = time.perf_counter()
    report = validate_graph(merged(full), shapes=shapes)
    t3 = time.perf_counter()
    if not report.conforms:
        raise NotConformant(f"{report.violations} SHACL violation(s); the dump was not written.\n{report.text}")
    files = dump.write(full, out)
    t4 = time.perf_counter()
    log(f"built {len(stated)} stated + {len(full) - len(stated)} inferred triples from {seeds} "
        f"(build {t1 - t0:.2f}s, reason {t2 - t1:.2f}s, validate {t3 - t2:.2f}s, dump {t4 - t3:.2f}s)")
    if report.warnings:
        log(f"{report.warnings} SHACL warning(s); run `kg validate` to see them")
    log("wrote " + ", ".join(str(f) for f in files))
    return full

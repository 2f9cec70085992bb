"""The whole build: facts -> RDF -> reasoning -> validation -> dumps, each stage timed.

The quads stream from the facts to an N-Quads work file, and on their way feed the reasoner's
index and the validator's chunks, so no stage holds the whole graph in Python: a corpus of
millions of triples builds in a bounded amount of memory. Long builds show progress bars.
"""

import subprocess
import tempfile
import time
from contextlib import contextmanager
from math import ceil
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from kg import dump, paths
from kg.build import facts as build
from kg.build.seeds import load_articles
from kg.errors import KGError
from kg.rdf.namespaces import INFERRED_GRAPH
from kg.rdf.terms import Encoder
from kg.reason import Stated, inferred_triples, no_gc
from kg.reason.rules import nt
from kg.validate import Chunks, sources, validate_chunks
from kg.validate.findings import located
from kg.validate.formats import Nonconforming

ARTICLES_PER_CHUNK = 10  # about 80k synthetic triples: shacl-rust's SPARQL checks slow down in a bigger chunk


def bar(items, desc: str, unit: str, total: int | None = None):
    """A progress bar on a terminal, nothing elsewhere."""
    return tqdm(items, desc=desc, unit=unit, total=total, disable=None, leave=False)


class Timer:
    """Seconds per stage, in the order the stages ran."""

    def __init__(self):
        self.seconds, self.last = {}, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage], self.last = round(now - self.last, 2), now


def write_quads(out, quads, chunks: Chunks, stated: Stated | None = None) -> int:
    """Write quads of N-Triples terms as N-Quads lines, giving each to the chunks (and to `stated`); return how many."""
    count = 0
    for s, p, o, g in quads:
        out.write(f"{s} {p} {o} {g} .\n")
        chunks.add(s, p, o, g)
        if stated is not None:
            stated.add(s, p, o, g)
        count += 1
    return count


@contextmanager
def writing(out: Path):
    """Turn a failure to write (disk full, a read-only folder, a file size limit) into one line: the old dump stays."""
    try:
        yield
    except OSError as e:
        why = f"{e.strerror}: {e.filename}" if e.strerror and e.filename else str(e)
        raise KGError(f"the build could not write its files ({why}); the dump in {out} was left as it was") from None
    except subprocess.CalledProcessError as e:
        raise KGError(
            f"the build could not write its files ({e.cmd[0]} stopped with exit code {e.returncode}, "
            f"saying why above); the dump in {out} was left as it was"
        ) from None


def encoded(quads):
    """rdflib quads as quads of N-Triples terms."""
    term = Encoder().term
    return ((term(s), term(p), term(o), term(g)) for s, p, o, g in quads)


def run(
    seeds: Path = paths.SEEDS, out: Path = paths.DUMP, shapes: Path = paths.SHAPES, log=print, articles=None
) -> dict:
    """Build, reason, validate and write the dumps; non-conforming data leaves the old dump untouched.

    `articles` (already loaded, e.g. a synthetic corpus) replace reading `seeds`. Returns the
    figures: seconds per stage and the numbers of distinct stated and inferred quads.
    """
    timer, stated = Timer(), Stated()
    source = seeds if articles is None else f"{len(articles)} articles"
    articles = load_articles(seeds) if articles is None else articles
    lines = sources.declarations(articles, out)  # where each thing is written, for the findings and `kg validate`
    with writing(out), tempfile.TemporaryDirectory(prefix="kg-build-") as tmp, no_gc():
        work = Path(tmp) / "quads.nq"
        chunks = Chunks(Path(tmp), ceil(len(articles) / ARTICLES_PER_CHUNK), shapes)
        with open(work, "w", encoding="utf-8") as f:
            quads = build.quads(articles=articles, progress=lambda xs: bar(xs, "build", "article"))
            write_quads(f, encoded(quads), chunks, stated)  # counted once written: duplicates are dropped then
            del articles, quads
            timer.lap("build")
            inferred = inferred_triples(stated)
            del stated
            timer.lap("reason")
            graph = nt(INFERRED_GRAPH)
            n_inferred = write_quads(f, ((s, p, o, graph) for s, p, o in inferred), chunks)
            del inferred
        pairs = chunks.close()
        report = validate_chunks(pairs, shapes, lambda done, n: bar(done, "validate", "chunk", n))
        for file in (f for pair in pairs for f in pair):  # done with: their pages in memory go to the dump's files
            file.unlink()
        timer.lap("validate")
        found = located(
            report, sources.Sources(lines, out), lambda: ox.parse(path=str(work), format=ox.RdfFormat.N_QUADS)
        )
        if not report.conforms:
            raise Nonconforming(f"{report.violations} SHACL violation(s); the dump was not written.", found)
        files = dump.write(work, out, consume=True) + [sources.write(lines, out / sources.FILE)]
        n_stated = dump.count_lines(out / "kg.nq") - n_inferred  # each quad once: an article may state one twice
        timer.lap("dump")
    s = timer.seconds
    log(
        f"built {n_stated} stated + {n_inferred} inferred quads from {source} "
        f"(build {s['build']:.2f}s, reason {s['reason']:.2f}s, validate {s['validate']:.2f}s, dump {s['dump']:.2f}s)"
    )
    if report.warnings:
        log(f"{report.warnings} SHACL warning(s); run `kg validate` to see them")
    log("wrote " + ", ".join(str(f) for f in files))
    return {**s, "stated": n_stated, "inferred": n_inferred, "warnings": report.warnings, "findings": found}

"""Dump stage: deterministic serializations, written so a failure leaves the old dump intact.

The input is an N-Quads file of any size (a build's stated and inferred quads, in any order,
duplicates allowed). Lines are put in order by the C-locale `sort`, which works within a fixed
amount of memory; one pass of awk over them writes a file per graph (the lines of each graph in
their order) and pipes the distinct triples to pyoxigraph, which writes kg.ttl meanwhile, then
kg.trig and kg.jsonld from the graph files, streaming (for a big dump, a process each, side by side).
pyoxigraph reads the work files without checking each IRI again (`lenient`, twice as fast): every
term of the build was made by pyoxigraph, which checked it then.
The build's record, `SHA256SUMS` (as `sha256sum` writes it), is renamed into place last: a dump
whose `kg.nq` does not match it is damaged (`check`, which `kg serve` and the commands that query
run first).
"""

import hashlib
import os
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from itertools import chain
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.namespaces import PREFIX_IRIS

RECORDED = ("kg.ttl", "kg.trig", "kg.nq", "kg.jsonld")
RECORD = "SHA256SUMS"  # `sha256sum -c SHA256SUMS` in the dump folder checks the files too
FILES = (*RECORDED, RECORD)


def sort_lines(src: Path, dst: Path) -> Path:
    """Sort a file's lines byte by byte, duplicates dropped, into `dst`."""
    cmd = ["sort", "-u", "-S", "256M", "-T", str(dst.parent), "-o", str(dst), str(src)]
    subprocess.run(cmd, env={**os.environ, "LC_ALL": "C"}, check=True)
    return dst


# One pass of awk over the sorted N-Quads lines (the graph IRI is the last term before the final dot):
# the distinct triples to its output, and the lines into a file per graph, in their order; the graphs
# in the order they first come into "graphs". A triple's copies in several graphs are neighbours: two
# lines first differ inside their subject, predicate or object (a term never continues past the space
# that ends it). When `most` files are open, all are closed, and opened again to append.
SPLIT = """BEGIN { printf "" > "graphs" }
{
    g = $(NF - 1); t = substr($0, 1, length($0) - length(g) - 3)
    if (t != last) { print t " ."; last = t }
    if (!(g in part)) { part[g] = "graph-" (++n) ".nq"; print g > "graphs" }
    if (!(g in open)) {
        if (opened == most) { for (h in open) close(part[h]); split("", open); opened = 0 }
        open[g] = 1; opened++
    }
    print >> part[g]
}"""
MOST_OPEN = 500  # well under the usual limit of 1,024 open files a process
FORMATS = {"kg.ttl": ox.RdfFormat.TURTLE, "kg.trig": ox.RdfFormat.TRIG, "kg.jsonld": ox.RdfFormat.JSON_LD}
GROUPED = ("kg.trig", "kg.jsonld")  # written from the graph files, one after another
SIDE_BY_SIDE_BYTES = 50 * 2**20  # from this size of kg.nq on, those two are written by a process each


def serialize(name: str, work: Path, rdf) -> Path:
    """Write the dump file `name` into `work` from triples or quads, with the project's prefixes where it has them."""
    ox.serialize(rdf, str(work / name), FORMATS[name], prefixes=PREFIX_IRIS)
    return work / name


def grouped(name: str, work: Path, graphs: list[Path]) -> Path:
    """Write kg.trig or kg.jsonld from the graph files."""
    quads = (ox.parse(path=str(graph), format=ox.RdfFormat.N_QUADS, lenient=True) for graph in graphs)
    return serialize(name, work, chain.from_iterable(quads))


def turtle_and_graphs(nq: Path) -> list[Path]:
    """kg.ttl from the distinct triples of a sorted N-Quads file, written here while awk puts the file's
    lines into a file per graph beside it; the graph files, in graph order."""
    work, cmd = nq.parent, ["awk", "-v", f"most={MOST_OPEN}", SPLIT, nq.name]  # run in its folder
    with subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, env={**os.environ, "LC_ALL": "C"}) as awk:
        try:
            serialize("kg.ttl", work, ox.parse(awk.stdout, format=ox.RdfFormat.N_TRIPLES, lenient=True))
        except BaseException:
            awk.kill()  # it would wait for a reader
            raise
    if awk.returncode:
        raise subprocess.CalledProcessError(awk.returncode, cmd)
    graphs = (work / "graphs").read_bytes().splitlines()  # sorted as bytes, as `sort` sorts in the C locale
    return [work / f"graph-{i + 1}.nq" for i in sorted(range(len(graphs)), key=graphs.__getitem__)]


def texts(quads: Path, work: Path, consume: bool = False) -> dict[str, Path]:
    """Every dump file, written into the folder `work`; each one's SHA-256 read for the record on the way.
    `consume`: the quads file is deleted once sorted, so its pages in memory go to the dump's files."""
    nq = sort_lines(quads, work / "kg.nq")
    if consume:
        quads.unlink()
    graphs = turtle_and_graphs(nq)
    made = {"kg.nq": nq, "kg.ttl": work / "kg.ttl"}
    if nq.stat().st_size < SIDE_BY_SIDE_BYTES:
        return {**made, **{name: grouped(name, work, graphs) for name in GROUPED}}
    # spawned, not forked: a fork of a process whose native libraries run threads can hang
    with ProcessPoolExecutor(min(len(GROUPED), os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
        jobs = [pool.submit(grouped, name, work, graphs) for name in GROUPED]
        for path in made.values():
            digest(path)  # while the others are written, and each of them as soon as it is
        for done in as_completed(jobs):
            digest(done.result())
    return {**made, **{name: work / name for name in GROUPED}}


def count_lines(path: Path) -> int:
    """How many lines a file has."""
    with open(path, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(2**20), b""))


@lru_cache(maxsize=4)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """The SHA-256 of a file as it was at that size and time."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def digest(path: Path) -> str:
    """The SHA-256 of a file (read once per process while the file is unchanged)."""
    st = Path(path).stat()
    return _sha256(str(path), st.st_size, st.st_mtime_ns)


def record(made: dict[str, Path]) -> Path:
    """The build's record of the files it made, beside them: a `sha256sum` line each."""
    folder = made["kg.nq"].parent
    lines = [f"{digest(made[name])}  {name}\n" for name in RECORDED]
    (folder / RECORD).write_text("".join(lines), encoding="utf-8")
    return folder / RECORD


def check(nquads: Path) -> None:
    """InputError unless the dump's N-Quads file is sound: the one its build recorded, or, with no record
    (a dump `kg build` did not write), a file that parses as N-Quads."""
    if check_record(nquads):
        return
    try:
        for _ in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            pass
    except OSError as e:
        raise InputError(f"{nquads} cannot be read: {e.strerror or e}") from None
    except SyntaxError as e:
        raise InputError(f"{nquads} is not valid N-Quads: {e}") from None


def check_record(nquads: Path) -> bool:
    """Whether the build's record is beside the file; InputError if the file's SHA-256 is not the recorded one."""
    folder = nquads.parent
    if not (folder / RECORD).is_file():
        return False
    lines = (folder / RECORD).read_text(encoding="utf-8", errors="replace").splitlines()
    expected = {name: hexdigest for hexdigest, _, name in (line.partition("  ") for line in lines)}
    try:
        found = digest(nquads)
    except OSError as e:
        raise InputError(f"{nquads} cannot be read: {e.strerror or e}") from None
    if expected.get(nquads.name) != found:
        raise InputError(
            f"{nquads} is not the file its build wrote (its SHA-256 differs from {folder / RECORD}): "
            "the dump is damaged or was changed; run `kg build` again"
        )
    return True


def write(quads: Path, out_dir: Path, consume: bool = False) -> list[Path]:
    """Write the dumps of an N-Quads file: all files are made first, then renamed into place, the record last
    (`consume`: delete the quads file once it is sorted, when it is a work file of the caller's)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dump-", dir=out_dir) as work:
        made = texts(quads, Path(work), consume)
        made[RECORD] = record(made)
        for name in FILES:
            os.chmod(made[name], 0o644)
            os.replace(made[name], out_dir / name)
    return [out_dir / name for name in FILES]

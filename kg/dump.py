"""Dump stage: deterministic serializations, written so a failure leaves the old dump intact.

The input is an N-Quads file of any size (a build's stated and inferred quads, in any order,
duplicates allowed). Lines are put in order by the C-locale `sort`, which works within a fixed
amount of memory, and pyoxigraph writes every format from the sorted stream (for a big dump, a
process a file: kg.ttl while `by_graph` groups the quads for the other two, then those two).
The build's record, `SHA256SUMS` (as `sha256sum` writes it), is renamed into place last: a dump
whose `kg.nq` does not match it is damaged (`check`, which `kg serve` and the commands that query
run first).
"""

import hashlib
import os
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.namespaces import PREFIX_IRIS

RECORDED = ("kg.ttl", "kg.trig", "kg.nq", "kg.jsonld")
RECORD = "SHA256SUMS"  # `sha256sum -c SHA256SUMS` in the dump folder checks the files too
FILES = (*RECORDED, RECORD)


def sort_lines(src: Path, dst: Path, unique: bool = True) -> Path:
    """Sort a file's lines byte by byte (duplicates dropped if `unique`) into `dst`."""
    cmd = ["sort", "-S", "256M", "-T", str(dst.parent), "-o", str(dst)] + ["-u"] * unique + [str(src)]
    subprocess.run(cmd, env={**os.environ, "LC_ALL": "C"}, check=True)
    return dst


def triple_line(quad_line: str) -> str:
    """An N-Quads line of a named graph as the N-Triples line of its triple (the graph IRI is the last term)."""
    return quad_line.rsplit(" ", 2)[0] + " .\n"


def distinct_triples(sorted_quads: Path, dst: Path) -> Path:
    """The distinct triples of a sorted N-Quads file, in sorted order, without sorting again.

    Dropping each line's graph keeps the order: two lines first differ inside their subject,
    predicate or object (a term never continues past the space that ends it), so the copies
    of a triple that several graphs hold are neighbours.
    """
    with open(sorted_quads, encoding="utf-8") as i, open(dst, "w", encoding="utf-8") as o:
        last = None
        for line in i:
            triple = triple_line(line)
            if triple != last:
                o.write(triple)
                last = triple
    return dst


def by_graph(sorted_quads: Path, dst: Path) -> Path:
    """The lines of a sorted N-Quads file grouped by graph, each graph's in their order, into `dst`.

    awk puts each line behind its graph IRI (the last term before the final dot), sort groups the
    lines by it, keeping their order within a graph (-s), and cut takes it off again: three C
    programs side by side, with no Python per line.
    """
    env, tmp = {**os.environ, "LC_ALL": "C"}, str(dst.parent)
    steps = (
        ["awk", "{print $(NF-1), $0}", str(sorted_quads)],
        ["sort", "-s", "-t", " ", "-k1,1", "-S", "256M", "-T", tmp],
    )
    with open(dst, "wb") as out:
        keyed = subprocess.Popen(steps[0], stdout=subprocess.PIPE, env=env)
        grouped = subprocess.Popen(steps[1], stdin=keyed.stdout, stdout=subprocess.PIPE, env=env)
        keyed.stdout.close()  # type: ignore[union-attr]  # sort holds the pipe: awk stops if sort does
        cut = subprocess.run(["cut", "-d", " ", "-f2-"], stdin=grouped.stdout, stdout=out, env=env, check=False)
        grouped.stdout.close()  # type: ignore[union-attr]
    for command, code in zip((*steps, ["cut"]), (keyed.wait(), grouped.wait(), cut.returncode), strict=True):
        if code:
            raise subprocess.CalledProcessError(code, command)
    return dst


# A dump file written by pyoxigraph: the work file it is read from, that file's format, its own format.
SERIALIZED = {
    "kg.ttl": ("triples.nt", ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE),
    "kg.trig": ("by-graph.nq", ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG),
    "kg.jsonld": ("by-graph.nq", ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD),
}
GROUPED = ("kg.trig", "kg.jsonld")  # written from the quads grouped by graph
SIDE_BY_SIDE_BYTES = 50 * 2**20  # from this size of kg.nq on, the files are written by a process each


def serialize(work: Path, name: str) -> Path:
    """Write the dump file `name` from its sorted work file, with the project's prefixes where it has them."""
    source, fmt_in, fmt_out = SERIALIZED[name]
    ox.serialize(ox.parse(path=str(work / source), format=fmt_in), str(work / name), fmt_out, prefixes=PREFIX_IRIS)
    return work / name


def turtle(work: Path) -> Path:
    """kg.ttl, from the distinct triples of the folder's sorted kg.nq."""
    distinct_triples(work / "kg.nq", work / "triples.nt")
    return serialize(work, "kg.ttl")


def texts(quads: Path, work: Path) -> dict[str, Path]:
    """Every dump file, written into the folder `work`."""
    nq = sort_lines(quads, work / "kg.nq")
    if nq.stat().st_size < SIDE_BY_SIDE_BYTES:
        by_graph(nq, work / "by-graph.nq")
        return {"kg.nq": nq, "kg.ttl": turtle(work), **{name: serialize(work, name) for name in GROUPED}}
    # spawned, not forked: a fork of a process whose native libraries run threads can hang
    with ProcessPoolExecutor(min(len(SERIALIZED), os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
        ttl = pool.submit(turtle, work)  # while the quads are grouped by graph
        by_graph(nq, work / "by-graph.nq")
        grouped = {name: pool.submit(serialize, work, name) for name in GROUPED}
        made = {"kg.nq": nq, "kg.ttl": ttl.result()}
        for path in made.values():
            digest(path)  # for the record, while the grouped files are written
        return {**made, **{name: f.result() for name, f in grouped.items()}}


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


def write(quads: Path, out_dir: Path) -> list[Path]:
    """Write the dumps of an N-Quads file: all files are made first, then renamed into place, the record last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dump-", dir=out_dir) as work:
        made = texts(quads, Path(work))
        made[RECORD] = record(made)
        for name in FILES:
            os.chmod(made[name], 0o644)
            os.replace(made[name], out_dir / name)
    return [out_dir / name for name in FILES]

"""The two validators over one graph: shacl-rust for the shapes but their SPARQL-based constraints, which
pyoxigraph evaluates once each (kg.validate.sparql), both giving results in shacl-rust's form."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import shacl_rust

from kg import paths
from kg.validate import sparql

PARSE_ERROR = "Parse error: Failed to parse RDF data: "  # how shacl-rust begins the message of data it cannot read


def sparql_results(store: ox.Store, constraints, pool: ThreadPoolExecutor | None = None) -> list:
    """The results of the SPARQL-based constraints on the graph of `store`, side by side on `pool`'s threads."""
    found = (pool.map if pool else map)(lambda c: c.results(store), constraints)
    return [r for results in found for r in results]


def chunk_results(own: Path, context: Path, shapes: Path, with_sparql: bool = True) -> list:
    """The results about the subjects of a chunk's own triples (kg.validate.Chunks), validated with its context.

    The context (the types of the nodes the chunk points at) makes other chunks' nodes targets
    here too, seen without their own triples: their results are their own chunk's to give.
    `with_sparql` False leaves the SPARQL-based constraints out (`graph_results` evaluates them).
    """
    mine = own.read_text(encoding="utf-8")
    subjects = {line.split(" ", 1)[0] for line in mine.splitlines()}
    data = mine + context.read_text(encoding="utf-8")
    parted = sparql.split(shapes)
    found = shacl_rust.validate(data, parted.shapes, data_format="nt", shapes_format="turtle", experimental_index=True)
    results = found["results"]
    if parted.constraints and with_sparql:
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
        results += sparql_results(store, parted.constraints)
    return [r for r in results if r.get("focusNode") in subjects]


def graph_results(files: list[Path], shapes: Path) -> list:
    """The results of the SPARQL-based constraints on the graph of N-Triples files, e.g. all of a graph's chunks."""
    constraints = sparql.split(shapes).constraints
    store = ox.Store()
    for file in files if constraints else ():
        store.load(path=str(file), format=ox.RdfFormat.N_TRIPLES)
    return sparql_results(store, constraints)


def file_results(path: Path, fmt: ox.RdfFormat, shapes: Path, ontology: Path = paths.ONTOLOGY) -> list:
    """The results on a Turtle or N-Triples file merged with the ontology (as `pyshacl -e` merges it), as one
    graph: shacl-rust and pyoxigraph side by side on threads, both parsing natively, without the GIL.

    pyoxigraph reads the file `lenient` (without checking each IRI: 15 % faster), because shacl-rust reads the
    same text strictly: a file that is not valid RDF is a SyntaxError from it, at its line and column.
    """
    parted = sparql.split(shapes)
    with ThreadPoolExecutor(max(2, os.cpu_count() or 1)) as pool:
        core = pool.submit(_core, path, fmt, parted.shapes, ontology)
        found = []
        if parted.constraints:
            store = ox.Store()
            try:
                store.load(path=str(path), format=fmt, lenient=True)
            except SyntaxError:
                core.result()  # shacl-rust's SyntaxError, at the line, for a file it finds bad too
                raise
            store.load(path=str(ontology), format=ox.RdfFormat.TURTLE)
            found = sparql_results(store, parted.constraints, pool)
        return core.result() + found


def _core(path: Path, fmt: ox.RdfFormat, shapes: str, ontology: Path) -> list:
    """shacl-rust's results on the file and the ontology (as N-Triples lines, which Turtle reads too); a
    SyntaxError where the file is not valid RDF."""
    onto = ox.serialize(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    data = _text(Path(path).read_bytes()) + "\n" + (onto or b"").decode()
    kind = "turtle" if fmt == ox.RdfFormat.TURTLE else "nt"
    try:
        report = shacl_rust.validate(data, shapes, data_format=kind, shapes_format="turtle", experimental_index=True)
    except ValueError as e:
        if not str(e).startswith(PARSE_ERROR):
            raise
        raise SyntaxError(str(e).removeprefix(PARSE_ERROR)) from None
    return report["results"]


def _text(data: bytes) -> str:
    """The text of an RDF file; a SyntaxError at the line of the first bytes that are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise SyntaxError(f"line {line}: the bytes {data[e.start : e.end]!r} are not UTF-8 ({e.reason})") from None

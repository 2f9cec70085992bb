"""Validation stage: the SHACL shapes over the merged graph, whole or in chunks that fit in memory.

Two validators share the work (kg.validate.engines), both tested to report what pyshacl, the
reference and the users' stock command, reports on every shape's fixture and on whole corpora:
pyoxigraph evaluates each of the shapes' SPARQL-based constraints in one query over the graph
(kg.validate.sparql), shacl-rust the rest of the shapes. A Turtle or N-Triples file up to
WHOLE_BYTES is validated as one graph, both validators side by side. A bigger graph is validated in
chunks of subjects: a chunk holds every triple of its subjects (but those whose predicate the
shapes cannot see, kg.validate.shapes), the rdf:type triples of every node those triples point at (for
sh:class), the triples that point at its subjects along the shapes' inverse paths, and the
ontology (for rdfs:subClassOf). An article, its text spans and their selectors share a chunk,
for the shapes' SPARQL checks walk from the article to them, and so do the facts an article
states first. So each focus node sees what the whole graph would show it, and the chunks run
side by side.
"""

import os
import tempfile
import zlib
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from kg import paths
from kg.errors import InputError
from kg.rdf.iris import statement_subject
from kg.rdf.namespaces import ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.validate.engines import chunk_results as validate_chunk
from kg.validate.engines import file_results, graph_results
from kg.validate.results import SEVERITY as SEVERITY  # for kg.validate.findings
from kg.validate.results import Report, report
from kg.validate.results import readable as readable  # for kg.validate.findings
from kg.validate.shapes import declared_properties, inverse_predicates, seen_predicates

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
HAS_SOURCE = "<http://www.w3.org/ns/oa#hasSource>"
TOGETHER = (f"<{ID}article/", f"<{ID}span/")  # an article's node, spans and selectors: one chunk
STATEMENTS = f"<{ID}statement/"  # a statement node of evidence: with its subject
SPANS = f"<{ID}span/"
DERIVED_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
ARTICLE_GRAPHS = f"<{ID}graph/"
OTHER_GRAPHS = (f"<{ONTOLOGY_GRAPH}>", f"<{INFERRED_GRAPH}>")
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
# A Turtle or N-Triples file up to WHOLE_BYTES is one graph (the synthetic corpus of 10,000 events, 68 MB of
# Turtle, takes about 0.9 GB); a bigger file goes in chunks of about CHUNK_BYTES of it, two validated at a time.
WHOLE_BYTES = 128 * 2**20
CHUNK_BYTES = 32 * 2**20


def chunk_key(subject: str, graph: str | None = None) -> str:
    """What places a subject: an article's own nodes their document, else the article graph stating it, else itself."""
    for prefix in TOGETHER:
        if subject.startswith(prefix):
            return subject[len(prefix) :].split("/", 1)[0].rstrip(">")
    if graph and graph.startswith(ARTICLE_GRAPHS) and graph not in OTHER_GRAPHS:
        return graph[len(ARTICLE_GRAPHS) : -1]
    return subject


class Chunks:
    """Triples, given as N-Triples text, written to chunk files by subject (see the module docstring).

    A subject's chunk is decided when it is first seen, so a fact sits with the article that
    states it first, its spans and the facts beside it: few of its triples point out of the chunk.
    Each chunk is two files: its own triples, and the context (the types of the nodes they point
    at, inverse-path triples, the ontology); its results are those about its own subjects.
    """

    def __init__(
        self, folder: Path, count: int, shapes: Path = paths.SHAPES, ontology: Path = paths.ONTOLOGY, citing=None
    ):
        self.folder, self.count, self.ontology = Path(folder), max(1, count), ontology
        self.citing: dict[str, str] = citing or {}  # fact -> a document citing it, for triples without a graph
        self.files = ExitStack()  # the chunk files, open until `close`
        self.own = [self.open(f"chunk-{i}.nt") for i in range(self.count)]
        self.context = [self.open(f"context-{i}.nt") for i in range(self.count)]
        self.homes: dict[str, int] = {}  # subject -> its chunk
        self.types: defaultdict[str, list[str]] = defaultdict(list)  # node -> its classes
        self.refs: list[set[str]] = [set() for _ in range(self.count)]  # chunk -> nodes its triples point at
        self.inverse, self.seen = inverse_predicates(shapes), seen_predicates(shapes)
        if self.seen is not None:  # the evidence check reads the triples of every property the ontology declares
            self.seen = self.seen | declared_properties(ontology)
        self.strays = 0  # spans in another chunk than the article they quote
        self.cited: defaultdict[str, set[int]] = defaultdict(set)  # fact -> the chunks of the articles citing it
        self.backward: list[tuple[int, str, str]] = []  # (chunk, triple, its object) along an inverse path

    def open(self, name: str) -> TextIO:
        """A chunk file of the folder, open for writing until `close`."""
        return self.files.enter_context(open(self.folder / name, "w", encoding="utf-8"))

    def home(self, subject: str, graph: str | None = None) -> int:
        """The chunk of a subject: decided (by `chunk_key`) the first time it is asked for, then kept.

        A statement node of evidence goes with its subject (named in its IRI, kg.rdf.iris), whose
        triples the shapes compare with the statement's.
        """
        i = self.homes.get(subject)
        if i is None:
            owner = statement_subject(subject[1:-1]) if subject.startswith(STATEMENTS) else None
            if owner is not None:
                i = self.homes[subject] = self.home(f"<{owner}>", graph)
            else:
                key = chunk_key(subject, graph)
                key = self.citing.get(subject, key) if key == subject else key
                i = self.homes[subject] = zlib.crc32(key.encode()) % self.count if self.count > 1 else 0
        return i

    def add(self, s: str, p: str, o: str, g: str | None = None) -> None:
        """Take one triple, each term in N-Triples syntax, stated in graph `g` (None: unknown).

        A triple whose predicate the shapes do not see (kg.validate.shapes) is left out: it changes no result.
        """
        if self.seen is not None and p not in self.seen:
            return
        i = self.homes.get(s)
        i = self.home(s, g) if i is None else i  # most triples' subject is placed already
        self.own[i].write(f"{s} {p} {o} .\n")
        if p == RDF_TYPE:
            self.types[s].append(o)
        if p == HAS_SOURCE and self.home(o) != i:
            self.strays += 1
        if p == DERIVED_FROM and o.startswith(SPANS) and not s.startswith(STATEMENTS):
            self.cited[s].add(self.home(o))  # the chunks of the articles that cite this fact
        if o[0] == "<" and self.count > 1:
            self.refs[i].add(o)
            if p in self.inverse:  # to the object's chunk, once its own triples have placed it
                self.backward.append((i, f"{s} {p} {o} .\n", o))

    def close(self) -> list[tuple[Path, Path]]:
        """Complete every chunk's context; return the (own triples, context) file pairs.

        A span kept apart from the article it quotes (never made by `kg build`), or a fact kept
        apart from every article that cites it (a file without named graphs and without `citing`,
        where a fact goes by its own IRI), would escape the shapes' SPARQL checks, which walk from the article to its
        spans and facts: then all is one chunk.
        """
        if any(self.homes.get(fact) not in chunks for fact, chunks in self.cited.items()):
            self.strays += 1
        self.cited = defaultdict(set)
        for i, triple, node in self.backward:
            if self.home(node) != i:
                self.context[self.home(node)].write(triple)
        self.backward = []
        ontology = ox.parse(path=str(self.ontology), format=ox.RdfFormat.TURTLE)
        onto = (ox.serialize(ontology, format=ox.RdfFormat.N_TRIPLES) or b"").decode()  # bytes: no output given
        for i, (f, refs) in enumerate(zip(self.context, self.refs, strict=True)):
            away = (node for node in refs if self.homes.get(node, i) != i)
            f.writelines(f"{node} {RDF_TYPE} {c} .\n" for node in away for c in self.types.get(node, ()))
            f.write(onto)
        self.files.close()
        self.homes, self.types, self.refs = {}, defaultdict(list), []  # the validation workers need the memory
        pairs = [(Path(a.name), Path(b.name)) for a, b in zip(self.own, self.context, strict=True)]
        if self.strays and len(pairs) > 1:
            with open(self.folder / "all.nt", "w", encoding="utf-8") as out:
                for own, _ in pairs:
                    out.write(own.read_text(encoding="utf-8"))
            (self.folder / "all-context.nt").write_text(onto, encoding="utf-8")
            return [(self.folder / "all.nt", self.folder / "all-context.nt")]
        return pairs


def validate_chunks(pairs: list[tuple[Path, Path]], shapes: Path = paths.SHAPES, progress=lambda xs, n: xs) -> Report:
    """Validate chunks side by side (a process per core) and report on them together.

    The SPARQL-based constraints run over all the chunks at once, if they hold up to WHOLE_BYTES
    (beside the chunks' workers), else in each chunk. `progress(results, count)` may wrap the
    chunks' results as they come, e.g. in a progress bar.
    """
    if len(pairs) == 1:
        return report(validate_chunk(*pairs[0], shapes))
    whole = sum(own.stat().st_size for own, _ in pairs) <= WHOLE_BYTES
    # spawned, not forked: a fork of a process whose native libraries run threads can hang
    with ProcessPoolExecutor(min(len(pairs), os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
        owns, contexts = zip(*pairs, strict=True)
        done = pool.map(validate_chunk, owns, contexts, [shapes] * len(pairs), [not whole] * len(pairs))
        found = graph_results([*owns, contexts[0]], shapes) if whole else []  # a context holds the ontology
        return report([r for rs in progress(done, len(pairs)) for r in rs] + found)


def citing_documents(lines) -> dict[str, str]:
    """Each fact's first citing article (its document id), read off its prov:wasDerivedFrom spans.

    `lines` are N-Triples lines. A file without named graphs does not say which article states a
    fact: this places the fact with an article that cites it, as the build's graphs would (see `Chunks`).
    """
    found = dict[str, str]()
    for line in lines:
        if DERIVED_FROM in line:
            s, p, o = nt_terms(line)
            if p == DERIVED_FROM and o.startswith(SPANS):
                found.setdefault(s, chunk_key(o))
    return found


def nt_terms(line: str) -> tuple[str, str, str]:
    """The subject, predicate and object of an N-Triples line as pyoxigraph writes it: `s p o .` and a line feed."""
    s, p, o = line.split(" ", 2)
    return s, p, o[:-3]


def validate_terms(quads, chunks: int = 1, shapes: Path = paths.SHAPES, citing=None) -> Report:
    """Validate the merged graph of quads of N-Triples terms, the graph None if unknown (`citing`: see above)."""
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        sink = Chunks(Path(tmp), chunks, shapes, citing=citing)
        for s, p, o, g in quads:
            sink.add(s, p, o, g)
        return validate_chunks(sink.close(), shapes)


def validate_quads(quads, chunks: int = 1, shapes: Path = paths.SHAPES) -> Report:
    """Validate the merged graph of pyoxigraph quads or triples."""
    return validate_terms(((str(q.subject), str(q.predicate), str(q.object), _graph(q)) for q in quads), chunks, shapes)


def _graph(quad) -> str | None:
    graph = getattr(quad, "graph_name", None)
    return None if graph is None else str(graph)


def validate_file(path: Path, shapes: Path = paths.SHAPES, chunks: int | None = None) -> Report:
    """Validate an RDF file (Turtle, N-Triples, N-Quads, TriG or JSON-LD; all graphs merged).

    A Turtle or N-Triples file up to WHOLE_BYTES is validated whole, a bigger file or another format in
    chunks of about CHUNK_BYTES of it, unless `chunks` says how many.
    """
    fmt = FORMATS.get(Path(path).suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown file type; give a .ttl, .nt, .nq, .trig or .jsonld file")
    if not Path(path).exists():
        raise InputError(f"{path} does not exist")
    size = Path(path).stat().st_size
    try:
        if chunks is None and size <= WHOLE_BYTES and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            return report(file_results(Path(path), fmt, shapes))
        chunks = chunks or 1 + size // CHUNK_BYTES
        if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            return validate_quads(ox.parse(path=str(path), format=fmt), chunks, shapes)
        with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:  # one parse, in pyoxigraph
            triples = Path(tmp) / "triples.nt"
            ox.serialize(ox.parse(path=str(path), format=fmt), str(triples), ox.RdfFormat.N_TRIPLES)
            with open(triples, encoding="utf-8") as f:
                citing = citing_documents(f) if chunks > 1 else None
            with open(triples, encoding="utf-8") as f:
                return validate_terms(((*nt_terms(line), None) for line in f), chunks, shapes, citing)
    except SyntaxError as e:
        raise InputError(f"{path}: not valid RDF: {e}") from None


def validate_graph(graph, shapes: Path = paths.SHAPES, chunks: int = 1) -> Report:
    """Validate an rdflib Graph or Dataset (all graphs merged), e.g. in tests: whole, or in `chunks`."""
    fmt, name = (ox.RdfFormat.N_QUADS, "nquads") if graph.context_aware else (ox.RdfFormat.N_TRIPLES, "nt")
    quads = ox.parse(graph.serialize(format=name).encode(), format=fmt)
    if chunks > 1:
        return validate_quads(quads, chunks, shapes)
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        merged = Path(tmp) / "graph.nt"
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), str(merged), ox.RdfFormat.N_TRIPLES)
        return report(file_results(merged, ox.RdfFormat.N_TRIPLES, shapes))

"""Validation stage: the SHACL shapes over the merged graph, in chunks that fit in memory.

The validator is shacl-rust (tested to report what pyshacl, the reference and the users' stock
command, reports on every shape's fixture and on whole corpora). A big graph is validated in
chunks of subjects: a chunk holds every triple of its subjects (but those whose predicate the
shapes cannot see, kg.validate.shapes), the rdf:type triples of every node those triples point at (for
sh:class), the triples that point at its subjects along the shapes' inverse paths, and the
ontology (for rdfs:subClassOf). An article, its text spans and their selectors share a chunk,
for the shapes' SPARQL checks walk from the article to them, and so do the facts an article
states first. So each focus node sees what the whole graph would show it, and the chunks run
side by side.
"""

import os
import re
import tempfile
import zlib
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
import shacl_rust

from kg import paths
from kg.errors import InputError
from kg.rdf.iris import statement_subject
from kg.rdf.namespaces import ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
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
CHUNK_BYTES = 16 * 2**20  # of a file to validate: about 50k triples of N-Quads, which shacl-rust checks in 150 MB
SEVERITY = {
    "<http://www.w3.org/ns/shacl#Violation>": "Violation",
    "<http://www.w3.org/ns/shacl#Warning>": "Warning",
    "<http://www.w3.org/ns/shacl#Info>": "Info",
}


@dataclass(frozen=True)
class Report:
    """What the shapes found: violations fail a build, warnings do not."""

    violations: int
    warnings: int
    text: str
    results: frozenset = frozenset()  # (severity, source shape, focus node) of every result, IRIs as text
    items: tuple = field(default=(), compare=False)  # shacl-rust's results, for kg.validate.findings

    @property
    def conforms(self) -> bool:
        return self.violations == 0


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
        i = self.home(s, g)
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


def validate_chunk(own: Path, context: Path, shapes: Path) -> list:
    """shacl-rust's results about the subjects of a chunk's own triples, validated with its context.

    The context (the types of the nodes the chunk points at) makes other chunks' nodes targets
    here too, seen without their own triples: their results are their own chunk's to give.
    """
    mine = own.read_text(encoding="utf-8")
    subjects = {line.split(" ", 1)[0] for line in mine.splitlines()}
    found = shacl_rust.validate(
        mine + context.read_text(encoding="utf-8"),
        shapes.read_text(encoding="utf-8"),
        data_format="nt",
        shapes_format="turtle",
        experimental_index=True,
    )
    return [r for r in found["results"] if r.get("focusNode") in subjects]


def validate_chunks(pairs: list[tuple[Path, Path]], shapes: Path = paths.SHAPES, progress=lambda xs, n: xs) -> Report:
    """Validate chunks side by side (a process per core) and report on them together.

    `progress(results, count)` may wrap the chunks' results as they come, e.g. in a progress bar.
    """
    if len(pairs) == 1:
        results = validate_chunk(*pairs[0], shapes)
    else:
        # spawned, not forked: a fork of a process whose native libraries run threads can hang
        with ProcessPoolExecutor(min(len(pairs), os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
            owns, contexts = zip(*pairs, strict=True)
            done = pool.map(validate_chunk, owns, contexts, [shapes] * len(pairs))
            results = [r for rs in progress(done, len(pairs)) for r in rs]
    return report(results)


def readable(message: str) -> str:
    """A message with the values a SPARQL check filled in shown as text, not as N-Triples terms."""
    message = re.sub(r'"([^"]*)"\^\^<[^>]+>', r"\1", message)
    return re.sub(r'""(.*?)""', r'"\1"', message)


def report(results: list) -> Report:
    """Count violations and warnings; describe each result as a block of lines, in a stable order."""
    blocks, found = [], set()
    for r in results:
        severity = SEVERITY.get(r.get("severity"), r.get("severity"))
        found.add((severity, r.get("sourceShape", "").strip("<>"), r.get("focusNode", "").strip("<>")))
        lines = [
            f"Constraint {severity} in {r.get('sourceShape', '').strip('<>')}:",
            f"  Focus node: {r.get('focusNode', '').strip('<>')}",
        ]
        if r.get("resultPath"):
            lines.append(f"  Path: {r['resultPath'].strip('<>')}")
        if r.get("value"):
            lines.append(f"  Value: {r['value']}")
        lines += [f"  Message: {readable(m)}" for m in r.get("messages") or ["(no message)"]]
        blocks.append((severity != "Violation", "\n".join(lines)))
    blocks.sort()
    violations = sum(1 for warning, _ in blocks if not warning)
    head = f"Conforms: {violations == 0} ({violations} violation(s), {len(blocks) - violations} warning(s))"
    text = "\n".join([head] + [b for _, b in blocks])
    return Report(violations, len(blocks) - violations, text, frozenset(found), tuple(results))


def citing_documents(triples) -> dict[str, str]:
    """Each fact's first citing article (its document id), read off its prov:wasDerivedFrom spans.

    A file without named graphs does not say which article states a fact: this places the fact
    with an article that cites it, as the build's graphs would (see `Chunks`).
    """
    derived, found = ox.NamedNode(DERIVED_FROM[1:-1]), dict[str, str]()
    for t in triples:
        if t.predicate == derived and t.object.value.startswith(SPANS[1:]):
            found.setdefault(str(t.subject), chunk_key(str(t.object)))
    return found


def validate_quads(quads, chunks: int = 1, shapes: Path = paths.SHAPES, citing=None) -> Report:
    """Validate the merged graph of pyoxigraph quads or triples (`citing`: see `citing_documents`)."""
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        sink = Chunks(Path(tmp), chunks, shapes, citing=citing)
        for q in quads:
            graph = getattr(q, "graph_name", None)
            sink.add(str(q.subject), str(q.predicate), str(q.object), None if graph is None else str(graph))
        return validate_chunks(sink.close(), shapes)


def validate_file(path: Path, shapes: Path = paths.SHAPES, chunks: int | None = None) -> Report:
    """Validate an RDF file (Turtle, N-Triples, N-Quads, TriG or JSON-LD; all graphs merged).

    A big file is validated in chunks of about CHUNK_BYTES of it, unless `chunks` says how many.
    """
    fmt = FORMATS.get(Path(path).suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown file type; give a .ttl, .nt, .nq, .trig or .jsonld file")
    if not Path(path).exists():
        raise InputError(f"{path} does not exist")
    chunks = chunks or 1 + Path(path).stat().st_size // CHUNK_BYTES
    try:
        graphless = chunks > 1 and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
        citing = citing_documents(ox.parse(path=str(path), format=fmt)) if graphless else None
        return validate_quads(ox.parse(path=str(path), format=fmt), chunks, shapes, citing)
    except SyntaxError as e:
        raise InputError(f"{path}: not valid RDF: {e}") from None


def validate_graph(graph, shapes: Path = paths.SHAPES, chunks: int = 1) -> Report:
    """Validate an rdflib Graph or Dataset (all graphs merged), e.g. in tests."""
    fmt, name = (ox.RdfFormat.N_QUADS, "nquads") if graph.context_aware else (ox.RdfFormat.N_TRIPLES, "nt")
    text = graph.serialize(format=name)
    return validate_quads(ox.parse(text.encode(), format=fmt), chunks, shapes)

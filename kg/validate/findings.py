"""Validation results as a curator reads them: the message, the fix, and the facts file and line to apply it at.

A Finding is one SHACL result placed by kg.validate.sources: the shape's `sh:message` split into
what is wrong and how to fix it, the severity, the focus node, the path and value, and the triple
the result is about (for a statement of evidence, the triple it describes, read from the data).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.rdf.iris import statement_subject
from kg.rdf.namespaces import ID, PREFIX_IRIS
from kg.validate import SEVERITY, readable
from kg.validate.sources import Place, Sources

SEVERITIES = ("Violation", "Warning", "Info")  # most serious first
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ABOUT = {f"<{RDF}subject>": 0, f"<{RDF}predicate>": 1, f"<{RDF}object>": 2}
OPENERS, CLOSERS = "([{", ")]}"


@dataclass(frozen=True)
class Finding:
    """One result: what is wrong, the fix, and where (`place`, None when the data has no facts files beside it)."""

    severity: str
    shape: str
    focus: str
    message: str
    fix: str | None = None
    path: str | None = None
    value: str | None = None
    triple: tuple | None = None  # (s, p, o) in N-Triples syntax: what the result is about
    place: Place | None = None

    @property
    def rule(self) -> str:
        """The shape's local name, e.g. City-locatedIn."""
        return re.split(r"[#/]", self.shape)[-1]

    @property
    def where(self) -> str | None:
        """file:line of the line to fix, when known."""
        return f"{self.place.file}:{self.place.line}" if self.place else None

    def about(self) -> str:
        """The focus node and the triple, in short form: `id:seoul dip:locatedIn id:moscow`."""
        if self.triple:
            s, p, o = self.triple
            return " ".join(short(t) for t in (s, p, o if p or o != s else None) if t)
        return short(f"<{self.focus}>")


def short(term: str) -> str:
    """An N-Triples term with the project's prefixes: <https://dipkg.example.org/id/russia> -> id:russia."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, ns in PREFIX_IRIS.items():
            if iri.startswith(ns) and re.fullmatch(r"[\w.\-/]*", iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
    return term


def split_fix(message: str) -> tuple[str, str | None]:
    """A shape's message as (what is wrong, the fix): it says both, parted by the first ': ' outside brackets."""
    depth, quoted = 0, False
    for i, ch in enumerate(message):
        if ch in '`"':
            quoted = not quoted
        elif ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        elif message.startswith(": ", i) and depth == 0 and not quoted:
            return message[:i], message[i + 2 :].rstrip(".") + "."
    return message, None


def statements_of(quads: Iterable, wanted: set) -> dict:
    """{statement IRI: (s, p, o, graph)} of the statement nodes in `wanted`, read off pyoxigraph quads."""
    found: dict = {}
    for q in quads:
        subject = str(q.subject)
        if subject in wanted and str(q.predicate) in ABOUT:
            parts = found.setdefault(subject, [None, None, None, None])
            parts[ABOUT[str(q.predicate)]] = str(q.object)
            graph = getattr(q, "graph_name", None)
            parts[3] = parts[3] or (str(graph) if graph is not None and str(graph).startswith("<") else None)
    return {k[1:-1]: tuple(v) for k, v in found.items()}


def statement_nodes(results: Iterable[dict]) -> set:
    """The statement nodes (N-Triples) among the focus nodes and values of shacl-rust's results."""
    nodes = {node for r in results for node in (r.get("focusNode") or "", r.get("value") or "")}
    return {node for node in nodes if node.startswith("<") and statement_subject(node[1:-1])}


def _doc(graph: str | None) -> str | None:
    prefix = f"<{ID}graph/"
    return graph[len(prefix) : -1] if graph and graph.startswith(prefix) else None


def finding(r: dict, sources: Sources | None, statements: dict) -> Finding:
    """A Finding of one shacl-rust result: its message parted from its fix, placed where the map says."""
    messages = [readable(m) for m in r.get("messages") or ["(no message)"]]
    message, fix = split_fix(messages[-1])  # the shape's own message comes after the engine's
    focus, path, value = r.get("focusNode", "").strip("<>"), r.get("resultPath"), r.get("value")
    triple = (f"<{focus}>", path, value) if path or value else None
    stated = statements.get(focus) or statements.get((value or "").strip("<>"))  # a statement's own triple
    if stated:
        triple = stated[:3]
    place = None
    if sources is not None:
        node, predicate, obj = (stated[0][1:-1], stated[1], stated[2]) if stated else (focus, path, value)
        place = sources.place(node, predicate and predicate.strip("<>"), obj, _doc(stated[3]) if stated else None)
    severity = SEVERITY.get(r.get("severity", ""), r.get("severity", "Violation"))
    return Finding(severity, r.get("sourceShape", "").strip("<>"), focus, message, fix, path, value, triple, place)


def findings(results: Iterable[dict], sources: Sources | None, statements: dict) -> list[Finding]:
    """Findings of shacl-rust's results, most serious first, then by file, line and rule."""
    out = [finding(r, sources, statements) for r in results]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        out,
        key=lambda f: (rank.get(f.severity, 0), f.place is None, f.place and (f.place.file, f.place.line), f.rule),
    )


def located(report, sources: Sources | None, quads=lambda: ()) -> list[Finding]:
    """The findings of a Report (kg.validate), placed by `sources`; `quads()` reads the data for statements."""
    wanted = statement_nodes(report.items)
    return findings(report.items, sources, statements_of(quads(), wanted) if wanted else {})

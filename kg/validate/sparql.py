"""The shapes' SPARQL-based constraints (sh:sparql with sh:select), each evaluated in one query over a graph.

shacl-rust, like pyshacl, runs a SPARQL constraint's query once per focus node with $this pre-bound
(SHACL 1.0 §5.3, pre-binding in Appendix A), and each run can cost as much as the graph is big. Here
the query runs once: its focus nodes (the shape's targets) are joined in at the start of the query's
group and of every group inside it that names $this, so every part of a solution sees the same
focus node, as it would pre-bound; its solutions are made into results of the form shacl-rust gives
(focus node, value, path, messages with {?var} and {$var} filled in, the shape's severity), each
distinct solution once, as pyshacl counts them. The rest of the shapes goes to shacl-rust (`split`).

A constraint this cannot evaluate as pyshacl would stays with shacl-rust: one of a shape without a
target of its own (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf) or used
by another shape, a deactivated shape, a property shape whose path is not one IRI, a query that does
not return $this, uses $shapesGraph, $currentShape or ?failure, has a subquery, an aggregate, a limit,
MINUS, VALUES, SERVICE or GRAPH, or does not parse with the prefixes of its sh:prefixes.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
VIOLATION = f"<{SH}Violation>"
COMPONENT = f"<{SH}SPARQLConstraintComponent>"
DEFAULT_MESSAGE = "SPARQL SELECT constraint violation"  # shacl-rust's, for a constraint without sh:message
TARGETS = {
    f"{SH}targetClass": "{{ ?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    "/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {} }}",
    f"{SH}targetNode": "{{ VALUES ?this {{ {} }} }}",
    f"{SH}targetSubjectsOf": "{{ ?this {} [] }}",
    f"{SH}targetObjectsOf": "{{ [] {} ?this }}",
}
# the words (outside strings, IRIs and comments) of queries whose pre-bound runs a single query cannot stand for
UNSUPPORTED = {
    "group",
    "having",
    "limit",
    "offset",
    "minus",
    "values",
    "service",
    "graph",
    "from",
    "lateral",
    "count",
    "sum",
    "min",
    "max",
    "avg",
    "sample",
    "group_concat",
}
UNSUPPORTED_VARIABLES = {"shapesGraph", "currentShape", "failure", "PATH"}  # $PATH: of a property shape, replaced
TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''  # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # strings
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"  # IRIs, comments
    r"|(?P<var>[?$][A-Za-z_0-9]+)|(?P<word>[A-Za-z_][A-Za-z_0-9]*)|[{}]"
)
PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_0-9]+)\}")


@dataclass(frozen=True)
class Constraint:
    """One SPARQL-based constraint of one shape, as one query over the whole graph."""

    shape: str  # N-Triples
    query: str
    messages: tuple[str, ...]  # the constraint's (or shacl-rust's default), {?var} filled in for each solution
    shape_messages: tuple[str, ...]  # the shape's, as they are
    severity: str
    path: str | None  # a property shape's path

    def results(self, store: ox.Store) -> list[dict]:
        """The results of this constraint on the graph of `store` (all its graphs merged), as shacl-rust gives them."""
        solutions = store.query(self.query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query's (`split` ran it)
        names = [v.value for v in solutions.variables]
        return [self.result({n: row[n] for n in names if row[n] is not None}) for row in solutions]

    def result(self, values: dict) -> dict:
        """The result of one solution, given as its bound variables by name."""
        messages = [PLACEHOLDER.sub(lambda m: _text(values.get(m[1]), m[0]), text) for text in self.messages]
        found = {
            "focusNode": str(values["this"]),
            "messages": messages + list(self.shape_messages),
            "severity": self.severity,
            "sourceConstraintComponent": COMPONENT,
            "sourceShape": self.shape,
        }
        path = self.path or (str(values["path"]) if isinstance(values.get("path"), ox.NamedNode) else None)
        if path:
            found["resultPath"] = path
        if "value" in values:
            found["value"] = str(values["value"])
        return found


def _text(term, placeholder: str) -> str:
    """A term as shacl-rust writes it into a message: an IRI bare, anything else in N-Triples; unbound, as it was."""
    if term is None:
        return placeholder
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@dataclass(frozen=True)
class Split:
    """The shapes parted: the SPARQL-based constraints evaluated here, and the rest, as text for shacl-rust."""

    shapes: str  # N-Triples
    constraints: tuple[Constraint, ...]


def split(shapes: Path) -> Split:
    """The shapes file parted (see the module docstring); kept for as long as the file is unchanged."""
    stat = Path(shapes).stat()
    return _split(str(shapes), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _split(shapes: str, _mtime: int, _size: int) -> Split:
    store = ox.Store()
    store.load(path=shapes, format=ox.RdfFormat.TURTLE)
    taken, constraints = set(), []
    links = store.quads_for_pattern(None, ox.NamedNode(f"{SH}sparql"), None)
    for shape, node in [(t.subject, t.object) for t in links]:
        if _true(store, node, "deactivated") and _usable(store, shape) is not None:
            taken.add((shape, node))
            continue
        made = _constraint(store, shape, node)
        if made is not None:
            taken.add((shape, node))
            constraints.append(made)
    rest = [q for q in store if not (q.predicate.value == f"{SH}sparql" and (q.subject, q.object) in taken)]
    text = (ox.serialize(rest, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    return Split(text, tuple(constraints))


def _values(store: ox.Store, node, name: str) -> list:
    return [q.object for q in store.quads_for_pattern(node, ox.NamedNode(SH + name), None)]


def _true(store: ox.Store, node, name: str) -> bool:
    return any(v.value == "true" for v in _values(store, node, name))


def _usable(store: ox.Store, shape) -> str | None:
    """The focus nodes of a shape as a SPARQL group binding ?this, if it has targets of its own only; else None."""
    if _true(store, shape, "deactivated") or next(store.quads_for_pattern(None, None, shape), None) is not None:
        return None  # used by another shape (sh:property, sh:node, ...): its focus nodes come from there
    targets = [
        TARGETS[q.predicate.value].format(q.object)
        for q in store.quads_for_pattern(shape, None, None)
        if q.predicate.value in TARGETS and not isinstance(q.object, ox.BlankNode)
    ]
    unknown = any(q.predicate.value == f"{SH}target" for q in store.quads_for_pattern(shape, None, None))
    if not targets or unknown:
        return None
    return " UNION ".join(targets) + " ."  # not a subquery: measured twice as fast in the evidence checks


def _constraint(store: ox.Store, shape, node) -> Constraint | None:
    """The constraint `node` of `shape` as one query, or None if it stays with shacl-rust."""
    focus, selects = _usable(store, shape), _values(store, node, "select")
    paths = _values(store, shape, "path")
    if focus is None or len(selects) != 1 or (paths and not isinstance(paths[0], ox.NamedNode)):
        return None
    query = selects[0].value.replace("$PATH", str(paths[0])) if paths else selects[0].value
    rewritten = _rewrite(query, focus)
    prefixes = _prefixes(store, node)
    if rewritten is None or prefixes is None:
        return None
    full = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items())) + rewritten
    try:
        returned = ox.Store().query(full)
    except SyntaxError:
        return None
    if not isinstance(returned, ox.QuerySolutions) or ox.Variable("this") not in returned.variables:
        return None
    own = sorted(str(m.value) for m in _values(store, node, "message")) or [DEFAULT_MESSAGE]
    of_shape = tuple(sorted(str(m.value) for m in _values(store, shape, "message")))
    severity = next((str(s) for s in _values(store, shape, "severity")), VIOLATION)
    return Constraint(str(shape), full, tuple(own), of_shape, severity, str(paths[0]) if paths else None)


def _prefixes(store: ox.Store, node) -> dict | None:
    """The prefixes the constraint's sh:prefixes declare (sh:declare); None if one is declared twice differently."""
    found: dict[str, str] = {}
    for holder in _values(store, node, "prefixes"):
        for declaration in _values(store, holder, "declare"):
            for prefix in _values(store, declaration, "prefix"):
                for namespace in _values(store, declaration, "namespace"):
                    if found.setdefault(prefix.value, namespace.value) != namespace.value:
                        return None
    return found


def _rewrite(query: str, focus: str) -> str | None:
    """The query with its focus nodes joined in, each solution once; None if it is not one `_rewrite` stands for."""
    stack: list[list] = []  # open groups: [position after "{", names $this, inside EXISTS]
    inserts, words, select, previous = [], set(), None, ""
    for m in TOKEN.finditer(query):
        if m["var"]:
            if m["var"][1:] in UNSUPPORTED_VARIABLES:
                return None
            if m["var"][1:] == "this":
                for group in stack:
                    group[1] = True
        elif m["word"]:
            previous = m["word"].lower()
            if previous == "select" and select is not None:
                return None  # a subquery
            select = m.end() if previous == "select" else select
            words.add(previous)
        elif m[0] == "{":
            stack.append([m.end(), False, previous == "exists" or bool(stack and stack[-1][2])])
            previous = "{"
        elif m[0] == "}" and stack:
            end, names_this, in_exists = stack.pop()
            if (names_this or not stack) and not in_exists:
                inserts.append(end)
    if select is None or words & UNSUPPORTED or stack:
        return None
    for at in sorted(inserts, reverse=True):
        query = f"{query[:at]} {focus} {query[at:]}"
    return query[:select] + re.sub(r"^\s*(?:(?:DISTINCT|REDUCED)\b)?", " DISTINCT ", query[select:], flags=re.I)

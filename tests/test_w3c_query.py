"""W3C SPARQL 1.1 query-evaluation tests through the endpoint's own code path, from the files in tests/w3c/.

Each test's data goes into an N-Quads dump loaded by kg's OxigraphStore, as the served dump is: the
`qt:data` triples in a named graph of their own (so the default graph is the store's merge, blank
nodes and all), each `qt:graphData` graph under its own name. The query runs through
`kg.query.runner.execute` (the query process's code: store, then kg.query.formats), and the answer,
written in every results format that carries all of it (SPARQL JSON, XML, TSV; N-Triples for
graphs), is read back and compared with the expected results: RDF terms exactly (lexical forms
too), blank nodes by a bijection, graphs by isomorphism. Expected failures are engine bugs only,
each named with the reproduction in the protocol review (E1-E4).
"""

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from kg.query import formats
from kg.query.results import Graphs
from kg.query.runner import Outcome, Request, execute
from kg.query.stores import OxigraphStore

ROOT = Path(__file__).resolve().parent / "w3c" / "sparql11"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"  # where the suite's files live
CATEGORIES = (
    "aggregates",
    "bind",
    "bindings",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
DATA_GRAPH = "urn:x-w3c-test:data"
RESULTS_BY_TYPE = {  # the results formats that carry every term of an answer, and their parsers
    formats.SPARQL_JSON: ox.QueryResultsFormat.JSON,
    formats.SPARQL_XML: ox.QueryResultsFormat.XML,
    formats.TSV: ox.QueryResultsFormat.TSV,
}
PARSERS = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RESULT_SET = ox.NamedNode(RS + "ResultSet")
RESULTS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON, ".tsv": ox.QueryResultsFormat.TSV}

E1 = "oxigraph 0.5.13: BNODE(str) gives the same blank node in different solutions (SPARQL 1.1 §17.4.2.9: distinct)"
E2 = "oxigraph 0.5.13: a zero-length path from a constant that is not in the data matches nothing (expected: itself)"
E3 = "oxigraph 0.5.13: GROUP_CONCAT of literals in one language gives a language-tagged string, not a simple literal"
E4 = (
    'oxigraph 0.5.13: numbers come out in the engine\'s own lexical form ("1" for data "1.0"^^xsd:decimal, '
    '"2" and "2.5" where the test writes "2.0" and "2.5E0"); the values are equal'
)
# Found by running the tests with named graphs, which the review left out; each fails on a plain pyoxigraph.Store too.
E5 = "oxigraph 0.5.13: MINUS inside GRAPH ?g treats ?g as shared by both sides, so it removes what it should keep"
E6 = "oxigraph 0.5.13: VALUES inside GRAPH ?g that binds ?g (or leaves it UNDEF) is not joined with each graph"
E7 = "oxigraph 0.5.13: an aggregate subquery inside GRAPH ?g is evaluated once, not once per named graph"
ENGINE_BUGS = {
    "functions/bnode01": E1,
    "property-path/zero_or_more_set_start": E2,
    "property-path/zero_or_more_set_end": E2,
    "property-path/zero_or_one_set_start": E2,
    "property-path/zero_or_one_set_end": E2,
    "aggregates/agg-groupconcat-04": E3,
    "aggregates/agg-groupconcat-06": E3,
    "aggregates/agg-sum-02": E4,
    "aggregates/agg-avg-02": E4,
    "aggregates/agg-min-01": E4,
    "aggregates/agg-min-02": E4,
    "aggregates/agg-max-01": E4,
    "aggregates/agg-max-02": E4,
    "aggregates/agg-min-distinct": E4,
    "aggregates/agg-max-distinct": E4,
    "aggregates/agg-err-02": E4,
    "functions/coalesce01": E4,
    "negation/graph-minus": E5,
    "bindings/graph": E6,
    "aggregates/agg-empty-group-count-graph": E7,
}


def _local(manifest: Graph, node) -> str | None:
    """The file name a manifest's IRI points at, or None."""
    return str(node).rsplit("/", 1)[-1] if node is not None else None


def _entry(category: str, manifest: Graph, test) -> dict | None:
    """One approved (or not yet classified) query-evaluation test of a manifest, as file names."""
    if manifest.value(test, RDF.type) != MF.QueryEvaluationTest:
        return None
    if manifest.value(test, DAWGT.approval) in (DAWGT.Proposed, DAWGT.Withdrawn, DAWGT.Rejected):
        return None
    action = manifest.value(test, MF.action)
    named = [manifest.value(g, QT.graph) or g for g in manifest.objects(action, QT.graphData)]
    return {
        "id": f"{category}/{str(test).rsplit('#', 1)[-1]}",
        "category": category,
        "query": _local(manifest, manifest.value(action, QT.query)),
        "data": [_local(manifest, d) for d in manifest.objects(action, QT.data)],
        "named": sorted(_local(manifest, g) for g in named),
        "result": _local(manifest, manifest.value(test, MF.result)),
    }


def manifest_tests(category: str) -> list:
    """The query-evaluation tests of one category's manifest, in its order."""
    path = ROOT / category / "manifest.ttl"
    manifest = Graph().parse(path, format="turtle", publicID=f"{BASE}{category}/manifest.ttl")
    top = manifest.value(predicate=RDF.type, object=MF.Manifest)
    entries = (_entry(category, manifest, t) for t in Collection(manifest, manifest.value(top, MF.entries)))
    return [e for e in entries if e is not None]


TESTS = [t for c in CATEGORIES for t in manifest_tests(c)]


def case(test: dict):
    """A pytest parameter for a test, an expected failure (strict) if the engine is known to fail it."""
    bug = ENGINE_BUGS.get(test["id"])
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(test, id=test["id"], marks=marks)


def file_iri(test: dict, name: str) -> str:
    """The IRI a test file has in the suite (relative IRIs in queries and data resolve against it)."""
    return f"{BASE}{test['category']}/{name}"


def quads(test: dict, name: str, graph: str):
    """The triples of a data file as quads in one named graph."""
    path = ROOT / test["category"] / name
    for t in ox.parse(path=str(path), format=PARSERS[path.suffix], base_iri=file_iri(test, name)):
        yield ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))


def store_of(test: dict, folder: Path) -> OxigraphStore:
    """An OxigraphStore over an N-Quads dump of the test's dataset."""
    dataset = [q for name in test["data"] for q in quads(test, name, DATA_GRAPH)]
    dataset += [q for name in test["named"] for q in quads(test, name, file_iri(test, name))]
    dump = folder / "kg.nq"
    dump.write_bytes(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS))
    return OxigraphStore(dump)


def dataset_of(test: dict, sparql: str) -> Graphs | None:
    """The dataset to query: the query's own (FROM), else the store's merge (None) unless the test has named
    graphs or the query reaches for them."""
    if re.search(r"\bFROM\b", sparql, re.IGNORECASE):
        return None
    if not test["named"] and not re.search(r"\bGRAPH\b", sparql, re.IGNORECASE):
        return None
    return Graphs(default=(DATA_GRAPH,) if test["data"] else (), named=tuple(file_iri(test, n) for n in test["named"]))


def answer(test: dict, store: OxigraphStore, media_type: str) -> bytes:
    """The endpoint's answer to the test's query in one media type."""
    sparql = (ROOT / test["category"] / test["query"]).read_text(encoding="utf-8")
    req = Request(
        sparql,
        graphs=dataset_of(test, sparql),
        select_type=media_type if media_type in formats.SELECT_TYPES else None,
        ask_type=media_type if media_type in formats.ASK_TYPES else None,
        graph_type=media_type if media_type in formats.GRAPH_TYPES else None,
        base_iri=file_iri(test, test["query"]),
    )
    reply = execute(store, req)
    assert reply.outcome == Outcome.OK, reply.detail
    return reply.body


def expected(test: dict):
    """The expected answer: a bool, (variables, rows) or a canonical set of triples."""
    path = ROOT / test["category"] / test["result"]
    if path.suffix not in PARSERS:
        return solutions(ox.parse_query_results(path=str(path), format=RESULTS[path.suffix]))
    triples = list(ox.parse(path=str(path), format=PARSERS[path.suffix], base_iri=file_iri(test, path.name)))
    if any(t.object == RESULT_SET for t in triples):
        return result_set(triples)
    return canonical(triples)


def result_set(triples: list):
    """Expected solutions written in RDF (the DAWG result-set vocabulary) as (sorted variable names, rows)."""
    about: dict = {}
    for t in triples:
        about.setdefault(t.subject, []).append((t.predicate.value.removeprefix(RS), t.object))
    top = next(t.subject for t in triples if t.object == RESULT_SET)
    names = sorted(o.value for p, o in about[top] if p == "resultVariable")
    rows = []
    for solution in (o for p, o in about[top] if p == "solution"):
        cells = dict(_binding(about[b]) for p, b in about[solution] if p == "binding")
        rows.append(tuple(cells.get(n) for n in names))
    return names, rows


def _binding(pairs: list) -> tuple:
    """(variable name, value) of one rs:binding node."""
    found = dict(pairs)
    return found["variable"].value, found["value"]


def solutions(parsed):
    """A parsed results document as a bool (ASK) or (sorted variable names, rows as tuples of terms)."""
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    names = sorted(v.value for v in parsed.variables)
    return names, [tuple(solution[n] for n in names) for solution in parsed]


def canonical(statements) -> set:
    """Triples with their blank nodes renamed canonically, so that isomorphic graphs give equal sets."""
    dataset = ox.Dataset(ox.Quad(s.subject, s.predicate, s.object) for s in statements)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {q.triple for q in dataset}


BNODE = object()  # stands for any blank node when rows are grouped


def _shape(row: tuple) -> tuple:
    """A row with its blank nodes blanked out, for grouping rows that may match."""
    return tuple(BNODE if isinstance(t, ox.BlankNode) else t for t in row)


def same_rows(ours: list, theirs: list) -> bool:
    """Whether two bags of rows are equal up to a renaming of blank nodes (a bijection, found by backtracking)."""
    if Counter(map(_shape, ours)) != Counter(map(_shape, theirs)):
        return False
    ours = [r for r in ours if BNODE in _shape(r)]
    theirs = [r for r in theirs if BNODE in _shape(r)]
    return _match(ours, theirs, {}, {})


def _match(ours: list, theirs: list, forward: dict, back: dict) -> bool:
    """Match the first of our rows with one of theirs under a growing bijection of blank nodes, then the rest."""
    if not ours:
        return True
    row, rest = ours[0], ours[1:]
    for i, other in enumerate(theirs):
        pairs = _pairs(row, other, forward, back)
        if pairs is not None and _match(rest, theirs[:i] + theirs[i + 1 :], {**forward, **pairs}, _flip(back, pairs)):
            return True
    return False


def _flip(back: dict, pairs: dict) -> dict:
    """The reverse map extended by new pairs."""
    return {**back, **{v: k for k, v in pairs.items()}}


def _pairs(row: tuple, other: tuple, forward: dict, back: dict) -> dict | None:
    """The blank-node pairs that make two rows equal given the bijection so far, or None if none do."""
    pairs: dict = {}
    for ours, theirs in zip(row, other, strict=True):
        if not isinstance(ours, ox.BlankNode):
            if ours != theirs:
                return None
            continue
        if not isinstance(theirs, ox.BlankNode):
            return None
        mapped = forward.get(ours, pairs.get(ours))
        if mapped is None and (theirs in back or theirs in pairs.values()):
            return None
        if mapped is not None and mapped != theirs:
            return None
        pairs[ours] = theirs
    return pairs


def same(ours, theirs) -> bool:
    """Whether our answer equals the expected one (booleans, solutions up to blank nodes, canonical graphs)."""
    if isinstance(theirs, tuple):
        return ours[0] == theirs[0] and same_rows(ours[1], theirs[1])
    return ours == theirs


@pytest.mark.parametrize("test", [case(t) for t in TESTS])
def test_w3c_query_evaluation(test, tmp_path):
    store = store_of(test, tmp_path)
    want = expected(test)
    if isinstance(want, set):
        got = canonical(ox.parse(answer(test, store, formats.NTRIPLES), format=ox.RdfFormat.N_TRIPLES))
        assert got == want
        return
    for media_type in formats.ASK_TYPES if isinstance(want, bool) else RESULTS_BY_TYPE:
        got = solutions(ox.parse_query_results(answer(test, store, media_type), format=RESULTS_BY_TYPE[media_type]))
        assert same(got, want), f"{media_type}: {got!r}"


def test_sample_covers_every_category_and_names_only_tests_it_runs():
    assert {t["category"] for t in TESTS} == set(CATEGORIES) and len(TESTS) >= 180
    assert set(ENGINE_BUGS) <= {t["id"] for t in TESTS}

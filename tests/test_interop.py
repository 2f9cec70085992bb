"""The dumps load into other RDF tools and stores with equal counts and identical query answers.

Stores: pyoxigraph used directly, raptor's `rapper` (counts only), a real Virtuoso server, and
our own OxigraphStore. rdflib's parsers give the reference counts. How answers are compared,
and what is normalized, is in tests/results.py. Virtuoso's count per graph after `kg load` is in
test_load.py, its answers to the canned queries (through RemoteStore) in test_virtuoso_endpoint.py.
"""

import re
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.cli.load import graph_url, opener, request
from kg.query import canned as queries
from kg.query.canned import bind
from kg.query.stores import OxigraphStore
from kg.rdf.terms import to_rdflib
from tests.helpers import ROOT, missing_programs, require
from tests.results import normalize, ordered

DUMP = ROOT / "dump"
CANNED = queries.load_all()
TEST_QUERIES = queries.load_all(ROOT / "tests" / "queries")
SCRATCH = "urn:x-test:turtle-dump"


@pytest.fixture(scope="module")
def expected():
    """Reference counts from rdflib: triples of kg.ttl, quads of kg.nq, triples per named graph."""
    ds = Dataset()
    ds.parse(DUMP / "kg.nq", format="nquads")
    per_graph = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    return {
        "triples": len(Graph().parse(DUMP / "kg.ttl", format="turtle")),
        "quads": sum(per_graph.values()),
        "graphs": per_graph,
    }


@pytest.fixture(scope="module")
def direct():
    """pyoxigraph used directly: a Store bulk-loaded from kg.nq."""
    store = ox.Store()
    store.bulk_load(path=str(DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def ours():
    """Our own embedded store, as the CLI and the endpoint use it."""
    return OxigraphStore(DUMP / "kg.nq")


def direct_rows(store: ox.Store, sparql: str) -> tuple:
    """Variables and rows of a SELECT run by pyoxigraph itself over the union default graph."""
    res = store.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return names, [tuple(to_rdflib(sol[n]) for n in names) for sol in res]


def single_number(names_rows) -> int:
    """The one number a counting query answers."""
    return int(names_rows[1][0][0])


def rapper_count(path, syntax: str) -> int:
    """How many triples (or quads) raptor's rapper parses from a file."""
    require(missing_programs("rapper"))
    res = subprocess.run(
        ["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert res.returncode == 0, res.stderr
    return int(re.search(r"returned (\d+) triples", res.stderr)[1])


def test_pyoxigraph_parses_turtle_and_nquads_with_reference_counts(expected):
    ttl, nq = ox.Store(), ox.Store()
    ttl.load(path=str(DUMP / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    nq.load(path=str(DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    assert (len(ttl), len(nq)) == (expected["triples"], expected["quads"])


@pytest.mark.e2e
@pytest.mark.parametrize("name,syntax,kind", [("kg.ttl", "turtle", "triples"), ("kg.nq", "nquads", "quads")])
def test_rapper_parses_dump_with_reference_count(expected, name, syntax, kind):
    assert rapper_count(DUMP / name, syntax) == expected[kind]


def test_our_store_counts_every_named_graph_as_rdflib_does(ours, expected):
    assert {str(g): int(n) for g, n in ours.query(CANNED["graph-counts"].text).rows} == expected["graphs"]


def test_virtuoso_default_graph_is_the_union_of_all_graphs(loaded, expected):
    # Without FROM, Virtuoso's default graph is every graph, its own system graphs included, and a
    # triple held by three graphs is matched three times (as pyoxigraph's use_default_graph_as_union).
    size, quads = TEST_QUERIES["default-graph-size"].full_text, TEST_QUERIES["quad-count"].full_text
    assert single_number(loaded.rows(size)) == single_number(loaded.rows(quads)) > expected["quads"]


def test_our_default_graph_is_the_merge_of_named_graphs(ours, expected):
    # Our store's default graph is the RDF merge: each triple once however many graphs hold it.
    # So COUNT(*) without GRAPH differs from Virtuoso's; the canned queries count DISTINCT things.
    size, quads = TEST_QUERIES["default-graph-size"].text, TEST_QUERIES["quad-count"].text
    assert single_number((None, ours.query(size).rows)) == expected["triples"]
    assert single_number((None, ours.query(quads).rows)) == expected["quads"]


def test_virtuoso_loads_turtle_dump_with_reference_count(loaded, expected):
    url, op = graph_url(loaded.graph_store, SCRATCH), opener(None)
    request(op, "PUT", url, (DUMP / "kg.ttl").read_bytes(), {"Content-Type": "text/turtle"}, 60)
    try:
        _, rows = loaded.rows(CANNED["graph-counts"].full_text)
        assert {str(g): int(n) for g, n in rows}[SCRATCH] == expected["triples"]
    finally:
        request(op, "DELETE", url, None, {}, 60)


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_query_same_answer_from_pyoxigraph_and_ours(direct, ours, name):
    q = CANNED[name]
    sparql = bind(q.full_text, q.bindings({}))
    names, rows = direct_rows(direct, sparql)
    mine = ours.query(q.text, q.bindings({}))
    assert rows, f"{name} answers nothing on the shipped dump: the comparison would prove nothing"
    assert normalize(sparql, names, rows) == normalize(sparql, names, ordered(mine.variables, mine.rows, names))

"""One query suite, every store: the Oxigraph store kept on disk, rdflib's engine and a remote endpoint
(our own real server, through SPARQLWrapper) give the same answers as the embedded Oxigraph store in
memory. How answers are compared is in tests/results.py (sets of normalized rows: GROUP_CONCAT order
and SAMPLE picks are the store's choice)."""

import multiprocessing
import shutil

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg import paths
from kg.errors import InputError, ReadOnly, RemoteError
from kg.query.canned import load_all
from kg.query.remote import RemoteStore
from kg.query.results import Graphs
from kg.query.stores import OxigraphStore, RdflibStore
from kg.rdf.namespaces import ID
from tests.helpers import free_port
from tests.results import norm_term, normalize, ordered
from tests.server import SPARQL, Server

CANNED = load_all()
PARAMS = {  # a second set of parameters for every canned query that has any
    "agreements-after-ties": {"lang": "nl"},
    "article-facts": {"article": "article/nl-rusnk-2024-10"},
    "country-timeline": {"country": "south-korea", "lang": "nl"},
    "curator-knowledge": {"article": "article/nl-rusnk-2024-10"},
    "initiative-fields": {"initiative": "nine-bridges-initiative"},
    "meetings": {"place": "seoul", "from": "2021-03-01", "to": "2021-03-31"},
    "officials-by-country": {"country": "south-korea"},
    "statement-evidence": {"subject": "meeting-lavrov-chung-2021-03", "property": "dip:participant"},
    "statements-by": {"speaker": "sergei-lavrov"},
    "statistics-over-time": {"indicator": "tourist-arrivals"},
}
CASES = [(n, {}) for n in sorted(CANNED)] + sorted(PARAMS.items())
QUERIES = ["labels.rq", "meetings-per-graph.rq", "count-per-graph.rq", "from-ontology.rq"]
ONTOLOGY = str(ID["graph/ontology"])
W3C = paths.ROOT / "tests" / "w3c" / "sparql11"


@pytest.fixture(scope="module")
def server():
    with Server(workers=2) as s:
        yield s


@pytest.fixture(scope="module")
def stores(server, tmp_path_factory):
    nq = paths.DUMP / "kg.nq"
    return {
        "oxigraph": OxigraphStore(nq),
        "on-disk": OxigraphStore(nq, tmp_path_factory.mktemp("store")),
        "rdflib": RdflibStore(nq),
        "remote": RemoteStore(server.sparql, timeout=30),
    }


def same(sparql, reference, other) -> bool:
    """Whether two SELECT results hold the same rows, normalized."""
    return normalize(sparql, reference.variables, reference.rows) == normalize(
        sparql, reference.variables, ordered(other.variables, other.rows, reference.variables)
    )


def triples(result) -> set:
    return {tuple(map(norm_term, t)) for t in result.triples}


@pytest.mark.parametrize("kind", ["on-disk", "rdflib", "remote"])
@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'params' if p else 'defaults'}" for n, p in CASES])
def test_canned_query_same_answer_on_every_store(stores, kind, name, params):
    q = CANNED[name]
    reference = stores["oxigraph"].query(q.text, q.bindings(params))
    assert reference.rows, f"{name} {params} answers nothing: the comparison would prove nothing"
    assert same(q.full_text, reference, stores[kind].query(q.text, q.bindings(params)))


@pytest.mark.parametrize("kind", ["on-disk", "rdflib", "remote"])
@pytest.mark.parametrize("file", QUERIES)
def test_select_with_named_graphs_same_on_every_store(stores, kind, file):
    sparql = (SPARQL / file).read_text()
    reference = stores["oxigraph"].query(sparql)
    assert reference.rows and same(sparql, reference, stores[kind].query(sparql))


@pytest.mark.parametrize("kind", ["oxigraph", "on-disk", "rdflib", "remote"])
def test_ask_and_construct_same_on_every_store(stores, kind):
    store = stores[kind]
    assert store.query((SPARQL / "ask-dutch-label.rq").read_text()).boolean is True
    assert store.query((SPARQL / "ask-false.rq").read_text()).boolean is False
    construct = (SPARQL / "construct-meetings.rq").read_text()
    assert triples(store.query(construct)) == triples(stores["oxigraph"].query(construct)) != set()


@pytest.mark.parametrize("kind", ["oxigraph", "on-disk", "rdflib", "remote"])
def test_request_dataset_and_row_limit_on_every_store(stores, kind):
    store = stores[kind]
    sizes = dict(stores["oxigraph"].query((SPARQL / "count-per-graph.rq").read_text()).rows)
    count = store.query((SPARQL / "count.rq").read_text(), graphs=Graphs(default=(ONTOLOGY,)))
    assert int(count.rows[0][0]) == int(sizes[URIRef(ONTOLOGY)]) > 0
    per_graph = store.query((SPARQL / "count-per-graph.rq").read_text(), graphs=Graphs(named=(ONTOLOGY,)))
    assert [str(g) for g, _ in per_graph.rows] == [ONTOLOGY]
    cut = store.query((SPARQL / "labels.rq").read_text(), limit=3)
    assert len(cut.rows) == 3 and cut.truncated


@pytest.mark.parametrize("kind", ["oxigraph", "on-disk", "rdflib", "remote"])
def test_bad_queries_and_updates_are_refused_on_every_store(stores, kind):
    with pytest.raises(InputError):
        stores[kind].query((SPARQL / "malformed.rq").read_text())
    with pytest.raises(InputError):
        stores[kind].query((SPARQL / "updates" / "insert-data.ru").read_text())


@pytest.mark.parametrize("kind", ["oxigraph", "on-disk", "rdflib", "remote"])
def test_relative_iris_resolve_against_the_base_on_every_store(stores, kind):
    sparql = (SPARQL / "protocol" / "relative-select.rq").read_text()
    result = stores[kind].query(sparql, base_iri="http://example.org/sparql")
    assert result.rows == [(URIRef("http://example.org/x"),)]


@pytest.mark.parametrize("kind", ["oxigraph", "on-disk", "rdflib", "remote"])
def test_literals_keep_their_lexical_forms_on_every_store(stores, kind):
    result = stores[kind].query((SPARQL / "protocol" / "engine-terms.rq").read_text())
    assert {"INF", "NaN", "PT0S", "10:00:00Z"} <= {str(row[0]) for row in result.rows}


def test_default_graph_of_a_dump_with_blank_nodes_holds_each_triple_once(tmp_path):
    data = list(ox.parse(path=str(W3C / "subquery" / "sq11.ttl"), format=ox.RdfFormat.TURTLE))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:x-test:sq11")) for t in data]
    (tmp_path / "kg.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    for store in (OxigraphStore(tmp_path / "kg.nq"), OxigraphStore(tmp_path / "kg.nq", tmp_path / "store")):
        assert int(store.query((SPARQL / "count.rq").read_text()).rows[0][0]) == len(set(data))


def test_remote_store_refuses_updates_itself_and_reports_unreachable_endpoints():
    with pytest.raises(ReadOnly):
        RemoteStore("http://127.0.0.1:9/sparql").query((SPARQL / "updates" / "clear.ru").read_text())
    with pytest.raises(RemoteError, match="cannot reach the remote store"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/sparql", timeout=2).query((SPARQL / "count.rq").read_text())
    with pytest.raises(InputError, match="http"):
        RemoteStore("ftp://example.org/sparql")


def store_folders(folder) -> list:
    """The stores an on-disk folder holds: one per dump, named by the dump's SHA-256."""
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and len(p.name) == 64)


@pytest.mark.slow  # three on-disk stores made and opened
def test_on_disk_store_is_made_once_and_remade_when_the_dump_changes(tmp_path):
    nq, folder = tmp_path / "kg.nq", tmp_path / "store"
    shutil.copy(paths.DUMP / "kg.nq", nq)
    (folder / ".making-killed").mkdir(parents=True)  # left by a query process stopped while making a store
    count = (SPARQL / "count.rq").read_text()
    before = int(OxigraphStore(nq, folder).query(count).rows[0][0])
    made = store_folders(folder)
    stamp = (folder / made[0]).stat().st_mtime_ns
    assert int(OxigraphStore(nq, folder).query(count).rows[0][0]) == before  # reopened, not made again
    assert store_folders(folder) == made and (folder / made[0]).stat().st_mtime_ns == stamp
    with open(nq, "a") as f:
        f.write(
            '<https://dipkg.example.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" '
            "<https://dipkg.example.org/id/graph/extra> .\n"
        )
    assert int(OxigraphStore(nq, folder).query(count).rows[0][0]) == before + 1
    assert len(store_folders(folder)) == 1 and store_folders(folder) != made  # the old dump's store is gone
    assert not list(folder.glob(".making-*"))


def _count_on_disk(nq, folder) -> int:
    return int(OxigraphStore(nq, folder).query((SPARQL / "count.rq").read_text()).rows[0][0])


@pytest.mark.slow  # three processes spawned
def test_processes_opening_a_new_on_disk_store_together_make_it_once(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        counts = pool.starmap(_count_on_disk, [(paths.DUMP / "kg.nq", tmp_path)] * 3)
    in_memory = int(OxigraphStore(paths.DUMP / "kg.nq").query((SPARQL / "count.rq").read_text()).rows[0][0])
    assert counts == [in_memory] * 3 and in_memory > 0
    assert len(store_folders(tmp_path)) == 1 and not list(tmp_path.glob(".making-*"))


def test_an_unusable_store_folder_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(InputError, match="store folder .*file cannot be used"):
        OxigraphStore(paths.DUMP / "kg.nq", tmp_path / "file")

"""The SPARQL 1.1 Protocol and its formats to the letter: each finding F1-F14 of the protocol review
(../shared/reviews/2026-12-protocol-and-clients.md) as the review's own request, sent to the real app
(the Flask test client; the real server where a client library or raw bytes matter)."""

import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import POST, POSTDIRECTLY, RDF, URLENCODED, SPARQLWrapper

from app import create_app
from kg.query import formats
from kg.query.canned import bind, load_all
from kg.rdf.namespaces import ID, ONTOLOGY_GRAPH, PREFIX_IRIS
from tests.helpers import ROOT
from tests.server import SPARQL, Server

PROTOCOL = SPARQL / "protocol"
W3C = ROOT / "tests" / "w3c" / "sparql11"
LABELS = (SPARQL / "labels.rq").read_text()
CONSTRUCT = (SPARQL / "construct-meetings.rq").read_text()
COUNTS = (SPARQL / "count-per-graph.rq").read_text()
ASK = (PROTOCOL / "ask-empty.rq").read_text()
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def text(name: str) -> str:
    return (PROTOCOL / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server():
    with Server(workers=1) as s:
        yield s


def get(client, sparql, accept=None, **params):
    return client.get("/sparql", query_string={"query": sparql, **params}, headers={"Accept": accept} if accept else {})


def terms(response) -> list:
    """The terms of a one-variable SELECT answer, read by pyoxigraph from whatever results format it came in."""
    parsed = ox.parse_query_results(response.data, format=formats.RESULTS_FORMATS[response.mimetype])
    return [solution[0] for solution in parsed]


def graph_size(client, graph: str) -> int:
    """How many triples a named graph holds, asked of /sparql."""
    rows = get(client, COUNTS).get_json(force=True)["results"]["bindings"]
    return next(int(r["triples"]["value"]) for r in rows if r["graph"]["value"] == graph)


# F1: terms as the engine gives them


@pytest.mark.parametrize("accept", [formats.TSV, formats.SPARQL_JSON, formats.SPARQL_XML])
def test_select_keeps_the_engines_lexical_forms(client, accept):
    engine = [s[0] for s in ox.Store().query(text("engine-terms.rq"), prefixes=PREFIX_IRIS)]
    got = terms(get(client, text("engine-terms.rq"), accept))
    assert got == engine
    assert {"2021-03-25+09:00", "INF", "NaN", "-INF", "10:00:00Z", "PT0S"} <= {t.value for t in got}


def test_construct_keeps_the_engines_lexical_forms(client):
    engine = set(ox.Store().query(text("engine-terms-construct.rq"), prefixes=PREFIX_IRIS))
    body = get(client, text("engine-terms-construct.rq"), formats.NTRIPLES).data
    assert {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == engine
    assert b'"INF"^^<http://www.w3.org/2001/XMLSchema#double>' in body and b'"2021-03-25+09:00"' in body


# F2: media ranges with parameters


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/sparql-results+json;charset=utf-8", formats.SPARQL_JSON),
        ("application/sparql-results+xml;charset=utf-8", formats.SPARQL_XML),
        ("text/csv;charset=utf-8", formats.CSV),
        ("text/csv; header=present", formats.CSV),
    ],
)
def test_results_accept_with_parameters_matches(client, accept, expected):
    r = get(client, LABELS, accept)
    assert r.status_code == 200 and r.mimetype == expected


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("text/turtle;charset=utf-8", formats.TURTLE),
        ("application/n-triples; charset=utf-8", formats.NTRIPLES),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', formats.JSONLD),
    ],
)
def test_graph_accept_with_parameters_matches_on_sparql_and_id(client, accept, expected):
    for r in (get(client, CONSTRUCT, accept), client.get("/id/russia", headers={"Accept": accept})):
        assert r.status_code == 200 and r.mimetype == expected
        assert list(ox.parse(r.data, format=formats.RDF_FORMATS[expected]))


def test_accept_of_another_charset_is_406(client):
    assert get(client, LABELS, "text/csv;charset=iso-8859-1").status_code == 406


def test_the_most_specific_media_range_decides(client):
    assert get(client, LABELS, "text/*;q=0.9, text/csv;q=0, */*;q=0.1").mimetype == formats.TSV


# F3: a base IRI for queries


def test_relative_iris_resolve_against_the_endpoint(client):
    r = client.post("/sparql", data=text("relative-construct.rq"), content_type="application/sparql-query")
    assert r.status_code == 200
    triples = {q.triple for q in ox.parse(r.data, format=ox.RdfFormat.TURTLE)}
    base = "http://localhost/"
    assert triples == {ox.Triple(ox.NamedNode(base + "s"), ox.NamedNode(base + "p"), ox.Literal(1))}
    assert terms(get(client, text("relative-select.rq"))) == [ox.NamedNode(base + "x")]


def test_a_querys_own_base_wins(client):
    r = client.post("/sparql", data=text("own-base.rq"), content_type="application/sparql-query")
    assert {t.subject for t in ox.parse(r.data, format=ox.RdfFormat.TURTLE)} == {ox.NamedNode("http://example.org/s")}


# F4: an unknown `format=` falls back to Accept; `rdf` is RDF/XML


def test_sparqlwrappers_rdf_format_request_gets_rdf_xml(client):
    r = get(client, CONSTRUCT, "*/*", format="rdf", output="rdf", results="rdf")
    assert r.status_code == 200 and r.mimetype == formats.RDFXML
    assert len(Graph().parse(data=r.data, format="xml")) == len(
        set(ox.parse(get(client, CONSTRUCT, formats.NTRIPLES).data, format=ox.RdfFormat.N_TRIPLES))
    )


@pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning", "ignore::DeprecationWarning")
@pytest.mark.parametrize("method,request_method", [(None, None), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_rdf_return_format_works_over_http(server, method, request_method):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(RDF)
    if method:
        client.setMethod(method)
        client.setRequestMethod(request_method)
    graph = client.queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) > 0


# F5: ASK only in the formats that define a boolean


@pytest.mark.parametrize("accept", [formats.CSV, formats.TSV])
def test_ask_in_csv_or_tsv_only_is_406(client, accept):
    r = get(client, ASK, accept)
    assert r.status_code == 406 and formats.SPARQL_JSON in r.get_data(as_text=True)


def test_ask_with_csv_or_anything_gets_json(client):
    r = get(client, ASK, "text/csv, */*;q=0.1")
    assert r.mimetype == formats.SPARQL_JSON and r.get_json(force=True) == {"head": {}, "boolean": True}


def test_select_still_comes_as_csv_when_asked(client):
    assert get(client, LABELS, formats.CSV).mimetype == formats.CSV


# F6: blank nodes once in the default graph


def test_default_graph_holds_each_blank_node_triple_once(tmp_path):
    data = list(ox.parse(path=str(W3C / "subquery" / "sq11.ttl"), format=ox.RdfFormat.TURTLE))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:x-test:sq11")) for t in data]
    (tmp_path / "kg.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    app = create_app({"DUMP": str(tmp_path)})
    try:
        client = app.test_client()
        size = get(client, text("default-graph-size.rq")).get_json(force=True)["results"]["bindings"][0]
        assert int(size["triples"]["value"]) == len(set(data))
        assert int(size["blanks"]["value"]) == len({t.subject for t in data if isinstance(t.subject, ox.BlankNode)})
        expected = list(ox.parse_query_results(path=str(W3C / "subquery" / "sq11.srx")))
        assert len(terms(get(client, (W3C / "subquery" / "sq11.rq").read_text()))) == len(expected)
    finally:
        app.extensions["kg"].stop()


# F7: a carriage return survives XML


def test_carriage_return_survives_sparql_xml_results(client):
    r = get(client, text("carriage-return.rq"), formats.SPARQL_XML)
    literal = ET.fromstring(r.data).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == "a\rb"


def test_carriage_return_survives_rdf_xml(client):
    r = get(client, text("carriage-return-construct.rq"), formats.RDFXML)
    assert set(Graph().parse(data=r.data, format="xml").objects()) == {Literal("c\rd")}


# F8: named graph IRIs answer RDF


@pytest.mark.parametrize("media", [*formats.GRAPH_TYPES, formats.TRIG, formats.NQUADS])
def test_named_graph_iri_answers_its_triples(client, media):
    r = client.get("/id/graph/ontology", headers={"Accept": media})
    assert r.status_code == 200 and r.mimetype == media
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(r.data, format=formats.RDF_FORMATS[media])}
    assert len(triples) == graph_size(client, str(ONTOLOGY_GRAPH)) > 0


def test_named_graph_in_trig_keeps_its_name(client):
    r = client.get("/id/graph/ontology", headers={"Accept": formats.TRIG})
    assert {q.graph_name for q in ox.parse(r.data, format=ox.RdfFormat.TRIG)} == {ox.NamedNode(str(ONTOLOGY_GRAPH))}


# F9: the ontology namespace dereferences


def test_ontology_namespace_answers_the_ontology_as_rdf(client):
    for path in ("/ontology", "/ontology/"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.mimetype == formats.TURTLE
        assert len(set(ox.parse(r.data, format=ox.RdfFormat.TURTLE))) == graph_size(client, str(ONTOLOGY_GRAPH))


def test_ontology_page_has_an_anchor_for_every_class(client):
    page = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    classes = [t.value for t in terms(get(client, text("ontology-classes.rq")))]
    assert classes and all(f'id="{c.rsplit("#", 1)[1]}"' in page for c in classes)


# F10: bodies that are not UTF-8


def test_body_declared_in_another_charset_is_400(client):
    r = client.post(
        "/sparql",
        data=text("e-acute.rq").encode("latin-1"),
        content_type="application/sparql-query; charset=ISO-8859-1",
    )
    assert r.status_code == 400 and "charset=ISO-8859-1" in r.get_data(as_text=True)


def test_body_that_is_not_utf8_is_400_naming_the_byte(client):
    body = text("e-acute.rq").encode("utf-8").replace("é".encode(), b"\xff")
    r = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert r.status_code == 400 and "byte 0xff at offset" in r.get_data(as_text=True)


def test_utf16_body_is_400_over_http(server):
    headers = {"Content-Type": "application/sparql-query; charset=UTF-16"}
    status, _, body = server.request("POST", "/sparql", ASK.encode("utf-16"), headers)
    assert status == 400 and b"charset=UTF-16" in body


def test_form_with_a_value_that_is_not_utf8_is_400(client):
    r = client.post(
        "/sparql",
        data=b"query=SELECT%20(%22%FF%22%20AS%20%3Fx)%20%7B%7D",
        content_type="application/x-www-form-urlencoded",
    )
    assert r.status_code == 400 and "not UTF-8" in r.get_data(as_text=True)


# F11: Vary and ETag on resource pages, errors included


def test_resource_answers_vary_and_revalidate(client):
    for accept in ("text/turtle", "text/html"):
        r = client.get("/id/russia", headers={"Accept": accept})
        assert "Accept" in r.vary and r.headers["ETag"]
        again = client.get("/id/russia", headers={"Accept": accept, "If-None-Match": r.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_turtle_and_html_of_one_resource_have_different_etags(client):
    tags = {client.get("/id/russia", headers={"Accept": a}).headers["ETag"] for a in ("text/turtle", "text/html")}
    assert len(tags) == 2


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "image/png"])
def test_resource_errors_vary_by_accept(client, accept):
    r = client.get("/id/no-such-thing", headers={"Accept": accept})
    assert r.status_code in (404, 406) and "Accept" in r.vary


# F12: predeclared prefixes, honestly


def test_predeclared_prefixes_work_and_a_querys_own_win(client):
    assert get(client, text("predeclared-prefix.rq")).status_code == 200
    assert terms(get(client, text("own-prefix.rq"))) == [ox.Literal(0)]


@pytest.mark.parametrize("name", sorted(load_all()))
def test_canned_query_text_to_copy_runs_on_a_plain_store(name):
    q = load_all()[name]
    ox.Store().query(q.full_text if not q.params else bind(q.full_text, q.bindings({})))


def test_readme_says_which_prefixes_are_predeclared():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    assert "predeclared" in readme and all(f"`{p}:`" in readme for p in PREFIX_IRIS)


# F13: an empty query and a bad update


@pytest.mark.parametrize("query", ["", "  \n", text("comment-only.rq")])
def test_empty_query_is_400(client, query):
    r = get(client, query, "application/json")
    assert r.status_code == 400 and "read-only" not in r.get_json()["error"]["detail"]


def test_update_with_a_syntax_error_is_refused_as_an_update(client):
    r = client.post("/sparql", data={"update": text("bad-update.ru")}, headers={"Accept": "application/json"})
    assert r.status_code == 403 and "read-only" in r.get_json()["error"]["detail"]


# F14: application/xml and text/xml


@pytest.mark.parametrize("accept", ["application/xml", "text/xml"])
def test_plain_xml_types_get_the_xml_formats(client, accept):
    assert get(client, LABELS, accept).mimetype == formats.SPARQL_XML
    assert get(client, ASK, accept).mimetype == formats.SPARQL_XML
    assert get(client, CONSTRUCT, accept).mimetype == formats.RDFXML


def test_a_browser_still_gets_json_and_turtle(client):
    assert get(client, LABELS, BROWSER).mimetype == formats.SPARQL_JSON
    assert get(client, CONSTRUCT, BROWSER).mimetype == formats.TURTLE


# The review's dataset cases on our own named graphs


ARTICLE = str(ID["graph/rusk-2021-03"])
ONTOLOGY = str(ONTOLOGY_GRAPH)


def count(client, sparql: str, params: list) -> int:
    r = client.get("/sparql", query_string=[("query", sparql), *params])
    return int(r.get_json(force=True)["results"]["bindings"][0]["triples"]["value"])


def test_two_default_graph_uris_give_their_merge(client):
    both = count(
        client, (SPARQL / "count.rq").read_text(), [("default-graph-uri", ARTICLE), ("default-graph-uri", ONTOLOGY)]
    )
    assert both == graph_size(client, ARTICLE) + graph_size(client, ONTOLOGY)


def test_named_graph_uris_leave_the_default_graph_empty(client):
    params = [("named-graph-uri", ARTICLE), ("named-graph-uri", ONTOLOGY)]
    assert count(client, (SPARQL / "count.rq").read_text(), params) == 0
    rows = client.get("/sparql", query_string=[("query", COUNTS), *params]).get_json(force=True)["results"]["bindings"]
    assert {r["graph"]["value"] for r in rows} == {ARTICLE, ONTOLOGY}


def test_protocol_dataset_overrides_from(client):
    params = [("default-graph-uri", ARTICLE)]
    assert count(client, (SPARQL / "from-ontology.rq").read_text(), params) == graph_size(client, ARTICLE)


def test_relative_default_graph_uri_is_400(client):
    r = client.get("/sparql", query_string=[("query", LABELS), ("default-graph-uri", "graph/ontology")])
    assert r.status_code == 400 and "absolute IRI" in r.get_data(as_text=True)


def test_iris_in_the_data_are_the_datas_not_the_servers(client):
    g = Graph().parse(data=client.get("/id/russia", headers={"Accept": "text/turtle"}).data, format="turtle")
    assert (URIRef(ID["russia"]), None, None) in g

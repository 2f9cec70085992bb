"""/sparql in-process (Flask test client): the SPARQL 1.1 Protocol, content negotiation, errors, caching, limits."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from app import create_app
from kg.rdf.namespaces import ID
from tests.helpers import ROOT
from tests.server import SPARQL

LABELS = (SPARQL / "labels.rq").read_text()
CONSTRUCT = (SPARQL / "construct-meetings.rq").read_text()
MALFORMED = (SPARQL / "malformed.rq").read_text()
SD = "http://www.w3.org/ns/sparql-service-description#"
ONTOLOGY = str(ID["graph/ontology"])


def make_client(**config):
    """A test client of an app with its own settings; stop it with `stop(client)`."""
    return create_app(config).test_client()


def stop(client):
    client.application.extensions["kg"].stop()


def get(client, sparql, accept=None, **params):
    return client.get("/sparql", query_string={"query": sparql, **params}, headers={"Accept": accept} if accept else {})


def bindings(response):
    return response.get_json(force=True)["results"]["bindings"]


def test_get_answers_select_as_sparql_json_by_default(client):
    r = client.get("/sparql", query_string={"query": LABELS})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    data = json.loads(r.data)
    assert data["head"]["vars"] == ["thing", "label"]
    labels = [b["label"] for b in data["results"]["bindings"]]
    assert {"type": "literal", "value": "Rusland", "xml:lang": "nl"} in labels


def test_post_form_and_post_body_answer_like_get(client):
    by_get = get(client, LABELS).data
    by_form = client.post("/sparql", data={"query": LABELS}).data
    by_body = client.post("/sparql", data=LABELS, content_type="application/sparql-query").data
    assert by_get == by_form == by_body


@pytest.mark.parametrize(
    "accept,check",
    [
        ("application/sparql-results+json", lambda body: json.loads(body)["results"]["bindings"]),
        ("application/sparql-results+xml", lambda body: ET.fromstring(body).findall(".//{*}result")),
        ("text/csv", lambda body: list(csv.reader(io.StringIO(body.decode())))[0] == ["thing", "label"]),
        ("text/tab-separated-values", lambda body: body.decode().splitlines()[0] == "?thing\t?label"),
    ],
)
def test_select_in_every_results_format(client, accept, check):
    r = get(client, LABELS, accept)
    assert r.status_code == 200 and r.mimetype == accept
    assert check(r.data)


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_q_values_choose_the_format(client, accept, expected):
    assert get(client, LABELS, accept).mimetype == expected


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_every_rdf_format(client, accept, fmt):
    reference = set(ox.parse(get(client, CONSTRUCT, "application/n-triples").data, format=ox.RdfFormat.N_TRIPLES))
    r = get(client, CONSTRUCT, accept)
    assert r.status_code == 200 and r.mimetype == accept
    assert set(ox.parse(r.data, format=fmt)) == reference and len(reference) >= 5


def test_describe_gives_the_triples_about_a_resource(client):
    g = Graph().parse(data=get(client, (SPARQL / "describe-seoul.rq").read_text(), "text/turtle").data, format="turtle")
    assert (ID["seoul"], None, Literal("Seoel", lang="nl")) in g


def test_ask_and_graph_patterns_reach_named_graphs(client):
    assert json.loads(get(client, (SPARQL / "ask-dutch-label.rq").read_text()).data) == {"head": {}, "boolean": True}
    rows = bindings(get(client, (SPARQL / "meetings-per-graph.rq").read_text()))
    assert {b["graph"]["value"] for b in rows} >= {str(ID["graph/rusk-2021-03"])}


def test_unacceptable_format_is_406_naming_what_is_available(client):
    r = get(client, LABELS, "text/turtle")
    assert r.status_code == 406 and "text/csv" in r.get_data(as_text=True)
    r = get(client, CONSTRUCT, "text/csv")
    assert r.status_code == 406 and "text/turtle" in r.get_data(as_text=True)
    assert get(client, LABELS, "image/png").status_code == 406


def test_format_parameter_overrides_accept(client):
    assert get(client, LABELS, "application/sparql-results+json", format="csv").mimetype == "text/csv"
    assert get(client, CONSTRUCT, None, format="json").mimetype == "application/ld+json"


def test_unknown_format_parameter_falls_back_to_accept(client):
    assert get(client, LABELS, "text/csv", format="yaml").mimetype == "text/csv"
    assert get(client, CONSTRUCT, "application/n-triples", format="csv").mimetype == "application/n-triples"


def test_get_without_query_describes_the_service(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    endpoint = URIRef("http://localhost/sparql")
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in g
    graphs = ("inferred", "ontology", *(p.stem for p in (ROOT / "seeds").glob("*.yaml")))  # one graph per article
    assert {str(o) for o in g.objects(None, URIRef(SD + "name"))} == {str(ID[f"graph/{n}"]) for n in graphs}
    assert client.get("/sparql", headers={"Accept": "application/ld+json"}).mimetype == "application/ld+json"


def test_malformed_query_is_400_with_the_parsers_message(client):
    r = get(client, MALFORMED, "application/sparql-results+json")
    error = r.get_json()["error"]
    assert (r.status_code, error["status"], error["title"]) == (400, 400, "Bad Request")
    assert error["detail"].startswith("SPARQL syntax error: error at 3:1: expected")


def test_errors_have_one_shape_json_for_machines_text_for_people(client):
    as_json = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.mimetype == "application/json"
    assert set(as_json.get_json()) == {"error"} and set(as_json.get_json()["error"]) == {"status", "title", "detail"}
    assert as_json.get_json()["error"]["status"] == 404 and as_json.get_json()["error"]["title"] == "Not Found"
    as_text = client.get("/no/such/page", headers={"Accept": "*/*"})
    assert as_text.mimetype == "text/plain" and as_text.get_data(as_text=True).startswith("404 Not Found: ")
    as_page = client.get("/no/such/page", headers={"Accept": "text/html,*/*;q=0.8"})  # a browser: the site's page
    assert as_page.mimetype == "text/html" and 'role="search"' in as_page.get_data(as_text=True)
    bad = get(client, MALFORMED, "text/csv")
    assert bad.mimetype == "text/plain"
    assert bad.get_data(as_text=True).startswith("400 Bad Request: SPARQL syntax error")


def test_post_without_a_query_or_of_another_type_is_refused(client):
    assert client.post("/sparql", data={"nothing": "here"}).status_code == 400
    r = client.post("/sparql", data=LABELS, content_type="text/plain")
    assert r.status_code == 415 and "application/sparql-query" in r.get_data(as_text=True)
    assert client.get("/sparql", query_string=[("query", LABELS), ("query", LABELS)]).status_code == 400


def test_request_over_the_size_limit_is_413():
    small = make_client(MAX_REQUEST_BYTES=1000)
    try:
        padded = LABELS + "#" * 2000
        r = small.post(
            "/sparql", data=padded, content_type="application/sparql-query", headers={"Accept": "application/json"}
        )
        assert r.status_code == 413 and r.get_json()["error"]["status"] == 413
        assert small.post("/sparql", data={"query": padded}).status_code == 413
        assert small.post("/sparql", data=LABELS, content_type="application/sparql-query").status_code == 200
    finally:
        stop(small)


def test_dataset_parameters_choose_the_graphs(client):
    count, per_graph = (SPARQL / "count.rq").read_text(), (SPARQL / "count-per-graph.rq").read_text()
    sizes = {b["graph"]["value"]: b["triples"]["value"] for b in bindings(get(client, per_graph))}
    only_ontology = bindings(get(client, count, **{"default-graph-uri": ONTOLOGY}))
    assert only_ontology[0]["triples"]["value"] == sizes[ONTOLOGY] != "0"
    named = bindings(get(client, per_graph, **{"named-graph-uri": ONTOLOGY}))
    assert [b["graph"]["value"] for b in named] == [ONTOLOGY]
    assert bindings(get(client, (SPARQL / "from-ontology.rq").read_text()))[0]["triples"]["value"] == sizes[ONTOLOGY]
    assert get(client, count, **{"default-graph-uri": "not an iri"}).status_code == 400


def test_answers_carry_an_etag_and_revalidate_with_304(client):
    first = get(client, LABELS, "text/csv")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=300" and "Accept" in first.headers["Vary"]
    again = client.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert get(client, LABELS, "text/tab-separated-values").headers["ETag"] != etag


def test_row_limit_cuts_answers_and_says_so():
    limited = make_client(ROW_LIMIT=5)
    try:
        r = limited.get("/sparql", query_string={"query": LABELS})
        assert len(bindings(r)) == 5 and r.get_json(force=True)["truncated"] is True
        assert r.headers["X-Truncated"].startswith("true") and r.headers["X-Row-Limit"] == "5"
        turtle = limited.get("/sparql", query_string={"query": (SPARQL / "all-triples.rq").read_text()})
        assert turtle.get_data(as_text=True).startswith("# truncated: only the first 5 triples")
        assert len(Graph().parse(data=turtle.data, format="turtle")) == 5
        whole = limited.get("/sparql", query_string={"query": (SPARQL / "count.rq").read_text()})
        assert "X-Truncated" not in whole.headers
    finally:
        stop(limited)


def test_cors_is_off_by_default_and_on_for_configured_origins_only(client):
    assert "Access-Control-Allow-Origin" not in get(client, LABELS).headers
    r = client.get("/sparql", query_string={"query": LABELS}, headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in r.headers
    shared = make_client(CORS_ORIGINS="https://example.org")
    try:
        r = shared.get("/sparql", query_string={"query": LABELS}, headers={"Origin": "https://example.org"})
        assert r.headers["Access-Control-Allow-Origin"] == "https://example.org"
        assert "Access-Control-Allow-Credentials" not in r.headers
        other = shared.get("/sparql", query_string={"query": LABELS}, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other.headers
        preflight = shared.options(
            "/sparql",
            headers={
                "Origin": "https://example.org",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Content-Type",
            },
        )
        assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    finally:
        stop(shared)

"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/sparql11/protocol/manifest.ttl), each request sent as written.

Tests that need no data of their own go, as raw HTTP, to the real server (`kg serve`, gunicorn) over
the project's dump, with the manifest's `/sparql/` as our `/sparql`. The dataset tests, which need
the kasei.us graphs, run as written against an app whose dump holds exactly the manifest's
`ut:graphData` files, named as the manifest names them. The update tests expect 2xx; this endpoint
is read-only by design, so they must get 403 saying so.
"""

import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from app import create_app
from kg.query import formats
from tests.server import Server

MANIFEST = Path(__file__).resolve().parent / "w3c" / "sparql11" / "protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def _request(g: Graph, node) -> dict:
    """One ht:Request: method, path (on our /sparql), headers, body bytes, and what the response must be."""
    body = g.value(node, HT.body)
    encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8") if body else None
    headers = {}
    for h in Collection(g, g.value(node, HT.headers)) if g.value(node, HT.headers) else ():
        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    resp = g.value(node, HT.resp)
    expected = g.value(resp, MF.expectedBoolean)
    return {
        "method": str(g.value(node, HT.methodName)),
        "path": str(g.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        "headers": headers,
        "body": str(g.value(body, CNT.chars)).encode(encoding) if body else None,
        "statuses": {str(s).rsplit("StatusCode", 1)[-1][0] for s in g.objects(resp, MF.expectedStatus)},
        "format": str(g.value(resp, MF.expectedFormat) or "") or None,
        "boolean": None if expected is None else expected.toPython(),
    }


def _test(g: Graph, node) -> dict:
    """One mf:ProtocolTest: its name, its requests in order, and the graphs its data lives in."""
    action = g.value(node, MF.action)
    data = {
        str(g.value(d, RDFS.label)): MANIFEST.parent / str(g.value(d, UT.graph)).rsplit("/", 1)[-1]
        for d in g.objects(node, UT.graphData)
    }
    requests = [_request(g, r) for r in Collection(g, g.value(action, HT.requests))]
    return {"name": str(node).rsplit("#", 1)[-1], "requests": requests, "data": data}


def manifest() -> list:
    """Every protocol test of the manifest, in its order."""
    g = Graph().parse(MANIFEST, format="turtle")
    top = g.value(predicate=RDF.type, object=MF.Manifest)
    return [_test(g, t) for t in Collection(g, g.value(top, MF.entries))]


TESTS = manifest()


def is_update(test: dict) -> bool:
    """Whether a test's first request is a SPARQL Update (which this endpoint refuses)."""
    first = test["requests"][0]
    return "sparql-update" in first["headers"].get("content-type", "") or (first["body"] or b"").startswith(b"update=")


WITHOUT_DATA = [t for t in TESTS if not t["data"] and (not is_update(t) or t["name"].startswith("bad_"))]
WITH_DATA = [t for t in TESTS if t["data"]]
UPDATES = [t for t in TESTS if is_update(t) and not t["name"].startswith("bad_")]


@pytest.fixture(scope="module")
def server():
    with Server(workers=1) as s:
        yield s


@pytest.fixture(scope="module")
def kasei(tmp_path_factory):
    """A test client of an app whose dump is the protocol manifest's data, each file in the graph it names."""
    folder = tmp_path_factory.mktemp("kasei")
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for test in WITH_DATA
        for name, path in test["data"].items()
        for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    ]
    (folder / "kg.nq").write_bytes(ox.serialize(sorted(set(quads), key=str), format=ox.RdfFormat.N_QUADS))
    app = create_app({"DUMP": str(folder)})
    yield app.test_client()
    app.extensions["kg"].stop()


def boolean_of(media_type: str, body: bytes) -> bool:
    """The boolean of an ASK answer in SPARQL JSON or XML."""
    if media_type == formats.SPARQL_JSON:
        return json.loads(body)["boolean"]
    return ET.fromstring(body).find(f"{SPARQL_RESULTS}boolean").text == "true"


def check(request: dict, status: int, media_type: str, body: bytes) -> None:
    """The response is what the manifest expects: status class, format (boolean, tabular, RDF), boolean."""
    assert str(status)[0] in request["statuses"], body[:300]
    if request["format"] == "boolean":
        assert media_type in formats.ASK_TYPES
        assert request["boolean"] is None or boolean_of(media_type, body) == request["boolean"]
    elif request["format"] == "tabular":
        assert media_type in formats.SELECT_TYPES
        ox.parse_query_results(body, format=formats.RESULTS_FORMATS[media_type])
    elif request["format"] == "RDF":
        assert media_type in formats.GRAPH_TYPES
        list(ox.parse(body, format=formats.RDF_FORMATS[media_type]))


def send(server: Server, request: dict) -> tuple:
    """One request over HTTP as the manifest writes it: (status, media type, body)."""
    status, headers, body = server.request(request["method"], request["path"], request["body"], request["headers"])
    return status, headers.get("content-type", "").split(";")[0], body


@pytest.mark.parametrize("test", WITHOUT_DATA, ids=lambda t: t["name"])
def test_w3c_protocol_over_http(server, test):
    for request in test["requests"]:
        check(request, *send(server, request))


@pytest.mark.parametrize("test", WITH_DATA, ids=lambda t: t["name"])
def test_w3c_protocol_dataset_over_its_own_graphs(kasei, test):
    for request in test["requests"]:
        path, _, query = request["path"].partition("?")
        r = kasei.open(
            path, method=request["method"], query_string=query, data=request["body"], headers=request["headers"]
        )
        check(request, r.status_code, r.mimetype, r.data)


@pytest.mark.parametrize("test", UPDATES, ids=lambda t: t["name"])
def test_w3c_protocol_updates_are_refused(server, test):
    status, media_type, body = send(server, test["requests"][0])
    assert status == 403 and b"read-only" in body


def test_manifest_is_run_whole():
    assert len(WITHOUT_DATA) + len(WITH_DATA) + len(UPDATES) == len(TESTS) > 30
    assert urllib.parse.urlsplit(TESTS[0]["requests"][0]["path"]).path == "/sparql"

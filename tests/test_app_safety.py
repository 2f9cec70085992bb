"""Safe to expose, in-process, on both embedded stores: read-only, no outbound requests, a time limit."""

import hashlib
import select
import socket
from pathlib import Path

import pytest

from app import create_app
from kg import paths
from tests.server import SPARQL

UPDATES = sorted((SPARQL / "updates").glob("*.ru"))
OUTBOUND = sorted((SPARQL / "outbound").glob("*.rq"))
COUNTS = (SPARQL / "count-per-graph.rq").read_text()


@pytest.fixture(scope="module", params=["oxigraph", pytest.param("rdflib", marks=pytest.mark.slow)])
def client(request):
    app = create_app({"STORE": request.param})
    yield app.test_client()
    app.extensions["kg"].stop()


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that no query may connect to; yields 'host:port'."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s, f"127.0.0.1:{s.getsockname()[1]}"


def connected(s: socket.socket) -> bool:
    """Whether anything has connected to the listener by now: a pending connection makes it readable.

    Asked after the answer came back, this needs no waiting: a query runs to its end before it is
    answered, and the kernel completes a connection to a listening socket before `connect` returns.
    """
    return bool(select.select([s], [], [], 0)[0])


def aimed(path: Path, address: str) -> str:
    """A test query with its placeholder address replaced by the listener's."""
    return path.read_text().replace("127.0.0.1:9", address)


def counts(client) -> dict:
    rows = client.get("/sparql", query_string={"query": COUNTS}).get_json(force=True)["results"]["bindings"]
    return {r["graph"]["value"]: r["triples"]["value"] for r in rows}


def dump_digest() -> str:
    return hashlib.sha256((paths.DUMP / "kg.nq").read_bytes()).hexdigest()


def test_every_update_form_is_refused_and_the_graph_is_unchanged(client, listener):
    sock, address = listener
    before, digest = counts(client), dump_digest()
    for path in UPDATES:
        update = aimed(path, address)
        as_form = client.post("/sparql", data={"update": update})
        as_body = client.post("/sparql", data=update, content_type="application/sparql-update")
        as_query = client.get("/sparql", query_string={"query": update})
        assert as_form.status_code == as_body.status_code == as_query.status_code == 403, path.name
        assert "read-only" in as_query.get_data(as_text=True)
    quads = sum(1 for line in (paths.DUMP / "kg.nq").read_text().splitlines() if line.strip())
    assert counts(client) == before and sum(map(int, before.values())) == quads
    assert dump_digest() == digest
    assert not connected(sock), "LOAD reached the network"


@pytest.mark.parametrize("path", OUTBOUND, ids=lambda p: p.stem)
def test_queries_fetch_nothing_from_the_network(client, listener, path):
    sock, address = listener
    r = client.get("/sparql", query_string={"query": aimed(path, address)}, headers={"Accept": "application/json"})
    if path.stem == "service":
        assert r.status_code == 400 and "no outbound requests" in r.get_json()["error"]["detail"]
    else:
        assert r.status_code == 200
    assert not connected(sock), f"{path.name} reached the network"


def test_dataset_parameters_fetch_nothing(client, listener):
    sock, address = listener
    r = client.get(
        "/sparql",
        query_string={"query": (SPARQL / "count.rq").read_text(), "default-graph-uri": f"http://{address}/graph.ttl"},
    )
    assert r.status_code == 200 and r.get_json(force=True)["results"]["bindings"][0]["triples"]["value"] == "0"
    assert not connected(sock)


@pytest.mark.slow  # waits for the limit
def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_answered():
    app = create_app({"QUERY_TIMEOUT": 0.5})
    client = app.test_client()
    try:
        r = client.get(
            "/sparql",
            query_string={"query": (SPARQL / "pathological.rq").read_text()},
            headers={"Accept": "application/json"},
        )
        assert r.status_code == 503
        assert "longer than the 0.5 s limit and was stopped" in r.get_json()["error"]["detail"]
        assert client.get("/queries/graph-counts").status_code == 200
    finally:
        app.extensions["kg"].stop()

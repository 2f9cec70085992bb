"""`kg load`: the dump goes into a remote store by the Graph Store Protocol; failures are messages, not hangs."""

import socket

import pytest

from kg.cli import load as loader
from kg.errors import RemoteError
from kg.query.canned import load_all
from tests.helpers import ROOT, free_port, run_kg

GRAPH = "https://dipkg.example.org/id/graph/rusk-2021-03"


def graph_counts(server) -> dict:
    """Triples per graph of the dump's graphs, as the store's SPARQL endpoint answers."""
    _, rows = server.rows(load_all()["graph-counts"].full_text)
    return {str(g): int(n) for g, n in rows if str(g).startswith("https://dipkg.example.org/")}


def dump_counts() -> dict:
    """Triples per named graph of dump/kg.nq, counted line by line."""
    counts = {}
    for line in (ROOT / "dump" / "kg.nq").read_text(encoding="utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2].strip("<>")
        counts[graph] = counts.get(graph, 0) + 1
    return counts


def test_load_puts_every_named_graph_into_virtuoso(virtuoso):
    result = run_kg("load", "--to", virtuoso.sparql, "--graph-store", virtuoso.graph_store)
    assert result.returncode == 0, result.stderr
    assert graph_counts(virtuoso) == dump_counts()
    assert "reports the same counts" in result.stdout


def test_load_twice_replaces_graphs_instead_of_doubling(virtuoso):
    for _ in range(2):
        assert run_kg("load", "--to", virtuoso.sparql, "--graph-store", virtuoso.graph_store).returncode == 0
    assert graph_counts(virtuoso) == dump_counts()


@pytest.mark.slow
def test_load_unreachable_url_exits_2_with_message():
    result = run_kg("load", "--to", f"http://127.0.0.1:{free_port()}/sparql")
    assert result.returncode == 2
    assert "cannot reach" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_load_silent_server_times_out_with_message():
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        result = run_kg("load", "--to", f"http://127.0.0.1:{silent.getsockname()[1]}/sparql", "--timeout", "1")
    assert result.returncode == 2
    assert "no answer within 1 s" in result.stderr and "Traceback" not in result.stderr


def test_load_http_error_exits_2_naming_the_status(virtuoso):
    result = run_kg(
        "load", "--to", virtuoso.sparql, "--graph-store", virtuoso.sparql.replace("/sparql", "/no-such-store")
    )
    assert result.returncode == 2
    assert "POST" in result.stderr and "answered HTTP 404" in result.stderr  # the first request: an empty merge
    assert "Traceback" not in result.stderr


def test_load_protected_store_needs_user_and_accepts_digest_credentials(virtuoso):
    protected = virtuoso.graph_store + "-auth"  # Virtuoso's Graph Store endpoint with HTTP Digest authentication
    refused = run_kg("load", "--to", virtuoso.sparql, "--graph-store", protected)
    assert refused.returncode == 2 and "answered HTTP 401" in refused.stderr
    accepted = run_kg("load", "--to", virtuoso.sparql, "--graph-store", protected, "--user", "dba:dba")
    assert accepted.returncode == 0, accepted.stderr
    assert graph_counts(virtuoso) == dump_counts()


@pytest.mark.slow
@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "localhost:8890/sparql", "not a url"])
def test_load_refuses_url_that_is_not_http(url):
    result = run_kg("load", "--to", url)
    assert result.returncode == 2 and "not an http(s) URL" in result.stderr


@pytest.mark.slow
def test_load_missing_dump_exits_2(tmp_path):
    result = run_kg("--dump", tmp_path, "load", "--to", "http://127.0.0.1:1/sparql")
    assert result.returncode == 2 and "run `kg build` first" in result.stderr


def test_graph_url_adds_graph_parameter_to_existing_query():
    assert (
        loader.graph_url("http://h/store", GRAPH)
        == "http://h/store?graph=https%3A%2F%2Fdipkg.example.org%2Fid%2Fgraph%2Frusk-2021-03"
    )
    assert loader.graph_url("http://h/ds?x=1", None) == "http://h/ds?x=1&default"


def test_check_counts_names_the_graph_that_differs():
    with pytest.raises(RemoteError, match="rusk-2021-03> has 3 triples"):
        loader.check_counts({GRAPH: [1, 2, 3, 4]}, {GRAPH: 3}, "http://h/sparql")


def test_load_sends_big_graphs_in_chunks_and_keeps_every_triple(virtuoso, monkeypatch):
    monkeypatch.setattr(loader, "CHUNK", 100)  # every graph of the dump is bigger: PUT, then POSTs
    loader.load(ROOT / "dump", virtuoso.sparql, virtuoso.graph_store, log=lambda *_: None)
    assert graph_counts(virtuoso) == dump_counts()

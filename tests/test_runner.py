"""kg.query.runner.execute: how a request ends, as outcome kinds (the app gives them HTTP statuses)."""

import errno
import urllib.error
from pathlib import Path

import pytest
from rdflib import URIRef

from kg import paths
from kg.query import formats, sandbox
from kg.query.runner import Outcome, Request, execute
from tests.server import SPARQL

PROTOCOL = SPARQL / "protocol"


def run(store, sparql: str, **kinds):
    return execute(store, Request(sparql, **{"select_type": formats.SPARQL_JSON, **kinds}))


def test_an_update_sent_as_a_query_is_read_only(store):
    answer = run(store, (SPARQL / "updates" / "insert-data.ru").read_text())
    assert answer.outcome == Outcome.READ_ONLY and "read-only" in answer.detail


@pytest.mark.parametrize(
    "sparql", ["", (PROTOCOL / "comment-only.rq").read_text(), (SPARQL / "malformed.rq").read_text()]
)
def test_text_that_is_neither_query_nor_update_is_invalid(store, sparql):
    answer = run(store, sparql)
    assert answer.outcome == Outcome.INVALID and answer.detail.startswith("SPARQL syntax error")


def test_ask_without_a_boolean_format_is_not_acceptable(store):
    answer = run(store, (PROTOCOL / "ask-empty.rq").read_text(), select_type=formats.CSV, ask_type=None)
    assert answer.outcome == Outcome.NOT_ACCEPTABLE and formats.SPARQL_JSON in answer.detail


def test_a_base_iri_resolves_relative_iris(store):
    answer = run(store, (PROTOCOL / "relative-select.rq").read_text(), base_iri="http://example.org/sparql", raw=True)
    assert answer.outcome == Outcome.OK and answer.result.rows == [(URIRef("http://example.org/x"),)]


def test_a_query_nested_deeper_than_the_parser_takes_is_invalid_before_it_is_parsed(store):
    deep = "SELECT * WHERE " + "{" * 3000  # pyoxigraph's parser would crash the process (SIGSEGV) at 2,206
    answer = execute(store, Request(deep, select_type=formats.SPARQL_JSON), nesting=200)
    assert answer.outcome == Outcome.INVALID and "nests too deeply" in answer.detail


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENONET, "Machine is not on the network"),
        urllib.error.URLError(OSError(errno.ENONET, "Machine is not on the network")),
        OSError("Machine is not on the network (os error 64)"),  # pyoxigraph's SERVICE client gives no errno
    ],
)
def test_a_blocked_socket_is_recognised(error):
    assert sandbox.is_blocked(error)


def test_a_refused_connection_is_not_a_blocked_socket():
    assert not sandbox.is_blocked(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"))


def test_the_query_layer_speaks_no_http():
    for path in sorted((Path(paths.PACKAGE) / "query").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "flask" not in source and "werkzeug" not in source and "from app" not in source, path

"""Our endpoint and RemoteStore serving from a real Virtuoso give the embedded store's answers."""

import json

import pytest

from kg.query import canned as queries
from kg.query.remote import RemoteStore
from kg.query.stores import OxigraphStore
from tests.helpers import ROOT
from tests.results import normalize, ordered
from tests.server import Server
from tests.virtuoso import VIRTUOSO_SYSTEM

CANNED = queries.load_all()


@pytest.fixture(scope="module")
def ours():
    return OxigraphStore(ROOT / "dump" / "kg.nq")


@pytest.fixture(scope="module")
def endpoint(loaded):
    """`kg serve` configured with KG_STORE=remote, answering from the Virtuoso server."""
    with Server(workers=1, env={"KG_STORE": "remote", "KG_REMOTE_URL": loaded.sparql}) as server:
        yield server


@pytest.mark.parametrize("name", sorted(CANNED))
def test_remote_store_on_virtuoso_answers_like_ours(loaded, ours, name):
    q, remote = CANNED[name], RemoteStore(loaded.sparql, timeout=30)
    theirs, mine = remote.query(q.text, q.bindings({})), ours.query(q.text, q.bindings({}))
    rows = [r for r in theirs.rows if not any(str(c) in VIRTUOSO_SYSTEM for c in r)]
    assert normalize(q.text, mine.variables, mine.rows) == normalize(
        q.text, mine.variables, ordered(theirs.variables, rows, mine.variables)
    )


def test_endpoint_serving_from_virtuoso_counts_every_graph(endpoint, ours):
    q = CANNED["graph-counts"]
    status, _, body = endpoint.get(endpoint.query_path(q.full_text), accept="application/sparql-results+json")
    assert status == 200, body[:500]
    rows = json.loads(body)["results"]["bindings"]
    counts = {
        r["graph"]["value"]: int(r["triples"]["value"]) for r in rows if r["graph"]["value"] not in VIRTUOSO_SYSTEM
    }
    assert counts == {str(g): int(n) for g, n in ours.query(q.text).rows}

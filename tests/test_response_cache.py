"""Whole responses kept for repeated requests (app.cache.ResponseCache): a repeat is answered the same without
reaching the application, and only when nothing that could change its answer changed."""

import gc
import json
import tracemalloc
import uuid

import pytest
from werkzeug.test import EnvironBuilder

from app import cache as cache_module
from app.cache import ResponseCache, keep
from tests.server import SPARQL

RELATIVE = (SPARQL / "protocol" / "relative-select.rq").read_text() + "\n# "  # its answer: <x> on the endpoint's URL


@pytest.fixture
def runs(app, monkeypatch):
    """How often the shared app's engine is asked for an answer (from its answer cache or a query process)."""
    engine, asked = app.extensions["kg"], []
    answer = engine.answer
    monkeypatch.setattr(engine, "answer", lambda *a: asked.append(1) or answer(*a))
    return asked


def query(client, sparql: str, **headers):
    return client.get("/sparql", query_string={"query": sparql}, headers=headers)


def test_a_repeated_query_gets_the_same_answer_without_reaching_the_application(client, runs):
    sparql = RELATIVE + uuid.uuid4().hex
    first, *again = (query(client, sparql) for _ in range(4))
    assert first.status_code == 200 and "ETag" in first.headers
    assert all(a.data == first.data and a.headers == first.headers for a in again)
    assert len(runs) == 2  # kept when it came the second time


def test_a_request_that_differs_in_a_header_or_the_host_gets_its_own_answer(client, runs):
    sparql = RELATIVE + uuid.uuid4().hex
    as_json, as_csv = query(client, sparql), query(client, sparql, Accept="text/csv")
    assert as_json.mimetype == "application/sparql-results+json" and as_csv.mimetype == "text/csv"
    here = [json.loads(query(client, sparql, Host=host).data)["results"]["bindings"][0]["i"]["value"]
            for host in ("a.example", "b.example")]  # fmt: skip
    assert here == ["http://a.example/x", "http://b.example/x"]


def test_a_304_revalidation_still_works_for_a_kept_answer(client):
    sparql = RELATIVE + uuid.uuid4().hex
    etag = query(client, sparql).headers["ETag"]
    assert query(client, sparql, **{"If-None-Match": etag}).status_code == 304


class Fake:
    """A WSGI application that counts its calls, answers 200 and marks its answer kept unless told otherwise."""

    def __init__(self, status="200 OK", kept=True, cookie=False):
        self.calls, self.status, self.kept, self.cookie = 0, status, kept, cookie

    def __call__(self, environ, start_response):
        self.calls += 1
        if self.kept:
            keep(environ)
        start_response(self.status, [("Set-Cookie", "a=b")] if self.cookie else [("X-N", str(self.calls))])
        return [b"answer ", str(self.calls).encode()]


def ask(app, path="/sparql?query=1", **options) -> bytes:
    answer = app(EnvironBuilder(path=path, **options).get_environ(), lambda status, headers, exc_info=None: None)
    return b"".join(answer)


@pytest.mark.parametrize(
    "fake,options",
    [
        (Fake(kept=False), {}),  # not marked by the application
        (Fake(status="404 NOT FOUND"), {}),
        (Fake(cookie=True), {}),
        (Fake(), {"method": "POST", "data": b"1"}),
        (Fake(), {"method": "GET", "data": b"query=1", "content_type": "application/x-www-form-urlencoded"}),
    ],
    ids=["unmarked", "error", "cookie", "post", "get-with-body"],
)
def test_only_a_marked_200_to_a_get_without_a_body_is_kept(fake, options):
    front = ResponseCache(fake, 2**20)
    assert [ask(front, **options) for _ in range(3)] == [b"answer 1", b"answer 2", b"answer 3"]


def test_a_response_is_kept_whole_with_its_headers_when_its_request_comes_again():
    seen = []
    front = ResponseCache(Fake(), 2**20)
    for _ in range(4):
        answer = front(EnvironBuilder(path="/x").get_environ(), lambda _, headers, exc_info=None: seen.append(headers))
        seen.append(b"".join(answer))
    assert seen == [[("X-N", "1")], b"answer 1"] + [[("X-N", "2")], b"answer 2"] * 3


def test_a_request_seen_too_long_ago_is_not_kept():
    front = ResponseCache(Fake(), 2**20, noted=2)
    answers = [ask(front, f"/{path}") for path in "abcab"]
    assert answers == [b"answer 1", b"answer 2", b"answer 3", b"answer 4", b"answer 5"]


def test_many_kept_responses_stay_within_the_budget():
    budget, here = 2**16, [tracemalloc.Filter(True, __file__), tracemalloc.Filter(True, cache_module.__file__)]
    front = ResponseCache(Fake(), budget, noted=64)  # the notes of requests seen count in the budget
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.take_snapshot().filter_traces(here)
        for n in range(200):
            ask(front, f"/sparql?query={n // 2}", headers={"Accept": f"text/{n // 2}"})
        after = tracemalloc.take_snapshot().filter_traces(here)
    finally:
        tracemalloc.stop()
    used = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert used <= budget and 20 < len(front.kept._items) < 100, (used, len(front.kept._items))

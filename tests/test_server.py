"""The real server (`kg serve`, gunicorn) queried as users do: SPARQLWrapper and raw HTTP (curl-style).

Updates refused and nothing fetched from the network: test_app_safety.py, in-process over the same app.
"""

import json
import shutil
import signal
import threading

import pytest
from rdflib import RDFS, Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kg import dump
from kg.rdf.namespaces import ID
from tests.helpers import ROOT, run_kg
from tests.server import SPARQL, Server

COUNTS = (SPARQL / "count-per-graph.rq").read_text()


@pytest.fixture(scope="module")
def server():
    with Server(workers=2, env={"KG_QUERY_TIMEOUT": "2"}) as s:
        yield s


def wrapper(server, query: str, fmt) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def counts(server) -> dict:
    rows = wrapper(server, COUNTS, JSON).queryAndConvert()["results"]["bindings"]
    return {r["graph"]["value"]: int(r["triples"]["value"]) for r in rows}


def test_sparqlwrapper_select_json_finds_the_agreements_after_the_1990_ties(server):
    result = wrapper(server, (SPARQL / "agreements-after-1990.rq").read_text(), JSON).queryAndConvert()
    agreements = [b["agreement"]["value"] for b in result["results"]["bindings"]]
    assert agreements == [
        str(ID[a])
        for a in (
            "sister-city-agreement-1991",
            "seoul-moscow-exchange-program-1996",
            "agreement-ru-kr-strengthen-ties-2021-03",
        )
    ]


def test_sparqlwrapper_construct_turtle_and_ask(server):
    graph = wrapper(server, (SPARQL / "construct-meetings.rq").read_text(), TURTLE).queryAndConvert()
    assert len(Graph().parse(data=graph, format="turtle")) >= 5
    assert wrapper(server, (SPARQL / "ask-dutch-label.rq").read_text(), JSON).queryAndConvert()["boolean"] is True
    assert wrapper(server, (SPARQL / "ask-false.rq").read_text(), JSON).queryAndConvert()["boolean"] is False


def test_raw_http_like_curl(server):
    status, headers, body = server.get("/queries/meetings?place=seoul&from=2021-03-01&to=2021-03-31", accept="text/csv")
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8" and b"Sergei Lavrov" in body
    query = (SPARQL / "labels.rq").read_text().encode()
    status, headers, body = server.request(
        "POST", "/sparql", query, {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"}
    )
    assert status == 200 and body.startswith(b"?thing\t?label\n")
    status, _, body = server.get("/sparql", accept="text/turtle")
    assert status == 200 and b"sparql-service-description#Service" in body
    status, _, body = server.get(server.query_path((SPARQL / "malformed.rq").read_text()), accept="application/json")
    assert status == 400 and json.loads(body)["error"]["detail"].startswith("SPARQL syntax error")
    status, _, body = server.get("/queries/meetings?from=never")
    assert status == 400 and body.startswith(b"400 Bad Request: parameter 'from'")


def test_revalidation_and_size_limit_over_http(server):
    path = server.query_path((SPARQL / "labels.rq").read_text())
    status, headers, _ = server.get(path)
    assert status == 200 and headers["cache-control"] == "public, max-age=300"
    status, _, body = server.get(path, headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    status, _, body = server.request("POST", "/sparql", b"#" * 200_000, {"Content-Type": "application/sparql-query"})
    assert status == 413 and body.startswith(b"413 Request Entity Too Large")


def test_a_pathological_query_is_stopped_while_others_are_answered(server):
    slow = {}
    path = server.query_path((SPARQL / "pathological.rq").read_text())
    thread = threading.Thread(target=lambda: slow.update(response=server.get(path, accept="application/json")))
    thread.start()
    during = []  # statuses of the answers that came while the slow query still ran (at most 500 requests)
    while thread.is_alive() and len(during) < 500:
        status = server.get(server.query_path(COUNTS))[0]
        if thread.is_alive():
            during.append(status)
    thread.join(30)
    # A server answering one request at a time could answer only those sent before the slow query came.
    assert len(during) >= 10 and set(during) == {200}, during
    status, _, body = slow["response"]
    assert status == 503 and "longer than the 2 s limit and was stopped" in json.loads(body)["error"]["detail"]
    assert [server.get(server.query_path(COUNTS))[0] for _ in range(6)] == [200] * 6
    assert "its successor" in server.output() and "shares the loaded store (not loaded again)" in server.output()


@pytest.mark.parametrize("sig,group", [(signal.SIGTERM, False), (signal.SIGINT, True)], ids=["sigterm", "ctrl-c"])
def test_serve_stops_cleanly(sig, group):
    with Server(workers=1) as server:
        assert server.get(server.query_path(COUNTS))[0] == 200
        code = server.stop(sig, group=group)
        output = server.output()
        assert code == 0, output
        assert "Shutting down: Master" in output and "Traceback" not in output
        assert server.leftovers() == [], "a worker or query process outlived the server"


def test_serve_refuses_bad_settings_with_a_clear_message(tmp_path):
    result = run_kg("serve", "--port", "1", env={"KG_DUMP": str(tmp_path)})
    assert result.returncode == 2 and "kg.nq does not exist; run `kg build`" in result.stderr
    result = run_kg("serve", env={"KG_QUERY_TIMEOUT": "soon"})
    assert result.returncode == 2 and "KG_QUERY_TIMEOUT must be a number" in result.stderr


def test_serve_from_a_store_kept_on_disk(server, tmp_path):
    with Server(workers=2, env={"KG_STORE_DIR": str(tmp_path)}) as on_disk:
        assert counts(on_disk) == counts(server)
        status, _, body = on_disk.get("/queries/meetings?place=seoul&from=2021-03-01&to=2021-03-31", accept="text/csv")
        assert status == 200 and b"Sergei Lavrov" in body
    assert len([p for p in tmp_path.iterdir() if p.is_dir() and len(p.name) == 64]) == 1  # made once for both workers


def test_a_changed_dump_is_served_after_a_restart(tmp_path):
    for made in (*dump.RECORDED, "sources.json"):
        shutil.copy(ROOT / "dump" / made, tmp_path / made)
    dump.record({name: tmp_path / name for name in dump.RECORDED})
    ask = (SPARQL / "serving" / "added-later.rq").read_text()
    with Server(workers=1, env={"KG_DUMP": str(tmp_path)}) as before:
        assert json.loads(before.get(before.query_path(ask), accept="application/json")[2])["boolean"] is False
    with open(tmp_path / "kg.nq", "a", encoding="utf-8") as nquads:  # a rebuilt dump, and its record
        nquads.write(f'<{ID["added-later"]}> <{RDFS.label}> "added later" <{ID["graph/added"]}> .\n')
    dump.record({name: tmp_path / name for name in dump.RECORDED})
    with Server(workers=1, env={"KG_DUMP": str(tmp_path)}) as after:
        assert json.loads(after.get(after.query_path(ask), accept="application/json")[2])["boolean"] is True

"""The attacks on the query processes (issue 14: holes 2, 3, 4, 5, 8, 9 of ../shared/reviews/2026-12-attack.md),
each replayed against the real server (`kg serve`, one worker, low limits so each takes well under a second):
a query process killed while idle, a parser crash, a query past the memory or answer-size limit, two clients
looping slow queries, a damaged dump, and SERVICE <file:...> with the rdflib store.
"""

import http.client
import json
import os
import shutil
import signal
import threading
from pathlib import Path

import pytest

from kg import dump
from kg import settings as kg_settings
from kg.cli import main
from kg.errors import InputError
from kg.query import guard
from tests.helpers import ROOT, run_kg
from tests.server import SPARQL, Server

SECONDS = 0.5  # the test server's time limit
SLOW = (SPARQL / "pathological.rq").read_text()  # runs until the time limit
COUNTS = (SPARQL / "count-per-graph.rq").read_text()
ORDER_BY = (SPARQL / "order-by-everything.rq").read_text()  # gigabytes
EVERYTHING = (SPARQL / "all-triples.rq").read_text()  # megabytes of JSON-LD
SERVICE_FILE = (SPARQL / "service-file.rq").read_text()
ENV = {
    "KG_QUERY_TIMEOUT": str(SECONDS),
    "KG_QUERY_MEMORY": str(64 * 2**20),
    "KG_ANSWER_BYTES": "1000000",
    "KG_QUEUE_LENGTH": "4",
}
DEEP = {  # the review's crashing depths (pyoxigraph 0.5.13), as GET queries
    "braces": "SELECT * WHERE " + "{" * 2206,
    "calls": "SELECT * WHERE { ?s ?p ?o FILTER(" + "STR(" * 961 + "?o" + ")" * 961 + ") }",
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER" + "(" * 4696 + "?o" + ")" * 4696 + "}",
    "plus chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["?o"] * 6942) + ") }",
    "not chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 9384 + "?o) }",
    "in an IRI's brackets": "SELECT * { BIND(1<" + "(" * 4696 + "2" + ")" * 4696 + ">3 AS ?x) }",
}


@pytest.fixture(scope="module")
def server():
    with Server(workers=1, env=ENV) as s:
        yield s


def send(server, sparql: str, source: str = "127.0.0.1", timeout: float = 30.0) -> http.client.HTTPConnection:
    """Send a query from a client address on the loopback network (127.0.0.x), by GET, or POST when it is
    long; the connection, to read the answer from with `receive`."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout, source_address=(source, 0))
    headers = {"Accept": "application/json", "Content-Type": "application/sparql-query"}
    if len(sparql) > 2000:
        conn.request("POST", "/sparql", sparql.encode(), headers)
    else:
        conn.request("GET", server.query_path(sparql), headers=headers)
    return conn


def receive(conn: http.client.HTTPConnection):
    """The answer on a connection: status, headers, JSON body."""
    try:
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read() or b"{}")
    finally:
        conn.close()


def ask(server, sparql: str, source: str = "127.0.0.1", timeout: float = 30.0):
    """A query's answer: status, headers, JSON body."""
    return receive(send(server, sparql, source, timeout))


def gone(pids: list[int]) -> None:
    """Wait until killed processes have ended (zombies or reaped; a hang guard of 10 s)."""
    for _ in range(1000):
        states = []
        for pid in pids:
            try:
                states.append(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0])
            except OSError:
                states.append("gone")
        if all(state in ("Z", "X", "gone") for state in states):
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{pids} still run")


def test_an_idle_query_process_that_died_is_replaced_before_the_next_answer(server):
    assert ask(server, COUNTS)[0] == 200 and server.get("/id/russia")[0] == 200
    killed = server.query_processes()
    assert len(killed) == 2  # the first for the clients' queries (the second starts when needed), the pages'
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    gone(killed)
    assert ask(server, COUNTS + "# not cached")[0] == 200
    assert server.get("/id/south-korea")[0] == 200
    assert not set(server.query_processes()) & set(killed)
    assert "had died (SIGKILL); starting a new one" in server.output()


@pytest.mark.parametrize("form", DEEP)
def test_a_query_nested_past_the_limit_is_refused_with_400(server, form):
    status, _, body = ask(server, DEEP[form])
    assert status == 400 and "nests too deeply" in body["error"]["detail"], body


def test_a_crash_of_the_engine_is_contained_logged_and_the_process_replaced(server):
    busy = {}
    thread = threading.Thread(target=lambda: busy.update(answer=ask(server, SLOW)))
    thread.start()
    threading.Event().wait(SECONDS / 3)
    for pid in server.query_processes():
        os.kill(pid, signal.SIGSEGV)
    thread.join(30)
    assert busy["answer"][0] == 503
    assert "(SIGSEGV)" in server.output()
    assert ask(server, COUNTS)[0] == 200 and server.get("/healthz")[0] == 200


def test_a_query_past_the_memory_limit_gets_503_and_the_server_goes_on(server):
    status, _, body = ask(server, ORDER_BY)
    assert status == 503 and "64 MiB of memory and was stopped" in body["error"]["detail"], body
    assert ask(server, COUNTS)[0] == 200


def test_an_answer_past_the_byte_limit_gets_503_and_the_server_goes_on(server):
    status, _, body = ask(server, EVERYTHING)
    assert status == 503 and "over this endpoint's limit of 1,000,000 bytes" in body["error"]["detail"], body
    assert ask(server, (SPARQL / "first-triple.rq").read_text())[0] == 200


def test_cheap_requests_never_wait_behind_slow_queries_and_clients_take_turns(server):
    assert ask(server, COUNTS)[0] == 200  # now an answer kept in the cache
    answers: list = []  # (client, answer) in the order they came

    def awaited(source: str, conn) -> threading.Thread:
        thread = threading.Thread(target=lambda: answers.append((source, receive(conn))))
        thread.start()
        return thread

    # the flood's six queries are sent at once, before any answer is read: 2 run, 4 wait (the queue is full)
    sent = [send(server, SLOW, "127.0.0.2") for _ in range(6)]
    flood = [awaited("127.0.0.2", conn) for conn in sent]
    threading.Event().wait(SECONDS / 2.5)  # the flood's first two still run
    # comes last, pushes out the flood's newest query (the flood holds more than its 2 places), waits its turn
    other = awaited("127.0.0.3", send(server, SLOW, "127.0.0.3"))
    during = []  # what the cheap requests got while the slow queries ran (at most 300 rounds)
    while any(t.is_alive() for t in [*flood, other]) and len(during) < 900:
        during += [server.get("/healthz")[0], server.get("/id/russia")[0], ask(server, COUNTS)[0]]
    for thread in [*flood, other]:
        thread.join(30)
    # queued behind the slow queries, cheap requests could have been answered once or twice
    assert len(during) >= 3 * 3 and set(during) == {200}, during
    refused = [(source, a) for source, a in answers if "too many queries are waiting" in json.dumps(a[2])]
    assert [source for source, _ in refused] == ["127.0.0.2"], answers
    assert refused[0][1][0] == 503 and refused[0][1][1]["Retry-After"] == "1", answers
    refused = [a for _, a in refused]
    served = [source for source, a in answers if a not in refused]
    assert served[-1] != "127.0.0.3", served  # its turn came before the flood's last query
    # each ran into the time limit (the slow query takes a few MiB, far from the memory limit)
    stopped = [(a[0], a[2]) for _, a in answers if a not in refused]
    assert all(status == 503 and "ran longer than the 0.5 s" in body["error"]["detail"] for status, body in stopped)


def test_the_nesting_guard_skips_strings_iris_and_comments_and_passes_the_canned_queries():
    assert guard.depth('SELECT * { ?s ?p "((({{{" . <http://x/{}> ?p ?o # (((\n FILTER(?a<3) }') < 5
    assert max(guard.depth(p.read_text()) for p in (ROOT / "queries").glob("*.rq")) < 20
    assert guard.depth("ASK {" + "{" * 300 + "}" * 301) > 300


VARIANTS = {  # the review's damaged kg.nq files: from the good file's bytes, its lines, its Turtle
    "cut mid-line": lambda data, lines, ttl: data[: len(data) // 2 + 7],
    "cut at a line": lambda data, lines, ttl: b"".join(lines[: len(lines) // 2]),
    "empty": lambda data, lines, ttl: b"",
    "garbled": lambda data, lines, ttl: data.replace(b"> <", b">< ", 3),
    "binary": lambda data, lines, ttl: bytes(range(256)) * 40,
    "NUL bytes": lambda data, lines, ttl: data[:200] + b"\x00" * 64 + data[200:],
    "invalid UTF-8": lambda data, lines, ttl: data[:200] + b"\xff\xfe" + data[200:],
    "Turtle": lambda data, lines, ttl: ttl,
}
CORRUPT = [*VARIANTS, "a directory"]


def damaged(good: Path, how: str) -> None:
    """Damage a dump's kg.nq as the review did."""
    nq = good / "kg.nq"
    if how == "a directory":
        nq.unlink()
        nq.mkdir()
    else:
        data = nq.read_bytes()
        nq.write_bytes(VARIANTS[how](data, data.splitlines(keepends=True), (good / "kg.ttl").read_bytes()))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """A dump written by the build's own writer (so with its record) from the first quads of the shipped one."""
    folder = tmp_path_factory.mktemp("written")
    quads = folder / "quads.nq"
    quads.write_bytes(b"".join((ROOT / "dump" / "kg.nq").read_bytes().splitlines(keepends=True)[:60]))
    return dump.write(quads, folder / "dump")[0].parent


@pytest.fixture
def small_dump(written, tmp_path) -> Path:
    """A copy of the small dump, to damage."""
    return Path(shutil.copytree(written, tmp_path / "dump"))


@pytest.mark.parametrize("how", CORRUPT)
def test_a_damaged_dump_is_refused_with_one_line(small_dump, how, capsys):
    damaged(small_dump, how)
    expected = "cannot be read: Is a directory" if how == "a directory" else "is not the file its build wrote"
    with pytest.raises(InputError, match=expected):
        kg_settings.load({"DUMP": str(small_dump)}, environ={})  # what `kg serve` checks before it starts
    assert main(["--dump", str(small_dump), "stats"]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.splitlines()) == 1 and "Traceback" not in err, err


@pytest.mark.parametrize("how", ["cut mid-line", "Turtle", "invalid UTF-8"])
def test_a_dump_without_a_record_must_parse(small_dump, how, capsys):
    (small_dump / dump.RECORD).unlink()
    kg_settings.load({"DUMP": str(small_dump)}, environ={})
    damaged(small_dump, how)
    with pytest.raises(InputError, match="is not valid N-Quads"):
        kg_settings.load({"DUMP": str(small_dump)}, environ={})
    assert main(["--dump", str(small_dump), "query", "class-counts"]) == 2
    assert "is not valid N-Quads" in capsys.readouterr().err


@pytest.mark.e2e
def test_serve_refuses_to_start_on_a_damaged_dump(small_dump):
    damaged(small_dump, "garbled")
    result = run_kg("serve", "--port", "1", "--dump", small_dump)
    assert result.returncode == 2 and "is not the file its build wrote" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.slow  # its own app and query processes
def test_healthz_says_503_once_the_dump_is_damaged(small_dump):
    from app import create_app

    app = create_app({"DUMP": str(small_dump)})
    client = app.test_client()
    try:
        for _ in range(600):  # the store loads (a hang guard of 30 s)
            if client.get("/healthz").status_code == 200:
                break
            threading.Event().wait(0.05)
        assert client.get("/healthz").status_code == 200
        damaged(small_dump, "cut at a line")
        app.extensions["kg"].stop()  # the next query process loads the damaged dump
        for _ in range(600):
            r = client.get("/healthz", headers={"Accept": "application/json"})
            if "build wrote" in r.get_data(as_text=True):
                break
            threading.Event().wait(0.05)
        assert r.status_code == 503 and "is not the file its build wrote" in r.get_json()["error"]["detail"]
    finally:
        app.extensions["kg"].stop()


@pytest.mark.e2e
def test_a_server_on_the_rdflib_store_reveals_nothing_about_local_files(tmp_path):
    (tmp_path / "kg.nq").write_bytes((ROOT / "dump" / "kg.nq").read_bytes().split(b"\n", 1)[0] + b"\n")
    with Server(workers=1, env={"KG_STORE": "rdflib", "KG_DUMP": str(tmp_path)}) as rdflib_server:
        answers = [
            ask(rdflib_server, SERVICE_FILE.replace("file:///here", path.as_uri()))
            for path in (tmp_path / "kg.nq", tmp_path / "missing.nq", tmp_path, Path("/etc/passwd"))
        ]
    bodies = {json.dumps(body, sort_keys=True) for _, _, body in answers}
    assert len({status for status, _, _ in answers}) == 1, answers
    assert len(bodies) == 1 and "SERVICE is refused" in bodies.pop(), answers

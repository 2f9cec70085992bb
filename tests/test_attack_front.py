"""Issue 14's attacks on the server's front, reproduced: slow clients against the real server (gunicorn with
kg's worker), chunked bodies over the limit, the answer cache's real cost, and the web hardening headers.

The slow-client test opens more slow sockets than the worker has threads, of each kind the attack review
used (idle, a head sent a line at a time, a slow body, an answer not read) and a slow body over the size
limit, and checks that /healthz and a canned query are answered while they are open, and that each is then
dropped at its deadline (the one over the limit at once, after its 413).
"""

import contextlib
import gc
import http.client
import io
import socket
import threading
import tracemalloc
from html.parser import HTMLParser

import pytest

from app import cache as cache_module
from app.cache import AnswerCache, request_key
from kg.cli.client import HEAD_LIMIT, HEAD_OVER, PARTIAL, WHOLE, request_state
from kg.query.runner import Answer, Outcome
from kg.settings import DEFAULTS
from tests.helpers import ROOT
from tests.server import SPARQL, Server

THREADS, CLIENT_TIMEOUT = 2, 3
SLOW = 3  # sockets of each kind: 15 in all, for 2 threads
CANNED = "/queries/meetings?place=seoul&from=2021-03-01&to=2021-03-31"
BIG = (SPARQL / "big-answer.rq").read_text()
LIMIT = int(DEFAULTS["MAX_REQUEST_BYTES"])
FIRST = (SPARQL / "first-triple.rq").read_text()
CUT = FIRST.replace("LIMIT", " " * LIMIT + "LIMIT").encode()  # its LIMIT lies past the body limit
TEMPLATES = ROOT / "app" / "templates"
SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def server():
    env = {"KG_THREADS": str(THREADS), "KG_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT), "KG_SEND_TIMEOUT": str(CLIENT_TIMEOUT)}
    with Server(workers=1, env=env) as s:
        yield s


def connect(server, head: bytes = b"", rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket()
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(CLIENT_TIMEOUT + 5)  # a hang guard: the server drops each at its deadline
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(head)
    return sock


def drip(socks: list, line: bytes, stop: threading.Event) -> None:
    """Send one more line on each socket every half second, as slowloris does, until stopped."""
    while not stop.wait(0.5):
        for sock in socks:
            with contextlib.suppress(OSError):  # dropped by the server
                sock.sendall(line)


def read_all(sock: socket.socket) -> bytes:
    data = bytearray()
    try:
        while chunk := sock.recv(1 << 20):
            data += chunk
    except ConnectionResetError:
        pass
    sock.close()
    return bytes(data)


def test_slow_clients_do_not_hold_the_server(server):
    readers = [
        connect(server, f"GET {server.query_path(BIG)} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode(), 4096)
        for _ in range(SLOW)
    ]
    heads = [r.recv(4096) for r in readers]  # their answers have begun: each stalls on a full socket
    idle = [connect(server) for _ in range(SLOW)]
    loris = [connect(server, b"GET / HTTP/1.1\r\nHost: x\r\n") for _ in range(SLOW)]
    post = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 500\r\n\r\n"
    bodies = [connect(server, post + b"ASK") for _ in range(SLOW)]
    huge = [connect(server, post.replace(b"500", b"1000000000") + b"ASK") for _ in range(SLOW)]  # over the limit
    stop = threading.Event()
    drippers = [
        threading.Thread(target=drip, args=(loris, b"X-a: b\r\n", stop)),
        threading.Thread(target=drip, args=(bodies + huge, b" ", stop)),
    ]
    for thread in drippers:
        thread.start()
    try:
        # Answered while all 15 are open (a timeout below the clients' deadline: none has been dropped yet)
        assert server.request("GET", "/healthz", timeout=CLIENT_TIMEOUT - 1)[0] == 200
        status, _, body = server.request("GET", CANNED, headers={"Accept": "text/csv"}, timeout=CLIENT_TIMEOUT - 1)
        assert status == 200 and b"Sergei Lavrov" in body
        answers = {
            kind: [read_all(s) for s in socks]
            for kind, socks in (("idle", idle), ("loris", loris), ("body", bodies), ("huge", huge), ("read", readers))
        }
    finally:
        stop.set()
        for thread in drippers:
            thread.join(5)
    assert answers["idle"] == [b""] * SLOW  # closed, nothing sent
    for kind in ("loris", "body"):
        assert all(a.startswith(b"HTTP/1.1 408 Request Timeout") for a in answers[kind]), answers[kind]
    assert all(a.startswith(b"HTTP/1.1 413") for a in answers["huge"]), answers["huge"]  # then closed, not drained
    for head, rest in zip(heads, answers["read"], strict=True):
        length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        assert head.startswith(b"HTTP/1.1 200") and len(head + rest) < length  # cut off at its deadline


def chunked_post(server, body: bytes):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        pieces = (body[i : i + 8192] for i in range(0, len(body), 8192))
        headers = {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
        conn.request("POST", "/sparql", body=pieces, headers=headers, encode_chunked=True)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_chunked_body_over_the_limit_gets_413_over_http(server):
    status, body = chunked_post(server, CUT)
    assert status == 413 and f"over the {LIMIT}-byte limit".encode() in body
    status, body = chunked_post(server, FIRST.encode())
    assert status == 200 and len(body.splitlines()) == 2


def test_a_head_over_the_limit_gets_431_and_a_long_line_414_never_cached(server):
    sock = connect(server, b"GET / HTTP/1.1\r\n" + b"X-a: b\r\n" * (HEAD_LIMIT // 8 + 1))
    assert read_all(sock).startswith(b"HTTP/1.1 431")
    status, headers, body = server.get("/" + "x" * 9000)
    assert status == 414 and headers["cache-control"] == "no-store" and body.startswith(b"414 URI Too Long")


def test_a_chunked_body_over_the_limit_gets_413_in_process(client):
    def post(body):
        headers = {
            "Content-Type": "application/sparql-query",
            "Transfer-Encoding": "chunked",
            "Accept": "application/json",
        }
        overrides = {"wsgi.input_terminated": True}  # as gunicorn says: it ends chunked bodies itself
        return client.post("/sparql", input_stream=io.BytesIO(body), headers=headers, environ_overrides=overrides)

    refused = post(CUT)
    assert refused.status_code == 413 and f"over the {LIMIT}-byte limit" in refused.get_data(as_text=True)
    assert post(FIRST.encode().ljust(LIMIT)).status_code == 200  # at the limit: run


@pytest.mark.parametrize(
    "data,state",
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\n", PARTIAL),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", WHOLE),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nASK", PARTIAL),
        (b"POST / HTTP/1.1\r\ncontent-length: 3\r\n\r\nASK", WHOLE),
        (b"POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", WHOLE),  # over the limit: refused unread
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n", PARTIAL),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n0\r\n\r\n", WHOLE),
        (b"GET / HTTP/1.1\r\n" + b"X" * HEAD_LIMIT, HEAD_OVER),
    ],
)
def test_the_worker_hands_on_a_request_only_when_it_is_whole(data, state):
    assert request_state(bytearray(data), LIMIT) == state


def test_many_tiny_answers_stay_within_the_cache_budget():
    budget, here = 2**16, [tracemalloc.Filter(True, __file__), tracemalloc.Filter(True, cache_module.__file__)]
    tracemalloc.start()
    try:
        cache = AnswerCache(budget)
        gc.collect()  # what earlier tests left in cycles is freed now, not while the cache fills
        before = tracemalloc.take_snapshot().filter_traces(here)  # the empty cache: what its entries add counts
        for n in range(800):  # each answer with its own objects, as the query process sends them
            body, media_type = f'{{"head":{{}},"boolean":{n % 2 == 0}}}'.encode(), "/".join(("application", "json"))
            cache.put(request_key("ASK", n), Answer(Outcome.OK, body, media_type))
        del body, media_type
        after = tracemalloc.take_snapshot().filter_traces(here)  # what this test and the cache hold, no more
    finally:
        tracemalloc.stop()
    used = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    kept = len(cache._items)
    assert used <= budget and 50 < kept < 800, (used, kept)


class Inline(HTMLParser):
    """What a Content-Security-Policy without 'unsafe-inline' would block in a page."""

    def __init__(self):
        super().__init__()
        self.found: list = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style" or "style" in names or any(n.startswith("on") for n in names):
            self.found.append((tag, attrs))
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append((tag, attrs))


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_the_pages_need_no_inline_script_or_style(template):
    page = Inline()
    page.feed(template.read_text(encoding="utf-8"))
    assert page.found == []


def test_pages_carry_the_security_headers(client):
    response = client.get("/", headers={"Accept": "text/html"})
    policy = response.headers["Content-Security-Policy"]
    assert response.status_code == 200 and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("accept", ["text/html", "application/json", "text/plain"])
def test_errors_are_never_cached_and_carry_the_security_headers(client, accept):
    response = client.get("/id/no-such-thing", headers={"Accept": accept})
    assert response.status_code in (404, 406) and response.headers["Cache-Control"] == "no-store"
    assert all(name in response.headers for name in SECURITY)


def test_the_service_description_varies_by_host(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle", "Host": "elsewhere.example"})
    assert b"http://elsewhere.example/sparql" in response.data and "Host" in response.headers["Vary"]


@pytest.mark.slow  # its own app and query process
def test_answers_vary_by_origin_when_cors_is_on():
    from app import create_app

    app = create_app({"TESTING": True, "CORS_ORIGINS": "https://a.example"})
    try:
        for origin in ({}, {"Origin": "https://a.example"}, {"Origin": "https://evil.example"}):
            assert "Origin" in app.test_client().get("/healthz", headers=origin).headers["Vary"]
    finally:
        app.extensions["kg"].stop()

"""Answers of an immutable graph can be kept: an in-process LRU of formatted answers, and their ETags; and, in
front of the application, whole responses to requests repeated byte for byte (`ResponseCache`).

A repeated request is then answered without Flask: no routing, no parsing of its query string, no
negotiation, no hashing of a cache key, no response object (0.01 ms of CPU instead of 0.2 ms). Only a
response the application marks as kept (`keep`: an answer of an immutable graph, which has an ETag) is
kept, and only under everything in the request that could change it: method, path, query string, scheme,
host and port, Content-Type and every header but `Connection`; a request with a body never is. A
response is kept when its request comes the second time (the first time only the request's hash is
noted): keeping every answer to queries sent once cost them 0.05 ms each.
"""

import hashlib
import math
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from kg.query.runner import Answer


def request_key(*parts) -> str:
    """A stable hash of everything that decides an answer (data digest, query, terms, dataset, media types)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def _slot_cost(smallest: int = 64, largest: int = 8192) -> int:
    """The most bytes an OrderedDict takes per entry while it is used as an LRU (one in, the oldest out: its
    table keeps the freed slots until it grows), at sizes from `smallest` to `largest` entries: measured here,
    as it depends on the Python build."""
    empty, worst, size = sys.getsizeof(OrderedDict()), 0.0, smallest
    while size <= largest:
        lru = OrderedDict.fromkeys(range(size))
        for n in range(size, 4 * size):
            lru[n] = None
            lru.popitem(last=False)
            if n % 16 == 0:  # the table changes size at most every size/3 steps
                worst = max(worst, (sys.getsizeof(lru) - empty) / size)
        size = size * 3 // 2
    return math.ceil(worst)


SLOT = _slot_cost()


def cost(key: str, answer: Answer) -> int:
    """What keeping an answer takes in memory: the cache's slot, the key, the Answer object, its attributes'
    dict and its text and bytes (body, media type, detail), each as Python allocates it."""
    fields = [v for v in vars(answer).values() if v and type(v) in (str, bytes)]  # not "" or Outcome: shared
    return SLOT + sum(map(sys.getsizeof, (key, answer, vars(answer), *fields)))


class AnswerCache:
    """Least-recently-used answers by key, bounded in the memory they take (`measure`: `cost` for answers), not
    just body bytes."""

    def __init__(self, max_bytes: int, measure: Callable = cost):
        self.max_bytes, self.size, self.measure = max_bytes, 0, measure
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The answer kept under key, or None."""
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key, answer) -> None:
        """Keep an answer, dropping the least recently used ones beyond the budget."""
        size = self.measure(key, answer)
        if size > self.max_bytes // 4:
            return  # one huge answer would push out everything else
        with self._lock:
            if key in self._items:
                return
            self._items[key] = answer
            self.size += size
            while self.size > self.max_bytes:
                self.size -= self.measure(*self._items.popitem(last=False))


KEPT = "kg.keep"  # the environ flag by which the application marks its response as one to keep
REQUEST = (  # what besides its headers (but Connection) may change a response
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "wsgi.url_scheme",
    "SERVER_NAME",
    "SERVER_PORT",
    "CONTENT_TYPE",
)


def keep(environ: dict) -> None:
    """Mark this request's response as one the ResponseCache may keep: the same request always gets it."""
    environ[KEPT] = True


def _request_key(environ: dict) -> tuple | None:
    """What in a GET without a body could change its response; None for any other request."""
    if environ["REQUEST_METHOD"] != "GET" or environ.get("CONTENT_LENGTH", "0") not in ("", "0"):
        return None
    if "HTTP_TRANSFER_ENCODING" in environ:
        return None
    fields = sorted((k, v) for k, v in environ.items() if k.startswith("HTTP_") and k != "HTTP_CONNECTION")
    return (*(environ.get(k, "") for k in REQUEST), *fields)


def _response_cost(key: tuple, response: tuple) -> int:
    """What keeping a response takes: the slot, the key's and the response's tuples and the strings in them."""
    status, headers, body = response
    parts = (key, *key, *(v for pair in key if type(pair) is tuple for v in pair), response, status, body)
    return SLOT + sum(map(sys.getsizeof, parts)) + sum(sys.getsizeof(h) + sum(map(sys.getsizeof, h)) for h in headers)


class ResponseCache:
    """WSGI middleware: answers a request repeated byte for byte with the response kept for it (see the module);
    the hashes of the last `noted` requests are remembered, to keep the response to one that comes again. Both
    together take `max_bytes` at most."""

    def __init__(self, app: Callable, max_bytes: int, noted: int = 4096):
        notes = noted * (SLOT + sys.getsizeof(-(2**63)))  # an OrderedDict's slot and a hash, each
        self.app, self.kept, self.noted = app, AnswerCache(max(max_bytes - notes, 0), _response_cost), noted
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = _request_key(environ)
        kept = self.kept.get(key) if key else None
        if kept is not None:
            status, headers, body = kept
            start_response(status, list(headers))
            return [body]
        if key is None or not self._again(key):
            return self.app(environ, start_response)
        return self._answer(key, environ, start_response)

    def _again(self, key: tuple) -> bool:
        """Whether a request with this key came before (among the last `noted`); noted now if not."""
        seen = hash(key)
        with self._lock:
            if seen in self._seen:
                return True
            self._seen[seen] = None
            if len(self._seen) > self.noted:
                self._seen.popitem(last=False)
            return False

    def _answer(self, key: tuple, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """The application's response, kept if it is marked so (200, setting no cookie)."""
        seen: list = []

        def starting(status, headers, exc_info=None):
            seen[:] = status, headers
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, starting)
        status, headers = seen or ("", [])
        if not environ.get(KEPT) or not status.startswith("200 ") or any(k.lower() == "set-cookie" for k, _ in headers):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        self.kept.put(key, (status, tuple(headers), body))
        return [body]

"""Answers of an immutable graph can be kept: an in-process LRU of formatted answers, and their ETags."""

import hashlib
import math
import sys
import threading
from collections import OrderedDict

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
    """Least-recently-used answers by key, bounded in the memory they take (see `cost`), not just body bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Answer | None:
        """The answer kept under key, or None."""
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: str, answer: Answer) -> None:
        """Keep an answer, dropping the least recently used ones beyond the budget."""
        size = cost(key, answer)
        if size > self.max_bytes // 4:
            return  # one huge answer would push out everything else
        with self._lock:
            if key in self._items:
                return
            self._items[key] = answer
            self.size += size
            while self.size > self.max_bytes:
                self.size -= cost(*self._items.popitem(last=False))

"""Answers of an immutable graph can be kept: an in-process LRU of formatted answers, and their ETags."""

import hashlib
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


class AnswerCache:
    """Least-recently-used answers by key, bounded in total body bytes."""

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
        """Keep an answer, dropping the least recently used ones beyond the byte budget."""
        if len(answer.body) > self.max_bytes // 4:
            return  # one huge answer would push out everything else
        with self._lock:
            if key in self._items:
                return
            self._items[key] = answer
            self.size += len(answer.body)
            while self.size > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self.size -= len(old.body)

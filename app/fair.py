"""Turns at a server worker's query processes for the users' queries: round-robin between clients.

Each of `slots` processes answers one query at a time. A client (by remote address) whose query
waits is served after every other waiting client has had a turn, so a client sending many slow
queries delays another by at most one query per process. The queue is bounded: past `length`
waiting queries in all, or `per_client` from one client, a query gets 503 with Retry-After at once,
which frees the worker's thread for cheap requests.
"""

import math
import threading
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import APIError


class FairQueue:
    """Round-robin turns between clients at `slots` resources, with a bounded number waiting."""

    def __init__(self, length: int, per_client: int, retry_after: float, slots: int = 1):
        self.length, self.per_client, self.retry_after = length, per_client, math.ceil(retry_after)
        self._waiting: OrderedDict[str, deque] = OrderedDict()  # clients in turn order, their waiting tickets
        self._free = list(range(slots))
        self._cond = threading.Condition()

    def waiting(self) -> int:
        """How many queries wait."""
        return sum(len(tickets) for tickets in self._waiting.values())

    @contextmanager
    def turn(self, client: str) -> Iterator[int]:
        """Wait for the client's turn (503 if the queue is full); the slot it holds inside the block."""
        with self._cond:
            slot = self._enter(client)
        try:
            yield slot
        finally:
            with self._cond:
                self._free.append(slot)
                self._cond.notify_all()

    def _enter(self, client: str) -> int:
        """Queue a ticket for the client, wait until it is first in turn and a slot is free; that slot."""
        if self._free and not self._waiting:
            return self._lowest_free()
        tickets = self._waiting.get(client, deque())
        if self.waiting() >= self.length or len(tickets) >= self.per_client:
            raise APIError(
                503,
                f"too many queries are waiting ({self.length} per server process, {self.per_client} per client); "
                f"try again in {self.retry_after} s",
                {"Retry-After": str(self.retry_after)},
            )
        ticket = object()
        self._waiting.setdefault(client, tickets).append(ticket)
        while not self._free or self._first() is not ticket:
            self._cond.wait()
        tickets.popleft()
        del self._waiting[client]
        if tickets:
            self._waiting[client] = tickets  # its next query waits behind every other client's
        self._cond.notify_all()  # the next in turn may take another free slot
        return self._lowest_free()

    def _lowest_free(self) -> int:
        """Take the free slot of the lowest number: the later ones are used (and started) only when needed."""
        slot = min(self._free)
        self._free.remove(slot)
        return slot

    def _first(self) -> object:
        """The ticket whose turn is next: the oldest of the client first in order."""
        return next(iter(self._waiting.values()))[0]

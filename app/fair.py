"""Turns at a server worker's query processes for the users' queries: round-robin between clients.

Each of `slots` processes answers one query at a time. A client (by remote address) whose query
waits is served after every other waiting client has had a turn, so a client sending many slow
queries delays another by at most one query per process. The queue is bounded: past `length`
waiting queries in all a query gets 503 with Retry-After at once, which frees the worker's thread for
cheap requests. A client may fill places nobody else wants, but `per_client` places are each
client's own: a query that finds the queue full pushes out the newest waiting query of a client that
holds more than `per_client` (that one gets the 503); from a client that already holds `per_client`,
it gets the 503 itself.
"""

import math
import threading
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import APIError


class _Ticket:
    """A waiting query's place in the queue."""

    pushed_out = False


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
        if self.waiting() >= self.length:
            self._push_out(len(tickets))
        ticket = _Ticket()
        self._waiting.setdefault(client, tickets).append(ticket)
        while not self._free or self._first() is not ticket:
            self._cond.wait()
            if ticket.pushed_out:
                raise self._full()
        tickets.popleft()
        del self._waiting[client]
        if tickets:
            self._waiting[client] = tickets  # its next query waits behind every other client's
        self._cond.notify_all()  # the next in turn may take another free slot
        return self._lowest_free()

    def _push_out(self, held: int) -> None:
        """Make room in the full queue for a client holding `held` waiting queries: push out the newest query of
        the client holding the most past `per_client`; 503 if the client holds its share already or none does."""
        if held < self.per_client:
            tickets = max(self._waiting.values(), key=len)
            if len(tickets) > self.per_client:
                tickets.pop().pushed_out = True
                self._cond.notify_all()
                return
        raise self._full()

    def _full(self) -> APIError:
        return APIError(
            503,
            f"too many queries are waiting ({self.length} per server process, {self.per_client} per client "
            f"when it is full); try again in {self.retry_after} s",
            {"Retry-After": str(self.retry_after)},
        )

    def _lowest_free(self) -> int:
        """Take the free slot of the lowest number: the later ones are used (and started) only when needed."""
        slot = min(self._free)
        self._free.remove(slot)
        return slot

    def _first(self) -> object:
        """The ticket whose turn is next: the oldest of the client first in order."""
        return next(iter(self._waiting.values()))[0]

"""The fair queue of a server worker's query processes (app.fair): clients take turns, and a client may fill
free places but never another client's own (issue 14's slow-query flood: tests/test_attack_engine.py)."""

import threading

import pytest

from app.fair import FairQueue


def test_clients_take_turns():
    queue, served, threads = FairQueue(3, 2, 1.0, slots=1), [], []
    with queue.turn("a"):
        threads = _waiting(queue, ("a1", "a2", "b1"), served)
        with pytest.raises(Exception, match="too many queries are waiting"):
            _take(queue, "a3", served)  # the queue is full and a holds its 2 places
    for thread in threads:
        thread.join(5)
    assert served == ["a1", "b1", "a2"]


def test_a_client_fills_free_places_until_another_client_needs_one():
    queue, served, refused = FairQueue(3, 2, 1.0, slots=1), [], []
    with queue.turn("a"):
        threads = _waiting(queue, ("a1", "a2", "a3"), served, refused)  # nobody else waits: a takes all 3
        threads.append(threading.Thread(target=_take, args=(queue, "b1", served)))
        threads[-1].start()  # the queue is full: b1 pushes out a's newest, a3
        while not refused:
            threading.Event().wait(0.001)
    for thread in threads:
        thread.join(5)
    assert served == ["a1", "b1", "a2"] and refused == ["a3"]


def _waiting(queue: FairQueue, names: tuple, served: list, refused: list | None = None) -> list:
    """Threads that each wait for a turn, started one after the other once the previous one waits."""
    threads = []
    for name in names:
        threads.append(threading.Thread(target=lambda n=name: _take(queue, n, served, refused)))
        before = queue.waiting()
        threads[-1].start()
        while queue.waiting() == before:
            threading.Event().wait(0.001)
    return threads


def _take(queue: FairQueue, name: str, served: list, refused: list | None = None) -> None:
    try:
        with queue.turn(name[0]):
            served.append(name)
    except Exception:
        if refused is None:
            raise
        refused.append(name)

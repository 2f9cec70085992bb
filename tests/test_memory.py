"""Memory as the machine feels it: the scale benchmark's peak counts a process and its workers together, and
the server's workers and query processes share one store."""

import subprocess
import sys
import time

import pytest

from bench.memory import PeakMemory, shares
from kg import settings
from kg.query.runner import Limits, Runner, spec_of
from tests.server import Server

MB = 150
# Touch every page of a block (so it is resident), say so, then hold it until stdin closes.
HOLD = (
    f"import sys; b = bytearray({MB} * 2**20); b[::4096] = b'x' * len(b[::4096]); "
    "print('held', flush=True); sys.stdin.read()"
)


def test_peak_memory_adds_up_the_workers_running_at_once():
    with PeakMemory() as peak:
        workers = [
            subprocess.Popen([sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        assert [w.stdout.readline() for w in workers] == ["held\n"] * 2  # both hold their block now
        deadline = time.monotonic() + 30
        while peak.mb < 2 * MB and time.monotonic() < deadline:  # the sampler's next look sees both
            time.sleep(0.05)
        for w in workers:
            w.communicate("", timeout=30)
    assert peak.mb >= 2 * MB, f"peak {peak.mb} MB while two workers held {MB} MB each"


@pytest.mark.e2e
def test_the_workers_and_their_query_processes_share_one_store():
    alone = Runner(spec_of(settings.load()), Limits())  # a query process that loads the store for itself
    try:
        alone.ready()
        one_store = shares(alone.pid)["uss"]
    finally:
        alone.stop()
    with Server(workers=3) as server:
        deadline = time.monotonic() + 30  # the workers that did not answer /healthz may still be starting
        while len(server.query_processes()) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        own = [shares(pid)["uss"] for pid in server.query_processes()]
    assert len(own) == 6  # per worker: the pages' query process and the first for clients' queries
    # each holds no copy of the store: only the pages it wrote since it was forked from its worker
    assert max(own) < one_store / 2, f"query processes hold {own} bytes of their own; one store: {one_store}"

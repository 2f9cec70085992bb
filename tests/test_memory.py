"""The scale benchmark's peak memory counts a process and its workers together, as the machine feels them."""

import subprocess
import sys
import time

from bench.memory import PeakMemory

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

"""The scale benchmark's peak memory counts a process and its workers together, as the machine feels them."""

import subprocess
import sys

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from memory import PeakMemory  # noqa: E402

HOLD = "import time; block = bytearray({mb} * 2**20); block[::4096] = b'x' * len(block[::4096]); time.sleep(1)"


def test_peak_memory_adds_up_the_workers_running_at_once():
    with PeakMemory() as peak:
        workers = [subprocess.Popen([sys.executable, "-c", HOLD.format(mb=150)]) for _ in range(2)]
        assert [w.wait(30) for w in workers] == [0, 0]
    assert peak.mb >= 300  # either worker alone holds 150 MB

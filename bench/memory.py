"""Peak memory of a process tree: the largest sum of resident memory of a process and its descendants.

getrusage reports each process's own maximum; a pipeline whose validation runs in worker
processes beside the main one uses their sum at once, which a thread here samples from /proc.
"""

import os
import threading
from collections import defaultdict
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process below it, read from /proc."""
    children, rss = defaultdict(list), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        children[int(fields[1])].append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children[pid])
    return total


class PeakMemory:
    """A context manager that samples this process tree's resident memory every `interval` seconds.

    A scan of /proc takes about 2 ms.
    """

    def __init__(self, interval: float = 0.1):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, tree_rss(os.getpid()))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> int:
        """The peak in MiB."""
        return round(self.peak / 2**20)

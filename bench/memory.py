"""Memory of a process tree: the peak sum of resident memory of a process and its descendants, and what
processes that share pages really take (PSS and USS, from /proc/PID/smaps_rollup).

getrusage reports each process's own maximum; a pipeline whose validation runs in worker
processes beside the main one uses their sum at once, which a thread here samples from /proc.
Resident memory counts a page shared by several processes (a store loaded before they forked) in
each of them; PSS counts it once in all, split between them, and USS is a process's own pages only.
"""

import os
import threading
from collections import defaultdict
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> dict[int, int]:
    """`root` and every process below it, each with its resident bytes, read from /proc."""
    children, rss = defaultdict(list), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        children[int(fields[1])].append(pid)
        rss[pid] = int(fields[21]) * PAGE
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        found[pid] = rss.get(pid, 0)
        todo.extend(children[pid])
    return found


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process below it."""
    return sum(_tree(root).values())


def shares(pid: int) -> dict[str, int]:
    """A process's memory in bytes: `pss` (shared pages split between their processes) and `uss` (its own)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {"pss": 0, "uss": 0}  # it ended
    kib = {name: int(rest.split()[0]) * 1024 for name, _, rest in (line.partition(":") for line in lines[1:])}
    return {"pss": kib["Pss"], "uss": kib["Private_Clean"] + kib["Private_Dirty"]}


def tree_pss(root: int) -> int:
    """What `root` and every process below it take together, each shared page counted once (the sum of PSS)."""
    return sum(shares(pid)["pss"] for pid in _tree(root))


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

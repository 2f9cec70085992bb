"""The servers the side-by-side benchmark drives, each a process on 127.0.0.1 started and stopped here.

`peers(dump, store, workers)` names them: ours (`kg serve`), Oxigraph's own server (`oxigraph
serve-read-only` over the store `kg.query.stores.on_disk` makes of the same dump, so its default graph
is the same merge of the named graphs as ours), rdflib-endpoint (over `kg.ttl`, the same merge) and the
hello-world ceiling (bench/hello.py).
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.memory import _tree as process_tree
from tests.helpers import ROOT, free_port

BIN = Path(sys.executable).parent  # the venv's scripts: oxigraph, rdflib-endpoint
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> float:
    """The CPU time (user and system) that `root` and every process below it have used so far."""
    total = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we looked
        total += int(fields[11]) + int(fields[12])
    return total / TICK


@dataclass
class Peer:
    """One server: its name, how to start it on a port, where it answers SPARQL (None: the ceiling's /)."""

    name: str
    command: list[str]
    endpoint: str | None = "/sparql"
    port: int = 0
    proc: subprocess.Popen | None = None
    restarts: int = 0

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until it answers; RuntimeError with its output if it does not."""
        self.port = free_port()
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - kept until stop()
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        self.proc = subprocess.Popen(
            command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(self.url(self.path("ASK%7B%7D")), timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.1)
        self._log.seek(0)
        raise RuntimeError(f"{self.name} did not start:\n{self._log.read().decode(errors='replace')[-3000:]}")

    def path(self, quoted_query: str) -> str:
        """The GET path of a query (already URL-encoded), or the ceiling's page."""
        return f"{self.endpoint}?query={quoted_query}" if self.endpoint else "/"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def cpu(self) -> float:
        """The CPU seconds the server's processes have used so far (0 when it is not running)."""
        return cpu_seconds(self.proc.pid) if self.proc is not None else 0.0

    def alive(self) -> bool:
        """Whether the server still runs (Oxigraph's has aborted under load)."""
        return self.proc is not None and self.proc.poll() is None

    def ensure(self) -> None:
        """Start the server again if it died (counted)."""
        if not self.alive():
            self.stop()
            self.restarts += 1
            self.start()

    def stop(self) -> None:
        """Stop the server's whole process group."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc is not None:
            self._log.close()
        self.proc = None


def peers(dump: Path, store: Path, workers: int) -> list[Peer]:
    """Ours, Oxigraph's server, rdflib-endpoint and the ceiling, over the same dump (store: a prepared
    on-disk store of it for Oxigraph's server)."""
    python, port = sys.executable, "{port}"
    env_dump = ["env", f"KG_DUMP={dump}"]
    return [
        Peer("ours", [*env_dump, python, "-m", "kg", "serve", "--port", port, "--workers", str(workers)]),
        Peer(
            "Oxigraph server",
            [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
            "/query",
        ),
        Peer(
            "rdflib-endpoint",
            [str(BIN / "rdflib-endpoint"), "serve", str(dump / "kg.ttl"), "--host", "127.0.0.1", "--port", port],
            "/",
        ),
        Peer("hello-world", [python, "-m", "bench.hello", port, str(workers)], None),
    ]

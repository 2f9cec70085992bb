"""The real server for tests and benchmarks: `python -m kg serve` in a subprocess on 127.0.0.1 and a free port.

    with Server(workers=2, env={"KG_QUERY_TIMEOUT": "2"}) as server:
        status, headers, body = server.get("/sparql?query=...", accept="text/csv")

It waits for /healthz before handing the server over, and `stop()` sends SIGTERM (or Ctrl-C's SIGINT to
the whole process group, as a terminal does) and returns the exit code.
"""

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.helpers import ROOT, free_port

SPARQL = ROOT / "tests" / "sparql"  # the tests' own queries, one file each


class Server:
    """One `kg serve` process group; a context manager that starts and stops it."""

    def __init__(self, *args: str, workers: int = 2, env: dict | None = None):
        self.args, self.workers, self.env = args, workers, env or {}
        self.port = 0  # chosen by start()
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's output, kept until __exit__

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql(self) -> str:
        """The server's SPARQL endpoint URL."""
        return f"{self.url}/sparql"

    def start(self, timeout: float = 60.0) -> "Server":
        """Start the server and wait until /healthz answers; RuntimeError with its output if it does not."""
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            *self.args,
        ]
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"kg serve did not answer /healthz within {timeout} s:\n{self.output()}")

    def request(self, method: str, path: str, body=None, headers: dict | None = None, timeout: float = 60.0):
        """One raw HTTP request, as curl would send it: (status, headers as a dict, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def get(self, path: str, accept: str | None = None, headers: dict | None = None):
        """GET a path (with an Accept header if given)."""
        return self.request("GET", path, headers={**({"Accept": accept} if accept else {}), **(headers or {})})

    def query_path(self, sparql: str, **params) -> str:
        """The /sparql path for a GET of this query."""
        return "/sparql?" + urllib.parse.urlencode({"query": sparql, **params}, doseq=True)

    def stop(self, sig: int = signal.SIGTERM, group: bool = False, timeout: float = 30.0) -> int:
        """Stop the server with a signal (to the master, or to the whole group like Ctrl-C); its exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        if group:
            os.killpg(self.proc.pid, sig)
        else:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise

    def leftovers(self) -> list[int]:
        """The processes of the server's group still running (zombies, which only await reaping, aside)."""
        if self.proc is None:
            return []
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid and fields[0] != "Z":
                alive.append(int(stat.parent.name))
        return alive

    def query_processes(self) -> list[int]:
        """The server's query processes: those under its seccomp filter (kg.query.sandbox)."""
        found = []
        for pid in self.leftovers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            if "Seccomp:\t2" in status:
                found.append(pid)
        return found

    def output(self) -> str:
        """Everything the server printed so far."""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if self.proc is not None and self.leftovers():
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()

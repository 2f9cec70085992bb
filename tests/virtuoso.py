"""A throwaway Virtuoso server for tests: temporary database, free loopback ports, stopped at the end.

Virtuoso comes from Debian's virtuoso-opensource-7-bin (`tools/system-deps.sh` installs it).
The server listens on 127.0.0.1 only; its SPARQL endpoint is `/sparql` and its Graph Store
Protocol endpoint `/sparql-graph-crud`, which the anonymous SPARQL user may write to once
granted SPARQL_UPDATE (done here with isql).
"""

import io
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib.query import Result

from tests.helpers import free_port

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
BINARIES = ("virtuoso-t", "isql-vt")
# Graphs every Virtuoso database has; its default graph (the union of all graphs) includes them.
VIRTUOSO_SYSTEM = {
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
}


class Virtuoso:
    """One Virtuoso server process with its own database folder."""

    def __init__(self, folder: Path):
        self.dir = Path(folder)
        self.sql_port, self.http_port = free_port(), free_port()
        self.sparql = f"http://127.0.0.1:{self.http_port}/sparql"
        self.graph_store = f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"
        self.process = None

    def start(self, wait: float = 90.0) -> "Virtuoso":
        """Write virtuoso.ini, start the server in the foreground, wait until SPARQL answers, allow writes."""
        self.dir.mkdir(parents=True, exist_ok=True)
        ini = self.dir / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.dir, sql_port=self.sql_port, http_port=self.http_port))
        with open(self.dir / "stdout.log", "wb") as out:
            self.process = subprocess.Popen(
                ["virtuoso-t", "+foreground", "+configfile", str(ini)],
                cwd=self.dir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self._wait(wait)
        self.isql('grant SPARQL_UPDATE to "SPARQL";')
        return self

    def _wait(self, limit: float) -> None:
        """Poll the SPARQL endpoint until it answers; fail with the server's log if it dies or is slow."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.sparql, timeout=5):  # its query form once it is up
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer within {limit} s:\n{self.log()}")

    def log(self) -> str:
        """The last lines the server wrote."""
        path = self.dir / "stdout.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-30:]) if path.exists() else ""

    def isql(self, sql: str) -> str:
        """Run SQL as dba through isql and return its output."""
        res = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if res.returncode != 0 or "*** Error" in res.stdout + res.stderr:
            raise RuntimeError(f"isql {sql!r} failed:\n{res.stdout}{res.stderr}")
        return res.stdout

    def select(self, sparql: str) -> bytes:
        """Run a query over the SPARQL protocol (POST) and return its SPARQL JSON answer."""
        body = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(self.sparql, data=body, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.read()

    def rows(self, sparql: str) -> tuple:
        """Variables and rows of a SELECT answer, each cell an rdflib term or None (rdflib reads the JSON)."""
        result = Result.parse(io.BytesIO(self.select(sparql)), format="json")
        return [str(v) for v in result.vars], [tuple(row) for row in result]

    def stop(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL after 20 s."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

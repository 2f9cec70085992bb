"""Shared helpers for tests: run the real CLI, copy the seeds to break them, require the programs a test drives."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from unittest.mock import patch

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg import paths

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def run_kg(*args, cwd=ROOT, env=None):
    """Run `python -m kg ARGS` as a user would and return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def copy_seeds(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", target)
    for p in target.iterdir():
        p.chmod(0o644)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line number of the first line containing `needle`."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_ci() -> bool:
    """True in CI, where a missing component must fail a test instead of skipping it."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require(problem: str | None) -> None:
    """Fail in CI, skip elsewhere, when a component the test drives is missing (`problem`: which, and the fix)."""
    if problem is None:
        return
    if in_ci():
        pytest.fail(problem)
    pytest.skip(problem)


def missing_programs(*programs: str) -> str | None:
    """Which of these programs are not on the PATH and how to install them, or None when all are."""
    missing = [p for p in programs if not shutil.which(p)]
    return f"{', '.join(missing)} not installed; run tools/system-deps.sh" if missing else None


def readme_command(program: str) -> list[str]:
    """The README's shell command that starts with `program`, split as the shell splits it."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    lines = [line for block in blocks for line in block.splitlines() if line.startswith(f"{program} ")]
    assert len(lines) == 1, f"README.md should show one `{program} ...` command in a sh block, not {lines}"
    return shlex.split(lines[0], comments=True)


def stock_pyshacl(data: Path | None = None) -> subprocess.CompletedProcess:
    """The README's stock `pyshacl` command run in the checkout with the venv's pyshacl, on `data` if given."""
    command = readme_command("pyshacl")
    command[0] = str(Path(sys.executable).parent / "pyshacl")
    if data is not None:
        command[-1] = str(data)  # the data file is the command's last argument
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@cache
def _prepared(text: str, base, namespaces: tuple):
    """A SPARQL query text parsed and translated by rdflib once, as `prepareQuery` gives it."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.sparql import Query

    query: Query = translateQuery(parseQuery(text), base, dict(namespaces) or None)
    return query


@contextmanager
def prepared_queries():
    """While it lasts, rdflib parses each SPARQL text once and reuses it, as a prepared query is meant to be.

    pyshacl hands rdflib the text of a shape's SPARQL constraint at every validation, and parsing it
    (pyparsing) is half the time of validating a small graph; the answers are the same.
    """
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    evaluate = SPARQLProcessor.query

    def query(self, text, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(text, str):
            text = _prepared(text, base, tuple(sorted((initNs or {}).items())))
        return evaluate(self, text, initBindings, initNs, base, DEBUG)

    with patch.object(SPARQLProcessor, "query", query):
        yield


@cache
def shipped_shapes() -> Graph:
    """shapes/shapes.ttl, parsed once."""
    return Graph().parse(paths.SHAPES, format="turtle")


def pyshacl_results(data: Graph, ontology: Graph | None = None, shapes: Graph | None = None) -> list[tuple]:
    """(severity, source shape, focus node, messages) of every result pyshacl reports, run as `pyshacl -w` runs it.

    Severity is the local name (Violation, Warning), the shape and node IRIs are text: the first three make
    the `results` of our validator's Report.
    """
    from pyshacl import validate  # a fifth of a second to import: only for the tests that run it

    with prepared_queries():
        _, report, _ = validate(
            data,
            shacl_graph=shipped_shapes() if shapes is None else shapes,
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
        )
    return [
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            str(report.value(r, SH.sourceShape)),
            str(report.value(r, SH.focusNode)),
            frozenset(str(m) for m in report.objects(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]

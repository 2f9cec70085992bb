"""The README stays true: its SPARQLWrapper example prints what it says, against the real server."""

import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT
from tests.server import Server

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        yield s


def test_readme_first_screen_shows_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:12])
    assert "make run" in first_screen and "make test" in first_screen


def test_readme_sparqlwrapper_example_prints_the_agreements(server):
    code, shown = re.search(r"```python\n(.*?)```\n\n```\n(.*?)```", README, re.S).groups()
    code = code.replace("http://127.0.0.1:5000", server.url)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown


def test_readme_pyshacl_command_is_the_one_tests_run():
    assert "pyshacl -s shapes/shapes.ttl -e ontology/dip.ttl -w dump/kg.ttl" in README


def test_readme_class_counts_match_the_graph():
    from kg import paths
    from kg.query import canned as queries
    from kg.query.stores import OxigraphStore

    q = queries.load_all()["class-counts"]
    result = OxigraphStore(paths.DUMP / "kg.nq").query(q.text)
    counts = {str(cls).rsplit("#", 1)[1]: int(n) for cls, n in result.rows}
    table = re.search(r"### What the graph holds\n(.*?)\n\n3,", README, re.S).group(1)
    shown = re.findall(r"\| (\w+)[^|]* \| (\d+) \|", table)
    assert len(shown) == 12
    for name, number in shown:
        assert counts[name] == int(number), name

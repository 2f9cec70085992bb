"""The README stays true: its first screen and its SPARQLWrapper example do what it says, and its counts are the
dump's (its pyshacl command is run in test_validate.py, whose reference is that command's report)."""

import re
import subprocess
import sys

import pytest

from tests.helpers import README
from tests.server import Server
from tools import readme_figures

TEXT = README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        yield s


def test_readme_first_screen_shows_the_two_commands():
    first_screen = "\n".join(TEXT.splitlines()[:12])
    assert "make run" in first_screen and "make test" in first_screen


def test_readme_sparqlwrapper_example_prints_the_agreements(server):
    code, shown = re.search(r"```python\n(.*?)```\n\n```\n(.*?)```", TEXT, re.S).groups()
    code = code.replace("http://127.0.0.1:5000", server.url)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown


def test_readme_counts_are_the_dumps():
    assert readme_figures.shown(TEXT) == readme_figures.computed(), (
        "README.md's counts differ from dump/: run `.venv/bin/python -m tools.readme_figures`"
    )

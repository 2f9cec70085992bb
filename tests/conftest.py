"""Fixtures shared by several test modules."""

import shutil

import pytest

from kg.cli.load import load
from tests.helpers import ROOT, in_ci
from tests.virtuoso import BINARIES, Virtuoso


def require(*programs: str) -> None:
    """Fail in CI, skip elsewhere, unless every program is on the PATH."""
    missing = [p for p in programs if not shutil.which(p)]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed; run tools/system-deps.sh"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso server on 127.0.0.1 with an empty temporary database, for the whole session."""
    require(*BINARIES)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def loaded(virtuoso):
    """The Virtuoso server with dump/kg.nq loaded by `kg load`'s code."""
    load(ROOT / "dump", virtuoso.sparql, virtuoso.graph_store, log=lambda *_: None)
    return virtuoso

"""Fixtures shared by several test modules, and the test tiers.

Tiers (markers registered in pyproject.toml): `make test-fast` runs `-m "not slow and not e2e"`, the
in-process tests; `make test` runs everything. A test is `e2e` when it drives a real outside program
and `slow` when it takes seconds in-process or runs `kg` in a subprocess. Marked here: every test that
uses a fixture of E2E_FIXTURES (they start gunicorn, Virtuoso or Chromium) and every test of a module
in MODULES; the other modules mark their e2e and slow tests themselves. `make test` runs pytest-xdist
with `-n 2 --dist loadscope`: the tests of a module share a worker, so a module's server starts once.
(`--dist loadgroup` would also keep the Virtuoso tests of three modules on one worker, but xdist 3.8
sets a node attribute that pytest 9 no longer reads, so its groups are ignored; each worker may start
a Virtuoso of its own.)
"""

import pytest

from kg.cli.load import load
from tests.helpers import ROOT, missing_programs, require
from tests.virtuoso import BINARIES, Virtuoso

E2E_FIXTURES = {"server", "site", "endpoint", "virtuoso", "loaded", "driver"}
MODULES = {
    "tests.test_server": pytest.mark.e2e,  # `kg serve`: gunicorn started, signalled, stopped
    "tests.test_cli": pytest.mark.slow,  # `kg` commands that load the store, some in a subprocess
    "tests.test_dump": pytest.mark.slow,  # a whole `kg build` into a temporary folder, and more
    "tests.test_interop": pytest.mark.slow,  # the dump parsed by three tools (and Virtuoso, rapper: e2e)
    "tests.test_memory": pytest.mark.slow,  # two processes holding 150 MB each
    "tests.test_pipeline": pytest.mark.slow,  # the seeds built, reasoned and validated through rdflib
    "tests.test_synth": pytest.mark.slow,  # synthetic corpora built, reasoned and validated
}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    """Mark the tests of MODULES, and those that use a fixture of E2E_FIXTURES `e2e` (see the module docstring)."""
    for item in items:
        module = getattr(item.module, "__name__", "")
        if module in MODULES:
            item.add_marker(MODULES[module])
        if set(getattr(item, "fixturenames", ())) & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app():
    """The real app over the shipped dump, shared by the session; its query process is stopped at the end."""
    from app import create_app

    application = create_app({"TESTING": True})
    yield application
    application.extensions["kg"].stop()


@pytest.fixture(scope="session")
def client(app):
    """Flask's test client of the shared app."""
    return app.test_client()


@pytest.fixture(scope="session")
def store():
    """The shipped dump in an embedded Oxigraph store, shared by the session (it refuses updates)."""
    from kg import paths
    from kg.query.stores import OxigraphStore

    return OxigraphStore(paths.DUMP / "kg.nq")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso server on 127.0.0.1 with an empty temporary database, for the whole session."""
    require(missing_programs(*BINARIES))
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def loaded(virtuoso):
    """The Virtuoso server with dump/kg.nq loaded by `kg load`'s code."""
    load(ROOT / "dump", virtuoso.sparql, virtuoso.graph_store, log=lambda *_: None)
    return virtuoso

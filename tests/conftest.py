"""Fixtures shared by several test modules, and the test tiers.

Tiers (markers registered in pyproject.toml): `make test-fast` runs `-m "not slow and not e2e"`, the
in-process tests; `make test` runs everything. A test is `e2e` when it drives a real outside program
and `slow` when it takes seconds in-process or runs `kg` in a subprocess. Marked here: every test that
uses a fixture of E2E_FIXTURES (they start gunicorn, Virtuoso or Chromium) and every test of a module
in MODULES; the other modules mark their e2e and slow tests themselves. `make test` runs pytest-xdist
with `-n 2 --dist loadscope`: the tests of a module share a worker, so a module's server starts once,
and the page modules share one, as do the three modules that use Virtuoso (tests/schedule.py), so
their server, Chromium and Virtuoso start once; the longest go first (LONGEST). (`--dist loadgroup`
would group them by marks, but xdist 3.8 sets a node attribute that pytest 9 no longer reads, so its
groups are ignored.)
"""

import os

import pytest

from kg.cli.load import load
from tests.helpers import ROOT, missing_programs, require
from tests.virtuoso import BINARIES, Virtuoso

os.environ.setdefault("HYPOTHESIS_NO_PLUGINS", "1")  # trio's plugin for hypothesis imports trio: 0.1 s a process

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


# The units of work that take longest (a module, or tests/schedule.py's group), longest first: `make test`
# hands them to the two workers as they become free, in this order (`--no-loadscope-reorder`), so the last
# ones to start are short and both workers end together. Only the time changes if this list is out of date.
LONGEST = (
    "tests/pages/test_a11y.py",  # with the other page modules (tests/schedule.py)
    "tests/test_shapes.py",
    "tests/test_load.py",  # with the other Virtuoso modules
    "tests/test_crawl.py",
    "tests/test_stores.py",
    "tests/test_precommit_hook.py",
    "tests/test_reason.py",
    "tests/test_server.py",
    "tests/test_validate.py",
    "tests/test_bad_facts.py",
    "tests/test_wheel.py",
    "tests/test_dump.py",
    "tests/test_synth.py",
    "tests/test_cli.py",
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    """Mark the tests of MODULES, and those that use a fixture of E2E_FIXTURES `e2e` (see the module docstring);
    put the LONGEST modules first."""
    rank = {name: i for i, name in enumerate(LONGEST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(LONGEST)))  # stable: the rest in order
    for item in items:
        module = getattr(item.module, "__name__", "")
        if module in MODULES:
            item.add_marker(MODULES[module])
        if set(getattr(item, "fixturenames", ())) & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadscope` with the page modules as one unit, and the Virtuoso modules (tests/schedule.py)."""
    if config.getoption("dist") == "loadscope":
        from tests.schedule import Scheduling

        return Scheduling(config, log)
    return None


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

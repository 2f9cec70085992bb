"""How `make test` shares the test modules between its two workers: pytest-xdist's `--dist loadscope` (a module
to a worker, handed out as workers become free), with the modules that share an expensive outside program
as one unit, so it starts once: the page tests (a server and Chromium) and the Virtuoso modules.
tests/conftest.py's LONGEST puts the longest units first."""

from xdist.scheduler import LoadScopeScheduling

VIRTUOSO = ("tests/test_load.py", "tests/test_interop.py", "tests/test_virtuoso_endpoint.py")
PAGES = "tests/pages/"


class Scheduling(LoadScopeScheduling):
    """Load by module, the page modules together and the Virtuoso modules together."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        if module.startswith(PAGES):
            return PAGES
        return VIRTUOSO[0] if module in VIRTUOSO else module

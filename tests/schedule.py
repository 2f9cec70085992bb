"""How `make test` shares the test modules between its two workers: pytest-xdist's `--dist loadscope` (a module
to a worker, handed out as workers become free), with the modules that start Virtuoso as one unit, so it
starts once (tests/conftest.py's LONGEST puts the longest units first)."""

from xdist.scheduler import LoadScopeScheduling

VIRTUOSO = ("tests/test_load.py", "tests/test_interop.py", "tests/test_virtuoso_endpoint.py")


class Scheduling(LoadScopeScheduling):
    """Load by module, the Virtuoso modules together."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return VIRTUOSO[0] if module in VIRTUOSO else module

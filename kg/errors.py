"""Every error a user can cause, under one base class, each with its exit code."""


class KGError(Exception):
    """A user-facing error: printed without a traceback, exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(KGError):
    """Bad input: a seeds file, a query, a parameter or a command line."""


class ReadOnly(InputError):
    """A SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) sent to a store that only answers queries."""


class NotConformant(KGError):
    """The data does not conform to the SHACL shapes."""

    exit_code = 1


class RemoteError(KGError):
    """A remote store could not be reached, timed out or refused a request."""


class QueryTimeout(KGError):
    """A query ran past the time limit and its process was stopped."""


class MemoryLimit(KGError):
    """A query grew its process past the memory limit and the process was stopped."""


class EngineFailure(KGError):
    """The query process could not load the store, or died."""

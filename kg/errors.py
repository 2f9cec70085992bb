"""One base class for every error a user can cause, with its exit code."""


class KGError(Exception):
    """A user-facing error: printed without a traceback, exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(KGError):
    """Bad input: a seeds file, a query, a parameter or a command line."""

    exit_code = 2


class NotConformant(KGError):
    """The data does not conform to the SHACL shapes."""

    exit_code = 1


class RemoteError(KGError):
    """A remote store could not be reached, timed out or refused a request."""

    exit_code = 2

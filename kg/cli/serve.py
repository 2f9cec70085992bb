"""`kg serve`: the endpoint under gunicorn (a production WSGI server) in the foreground.

Gunicorn's master process handles Ctrl-C (SIGINT) and SIGTERM alike, gracefully: each worker finishes
the request it is answering (gunicorn would otherwise cut it off on Ctrl-C, with a traceback), stops its
query process and exits; then the command exits 0. Settings come from `app.config` (KG_* variables), with
the command line's choices on top.
"""

import signal
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from kg.errors import InputError


class _Arbiter(Arbiter):
    """Gunicorn's master, with Ctrl-C as graceful as SIGTERM."""

    def handle_int(self):
        """Stop gracefully on SIGINT."""
        raise StopIteration


class Server(BaseApplication):
    """Gunicorn running `app.create_app(settings)` in each worker."""

    def __init__(self, settings: dict, options: dict):
        self.settings, self.options = settings, options
        super().__init__()

    def load_config(self):
        """Hand gunicorn its options."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def run(self):
        """Serve in the foreground until SIGINT or SIGTERM."""
        try:
            _Arbiter(self).run()
        except RuntimeError as e:
            sys.exit(f"kg: error: {e}")

    def load(self):
        """Build the application in the worker, after the fork, so each worker has its own query process."""
        from app import create_app

        return create_app(self.settings)


def _graceful_ctrl_c(worker) -> None:
    """Let a worker finish its request on Ctrl-C (the terminal signals every process), as on SIGTERM."""
    signal.signal(signal.SIGINT, worker.handle_exit)
    signal.siginterrupt(signal.SIGINT, False)


def _stop_engine(worker) -> None:
    """Stop a worker's query process when the worker exits."""
    engine = getattr(worker, "wsgi", None) and worker.wsgi.extensions.get("kg")
    if engine:
        engine.stop()


def options(host: str, port: int, workers: int, query_timeout: float) -> dict:
    """Gunicorn's settings: sync workers, a worker timeout well past the query limit, errors to stderr."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": int(2 * query_timeout + 30),
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "kg-serve",
        "control_socket_disable": True,
        "post_worker_init": _graceful_ctrl_c,
        "worker_exit": lambda server, worker: _stop_engine(worker),
    }


def serve(host: str = "127.0.0.1", port: int = 5000, workers: int = 2, config: dict | None = None) -> None:
    """Check the settings (a bad one is a clear error before anything starts), then serve until stopped."""
    from app.config import load

    settings = load(config)
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}")
    Server(config or {}, options(host, port, workers, settings["QUERY_TIMEOUT"])).run()

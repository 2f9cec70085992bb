"""`kg serve`: the endpoint under gunicorn (a production WSGI server) in the foreground.

Gunicorn is handed the web application by import path (`APP`, loaded in each worker after the fork),
so kg never imports it. A store held in memory is loaded once, in the master before it forks the workers
(kg.query.child.preload): every worker and every query process forked from one shares its pages, and a
query process stopped at a limit is replaced at once, without loading the store again. A changed dump is
served after a restart (gunicorn's SIGHUP reload keeps the master's store).

The settings are `kg.settings` (KG_* variables, with the command line's choices written over them as
KG_* variables, which the workers inherit); they and the address are checked before anything starts,
so a bad one is one line and exit 2.

Gunicorn's master process handles Ctrl-C (SIGINT) and SIGTERM alike, gracefully: each worker finishes
the request it is answering (gunicorn would otherwise cut it off on Ctrl-C, with a traceback), stops its
query process and exits; then the command exits 0.
"""

import errno
import os
import signal
import socket
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.util import import_app

from kg import settings as kg_settings
from kg.cli.worker import Worker
from kg.errors import InputError
from kg.query.runner import preload, spec_of

APP = "app:create_app()"  # the Flask application factory; it reads the same KG_* settings


class _Arbiter(Arbiter):
    """Gunicorn's master, with Ctrl-C as graceful as SIGTERM."""

    def handle_int(self):
        """Stop gracefully on SIGINT."""
        raise StopIteration


class Server(BaseApplication):
    """Gunicorn running the application at an import path in each worker."""

    def __init__(self, app_uri: str, options: dict):
        self.app_uri, self.options = app_uri, options
        super().__init__()

    def load_config(self):
        """Hand gunicorn its options."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def run(self):
        """Serve in the foreground until SIGINT or SIGTERM. The master and each worker then end at once: freeing
        the store they share (gigabytes at 100k events) would take tens of seconds, and in a worker would copy
        every page of it first."""
        try:
            _Arbiter(self).run()
        except RuntimeError as e:
            sys.exit(f"kg: error: {e}")
        except SystemExit as e:  # how gunicorn's master and workers end
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(e.code if isinstance(e.code, int) else 1 if e.code else 0)

    def load(self):
        """Import and build the application in the worker, after the fork: each worker has its own query processes."""
        return import_app(self.app_uri)


def _graceful_ctrl_c(worker) -> None:
    """Let a worker finish its request on Ctrl-C (the terminal signals every process), as on SIGTERM."""
    signal.signal(signal.SIGINT, worker.handle_exit)
    signal.siginterrupt(signal.SIGINT, False)


def _stop_engine(worker) -> None:
    """Stop a worker's query process when the worker exits (the app keeps it as its `kg` extension)."""
    engine = getattr(getattr(worker, "wsgi", None), "extensions", {}).get("kg")
    if engine:
        engine.stop()


def options(host: str, port: int, workers: int, settings: dict) -> dict:
    """Gunicorn's settings: threaded workers that no slow client can hold (kg.cli.worker), bounded in threads and
    connections, a worker timeout well past the query limit, errors to stderr."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": Worker.limited(settings),
        "threads": settings["THREADS"],
        "worker_connections": settings["MAX_CONNECTIONS"],
        "sendfile": False,  # every answer goes through the worker's non-blocking writes
        "timeout": int(2 * settings["QUERY_TIMEOUT"] + 30),
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "kg-serve",
        "control_socket_disable": True,
        "post_worker_init": _graceful_ctrl_c,
        "worker_exit": lambda server, worker: _stop_engine(worker),
    }


def check_address(host: str, port: int) -> None:
    """Refuse an address the server could not listen on, saying why: out of range, in use, not this machine's."""
    if not 1 <= port <= 65535:
        raise InputError(f"--port {port} is out of range; give a port from 1 to 65535")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        raise InputError(f"--host {host!r} is not an address of this machine: {e.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is in use; stop what listens there or give another --port"
                ) from None
            raise InputError(f"cannot listen on {host} port {port}: {e.strerror}") from None


def serve(host: str = "127.0.0.1", port: int = 5000, workers: int = 2, given: dict | None = None) -> None:
    """Check the settings and the address (a bad one is a clear error before anything starts), then serve."""
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}")
    os.environ.update({f"KG_{key}": str(value) for key, value in (given or {}).items()})
    settings = kg_settings.load()
    check_address(host, port)
    try:
        preload(spec_of(settings))  # before the workers fork: they and their query processes share it
    except InputError as e:
        raise InputError(f"the store could not be loaded: {e}") from None
    Server(APP, options(host, port, workers, settings)).run()

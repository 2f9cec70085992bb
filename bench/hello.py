"""The side-by-side benchmark's ceiling: a Flask hello-world under the same gunicorn settings as `kg serve`.

.venv/bin/python -m bench.hello PORT WORKERS
"""

import sys

from flask import Flask

from kg import settings
from kg.cli.serve import Server, options

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The least a Flask route can do."""
    return "Hello, World!"


def main(argv=None) -> None:
    """Serve `app` on 127.0.0.1:PORT with WORKERS workers, with kg serve's worker class and limits."""
    port, workers = map(int, (argv or sys.argv[1:])[:2])
    Server("bench.hello:app", options("127.0.0.1", port, workers, settings.load())).run()


if __name__ == "__main__":
    main()

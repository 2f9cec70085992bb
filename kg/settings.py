"""The endpoint's settings, in one place: defaults, overridden by `KG_*` environment variables, then by code.

`kg serve` checks them before it starts (a bad one is one line and exit 2, not a failing server
worker); the web application (`app.config`) reads the same settings in each worker.

| setting | environment | default |
| --- | --- | --- |
| STORE | KG_STORE | `oxigraph` (also `rdflib`, or `remote` with REMOTE_URL) |
| REMOTE_URL | KG_REMOTE_URL | none: the SPARQL endpoint a `remote` store queries |
| DUMP | KG_DUMP | the project's `dump/` folder (the store loads `kg.nq` from it) |
| STORE_DIR | KG_STORE_DIR | empty: the oxigraph store is in memory; else the folder it is kept in on disk |
| QUERIES | KG_QUERIES | the shipped `queries/` folder of canned queries |
| QUERY_TIMEOUT | KG_QUERY_TIMEOUT | 5 seconds per query |
| ROW_LIMIT | KG_ROW_LIMIT | 10000 rows (or triples) per answer |
| MAX_REQUEST_BYTES | KG_MAX_REQUEST_BYTES | 100000: larger request bodies are refused |
| CORS_ORIGINS | KG_CORS_ORIGINS | empty: no CORS; else comma-separated origins, or `*` |
| CACHE_BYTES | KG_CACHE_BYTES | 64 MiB per server worker: formatted answers (3/4) and whole repeated responses (1/4) |
| CACHE_MAX_AGE | KG_CACHE_MAX_AGE | 300: seconds clients may reuse an answer without asking again |
| THREADS | KG_THREADS | 64 threads per server worker answering requests at once (most wait for a query process) |
| MAX_CONNECTIONS | KG_MAX_CONNECTIONS | 256 open client connections per server worker; more wait to be accepted |
| CLIENT_TIMEOUT | KG_CLIENT_TIMEOUT | 10 seconds for a client to send its whole request (head and body) |
| SEND_TIMEOUT | KG_SEND_TIMEOUT | 30 seconds for a client to take its whole answer |
| QUERY_MEMORY | KG_QUERY_MEMORY | 512 MiB a query process may grow above its loaded store; past it the query gets 503 |
| ANSWER_BYTES | KG_ANSWER_BYTES | 32 MiB: a larger written answer gets 503 instead |
| MAX_NESTING | KG_MAX_NESTING | 200 levels of nesting in a query (kg.query.guard); deeper gets 400; 0: not checked |
| QUEUE_LENGTH | KG_QUEUE_LENGTH | 56 queries waiting per server worker (2 places each client's own); more get 503 |
| QUERY_PROCESSES | KG_QUERY_PROCESSES | 2 query processes per server worker for clients' queries (+1 for pages) |
"""

import os
from collections.abc import Mapping
from pathlib import Path

from kg import dump, paths
from kg.errors import InputError

STORES = ("oxigraph", "rdflib", "remote")
DEFAULTS: dict[str, str | int | float] = {
    "STORE": "oxigraph",
    "REMOTE_URL": "",
    "DUMP": str(paths.DUMP),
    "STORE_DIR": "",
    "QUERIES": str(paths.QUERIES),
    "QUERY_TIMEOUT": 5.0,
    "ROW_LIMIT": 10000,
    "MAX_REQUEST_BYTES": 100_000,
    "CORS_ORIGINS": "",
    "CACHE_BYTES": 64 * 2**20,
    "CACHE_MAX_AGE": 300,
    "THREADS": 64,
    "MAX_CONNECTIONS": 256,
    "CLIENT_TIMEOUT": 10.0,
    "SEND_TIMEOUT": 30.0,
    "QUERY_MEMORY": 512 * 2**20,
    "ANSWER_BYTES": 32 * 2**20,
    "MAX_NESTING": 200,
    "QUEUE_LENGTH": 56,
    "QUERY_PROCESSES": 2,
}


def _typed(key: str, value, source: str):
    """A setting converted to the type of its default, or InputError naming where it came from."""
    kind = type(DEFAULTS[key])
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(f"{source} must be {'a number' if kind in (int, float) else 'text'}, not {value!r}") from None


def load(config: Mapping | None = None, environ: Mapping = os.environ) -> dict:
    """The settings: defaults, then `KG_<NAME>` environment variables, then `config`; checked."""
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        if f"KG_{key}" in environ:
            settings[key] = _typed(key, environ[f"KG_{key}"], f"KG_{key}")
    for key, value in (config or {}).items():
        settings[key] = _typed(key, value, key) if key in DEFAULTS and value is not None else value
    return check(settings)


def check(settings: dict) -> dict:
    """Refuse settings the endpoint cannot run with, saying which and how to fix them."""
    if settings["STORE"] not in STORES:
        raise InputError(f"KG_STORE must be one of {', '.join(STORES)}, not {settings['STORE']!r}")
    if settings["STORE"] == "remote" and not settings["REMOTE_URL"].startswith(("http://", "https://")):
        raise InputError("the remote store needs KG_REMOTE_URL, the http(s) URL of a SPARQL endpoint")
    if settings["STORE_DIR"] and settings["STORE"] != "oxigraph":
        raise InputError(
            f"KG_STORE_DIR keeps the oxigraph store on disk; it does not apply to KG_STORE={settings['STORE']}"
        )
    nquads = Path(settings["DUMP"]) / "kg.nq"
    if settings["STORE"] != "remote" and not nquads.exists():
        raise InputError(f"{nquads} does not exist; run `kg build` (or `make build`) first")
    if settings["STORE"] != "remote":
        dump.check(nquads)  # damaged, or not N-Quads: refused before the server starts
    if not Path(settings["QUERIES"]).is_dir():
        raise InputError(f"KG_QUERIES must be a folder of canned .rq queries; {settings['QUERIES']} is not one")
    positive = ("QUERY_TIMEOUT", "ROW_LIMIT", "MAX_REQUEST_BYTES", "THREADS", "MAX_CONNECTIONS")
    limits = ("QUERY_MEMORY", "ANSWER_BYTES", "QUEUE_LENGTH", "QUERY_PROCESSES")
    for key in (*positive, *limits, "CLIENT_TIMEOUT", "SEND_TIMEOUT"):
        if settings[key] <= 0:
            raise InputError(f"KG_{key} must be more than 0, not {settings[key]}")
    if settings["MAX_NESTING"] < 0:
        raise InputError(f"KG_MAX_NESTING must be 0 (not checked) or more, not {settings['MAX_NESTING']}")
    return settings

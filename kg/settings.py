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
| CACHE_BYTES | KG_CACHE_BYTES | 64 MiB of formatted answers kept per server worker |
| CACHE_MAX_AGE | KG_CACHE_MAX_AGE | 300: seconds clients may reuse an answer without asking again |
"""

import os
from collections.abc import Mapping
from pathlib import Path

from kg import paths
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
    if not Path(settings["QUERIES"]).is_dir():
        raise InputError(f"KG_QUERIES must be a folder of canned .rq queries; {settings['QUERIES']} is not one")
    for key in ("QUERY_TIMEOUT", "ROW_LIMIT", "MAX_REQUEST_BYTES"):
        if settings[key] <= 0:
            raise InputError(f"KG_{key} must be more than 0, not {settings[key]}")
    return settings

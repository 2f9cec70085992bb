"""The `kg` command line: build, validate, query, stats, examples, coverage, load, serve."""

import argparse
import os
import sys
from pathlib import Path

from kg import dump, paths
from kg.cli import render
from kg.cli.limits import time_limit, within
from kg.cli.validate import validate_parser
from kg.errors import InputError, KGError, NotConformant
from kg.query import canned as queries
from kg.query.results import Result
from kg.query.stores import OxigraphStore

EXAMPLES = [
    ("Which agreements followed the 1990 ties?", "agreements-after-ties", {}),
    (
        "Who met in Seoul in March 2021, and on which day?",
        "meetings",
        {"place": "seoul", "from": "2021-03-01", "to": "2021-03-31"},
    ),
    (
        "Which fields does the Nine Bridges initiative cover?",
        "initiative-fields",
        {"initiative": "nine-bridges-initiative"},
    ),
    (
        "How did trade between the two countries change from 1990 to 2019?",
        "statistics-over-time",
        {"indicator": "trade-volume"},
    ),
    ("What did the Kremlin say about the alliance with North Korea?", "statements-by", {"speaker": "kremlin"}),
]


def _dump(args) -> Path:
    """The dump folder: --dump, else KG_DUMP, else `dump/` in the project folder (KG_HOME or the current one)."""
    return Path(args.dump or os.environ.get("KG_DUMP") or paths.DUMP)


def _store(args) -> OxigraphStore:
    """The dump's store, in memory or kept on disk (--store-dir, else KG_STORE_DIR)."""
    nq = _dump(args) / "kg.nq"
    if not nq.exists():
        raise InputError(f"{nq} does not exist; run `kg build` first (or give --dump DIR)")
    dump.check(nq)  # a damaged dump is one line, not a traceback
    folder = args.store_dir or os.environ.get("KG_STORE_DIR")
    return OxigraphStore(nq, Path(folder) if folder else None)


def _answer(args, store: OxigraphStore, q, params: dict) -> Result:
    """A query's answer with its parameters bound, within the time limit."""
    return within(time_limit(getattr(args, "timeout", None)), store.query, q.text, q.bindings(params))


def _params(pairs) -> dict:
    """The --param KEY=VALUE pairs as a dict."""
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InputError(f"--param {pair!r}: write it as key=value")
        out[key] = value
    return out


def cmd_build(args):
    """Build the graph from the seeds into the dump folder."""
    from kg import pipeline  # imported here: the other commands start faster without the build stages

    pipeline.run(Path(args.seeds or paths.SEEDS), _dump(args))


def cmd_validate(args):
    """Validate an RDF file (default: the dump's kg.ttl), or the graph of a folder of facts files: report, exit 0/1."""
    from kg.validate import check  # imported here: the other commands need no report formats

    if args.seeds and args.file:
        raise InputError("give an RDF file or --seeds DIR, not both")
    path = Path(args.file) if args.file else _dump(args) / "kg.ttl"
    found = check.of_seeds(Path(args.seeds)) if args.seeds else check.of_file(path, args.sources and Path(args.sources))
    check.report(found, args.format, args.fail_on, str(args.seeds or path))


def cmd_query(args):
    """Print a canned query's or a file's answer in the chosen format, or the list of canned queries."""
    if args.list:
        for q in queries.load_all().values():
            print(f"{q.name:28} {q.title}")
        return
    if bool(args.name) == bool(args.file):
        raise InputError("give a canned query NAME or --file QUERY.rq (see `kg query --list`)")
    if args.file:
        if not Path(args.file).exists():
            raise InputError(f"{args.file} does not exist")
        q = queries.parse(Path(args.file), canned=False)
    else:
        q = queries.load_all().get(args.name) or _unknown_query(args.name)
    params = _params(args.param)
    q.bindings(params)  # a bad parameter is refused before the store loads
    sys.stdout.write(render.render(_answer(args, _store(args), q, params), args.format))


def _unknown_query(name):
    """Refuse a canned query name that does not exist."""
    raise InputError(f"no canned query {name!r}; `kg query --list` shows them")


def cmd_stats(args):
    """Print the things per class and the triples per graph."""
    store = _store(args)
    canned = queries.load_all()
    for name in ("class-counts", "graph-counts", "basis-counts"):
        q = canned[name]
        print(q.title)
        print(render.table(_answer(args, store, q, {})), end="\n\n")


def cmd_examples(args):
    """Answer the README's example questions with their canned queries."""
    store, canned = _store(args), queries.load_all()
    for question, name, params in EXAMPLES:
        q = canned[name]
        print(f"## {question}\n   (kg query {name} " + " ".join(f"--param {k}={v}" for k, v in params.items()) + ")")
        print(render.table(_answer(args, store, q, params)), end="\n\n")


def cmd_coverage(args):
    """How much of each article the facts cover, sentence by sentence; exit 1 under --min PERCENT."""
    from kg import coverage  # imported here: only `kg coverage` needs the sentence splitter
    from kg.coverage.render import FORMATS

    coverage.check_min(args.min)
    store = _store(args)
    report = coverage.report(lambda q, given: store.query(q.text, q.bindings(given)), args.doc)
    print(FORMATS[args.format](report))
    coverage.check(report, args.min)


def cmd_load(args):
    """Push the dump into a remote store."""
    from kg.cli.load import load  # imported here: only `kg load` needs it

    load(_dump(args), args.to, args.graph_store, args.user, args.timeout)


def cmd_serve(args):
    """Serve the endpoint: the flags given, over the KG_* settings."""
    from kg.cli.serve import serve  # imported here: only `kg serve` needs the web server

    given = {"STORE": args.store, "REMOTE_URL": args.remote_url, "STORE_DIR": args.store_dir, "DUMP": args.dump}
    serve(args.host, args.port, args.workers, {k: v for k, v in given.items() if v is not None})  # else KG_*


def _folders(top: bool, store: bool = True) -> argparse.ArgumentParser:
    """--dump and (for commands that query) --store-dir, which go before the command or after it (after it wins)."""
    p = argparse.ArgumentParser(add_help=False)
    default = None if top else argparse.SUPPRESS  # a command's own default would hide the value given before it
    p.add_argument(
        "--dump",
        metavar="DIR",
        default=default,
        help="the dump folder (default: KG_DUMP, else ./dump or $KG_HOME/dump)",
    )
    if not store:
        return p
    p.add_argument(
        "--store-dir",
        metavar="DIR",
        default=default,
        help="keep the queried store on disk in DIR, made from the dump once: for big graphs "
        "(default: KG_STORE_DIR, else in memory)",
    )
    return p


def _query_parser(sub) -> None:
    """`kg query`."""
    q = sub.add_parser("query", parents=[_folders(False)], help="run a canned query or a .rq file over the dump")
    q.add_argument("name", nargs="?", help="canned query name (see --list)")
    q.add_argument("--file", help="a SPARQL file to run instead")
    q.add_argument("--param", action="append", metavar="KEY=VALUE", help="bind a parameter (repeatable)")
    q.add_argument(
        "--format",
        choices=render.FORMATS,
        default="table",
        help="table (default); csv, tsv, json, xml: SPARQL results for SELECT and ASK, and for CONSTRUCT and "
        "DESCRIBE subject,predicate,object columns (csv, tsv), JSON-LD (json), RDF/XML (xml); turtle, ntriples: "
        "CONSTRUCT and DESCRIBE only",
    )
    q.add_argument(
        "--timeout", metavar="SECONDS", help="stop a query running longer (default: KG_QUERY_TIMEOUT, else 5)"
    )
    q.add_argument("--list", action="store_true", help="list the canned queries")
    q.set_defaults(func=cmd_query)


def _load_parser(sub) -> None:
    """`kg load`."""
    ld = sub.add_parser(
        "load",
        parents=[_folders(False, store=False)],
        help="push the dump into a remote triple store (SPARQL 1.1 Graph Store Protocol)",
    )
    ld.add_argument(
        "--to", required=True, metavar="URL", help="the store's SPARQL endpoint, e.g. http://localhost:8890/sparql"
    )
    ld.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol endpoint (default: --to), "
        "e.g. http://localhost:8890/sparql-graph-crud for Virtuoso",
    )
    ld.add_argument("--user", metavar="NAME:PASSWORD", help="credentials for HTTP Basic or Digest authentication")
    ld.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each request (default: %(default)s)"
    )
    ld.set_defaults(func=cmd_load)


def _serve_parser(sub) -> None:
    """`kg serve`."""
    sv = sub.add_parser(
        "serve", parents=[_folders(False)], help="serve the SPARQL endpoint and canned queries (gunicorn, foreground)"
    )
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sv.add_argument("--port", type=int, default=5000, help="port, 1 to 65535 (default: %(default)s)")
    sv.add_argument("--workers", type=int, default=2, help="server processes (default: %(default)s)")
    sv.add_argument("--store", choices=("oxigraph", "rdflib", "remote"), help="default: KG_STORE, else oxigraph")
    sv.add_argument("--remote-url", metavar="URL", help="SPARQL endpoint of a remote store (default: KG_REMOTE_URL)")
    sv.set_defaults(func=cmd_serve)


def _coverage_parser(sub) -> None:
    """`kg coverage`."""
    c = sub.add_parser(
        "coverage",
        parents=[_folders(False)],
        help="how much of each article the facts cover: sentences without a fact, unlinked names, unquoted values",
    )
    c.add_argument("doc", nargs="?", metavar="DOC", help="one article's document id (default: every article)")
    c.add_argument(
        "--format",
        choices=("text", "summary", "json"),
        default="text",
        help="text: the summary, then each article's gaps (default); summary: the table only; json: everything",
    )
    c.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 when fewer sentences are covered or explained")
    c.set_defaults(func=cmd_coverage)


def parser() -> argparse.ArgumentParser:
    """The `kg` command line's parser."""
    p = argparse.ArgumentParser(
        prog="kg", parents=[_folders(True)], description="The diplomacy knowledge graph: build, validate, query."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser(
        "build", parents=[_folders(False, store=False)], help="build, reason, validate and write the dump folder"
    )
    b.add_argument("--seeds", metavar="DIR", help="folder of articles and facts (default: ./seeds or $KG_HOME/seeds)")
    b.set_defaults(func=cmd_build)
    validate_parser(sub, _folders(False, store=False), cmd_validate)
    _query_parser(sub)
    s = sub.add_parser("stats", parents=[_folders(False)], help="count things per class and triples per graph")
    s.set_defaults(func=cmd_stats)
    e = sub.add_parser("examples", parents=[_folders(False)], help="answer the README's example questions")
    e.set_defaults(func=cmd_examples)
    _coverage_parser(sub)
    _load_parser(sub)
    _serve_parser(sub)
    return p


def main(argv=None) -> int:
    """Run one command; a user error is one line on stderr and its exit code, never a traceback."""
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except KGError as e:
        print(f"kg: {'data does not conform' if isinstance(e, NotConformant) else 'error'}: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:
        return 0
    return 0

"""The `kg` command line: build, validate, query, stats, examples, serve."""

import argparse
import os
import sys
from pathlib import Path

from kg import paths, pipeline
from kg.cli import render
from kg.errors import InputError, KGError, NotConformant
from kg.query import canned as queries
from kg.query.stores import OxigraphStore
from kg.validate import validate_file

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


def _store(args) -> OxigraphStore:
    nq = Path(args.dump) / "kg.nq"
    if not nq.exists():
        raise InputError(f"{nq} does not exist; run `kg build` first")
    return OxigraphStore(nq, Path(args.store_dir) if args.store_dir else None)


def _params(pairs) -> dict:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InputError(f"--param {pair!r}: write it as key=value")
        out[key] = value
    return out


def cmd_build(args):
    pipeline.run(Path(args.seeds), Path(args.dump))


def cmd_validate(args):
    report = validate_file(Path(args.file))
    print(report.text.strip())
    if not report.conforms:
        raise NotConformant(f"{args.file} does not conform: {report.violations} violation(s)")


def cmd_query(args):
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
    result = _store(args).query(q.text, q.bindings(_params(args.param)))
    print(render.FORMATS[args.format](result))


def _unknown_query(name):
    raise InputError(f"no canned query {name!r}; `kg query --list` shows them")


def cmd_stats(args):
    store = _store(args)
    canned = queries.load_all()
    for name in ("class-counts", "graph-counts"):
        q = canned[name]
        print(q.title)
        print(render.table(store.query(q.text, q.bindings({}))), end="\n\n")


def cmd_examples(args):
    store, canned = _store(args), queries.load_all()
    for question, name, params in EXAMPLES:
        q = canned[name]
        print(f"## {question}\n   (kg query {name} " + " ".join(f"--param {k}={v}" for k, v in params.items()) + ")")
        print(render.table(store.query(q.text, q.bindings(params))), end="\n\n")


def cmd_load(args):
    from kg.cli.load import load  # imported here: only `kg load` needs it

    load(Path(args.dump), args.to, args.graph_store, args.user, args.timeout)


def cmd_serve(args):
    from kg.cli.serve import serve  # imported here: only `kg serve` needs the web server

    given = {
        "STORE": args.store,
        "REMOTE_URL": args.remote_url,
        "STORE_DIR": args.store_dir,
        "DUMP": args.dump if args.dump != str(paths.DUMP) else None,
    }  # else KG_DUMP or the default
    serve(args.host, args.port, args.workers, {k: v for k, v in given.items() if v is not None})


def _serve_parser(sub) -> None:
    sv = sub.add_parser("serve", help="serve the SPARQL endpoint and canned queries (gunicorn, foreground)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sv.add_argument("--port", type=int, default=5000, help="port (default: %(default)s)")
    sv.add_argument("--workers", type=int, default=2, help="server processes (default: %(default)s)")
    sv.add_argument("--store", choices=("oxigraph", "rdflib", "remote"), help="default: KG_STORE, else oxigraph")
    sv.add_argument("--remote-url", metavar="URL", help="SPARQL endpoint of a remote store (default: KG_REMOTE_URL)")
    sv.set_defaults(func=cmd_serve)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="The diplomacy knowledge graph: build, validate, query.")
    p.add_argument("--dump", default=str(paths.DUMP), help="folder of the dumps (default: %(default)s)")
    p.add_argument(
        "--store-dir",
        metavar="DIR",
        default=os.environ.get("KG_STORE_DIR") or None,
        help="keep the queried store on disk in DIR, made from the dump once: for big graphs "
        "(default: KG_STORE_DIR, else in memory)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build, reason, validate and write dump/")
    b.add_argument("--seeds", default=str(paths.SEEDS), help="folder of articles and facts (default: %(default)s)")
    b.set_defaults(func=cmd_build)
    v = sub.add_parser(
        "validate", help="validate a Turtle file against the SHACL shapes (exit 1 if it does not conform)"
    )
    v.add_argument("file", nargs="?", default=str(paths.DUMP / "kg.ttl"))
    v.set_defaults(func=cmd_validate)
    q = sub.add_parser("query", help="run a canned query or a .rq file over the dump")
    q.add_argument("name", nargs="?", help="canned query name (see --list)")
    q.add_argument("--file", help="a SPARQL file to run instead")
    q.add_argument("--param", action="append", metavar="KEY=VALUE", help="bind a parameter (repeatable)")
    q.add_argument("--format", choices=sorted(render.FORMATS), default="table")
    q.add_argument("--list", action="store_true", help="list the canned queries")
    q.set_defaults(func=cmd_query)
    s = sub.add_parser("stats", help="count things per class and triples per graph")
    s.set_defaults(func=cmd_stats)
    e = sub.add_parser("examples", help="answer the README's example questions")
    e.set_defaults(func=cmd_examples)
    ld = sub.add_parser("load", help="push the dump into a remote triple store (SPARQL 1.1 Graph Store Protocol)")
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
    _serve_parser(sub)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except KGError as e:
        print(f"kg: {'data does not conform' if isinstance(e, NotConformant) else 'error'}: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:
        return 0
    return 0

"""The `kg` command line: answers, folders and user errors, mostly in-process through `kg.cli.main`, and
as a user runs it (a real `python -m kg` process) where the process itself matters: no traceback, the time
limit, a build, a port in use."""

import argparse
import os
import shutil
import socket
import subprocess
from collections import Counter
from unittest import mock

import pyoxigraph as ox
import pytest

from kg import paths
from kg.cli import EXAMPLES, main, parser
from kg.query.canned import load_all
from kg.rdf.namespaces import ID
from kg.validate import FORMATS as RDF_FILES
from tests.helpers import ROOT, copy_seeds, edit, free_port, run_kg
from tests.server import SPARQL

COMMANDS = sorted(next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)).choices)
CANNED = load_all()


def ok(result):
    """The stdout of a run that exited 0 without a traceback."""
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def refused(result, message: str):
    """Assert a run exited 2 with a one-line message that says `message`, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def kg(capsys, *args, env=None) -> subprocess.CompletedProcess:
    """`kg ARGS` in this process with `env` set meanwhile, as `run_kg` gives a real process's run."""
    with mock.patch.dict(os.environ, env or {}):
        code, out, err = in_process(capsys, *args)
    return subprocess.CompletedProcess(args, code, out, err)


def in_process(capsys, *args) -> tuple[int, str, str]:
    """`kg ARGS` through `kg.cli.main`: the exit code (also of `--help` and usage errors), stdout, stderr."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as e:  # argparse's own exits
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(capsys, command):
    code, out, _ = in_process(capsys, command, "--help")
    assert code == 0 and f"usage: kg {command}" in out


def test_cli_validate_help_names_every_file_type_it_takes(capsys):
    _, out, _ = in_process(capsys, "validate", "--help")
    assert all(suffix in " ".join(out.split()) for suffix in RDF_FILES)


def test_cli_query_prints_a_table_of_one_row_per_initiative(capsys):
    out = ok(kg(capsys, "query", "initiative-fields", "--param", "initiative=nine-bridges-initiative"))
    assert "nine-bridges-initiative" in out and "Moon Jae-in" in out and "(1 row)" in out


def test_cli_query_csv_gives_whole_values(capsys):
    out = ok(
        kg(capsys, "query", "initiative-fields", "--param", "initiative=nine-bridges-initiative", "--format", "csv")
    )
    header, row = out.splitlines()
    assert (
        header.split(",")[0] == "initiative" and row.startswith(ID["nine-bridges-initiative"]) and "shipbuilding" in row
    )


def test_cli_query_file_prefixes_standard_iris(capsys, store):
    out = ok(kg(capsys, "query", "--file", SPARQL / "cli" / "select.rq"))
    assert "owl:DatatypeProperty" in out and "xsd:date" in out and "rdfs:label" in out
    assert f"({len(store.query((SPARQL / 'cli' / 'select.rq').read_text()).rows)} rows)" in out


def test_cli_query_construct_as_turtle_holds_every_triple(capsys, store):
    out = ok(kg(capsys, "query", "--file", SPARQL / "cli" / "construct.rq", "--format", "turtle"))
    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)}
    assert len(parsed) == len(store.query((SPARQL / "cli" / "construct.rq").read_text()).triples) > 0


def test_cli_queries_a_store_kept_on_disk_the_same(capsys, tmp_path):
    in_memory = ok(kg(capsys, "query", "graph-counts", "--format", "csv"))
    on_disk = ok(kg(capsys, "query", "graph-counts", "--format", "csv", env={"KG_STORE_DIR": str(tmp_path)}))
    assert on_disk == in_memory and "ontology" in on_disk
    ok(kg(capsys, "--store-dir", tmp_path, "stats"))
    assert any(tmp_path.iterdir())


def test_cli_dump_folder_is_taken_before_or_after_the_command(capsys, tmp_path):
    shutil.copy(paths.DUMP / "kg.nq", tmp_path / "kg.nq")
    answers = [in_process(capsys, *args) for args in (["--dump", tmp_path, "stats"], ["stats", "--dump", tmp_path])]
    assert answers[0] == answers[1] == in_process(capsys, "stats") and answers[0][0] == 0
    code, _, err = in_process(capsys, "stats", "--dump", tmp_path / "none")
    assert code == 2 and f"{tmp_path / 'none' / 'kg.nq'} does not exist" in err


@pytest.mark.parametrize(
    "args,message",
    [
        (["query", "no-such-query"], "no canned query 'no-such-query'"),
        (["query", "meetings", "--param", "from=yesterday"], "parameter 'from': 'yesterday' is not a valid date"),
        (["query", "meetings", "--param", "from"], "write it as key=value"),
        (["query", "--file", "missing.rq"], "missing.rq does not exist"),
        (["query"], "give a canned query NAME or --file"),
        (["query", "graph-counts", "--format", "turtle"], "--format turtle is for CONSTRUCT and DESCRIBE"),
        (["query", "graph-counts", "--timeout", "soon"], "time limit must be a number of seconds above 0"),
        (["query", "--file", SPARQL / "malformed.rq"], "SPARQL syntax error"),
    ],
)
def test_cli_user_errors_exit_2_with_a_message(capsys, args, message):
    code, out, err = in_process(capsys, *args)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1, err


def test_cli_user_error_in_a_real_process_has_no_traceback():
    refused(run_kg("query", "meetings", "--param", "from=yesterday"), "'yesterday' is not a valid date")


def test_cli_query_stops_at_its_time_limit():
    refused(run_kg("query", "--file", SPARQL / "pathological.rq", "--timeout", "0.5"), "ran longer than 0.5 s")


def test_cli_build_with_broken_seeds_exits_2_with_file_and_line(tmp_path):
    seeds = copy_seeds(tmp_path)
    edit(seeds / "rusk-2021-03.yaml", 'quote: "March 26, 2021"', 'quote: "March 26 2021"')
    result = run_kg("--dump", tmp_path / "out", "build", "--seeds", seeds)
    refused(result, "'March 26 2021' is not in the article text")
    assert f"{seeds / 'rusk-2021-03.yaml'}:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_validate_exits_0_on_the_dump_and_1_on_broken_data(capsys, tmp_path):
    ok(kg(capsys, "validate"))
    broken = tmp_path / "broken.ttl"
    text = (ROOT / "dump" / "kg.ttl").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('dip:earliest "1990-09-30"^^xsd:date', 'dip:earliest "2999-09-30"^^xsd:date', 1), encoding="utf-8"
    )
    result = kg(capsys, "validate", broken)
    assert result.returncode == 1 and "does not conform" in result.stderr


def test_cli_stats_counts_triples_per_graph_as_the_dump_holds_them(capsys):
    out = ok(kg(capsys, "stats"))
    quads = Counter(q.graph_name.value for q in ox.parse(path=str(paths.DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS))
    lines = {tuple(line.split()) for line in out.splitlines()}
    assert {(graph[len(ID) :], str(n)) for graph, n in quads.items()} <= lines
    assert "dip:Country" in out


def test_cli_examples_answer_the_readme_questions(capsys, store):
    out = ok(kg(capsys, "examples"))
    for question, name, params in EXAMPLES:
        first = store.query(CANNED[name].text, CANNED[name].bindings(params)).rows
        assert question in out and first
        assert all(str(row[0])[len(ID) :] in out for row in first), name


def test_cli_serve_refuses_a_port_out_of_range(capsys):
    refused(kg(capsys, "serve", "--port", "70000"), "--port 70000 is out of range")


def test_cli_serve_refuses_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused(run_kg("serve", "--host", "127.0.0.1", "--port", port), f"port {port} on 127.0.0.1 is in use")


def test_cli_serve_refuses_a_missing_dump(capsys, tmp_path):
    refused(kg(capsys, "serve", "--port", free_port(), "--dump", tmp_path), f"{tmp_path / 'kg.nq'} does not exist")


@pytest.mark.parametrize(
    "env,message",
    [
        ({"KG_ROW_LIMIT": "0"}, "KG_ROW_LIMIT must be more than 0"),
        ({"KG_QUERY_TIMEOUT": "soon"}, "KG_QUERY_TIMEOUT must be a number"),
        ({"KG_STORE": "neo4j"}, "KG_STORE must be one of oxigraph, rdflib, remote"),
        ({"KG_QUERIES": "/nonexistent"}, "KG_QUERIES must be a folder of canned .rq queries"),
    ],
)
def test_cli_serve_refuses_a_bad_setting_naming_it(capsys, env, message):
    refused(kg(capsys, "serve", "--port", free_port(), env=env), message)

import json

import pytest

from tests.helpers import ROOT, copy_seeds, edit, run_kg

COMMANDS = ["build", "validate", "query", "stats", "examples", "serve", "load"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command):
    result = run_kg(command, "--help")
    assert result.returncode == 0 and "usage: kg" in result.stdout


def test_cli_query_prints_a_table_and_exits_0():
    result = run_kg("query", "initiative-fields", "--param", "initiative=nine-bridges-initiative")
    assert result.returncode == 0, result.stderr
    assert "shipbuilding@en" in result.stdout and "(6 rows)" in result.stdout


def test_cli_queries_a_store_kept_on_disk_the_same(tmp_path):
    in_memory = run_kg("query", "graph-counts", "--format", "csv")
    on_disk = run_kg("query", "graph-counts", "--format", "csv", env={"KG_STORE_DIR": str(tmp_path)})
    assert on_disk.returncode == 0 and on_disk.stdout == in_memory.stdout and "ontology" in on_disk.stdout
    assert run_kg("--store-dir", tmp_path, "stats").returncode == 0 and any(tmp_path.iterdir())


def test_cli_query_json_and_file(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("#+ title: t\n#+ description: d\nSELECT ?l WHERE { id:russia rdfs:label ?l } ORDER BY ?l\n")
    result = run_kg("query", "--file", rq, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {"l": "Rusland"} in json.loads(result.stdout)["rows"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["query", "no-such-query"], "no canned query 'no-such-query'"),
        (["query", "meetings", "--param", "from=yesterday"], "parameter 'from': 'yesterday' is not a valid date"),
        (["query", "meetings", "--param", "from"], "write it as key=value"),
        (["query", "--file", "missing.rq"], "missing.rq does not exist"),
        (["query"], "give a canned query NAME or --file"),
    ],
)
def test_cli_user_errors_exit_2_with_a_message_and_no_traceback(args, message):
    result = run_kg(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_cli_bad_sparql_exits_2_naming_the_problem(tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE { ?x ?y }\n")
    result = run_kg("query", "--file", rq)
    assert result.returncode == 2 and "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr


def test_cli_build_with_broken_seeds_exits_2_with_file_and_line(tmp_path):
    seeds = copy_seeds(tmp_path)
    edit(seeds / "rusk-2021-03.yaml", 'quote: "March 26, 2021"', 'quote: "March 26 2021"')
    result = run_kg("--dump", tmp_path / "out", "build", "--seeds", seeds)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        f"{seeds / 'rusk-2021-03.yaml'}:" in result.stderr
        and "'March 26 2021' is not in the article text" in result.stderr
    )
    assert not (tmp_path / "out").exists()


def test_cli_validate_exits_0_on_the_dump_and_1_on_broken_data(tmp_path):
    assert run_kg("validate").returncode == 0
    broken = tmp_path / "broken.ttl"
    text = (ROOT / "dump" / "kg.ttl").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('dip:earliest "1990-09-30"^^xsd:date', 'dip:earliest "2999-09-30"^^xsd:date', 1), encoding="utf-8"
    )
    result = run_kg("validate", broken)
    assert result.returncode == 1 and "does not conform" in result.stderr


def test_cli_stats_counts_classes_and_graphs():
    result = run_kg("stats")
    assert result.returncode == 0
    assert "dip:Country" in result.stdout and "graph/inferred" in result.stdout


def test_cli_examples_answer_the_readme_questions():
    result = run_kg("examples")
    assert result.returncode == 0, result.stderr
    for expected in (
        "sister-city-agreement-1991",
        "meeting-lavrov-chung-2021-03",
        "shipbuilding",
        "22340",
        "niemand ongerust",
    ):
        assert expected in result.stdout

"""`kg query --file Q --format F`: every query form in every format, read back and held to the store's own answer."""

import csv
import io

import pyoxigraph as ox
import pytest
from rdflib import Literal

from kg import cli
from kg.cli import main
from kg.cli.render import FORMATS
from kg.rdf.namespaces import PREFIXES
from kg.rdf.terms import to_rdflib
from tests.server import SPARQL

TRIPLE = ["subject", "predicate", "object"]
FORMS = {form: SPARQL / "cli" / f"{form}.rq" for form in ("select", "ask", "construct", "describe")}
RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}
GRAPHS = {
    "json": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
REFUSED = [(form, fmt) for form in ("select", "ask") for fmt in ("turtle", "ntriples")]
PAIRS = [(form, fmt) for form in FORMS for fmt in FORMATS if (form, fmt) not in REFUSED and fmt != "table"]


@pytest.fixture(autouse=True)
def loaded_once(monkeypatch, store):
    """The command line queries the module's store instead of loading the dump again for every case."""
    monkeypatch.setattr(cli, "_store", lambda args: store)


def expected(store, form):
    """The store's answer to the form's query, asked directly (not through the command line)."""
    return store.query(FORMS[form].read_text(encoding="utf-8"))


def kg_query(capsys, form, fmt):
    """Run `kg query --file` in-process: the exit code, stdout and stderr."""
    code = main(["query", "--file", str(FORMS[form]), "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


def ordered(rows) -> list:
    """Rows in a fixed order (stores may give them in any), unbound cells as None."""
    return sorted(rows, key=lambda row: tuple("" if t is None else str(t) for t in row))


def read(out: str, fmt: str, kind: str):
    """A printed answer read back by a parser of its format: ASK's boolean, or its header and rows."""
    if fmt == "csv":
        header, *rows = csv.reader(io.StringIO(out))
        return header, ordered(map(tuple, rows))
    if kind == "graph" and fmt in GRAPHS:
        quads = ox.parse(out.encode(), format=GRAPHS[fmt])
        return TRIPLE, ordered((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads)
    answer = ox.parse_query_results(out.encode(), format=RESULTS[fmt])
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    return [v.value for v in answer.variables], ordered(tuple(map(to_rdflib, s)) for s in answer)


def held(result, fmt: str):
    """What the store's answer holds, in the shape `read` gives: csv and tsv give ASK as a `boolean` row."""
    if result.kind == "ask" and fmt not in ("csv", "tsv"):
        return result.boolean
    header, rows = {
        "ask": (["boolean"], [(Literal(result.boolean),)]),
        "graph": (TRIPLE, result.triples),
        "select": (result.variables, result.rows),
    }[result.kind]
    if fmt == "csv":  # plain text, unbound as empty
        rows = [tuple("" if t is None else str(t) for t in row) for row in rows]
    return header, ordered(map(tuple, rows))


@pytest.mark.parametrize("form,fmt", PAIRS)
def test_query_prints_the_whole_answer_in_the_format(capsys, store, form, fmt):
    code, out, err = kg_query(capsys, form, fmt)
    result = expected(store, form)
    assert code == 0 and err == ""
    assert read(out, fmt, result.kind) == held(result, fmt)


@pytest.mark.parametrize("form", FORMS)
def test_query_table_shows_every_row_with_prefixed_iris(capsys, store, form):
    code, out, _ = kg_query(capsys, form, "table")
    result = expected(store, form)
    assert code == 0
    if result.kind == "ask":
        assert out == ("yes\n" if result.boolean else "no\n")
        return
    size = len(result.triples if result.kind == "graph" else result.rows)
    header, rule, *lines, count = out.splitlines()
    assert header.split() == (TRIPLE if result.kind == "graph" else result.variables)
    assert len(lines) == size and count == f"({size} {'triples' if result.kind == 'graph' else 'rows'})"
    used = {p for p, ns in PREFIXES.items() if p != "id" and str(ns) in out}
    assert not used, f"full IRIs of {used} where prefixed names belong"


def test_query_table_prefixes_every_standard_namespace(capsys):
    _, out, _ = kg_query(capsys, "select", "table")
    for prefix in ("rdf", "rdfs", "owl", "xsd", "prov", "skos", "dcterms"):
        assert f" {prefix}:" in out, prefix


@pytest.mark.parametrize("form,fmt", REFUSED)
def test_query_refuses_an_rdf_format_for_rows_naming_the_ones_that_work(capsys, form, fmt):
    code, out, err = kg_query(capsys, form, fmt)
    assert code == 2 and out == ""
    assert f"--format {fmt} is for CONSTRUCT and DESCRIBE" in err and "csv, tsv, json" in err

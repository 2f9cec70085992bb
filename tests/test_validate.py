"""The validator (shacl-rust, in chunks) reports what pyshacl reports, whole or chunked, and reads any RDF file."""

from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg import paths, validate
from kg.errors import InputError
from kg.validate import chunk_key, validate_file, validate_graph
from kg.validate.shapes import seen_predicates
from tests.helpers import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
ALL = sorted(p.stem for p in FIXTURES.glob("*.ttl"))


@pytest.fixture(scope="module")
def graphs():
    shapes, onto = Graph().parse(paths.SHAPES), Graph().parse(paths.ONTOLOGY)
    valid = Graph().parse(FIXTURES / "valid.ttl")
    return shapes, onto, valid


def data_of(fixture: str, valid: Graph, onto: Graph) -> Graph:
    """valid.ttl plus one fixture, with the ontology merged in as the dump has it."""
    g = Graph()
    g += valid
    g += onto
    if fixture != "valid":
        g.parse(FIXTURES / f"{fixture}.ttl")
    return g


def pyshacl_results(data: Graph, shapes: Graph) -> frozenset:
    _, report, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return frozenset(
        (
            str(report.value(r, SH.resultSeverity)).split("#")[1],
            str(report.value(r, SH.sourceShape)),
            str(report.value(r, SH.focusNode)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


@pytest.mark.parametrize("fixture", ALL)
def test_validator_reports_what_pyshacl_reports(fixture, graphs):
    shapes, onto, valid = graphs
    data = data_of(fixture, valid, onto)
    expected = pyshacl_results(data, shapes)
    assert (fixture == "valid") == (not expected)
    assert validate_graph(data).results == expected


@pytest.mark.parametrize("fixture", ALL)
def test_chunked_validation_reports_what_whole_validation_reports(fixture, graphs):
    _, onto, valid = graphs
    data = data_of(fixture, valid, onto)
    assert validate_graph(data, chunks=5).results == validate_graph(data).results


def test_dump_validates_the_same_in_any_format_and_chunking():
    reports = [
        validate_file(ROOT / "dump" / name, chunks=chunks)
        for name, chunks in (("kg.ttl", 1), ("kg.nq", 1), ("kg.nq", 7), ("kg.jsonld", 3), ("kg.trig", 2))
    ]
    assert {(r.violations, r.warnings, r.results) for r in reports} == {(0, 13, reports[0].results)}


def test_a_big_file_is_validated_in_chunks_with_the_same_results(monkeypatch):
    whole = validate_file(ROOT / "dump" / "kg.nq")
    monkeypatch.setattr(validate, "CHUNK_BYTES", 100_000)  # the seeds' dump is about 1 MB
    assert validate_file(ROOT / "dump" / "kg.nq").results == whole.results and len(whole.results) == 13


def test_dump_validates_as_stock_pyshacl_validates_it():
    data = Graph().parse(ROOT / "dump" / "kg.ttl")
    shapes = Graph().parse(paths.SHAPES)
    expected = pyshacl_results(data, shapes)
    assert len(expected) == 13 and validate_file(ROOT / "dump" / "kg.ttl", chunks=4).results == expected


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:s a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:named ; sh:minCount 1 ] """


@pytest.mark.parametrize(
    "extra,seen",
    [
        ("", {"<http://example.org/named>"}),
        (
            '; sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/queried> ?x }" ]',
            {"<http://example.org/named>", "<http://example.org/queried>"},
        ),
        ("; sh:closed true", None),  # a closed shape sees every predicate
        ('; sh:sparql [ sh:select "SELECT $this WHERE { $this unknown:p ?x }" ]', None),
    ],
)
def test_the_shapes_see_the_predicates_they_name_in_paths_and_queries(tmp_path, extra, seen):
    (tmp_path / "shapes.ttl").write_text(SHAPES_HEAD + extra + " .\n")
    found = seen_predicates(tmp_path / "shapes.ttl")
    assert found is None if seen is None else seen <= found and "<http://example.org/other>" not in found


def test_the_shipped_shapes_see_what_the_build_states_but_not_every_inferred_predicate():
    seen = seen_predicates(paths.SHAPES)
    assert {
        "<http://www.w3.org/ns/oa#hasSource>",
        "<http://schema.org/text>",
        "<https://dipkg.example.org/ontology#participant>",
    } <= seen
    assert (
        not {
            "<http://semanticweb.cs.vu.nl/2009/11/sem/hasActor>",  # inferred, checked by no shape
            "<https://dipkg.example.org/ontology#involvesCountry>",
        }
        & seen
    )


def test_an_article_its_spans_selectors_and_facts_share_a_chunk():
    keys = {
        chunk_key(f"<https://dipkg.example.org/id/{path}>")
        for path in ("article/rusk-2021-03", "span/rusk-2021-03/10-20", "span/rusk-2021-03/10-20/quote")
    }
    assert keys == {"rusk-2021-03"}
    russia, graph = "<https://dipkg.example.org/id/russia>", "<https://dipkg.example.org/id/graph/rusk-2021-03>"
    assert chunk_key(russia, graph) == "rusk-2021-03"  # with the article that states it
    assert chunk_key(russia, "<https://dipkg.example.org/id/graph/inferred>") == chunk_key(russia) == russia


def test_validate_file_names_a_bad_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(InputError, match="bad.ttl: not valid RDF"):
        validate_file(bad)
    with pytest.raises(InputError, match="unknown file type"):
        validate_file(tmp_path / "x.csv")
    with pytest.raises(InputError, match="does not exist"):
        validate_file(tmp_path / "missing.ttl")

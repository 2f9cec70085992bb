"""The validator (shacl-rust, in chunks) reports on the dump what pyshacl reports, in any format and chunking:
the reference is the text report of the README's stock `pyshacl` command, run once.

Its parity with pyshacl on every shape's fixture is in test_shapes.py, where pyshacl runs once per fixture.
"""

import re
import subprocess

import pytest

from kg import paths, validate
from kg.errors import InputError
from kg.validate import chunk_key, validate_file
from kg.validate.shapes import seen_predicates
from tests.helpers import ROOT, stock_pyshacl

DUMP = ROOT / "dump"


@pytest.fixture(scope="module")
def stock_run() -> subprocess.CompletedProcess:
    """The README's stock `pyshacl` command on the dump: its text report lists every result."""
    return stock_pyshacl()


@pytest.fixture(scope="module")
def pyshacl_on_dump(stock_run) -> list:
    """(severity, shape, focus node) of every result in the stock command's report, its names expanded."""
    prefixes = {}
    for source in (DUMP / "kg.ttl", paths.SHAPES):
        head = source.read_text(encoding="utf-8")[:20000]
        prefixes.update(re.findall(r"^@prefix ([\w-]*): <([^>]+)> \.$", head, re.M))

    def iri(name: str) -> str:
        prefix, _, local = name.partition(":")
        return name[1:-1] if name.startswith("<") else prefixes[prefix] + local

    blocks = re.findall(r"Severity: sh:(\w+)\n\tSource Shape: (\S+)\n\tFocus Node: (\S+)", stock_run.stdout)
    return [(severity, iri(shape), iri(focus)) for severity, shape, focus in blocks]


@pytest.mark.e2e
def test_readme_pyshacl_command_exits_0_on_the_dump(stock_run, pyshacl_on_dump):
    assert stock_run.returncode == 0, stock_run.stdout[-5000:]
    assert "Conforms: True" in stock_run.stdout
    assert f"Results ({len(pyshacl_on_dump)}):" in stock_run.stdout, "every result of the report is read"


@pytest.fixture(scope="module")
def reference(pyshacl_on_dump) -> frozenset:
    """(severity, shape, focus node) of pyshacl's results on the dump, as Report.results holds them."""
    return frozenset(r[:3] for r in pyshacl_on_dump)


def counts(results: list) -> tuple[int, int]:
    """(violations, warnings) among pyshacl's results."""
    severities = [severity for severity, *_ in results]
    return severities.count("Violation"), severities.count("Warning")


@pytest.mark.e2e
@pytest.mark.parametrize(
    "name,chunks",
    [("kg.ttl", None), ("kg.ttl", 1), ("kg.ttl", 4), ("kg.nq", 1), ("kg.nq", 7), ("kg.jsonld", 3), ("kg.trig", 2)],
)
def test_dump_validates_as_pyshacl_validates_it(pyshacl_on_dump, reference, name, chunks):
    report = validate_file(DUMP / name, chunks=chunks)
    assert report.results == reference
    assert (report.violations, report.warnings) == counts(pyshacl_on_dump), "as many results as pyshacl's"


@pytest.mark.e2e
def test_a_big_file_is_validated_in_chunks_with_the_same_results(reference, monkeypatch):
    monkeypatch.setattr(validate, "CHUNK_BYTES", (DUMP / "kg.nq").stat().st_size // 3)  # as for a file 3x the limit
    assert validate_file(DUMP / "kg.nq").results == reference


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
    good = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
    for suffix in (".ttl", ".nt"):  # what a lenient reader would take: an IRI with a space, bytes that are not UTF-8
        iri = tmp_path / f"iri{suffix}"
        iri.write_text(good * 2 + "<https://example.org/a> <https://example.org/p> <https://example.org/b c> .\n")
        with pytest.raises(InputError, match=rf"iri{suffix}: not valid RDF: .*line 3.*Invalid IRI code point ' '"):
            validate_file(iri)
        latin1 = tmp_path / f"latin1{suffix}"
        latin1.write_bytes((good + '<https://example.org/a> <https://example.org/p> "Dæmon" .\n').encode("latin-1"))
        with pytest.raises(InputError, match=rf"latin1{suffix}: not valid RDF: .*UTF-8"):
            validate_file(latin1)
    with pytest.raises(InputError, match="unknown file type"):
        validate_file(tmp_path / "x.csv")
    with pytest.raises(InputError, match="does not exist"):
        validate_file(tmp_path / "missing.ttl")


def test_a_file_without_the_ontology_is_validated_with_it_merged_as_pyshacl_e_merges_it(tmp_path):
    data = tmp_path / "kg.ttl"  # stated triples only: sh:class and the class targets need the ontology's subclasses
    data.write_bytes((ROOT / "tests" / "fixtures" / "shapes" / "valid.ttl").read_bytes())
    for chunks in (None, 1):
        report = validate_file(data, chunks=chunks)
        assert (report.violations, report.warnings) == (0, 0), report.text

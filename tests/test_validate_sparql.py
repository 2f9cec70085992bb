"""A user's own shapes with SPARQL constraints of their own: `kg validate` reports what pyshacl reports.

The shapes' SPARQL-based constraints are evaluated in one query each (kg.validate.sparql), the rest
by shacl-rust; a constraint that one query cannot stand for stays with shacl-rust. Every shape here
fires, whole and in chunks, with pyshacl's results, counts, severities and filled-in messages.
"""

import pytest
from rdflib import Graph

from kg.validate import readable, sparql, validate_file
from tests.helpers import pyshacl_results

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:OrderShape a sh:NodeShape ; sh:targetClass ex:Order ; sh:severity sh:Warning ;
  sh:message "An order ships after it is placed." ;
  sh:sparql [ sh:prefixes ex:decl ; sh:message "Order {$this} ships {?value} on {?day}, before {?placed}" ;
    sh:select '''SELECT $this ?value ?day ?placed WHERE {
      $this ex:item ?value ; ex:placed ?placed . ?value ex:shipped ?day . FILTER (?day < ?placed) }''' ] .
ex:CheckedShape a sh:NodeShape ; sh:targetSubjectsOf ex:item ;
  sh:sparql [ sh:prefixes ex:decl ;
    sh:select '''SELECT $this ?value WHERE {  # the focus node is bound in BIND too, as if pre-bound
      { $this ex:item ?value } UNION { BIND ($this AS ?value) } FILTER NOT EXISTS { ?value ex:checked true } }''' ] .
ex:OffShape a sh:NodeShape ; sh:targetNode ex:o1 ;
  sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] .
ex:ItemShape a sh:PropertyShape ; sh:targetClass ex:Order ; sh:path ex:item ; sh:severity sh:Info ;
  sh:sparql [ sh:message "{?value} is no item" ; sh:prefixes ex:decl ;
    sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER NOT EXISTS { ?value a ex:Item } }" ] .
ex:NestedShape a sh:NodeShape ; sh:targetNode ex:o2 ;
  sh:sparql [ sh:select '''SELECT $this WHERE {  # a subquery: shacl-rust evaluates it
      { SELECT DISTINCT $this WHERE { $this <http://example.org/placed> ?d } } }''' ] .
"""
DATA = """@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:o1 a ex:Order ; ex:placed "2020-01-05"^^xsd:date ; ex:item ex:i1, ex:i2 .
ex:i1 a ex:Item ; ex:shipped "2020-01-01"^^xsd:date ; ex:checked true .
ex:i2 ex:shipped "2020-01-09"^^xsd:date .
ex:o2 a ex:Order ; ex:placed "2020-01-01"^^xsd:date ; ex:checked true .
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own-shapes")
    (folder / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (folder / "data.ttl").write_text(DATA, encoding="utf-8")
    return folder / "shapes.ttl", folder / "data.ttl"


@pytest.fixture(scope="module")
def reference(files) -> list:
    shapes, data = files
    return pyshacl_results(Graph().parse(data), None, Graph().parse(shapes))


def test_every_own_shape_fires_but_the_deactivated_constraint(reference):
    fired = {shape.rsplit("/", 1)[1] for _, shape, _, _ in reference}
    assert fired == {"OrderShape", "CheckedShape", "ItemShape", "NestedShape"}


def test_the_sparql_constraints_one_query_stands_for_are_evaluated_in_one(files):
    taken = {c.shape for c in sparql.split(files[0]).constraints}
    assert taken == {f"<http://example.org/{s}>" for s in ("OrderShape", "CheckedShape", "ItemShape")}


@pytest.mark.parametrize("chunks", [None, 1, pytest.param(3, marks=pytest.mark.slow)])  # 3: worker processes
def test_own_sparql_constraints_report_what_pyshacl_reports(files, reference, chunks):
    shapes, data = files
    report = validate_file(data, shapes, chunks=chunks)
    assert report.results == frozenset(r[:3] for r in reference)
    violations = sum(severity == "Violation" for severity, *_ in reference)
    assert (report.violations, report.warnings) == (violations, len(reference) - violations)
    ours = {(r["sourceShape"][1:-1], r["focusNode"][1:-1], readable(m)) for r in report.items for m in r["messages"]}
    theirs = {(shape, focus, m) for _, shape, focus, messages in reference for m in messages}
    assert theirs <= ours  # pyshacl's messages, filled in (pyshacl gives none where the shapes have none)
    assert (
        "http://example.org/OrderShape",
        "http://example.org/o1",
        "Order http://example.org/o1 ships http://example.org/i1 on 2020-01-01, before 2020-01-05",
    ) in ours

"""kg.query.formats: engine answers written by pyoxigraph, cut at a row limit, XML that keeps a carriage return."""

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.query import formats
from kg.query.results import Result
from tests.server import SPARQL

DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")
LABELS = (SPARQL / "labels.rq").read_text()
ALL = (SPARQL / "all-triples.rq").read_text()


def rows_in(body: bytes, media_type: str) -> int:
    return len(list(ox.parse_query_results(body, format=formats.RESULTS_FORMATS[media_type])))


@pytest.mark.parametrize("media_type", [formats.SPARQL_JSON, formats.SPARQL_XML, formats.TSV])
def test_write_cuts_solutions_at_the_limit_and_says_so(store, media_type):
    body, cut = formats.write(store.evaluate(LABELS), media_type, limit=7)
    assert cut and rows_in(body, media_type) == 7


def test_write_keeps_every_row_under_the_limit(store):
    everything = len(list(store.evaluate(LABELS)))
    body, cut = formats.write(store.evaluate(LABELS), formats.SPARQL_JSON, limit=everything)
    assert not cut and rows_in(body, formats.SPARQL_JSON) == everything
    assert "truncated" not in json.loads(body)


def test_a_cut_json_answer_says_truncated(store):
    body, _ = formats.write(store.evaluate(LABELS), formats.SPARQL_JSON, limit=3)
    assert json.loads(body)["truncated"] is True


def test_a_cut_graph_says_so_in_a_turtle_comment(store):
    body, cut = formats.write(store.evaluate(ALL), formats.TURTLE, limit=4)
    assert cut and body.startswith(b"# truncated: only the first 4 triples\n")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 4


def test_ask_cannot_be_written_as_csv(store):
    with pytest.raises(ValueError, match="cannot be written as text/csv"):
        formats.write(store.evaluate((SPARQL / "ask-dutch-label.rq").read_text()), formats.CSV)


def test_a_result_of_rdflib_terms_keeps_its_lexical_forms():
    inf = Literal("INF", datatype=DOUBLE, normalize=False)
    result = Result("select", ["x", "y"], [(inf, None), (URIRef("urn:a"), Literal("b", lang="nl"))])
    body = json.loads(formats.serialize(result, formats.SPARQL_JSON))
    assert body["results"]["bindings"][0] == {"x": {"type": "literal", "value": "INF", "datatype": str(DOUBLE)}}
    assert body["results"]["bindings"][1]["y"] == {"type": "literal", "value": "b", "xml:lang": "nl"}


def test_a_result_of_rdflib_terms_answers_ask_in_xml():
    body = formats.serialize(Result("ask", boolean=False), formats.SPARQL_XML)
    assert ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"


def test_xml_writes_a_carriage_return_as_a_character_reference():
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("a\rb"))
    body = formats.graph([triple], formats.RDFXML)
    assert b"a&#13;b" in body and b"\r" not in body

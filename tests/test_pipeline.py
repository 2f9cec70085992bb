"""End to end, in-process: the shipped seeds through build, reasoning and validation.

That reasoning leaves its input untouched is in test_reason.py.
"""

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDF

from kg import paths
from kg.build.facts import build
from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH
from kg.reason import reason
from kg.validate import validate_graph


@pytest.fixture(scope="module")
def full():
    return reason(build())


def dump_inferred() -> int:
    """How many triples dump/kg.nq holds in the inferred graph."""
    suffix = f"<{INFERRED_GRAPH}> ."
    return sum(line.endswith(suffix) for line in (paths.DUMP / "kg.nq").read_text(encoding="utf-8").splitlines())


def test_reasoning_infers_countries_through_participants(full):
    inferred = full.graph(INFERRED_GRAPH)
    meeting = ID["meeting-lavrov-chung-2021-03"]
    assert {ID.russia, ID["south-korea"]} <= set(inferred.objects(meeting, DIP.involvesCountry))
    assert (ID.russia, DIP.involvedIn, meeting) in inferred


def test_reasoning_involves_every_country_that_takes_part_itself(full):
    parts = {(e, c) for e, c in full.subject_objects(DIP.participant) if (c, RDF.type, DIP.Country) in full}
    assert parts and all((e, DIP.involvesCountry, c) in full for e, c in parts)
    taking_part = {e for e, c in parts if c == ID["north-korea"]}
    assert len(taking_part) > 1 and taking_part <= set(full.subjects(DIP.involvesCountry, ID["north-korea"]))


def test_reasoning_infers_inverse_and_superclass_types(full):
    inferred = full.graph(INFERRED_GRAPH)
    assert (ID["sergei-lavrov"], DIP.participatedIn, ID["meeting-lavrov-chung-2021-03"]) in inferred
    assert (ID["sister-city-agreement-1991"], DIP.participant, ID.seoul) in inferred


def test_reasoning_adds_no_junk(full):
    inferred = full.graph(INFERRED_GRAPH)
    assert len(inferred) == dump_inferred(), "reason(build()) infers what `kg build` wrote to dump/"
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)
    assert not any(s == o for s, p, o in inferred.triples((None, OWL.sameAs, None)))
    assert not any(str(s).startswith(str(ID["span/"])) for s in inferred.subjects())


def test_shipped_data_conforms_to_the_shapes(full):
    report = validate_graph(full)
    assert report.conforms, report.text

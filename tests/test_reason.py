"""The fast reasoner gives exactly owlrl's filtered closure, on the seeds and on a synthetic corpus."""

from collections import defaultdict

import pytest
from rdflib import Dataset
from rdflib.namespace import OWL, RDF

from bench import synth
from kg import paths
from kg.build.facts import build
from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.reason import infer, infer_owlrl, reason, rules, stated_of


def with_evidence_sampled(ds: Dataset, per_basis: int = 25) -> Dataset:
    """`ds` with the first `per_basis` statement nodes of evidence of each basis (Stated, Derived, ...) kept, the
    other ones removed: owlrl's time grows with the graph, and most of the seeds' triples are evidence."""
    nodes = defaultdict(list)
    for statement, _, basis, _ in ds.quads((None, DIP.basis, None, None)):
        nodes[basis].append(statement)
    for statement in {s for kind in nodes.values() for s in sorted(kind)[per_basis:]}:
        ds.remove((statement, None, None, None))
    return ds


def meeting() -> Dataset:
    """The ontology and five facts of one article: a meeting, its participant, the country that person represents."""
    ds = Dataset()
    ds.graph(ONTOLOGY_GRAPH).parse(paths.ONTOLOGY, format="turtle")
    facts = ds.graph(ID["graph/meeting"])
    facts.add((ID.meeting, RDF.type, DIP.Meeting))
    facts.add((ID.meeting, DIP.participant, ID.envoy))
    facts.add((ID.envoy, RDF.type, DIP.Official))
    facts.add((ID.envoy, DIP.represents, ID.country))
    facts.add((ID.country, RDF.type, DIP.Country))
    return ds


@pytest.mark.slow
def test_infer_equals_owlrl_on_the_seeds_facts_and_every_kind_of_evidence():
    ds = with_evidence_sampled(build())  # the synthetic corpus below keeps all of its evidence
    assert {DIP.Stated, DIP.Derived, DIP.CuratorKnowledge, DIP.CuratorTranslation} <= set(ds.objects(None, DIP.basis))
    fast, reference = set(infer(ds)), set(infer_owlrl(ds))
    assert fast == reference != set()


@pytest.mark.slow
def test_infer_equals_owlrl_on_a_synthetic_corpus():
    ds = synth.dataset(synth.articles(30, seed=7))  # every kind of fact; owlrl takes seconds for each more
    assert set(infer(ds)) == set(infer_owlrl(ds))


@pytest.mark.slow
def test_infer_follows_chains_transitivity_and_inverses_of_subproperties():
    ds = synth.dataset(synth.articles(60, seed=3))
    inferred = infer(ds)
    agreement = next(s for s, _, _ in ds.triples((None, DIP.follows, None)))
    meeting = ds.value(agreement, DIP.follows)
    assert (meeting, DIP.precedes, agreement) in inferred  # inverse of follows
    party = ds.value(agreement, DIP.party)
    assert (party, DIP.participatedIn, agreement) in inferred  # party < participant, inverse participatedIn
    official = ds.value(meeting, DIP.participant)
    assert (meeting, DIP.involvesCountry, ds.value(official, DIP.represents)) in inferred  # chain


@pytest.mark.slow
def test_infer_falls_back_to_owlrl_for_constructs_it_does_not_apply():
    ds = meeting()  # small: owlrl runs twice
    ds.graph(ONTOLOGY_GRAPH).add((DIP.represents, RDF.type, OWL.FunctionalProperty))
    assert rules.unsupported(stated_of(ds).ontology) == {rules.nt(OWL.FunctionalProperty)}
    inferred = set(infer(ds))
    assert inferred == set(infer_owlrl(ds)) and (ID.meeting, DIP.involvesCountry, ID.country) in inferred


def test_reason_returns_new_dataset_and_leaves_input_alone():
    stated = synth.dataset(synth.articles(5, seed=1))  # one small article: a fifth of a second
    before = len(stated)
    full = reason(stated)
    assert len(stated) == before and not len(stated.graph(INFERRED_GRAPH))
    assert len(full) == before + len(full.graph(INFERRED_GRAPH)) and (ID["country-0"], RDF.type, DIP.Agent) in full

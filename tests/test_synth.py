"""The synthetic corpus of bench/ follows the ontology, passes the shapes and is deterministic."""

from collections import Counter

import pytest
from rdflib.namespace import RDF

from bench import synth
from kg.build.facts import build
from kg.rdf.namespaces import DIP, OA
from kg.reason import reason
from kg.validate import validate_graph
from tests.helpers import run_kg


@pytest.fixture(scope="module")
def corpus():
    return synth.articles(120, seed=5)


@pytest.fixture(scope="module")
def ds(corpus):
    """The corpus built as `kg build` builds seeds."""
    return synth.dataset(corpus)


def test_synth_corpus_passes_the_shapes(ds):
    report = validate_graph(reason(ds))
    assert report.conforms, report.text[:2000]


def test_synth_states_every_value_in_the_words_of_its_sentence(ds):
    bases = Counter(ds.objects(None, DIP.basis))
    assert bases[DIP.Stated] and set(bases) <= {DIP.Stated, DIP.Derived}, bases  # no curator knowledge


def test_synth_corpus_has_every_kind_of_fact(ds):
    kinds = set(ds.objects(None, RDF.type))
    for kind in (
        "Country",
        "City",
        "Official",
        "Organization",
        "Meeting",
        "Agreement",
        "DiplomaticTies",
        "Anniversary",
        "Initiative",
        "Statement",
        "Statistic",
        "Indicator",
    ):
        assert DIP[kind] in kinds, kind


def test_synth_spans_point_at_their_quotes(corpus, ds):
    texts = {a.doc_id: a.text for a in corpus}
    quoted = set()
    for span in ds.subjects(RDF.type, OA.SpecificResource):
        doc = str(ds.value(span, OA.hasSource)).rsplit("/", 1)[1]
        quote, position = sorted(ds.objects(span, OA.hasSelector), key=lambda s: str(s).endswith("/position"))
        start, end = int(ds.value(position, OA.start)), int(ds.value(position, OA.end))
        assert texts[doc][start:end] == str(ds.value(quote, OA.exact))
        quoted.add((doc, texts[doc][start:end]))
    assert {(a.doc_id, thing["quote"]) for a in corpus for thing in a.things} <= quoted  # every fact has its span


def test_synth_is_deterministic_from_its_seed():
    a, b, c = synth.articles(100, seed=1), synth.articles(100, seed=1), synth.articles(100, seed=2)
    assert [x.text for x in a] == [x.text for x in b] and [x.things for x in a] == [x.things for x in b]
    assert [x.text for x in a] != [x.text for x in c]


def test_synth_seeds_folder_builds_with_kg_build(tmp_path):
    synth.write_seeds(synth.articles(60, seed=2), tmp_path / "seeds")
    assert len(build(tmp_path / "seeds")) == len(synth.dataset(synth.articles(60, seed=2)))
    result = run_kg("--dump", tmp_path / "dump", "build", "--seeds", tmp_path / "seeds")
    assert result.returncode == 0, result.stderr[-2000:]

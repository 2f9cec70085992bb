import pytest
from rdflib import BNode, Literal
from rdflib.namespace import PROV, RDF, RDFS

from kg.build.facts import build
from kg.errors import InputError
from kg.rdf.namespaces import DIP, ID, OA, article_graph
from tests.helpers import copy_seeds, edit, line_of


@pytest.fixture(scope="module")
def ds():
    return build()


def test_build_puts_each_article_in_its_own_named_graph(ds):
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    for doc in ("rusk-2021-03", "nl-rusnk-2024-10", "seoul-moscow-2020-10"):
        assert str(article_graph(doc)) in graphs


def test_build_makes_russia_one_node_with_english_and_dutch_labels(ds):
    labels = {(str(o), o.language) for o in ds.objects(ID.russia, RDFS.label)}
    assert {("Russia", "en"), ("Rusland", "nl")} <= labels
    putin = {str(o) for o in ds.objects(ID["vladimir-putin"], RDFS.label) if o.language == "nl"}
    assert any("Poetin" in label for label in putin)


def test_build_russia_is_cited_from_every_article(ds):
    sources = {ds.value(span, OA.hasSource) for span in ds.objects(ID.russia, PROV.wasDerivedFrom)}
    assert sources == {ID[f"article/{doc}"] for doc in ("rusk-2021-03", "nl-rusnk-2024-10", "seoul-moscow-2020-10")}


def test_build_uses_no_blank_nodes(ds):
    assert not any(isinstance(t, BNode) for quad in ds.quads((None, None, None, None)) for t in quad[:3])


def test_build_gives_every_fact_a_source_span(ds):
    kinds = {o for o in ds.objects(None, RDF.type) if str(o).startswith(str(DIP))} - {DIP.Article, DIP.Heading}
    # a heading is a span, not a fact; the ontology's own individuals (bases, units) are vocabulary
    facts = {s for kind in kinds for s in ds.subjects(RDF.type, kind) if str(s).startswith(str(ID))}
    assert len(facts) >= 150
    assert all((f, PROV.wasDerivedFrom, None) in ds for f in facts)


def test_build_resolves_on_thursday_against_publication_date(ds):
    meeting = ID["meeting-lavrov-chung-2021-03"]
    assert str(ds.value(meeting, DIP.earliest)) == "2021-03-25"
    assert str(ds.value(meeting, DIP.dateResolvedAgainst)) == "2021-03-26"


def test_build_marks_dutch_years_as_inferred(ds):
    article = ID["article/nl-rusnk-2024-10"]
    assert ds.value(article, DIP.yearInferred) == Literal(True)
    assert ds.value(article, DIP.dateReason) is not None


def test_build_keeps_odd_wording_of_a_statistic(ds):
    stat = ID["stat-korea-investment-russia-2019"]
    assert str(ds.value(stat, DIP.statedAs)) == "USD 2,63 million"
    assert ds.value(stat, DIP.curatorNote) is not None


@pytest.mark.parametrize(  # unknown ids, types and more on small seeds: tests/test_bad_facts.py
    "file,old,new,message",
    [
        ("rusk-2021-03.yaml", 'quote: "March 26, 2021"', 'quote: "March 27, 2021"', "is not in the article text"),
        (
            "rusk-2021-03.yaml",
            "    type: Country\n",
            "    type: Country\n    participants: [russia]\n",
            "unknown key 'participants'",
        ),
        ("nl-rusnk-2024-10.yaml", "    label: Rusland\n", "    label: Rusland\n    type: City\n", None),
    ],
)
def test_build_names_file_and_line_of_bad_facts(tmp_path, file, old, new, message):
    seeds = copy_seeds(tmp_path)
    edit(seeds / file, old, new)
    with pytest.raises(InputError) as err:
        build(seeds)
    assert f"{seeds / file}:" in str(err.value)
    if message:
        assert message in str(err.value)


def test_build_refuses_edited_article_text(tmp_path):
    seeds = copy_seeds(tmp_path)
    edit(seeds / "rusk-2021-03.txt", "Seoul", "Busan")
    with pytest.raises(InputError, match=r"rusk-2021-03.yaml:\d+: sha256 of rusk-2021-03.txt is"):
        build(seeds)


def test_build_reports_yaml_syntax_error_line(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / "seoul-moscow-2020-10.yaml"
    line = line_of(path, "things:")
    edit(path, "things:", "things: [")
    with pytest.raises(InputError, match=r"seoul-moscow-2020-10.yaml:\d+: not valid YAML"):
        build(seeds)
    assert line > 1

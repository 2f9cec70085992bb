"""Statement-level evidence: bad evidence in a facts file is refused at its line, and the dump backs every value.

The bad-input cases run on a small article of their own (so the messages can be asserted whole);
the dump's cases read dump/kg.nq, whose named graphs keep each article's triples apart from the
reasoner's.
"""

import hashlib
import os
import re
from collections import defaultdict

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kg import paths
from kg.build import words
from kg.build.facts import build
from kg.errors import InputError
from kg.pipeline import run
from kg.rdf.iris import statement_iri
from kg.rdf.namespaces import DIP, ID, article_graph
from kg.rdf.terms import to_rdflib
from tests.helpers import ROOT, edit, line_of

TEXT = """Lavrov meets Chung in Seoul

March 26, 2021

Russian foreign minister Sergei Lavrov met his South Korean counterpart Chung Eui-yong in Seoul on Thursday.
Trade between the two countries reached USD 22,340 million in 2019.
"""
FACTS = """article:
  id: mini
  original_file: mini.txt
  sha256: {sha}
  language: en
  title: "Lavrov meets Chung in Seoul"
  published: {{value: 2021-03-26, quote: "March 26, 2021"}}

things:
  - id: russia
    type: Country
    label: Russia
    quote: Russian
  - id: south-korea
    type: Country
    label: South Korea
    quote: South Korean
  - id: seoul
    type: City
    label: Seoul
    quote: Seoul
    in: "in Seoul on Thursday"
    inCountry: {{value: south-korea, basis: curator, source: "Wikidata Q8684: Seoul, capital of South Korea"}}
  - id: sergei-lavrov
    type: Official
    label: Sergei Lavrov
    quote: Russian foreign minister Sergei Lavrov
    office: Russian foreign minister
    represents: russia
  - id: chung-eui-yong
    type: Official
    label: Chung Eui-yong
    quote: South Korean counterpart Chung Eui-yong
    office: {{value: foreign minister, basis: curator, source: "The text calls him only the counterpart"}}
    represents: south-korea
  - id: meeting
    type: Meeting
    label: Meeting of Sergei Lavrov and Chung Eui-yong
    quote: "Sergei Lavrov met his South Korean counterpart Chung Eui-yong in Seoul on Thursday"
    participant:
      - sergei-lavrov
      - chung-eui-yong
    location: seoul
    date: {{relative: Thursday, expression: on Thursday}}
  - id: trade
    type: Indicator
    label: Trade volume
    quote: Trade
  - id: trade-2019
    type: Statistic
    label: Trade in 2019
    quote: "USD 22,340 million in 2019"
    indicator: {{value: trade, quote: "Trade between the two countries"}}
    value: 22340
    unit: {{value: USD million, stated_as: "USD 22,340 million"}}
    statedAs: "USD 22,340 million"
    date: 2019
"""
MEETING = '"Sergei Lavrov met his South Korean counterpart Chung Eui-yong in Seoul on Thursday"'
HINT = "see seeds/README.md, Evidence"
STATEMENTS = str(ID["statement/"])
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
OTHER_GRAPHS = ("/ontology", "/inferred")
ADVICE = (
    "give the value its own `quote:` (and `in:`) with the words that state it, or a `basis:`"
    " (curator with `source:`, derived with `rule:`); " + HINT
)

# (what the curator wrote, the new text, the words that mark its line, the message after `file:line: `)
BAD = [
    (
        "    location: seoul\n",
        "    location: seoul\n    about: russia\n",
        "    about: russia",
        f"about 'russia': its words are not in the thing's quote {MEETING[1:-1]!r}; {ADVICE}",
    ),
    (
        "    location: seoul\n",
        "    location: seoul\n    about: {value: russia, basis: hearsay}\n",
        "    about: {value",
        f"unknown basis 'hearsay'; use one of stated, derived, curator, translation ({HINT})",
    ),
    (
        "    location: seoul\n",
        "    location: seoul\n    about: {value: russia, basis: curator}\n",
        "    about: {value",
        f"about 'russia': curator knowledge needs its `source:` (where the curator knows it from); {HINT}",
    ),
    (
        "    location: seoul\n",
        "    location: seoul\n    about: {value: russia, basis: derived}\n",
        "    about: {value",
        f"about 'russia': a derived value needs its `rule:` (e.g. sum, ratio, same-day-as); {HINT}",
    ),
    (
        "    label: Sergei Lavrov\n",
        "    label: [Sergei Lavrov, {value: Sergej Lavrov, lang: nl, basis: translation}]\n",
        "    label: [Sergei Lavrov, {",
        "label 'Sergej Lavrov': a translation needs its original: `of:` with the article's words it renders; " + HINT,
    ),
    (
        "    location: seoul\n",
        "    location: seoul\n    about: {value: russia, quote: on Thursday}\n",
        "    about: {value",
        f"about 'russia': its words are not in its quote 'on Thursday'; quote the words that state it"
        f" (a declared normalisation goes in `stated_as:`); {HINT}",
    ),
    (
        "      - chung-eui-yong\n",
        "      - {value: chung-eui-yong, basis: curator}\n",
        "      - {value: chung-eui-yong",
        "participant 'chung-eui-yong': curator knowledge needs its `source:` (where the curator knows it from); "
        + HINT,
    ),
    (
        "    date: 2019\n",
        "    date: 2018\n",
        "    date: 2018",
        "date 2018: its words are not in the quote 'USD 22,340 million in 2019'; give the date its own `quote:`"
        " (and `in:`) with the words that state it, its `expression:` as the text says it, or a `reason:`"
        " (curator knowledge); see seeds/README.md, Dates",
    ),
    (
        "    location: seoul\n",
        '    location: seoul\n    note: "Held on 24 March 2021, says the embassy."\n',
        "    note: ",
        "the note names 2021-03-24, outside this thing's date 2021-03-25 (2021-03-25 to 2021-03-25): date the thing"
        " as its note says (a `reason:` makes it curator knowledge), or leave that day out of the note; a thing's"
        " date never contradicts its own note",
    ),
    (
        "    value: 22340\n",
        "    value: 22340\n    factor: 22340\n",
        "    factor: 22340",
        'a statistic is an amount (`value`) or a growth factor (`factor`, "25 times"), not both: make the factor'
        " a statistic of its own",
    ),
    (
        "    represents: russia\n",
        "    represents: russia\n    involvesCountry: russia\n",
        "    involvesCountry",
        "'involvesCountry' is not written in a facts file: the build or the reasoner makes it (base values and"
        " units from `value` and `unit`, inverses and chains from the stated property, evidence from each"
        " value's keys; see seeds/README.md)",
    ),
]


def mini_seeds(folder):
    """A seeds folder with the small article and its facts."""
    folder.mkdir()
    (folder / "mini.txt").write_text(TEXT, encoding="utf-8")
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    (folder / "mini.yaml").write_text(FACTS.format(sha=sha), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """The small article built: its seeds folder and a dump of it."""
    seeds = mini_seeds(tmp_path_factory.mktemp("mini") / "seeds")
    out = seeds.parent / "dump"
    run(seeds=seeds, out=out, log=lambda *_: None)
    return seeds, out


@pytest.mark.parametrize("old,new,marker,message", BAD, ids=[m.split(":")[0][:40] for *_, m in BAD])
def test_build_refuses_bad_evidence_at_its_line_and_keeps_the_dump(mini, tmp_path, old, new, marker, message):
    seeds = mini_seeds(tmp_path / "seeds")
    edit(seeds / "mini.yaml", old, new)
    dump = mini[1]
    before = {f.name: os.stat(f).st_mtime_ns for f in dump.iterdir()}
    with pytest.raises(InputError) as err:
        run(seeds=seeds, out=dump, log=lambda *_: None)
    assert str(err.value) == f"{seeds / 'mini.yaml'}:{line_of(seeds / 'mini.yaml', marker)}: {message}"
    assert {f.name: os.stat(f).st_mtime_ns for f in dump.iterdir()} == before


def test_build_gives_the_small_article_a_statement_per_asserted_triple(mini):
    ds = build(mini[0])
    graph = ds.graph(article_graph("mini"))
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    described = {
        (graph.value(s, RDF.subject), graph.value(s, RDF.predicate), graph.value(s, RDF.object)) for s in statements
    }
    meeting = ID.meeting
    assert {(meeting, DIP.participant, ID["sergei-lavrov"]), (meeting, DIP.location, ID.seoul)} <= described
    assert all(statement_iri(*t, article_graph("mini")) in statements for t in described)


# ------------------------------------------------------------------ the dump


@pytest.fixture(scope="module")
def dump():
    """dump/kg.nq by named graph: graph IRI -> set of (s, p, o) pyoxigraph terms."""
    graphs = defaultdict(set)
    for q in ox.parse(path=str(ROOT / "dump" / "kg.nq"), format=ox.RdfFormat.N_QUADS):
        graphs[q.graph_name.value].add((q.subject, q.predicate, q.object))
    return graphs


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(paths.ONTOLOGY, format="turtle")


def node(term) -> str:
    return term.value


def unevidenced(ontology) -> set:
    """Predicates whose triples assert nothing of an article (the ontology's list, and the file's own data)."""
    listed = {str(p) for p in ontology.objects(DIP.UnevidencedProperties, RDFS.member)}
    return listed | {str(PROV.wasDerivedFrom), "http://schema.org/text", "http://purl.org/dc/terms/language"}


def article_triples(graphs: dict, ontology) -> list:
    """(graph, s, p, o) of every asserted triple of a fact or an article in an article's graph."""
    skip, out = unevidenced(ontology), []
    for g, triples in articles(graphs).items():
        facts = {s for s, p, o in triples if node(p) == str(PROV.wasDerivedFrom) and not node(s).startswith(STATEMENTS)}
        facts.add(ox.NamedNode(str(ID["article/" + g.rsplit("/", 1)[1]])))
        kept = (t for t in triples if t[0] in facts and node(t[1]) not in skip)
        out += [(g, s, p, o) for s, p, o in kept if not (node(p) == str(RDF.type) and node(o) == str(DIP.Article))]
    return out


def evidence_of(triples: set) -> dict:
    """statement IRI -> {property IRI: [values]} of a graph's statement nodes."""
    out = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        if node(s).startswith(STATEMENTS):
            out[node(s)][node(p)].append(o)
    return out


def articles(graphs: dict) -> dict:
    """The article graphs of the dump, by IRI (not the ontology's, not the reasoner's)."""
    return {g: t for g, t in graphs.items() if g.startswith(str(ID["graph/"])) and not g.endswith(OTHER_GRAPHS)}


def names(graphs: dict) -> dict:
    """IRI -> every label, altLabel and quote of the thing (the words that may name it)."""
    out = defaultdict(set)
    spans = {}
    for triples in graphs.values():
        for s, p, o in triples:
            if node(p) in (str(RDFS.label), "http://www.w3.org/2004/02/skos/core#altLabel"):
                out[node(s)].add(o.value)
            if node(p) == "http://www.w3.org/ns/oa#exact":
                spans[node(s).rsplit("/quote", 1)[0]] = o.value
    for triples in graphs.values():
        for s, p, o in triples:
            if node(p) == str(PROV.wasDerivedFrom) and node(o) in spans and not node(s).startswith(STATEMENTS):
                out[node(s)].add(spans[node(o)])
    return out


def spans_text(graphs: dict) -> dict:
    """span IRI -> its exact quote."""
    return {
        node(s).rsplit("/quote", 1)[0]: o.value
        for triples in graphs.values()
        for s, p, o in triples
        if node(p) == "http://www.w3.org/ns/oa#exact"
    }


def holds(exact: str, p, value, wording, known: dict) -> bool:
    """True if the quote holds the value's words: its wording, a name of the thing, its figure, date or text.

    A thing's type is the curator's reading of the words that name it, and is not matched.
    """
    if node(p) == str(RDF.type):
        return True
    if node(p) == str(DIP.edtf):  # its years, and the month of a month without a year ("XXXX-06")
        found = set(words.tokens(exact))
        months = [int(m) for m in re.findall(r"XXXX-(\d{2})", value.value)]
        return set(re.findall(r"\d{4}", value.value)) <= found and all(
            set(words.MONTH_WORDS[m - 1]) & found for m in months
        )
    if wording:
        return any(words.has_phrase(exact, w.value) for w in wording)
    if isinstance(value, ox.NamedNode):
        return any(words.has_phrase(exact, n) for n in known.get(value.value, ()))
    text = value.value
    if value.datatype.value.endswith("#date"):
        return text[:4] in exact
    if value.datatype.value.endswith(("#decimal", "#integer")):
        return words.has_number(exact, text)
    return words.has_phrase(exact, text) or text in ("true", "day", "week", "month", "year")


def test_dump_backs_every_asserted_triple_with_a_statement_of_its_words(dump, ontology):
    known, quotes, missing, unstated = names(dump), spans_text(dump), [], []
    statements = {g: evidence_of(t) for g, t in articles(dump).items()}
    for g, s, p, o in article_triples(dump, ontology):
        st = str(statement_iri(*(to_rdflib(t) for t in (s, p, o)), to_rdflib(ox.NamedNode(g))))
        ev = statements[g].get(st)
        if ev is None:
            missing.append((g, s, p, o))
            continue
        if node(ev[str(DIP.basis)][0]) != str(DIP.Stated):
            continue
        cited = [quotes[node(span)] for span in ev[str(PROV.wasDerivedFrom)]]
        if not any(holds(exact, p, o, ev.get(str(DIP.wording)), known) for exact in cited):
            unstated.append((s, p, o, cited))
    assert not missing, missing[:5]
    assert not unstated, unstated[:5]
    assert len(article_triples(dump, ontology)) > 1000


def test_dump_marks_nothing_that_rests_on_curator_knowledge_as_stated(dump):
    bases = {}
    for triples in articles(dump).values():
        for s, ev in evidence_of(triples).items():
            bases[s] = node(ev[str(DIP.basis)][0])
    wrong = []
    for triples in articles(dump).values():
        for s, ev in evidence_of(triples).items():
            premises = {bases.get(node(x)) for x in ev.get(str(DIP.derivedFrom), [])}
            if str(DIP.CuratorKnowledge) in premises and bases[s] != str(DIP.CuratorKnowledge):
                wrong.append(s)
    assert not wrong, wrong[:5]


def test_dump_dates_the_dutch_article_by_the_curator_not_by_the_text(dump):
    nl = dump[str(article_graph("nl-rusnk-2024-10"))]
    ev = evidence_of(nl)
    bounds = [e for e in ev.values() if node(e[str(RDF.predicate)][0]) in (str(DIP.earliest), str(DIP.latest))]
    assert bounds and {node(e[str(DIP.basis)][0]) for e in bounds} == {str(DIP.CuratorKnowledge)}
    months = {o.value for s, p, o in nl if node(p) == str(DIP.edtf) and o.value.startswith("XXXX-")}
    assert "XXXX-06" in months  # "in juni": the month is the text's, its year the curator's


def test_dump_keeps_an_odd_figure_as_stated_and_the_curators_reading_apart(dump):
    graph = dump[str(article_graph("seoul-moscow-2020-10"))]
    stat = ox.NamedNode(str(ID["stat-korea-investment-russia-2019"]))
    of = {node(p): o.value for s, p, o in graph if s == stat}
    assert (of[str(DIP.statedAs)], of[str(DIP.value)], of[str(DIP.curatorValue)]) == ("USD 2,63 million", "2.63", "263")
    reading = statement_iri(
        *(
            to_rdflib(t)
            for t in (
                stat,
                ox.NamedNode(str(DIP.curatorValue)),
                ox.Literal("263", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            )
        ),
        article_graph("seoul-moscow-2020-10"),
    )
    basis = evidence_of(graph)[str(reading)]
    assert node(basis[str(DIP.basis)][0]) == str(DIP.CuratorKnowledge) and basis[str(DIP.curatorSource)]


def test_dump_gives_figures_in_base_units_and_marks_approximations(dump):
    graph = dump[str(article_graph("rusk-2021-03"))]
    stat = ox.NamedNode(str(ID["stat-russian-korean-investment-fund-2021"]))
    of = {node(p): o for s, p, o in graph if s == stat}
    assert of[str(DIP.baseValue)].value == str(int(of[str(DIP.value)].value) * 10**6)
    assert node(of[str(DIP.baseUnit)]) == str(DIP.USD) and of[str(DIP.approximate)].value == "true"


def test_ontology_lists_as_evidenced_every_property_no_axiom_can_infer(ontology):
    declared = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(str(DIP))
    }
    inferable = set(ontology.objects(None, RDFS.subPropertyOf))
    inferable |= {x for s, o in ontology.subject_objects(OWL.inverseOf) for x in (s, o)}
    inferable |= set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    inferable |= set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    inferable |= set(ontology.subjects(OWL.propertyChainAxiom, None))
    listed = set(ontology.objects(DIP.EvidencedProperties, RDFS.member))
    unlisted = set(ontology.objects(DIP.UnevidencedProperties, RDFS.member))
    expected = (declared - inferable - unlisted) | {RDFS.label, *(p for p in listed if not str(p).startswith(str(DIP)))}
    assert listed == expected, (
        f"add to dip:EvidencedProperties in ontology/dip.ttl: {sorted(expected - listed)}; "
        f"take out: {sorted(listed - expected)} (a property no axiom can infer, whose triples assert something)"
    )


def test_build_derives_a_value_from_the_same_property_of_the_things_it_names(tmp_path):
    seeds = mini_seeds(tmp_path / "seeds")
    twice = """  - id: trade-2019-twice
    type: Statistic
    label: Twice the trade in 2019
    quote: "USD 22,340 million in 2019"
    indicator: {value: trade, quote: "Trade between the two countries"}
    value: {value: 44680, basis: derived, rule: sum, from: [trade-2019, trade-2019]}
    unit: {value: USD million, stated_as: "USD 22,340 million"}
    statedAs: "USD 22,340 million"
"""
    (seeds / "mini.yaml").write_text((seeds / "mini.yaml").read_text(encoding="utf-8") + twice, encoding="utf-8")
    graph = build(seeds).graph(article_graph("mini"))
    total = Literal("44680", datatype=DECIMAL)
    derived = statement_iri(ID["trade-2019-twice"], DIP.value, total, article_graph("mini"))
    premise = statement_iri(ID["trade-2019"], DIP.value, Literal("22340", datatype=DECIMAL), article_graph("mini"))
    assert (graph.value(derived, DIP.basis), graph.value(derived, DIP.derivationRule)) == (DIP.Derived, Literal("sum"))
    assert list(graph.objects(derived, DIP.derivedFrom)) == [premise]

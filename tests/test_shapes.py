"""The SHACL shapes: each one fires, alone, on a broken fixture, and our validator reports what pyshacl reports.

Every fixture in tests/fixtures/shapes/ except valid.ttl is a few triples that are
added to valid.ttl (one article and one thing of every class) and break exactly one
shape. Fixtures hold stated triples only: the ontology, given to pyshacl as
ont_graph, supplies the rdfs:subClassOf triples that sh:targetClass and sh:class
follow (a dip:Meeting is a target of the dip:Event shape). Fixtures that stand for
reasoning mistakes carry the type the reasoner would infer.

pyshacl, the reference and the users' stock command, runs once per fixture; our validator
(`kg validate`, `kg build`: shacl-rust, and pyoxigraph for the SPARQL-based constraints) must
report the same results, on the whole graph and in chunks.
"""

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg import paths, validate
from kg.rdf.namespaces import DIP, ONTOLOGY_GRAPH, article_graph
from kg.reason import reason
from kg.validate import validate_graph
from tests.helpers import pyshacl_results, shipped_shapes, stock_pyshacl

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
DSH = Namespace("https://dipkg.example.org/shapes#")
V, W = SH.Violation, SH.Warning
CHUNKS = 5  # more chunks than the fixture has articles: its facts and spans land in different chunks

# (fixture, the one shape it makes fire, severity, words of the message the curator reads)
CASES = [
    # every fact
    ("fact-outside-id-namespace", "FactShape", V, "must be an IRI https://dipkg.example.org/id/<id>"),
    ("fact-without-span", "Fact-source", V, "This fact has no source span"),
    ("fact-span-not-a-span", "Fact-source", V, "This fact has no source span"),
    ("fact-without-label", "Fact-label", V, "needs a label tagged en or nl"),
    ("fact-label-in-german", "Fact-label", V, "needs a label tagged en or nl"),
    ("fact-label-untagged", "Fact-label", V, "needs a label tagged en or nl"),
    ("fact-two-english-labels", "Fact-label-unique", V, "two different labels in the same language"),
    ("fact-altlabel-untagged", "Fact-altLabel", V, "An `altLabel` must be text tagged en or nl"),
    ("fact-two-wikidata-ids", "Fact-wikidata", V, "at most one Wikidata item"),
    ("fact-wikidata-page-not-item", "Fact-wikidata", V, "at most one Wikidata item"),
    ("fact-wikidata-as-string", "Fact-wikidata", V, "at most one Wikidata item"),
    ("fact-note-tagged", "Fact-note", V, "must be plain text"),
    # articles
    ("article-outside-article-namespace", "ArticleShape", V, "https://dipkg.example.org/id/article/<document id>"),
    ("article-two-titles", "Article-title", V, "at most one language-tagged title"),
    ("article-two-labels", "Article-label", V, "exactly one language-tagged rdfs:label"),
    ("article-in-german", "Article-language", V, "must be exactly one of en or nl"),
    ("article-without-text", "Article-text", V, "exactly one non-empty, language-tagged text"),
    ("article-text-untagged", "Article-text", V, "exactly one non-empty, language-tagged text"),
    ("article-without-source-file", "Article-sourceFile", V, "exactly one original file name"),
    ("article-sha256-uppercase", "Article-sha256", V, "64 lowercase hex digits"),
    ("article-publisher-person", "Article-publisher", V, "must be the id of an Organization"),
    ("article-without-date", "Article-published", V, "needs its publication date"),
    # places and agents
    ("country-without-wikidata", "Country-wikidata", W, "This country has no Wikidata item"),
    ("city-without-country", "City-country", W, "This city is not located in a country"),
    ("city-in-a-city", "City-locatedIn", V, "must be the id of a Country"),
    ("person-represents-a-statistic", "Person-represents", V, "`represents` must be the id of an agent"),
    ("person-affiliated-with-a-country", "Person-affiliation", V, "`affiliation` must be the id of an Organization"),
    ("person-office-untagged", "Person-office", V, "`office` must be text tagged en or nl"),
    ("person-curator-office-untagged", "Person-curatorOffice", V, "`curatorOffice` must be text tagged en or nl"),
    ("official-without-office", "Official-office", W, "This official has no `office`"),
    ("official-represents-nobody", "Official-represents", W, "This official represents nobody"),
    ("organization-located-in-a-statement", "Organization-locatedIn", V, "must be the id of a place"),
    # events
    ("event-participant-an-indicator", "Event-participant", V, "`participant` must be the id of an agent"),
    ("event-location-an-organization", "Event-location", V, "`location` must be the id of a place"),
    ("event-follows-a-country", "Event-follows", V, "must be the id of an earlier event"),
    ("event-without-date", "Event-date", W, "This event has no date"),
    ("meeting-without-participant", "Meeting-participant", V, "A meeting needs at least one participant"),
    ("agreement-without-party", "Agreement-party", V, "An agreement needs at least one party"),
    ("agreement-party-a-person", "Agreement-party-kind", V, "must be the id of a Country, City or Organization"),
    ("anniversary-commemorates-nothing", "Anniversary-commemorates", W, "does not say what it commemorates"),
    ("ties-between-a-city-and-a-country", "DiplomaticTies-countries", W, "the two countries as participants"),
    # initiatives, statements, statistics
    ("initiative-launched-by-a-statistic", "Initiative-launchedBy", V, "`launchedBy` must be the id of an agent"),
    ("initiative-without-launcher", "Initiative-launcher", W, "does not say who launched it"),
    ("initiative-field-untagged", "Initiative-field", V, "`field` must be text tagged en or nl"),
    ("initiative-without-field", "Initiative-fields", W, "names no field of cooperation"),
    ("statement-without-speaker", "Statement-speaker", V, "A statement needs a speaker"),
    ("statement-speaker-an-event", "Statement-speaker", V, "A statement needs a speaker"),
    ("statement-without-quotation", "Statement-quotation", V, "A statement needs its words"),
    ("statistic-value-as-text", "Statistic-value", V, "exactly one `value`, a number"),
    ("statistic-two-units", "Statistic-unit", V, "exactly one `unit`"),
    ("statistic-indicator-a-country", "Statistic-indicator", V, "exactly one `indicator`, the id of an Indicator"),
    ("statistic-without-stated-as", "Statistic-statedAs", V, "exactly one `statedAs`"),
    ("statistic-without-date", "Statistic-date", W, "This statistic has no date"),
    ("indicator-unused", "Indicator-used", W, "No statistic measures this indicator"),
    # dates
    ("dated-two-earliest", "Dated-earliest", V, "exactly one dip:earliest"),
    ("dated-without-latest", "Dated-latest", V, "exactly one dip:latest"),
    ("dated-earliest-after-latest", "Dated-order", V, "The earliest date is after the latest date"),
    ("dated-precision-decade", "Dated-precision", V, "one of day, week, month or year"),
    ("dated-edtf-free-text", "Dated-edtf", V, "exactly one dip:edtf, an EDTF date"),
    ("dated-resolved-twice", "Dated-resolvedAgainst", V, "resolved against one publication date"),
    ("dated-year-inferred-text", "Dated-yearInferred", V, "must be a single boolean"),
    # spans and selectors
    ("span-outside-span-namespace", "SpanShape", V, "/span/<document id>/<start>-<end>"),
    ("span-without-source", "Span-source", V, "exactly one source (oa:hasSource)"),
    ("span-without-quote-selector", "Span-quoteSelector", V, "exactly one oa:TextQuoteSelector"),
    ("span-without-position-selector", "Span-positionSelector", V, "exactly one oa:TextPositionSelector"),
    ("quote-without-exact", "Quote-exact", V, "exactly one oa:exact"),
    ("quote-without-prefix", "Quote-prefix", V, "exactly one oa:prefix"),
    ("quote-two-suffixes", "Quote-suffix", V, "exactly one oa:suffix"),
    ("position-start-not-an-offset", "Position-start", V, "exactly one oa:start, an xsd:integer offset from 0 up"),
    ("position-without-end", "Position-end", V, "exactly one oa:end, an xsd:integer offset from 0 up"),
    ("position-end-before-start", "Position-order", V, "start offset must be less than its end offset"),
    (
        "quote-not-at-offsets",
        "SpanQuoteShape",
        V,
        'The quote "Sergey Lavrov met Chung Eui-yong in Seoul on Thursday" does not match the article text'
        ' at offsets 81-134, which reads "Sergei Lavrov met Chung Eui-yong in Seoul on Thursday"',
    ),
    (
        "quote-offsets-in-utf16-units",
        "SpanQuoteShape",
        V,
        'at offsets 82-135, which reads "ergei Lavrov met Chung Eui-yong in Seoul on Thursday "',
    ),
    (
        "quote-prefix-not-in-text",
        "SpanContextShape",
        V,
        'The prefix "Russian Minister of Foreign Affairs " or suffix " to discuss" of the quote at offsets 81-134',
    ),
    # kinds that exclude each other
    ("types-city-and-country", "DisjointTypesShape", V, "two kinds that exclude each other"),
    ("types-organization-and-place", "DisjointTypesShape", V, "two kinds that exclude each other"),
    ("types-place-as-participant", "DisjointTypesShape", V, "two kinds that exclude each other"),
    ("types-country-and-indicator", "DisjointTypesShape", V, "two kinds that exclude each other"),
    # statement-level evidence
    ("fact-triple-without-statement", "EvidenceShape", V, "skos/core#altLabel RF has no statement of its evidence"),
    (
        "statement-stated-without-span",
        "EvidenceBasisShape",
        V,
        "Stated but lacks its http://www.w3.org/ns/prov#wasDerivedFrom",
    ),
    (
        "statement-derived-without-rule",
        "EvidenceBasisShape",
        V,
        "Derived but lacks its https://dipkg.example.org/ontology#derivationRule",
    ),
    (
        "statement-curator-without-source",
        "EvidenceBasisShape",
        V,
        "CuratorKnowledge but lacks its https://dipkg.example.org/ontology#curatorSource",
    ),
    (
        "statement-translation-without-original",
        "EvidenceBasisShape",
        V,
        "CuratorTranslation but lacks its https://dipkg.example.org/ontology#translationOf",
    ),
    (
        "statement-outside-statement-namespace",
        "EvidenceNodeShape",
        V,
        "id/statement/<id of its subject>/<16 hex digits",
    ),
    ("statement-two-subjects", "Evidence-subject", V, "exactly one rdf:subject"),
    ("statement-two-predicates", "Evidence-predicate", V, "exactly one rdf:predicate"),
    ("statement-without-object", "Evidence-object", V, "exactly one rdf:object"),
    (
        "statement-basis-unknown",
        "Evidence-basis",
        V,
        "one of dip:Stated, dip:Derived, dip:CuratorKnowledge or dip:CuratorTranslation",
    ),
    ("statement-span-not-a-span", "Evidence-span", V, "must be a text span"),
    ("event-follows-a-later-event", "ReactionOrderShape", V, "lies wholly before that one's (earliest 2021-03-19)"),
    ("statistic-factor-as-text", "Statistic-factor", V, "A growth factor is one number"),
    ("statistic-without-figure", "Statistic-amount", V, "A statistic needs its figure"),
]
# The evidence shapes fire on every other fixture too, whose added triples have no statement of
# evidence: the other shapes' cases run pyshacl without them, and leave their results out of
# shacl-rust's (their own fixtures test them).
EVIDENCE = {str(DSH[s]) for s in ("EvidenceShape", "EvidenceBasisShape")}


def without_evidence(shapes: Graph) -> Graph:
    """The shapes but the statement-evidence ones (the two SPARQL checks, the statement node's)."""
    out = Graph()
    out += shapes
    for s in {s for s in shapes.subjects() if str(s).startswith(str(DSH["Evidence"]))}:
        out.remove((s, None, None))
    return out


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shipped_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(FIXTURES / "valid.ttl", format="turtle")


@pytest.fixture(scope="module")
def other_shapes(shapes) -> Graph:
    return without_evidence(shapes)


class InProcess:
    """Stands in for the validator's process pool: chunks validated one after another here, not in spawned workers."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self) -> "InProcess":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn, *iterables):
        return map(fn, *iterables)


def shacl_rust(merged: Graph, chunks: int = 1) -> frozenset:
    """What our validator reports on data merged with the ontology, as the dump holds it."""
    return validate_graph(merged, chunks=chunks).results


def named_shapes(shapes: Graph) -> set:
    return set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))


@pytest.mark.slow  # pyshacl: a second
def test_valid_fixture_conforms_without_warnings(valid, ontology):
    assert pyshacl_results(valid, ontology) == []  # the ontology given as `-e` gives it
    assert shacl_rust(valid + ontology) == frozenset()


def test_valid_fixture_conforms_after_reasoning():
    ds = Dataset()
    ds.graph(ONTOLOGY_GRAPH).parse(paths.ONTOLOGY, format="turtle")
    ds.graph(article_graph("test-doc")).parse(FIXTURES / "valid.ttl", format="turtle")
    report = validate_graph(reason(ds))
    assert (report.violations, report.warnings) == (0, 0), report.text


@pytest.mark.slow
@pytest.mark.parametrize("fixture, shape, severity, words", CASES, ids=[f"{s}-fires-on-{f}" for f, s, _, _ in CASES])
def test_shape_fires_on(fixture, shape, severity, words, valid, ontology, other_shapes, monkeypatch):
    merged = valid + ontology  # given to pyshacl merged, as its `-e` option merges them, once for both
    merged.parse(FIXTURES / f"{fixture}.ttl", format="turtle")
    mine = {str(DSH[shape])}

    def of_case(results):  # the evidence shapes' results belong to their own cases
        return type(results)(r for r in results if r[1] not in EVIDENCE - mine)

    evidence_case = shape.startswith("Evidence")
    found = of_case(pyshacl_results(merged, None, None if evidence_case else other_shapes))
    assert found, f"{fixture}.ttl made no shape fire"
    assert {s for _, s, _, _ in found} == {str(DSH[shape])}
    assert {sev for sev, _, _, _ in found} == {severity.rsplit("#", 1)[1]}
    assert all(any(words in m for m in messages) for *_, messages in found), found
    expected = frozenset(r[:3] for r in found)
    assert of_case(shacl_rust(merged)) == expected, "shacl-rust differs from pyshacl on the whole graph"
    monkeypatch.setattr(validate, "ProcessPoolExecutor", InProcess)
    monkeypatch.setattr(validate, "WHOLE_BYTES", 0)  # the SPARQL-based constraints in each chunk, as for a big graph
    assert of_case(shacl_rust(merged, CHUNKS)) == expected, f"shacl-rust differs from pyshacl in {CHUNKS} chunks"


def test_every_shape_has_a_broken_fixture_and_every_fixture_a_case(shapes):
    # a node shape that only groups property shapes fires through them: sh:sourceShape names the property shape
    grouping = {
        RDF.type,
        RDFS.comment,
        SH.targetClass,
        SH.targetNode,
        SH.targetSubjectsOf,
        SH.severity,
        SH.message,
        SH.property,
    }
    own = {s for s in named_shapes(shapes) if set(shapes.predicates(s, None)) - grouping}
    assert own == {DSH[s] for _, s, _, _ in CASES}
    assert all(s in own or set(shapes.objects(s, SH.property)) <= own for s in named_shapes(shapes))
    assert {p.stem for p in FIXTURES.glob("*.ttl")} - {"valid"} == {f for f, _, _, _ in CASES}


def test_every_shape_and_constraint_is_named_with_a_message_and_a_severity(shapes):
    anchors = [SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.sparql, SH.severity]
    shape_nodes = {s for p in anchors for s in shapes.subjects(p, None)} | set(shapes.objects(None, SH.property))
    assert shape_nodes == named_shapes(shapes), "every shape must be typed and named with an IRI"
    for node in named_shapes(shapes) | set(shapes.objects(None, SH.sparql)):
        assert str(node).startswith(str(DSH)), node
        assert shapes.value(node, SH.message), f"{node} has no sh:message"
    for shape in named_shapes(shapes):
        assert shapes.value(shape, SH.severity) in (V, W), f"{shape} has no sh:severity"


def test_fact_article_and_span_shapes_target_every_class_of_the_ontology(shapes, ontology):
    shapes_of_kinds = (DSH.FactShape, DSH.ArticleShape, DSH.SpanShape)  # a dip:Heading is a span
    targets = {t for shape in shapes_of_kinds for t in shapes.objects(shape, SH.targetClass)}
    vocabulary = set(ontology.objects(None, RDF.type))  # classes of the ontology's own individuals (bases, units)
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(str(DIP)) and cls not in vocabulary:
            assert targets & set(ontology.transitive_objects(cls, RDFS.subClassOf)), f"no shape targets {cls}"


@pytest.mark.e2e
def test_readme_pyshacl_command_exits_1_on_a_broken_quote_offset(tmp_path):
    # a small file: the command on the whole dump is in test_readme.py
    text = (FIXTURES / "valid.ttl").read_text(encoding="utf-8")
    start = re.search(r"oa:start (\d+)", text)
    broken = tmp_path / "kg.ttl"
    broken.write_text(text[: start.start(1)] + str(int(start[1]) + 1) + text[start.end(1) :], encoding="utf-8")
    result = stock_pyshacl(broken)
    assert result.returncode == 1, result.stdout[-5000:]
    assert "does not match the article text at offsets" in result.stdout

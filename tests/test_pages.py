"""The pages for people, through the shared test client (conftest): search, resources, questions, editor, views."""

import json
import re

import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from app.pages import article, timeline
from kg import paths
from kg.query.canned import load_all
from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH, OA, SEM
from tests.server import SPARQL


@pytest.fixture(scope="module")
def dump() -> list:
    """The quads of the shipped dump (pyoxigraph's parser), to count things independently of the pages."""
    return list(ox.parse(path=str(paths.DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS))


def subjects(dump: list, predicate, value=None) -> set[str]:
    """The IRIs of the subjects of `predicate` (with object `value`, if given) in any graph."""
    return {
        q.subject.value
        for q in dump
        if q.predicate.value == str(predicate) and (value is None or q.object.value == str(value))
    }


def html(response) -> str:
    """The body of an HTML response, after checking it is one."""
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_shows_counts_articles_and_questions(client, dump):
    page = html(client.get("/"))
    countries = len(subjects(dump, RDF.type, DIP.Country))
    assert re.search(rf'<span class="n">{countries}</span> <span class="what">Countries</span>', page)
    for title in {q.object.value for q in dump if q.predicate.value == str(DCTERMS.title)}:
        assert title in page
    assert "/ask/agreements-after-ties" in page and 'role="search"' in page


def test_search_finds_a_dutch_name(client):
    body = client.get("/search?q=Poetin", headers={"Accept": "application/json"}).get_json()
    top = body["results"][0]
    assert top["iri"] == str(ID["vladimir-putin"]) and top["href"] == "/id/vladimir-putin"
    assert top["match"] == "Vladimir Poetin" and top["lang"] == "nl"


def test_search_is_case_insensitive_and_ranks_prefix_matches_first(client):
    found = client.get("/search?q=zuid-KOREA&format=json").get_json()["results"]
    assert found[0]["href"] == "/id/south-korea" and found[0]["match"] == "Zuid-Korea"
    page = html(client.get("/search?q=zuid-KOREA"))
    assert '<a href="/id/south-korea">South Korea</a>' in page


def test_search_without_text_finds_nothing(client):
    assert client.get("/search?q=&format=json").get_json()["results"] == []


def test_resource_page_shows_names_quote_and_inferred_facts(client):
    page = html(client.get("/id/russia"))
    assert '<td lang="nl">Rusland</td>' in page
    assert "<mark>Russia</mark>" in page and 'href="/articles/rusk-2021-03#s-' in page
    assert 'class="badge inferred"' in page


def test_resource_page_escapes_text(client):
    page = html(client.get("/id/article/rusk-2021-03"))
    assert "(gtag.js) -->" not in page and "(gtag.js) --&gt;" in page


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/json", "json-ld"),
    ],
)
def test_resource_as_rdf_by_accept_header(client, accept, fmt):
    response = client.get("/id/vladimir-putin", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert "Accept" in {v.strip() for v in response.headers["Vary"].split(",")}
    graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
    assert (
        ID["vladimir-putin"],
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Vladimir Poetin", lang="nl"),
    ) in graph
    assert any(graph.triples((None, OA.exact, Literal("Vladimir Poetin"))))


def test_resource_as_trig_keeps_the_inferred_graph(client):
    response = client.get("/id/vladimir-putin?format=trig")
    ds = Dataset()
    ds.parse(data=response.get_data(as_text=True), format="trig")
    assert (ID["vladimir-putin"], RDF.type, DIP.Person) in ds.graph(INFERRED_GRAPH)


def test_resource_refuses_unservable_types_and_unknown_things(client):
    assert client.get("/id/russia", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/no-such-thing").status_code == 404
    assert client.get("/id/no-such-thing", headers={"Accept": "text/turtle"}).status_code == 404


def test_class_page_lists_its_instances(client, dump):
    page = html(client.get("/resource", query_string={"iri": str(DIP.Country)}))
    for country in subjects(dump, RDF.type, DIP.Country):
        assert f'href="/id/{country[len(str(ID)) :]}"' in page


def test_question_page_answers_with_defaults(client, store):
    page = html(client.get("/ask/agreements-after-ties"))
    q = load_all()["agreements-after-ties"]
    answer = store.query(q.text, q.bindings({}))
    rows = re.findall(r'<tr><td[^>]*><a class="iri" href="/id/', page)
    assert answer.rows and len(rows) == len(answer.rows)  # a row per answer
    assert "VALUES (?ties ?lang)" in page and "format=csv" in page and "format=json" in page


def test_question_page_names_a_bad_parameter(client):
    response = client.get("/ask/meetings?from=not-a-date")
    assert response.status_code == 400
    assert "parameter &#39;from&#39;" in response.get_data(as_text=True)


def test_question_page_unknown_is_404(client):
    assert client.get("/ask/no-such-question").status_code == 404


def test_editor_prefills_prefixes_and_examples(client):
    page = html(client.get("/editor"))
    assert "prefix dip: &lt;https://dipkg.example.org/ontology#&gt;" in page
    examples = json.loads(re.search(r'id="examples-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert {e["name"] for e in examples} >= {"meetings", "agreements-after-ties"}
    query = (SPARQL / "count.rq").read_text(encoding="utf-8")
    assert str(escape(query)) in html(client.get("/editor", query_string={"query": query}))


def test_timeline_holds_every_dated_thing_but_articles(client, dump):
    items = client.get("/timeline.json").get_json()["items"]
    dated = subjects(dump, DIP.earliest) - subjects(dump, RDF.type, DIP.Article)
    assert {i["id"] for i in items} == dated
    month = next(i for i in items if i["id"] == str(ID["sister-city-agreement-1991"]))
    assert (month["earliest"], month["latest"], month["precision"]) == ("1991-07-01", "1991-07-31", "month")


def test_timeline_pairs_countries():
    assert timeline.pairs(["South Korea", "Russia"]) == ["Russia – South Korea"]
    assert timeline.pairs(["Russia"]) == ["Russia only"]
    assert len(timeline.pairs(["A", "B", "C"])) == 3


def test_network_draws_every_linked_country(client):
    model = client.get("/network.json").get_json()
    ids = {n["id"] for n in model["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in model["links"])
    assert {str(ID[c]) for c in ("russia", "south-korea", "north-korea")} <= ids
    assert (
        str(ID["moscow"]) in ids and next(n for n in model["nodes"] if n["id"] == str(ID["moscow"]))["kind"] == "place"
    )


def test_article_segments_rebuild_the_text_exactly():
    spans = [
        {"start": 0, "end": 5, "key": "s-0-5", "things": [{"label": "a", "type": "T", "href": "/id/a"}]},
        {"start": 3, "end": 9, "key": "s-3-9", "things": [{"label": "b", "type": "T", "href": "/id/b"}]},
    ]
    pieces = article.segments("Hello, world!", spans)
    assert "".join(p["text"] for p in pieces) == "Hello, world!"
    assert [(p["text"], p["depth"]) for p in pieces] == [("Hel", 1), ("lo", 2), (", wo", 1), ("rld!", 0)]
    assert pieces[1]["link"]["href"] == "/id/a" and pieces[0]["anchors"] == ["s-0-5"]


def test_article_page_highlights_every_quote(client, dump):
    page = html(client.get("/articles/nl-rusnk-2024-10"))
    source = ID["article/nl-rusnk-2024-10"]
    spans = subjects(dump, OA.hasSource, source)
    assert page.count('<li data-span="s-') == len(spans) and unlit(page) == []
    assert re.search(r'<a class="hl d\d" href="/id/north-korea" id="s-30-41"', page)  # its own thing, however deep
    assert client.get("/articles/nope").status_code == 404


def unlit(page: str) -> list:
    """The spans of an article page's side list whose text nothing in the article marks (nothing lights up)."""
    lit = {key for keys in re.findall(r'data-spans="([^"]*)"', page) for key in keys.split()}
    return [key for key in re.findall(r'<li data-span="(s-\d+-\d+)"', page) if key not in lit]


def test_article_page_lights_the_text_of_every_listed_span(client):
    """Every entry of the side list (a fact's quote, a heading, a passage left out) has text that lights up."""
    page = html(client.get("/articles/rusk-2021-03"))
    assert '<li data-span="s-' in page and unlit(page) == []


def test_timeline_presets_cover_the_busy_years():
    items = [{"earliest": f"{y}-05-01", "latest": f"{y}-05-01"} for y in [2019] * 5 + [2020] * 6 + [2024] * 5 + [2000]]
    assert timeline.presets(items) == [("2019–2020", "2018-11-01", "2021-02-28"), ("2024", "2023-11-01", "2025-02-28")]


def test_named_graph_has_a_page_with_its_size_and_a_query(client, dump):
    page = html(client.get("/id/graph/inferred"))
    size = sum(q.graph_name.value == str(INFERRED_GRAPH) for q in dump)
    assert f'<span class="n">{size}</span> <span class="what">triples</span>' in page
    assert "VALUES (?g) { (&lt;https://dipkg.example.org/id/graph/inferred&gt;) }" in page


def test_article_page_says_what_its_publication_date_rests_on(client):
    dutch, english = html(client.get("/articles/nl-rusnk-2024-10")), html(client.get("/articles/rusk-2021-03"))
    assert "(day precision, curator knowledge)" in dutch  # the Dutch text states no date
    assert "(day precision, stated)" in english  # "March 26, 2021" is in the text


BASES = {"Stated": "stated", "Derived": "derived", "CuratorKnowledge": "curator-knowledge"}
BASES["CuratorTranslation"] = "curator-translation"


def statements_in(dump: list, subject: str) -> dict:
    """The statements of evidence about `subject` in the dump: IRI -> {predicate: object, graph}, and the
    quote of every span (span IRI -> its oa:exact)."""
    found: dict = {iri: {} for iri in subjects(dump, RDF.subject, subject)}
    exact = {q.subject.value: q.object.value for q in dump if q.predicate.value == str(OA.exact)}
    quotes = {}
    for q in dump:
        if q.subject.value in found and q.graph_name.value != str(INFERRED_GRAPH):
            found[q.subject.value] |= {q.predicate.value: q.object.value, "graph": q.graph_name.value}
        elif q.predicate.value == str(OA.hasSelector) and q.object.value in exact:
            quotes[q.subject.value] = exact[q.object.value]
    return found | {"quotes": quotes}


def test_evidence_gives_every_statement_with_its_basis_quote_and_citation(client, dump):
    lavrov = str(ID["sergei-lavrov"])
    body = client.get("/evidence.json", query_string={"iri": [lavrov, str(ID["russia"])]}).get_json()
    assert [i["iri"] for i in body["items"]] == [lavrov, str(ID["russia"])]
    got = {s["statement"]: s for s in body["items"][0]["statements"]}
    expected = statements_in(dump, lavrov)
    quotes = expected.pop("quotes")
    assert set(got) == set(expected)
    titles = {q.subject.value: q.object.value for q in dump if q.predicate.value == str(DCTERMS.title)}
    for iri, want in expected.items():
        s = got[iri]
        assert s["permalink"] == f"/id/sergei-lavrov#st-{iri.rsplit('/', 1)[1]}"  # the fact on its subject's page
        triple = (want[str(RDF.predicate)], want[str(RDF.object)], want["graph"])
        assert (s["predicate"], s["object"]["value"], s["graph"]) == triple
        assert s["basis"] == BASES[want[str(DIP.basis)].rsplit("#")[1]]
        span = want.get("http://www.w3.org/ns/prov#wasDerivedFrom")
        if span:  # the quote of its selector, inside its sentence, linked to its place in the article
            assert s["quote"]["exact"] == quotes[span] and s["quote"]["exact"] in s["quote"]["sentence"]
            assert span.endswith(f"/{s['doc']}/{s['start']}-{s['end']}")
            assert s["href"] == f"/articles/{s['doc']}#s-{s['start']}-{s['end']}"
            assert titles[str(ID["article/" + s["doc"]])] in s["cite"]
            assert f"characters {s['start']}-{s['end']}" in s["cite"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "give the things"),
        ("?iri=russia", "number 1 ('russia') is not an absolute IRI"),
        ("?iri=https://x.org/a&iri=https://x.org/a%20b", "number 2"),
        ("?" + "&".join(["iri=https://x.org/a"] * 51), "at most 50 IRIs"),
    ],
)
def test_evidence_refuses_bad_iris_with_one_clear_message(client, query, message):
    response = client.get("/evidence.json" + query, headers={"Accept": "application/json"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_editor_completes_the_classes_properties_and_things_of_the_data(client, dump):
    terms = {t["name"]: t for t in client.get("/editor/terms.json").get_json()["terms"]}
    russia = {
        q.object.value for q in dump if q.subject.value == str(ID.russia) and q.predicate.value == str(RDFS.label)
    }
    assert terms["dip:Agreement"]["kind"] == "class" and terms["dip:earliest"]["kind"] == "property"
    assert terms["id:russia"]["kind"] == "thing" and terms["id:russia"]["label"] in russia


def test_sparql_without_a_query_opens_the_editor_for_a_browser_only(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/sparql", headers={"Accept": browser})
    assert page.status_code == 303 and page.headers["Location"].endswith("/editor") and "Accept" in page.vary
    assert client.get("/sparql", headers={"Accept": "*/*"}).mimetype == "text/turtle"


def test_resource_page_groups_facts_and_shows_a_copied_value_once(client, dump):
    meeting = ID["meeting-lavrov-chung-2021-03"]
    page = html(client.get("/id/meeting-lavrov-chung-2021-03"))
    order = [page.index(f'id="g-{key}"') for key in ("when", "who", "said")]
    assert order == sorted(order)  # when, then who and where, then what was said
    place = next(
        q.object.value for q in dump if q.subject.value == str(meeting) and q.predicate.value == str(DIP.location)
    )
    assert page.count(f'<span class="value"><a class="iri" href="/id/{place[len(str(ID)) :]}"') == 1
    assert f'title="{SEM.hasPlace}">sem:hasPlace</a>' in page  # the reasoner's copy, named beside the value
    assert 'class="basis basis-stated"' in page and 'class="cite-box"' in page


def test_vocabulary_terms_link_to_their_own_iris_and_wikidata_items_have_rdf(client):
    page = html(client.get("/resource", query_string={"iri": str(DIP.Country)}))
    assert f'href="{RDFS.subClassOf}"' in page and "/articles/ontology" not in page
    assert 'href="/ontology#Country"' in page
    turtle = client.get(
        "/resource", query_string={"iri": "http://www.wikidata.org/entity/Q159"}, headers={"Accept": "text/turtle"}
    )
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert (ID["russia"], SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q159")) in graph

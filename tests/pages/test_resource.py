"""Resource pages in a real headless Chromium against the real server: readable at desktop and phone size
(no overlapping or small text, nothing wider than the window), each inferred value once, a person's page
with what they said, quotes cut between words, and a citation for every quote. Expected values come from
the dump, never from numbers written here."""

import re
import urllib.parse

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import paths
from kg.rdf.namespaces import DIP, ID, OA, SEM
from tests import chromium
from tests.pages.look import css, fetch, overflow, overlapping_text, small_text

MEETING = "meeting-lavrov-chung-2021-03"
CLASS = "/resource?" + urllib.parse.urlencode({"iri": str(DIP.Country)})
PAGES = [f"/id/{MEETING}", "/id/russia", "/id/sergei-lavrov", "/id/article/rusk-2021-03", CLASS]


@pytest.fixture(scope="module")
def dump() -> list:
    """The quads of the shipped dump, to know what the pages should show."""
    return list(ox.parse(path=str(paths.DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS))


def objects(dump: list, subject, predicate) -> set[str]:
    return {q.object.value for q in dump if q.subject.value == str(subject) and q.predicate.value == str(predicate)}


def problems(d) -> list[str]:
    """What makes the open page hard to read: overlapping or small text, a page wider than the window."""
    found = overlapping_text(d) + small_text(d)
    return found + ([f"{overflow(d)} px wider than the window"] if overflow(d) else [])


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_resource_pages_are_readable(page, phone):
    """A dated event, a country, a person, an article's data and an ontology class; the last one's screenshot kept."""
    found = {}
    for path in PAGES:
        d = page(path, phone=phone)
        assert css(d, "main h1"), path
        found[path] = problems(d) + chromium.console_errors(d)
    assert found == {path: [] for path in PAGES}


def test_an_event_shows_its_quotes_and_each_inferred_value_once(page, site, dump):
    turtle = fetch(f"{site}/id/{MEETING}", accept="text/turtle")
    exact = {str(o) for o in Graph().parse(data=turtle, format="turtle").objects(None, OA.exact)}
    statements = fetch(f"{site}/evidence.json?iri={ID[MEETING]}")["items"][0]["statements"]
    exact |= {s["quote"]["exact"] for s in statements if s["quote"]}  # the words of each of its statements
    places = objects(dump, ID[MEETING], DIP.location)
    assert places and objects(dump, ID[MEETING], SEM.hasPlace) == places  # the reasoner's copy
    d = page(f"/id/{MEETING}")
    marks = [m.text for m in css(d, "blockquote.quote mark")]
    assert marks and set(marks) == exact
    color = css(d, "blockquote.quote mark")[0].value_of_css_property("background-color")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")
    shown = [a.get_dom_attribute("href") for a in css(d, ".facts dd .value a.iri")]
    for place in places:
        assert shown.count("/id/" + place[len(str(ID)) :]) == 1
    aliases = css(d, ".facts dd .aliases a")
    assert any(a.get_dom_attribute("title") == str(SEM.hasPlace) for a in aliases)  # named, marked, not repeated
    assert chromium.console_errors(d) == []


# The text of a quote as shown (without the "…" marking a cut), and its sentence.
_QUOTES = """
return [...document.querySelectorAll(arguments[0])].map(q => ({
  shown: q.querySelector('p').textContent.replace(/^\\s*(\\[\\d+\\])?\\s*/, '').replace(/…/g, '').trim(),
  sentence: (q.querySelector('details.sentence p') || q.querySelector('p')).textContent.trim(),
  mark: q.querySelector('mark').textContent,
}));
"""


def test_a_persons_page_shows_what_they_said_cut_between_words_with_a_citation(page, dump):
    lavrov = str(ID["sergei-lavrov"])
    said = {q.subject.value for q in dump if q.predicate.value == str(DIP.speaker) and q.object.value == lavrov}
    spans = {o for s in said for o in objects(dump, s, "http://www.w3.org/ns/prov#wasDerivedFrom")}
    exact = {
        q.object.value
        for q in dump
        if q.predicate.value == str(OA.exact) and q.subject.value.rsplit("/", 1)[0] in spans
    }
    d = page("/id/sergei-lavrov")
    items = css(d, ".said-list > li")
    assert len(items) == len(said) > 0
    quotes = d.execute_script(_QUOTES, ".said-list blockquote.quote")
    assert {q["mark"] for q in quotes} == exact
    for q in quotes + d.execute_script(_QUOTES, ".quotes-section blockquote.quote"):
        at = q["sentence"].find(q["shown"])
        assert at >= 0, q
        before, after = q["sentence"][at - 1 : at], q["sentence"][at + len(q["shown"]) : at + len(q["shown"]) + 1]
        assert not re.match(r"\w", before) and not re.match(r"\w", after), f"cut inside a word: {q['shown']!r}"
    quote = css(d, ".said-list blockquote.quote")[0]  # its citation: the article's title and the span
    title = quote.find_element("css selector", "footer a").text
    span = re.search(r"(\d+)–(\d+)", quote.find_element("css selector", "footer").text).groups()
    assert title in {q.object.value for q in dump if q.predicate.value == "http://purl.org/dc/terms/title"}
    quote.find_element("css selector", ".cite-box summary").click()
    text = quote.find_element("css selector", ".cite-box textarea").get_attribute("value")
    assert title in text and f"characters {span[0]}-{span[1]}" in text
    quote.find_element("css selector", ".cite-box button.copy").click()
    status = quote.find_element("css selector", ".copy-status")
    assert status.text  # copied, or the text is selected to copy by hand
    assert chromium.console_errors(d) == []

"""The search and home pages in a real browser: live and fuzzy search, quotes, facets, paging, browsing.
Expected things come from the dump and the search's JSON, never from numbers written here."""

import urllib.parse

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS

from kg import paths
from kg.rdf.namespaces import DIP, ID
from tests import chromium
from tests.pages.look import css, fetch, overflow, overlapping_text, wait_for


@pytest.fixture(scope="module")
def dump() -> ox.Store:
    """The shipped dump, to find expected things independently of the pages."""
    store = ox.Store()
    store.bulk_load(path=str(paths.DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def pairs(dump: ox.Store, subject, predicate, value=None) -> set:
    """(subject IRI, object) of a property in any graph, of one subject and one value if given."""
    node = ox.NamedNode(str(subject)) if subject is not None else None
    obj = ox.NamedNode(str(value)) if value is not None else None
    return {(q.subject.value, q.object) for q in dump.quads_for_pattern(node, ox.NamedNode(str(predicate)), obj)}


def test_search_finds_a_dutch_name_as_you_type(page):
    d = page("/")
    assert len(css(d, "form[role=search]")) == 1, "home has one search box"
    css(d, "#q")[0].send_keys("Poetin")
    link = wait_for(
        d,
        lambda d: next(iter(css(d, '#live-results a[href="/id/vladimir-putin"]')), None),
        "typing Poetin did not list Vladimir Putin",
    )
    assert link.text == "Vladimir Putin"  # the English label in the English interface
    assert "Poetin" in css(d, "#live-results .search-results li")[0].text  # and where it matched
    assert chromium.console_errors(d) == []


def test_a_misspelt_name_finds_sergei_lavrov(page, dump):
    name = next(label.value for _, label in pairs(dump, ID["sergei-lavrov"], RDFS.label) if label.language == "en")
    d = page("/search?q=lavrof")
    first = css(d, ".search-results li a")[0]
    assert first.text == name and first.get_attribute("href").endswith("/id/sergei-lavrov")
    assert chromium.console_errors(d) == []


def test_a_word_of_a_quote_finds_the_statement(page, dump):
    statement, words = min((s, q.value) for s, q in pairs(dump, None, DIP.quotation))
    labels = " ".join(label.value for _, label in pairs(dump, statement, RDFS.label)).lower()
    word = next(w for w in sorted(words.split(), key=len, reverse=True) if w.isalpha() and w.lower() not in labels)
    d = page("/search?" + urllib.parse.urlencode({"q": word}))
    hrefs = [a.get_attribute("href") for a in css(d, ".search-results li > a")]
    assert any(h.endswith("/id/" + statement[len(str(ID)) :]) for h in hrefs), word
    assert all(word.lower() in m.text.lower() for m in css(d, ".search-results mark"))
    assert chromium.console_errors(d) == []


def test_facets_count_the_results_and_filter_them(page, site):
    found = fetch(f"{site}/search?q=korea&format=json")
    d = page("/search?q=korea")
    facets = css(d, ".facets li a")[1:]  # after "All"
    counts = {a.text.rsplit(None, 1)[0]: int(a.find_element("css selector", ".n").text) for a in facets}
    assert sum(counts.values()) == found["total"] > 0
    kind, n = max(counts.items(), key=lambda item: item[1])
    next(a for a in css(d, ".facets li a") if a.text.startswith(kind)).click()
    wait_for(d, lambda d: "type=" in d.current_url, "the facet did not filter")
    shown = len(css(d, ".search-results li"))
    assert shown == min(n, 20) and {b.text for b in css(d, ".search-results .badge.type")} == {kind}
    assert chromium.console_errors(d) == []


def test_results_come_in_pages(page, site):
    found = fetch(f"{site}/search?q=a&format=json")
    assert found["pages"] > 1
    d = page("/search?q=a")
    first = [a.text for a in css(d, ".search-results li > a")]
    css(d, ".pager a[rel=next]")[0].click()
    wait_for(d, lambda d: "page=2" in d.current_url, "the next page did not open")
    second = [a.text for a in css(d, ".search-results li > a")]
    assert second and not set(first) & set(second)
    assert chromium.console_errors(d) == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_an_empty_search_offers_types_and_key_things(page, dump, phone):
    d = page("/search", phone=phone)
    tiles = css(d, "#browse-types ~ .counts a")
    assert tiles and css(d, ".key-things a")
    countries = pairs(dump, None, RDF.type, DIP.Country)
    next(a for a in tiles if "type=Country" in a.get_attribute("href")).click()
    wait_for(d, lambda d: css(d, ".search-results"), "browsing a type listed nothing")
    assert len(css(d, ".search-results li")) == len(countries)
    assert overflow(d) == 0 and overlapping_text(d) == []
    assert chromium.console_errors(d) == []


def test_home_fits_a_phone_and_works_by_keyboard(page):
    from selenium.webdriver.common.keys import Keys

    d = page("/", phone=True)
    assert overflow(d) == 0
    css(d, "body")[0].send_keys(Keys.TAB)
    assert d.switch_to.active_element.get_attribute("class") == "skip"
    header = css(d, "header.site")[0].rect["height"]
    assert header < css(d, "main h1")[0].rect["height"] * 3, f"the header takes {header} px of a phone"
    width = d.execute_script("return window.innerWidth")
    cut = [a.text for a in css(d, "header.site nav a") if a.rect["x"] < 0 or a.rect["x"] + a.rect["width"] > width]
    assert cut == [], f"navigation links cut at the edge of a phone: {cut}"
    assert chromium.console_errors(d) == []

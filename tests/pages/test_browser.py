"""End-to-end: the pages in a real headless Chromium against the real server, console errors included.

Each test writes a screenshot of its page to screenshots/ (ignored by git) and ends by checking that
the browser's console logged no error. Expected counts come from the data (the dump, the
canned-query API, the views' JSON), never from numbers written here. In CI (CI=true) a missing
browser fails the tests; elsewhere it skips them.
"""

import urllib.parse

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg import paths
from kg.rdf.namespaces import DIP, ID, OA
from tests import chromium
from tests.pages.look import css, fetch, wait_for


@pytest.fixture(scope="module")
def dump() -> Dataset:
    """The shipped dump, to count things independently of the pages."""
    ds = Dataset(default_union=True)
    ds.parse(paths.DUMP / "kg.nq", format="nquads")
    return ds


def test_search_finds_a_dutch_name(page):
    d = page("/")
    box = css(d, "#q")[0]
    box.send_keys("Poetin")
    link = wait_for(
        d,
        lambda d: next(iter(css(d, '#live-results a[href="/id/vladimir-putin"]')), None),
        "typing Poetin did not list Vladimir Putin",
    )
    link.click()
    wait_for(d, lambda d: d.current_url.endswith("/id/vladimir-putin"), "the result did not open")
    assert css(d, "h1")[0].text.startswith("Vladimir Putin")
    assert "Poetin" in css(d, "main")[0].text  # the Dutch label is shown among the names
    assert chromium.console_errors(d) == []


def test_canned_form_returns_the_expected_rows(page, site):
    expected = fetch(f"{site}/queries/statements-by?speaker=sergei-lavrov&format=json")
    rows = expected["results"]["bindings"]
    d = page("/ask/statements-by")
    field = css(d, "#p-speaker")[0]
    field.clear()
    field.send_keys("sergei-lavrov")
    css(d, "form.ask button[type=submit]")[0].click()
    wait_for(d, lambda d: "speaker=sergei-lavrov" in d.current_url, "the form was not submitted")
    assert len(css(d, "table.results tbody tr")) == len(rows) > 0
    assert all(a.get_attribute("href").startswith(site + "/id/") for a in css(d, "table.results a.iri"))
    assert chromium.console_errors(d) == []


def test_editor_runs_a_query_and_marks_an_error(page, site):
    d = page("/editor")
    query = css(d, "#query")[0].get_attribute("value")
    expected = fetch(
        f"{site}/sparql?" + urllib.parse.urlencode({"query": query}), accept="application/sparql-results+json"
    )["results"]["bindings"]
    css(d, "#run")[0].click()
    wait_for(
        d, lambda d: len(css(d, "#editor-results tbody tr")) == len(expected) > 0, "the query's rows did not appear"
    )
    assert css(d, ".code-editor .tok-kw")  # highlighted
    area = css(d, "#query")[0]
    area.clear()
    area.send_keys("SELECT * WHERE {\n  ?s ?p \n}")
    css(d, "#run")[0].click()
    box = wait_for(
        d,
        lambda d: next((e for e in css(d, "#editor-error") if e.is_displayed()), None),
        "the syntax error was not shown",
    )
    assert "Line 3" in box.text
    assert css(d, ".code-editor .tok-err")
    # The browser logs the deliberate 400 itself; nothing else may have gone wrong.
    assert all("/sparql" in e and "400" in e for e in chromium.console_errors(d))


def test_resource_page_shows_a_highlighted_quote(page, site):
    turtle = fetch(f"{site}/id/meeting-lavrov-chung-2021-03", accept="text/turtle")
    exact = {str(o) for o in Graph().parse(data=turtle, format="turtle").objects(None, OA.exact)}
    d = page("/id/meeting-lavrov-chung-2021-03")
    marks = [m.text for m in css(d, "blockquote.quote mark")]
    assert marks and set(marks) <= exact
    color = css(d, "blockquote.quote mark")[0].value_of_css_property("background-color")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")
    assert chromium.console_errors(d) == []


def test_timeline_draws_every_dated_thing(page, site, dump):
    dated = set(dump.subjects(DIP.earliest)) - set(dump.subjects(RDF.type, DIP.Article))
    d = page("/timeline")
    wait_for(d, lambda d: css(d, "#timeline[data-state=ready]"), "the timeline was not drawn")
    for box in css(d, "input[name=kind]"):
        if not box.is_selected():
            box.click()
    drawn = {a.get_attribute("data-id") for a in css(d, "#timeline a.item")}
    assert drawn == {str(t) for t in dated}
    assert len(css(d, "#timeline a.item")) == len(fetch(f"{site}/timeline.json")["items"])
    css(d, "input[name=group][value=pair]")[0].click()
    assert {a.get_attribute("data-id") for a in css(d, "#timeline a.item")} == drawn
    month = css(d, f'#timeline a.item[data-id="{ID["sister-city-agreement-1991"]}"] rect')
    assert month, "a month-precision date is drawn as a bar"
    assert chromium.console_errors(d) == []


def test_network_draws_every_node_and_link(page, site):
    model = fetch(f"{site}/network.json")
    d = page("/network")
    wait_for(d, lambda d: css(d, "#network[data-state=ready]"), "the network was not drawn")
    assert len(css(d, "#network a.node")) == len(model["nodes"])
    assert len(css(d, "#network line.link")) == len(model["links"])
    russia = css(d, f'#network a.node[data-id="{ID["russia"]}"]')[0]
    assert russia.get_dom_attribute("href") == "/id/russia"
    assert chromium.console_errors(d) == []


def test_article_view_highlights_every_quote(page, dump):
    spans = set(dump.subjects(OA.hasSource, ID["article/rusk-2021-03"]))
    d = page("/articles/rusk-2021-03")
    assert len(css(d, ".article-facts li[data-span]")) == len(spans)
    jumps = css(d, ".article-facts a.jump")
    for jump in (jumps[0], jumps[-1]):  # the first and the last quote of the list
        jump.click()
        key = jump.get_attribute("href").rsplit("#", 1)[1]
        lit = css(d, ".article-text [data-spans].current")  # a fact's quote, a heading or a passage left out
        assert lit and all(key in a.get_attribute("data-spans").split() for a in lit), key
    assert chromium.console_errors(d) == []


def test_home_fits_a_phone_and_works_by_keyboard(page):
    from selenium.webdriver.common.keys import Keys

    d = page("/", phone=True)
    assert d.execute_script("return document.documentElement.scrollWidth") <= 390
    css(d, "body")[0].send_keys(Keys.TAB)
    assert d.switch_to.active_element.get_attribute("class") == "skip"
    assert chromium.console_errors(d) == []


@pytest.mark.parametrize(
    "path",
    [
        "/ask",
        "/articles",
        "/search?q=korea",
        "/id/graph/inferred",
        "/id/russia",
        "/resource?iri=https%3A%2F%2Fdipkg.example.org%2Fontology%23Country",
        "/ask/meetings?place=seoul&from=2021-03-01&to=2021-03-31",
    ],
)
def test_other_pages_load_without_console_errors(page, path):
    d = page(path)
    assert css(d, "main h1") and "dipkg" in d.title
    assert chromium.console_errors(d) == []

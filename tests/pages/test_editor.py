"""The SPARQL editor in a real headless Chromium against the real server: running and marking errors,
a shareable URL, completion, the whole query visible on a phone, stopping a slow query, /sparql in a
browser. Expected rows come from the endpoint's own answers, never from numbers written here."""

import urllib.parse

from tests import chromium
from tests.pages.look import css, fetch, overflow, overlapping_text, wait_soon
from tests.server import SPARQL

SLOW = (SPARQL / "pathological.rq").read_text(encoding="utf-8")  # never finishes in time


def answer(site: str, query: str) -> list:
    """The endpoint's own rows for a query."""
    url = f"{site}/sparql?" + urllib.parse.urlencode({"query": query})
    return fetch(url, accept="application/sparql-results+json")["results"]["bindings"]


def rows_shown(d) -> list:
    return css(d, "#editor-results tbody tr:not(.evidence-row)")


def type_query(d, text: str):
    area = css(d, "#query")[0]
    area.clear()
    area.send_keys(text)
    return area


def test_editor_runs_a_query_and_marks_an_error(page, site):
    d = page("/editor")
    query = css(d, "#query")[0].get_attribute("value")
    expected = answer(site, query)
    css(d, "#run")[0].click()
    wait_soon(d, lambda d: len(rows_shown(d)) == len(expected) > 0, "the query's rows did not appear")
    assert css(d, ".code-editor .tok-kw")  # highlighted
    assert all(a.get_attribute("href").startswith(site + "/id/") for a in css(d, "#editor-results a.iri"))
    assert overlapping_text(d) == [] and overflow(d) == 0
    type_query(d, "SELECT * WHERE {\n  ?s ?p \n}")
    css(d, "#run")[0].click()
    box = wait_soon(
        d,
        lambda d: next((e for e in css(d, "#editor-error") if e.is_displayed()), None),
        "the syntax error was not shown",
    )
    assert "Line 3" in box.text
    assert css(d, ".code-editor .tok-err")
    # The browser logs the deliberate 400 itself; nothing else may have gone wrong.
    assert all("/sparql" in e and "400" in e for e in chromium.console_errors(d))


def test_running_changes_the_url_and_the_url_runs_again(page, site):
    d = page("/editor")
    css(d, "#prettify")[0].click()  # laid out again, it still asks the same
    query = css(d, "#query")[0].get_attribute("value")
    expected = answer(site, query)
    css(d, "#run")[0].click()
    wait_soon(d, lambda d: len(rows_shown(d)) == len(expected) > 0, "the query's rows did not appear")
    shared = d.current_url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(shared).query)["query"] == [query]
    d.get(site + "/")
    d.get(shared)  # opened again, the link runs its query without a click
    wait_soon(d, lambda d: len(rows_shown(d)) == len(expected), "the shared link did not run its query")
    assert css(d, "#query")[0].get_attribute("value") == query
    assert chromium.console_errors(d) == []


def test_completion_offers_a_class_and_declares_its_prefix(page):
    d = page("/editor")
    area = type_query(d, "SELECT * WHERE { ?x a dip:Agr")
    wait_soon(
        d,
        lambda d: "dip:Agreement" in [n.text for n in css(d, "#complete li .name")],
        "dip:Agreement was not offered after dip:Agr",
    )
    while css(d, "#complete li[aria-selected=true] .name")[0].text != "dip:Agreement":
        area.send_keys("\ue015")  # arrow down
    area.send_keys("\ue007")  # Enter takes it
    text = area.get_attribute("value")
    assert "?x a dip:Agreement" in text and text.startswith("prefix dip: <https://dipkg.example.org/ontology#>")
    assert chromium.console_errors(d) == []


def test_the_whole_starter_query_is_visible_on_a_phone(page):
    d = page("/editor", phone=True)
    seen = d.execute_script(
        """const code = document.getElementById('highlight');
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        let last = null;
        while (walker.nextNode()) if (walker.currentNode.textContent.trim()) last = walker.currentNode;
        const range = document.createRange();
        range.selectNodeContents(last);
        const line = range.getBoundingClientRect();
        const area = document.getElementById('query');
        const box = area.getBoundingClientRect();
        return {text: last.textContent, line: [line.top, line.bottom], box: [box.top, box.bottom],
                hidden: area.scrollHeight - area.clientHeight};"""
    )
    assert seen["text"].strip() and seen["hidden"] <= 1, seen
    assert seen["box"][0] <= seen["line"][0] and seen["line"][1] <= seen["box"][1], seen
    assert overlapping_text(d) == [] and overflow(d) == 0
    assert chromium.console_errors(d) == []


def test_stop_aborts_a_slow_query(page):
    d = page("/editor")
    type_query(d, SLOW)
    css(d, "#run")[0].click()
    stop = wait_soon(d, lambda d: next((b for b in css(d, "#stop") if b.is_enabled()), None), "no stop button")
    stop.click()
    wait_soon(d, lambda d: "Stopped" in css(d, "#editor-status")[0].text, "the query was not stopped")
    assert css(d, "#run")[0].is_enabled() and not css(d, "#stop")[0].is_enabled()
    assert rows_shown(d) == []
    assert chromium.console_errors(d) == []


def test_sparql_in_a_browser_opens_the_editor(page, site):
    d = page("/sparql")
    assert urllib.parse.urlsplit(d.current_url).path == "/editor" and css(d, "#query")
    assert "sparql-service-description#Service" in fetch(f"{site}/sparql", accept="*/*")  # programs: RDF
    assert chromium.console_errors(d) == []

"""Result tables in a real headless Chromium (results.js, in the editor and on the question forms): typed
sorting, paging, downloads, dates by their precision, views chosen by the data, and each row's evidence.
Expected orders, counts and quotes come from the endpoint's answers and /evidence.json, sorted here."""

import csv
import io
import urllib.parse

import pytest
from selenium.webdriver.common.keys import Keys

from kg.rdf.namespaces import ID
from tests import chromium
from tests.pages.look import css, fetch, overflow, overlapping_text, wait_soon
from tests.server import SPARQL

QUERIES = SPARQL / "pages"  # the tests' own queries
DATED = (QUERIES / "results-dated.rq").read_text(encoding="utf-8")
TYPED = (QUERIES / "results-typed.rq").read_text(encoding="utf-8")
YEARLY = (QUERIES / "results-yearly-trade.rq").read_text(encoding="utf-8")
STATISTICS = "/ask/statistics-over-time"


def answer(site: str, query: str) -> list:
    url = f"{site}/sparql?" + urllib.parse.urlencode({"query": query})
    return fetch(url, accept="application/sparql-results+json")["results"]["bindings"]


def run_in_editor(page, site: str, query: str, phone: bool = False):
    """The editor opened on a query's link (it runs at once), once its first rows are shown."""
    d = page("/editor?" + urllib.parse.urlencode({"query": query}), phone=phone)
    wait_soon(d, lambda d: css(d, "#editor-results tbody tr"), "the query's rows did not appear")
    return d


def column(d, n: int) -> list:
    """The raw values of the shown rows' n-th cell (1 is the evidence button), None where unbound."""
    cells = f"#editor-results tbody tr:not(.evidence-row) td:nth-child({n})"
    return d.execute_script(f"return [...document.querySelectorAll('{cells}')].map((td) => td.dataset.value ?? null)")


def shown_range(d) -> str:
    """The pager's "Rows a–b of n" (read in one step: the pager is redrawn on every page)."""
    return d.execute_script("return document.querySelector('.pager .range').textContent")


def sort_by(d, name: str) -> None:
    before = column(d, 2)
    next(b for b in css(d, "th button.sort") if b.text.strip(" ▲▼") == name).click()
    wait_soon(d, lambda d: column(d, 2) != before or len(before) < 2, f"sorting by {name} changed nothing")


def test_sorting_follows_the_type_of_the_column(page, site):
    rows = answer(site, DATED)
    dates = sorted(r["earliest"]["value"] for r in rows)
    values = sorted(float(r["value"]["value"]) for r in rows if "value" in r)
    empty = [None] * (len(rows) - len(values))
    d = run_in_editor(page, site, DATED)
    shown = len(column(d, 2))
    sort_by(d, "earliest")
    assert column(d, 3) == dates[:shown]
    sort_by(d, "value")
    assert [v and float(v) for v in column(d, 4)] == (values + empty)[:shown]
    sort_by(d, "value")  # again: descending, unbound values still last
    assert [v and float(v) for v in column(d, 4)] == (values[::-1] + empty)[:shown]
    assert chromium.console_errors(d) == []


def test_paging_and_downloads_give_every_row(page, site):
    rows = answer(site, TYPED)
    d = run_in_editor(page, site, TYPED)
    size = len(column(d, 2))
    assert 0 < size < len(rows)
    assert shown_range(d) == f"Rows 1–{size} of {len(rows):,}"
    css(d, ".pager .next")[0].click()
    wait_soon(d, lambda d: shown_range(d).startswith(f"Rows {size + 1}–"), "Next did not page on")
    links = {a.get_attribute("data-format"): a.get_attribute("href") for a in css(d, "#editor-downloads a")}
    subjects = sorted(r["s"]["value"] for r in rows)
    as_csv = list(csv.reader(io.StringIO(fetch(links["csv"], accept="*/*"))))
    assert as_csv[0] == ["s", "p", "o"] and sorted(r[0] for r in as_csv[1:]) == subjects
    as_tsv = [line.split("\t") for line in fetch(links["tsv"], accept="*/*").splitlines()]
    assert sorted(r[0].strip("<>") for r in as_tsv[1:]) == subjects
    as_json = fetch(links["json"], accept="application/json")["results"]["bindings"]
    assert sorted(r["s"]["value"] for r in as_json) == subjects
    assert chromium.console_errors(d) == []


YEAR_CELLS = """return [...document.querySelectorAll('table.results tbody tr:not(.evidence-row)')].map((tr) =>
  [tr.querySelector('a.iri').dataset.iri,
   [...tr.querySelectorAll('td.date')].map((td) => [td.innerText, td.dataset.value])])"""


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_statistic_shows_years_its_evidence_and_a_chart(page, site, phone):
    yearly = answer(site, YEARLY)
    d = page(STATISTICS, phone=phone)
    button = wait_soon(d, lambda d: next(iter(css(d, "table.results .ev-toggle")), None), "no evidence buttons")
    dates = [
        date
        for thing, cells in d.execute_script(YEAR_CELLS)
        if {"s": {"type": "uri", "value": thing}} in yearly
        for date in cells
    ]
    assert dates and all(shown == value[:4] for shown, value in dates)  # 1990, not 1990-01-01
    row = button.find_element("xpath", "./ancestor::tr")
    iris = [a.get_attribute("data-iri") for a in row.find_elements("css selector", "a.iri")]
    items = fetch(
        f"{site}/evidence.json?" + urllib.parse.urlencode([("iri", i) for i in iris if i.startswith(str(ID))])
    )
    quotes = {s["quote"]["exact"] for item in items["items"] for s in item["statements"] if s["quote"]}
    button.send_keys(Keys.ENTER)  # reachable and opened by keyboard
    wait_soon(d, lambda d: css(d, ".evidence mark"), "the row's evidence did not open")
    assert {m.get_attribute("textContent") for m in css(d, ".evidence mark")} == quotes and quotes
    own = next(s["quote"]["exact"] for s in items["items"][0]["statements"] if s["quote"])  # the row's first thing's
    assert own in [m.text for m in css(d, ".evidence details[open] mark")]  # shown, the others folded
    assert overlapping_text(d) == [] and overflow(d) == 0
    value = 1 + [th.text.strip(" ▲▼") for th in css(d, "table.results thead th")].index("value")
    points = css(d, f"table.results tbody tr td.num:nth-child({value})")  # charted: the first number column
    assert {b.get_attribute("data-view") for b in css(d, ".view-switch button")} >= {"table", "timeline", "chart"}
    css(d, ".view-switch button[data-view=chart]")[0].click()
    assert len(css(d, ".view-chart circle")) == len(points) > 0
    assert overlapping_text(d) == [] and overflow(d) == 0
    assert chromium.console_errors(d) == []

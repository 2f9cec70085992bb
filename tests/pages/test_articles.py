"""The article pages in a real headless Chromium against the real server: every quote highlighted and
reachable from the side list, passages left out (scraping debris, credits, teasers) not shown as text,
highlights coloured by kind of fact with a legend that matches them, and the same counts on the card
and the page as in the data (the endpoint's own answers)."""

import pytest

from kg.rdf.namespaces import ID
from tests import chromium
from tests.pages.look import attribute_values, css, sparql
from tests.server import SPARQL

# The text under a scope that the browser draws, markers of passages left out (`.why`) excepted.
DRAWN_TEXT = """
const out = [], walker = document.createTreeWalker(document.querySelector(arguments[0]), NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const el = walker.currentNode.parentElement;
  if (el.checkVisibility() && !el.closest('.why')) out.push(walker.currentNode.textContent);
}
return out.join('');
"""


QUERIES = SPARQL / "pages"  # the tests' own queries: article-citers, article-spans, article-texts


# Each key of the legend, its colour, and the colour of the first highlight of its kind in the text.
COLOURS = """
return [...document.querySelectorAll('.hl-legend li')].map(li => {
  const lit = document.querySelector(`.article-text a.hl[data-kind="${li.dataset.kind}"]`);
  return [li.dataset.kind, getComputedStyle(li.querySelector('.hl')).backgroundColor,
          lit && getComputedStyle(lit).backgroundColor];
});
"""


@pytest.fixture(scope="module")
def held(site) -> dict:
    """The rows of the tests' own queries (QUERIES), by name, from the real server's endpoint."""
    return {q.stem: sparql(site, q.read_text(encoding="utf-8")) for q in QUERIES.glob("article-*.rq")}


def counts(held: dict, doc: str) -> str:
    """How the pages count an article's facts as the data holds them: things cited from it (statement nodes
    not counted) and its passages some node is derived from."""
    mine = [r for r in held["article-citers"] if r["article"] == str(ID[f"article/{doc}"])]
    things, spans = {r["citer"] for r in mine if r["statement"] == "false"}, {r["span"] for r in mine}
    return f"{len(things)} things cited from {len(spans)} quoted passages"


def words(text: str) -> str:
    return " ".join(text.split())


def assert_nothing_left_out_is_drawn(d, held: dict, article: str):
    """Each passage left out of the article (dip:omissionReason) is drawn only where its words come again
    in text that was not left out."""
    text = next(r["text"] for r in held["article-texts"] if r["article"] == article)
    spans = [
        (int(r["start"]), int(r["end"])) for r in held["article-spans"] if r["article"] == article and "reason" in r
    ]
    kept = text
    for start, end in spans:
        kept = kept[:start] + "\n" * (end - start) + kept[end:]
    drawn = words(d.execute_script(DRAWN_TEXT, ".article-text"))
    assert spans
    for start, end in spans:
        passage = words(text[start:end])
        assert drawn.count(passage) == words(kept).count(passage), passage


def test_each_card_counts_as_the_data_and_its_page(page, held):
    d = page("/articles")
    cards = {c.find_element("css selector", ".fact-counts").text: c for c in css(d, ".card")}
    docs = [a.rsplit("/", 1)[1] for a in attribute_values(d, ".card h2 a", "href")]
    assert set(cards) == {counts(held, doc) for doc in docs} and len(cards) == len(docs)
    text = css(d, ".card .fact-counts")[-1].text
    css(d, ".card h2 a")[-1].click()  # the page says what its card said
    assert css(d, ".meta .fact-counts")[0].text == text
    assert_nothing_left_out_is_drawn(d, held, str(ID[f"article/{docs[-1]}"]))
    assert chromium.console_errors(d) == []


def test_the_text_shows_no_debris_and_colours_facts_by_kind(page, held):
    article = str(ID["article/seoul-moscow-2020-10"])
    d = page("/articles/seoul-moscow-2020-10")
    assert css(d, ".meta .fact-counts")[0].text == counts(held, "seoul-moscow-2020-10")
    assert_nothing_left_out_is_drawn(d, held, article)
    kinds = set(attribute_values(d, ".article-text a.hl", "data-kind"))
    legend = d.execute_script(COLOURS)
    assert {kind for kind, _, _ in legend} == kinds and len(kinds) > 2
    assert all(key == lit for _, key, lit in legend)  # each key is drawn in the colour of its highlights
    assert len({key for _, key, _ in legend}) == len(legend)  # and no two kinds look alike
    publisher = next(r["publisher"] for r in held["article-texts"] if r["article"] == article)
    assert css(d, f'.meta a[href="/id/{publisher.rsplit("/", 1)[1]}"]')
    assert chromium.console_errors(d) == []


def test_every_quote_is_highlighted_and_reachable_from_the_side_list(page, held):
    article = str(ID["article/rusk-2021-03"])
    spans = {r["span"] for r in held["article-spans"] if r["article"] == article}
    d = page("/articles/rusk-2021-03", phone=True)
    assert css(d, ".meta .fact-counts")[0].text == counts(held, "rusk-2021-03")
    assert_nothing_left_out_is_drawn(d, held, article)
    assert len(css(d, ".article-facts li[data-span]")) == len(spans)
    jumps = css(d, ".article-facts a.jump")
    for jump in (jumps[0], jumps[-1]):  # the first (a passage left out) and the last quote of the list
        jump.click()
        key = jump.get_attribute("href").rsplit("#", 1)[1]
        lit = css(d, ".article-text [data-spans].current")  # a fact's quote, a heading or a passage left out
        assert lit and all(key in a.get_attribute("data-spans").split() for a in lit), key
        assert any(a.is_displayed() for a in lit)  # shown, even when it was left out of the reading
    assert d.execute_script("return document.documentElement.scrollWidth") <= 390
    assert chromium.console_errors(d) == []

"""The timeline in a real headless Chromium against the real server: every dated and undated thing of the
dump shown, the undated ones in the text's order with their quotes, honest widths, filters, keyboard zoom,
legible text at desktop and phone size. Expected sets come from the dump (rdflib), never from numbers here."""

from datetime import date

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.keys import Keys

from app.pages.timeline import text_order
from kg import paths
from kg.rdf.namespaces import DIP, OA
from tests import chromium
from tests.pages.look import css, overflow, overlapping_text, small_text, wait_for

UNDATED_KINDS = (DIP.Event, DIP.Statement, DIP.Statistic)  # shown in the undated lane when they have no date
ORDER = (DIP.follows, DIP.after, DIP.respondsTo, DIP.repeats, DIP.causedBy, DIP.commemorates)  # later -> earlier
# What ties a thing to a person (as the filter reads it): taking part, speaking, holding, launching, being about.
PERSON = (DIP.participant, DIP.party, DIP.about, DIP.involvesCountry, DIP.speaker, DIP.holder, DIP.launchedBy)


@pytest.fixture(scope="module")
def dump() -> Dataset:
    """The shipped dump, all graphs as one."""
    ds = Dataset(default_union=True)
    ds.parse(paths.DUMP / "kg.nq", format="nquads")
    return ds


def pairs_of(dump: Dataset, predicates) -> set[tuple[str, str]]:
    """The (subject, object) pairs of any of the predicates, as strings."""
    return {(str(s), str(o)) for p in predicates for s, o in dump.subject_objects(p)}


def dated(dump: Dataset) -> set[str]:
    """The things with a date bound, but the articles."""
    return {str(t) for t in dump.subjects(DIP.earliest)} - {str(t) for t in dump.subjects(RDF.type, DIP.Article)}


def undated(dump: Dataset) -> set[str]:
    """The events, statements and statistics without a date bound."""
    kinds = {str(t) for kind in UNDATED_KINDS for t in dump.subjects(RDF.type, kind)}
    return kinds - {str(t) for t in dump.subjects(DIP.earliest)}


def first_quotes(dump: Dataset, things) -> dict:
    """Each thing's first quote: ((its article's publication date, start), end, words, article language)."""
    found = {}
    for thing in things:
        quotes = []
        for span in dump.objects(URIRef(thing), PROV.wasDerivedFrom):
            article = dump.value(span, OA.hasSource)
            at = {str(p): str(v) for sel in dump.objects(span, OA.hasSelector) for p, v in dump.predicate_objects(sel)}
            start, end = int(at[str(OA.start)]), int(at[str(OA.end)])
            published, language = (str(dump.value(article, p)) for p in (DIP.earliest, DCTERMS.language))
            quotes.append(((published, start), end, at[str(OA.exact)], language))
        found[thing] = min(quotes)
    return found


def open_timeline(page, phone=False, every_kind=True):
    """The timeline page, drawn; with every kind of thing ticked and the whole period shown if asked."""
    d = page("/timeline", phone=phone)
    wait_for(d, lambda d: css(d, "#timeline[data-state=ready]"), "the timeline was not drawn")
    if every_kind:  # clicked in one script: each WebDriver click costs a round trip
        d.execute_script(
            "document.querySelectorAll('input[name=kind]:not(:checked)').forEach(b => b.click());"
            "document.querySelector('button[data-all]').click()"
        )
    return d


def drawn(d) -> set[str]:
    """The ids of the things drawn on the chart."""
    return set(d.execute_script("return [...document.querySelectorAll('#timeline a.item')].map(a => a.dataset.id)"))


def cards(d) -> list[str]:
    """The ids of the undated things' cards that are shown, in page order."""
    return d.execute_script(
        "return [...document.querySelectorAll('#tl-undated > li:not([hidden])')].map(c => c.dataset.id)"
    )


def test_every_dated_and_undated_thing_is_shown_the_undated_in_text_order(page, dump):
    d = open_timeline(page)
    assert drawn(d) == dated(dump)
    shown = cards(d)
    assert set(shown) == undated(dump)
    pairs = {(e, lt) for lt, e in pairs_of(dump, ORDER)}
    stated = [(e, lt) for e, lt in pairs if e in shown and lt in shown]
    quotes = first_quotes(dump, shown)
    dutch = [t for t in shown if quotes[t][3] == "nl"]
    assert any(e in dutch for e, _ in stated), "the text orders no two undated Dutch things"
    assert all(shown.index(e) < shown.index(lt) for e, lt in stated), "an order the text states is not kept"
    free = [t for t in shown if not any(t in pair for pair in pairs)]
    assert free == sorted(free, key=lambda t: (quotes[t][0], t)), "unordered things do not follow their quotes"
    # Each card shows its quote, linked to its span in the article.
    quote = css(d, f'#tl-undated > li[data-id="{dutch[0]}"] blockquote')[0]
    (_, start), end, exact, _ = quotes[dutch[0]]
    assert quote.text.startswith(exact)
    assert quote.find_element("css selector", "a").get_attribute("href").endswith(f"#s-{start}-{end}")
    assert chromium.console_errors(d) == []


def dates(box) -> list[date]:
    """The first and last day the chart shows."""
    return [date.fromisoformat(box.get_attribute(k)) for k in ("data-from", "data-to")]


def test_a_year_is_a_year_wide_the_keyboard_zooms_and_a_person_filter_leaves_their_things(page, dump):
    d = open_timeline(page)
    years = [
        (str(dump.value(t, DIP.earliest)), str(dump.value(t, DIP.latest)), str(t))
        for t in dump.subjects(DIP.datePrecision, Literal("year"))
    ]
    first, thing = min((a, t) for a, z, t in years if a[:4] == z[:4])
    bar = css(d, f'#timeline a.item[data-id="{thing}"] rect')[0].rect["width"]
    ticks = d.execute_script(
        "return [...document.querySelectorAll('#timeline line.grid')]"
        ".map(t => [t.dataset.date, t.getBoundingClientRect().x])"
    )
    (d0, x0), (d1, x1) = ((date.fromisoformat(t), x) for t, x in (ticks[0], ticks[-1]))
    days = (date(int(first[:4]) + 1, 1, 1) - date(int(first[:4]), 1, 1)).days
    assert bar == pytest.approx(days * (x1 - x0) / (d1 - d0).days, abs=1.0), f"{thing} is not drawn a year wide"
    box = css(d, "#timeline")[0]
    before = dates(box)
    box.send_keys("+")
    after = dates(box)
    assert (after[1] - after[0]).days == pytest.approx((before[1] - before[0]).days / 2, abs=1)
    box.send_keys(Keys.ARROW_RIGHT)
    assert dates(box)[0] > after[0]  # panned later in time
    # The mouse: the wheel zooms in where it points, a drag to the left pans later in time.
    before = dates(box)
    ActionChains(d, duration=20).scroll_from_origin(ScrollOrigin.from_element(box), 0, -100).perform()
    zoomed = dates(box)
    assert zoomed[0] >= before[0] and zoomed[1] <= before[1] and zoomed != before
    ActionChains(d, duration=20).move_to_element(box).click_and_hold().move_by_offset(-200, 0).release().perform()
    assert dates(box)[0] > zoomed[0]
    # A period with nothing in a lane folds that lane to one line.
    busy = [b for b in css(d, "button[data-range]") if b.text[:4].isdigit() and "–" not in b.text]
    busy[-1].click()
    heights = d.execute_script(
        "return [...document.querySelectorAll('#timeline .lane')].map(g => [g.querySelectorAll('a.item').length,"
        " g.previousElementSibling.getBBox().height])"
    )
    empty, full = ([h for n, h in heights if (n == 0) == e] for e in (True, False))
    assert empty and full, "the last busy year should leave a lane empty"
    assert max(empty) < min(full) / 2, "an empty lane keeps its height"
    # A person's filter keeps on the chart and in the undated lane exactly the things tied to them.
    css(d, "button[data-all]")[0].click()
    undated = set(cards(d))
    everything = dated(dump) | undated
    people_of = {(t, p) for t, p in pairs_of(dump, PERSON) if (URIRef(p), RDF.type, DIP.Person) in dump}
    ties = {(t, str(name)) for t, p in people_of for name in dump.objects(URIRef(p), RDFS.label)}
    people = [o.get_attribute("value") for o in css(d, "select[name=person] option")][1:]
    # The person with the most things, and the first with an undated one.
    for name in (people[0], next(n for n in people if any(t in undated for t, m in ties if m == n))):
        d.execute_script(
            "const s = document.querySelector('select[name=person]'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change'))",
            name,
        )
        assert drawn(d) | set(cards(d)) == {t for t, n in ties if n == name} & everything, name
    assert "person=" in d.current_url  # the filter is in the link to share
    assert chromium.console_errors(d) == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_text_is_legible_and_labels_show_in_full_on_focus(page, dump, phone):
    d = open_timeline(page, phone=phone, every_kind=False)  # as a visitor first sees it
    assert overlapping_text(d) == []
    assert small_text(d) == []
    assert overflow(d) == 0
    top = css(d, "#timeline")[0].rect["y"]
    assert top + 200 < d.execute_script("return innerHeight"), "the chart starts below the fold"
    items = css(d, "#timeline a.item")
    cut = next((a for a in items if a.text.endswith("…")), items[0])
    tip = css(d, "#tl-tip")[0]
    if not phone:  # a mouse shows it too
        ActionChains(d, duration=20).move_to_element(items[-1].find_element("css selector", "text")).perform()
        assert tip.is_displayed() and items[-1].get_attribute("aria-label").startswith(tip.text.split("\n")[0])
    d.execute_script("arguments[0].focus()", cut)
    assert tip.is_displayed()
    full = tip.find_element("css selector", "strong").text
    assert full in {str(o) for o in dump.objects(URIRef(cut.get_attribute("data-id")), RDFS.label)}
    assert full.startswith(cut.text.rstrip("…"))
    assert chromium.console_errors(d) == []


def test_text_order_keeps_stated_pairs_and_otherwise_the_text():
    at = {"a": (1,), "b": (2,), "c": (3,), "d": (4,)}
    assert text_order(at, []) == ["a", "b", "c", "d"]
    assert text_order(at, [("c", "a")]) == ["b", "c", "a", "d"]  # c before a, as stated; b, d where the text has them
    assert text_order(at, [("a", "b"), ("b", "a")]) == ["a", "b", "c", "d"]  # contradictions are ignored

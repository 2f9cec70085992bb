"""The network page in a real headless Chromium against the real server: every node and link drawn, the names
of the kinds that matter drawn readable and apart at both sizes, search focusing a node's neighbourhood,
filters relaying out the chart, and the list first on a phone. Expected sets come from /network.json."""

import pytest

from app.pages.network import LABELLED
from kg.rdf.namespaces import ID
from tests import chromium
from tests.pages.look import attribute_values, css, fetch, overlapping_text, small_text, wait_soon

NAMES = "return [...document.querySelectorAll('#network text.label')].filter(t => t.style.display !== 'none')"


@pytest.fixture(scope="module")
def model(site) -> dict:
    return fetch(f"{site}/network.json")


def ready(d):
    return wait_soon(d, lambda d: css(d, "#network[data-state=ready]"), "the network was not drawn")


def drawn(d) -> set:
    return set(attribute_values(d, "#network a.node", "data-id"))


def named(d) -> set:
    return set(d.execute_script(NAMES + ".map(t => t.dataset.id)"))


def assert_names_readable(d, model, ids=None):
    """Every drawn node of a labelled kind has its name on the chart, none under 11 px or over another."""
    expected = {n["id"] for n in model["nodes"] if n["kind"] in LABELLED and (ids is None or n["id"] in ids)}
    assert named(d) == expected
    assert overlapping_text(d, "#network") == []
    assert small_text(d, "#network") == []


def test_every_node_and_link_is_drawn_with_the_names_that_matter(page, model):
    from selenium.webdriver.common.action_chains import ActionChains

    d = page("/network")
    ready(d)
    assert drawn(d) == {n["id"] for n in model["nodes"]}
    assert len(css(d, "#network .edge")) == len(model["links"])
    assert css(d, f'#network a.node[data-id="{ID["russia"]}"]')[0].get_dom_attribute("href") == "/id/russia"
    assert_names_readable(d, model)
    hit = css(d, "#network .edge .hit")[0]  # a link shows its kind under the pointer
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", hit)
    ActionChains(d).move_to_element(hit).perform()
    tip = wait_soon(d, lambda d: next((e for e in css(d, "#nw-tip") if e.is_displayed()), None), "no tooltip")
    assert f" {model['links'][0]['label']} " in tip.text
    css(d, '[data-nw-zoom="0.7"]')[0].click()  # zoomed in, the names in view are placed again, as readable
    d.execute_script("return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert len(named(d)) > 0 and overlapping_text(d, "#network") == [] and small_text(d, "#network") == []
    assert chromium.console_errors(d) == []


def test_search_focuses_a_person_and_lights_its_neighbours(page, model):
    lavrov = str(ID["sergei-lavrov"])
    mine = [x for x in model["links"] if lavrov in (x["source"], x["target"])]
    neighbours = {x["source"] if x["target"] == lavrov else x["target"] for x in mine}
    d = page("/network")
    ready(d)
    css(d, "#nw-q")[0].send_keys("sergei lavrov\n")
    wait_soon(d, lambda d: css(d, "#network a.node.focus"), "searching did not focus a node")
    assert attribute_values(d, "#network a.node.focus", "data-id") == [lavrov]
    assert set(attribute_values(d, "#network a.node.near", "data-id")) == neighbours
    assert len(css(d, "#network a.node.dim")) == len(model["nodes"]) - len(neighbours) - 1
    node, chart = css(d, "#network a.node.focus")[0].rect, css(d, "#network svg")[0].rect
    assert abs(node["x"] + node["width"] / 2 - chart["x"] - chart["width"] / 2) < 20  # centred
    assert abs(node["y"] + node["height"] / 2 - chart["y"] - chart["height"] / 2) < 20
    panel = css(d, "#nw-panel")[0]
    assert panel.is_displayed() and all(x["label"] in panel.text for x in mine)  # the links' kinds, in words
    css(d, "#nw-clear")[0].click()
    russia = str(ID["russia"])  # focused as the keyboard focuses it, its links are listed with their kinds
    d.execute_script("arguments[0].focus()", css(d, f'#network a.node[data-id="{russia}"]')[0])
    kinds = {x["label"] for x in model["links"] if russia in (x["source"], x["target"])}
    assert panel.is_displayed() and all(k in panel.text for k in kinds)
    assert chromium.console_errors(d) == []


def test_a_filter_relayouts_the_chart_to_the_nodes_left(page, model):
    kinds = {n["id"]: n["kind"] for n in model["nodes"]}
    kept = [x for x in model["links"] if kinds[x["source"]] != "event" and kinds[x["target"]] != "event"]
    expected = {x["source"] for x in kept} | {x["target"] for x in kept}
    d = page("/network")
    ready(d)
    russia = f'#network a.node[data-id="{ID["russia"]}"]'
    before = css(d, russia)[0].rect
    css(d, ".nw-filters summary")[0].click()
    css(d, ".nw-filters input[name=kind][value=event]")[0].click()
    assert drawn(d) == expected
    assert len(css(d, "#network .edge")) == len(kept)
    assert css(d, russia)[0].rect != before  # laid out anew, not only hidden
    assert_names_readable(d, model, expected)
    assert chromium.console_errors(d) == []


def test_a_phone_gets_the_list_and_can_switch_to_a_readable_chart(page, model):
    d = page("/network", phone=True)
    listing = css(d, "#nw-list")[0]
    assert listing.is_displayed() and not css(d, "#nw-chart")[0].is_displayed()
    assert set(attribute_values(d, "#nw-list li[data-id]", "data-id")) == {n["id"] for n in model["nodes"]}
    kinds = {n["kind"] for n in model["nodes"]}
    assert len(css(d, "#nw-list h3")) == len(kinds)
    assert d.execute_script("return document.documentElement.scrollWidth") <= 390
    css(d, '.nw-switch button[data-view="chart"]')[0].click()
    ready(d)
    assert drawn(d) == {n["id"] for n in model["nodes"]}
    assert_names_readable(d, model)
    assert chromium.console_errors(d) == []

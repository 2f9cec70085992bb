"""The question forms in a real browser: pickers of things of the field's class by label, a language
choice, messages beside their field, unknown names caught. Expected options come from the dump."""

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS

from kg import paths
from kg.rdf.namespaces import DIP, ID
from tests import chromium
from tests.pages.look import css, fetch, overflow, overlapping_text, wait_for


@pytest.fixture(scope="module")
def dump() -> ox.Store:
    """The shipped dump, to know what a picker should offer independently of the pages."""
    store = ox.Store()
    store.bulk_load(path=str(paths.DUMP / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def objects(dump: ox.Store, subject, predicate) -> set:
    """The objects of a subject's property in any graph (any subject for None)."""
    node = None if subject is None else ox.NamedNode(str(subject))
    return {q.object for q in dump.quads_for_pattern(node, ox.NamedNode(str(predicate)), None)}


def options(d, field: str) -> dict:
    """A select's options: value to visible text (without the empty 'any')."""
    found = d.execute_script(f"return [...document.querySelectorAll('#{field} option')].map(o => [o.value, o.text])")
    return {value: text for value, text in found if value}


def test_a_picker_offers_the_things_of_its_class_by_label(page, dump):
    typed = dump.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DIP.Country)))
    countries = {q.subject.value[len(str(ID)) :]: q.subject.value for q in typed}
    d = page("/ask/country-timeline")
    offered = options(d, "p-country")
    assert set(offered) == set(countries)
    for slug, text in offered.items():
        assert text in {label.value for label in objects(dump, countries[slug], RDFS.label)}
    labels = [label.text for label in css(d, ".field label")]
    assert "country" not in labels and not any("(iri)" in t or "(string)" in t for t in labels)
    assert chromium.console_errors(d) == []


def test_the_language_choice_lists_the_data_languages(page, dump):
    languages = {label.language for label in objects(dump, None, RDFS.label) if label.language}
    d = page("/ask/meetings")
    assert set(options(d, "p-labels")) == languages
    assert css(d, "#p-labels")[0].tag_name == "select"
    assert chromium.console_errors(d) == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_bad_value_is_named_beside_its_field(page, phone):
    d = page("/ask/meetings?from=notadate", phone=phone)
    field = css(d, "#p-from")[0]
    message = css(d, "#e-from")[0]
    assert "notadate" in message.text and "e-from" in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true"
    gap = message.rect["y"] - (field.rect["y"] + field.rect["height"])
    assert 0 <= gap < 16, "the message sits right under its field"
    assert not css(d, "table.results"), "nothing is answered"
    assert overflow(d) == 0 and overlapping_text(d) == []
    # the browser logs the page's 400 itself
    assert all("400" in e for e in chromium.console_errors(d))


def test_an_unknown_name_is_caught_and_the_closest_offered(page, site):
    expected = fetch(f"{site}/queries/statements-by?speaker=sergei-lavrov&format=json")["results"]["bindings"]
    d = page("/ask/statements-by?speaker=Lavrov")
    message = css(d, "#e-speaker")[0]
    assert "Lavrov" in message.text and not css(d, "table.results")
    picked = css(d, "#p-speaker option:checked")[0]
    assert picked.get_attribute("value") == "sergei-lavrov"
    css(d, "form.ask button[type=submit]")[0].click()
    wait_for(d, lambda d: "speaker=sergei-lavrov" in d.current_url, "the form was not submitted")
    assert len(css(d, "table.results tbody tr")) == len(expected) > 0
    assert all("400" in e for e in chromium.console_errors(d))  # only the first page's own 400

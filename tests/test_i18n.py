"""The interface in English and Dutch: `?lang=`, the cookie it sets, Accept-Language, and a catalogue that
translates every message the templates and pages use (compiled to the .mo Flask-Babel reads)."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app import i18n

APP = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
# A page of each kind, with a text it shows in Dutch.
PAGES = {
    "/": "Wat de graaf bevat",
    "/search?q=lavrov": "resultaten voor “lavrov”",
    "/search": "Bladeren per soort",
    "/ask/meetings": "Taal van de namen",
    "/queries": "Vaste query's",
    "/nope": "Niet gevonden",
    "/id/sergei-lavrov": "Wie en waar",  # a section title kept in Python (N_)
    "/id/graph/inferred": "De triples die OWL-redeneren (owlrl) toevoegde",
    "/id/graph/rusk-2021-03": "De feiten uit het artikel",
}


def used_messages() -> list:
    """Every message id the templates and Python of app/ pass to gettext (a plural's as a (singular, plural) pair)."""
    found = extract_from_dir(str(APP), METHODS, options_map=OPTIONS, keywords=KEYWORDS)
    return list(dict.fromkeys(message for _, _, message, _, _ in found))


def catalogue():
    with i18n.CATALOGUE.open("rb") as po:
        return read_po(po, locale="nl")


def dutch(html: str) -> str:
    """The text of a page's <main> with its markup removed."""
    return re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).replace("&#39;", "'")


@pytest.mark.parametrize("path", PAGES)
def test_lang_nl_gives_dutch_pages(app, path):
    asked = path + ("&" if "?" in path else "?") + "lang=nl"  # a client of its own: the choice sets a cookie
    page = app.test_client().get(asked, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<html lang="nl">' in page and PAGES[path] in dutch(page)
    assert ">Vragen</a>" in page  # the navigation too


def test_the_choice_sticks_in_a_cookie(app):
    browser = app.test_client()
    first = browser.get("/?lang=nl")
    assert "lang=nl" in first.headers["Set-Cookie"] and "Cookie" in first.headers["Vary"]
    assert '<html lang="nl">' in browser.get("/search").get_data(as_text=True)
    assert '<html lang="en">' in browser.get("/search?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in browser.get("/").get_data(as_text=True)


def test_labels_come_in_the_interface_language_first_and_a_cached_page_is_not_reused_across_languages(app):
    browser = app.test_client()
    english = browser.get("/id/russia?lang=en", headers={"Accept": "text/html"})
    assert "<h1>Russia" in english.get_data(as_text=True).replace("\n", "")
    dutch_page = browser.get(
        "/id/russia?lang=nl", headers={"Accept": "text/html", "If-None-Match": english.headers["ETag"]}
    )
    assert dutch_page.status_code == 200 and "<h1>Rusland" in dutch_page.get_data(as_text=True).replace("\n", "")


def test_accept_language_picks_dutch(app):
    page = app.test_client().get("/", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="nl">' in page and "De artikelen" in page


@pytest.mark.slow  # babel reads every template and module: about a second
def test_every_message_has_a_dutch_translation():
    translated = {m.id: m.string for m in catalogue() if m.id}
    missing = [m for m in used_messages() if not all(translated.get(m) or ("",))]
    assert missing == [], f"add these to {i18n.CATALOGUE} and run `python -m app.i18n`"


def test_the_compiled_catalogue_is_current():
    def texts(messages) -> dict:
        def plain(text):
            return tuple(text) if isinstance(text, list | tuple) else text

        return {plain(m.id): plain(m.string) for m in messages if m.id and all(m.string or ("",))}  # translated only

    with i18n.CATALOGUE.with_suffix(".mo").open("rb") as mo:
        assert texts(read_mo(mo)) == texts(catalogue()), "run `python -m app.i18n`"

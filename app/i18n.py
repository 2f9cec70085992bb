"""The interface's language: English or Dutch, chosen by `?lang=`, then the `lang` cookie, then Accept-Language.

Templates write interface text as `{{ _('Text') }}` (Flask-Babel's gettext); the Dutch catalogue is
`app/translations/nl/LC_MESSAGES/messages.po`, compiled to the `messages.mo` beside it that Flask-Babel
reads (tests/test_i18n.py fails when the .mo is older than the .po's text: `python -m app.i18n` compiles it).
A `?lang=` choice is remembered in the `lang` cookie. Pages that pick one label of a thing take the
interface language's first (`label_order`)."""

from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, request
from flask_babel import Babel, get_locale

LANGUAGES = {"en": "English", "nl": "Nederlands"}
CATALOGUE = Path(__file__).with_name("translations") / "nl" / "LC_MESSAGES" / "messages.po"
COOKIE_AGE = 365 * 24 * 3600


def N_(message: str) -> str:
    """Mark a message kept in Python (a section's title) for the catalogue: the template that shows it
    translates it (`{{ _(title) }}`); the test of the catalogue extracts `N_` as it does `_`."""
    return message


def choose() -> str:
    """The language of this request's interface."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or "en"


def current() -> str:
    """The interface language of this request ('en' or 'nl')."""
    return str(get_locale() or "en")


def label_order() -> tuple:
    """Label languages in the order a page prefers them: the interface language first."""
    return tuple(sorted(LANGUAGES, key=lambda lang: lang != current()))


def switch() -> list:
    """The header's language links: this page in each language (the current one marked)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    here = current()
    return [
        {"code": code, "name": name, "href": f"{request.path}?{urlencode({**args, 'lang': code})}", "on": code == here}
        for code, name in LANGUAGES.items()
    ]


def _remember(response: Response) -> Response:
    """Keep a `?lang=` choice in a cookie; pages vary by the cookie and Accept-Language."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get("lang") != asked:
        response.set_cookie("lang", asked, max_age=COOKIE_AGE, samesite="Lax")
    if response.mimetype == "text/html":
        response.vary.update(("Cookie", "Accept-Language"))
    return response


def init_app(app: Flask) -> None:
    """Install gettext (`_`) in the templates, the language choice, its cookie and the header's switch."""
    Babel(app, locale_selector=choose, default_translation_directories=str(CATALOGUE.parents[2]))
    app.after_request(_remember)
    app.jinja_env.globals.update(languages=switch, ui_lang=current)


def compile_catalogue() -> None:
    """Write messages.mo from messages.po (run `python -m app.i18n` after editing the catalogue)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as po, CATALOGUE.with_suffix(".mo").open("wb") as mo:
        write_mo(mo, read_po(po, locale="nl"))


if __name__ == "__main__":
    compile_catalogue()

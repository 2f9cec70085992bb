"""The interface's language: English or Dutch, chosen by `?lang=`, then the `lang` cookie, then Accept-Language.

Templates write interface text as `{{ _('Text') }}` (Flask-Babel's gettext); the Dutch catalogue is
`app/translations/nl/LC_MESSAGES/messages.po`."""

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel

LANGUAGES = ("en", "nl")


def choose() -> str:
    """The language of this request's interface."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def init_app(app: Flask) -> None:
    """Install gettext (`_`) in the templates and the language choice."""
    Babel(app, locale_selector=choose, default_translation_directories=str(Path(__file__).with_name("translations")))

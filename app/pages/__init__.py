"""The web pages for people: home and search, resource pages, canned-query forms, editor, views."""

from flask import Flask, g
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l

from app.pages import article, ask, editor, evidence, home, network, resource, timeline
from app.pages.terms import curie, href

_CATALOGUE = "dipkg_catalogue"  # where a request keeps its translations (`catalogue`)
BLUEPRINTS = (home.bp, resource.bp, ask.bp, editor.bp, timeline.bp, network.bp, article.bp, evidence.bp)
NAV = (
    ("home.index", _l("Home")),
    ("ask.index", _l("Questions")),
    ("editor.page", _l("SPARQL editor")),
    ("timeline.page", _l("Timeline")),
    ("network.page", _l("Network")),
    ("article.index", _l("Articles")),
)


def init_app(app: Flask) -> None:
    """Register the pages' blueprints and the template helpers they share on an app; the templates' `_()` finds
    the request's catalogue once (after app.i18n has installed Flask-Babel)."""
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.jinja_env.globals.update(nav=NAV, curie=curie, href=href)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
    )


def catalogue():
    """This request's translations. Flask-Babel looks them up anew for every string a template translates (an
    eighth of a page's rendering); the language is fixed for a request, so they are looked up once per request."""
    if _CATALOGUE not in g:
        setattr(g, _CATALOGUE, get_translations())
    return getattr(g, _CATALOGUE)

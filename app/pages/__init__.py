"""The web pages for people: home and search, resource pages, canned-query forms, editor, views."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.pages import article, ask, editor, evidence, home, network, resource, timeline
from app.pages.terms import curie, href

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
    """Register the pages' blueprints and the template helpers they share on an app."""
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.jinja_env.globals.update(nav=NAV, curie=curie, href=href)

"""The web pages for people: home and search, resource pages, canned-query forms, editor, views."""

from flask import Flask

from app.pages import article, ask, editor, home, network, resource, timeline
from app.pages.terms import curie, href

BLUEPRINTS = (home.bp, resource.bp, ask.bp, editor.bp, timeline.bp, network.bp, article.bp)
NAV = (
    ("home.index", "Home"),
    ("ask.index", "Questions"),
    ("editor.page", "SPARQL editor"),
    ("timeline.page", "Timeline"),
    ("network.page", "Network"),
    ("article.index", "Articles"),
)


def init_app(app: Flask) -> None:
    """Register the pages' blueprints and the template helpers they share on an app."""
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.jinja_env.globals.update(nav=NAV, curie=curie, href=href)

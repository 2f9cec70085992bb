"""Small helpers shared by the page blueprints: JSON or HTML, the error page."""

from flask import render_template

from app import negotiation


def prefers_json() -> bool:
    """True when the client asks for JSON (`?format=json` or its Accept header) rather than HTML."""
    return negotiation.prefers_json()


def not_found(message: str):
    """An HTML 404 page that says what was not found and offers the search box."""
    return render_template("error.html", status=404, message=message), 404

"""Small helpers shared by the page blueprints: JSON or HTML, the error page."""

from flask import render_template, request


def prefers_json() -> bool:
    """True when the client asks for JSON (`?format=json` or its Accept header) rather than HTML."""
    if request.args.get("format") == "json":
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def not_found(message: str):
    """An HTML 404 page that says what was not found and offers the search box."""
    return render_template("error.html", status=404, message=message), 404

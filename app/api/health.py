"""`/healthz`: the server is up and its store is loaded and sound (cheap: no query is run, none waited for)."""

from flask import Blueprint, jsonify

from app.engine import engine
from app.errors import error_response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the store is loaded and matches its build's record; 503 saying why while it is not."""
    problem = engine().problem()
    if problem:
        return error_response(503, problem)
    return jsonify(status="ok")

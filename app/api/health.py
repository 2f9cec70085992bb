"""`/healthz`: the server is up and answering (a trivial route, also the benchmark's ceiling)."""

from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Say the server is up, cheaply: no query is run."""
    return jsonify(status="ok")

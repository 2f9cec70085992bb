"""One error shape for every route: JSON `{"error": {"status", "title", "detail"}}` for clients that
ask for JSON, and one plain-text line (`404 Not Found: ...`) for everyone else."""

import json
import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from kg.errors import InputError, KGError

log = logging.getLogger(__name__)
JSON_TYPES = ("application/json", "application/sparql-results+json", "application/ld+json", "application/problem+json")


class APIError(Exception):
    """An HTTP error with a detail a person can act on."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def wants_json() -> bool:
    """Whether the client prefers JSON to plain text (by its Accept header's q-values)."""
    return request.accept_mimetypes.best_match(("text/plain",) + JSON_TYPES) in JSON_TYPES


def error_response(status: int, detail: str, headers: dict | None = None) -> Response:
    """The error in the one shape, JSON or text as the client prefers; never cached."""
    title = HTTP_STATUS_CODES.get(status, "Error")
    if wants_json():
        body = json.dumps({"error": {"status": status, "title": title, "detail": detail}}, ensure_ascii=False)
        response = Response(body, status, mimetype="application/json")
    else:
        response = Response(f"{status} {title}: {detail}\n", status, mimetype="text/plain")
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def _http(e: HTTPException) -> Response:
    """werkzeug's HTTP errors (404, 405, 413, ...) in the one shape, keeping a 405's Allow header."""
    allow = e.get_response().headers.get("Allow")
    return error_response(e.code or 500, e.description or "", {"Allow": allow} if allow else None)


def _internal(e: Exception) -> Response:
    """A bug: logged with its traceback, answered without it."""
    log.exception("unhandled error")
    return error_response(500, "internal error; the server log has the details")


def register(app: Flask) -> None:
    """Send every error through `error_response`."""
    app.register_error_handler(APIError, lambda e: error_response(e.status, e.detail, e.headers))
    app.register_error_handler(InputError, lambda e: error_response(400, str(e)))
    app.register_error_handler(KGError, lambda e: error_response(503, str(e)))
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _internal)

"""One error shape for every route: JSON `{"error": {"status", "title", "detail"}}` for clients that
ask for JSON, the site's error page for browsers (text/html preferred to text/plain) and one plain-text
line (`404 Not Found: ...`) for everyone else. kg speaks no HTTP:
this module gives its errors and the query process's outcomes their status codes."""

import json
import logging

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.negotiation import best, offers, wants_json
from kg.errors import EngineFailure, InputError, KGError, QueryTimeout, ReadOnly, RemoteError
from kg.query.runner import Answer, Outcome

log = logging.getLogger(__name__)
# A kg error's status: the most specific class listed first wins.
ERROR_STATUS = ((ReadOnly, 403), (InputError, 400), (RemoteError, 502), (QueryTimeout, 503), (EngineFailure, 503))
OUTCOME_STATUS = {
    Outcome.OK: 200,
    Outcome.INVALID: 400,
    Outcome.READ_ONLY: 403,
    Outcome.NOT_ACCEPTABLE: 406,
    Outcome.OFFLINE: 400,
    Outcome.FAILED: 400,
    Outcome.REMOTE: 502,
    Outcome.TOO_BIG: 503,  # a limit of this server, as the time limit: 413 would blame the request's own body
    Outcome.INTERNAL: 500,
}


# A browser's Accept ranks text/html above text/plain; `*/*` alone ties them, and then text wins.
HTML_OR_TEXT = offers("text/plain", "text/html")


class APIError(Exception):
    """An HTTP error with a detail a person can act on."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def status_of(error: KGError) -> int:
    """The HTTP status of a kg error: 400 bad input, 403 an update, 502 a failed remote store, 503 otherwise."""
    return next((status for kind, status in ERROR_STATUS if isinstance(error, kind)), 503)


def check(answer: Answer) -> Answer:
    """The query process's answer if it succeeded, else APIError with the status its outcome means."""
    if answer.outcome != Outcome.OK:
        raise APIError(OUTCOME_STATUS[answer.outcome], answer.detail)
    return answer


def error_response(status: int, detail: str, headers: dict | None = None) -> Response:
    """The error in the one shape, JSON or text as the client prefers; never cached."""
    title = HTTP_STATUS_CODES.get(status, "Error")
    if wants_json():
        body = json.dumps({"error": {"status": status, "title": title, "detail": detail}}, ensure_ascii=False)
        response = Response(body, status, mimetype="application/json")
    elif best(HTML_OR_TEXT) == "text/html":
        response = Response(render_template("error.html", status=status, message=detail), status, mimetype="text/html")
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
    app.register_error_handler(KGError, lambda e: error_response(status_of(e), str(e)))
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _internal)

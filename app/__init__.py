"""The Flask application: `create_app(config=None)` builds it; nothing is read at import time."""

from flask import Flask
from flask_compress import Compress

from app import errors, headers, i18n, pages
from app.api import canned, health, openapi
from app.api import sparql as protocol
from app.cache import ResponseCache
from app.config import cors_origins, load
from app.engine import RESPONSE_SHARE, Engine


def _cors(app: Flask, settings: dict) -> None:
    """Turn CORS on for the configured origins only; never for credentials."""
    origins = cors_origins(settings)
    if origins:
        from flask_cors import CORS

        CORS(
            app,
            origins=origins,
            supports_credentials=False,
            max_age=600,
            expose_headers=["ETag", "X-Truncated", "X-Row-Limit"],
        )


# gzip for the pages (HTML, CSS, JS, SVG) and the JSON answers; SPARQL bodies are compressed whole and
# their strong ETags get a `:gzip` suffix (flask-compress then answers If-None-Match with 304 itself).
COMPRESS = {
    "COMPRESS_ALGORITHM": ["gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["gzip"],  # static files are sent as streams
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
        "application/json",
        "application/ld+json",
        "application/sparql-results+json",
    ],
}


def create_app(config: dict | None = None) -> Flask:
    """Build the application: settings (defaults < KG_* environment < `config`), the store's query
    process (it starts loading the dump now), errors, CORS, the headers every response carries, the routes and,
    in front of it all, the responses kept for repeated requests."""
    app = Flask(__name__)
    settings = load(config)
    app.config.update(
        settings, MAX_CONTENT_LENGTH=settings["MAX_REQUEST_BYTES"], MAX_FORM_MEMORY_SIZE=settings["MAX_REQUEST_BYTES"]
    )
    for key, value in COMPRESS.items():
        app.config.setdefault(key, value)
    Compress(app)  # registered first, so its after_request runs last, on the finished response
    app.extensions["kg"] = Engine(settings)
    app.extensions["kg"].start()
    errors.register(app)
    _cors(app, settings)
    headers.init_app(app, cors=bool(cors_origins(settings)))
    for blueprint in (protocol.bp, canned.bp, openapi.bp, health.bp):
        app.register_blueprint(blueprint)
    i18n.init_app(app)
    pages.init_app(app)
    app.wsgi_app = ResponseCache(app.wsgi_app, settings["CACHE_BYTES"] // RESPONSE_SHARE)  # type: ignore[method-assign]
    return app

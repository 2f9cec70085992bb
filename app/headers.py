"""The headers every response carries, set in one place after each request.

- A Content-Security-Policy that lets the pages load their own scripts, styles and images only (they have no
  inline script, style or event handler), never be framed (also X-Frame-Options for older browsers) and send
  forms and requests to this server only; `nosniff`, so a text error is never read as HTML; no referrer
  sent to other sites.
- Errors (JSON, text and the HTML 404 and 400 pages) are never cached.
- `Vary: Origin` when CORS is on: answers then differ by the request's Origin.
"""

from flask import Flask, Response

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask, cors: bool) -> None:
    """Set the headers on every response of an app (`cors`: whether CORS is on)."""

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.update(SECURITY)
        if response.status_code >= 400:
            response.headers["Cache-Control"] = "no-store"
        if cors:
            response.vary.add("Origin")
        return response

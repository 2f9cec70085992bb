"""`/openapi.json`: an OpenAPI 3.1 description of the endpoint, one operation per canned query."""

from flask import Blueprint, jsonify

from app.api.canned import catalog
from kg.query.canned import CannedQuery
from kg.query.formats import GRAPH_TYPES, SELECT_TYPES

bp = Blueprint("openapi", __name__)
SCHEMAS = {
    "iri": {"type": "string", "description": "an IRI, a prefixed name (dip:Meeting) or an id (seoul)"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
}
ANSWER: dict[str, dict] = {t: {} for t in SELECT_TYPES + GRAPH_TYPES}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}, "text/plain": {}}


def _errors(*codes: int) -> dict:
    """Error responses in the endpoint's one error shape."""
    reasons = {
        400: "bad query or parameter (the detail names it)",
        403: "SPARQL Update is refused",
        404: "no such query",
        406: "no acceptable format",
        413: "request too large",
        415: "unsupported Content-Type",
        503: "the query ran past the time limit",
    }
    return {str(c): {"description": reasons[c], "content": ERROR} for c in codes}


def _parameter(p) -> dict:
    """One canned-query parameter as an OpenAPI query parameter."""
    schema = dict(SCHEMAS[p.type], **({"default": p.default} if p.default is not None else {}))
    return {
        "name": p.name,
        "in": "query",
        "required": p.default is None and not p.optional,
        "description": p.description,
        "schema": schema,
    }


def _operation(q: CannedQuery) -> dict:
    """The GET operation of one canned query."""
    return {
        "get": {
            "operationId": q.name,
            "summary": q.title,
            "description": q.description.strip(),
            "tags": ["canned queries"],
            "parameters": [_parameter(p) for p in q.params],
            "responses": {
                "200": {"description": "the answer, in the negotiated format", "content": ANSWER},
                **_errors(400, 406, 503),
            },
        }
    }


def _sparql() -> dict:
    """The SPARQL 1.1 Protocol operations."""
    query = {
        "name": "query",
        "in": "query",
        "schema": {"type": "string"},
        "description": "a SPARQL 1.1 query; without it GET returns the service description",
    }
    graphs = [
        {
            "name": n,
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": f"the request's dataset ({n})",
        }
        for n in ("default-graph-uri", "named-graph-uri")
    ]
    ok = {"200": {"description": "the answer, in the negotiated format", "content": ANSWER}}
    body = {
        "content": {
            "application/sparql-query": {"schema": {"type": "string"}},
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
            },
        }
    }
    return {
        "get": {
            "operationId": "sparqlGet",
            "summary": "SPARQL query (or the service description)",
            "parameters": [query, *graphs],
            "responses": {**ok, **_errors(400, 403, 406, 503)},
        },
        "post": {
            "operationId": "sparqlPost",
            "summary": "SPARQL query in the body",
            "parameters": graphs,
            "requestBody": body,
            "responses": {**ok, **_errors(400, 403, 406, 413, 415, 503)},
        },
    }


def document(queries: dict) -> dict:
    """The whole OpenAPI document."""
    error = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "detail": {"type": "string"},
                },
            }
        },
    }
    paths = {
        "/sparql": _sparql(),
        "/queries": {
            "get": {
                "operationId": "listQueries",
                "summary": "the canned queries",
                "responses": {
                    "200": {"description": "HTML or JSON list", "content": {"application/json": {}, "text/html": {}}}
                },
            }
        },
        **{f"/queries/{name}": _operation(q) for name, q in queries.items()},
        "/healthz": {
            "get": {"operationId": "health", "summary": "the server is up", "responses": {"200": {"description": "ok"}}}
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "dipkg SPARQL endpoint",
            "version": "1",
            "description": "A knowledge graph of diplomatic relations: SPARQL 1.1 and canned queries.",
        },
        "paths": paths,
        "components": {"schemas": {"Error": error}},
    }


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI document for the canned queries and /sparql."""
    return jsonify(document(catalog()))

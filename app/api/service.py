"""The SPARQL 1.1 Service Description that `GET /sparql` without a query returns, in any RDF format."""

from pathlib import Path
from urllib.parse import quote

from flask import request
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from app import negotiation
from app.api.answer import not_modified, send
from app.engine import engine
from app.errors import APIError
from kg.query import formats
from kg.query.results import Result
from kg.query.runner import Answer, Outcome

HERE = Path(__file__).resolve().parent.parent / "sparql"
SD = "http://www.w3.org/ns/sparql-service-description#"


def description(endpoint: str, named_graphs: list) -> Result:
    """The description's triples: the Turtle template read against the endpoint's URL, plus the named graphs."""
    graph = Graph().parse(HERE / "service.ttl", format="turtle", publicID=endpoint)
    dataset = URIRef(f"{endpoint}#dataset")
    for name in named_graphs:
        node = URIRef(f"{endpoint}#graph-{quote(str(name), safe='')}")
        graph.add((dataset, URIRef(SD + "namedGraph"), node))
        graph.add((node, RDF.type, URIRef(SD + "NamedGraph")))
        graph.add((node, URIRef(SD + "name"), URIRef(name)))
    return Result("graph", triples=sorted(graph))


def respond():
    """The service description in the negotiated RDF format (Turtle unless asked otherwise)."""
    graph_type = negotiation.choose(request.args.get("format")).graph
    if graph_type is None:
        raise APIError(406, f"the service description is RDF: ask for one of {', '.join(formats.GRAPH_TYPES)}")
    endpoint = request.base_url
    key = engine().key("service-description", endpoint, graph_type)
    answer = engine().cache.get(key) if key else None
    if answer is None:
        names = [row[0] for row in engine().result((HERE / "named-graphs.rq").read_text("utf-8")).rows]
        answer = Answer(Outcome.OK, formats.serialize(description(endpoint, names), graph_type), graph_type)
        if key:
            engine().cache.put(key, answer)
    response = not_modified(key) or send(answer, key)
    response.vary.add("Host")  # it names the endpoint by the Host it was asked at: a cache keeps one per Host
    return response

"""What a resource page shows: labels, facts by property (inferred ones marked), quotes, back-links."""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Identifier

from app.pages import data
from app.pages.terms import article_iri, curie, doc_id, view
from kg.query.canned import bind
from kg.rdf.namespaces import DIP, INFERRED_GRAPH, ONTOLOGY_GRAPH, sparql_prologue

LABEL_PROPS = {
    str(RDFS.label): "label",
    str(SKOS.prefLabel): "preferred label",
    str(SKOS.altLabel): "alternative label",
    str(DCTERMS.title): "title",
}
# Shown in a section of their own rather than among the facts.
SEPARATE = set(LABEL_PROPS) | {str(RDF.type), str(PROV.wasDerivedFrom)}


def describe(iri: str) -> dict | None:
    """Everything the page of `iri` shows, or None when the graph says nothing about it."""
    facts = data.rows("resource-facts", s=iri)
    incoming = data.rows("resource-incoming", s=iri)
    if not facts and not incoming:
        return None
    labels = data.labels()
    quotes = quotes_of(iri)
    return {
        "iri": iri,
        "curie": curie(iri),
        "title": labels.get(iri) or curie(iri),
        "type": data.type_label(iri),
        "labels": label_rows(facts),
        "types": type_chips(facts, labels),
        "groups": fact_groups(facts, labels, quotes),
        "quotes": quotes,
        "incoming": incoming_groups(incoming, labels),
        "doc": doc_id(iri) if iri.split("/id/", 1)[-1].startswith("article/") else None,
    }


def _provenance(graphs: set, quotes: list) -> dict:
    """Where a fact comes from: inferred only, the ontology, and the articles stating it."""
    stated = graphs - {str(INFERRED_GRAPH)}
    by_doc: dict[str, dict] = {}
    for q in quotes:
        by_doc.setdefault(q["doc"], q)
    sources = []
    for graph in sorted(stated):
        doc = doc_id(graph)
        if doc:
            quote = by_doc.get(doc)
            sources.append(
                {
                    "doc": doc,
                    "title": data.labels().get(article_iri(doc), doc),
                    "number": quote["number"] if quote else None,
                    "href": f"#quote-{quote['key']}" if quote else f"/articles/{doc}",
                }
            )
    return {"inferred": not stated, "ontology": str(ONTOLOGY_GRAPH) in stated, "sources": sources}


def _by_value(rows: list, key: str) -> dict:
    """Group (property, value) pairs to the set of graphs stating them, in first-seen order."""
    grouped: dict[tuple[str, Identifier], set[str]] = {}
    for row in rows:
        grouped.setdefault((str(row["p"]), row[key]), set()).add(str(row["g"]))
    return grouped


def fact_groups(facts: list, labels: dict, quotes: list) -> list:
    """Facts grouped by property: ontology properties first, each value with its provenance."""
    groups: dict[str, list[dict]] = {}
    for (prop, value), graphs in _by_value(facts, "o").items():
        if prop in SEPARATE:
            continue
        groups.setdefault(prop, []).append(view(value, labels) | _provenance(graphs, quotes))
    return [
        {"property": view(URIRef(p), labels), "values": values}
        for p, values in sorted(groups.items(), key=lambda item: _prop_order(item[0], labels))
    ]


def _prop_order(prop: str, labels: dict) -> tuple:
    """Ontology properties first, then the others, each alphabetically by label."""
    return (not prop.startswith(str(DIP)), (labels.get(prop) or curie(prop)).lower())


def label_rows(facts: list) -> list:
    """The resource's names in every language: label, alternative label, title."""
    rows = []
    for (prop, value), graphs in _by_value(facts, "o").items():
        if prop in LABEL_PROPS:
            rows.append(
                {
                    "text": str(value),
                    "lang": getattr(value, "language", None) or "",
                    "kind": LABEL_PROPS[prop],
                    "inferred": graphs == {str(INFERRED_GRAPH)},
                }
            )
    return sorted(rows, key=lambda r: (r["kind"] != "label", r["lang"], r["text"]))


def type_chips(facts: list, labels: dict) -> list:
    """The classes of the resource, ontology classes first; inferred ones marked."""
    chips = [
        view(value, labels) | {"inferred": graphs == {str(INFERRED_GRAPH)}}
        for (prop, value), graphs in _by_value(facts, "o").items()
        if prop == str(RDF.type)
    ]
    return sorted(chips, key=lambda c: (c["inferred"], not c["value"].startswith(str(DIP)), c["text"]))


def quotes_of(iri: str) -> list:
    """The spans the resource comes from, as quotes in their context, in article and text order."""
    labels = data.labels()
    quotes = []
    for row in data.rows("resource-spans", s=iri):
        doc = doc_id(str(row["article"]))
        start, end = int(row["start"]), int(row["end"])
        quotes.append(
            {
                "key": f"{doc}-{start}-{end}",
                "doc": doc,
                "start": start,
                "end": end,
                "exact": str(row["exact"]),
                "prefix": str(row["prefix"] or ""),
                "suffix": str(row["suffix"] or ""),
                "span": view(row["span"], labels),
                "title": labels.get(str(row["article"]), doc),
                "href": f"/articles/{doc}#s-{start}-{end}",
            }
        )
    for number, quote in enumerate(quotes, 1):
        quote["number"] = number
    return quotes


def incoming_groups(rows: list, labels: dict) -> list:
    """Things that point at the resource, grouped by property, inferred links marked."""
    groups: dict[str, list[dict]] = {}
    for (prop, subject), graphs in _by_value(rows, "x").items():
        item = view(subject, labels) | {
            "inferred": graphs == {str(INFERRED_GRAPH)},
            "type": data.type_label(str(subject)),
        }
        groups.setdefault(prop, []).append(item)
    return [
        {"property": view(URIRef(p), labels), "instances": p == str(RDF.type), "values": values}
        for p, values in sorted(groups.items(), key=lambda item: _prop_order(item[0], labels))
    ]


def graph_info(iri: str) -> dict | None:
    """What the page of a named graph shows (its size, its article, a query over it), or None if empty."""
    row = data.rows("graph-size", g=iri)[0]
    if not int(row["triples"]):
        return None
    doc = doc_id(iri)
    example = (data.QUERIES / "examples" / "graph.rq").read_text(encoding="utf-8")
    return {
        "iri": iri,
        "curie": curie(iri),
        "triples": int(row["triples"]),
        "subjects": int(row["subjects"]),
        "doc": doc,
        "title": data.labels().get(article_iri(doc)) if doc else None,
        "inferred": iri == str(INFERRED_GRAPH),
        "ontology": iri == str(ONTOLOGY_GRAPH),
        "sparql": sparql_prologue() + bind(example, {"g": URIRef(iri)}),
    }

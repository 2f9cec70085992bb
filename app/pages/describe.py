"""What a resource page shows: its names and classes, its facts in groups (what it is, when, who and where,
what was said, numbers; then curator knowledge and what only reasoning adds), each value once with the
statements of evidence behind it (basis, quote, citation), the quotes, what a speaker said, back-links."""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from app.i18n import N_
from app.pages import data, evidence
from app.pages.linked import incoming_groups, mirrored, said_by, supers
from app.pages.terms import article_iri, curie, doc_id, view
from kg.query.canned import bind
from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH, OA, ONTOLOGY_GRAPH, PREFIXES, sparql_prologue

LABEL_PROPS = {
    str(RDFS.label): N_("label"),
    str(SKOS.prefLabel): N_("preferred label"),
    str(SKOS.altLabel): N_("alternative label"),
    str(DCTERMS.title): N_("title"),
}
# Shown in a section of their own rather than among the facts.
SEPARATE = set(LABEL_PROPS) | {str(RDF.type), str(PROV.wasDerivedFrom)}
# The groups of facts, in page order, each with its properties (prefixed names) in the order they are shown.
GROUPS = (
    (
        "what",
        N_("What it is"),
        "rdfs:comment rdfs:subClassOf rdfs:subPropertyOf owl:inverseOf rdfs:domain rdfs:range skos:exactMatch "
        "dcterms:language dip:sourceFile dip:sha256 schema:text",
    ),
    (
        "when",
        N_("When"),
        "dip:edtf dip:earliest dip:latest dip:datePrecision dip:dateExpression dip:dateResolvedAgainst "
        "dip:dateReason dip:yearInferred dip:after dip:follows dip:precedes dip:delayedBy dip:repeats",
    ),
    (
        "who",
        N_("Who and where"),
        "dip:participant dip:speaker dip:holder dip:party dip:between dip:counterpart dip:office dip:curatorOffice "
        "dip:represents dip:affiliation dip:launchedBy dip:publisher dip:location dip:locatedIn dip:inCountry "
        "dip:involvesCountry dip:partOf dip:organOf dip:sharesBorderWith dip:honoraryTitleFrom dip:expressedIn",
    ),
    (
        "said",
        N_("What was said, and about what"),
        "dip:quotation dip:claimText dip:attitude dip:about dip:respondsTo dip:purpose dip:occasion "
        "dip:commemorates dip:causedBy dip:field",
    ),
    (
        "numbers",
        N_("Numbers"),
        "dip:value dip:statedAs dip:unit dip:baseValue dip:baseUnit dip:curatorValue dip:factor dip:approximate "
        "dip:indicator",
    ),
)
ORDER = {
    str(PREFIXES[name.split(":")[0]]) + name.split(":")[1]: (i, j)
    for i, (_, _, names) in enumerate(GROUPS)
    for j, name in enumerate(names.split())
}
CURATOR = "curator-knowledge"


def describe(iri: str) -> dict | None:
    """Everything the page of `iri` shows, or None when the graph says nothing about it."""
    facts = data.rows("resource-facts", s=iri)
    incoming = data.rows("resource-incoming", s=iri)
    if not facts and not incoming:
        return None
    labels, found = data.labels(), data.rows_for("evidence", "subject", [iri])
    spoken = data.rows("resource-said", s=iri)
    own = own_spans(iri, facts)
    where = evidence.spans([*own, *evidence.spans_in(found), *evidence.spans_in(spoken)])  # one query, or none
    statements = evidence.statements(found, where)
    quotes = quotes_of(own, where, statements)
    shown_as_links = mirrored(incoming)
    values = [
        v
        for v in fact_values(facts, labels, statements, quotes)
        if not (v["inferred"] and (v["property"], v["value"]) in shown_as_links)
    ]
    return {
        "iri": iri,
        "curie": curie(iri),
        "title": labels.get(iri) or curie(iri),
        "type": data.type_label(iri) or next((t["text"] for t in type_chips(facts, labels)), ""),
        "labels": label_rows(facts),
        "types": type_chips(facts, labels),
        "groups": fact_groups(values, labels),
        "quotes": quotes,
        "evidenced": bool(statements),
        "said": (said := said_by(spoken, where, labels)),
        "incoming": [  # what a speaker said is listed with its words above
            g for g in incoming_groups(incoming, labels) if not (said and g["property"]["value"] == str(DIP.speaker))
        ],
        "doc": doc_id(iri) if iri.split("/id/", 1)[-1].startswith("article/") else None,
        "local": iri.startswith((str(ID), str(DIP))),
        "inferred_graph": str(INFERRED_GRAPH),
        "term": iri[len(str(DIP)) :] if iri.startswith(str(DIP)) else None,  # a term of the ontology
    }


def _by_value(rows: list, key: str) -> dict:
    """Group (property, value) pairs to the set of graphs stating them, in first-seen order."""
    grouped: dict[tuple, set[str]] = {}
    for row in rows:
        grouped.setdefault((str(row["p"]), row[key]), set()).add(str(row["g"]))
    return grouped


def fact_values(facts: list, labels: dict, statements: list, quotes: list) -> list:
    """Each (property, value) once: an inferred copy of a stated value under a super-property (sem:hasPlace
    of dip:location) is folded into the stated row as an alias; the rest keep their evidence."""
    pairs = {pv: graphs for pv, graphs in _by_value(facts, "o").items() if pv[0] not in SEPARATE}
    stated = {pv for pv, graphs in pairs.items() if graphs - {str(INFERRED_GRAPH)}}
    above = supers()
    by_value: dict[tuple, dict] = {}
    for (prop, value), graphs in pairs.items():
        home = next((pv for pv in stated if pv[1] == value and prop in above.get(pv[0], ())), None)
        if home is not None and (prop, value) not in stated:
            by_value.setdefault(home, {"aliases": []})["aliases"].append(view(URIRef(prop), labels))
            continue
        row = by_value.setdefault((prop, value), {"aliases": []})
        row |= _value(prop, value, graphs, labels, statements, quotes)
    return [v for v in by_value.values() if "value" in v]


def _value(prop: str, value, graphs: set, labels: dict, statements: list, quotes: list) -> dict:
    """One value of a property with the statements of evidence about it and their quotes' numbers."""
    mine = [s for s in statements if s["predicate"] == prop and s["object"]["value"] == str(value)]
    numbers = {q["href"]: q["number"] for q in quotes}
    for s in mine:
        s["number"] = numbers.get(s["href"])
    stated = graphs - {str(INFERRED_GRAPH)}
    return {
        "property": prop,
        "value": value,
        "term": view(value, labels),
        "inferred": not stated,
        "ontology": str(ONTOLOGY_GRAPH) in stated,
        "statements": mine,
        "curator": bool(mine) and all(s["basis"] == CURATOR for s in mine),
    }


def fact_groups(values: list, labels: dict) -> list:
    """The values by group and property, in the order of GROUPS; then other facts, curator knowledge
    (what the text does not say) and what only reasoning adds."""
    keys = [(k, t) for k, t, _ in GROUPS] + [
        ("other", N_("Other facts")),
        ("curator", N_("Curator knowledge")),
        ("inferred", N_("Inferred")),
    ]
    found: dict[str, dict[str, list]] = {k: {} for k, _ in keys}
    for v in values:
        group = "curator" if v["curator"] or v["property"] == str(DIP.curatorNote) else None
        group = group or ("inferred" if v["inferred"] and not v["ontology"] else None)
        group = group or (GROUPS[ORDER[v["property"]][0]][0] if v["property"] in ORDER else "other")
        found[group].setdefault(v["property"], []).append(v)
    return [
        {
            "key": key,
            "title": title,
            "rows": [
                {"property": view(URIRef(p), labels), "values": sorted(vs, key=_value_order)}
                for p, vs in sorted(found[key].items(), key=lambda item: _prop_order(item[0], labels))
            ],
        }
        for key, title in keys
        if found[key]
    ]


def _value_order(v: dict) -> tuple:
    return (v["inferred"], v["term"]["text"].lower())


def _prop_order(prop: str, labels: dict) -> tuple:
    """The GROUPS order first, then ontology properties, then the others, each alphabetically by label."""
    return (ORDER.get(prop, (99, 99)), not prop.startswith(str(DIP)), (labels.get(prop) or curie(prop)).lower())


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


def own_spans(iri: str, facts: list) -> list:
    """The text spans a resource is derived from, and itself if it is a span (it has a source)."""
    spans = [row["o"] for row in facts if str(row["p"]) == str(PROV.wasDerivedFrom)]
    return [*spans, iri] if any(str(row["p"]) == str(OA.hasSource) for row in facts) else spans


def quotes_of(own: list, where: dict, statements: list) -> list:
    """The quotes behind the resource, numbered: its `own` spans (those it is derived from, or itself if it is
    a span; where they are, from evidence.spans) and those of its statements, in article and text order, each
    cut at word boundaries inside its sentence."""
    articles, found = evidence.articles(), {}
    for row in (where[str(span)] for span in own if str(span) in where):
        start, end, article = int(row["start"]), int(row["end"]), str(row["article"])
        found[(article, start, end)] = evidence.quote(articles.get(article, {}), str(row["exact"]), start, end)
    for s in statements:
        if s["quote"]:
            found.setdefault((article_iri(s["doc"]), s["start"], s["end"]), s["quote"])
    quotes = []
    for number, ((article, start, end), quote) in enumerate(sorted(found.items()), 1):
        doc = doc_id(article) or ""
        info = articles.get(article, {})
        quotes.append(
            quote
            | {
                "number": number,
                "key": f"{doc}-{start}-{end}",
                "doc": doc,
                "start": start,
                "end": end,
                "title": info.get("title") or doc,
                "href": f"/articles/{doc}#s-{start}-{end}",
                "cite": evidence.cite_quote(quote["exact"], info, start, end, doc),
            }
        )
    return quotes


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

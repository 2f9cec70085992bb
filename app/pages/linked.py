"""What points at a resource, for its page: the things linked to it by property (each link once, dated and
sorted by date), and what a speaker said (their statements with quote and date)."""

from collections import defaultdict

from rdflib import URIRef
from rdflib.namespace import RDF

from app.pages import data, evidence
from app.pages.terms import doc_id, view
from kg.rdf.namespaces import INFERRED_GRAPH

SHOWN = 8  # items of a list shown before "show more"


def dates() -> dict:
    """Every dated thing's date: IRI -> (earliest day, its EDTF text)."""

    def compute():
        return {
            str(r["thing"]): (str(r["earliest"]), str(r["edtf"] or r["earliest"])) for r in data.rows("resource-dates")
        }

    return data.cached("resource-dates", compute)


def supers() -> dict:
    """Every property's super-properties (transitively), from the ontology."""

    def compute():
        found: dict[str, set[str]] = {}
        for row in data.rows("resource-subproperties"):
            found.setdefault(str(row["sub"]), set()).add(str(row["super"]))
        return found

    return data.cached("super-properties", compute)


def inverses() -> dict:
    """Every property's inverse (both ways), from the ontology."""

    def compute():
        found = {}
        for row in data.rows("resource-inverses"):
            found[str(row["p"])] = str(row["q"])
            found[str(row["q"])] = str(row["p"])
        return found

    return data.cached("inverse-properties", compute)


def links_of(rows: list) -> dict:
    """Rows of ?x ?p ?g (things pointing at a resource) as (property, thing) -> the graphs stating it."""
    links: dict[tuple, set] = {}
    for row in rows:
        links.setdefault((str(row["p"]), row["x"]), set()).add(str(row["g"]))
    return links


def mirrored(rows: list) -> set:
    """The (property, thing) facts of a resource that mirror a link to it by the inverse property (Lavrov
    participatedIn a meeting, the meeting's participant Lavrov): shown once, as the link, with its date."""
    inverse = inverses()
    return {(inverse[p], x) for p, x in links_of(rows) if p in inverse}


def incoming_groups(rows: list, labels: dict) -> list:
    """Things that point at the resource, grouped by property, each thing once per group and dated; a link
    the reasoner copies to a super-property (prov:wasAttributedTo of dip:speaker) is left out."""
    links = links_of(rows)
    stated = defaultdict(set)  # thing -> the properties of its stated links
    for (prop, thing), graphs in links.items():
        if graphs - {str(INFERRED_GRAPH)}:
            stated[thing].add(prop)
    above, when = supers(), dates()
    groups: dict[str, list[dict]] = {}
    for (prop, thing), graphs in links.items():
        inferred = not graphs - {str(INFERRED_GRAPH)}
        if inferred and any(prop in above.get(p, ()) for p in stated.get(thing, ())):
            continue  # copied from a stated link's property
        date = when.get(str(thing))
        item = view(thing, labels) | {"inferred": inferred, "type": data.type_label(str(thing))}
        groups.setdefault(prop, []).append(item | {"date": date[1] if date else None, "sort": date[0] if date else ""})
    return [
        {
            "property": view(URIRef(p), labels),
            "instances": p == str(RDF.type),
            "values": (items := sorted(values, key=lambda v: (v["sort"] == "", v["sort"], v["text"].lower())))[:SHOWN],
            "more": items[SHOWN:],
        }
        for p, values in sorted(groups.items(), key=lambda item: (item[0] != str(RDF.type), -len(item[1])))
    ]


def said_by(rows: list, where: dict, labels: dict) -> list:
    """The statements of a speaker (rows of resource-said.rq, their spans found by evidence.spans), by date:
    each with its quotation and the words it is quoted from in their sentence."""
    articles, when, found = evidence.articles(), dates(), dict[str, dict]()
    for row in rows:
        st = str(row["statement"])
        item = found.setdefault(st, view(row["statement"], labels) | {"date": when.get(st), "quotes": [], "words": []})
        words = row["quotation"] or row["claim"]
        if words is not None and str(words) not in item["words"]:
            item["words"].append(str(words))
        span = where.get(str(row["span"]))
        if span is not None and not any(q["start"] == int(span["start"]) for q in item["quotes"]):
            item["quotes"].append(_quote(articles.get(str(span["article"]), {}), span))
    for item in found.values():
        item["quotes"].sort(key=lambda q: q["start"])
    return sorted(found.values(), key=lambda s: (s["date"] is None, s["date"] or ("", ""), s["text"].lower()))


def _quote(info: dict, span: dict) -> dict:
    """A quote of what was said, in its sentence, with its place in the article and a citation."""
    start, end = int(span["start"]), int(span["end"])
    doc = doc_id(str(span["article"])) or ""
    quote = evidence.quote(info, str(span["exact"]), start, end)
    return quote | {
        "start": start,
        "end": end,
        "title": info.get("title") or doc,
        "href": f"/articles/{doc}#s-{start}-{end}",
        "cite": evidence.cite_quote(quote["exact"], info, start, end, doc),
    }

"""The timeline at /timeline: every dated thing on one axis, by article or by country pair, and the things
the text leaves undated in a lane of their own, in the order the text gives them."""

import heapq
from collections import Counter
from graphlib import CycleError, TopologicalSorter
from itertools import combinations

from flask import Blueprint, jsonify, render_template

from app.pages import data
from app.pages.common import prefers_json
from app.pages.terms import doc_id, href
from kg.rdf.namespaces import DIP

bp = Blueprint("timeline", __name__)

KINDS = {"Statement": "statement", "Statistic": "statistic"}  # everything else is an event
VIEW = ("1988-01-01", "2025-06-30")  # the first window shown; the data may reach further
NOWHERE = ("", 0)  # the text position of a thing without a quote: before any other


@bp.get("/timeline")
def page():
    """The timeline page; its data is embedded for the script and listed as a table."""
    model = timeline()
    if prefers_json():
        return jsonify(model)
    return render_template("timeline.html", model=model)


@bp.get("/timeline.json")
def as_json():
    """The timeline's items, undated things, lanes and facets as JSON."""
    return jsonify(timeline())


def timeline() -> dict:
    """Dated items (bounds, precision, kind, article, countries, people, quote), the undated things in
    text order, the lanes of both groupings and the facets to filter by."""
    return data.cached("timeline", _compute)


def _compute() -> dict:
    """Build the timeline model from the page queries (see `timeline`)."""
    labels, agents, quotes = data.labels(), _agents(), _quotes()
    items = [_item(row, labels, agents, quotes) for row in data.rows("timeline")]
    undated = [_item(row, labels, agents, quotes) for row in data.rows("timeline-undated")]
    _place(undated, items, labels, quotes)
    return {
        "items": items,
        "undated": undated,
        "view": VIEW,
        "presets": presets(items),
        "extent": [min(i["earliest"] for i in items), max(i["latest"] for i in items)] if items else VIEW,
        "lanes": {"article": _lanes(items, "article"), "pair": _lanes(items, "pairs")},
        "facets": facets(items + undated),
    }


def presets(items: list, busy: int = 5) -> list:
    """Windows onto the busy years (runs of years with at least `busy` things), as (label, from, to)."""
    per_year: dict[int, int] = {}
    for item in items:
        if item["earliest"][:4] == item["latest"][:4]:
            year = int(item["earliest"][:4])
            per_year[year] = per_year.get(year, 0) + 1
    runs: list[list[int]] = []
    for year in sorted(y for y, n in per_year.items() if n >= busy):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return [(str(a) if a == b else f"{a}–{b}", f"{a - 1}-11-01", f"{b + 1}-02-28") for a, b in runs]


def _agents() -> dict:
    """The labels of the countries and the people each timeline thing concerns, by the thing's IRI.

    A place counts as a country only if a country is its most specific stated class: a city that
    reasoning alone makes a country (through the range of involvesCountry) is not one.
    """
    labels, types = data.labels(), data.types()
    found: dict[str, dict[str, set]] = {}
    for row in data.rows("timeline-agents"):
        agent, role = str(row["agent"]), str(row["role"])
        if role == "country" and types.get(agent) != str(DIP.Country):
            continue
        found.setdefault(str(row["thing"]), {}).setdefault(role, set()).add(labels.get(agent, agent))
    return {iri: {role: sorted(names) for role, names in roles.items()} for iri, roles in found.items()}


def _quotes() -> dict:
    """The first quote of every quoted thing: its words, its place in the article and a link to it there."""
    found: dict[str, dict] = {}
    for row in data.rows("timeline-quotes"):  # ordered by the quote's start, so the first row wins
        doc = doc_id(str(row["article"])) or ""
        start, end = int(row["start"]), int(row["end"])
        found.setdefault(
            str(row["thing"]),
            {
                "text": str(row["exact"]),
                "href": f"/articles/{doc}#s-{start}-{end}",
                "at": (str(row["published"] or ""), start),
            },
        )
    return found


def _item(row: dict, labels: dict, agents: dict, quotes: dict) -> dict:
    """One timeline item from a row of the `timeline` or `timeline-undated` page query."""
    iri = str(row["thing"])
    cls = data.types().get(iri, "")
    article = str(row["article"]) if row["article"] else None
    doc = doc_id(article) if article else None
    countries = agents.get(iri, {}).get("country", [])
    quote = quotes.get(iri)
    item = {
        "id": iri,
        "href": href(iri),
        "label": labels.get(iri) or iri.rsplit("/", 1)[-1],
        "type": data.type_label(iri),
        "kind": KINDS.get(cls.rsplit("#", 1)[-1], "event"),
        "article": doc or "(no article)",
        "articleTitle": labels.get(article, doc or "") if article else "",
        "countries": countries,
        "pairs": pairs(countries),
        "people": agents.get(iri, {}).get("person", []),
        "quote": {"text": quote["text"], "href": quote["href"]} if quote else None,
    }
    if "earliest" in row:
        item.update(
            earliest=str(row["earliest"]),
            latest=str(row["latest"]),
            precision=str(row["precision"]),
            edtf=str(row["edtf"] or ""),
            yearInferred=str(row["yearInferred"] or "").lower() == "true",
        )
    return item


def pairs(countries: list) -> list:
    """The country pairs a thing belongs to: every pair of its countries, or the one country alone."""
    if len(countries) >= 2:
        return [f"{a} – {b}" for a, b in combinations(sorted(countries), 2)]
    if countries:
        return [f"{countries[0]} only"]
    return ["no country named"]


def _lanes(items: list, key: str) -> list:
    """The lanes of one grouping, the fullest first, each with its title and item count."""
    counts: dict[str, int] = {}
    for item in items:
        values = item[key] if isinstance(item[key], list) else [item[key]]
        for value in values:
            counts[value] = counts.get(value, 0) + 1
    titles = {i["article"]: i["articleTitle"] for i in items} if key == "article" else {}
    ordered = sorted(counts, key=lambda v: (v.startswith(("no ", "(")), -counts[v], v))
    return [{"key": v, "title": titles.get(v) or v, "count": counts[v]} for v in ordered]


def facets(items: list) -> dict:
    """What the timeline can be filtered by, each value with how many things it has (the most first)."""

    def counted(values) -> list:
        counts = Counter(values)
        return [{"key": v, "title": v, "count": n} for v, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]

    titles = {i["article"]: i["articleTitle"] or i["article"] for i in items}
    articles = [dict(facet, title=titles[facet["key"]]) for facet in counted(i["article"] for i in items)]
    return {
        "country": counted(c for i in items for c in i["countries"]),
        "person": counted(p for i in items for p in i["people"]),
        "article": articles,
    }


def _place(undated: list, dated: list, labels: dict, quotes: dict) -> None:
    """Sort the undated things into the text's order and give each the order facts that place it."""
    things = {i["id"]: i for i in undated + dated}
    later_than = [(str(r["later"]), str(r["relation"]), str(r["earlier"])) for r in data.rows("timeline-order")]
    later_than = [(a, rel, b) for a, rel, b in later_than if a in things and b in things and a != b]
    at = {iri: quotes.get(iri, {}).get("at", NOWHERE) for iri in things}
    rank = {iri: n for n, iri in enumerate(text_order(at, [(b, a) for a, _, b in later_than]))}
    undated.sort(key=lambda i: rank[i["id"]])
    for item in undated:
        item["order"] = [_step(things[b], labels.get(rel, rel), False) for a, rel, b in later_than if a == item["id"]]
        item["order"] += [_step(things[a], "", True) for a, _, b in later_than if b == item["id"]]


def _step(other: dict, relation: str, before: bool) -> dict:
    """An order fact as an undated thing's card shows it: the relation's label (or before) and the other thing."""
    return {"relation": relation, "before": before, "label": other["label"], "href": other["href"]}


def text_order(at: dict, before: list) -> list:
    """The keys of `at` in an order that keeps every (earlier, later) pair of `before`, and otherwise
    goes by `at`'s values (where the text says them). Contradictory pairs (a cycle) are ignored."""
    sorter: TopologicalSorter = TopologicalSorter({key: set() for key in at})
    for earlier, later in before:
        sorter.add(later, earlier)
    try:
        sorter.prepare()
    except CycleError:
        return sorted(at, key=lambda key: (at[key], key))
    ready: list = []
    found = []
    while sorter.is_active():
        for key in sorter.get_ready():
            heapq.heappush(ready, (at[key], key))
        _, key = heapq.heappop(ready)
        found.append(key)
        sorter.done(key)
    return found

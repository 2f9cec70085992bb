"""The timeline at /timeline: every dated thing on one axis, by article or by country pair."""

from itertools import combinations

from flask import Blueprint, jsonify, render_template

from app.pages import data
from app.pages.common import prefers_json
from app.pages.terms import doc_id, href
from kg.rdf.namespaces import DIP

bp = Blueprint("timeline", __name__)

KINDS = {"Statement": "statement", "Statistic": "statistic"}  # everything else is an event
VIEW = ("1988-01-01", "2025-06-30")  # the first window shown; the data may reach further


@bp.get("/timeline")
def page():
    """The timeline page; its data is embedded for the script and listed as a table."""
    model = timeline()
    if prefers_json():
        return jsonify(model)
    return render_template("timeline.html", model=model)


@bp.get("/timeline.json")
def as_json():
    """The timeline's items and lanes as JSON."""
    return jsonify(timeline())


def timeline() -> dict:
    """Items with date bounds, precision, kind, article and country pairs; lanes of both groupings."""
    return data.cached("timeline", _compute)


def _compute() -> dict:
    """Build the timeline model from the page queries (see `timeline`)."""
    labels = data.labels()
    countries = _countries(labels)
    items = [_item(row, labels, countries.get(str(row["thing"]), [])) for row in data.rows("timeline")]
    return {
        "items": items,
        "view": VIEW,
        "presets": presets(items),
        "extent": [min(i["earliest"] for i in items), max(i["latest"] for i in items)] if items else VIEW,
        "lanes": {"article": _lanes(items, "article"), "pair": _lanes(items, "pairs")},
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


def _countries(labels: dict) -> dict:
    """The labels of the countries each dated thing concerns, by the thing's IRI.

    A place counts only if a country is its most specific stated class: a city that reasoning alone
    makes a country (through the range of involvesCountry) is not one.
    """
    found: dict[str, list[str]] = {}
    for row in data.rows("timeline-countries"):
        if data.types().get(str(row["country"])) != str(DIP.Country):
            continue
        found.setdefault(str(row["thing"]), []).append(labels.get(str(row["country"]), str(row["country"])))
    return {iri: sorted(set(names)) for iri, names in found.items()}


def _item(row: dict, labels: dict, countries: list) -> dict:
    """One timeline item from a row of the `timeline` page query."""
    iri = str(row["thing"])
    cls = data.types().get(iri, "")
    article = str(row["article"]) if row["article"] else None
    doc = doc_id(article) if article else None
    return {
        "id": iri,
        "href": href(iri),
        "label": labels.get(iri) or iri.rsplit("/", 1)[-1],
        "type": data.type_label(iri),
        "kind": KINDS.get(cls.rsplit("#", 1)[-1], "event"),
        "earliest": str(row["earliest"]),
        "latest": str(row["latest"]),
        "precision": str(row["precision"]),
        "edtf": str(row["edtf"] or ""),
        "yearInferred": str(row["yearInferred"] or "").lower() == "true",
        "article": doc or "(no article)",
        "articleTitle": labels.get(article, doc or "") if article else "",
        "countries": countries,
        "pairs": pairs(countries),
    }


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

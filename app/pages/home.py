"""The home page (what the graph holds, the articles, the questions) and the label search."""

import re

from flask import Blueprint, jsonify, render_template, request

from app.pages import data
from app.pages.common import prefers_json
from app.pages.terms import doc_id, href, python_value

bp = Blueprint("home", __name__)

# The classes the home page counts, in the order it shows them.
SHOWN_CLASSES = (
    "Country",
    "City",
    "Official",
    "Person",
    "Organization",
    "Event",
    "Meeting",
    "Agreement",
    "Initiative",
    "Statement",
    "Statistic",
    "Article",
)

# Search ranks things by class: named things first, then events, then what the articles say.
RANKS = {
    **dict.fromkeys(("Country", "City", "Place", "Official", "Person", "Organization", "Agent", "Initiative"), 0),
    **dict.fromkeys(
        ("Event", "Meeting", "Agreement", "DiplomaticTies", "Anniversary", "MilitaryAction", "CulturalEvent"), 1
    ),
    **dict.fromkeys(("Statement", "Statistic", "Article", "Indicator"), 2),
}


@bp.get("/")
def index():
    """What the graph holds, the articles, a search box and the gallery of questions."""
    return render_template("home.html", counts=class_counts(), articles=articles(), queries=data.canned().values())


@bp.get("/search")
def search():
    """Things whose label in any language contains `q`: an HTML page, or JSON when asked."""
    text = request.args.get("q", "").strip()
    found = find(text) if text else []
    if prefers_json():
        return jsonify({"q": text, "results": found})
    return render_template("search.html", q=text, results=found)


def find(text: str) -> list:
    """Search results, best first (see `rank`)."""
    labels, ranked = data.labels(), []
    for row in data.rows("search", q=text):
        iri, match = str(row["thing"]), row["match"]
        result = {
            "iri": iri,
            "href": href(iri),
            "label": labels.get(iri) or str(match),
            "match": str(match),
            "lang": match.language or "",
            "type": data.type_label(iri),
        }
        ranked.append((rank(result, text.lower()), result))
    return [result for _, result in sorted(ranked, key=lambda pair: pair[0])]


def rank(result: dict, needle: str) -> tuple:
    """Sort key of a result: the text at the start of a word of its label first; people, places and
    bodies before events, events before statements; then labels that start with it, shorter ones first."""
    match = result["match"].lower()
    cls = data.types().get(result["iri"], "").rsplit("#", 1)[-1]
    return (
        not re.search(rf"\b{re.escape(needle)}", match),
        RANKS.get(cls, 3),
        not match.startswith(needle),
        len(match),
        result["label"],
    )


def class_counts() -> list:
    """Counts of the main classes, from the public `class-counts` query."""

    def compute():
        query = data.canned()["class-counts"]
        result = data.run_canned(query, {})
        counts = {str(row[0]).rsplit("#", 1)[-1]: (str(row[0]), int(row[1])) for row in result.rows}
        return [
            {
                "name": name,
                "iri": counts[name][0],
                "href": href(counts[name][0]),
                "label": data.labels().get(counts[name][0], name),
                "count": counts[name][1],
                "plural": plural(data.labels().get(counts[name][0], name)),
            }
            for name in SHOWN_CLASSES
            if name in counts
        ]

    return data.cached("class-counts", compute)


def plural(noun: str) -> str:
    """The English plural of a class label (Country -> Countries, Person -> People)."""
    if noun == "Person":
        return "People"
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def articles() -> list:
    """The articles with title, language, date and number of cited things."""

    def compute():
        out = []
        for row in data.rows("articles"):
            iri = str(row["article"])
            out.append(
                {key: python_value(value) for key, value in row.items()}
                | {"iri": iri, "href": href(iri), "doc": doc_id(iri)}
            )
        return out

    return data.cached("articles", compute)

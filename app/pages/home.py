"""The home page (what the graph holds, the articles, the questions) and the search page."""

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.pages import data
from app.pages import search as finder
from app.pages.common import prefers_json
from app.pages.terms import doc_id, href, python_value

bp = Blueprint("home", __name__)

# The classes the home page counts, in the order it shows them, with their names for one and for more.
SHOWN_CLASSES = {
    "Country": (_l("Country"), _l("Countries")),
    "City": (_l("City"), _l("Cities")),
    "Official": (_l("Official"), _l("Officials")),
    "Person": (_l("Person"), _l("People")),
    "Organization": (_l("Organization"), _l("Organizations")),
    "Event": (_l("Event"), _l("Events")),
    "Meeting": (_l("Meeting"), _l("Meetings")),
    "Agreement": (_l("Agreement"), _l("Agreements")),
    "Initiative": (_l("Initiative"), _l("Initiatives")),
    "Statement": (_l("Statement"), _l("Statements")),
    "Statistic": (_l("Statistic"), _l("Statistics")),
    "Article": (_l("Article"), _l("Articles")),
}


@bp.get("/")
def index():
    """What the graph holds, the articles, a search box and the gallery of questions."""
    queries, key = data.canned().values(), finder.key_things()
    return render_template("home.html", counts=class_counts(), articles=articles(), queries=queries, key=key)


@bp.get("/search")
def search():
    """Things whose names, words or quotes match `q` (fuzzily), of one `type` if given, a `page` of them:
    an HTML page, or JSON when asked. Without `q` or `type`: what there is to browse."""
    text, kind = request.args.get("q", "").strip(), request.args.get("type", "").strip()
    page = request.args.get("page", "1")
    found = finder.search(text, kind, int(page) if page.isdigit() else 1)
    if prefers_json():
        return jsonify(found)
    if request.args.get("part") == "results":  # the live search's fragment
        return render_template("search_results.html", found=found)
    browse = None if text or kind else {"types": class_counts(), "key": finder.key_things()}
    return render_template("search.html", found=found, browse=browse, q=text)


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
                "href": url_for("home.search", type=data.labels().get(counts[name][0], name)),
                "label": one,
                "count": counts[name][1],
                "plural": more,
            }
            for name, (one, more) in SHOWN_CLASSES.items()
            if name in counts
        ]

    return data.cached("class-counts", compute)


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

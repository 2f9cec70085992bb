"""The article view at /articles/<doc>: the text with every fact's quote highlighted and linked."""

from itertools import pairwise

from flask import Blueprint, render_template

from app.pages import data
from app.pages.common import not_found
from app.pages.home import articles
from app.pages.terms import article_iri, href, python_value

bp = Blueprint("article", __name__)


@bp.get("/articles")
def index():
    """The list of articles."""
    return render_template("articles.html", articles=articles())


@bp.get("/articles/<doc>")
def page(doc: str):
    """One article's text, its quotes highlighted, and the facts cited from it in text order."""
    iri = article_iri(doc)
    found = data.rows("article", article=iri)
    if not found:
        return not_found(f"There is no article “{doc}”.")
    info = {k: python_value(v) for k, v in found[0].items()}
    spans = spans_of(iri)
    return render_template(
        "article.html", doc=doc, iri=iri, a=info, spans=spans, segments=segments(info["text"], spans), href=href(iri)
    )


def spans_of(iri: str) -> list:
    """The article's quoted spans in text order, each with the things cited from it."""
    labels, by_key = data.labels(), {}
    for row in data.rows("article-spans", article=iri):
        start, end = int(row["start"]), int(row["end"])
        span = by_key.setdefault(
            (start, end),
            {"start": start, "end": end, "exact": str(row["exact"]), "key": f"s-{start}-{end}", "things": []},
        )
        thing = str(row["thing"])
        span["things"].append(
            {
                "iri": thing,
                "href": href(thing),
                "type": data.type_label(thing),
                "label": labels.get(thing) or thing.rsplit("/", 1)[-1],
            }
        )
    return sorted(by_key.values(), key=lambda s: (s["start"], -s["end"]))


def segments(text: str, spans: list) -> list:
    """Cut the text where spans begin or end; each piece knows the spans covering it.

    A covered piece links to the first thing of its innermost span; the first piece of each span
    carries that span's anchor, so `#s-<start>-<end>` scrolls to the quote.
    """
    cuts = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans})
    anchored, pieces = set(), []
    for a, b in pairwise(cuts):
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        piece = {"text": text[a:b], "depth": min(len(covering), 3), "anchors": [], "link": None}
        for s in covering:
            if s["key"] not in anchored:
                anchored.add(s["key"])
                piece["anchors"].append(s["key"])
        if covering:
            inner = min(covering, key=lambda s: s["end"] - s["start"])
            piece["link"] = inner["things"][0]
            piece["title"] = "; ".join(f"{t['label']} ({t['type']})" for s in covering for t in s["things"])
            piece["spans"] = " ".join(s["key"] for s in covering)
        pieces.append(piece)
    return pieces

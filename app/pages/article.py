"""The article view at /articles/<doc>: the text sentence by sentence, every fact's quote highlighted and linked,
sentences without a fact marked, headings as headings, passages left out with their reason (as `kg coverage`)."""

from itertools import pairwise

from flask import Blueprint, render_template

from app.pages import data
from app.pages.common import not_found
from app.pages.home import articles
from app.pages.terms import article_iri, href, python_value
from kg import coverage

bp = Blueprint("article", __name__)


@bp.get("/articles")
def index():
    """The list of articles."""
    return render_template("articles.html", articles=articles())


@bp.get("/articles/<doc>")
def page(doc: str):
    """One article's text, its quotes highlighted, its coverage, and the facts cited from it in text order."""
    iri = article_iri(doc)
    found = data.rows("article", article=iri)
    if not found:
        return not_found(f"There is no article “{doc}”.")
    info = {k: python_value(v) for k, v in found[0].items()}
    src, report = coverage_of(iri, info)
    spans = spans_of(iri)
    return render_template(
        "article.html",
        doc=doc,
        iri=iri,
        a=info,
        spans=spans,
        asides=asides(spans, src.spans),
        headings=[s.exact for s in src.spans if s.heading],
        blocks=blocks(info["text"], spans + explanations(src.spans), report["sentences"]),
        report=report,
        mentions=[m | {"things": [_thing(t, data.labels()) for t in m["things"]]} for m in report["unlinked_mentions"]],
        href=href(iri),
    )


def coverage_of(iri: str, info: dict):
    """The article's coverage (kg.coverage) through the app's store: its spans, and the report of its sentences."""
    names = data.cached("coverage-names", lambda: coverage.names(data.run_canned))
    article = {"iri": iri, "text": info["text"], "language": info.get("language") or "en", "title": info.get("title")}
    src = coverage.source(data.run_canned, article)
    return src, coverage.article_report(src, names)


def _thing(iri: str, labels: dict) -> dict:
    """A fact as the page links it: IRI, address, class and label."""
    return {
        "iri": iri,
        "href": href(iri),
        "type": data.type_label(iri),
        "label": labels.get(iri) or iri.rsplit("/", 1)[-1],
    }


def spans_of(iri: str) -> list:
    """The article's quoted spans in text order, each with the things cited from it."""
    labels, by_key = data.labels(), dict[tuple, dict]()
    for row in data.rows("article-spans", article=iri):
        start, end = int(row["start"]), int(row["end"])
        span = by_key.setdefault(
            (start, end),
            {"start": start, "end": end, "exact": str(row["exact"]), "key": f"s-{start}-{end}", "things": []},
        )
        if all(t["iri"] != str(row["thing"]) for t in span["things"]):  # its own quote's thing first
            span["things"].append(_thing(str(row["thing"]), labels))
    return sorted(by_key.values(), key=lambda s: (s["start"], -s["end"]))


def explanations(spans: list) -> list:
    """The headings and passages left out, as spans of the page that cite no thing."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "exact": s.exact,
            "key": f"s-{s.start}-{s.end}",
            "things": [],
            "heading": s.heading,
            "reasons": s.reasons,
        }
        for s in spans
        if s.explains and not s.citers
    ]


def asides(spans: list, all_spans: list) -> list:
    """The side list: every span in text order, the facts cited from it, or why it states none."""
    why = {f"s-{s.start}-{s.end}": s for s in all_spans if s.explains}
    found = {s["key"]: dict(s) for s in spans} | {s["key"]: s for s in explanations(all_spans)}
    for key, s in found.items():
        s["heading"], s["reasons"] = (why[key].heading, why[key].reasons) if key in why else (False, [])
    return sorted(found.values(), key=lambda s: (s["start"], -s["end"]))


def segments(text: str, spans: list, cuts=()) -> list:
    """Cut the text where spans begin or end (and at `cuts`); each piece knows the spans covering it.

    A piece inside a fact's span links to the first thing of its innermost such span; a piece of any span
    (a heading, a passage left out) names its spans, and the first piece of each span carries that span's
    anchor, so `#s-<start>-<end>` scrolls to the quote and lights it up.
    """
    points = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans} | set(cuts))
    anchored, pieces = set(), []
    for a, b in pairwise(points):
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        cited = [s for s in covering if s["things"]]
        piece: dict = {"start": a, "text": text[a:b], "depth": min(len(cited), 3), "anchors": [], "link": None}
        for s in covering:
            if s["key"] not in anchored:
                anchored.add(s["key"])
                piece["anchors"].append(s["key"])
        if covering:
            piece["spans"] = " ".join(s["key"] for s in covering)
        if cited:
            inner = min(cited, key=lambda s: s["end"] - s["start"])
            piece["link"] = inner["things"][0]
            piece["title"] = "; ".join(f"{t['label']} ({t['type']})" for s in cited for t in s["things"])
        pieces.append(piece)
    return pieces


def blocks(text: str, spans: list, sentences: list) -> list:
    """The text as a run of blocks: a sentence (numbered, with its coverage) or the white space between two,
    each holding its pieces (see `segments`)."""
    cuts = {x["start"] for x in sentences} | {x["end"] for x in sentences}
    labels, out, i = data.labels(), list[dict](), 0
    for piece in segments(text, spans, cuts):
        while i < len(sentences) and sentences[i]["end"] <= piece["start"]:
            i += 1
        inside = i < len(sentences) and sentences[i]["start"] <= piece["start"]
        sentence = sentences[i] if inside else None
        if out and out[-1]["sentence"] is sentence:
            out[-1]["pieces"].append(piece)
        else:
            out.append({"sentence": sentence, "n": i + 1, "pieces": [piece]})
    for block in out:
        if block["sentence"] is not None:
            block["facts"] = [_thing(f, labels) for f in block["sentence"]["facts"]]
    return out

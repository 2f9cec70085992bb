"""The article view at /articles/<doc>: the text sentence by sentence, every fact's quote highlighted and linked,
sentences without a fact marked, headings as headings, passages left out with their reason (as `kg coverage`)."""

from itertools import pairwise

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from app.pages import data
from app.pages.common import not_found
from app.pages.home import articles
from app.pages.network import KIND_LABELS, kind_of
from app.pages.terms import article_iri, href, python_value
from kg import coverage

bp = Blueprint("article", __name__)

# The kinds of fact a highlight is coloured by: the network's kinds of node, what was said, numbers, the rest.
SAID, NUMBERS = ("Statement", "Claim", "Stance"), ("Statistic", "Indicator")
LEGEND = KIND_LABELS | {"said": _l("Statement, claim or stance"), "number": _l("Number"), "other": _l("Other")}


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
    return render_template("article.html", doc=doc, **data.cached(f"article:{iri}", lambda: model(iri, found[0])))


def model(iri: str, row: dict) -> dict:
    """What the article page shows (see article.html), computed once per worker for an embedded store."""
    info = {k: python_value(v) for k, v in row.items()}
    src, report = coverage_of(iri, info)
    spans = spans_of(iri)
    pieces = blocks(info["text"], spans + explanations(src.spans), report["sentences"])
    kinds = {p["link"]["kind"] for b in pieces for p in b["pieces"] if p["link"]}
    return {
        "iri": iri,
        "a": info,
        "spans": spans,
        "asides": asides(spans, src.spans),
        "headings": [s.exact for s in src.spans if s.heading],
        "blocks": pieces,
        "legend": [(kind, label) for kind, label in LEGEND.items() if kind in kinds],
        "facts": len({t for s in spans for t in s["own"]}),
        "left_out": sum(1 for s in src.spans if s.reasons and not s.citers),
        "publisher": _thing(str(info["publisher"]), data.labels()) if info.get("publisher") else None,
        "report": report,
        "mentions": [
            m | {"things": [_thing(t, data.labels()) for t in m["things"]]} for m in report["unlinked_mentions"]
        ],
        "href": href(iri),
    }


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
        "kind": fact_kind(iri),
    }


def fact_kind(iri: str) -> str:
    """The kind of fact a thing is, as its highlight is coloured (a key of LEGEND)."""
    name = (data.types().get(iri) or "").rsplit("#", 1)[-1]
    return "said" if name in SAID else "number" if name in NUMBERS else kind_of(iri) or "other"


def spans_of(iri: str) -> list:
    """The article's quoted spans in text order, each with the things cited from it."""
    labels, by_key = data.labels(), dict[tuple, dict]()
    for row in data.rows("article-spans", article=iri):
        start, end = int(row["start"]), int(row["end"])
        span = by_key.setdefault(
            (start, end),
            {
                "start": start,
                "end": end,
                "exact": str(row["exact"]),
                "key": f"s-{start}-{end}",
                "things": [],
                "own": set(),
            },
        )
        if int(row["rank"]) == 0:  # a thing cited by its own quote, not the subject of a statement
            span["own"].add(str(row["thing"]))
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
    anchor, so `#s-<start>-<end>` scrolls to the quote and lights it up. A piece only inside passages
    left out (scraping debris, photo credits, teasers) is marked `left_out`, to be hidden from the reading.
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
            piece["left_out"] = not cited and any(s.get("reasons") for s in covering)
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

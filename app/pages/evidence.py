"""The words behind statements: for some things, every statement of evidence about them (kg.build.evidence)
with its basis, its quote cut at word boundaries inside its sentence, a permalink and a citation.

GET /evidence.json?iri=A&iri=B answers {"items": [{"iri", "label", "href", "statements": [...]}]}, each
statement as `statement()` describes it; result tables open a row's evidence with it.
"""

import re

from flask import Blueprint, jsonify, request
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from app.pages import backend, data
from app.pages.terms import article_iri, curie, doc_id, href
from kg.coverage.text import sentences
from kg.query.canned import Param
from kg.rdf.namespaces import DIP, article_graph

bp = Blueprint("evidence", __name__)

MAX_IRIS = 50
CONTEXT = 90  # at most this many characters of the sentence on either side of a quote
BASES = {
    str(DIP.Stated): "stated",
    str(DIP.Derived): "derived",
    str(DIP.CuratorKnowledge): "curator-knowledge",
    str(DIP.CuratorTranslation): "curator-translation",
}
_IRI = Param("iri", "iri", None, "")
_WORD_EDGE = re.compile(r"\s")


@bp.get("/evidence.json")
def evidence_json():
    """The statements about each `?iri=` (at most 50), as JSON; 400 naming a bad or missing IRI."""
    given = request.args.getlist("iri")
    if not given:
        return backend.error(400, "give the things whose evidence to show as ?iri=<IRI> (repeat it for more)")
    if len(given) > MAX_IRIS:
        return backend.error(400, f"at most {MAX_IRIS} IRIs at once (?iri= was given {len(given)} times)")
    for n, raw in enumerate(given, 1):
        if "://" not in raw or not _valid(raw):
            return backend.error(400, f"?iri= number {n} ({raw[:80]!r}) is not an absolute IRI")
    labels, found = data.labels(), evidence(given)
    items = [
        {
            "iri": iri,
            "label": labels.get(iri) or curie(iri),
            "href": href(iri),
            "statements": [s for s in found if s["subject"] == iri],
        }
        for iri in dict.fromkeys(given)
    ]
    return jsonify({"items": items})


def _valid(raw: str) -> bool:
    try:
        _IRI.term(raw)
    except Exception:  # InputError: not an IRI a query can hold
        return False
    return True


def evidence(iris: list[str]) -> list[dict]:
    """The statements whose subject is one of `iris`, in subject, predicate and text order."""
    rows = data.rows_for("evidence", "subject", iris)
    return statements(rows, spans(spans_in(rows)))


def spans_in(rows: list) -> list:
    """The spans some rows name as ?span."""
    return [row["span"] for row in rows if row["span"] is not None]


def statements(rows: list, where: dict) -> list[dict]:
    """Rows of evidence.rq as statements, each with where its span is (from `spans`), in subject, predicate
    and text order."""
    for row in rows:
        row |= where.get(str(row["span"]), dict.fromkeys(("article", "exact", "start", "end")))
    runs: dict[tuple, int] = {}  # each triple's place in the query's order; its statements by text order
    for row in rows:
        runs.setdefault((row["subject"], row["predicate"], row["object"]), len(runs))
    rows.sort(key=lambda r: (runs[r["subject"], r["predicate"], r["object"]], *_text_order(r)))
    return [statement(row) for row in rows]


def _text_order(row: dict) -> tuple:
    """Statements without a span first, then by where their span starts, then by IRI."""
    return row["start"] is not None, int(row["start"] or 0), str(row["statement"])


def spans(iris) -> dict:
    """Where each of some text spans is: IRI -> its article, exact words, start and end (as terms)."""
    return {str(row["span"]): row for row in data.rows_for("spans", "span", iris)}


def articles() -> dict:
    """Every article by IRI: title, language, text and publisher."""

    def compute():
        return {
            str(row["article"]): {k: None if v is None else str(v) for k, v in row.items()}
            for row in data.rows("evidence-articles")
        }

    return data.cached("evidence-articles", compute)


def statement(row: dict) -> dict:
    """One statement of evidence from a row of evidence.rq, as the JSON contract has it."""
    labels = data.labels()
    basis = str(row["basis"])
    article = str(row["article"]) if row["article"] is not None else None
    doc = doc_id(article) if article else doc_id(str(row["g"]))
    info = articles().get(article or (article_iri(doc) if doc else ""), {})
    span = (int(row["start"]), int(row["end"])) if row["start"] is not None else None
    start, end = span or (None, None)
    out = {
        "subject": str(row["subject"]),
        "statement": str(row["statement"]),
        "predicate": str(row["predicate"]),
        "predicateLabel": labels.get(str(row["predicate"])) or curie(str(row["predicate"])),
        "object": term_json(row["object"], labels),
        "basis": BASES.get(basis, basis),
        "basisLabel": labels.get(basis) or curie(basis),
        "note": _note(row),
        "quote": quote(info, str(row["exact"]), *span) if span else None,
        "doc": doc,
        "articleTitle": info.get("title") or doc,
        "publisher": info.get("publisher"),
        "start": start,
        "end": end,
        "href": f"/articles/{doc}#s-{start}-{end}" if doc and span else None,
        "graph": str(row["g"]),
        "permalink": f"{href(str(row['subject']))}#st-{str(row['statement']).rsplit('/', 1)[-1]}",
    }
    out["cite"] = cite(out, labels.get(out["subject"]) or curie(out["subject"]))
    return out


def _note(row: dict) -> str | None:
    """What a basis names beside the words: a derivation rule, a curator's source, a translation's original."""
    parts = [str(row[k]) for k in ("rule", "source", "original") if row[k] is not None]
    return "; ".join(parts) or None


def term_json(term: Identifier, labels: dict) -> dict:
    """An RDF term as the JSON contract has it (SPARQL JSON's shape, with a label for a labelled IRI)."""
    if isinstance(term, URIRef):
        out = {"type": "uri", "value": str(term)}
        label = labels.get(str(term))
        return out | ({"label": label} if label else {})
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def quote(article: dict, exact: str, start: int, end: int) -> dict:
    """A quote in its sentence: the words before and after it (up to CONTEXT characters, cut between
    words, never past the sentence) and the whole sentence (or sentences) holding it."""
    text = article.get("text") or ""
    if text[start:end] != exact:  # the text is not at hand: the quote alone
        return {"exact": exact, "prefix": "", "suffix": "", "sentence": exact}
    first, last = start, end
    for a, b in sentences(text, article.get("language") or "en"):
        if a <= start < b or a < end <= b:
            first, last = min(first, a), max(last, b)
    return {
        "exact": exact,
        "prefix": _words_after(text[max(first, start - CONTEXT) : start], start - CONTEXT > first),
        "suffix": _words_before(text[end : min(last, end + CONTEXT)], end + CONTEXT < last),
        "sentence": text[first:last],
    }


def _words_after(before: str, cut: bool) -> str:
    """The text before a quote, starting at a word's beginning when it was cut."""
    if cut and (at := _WORD_EDGE.search(before)):
        return before[at.end() :]
    return before


def _words_before(after: str, cut: bool) -> str:
    """The text after a quote, ending at a word's end when it was cut."""
    if cut:
        spaces = [m.start() for m in _WORD_EDGE.finditer(after)]
        return after[: spaces[-1]] if spaces else after
    return after


def cite(s: dict, subject: str) -> str:
    """A plain-text citation of a statement: what it says and its basis, then its article, quote, span and graph."""
    obj = s["object"].get("label") or s["object"]["value"]
    head = f"{subject}, {s['predicateLabel']}: {obj} ({s['basisLabel']}{'; ' + s['note'] if s['note'] else ''})."
    source = ", ".join(x for x in (s["articleTitle"], s.get("publisher")) if x)
    words = f' "{s["quote"]["exact"]}", characters {s["start"]}-{s["end"]}.' if s["quote"] else ""
    return f"{head} {source}.{words} Graph <{s['graph']}>; statement <{s['statement']}>.".replace(" .", "")


def cite_quote(exact: str, article: dict, start: int, end: int, doc: str) -> str:
    """A plain-text citation of a quote: the article (title, publisher), the words, their span, the graph."""
    source = ", ".join(x for x in (article.get("title"), article.get("publisher")) if x)
    return f'{source}. "{exact}", characters {start}-{end}. Graph <{article_graph(doc)}>.'

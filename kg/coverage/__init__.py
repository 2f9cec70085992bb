"""`kg coverage`: how much of each article the graph covers, sentence by sentence, and what it misses.

For every article of the graph (read through any store: the CLI loads the built dump, the article
page asks the app's store, with the same `.rq` files of kg/coverage/queries):

- every sentence with the facts that cite it: the things and statements derived from a span that
  overlaps the sentence (a statement counts for the thing it is about). A sentence is *covered*
  when a fact cites it, else *explained* when headings and passages left out (`headings:`,
  `omitted:` of the facts file) hold all its letters, else *uncovered*;
- the known names of facts (rdfs:label, skos:altLabel, any language) mentioned in the text
  (kg.coverage.text says how tolerant the matching is) that no span links: a mention is linked when
  a span around it is derived from the thing named, or from a thing or statement that points at it
  or that it points at; mentions inside headings and left-out passages are not counted;
- stated values whose words are not in their quote: statement nodes with basis dip:Stated (or no
  basis) whose object, a text in the article's language, the words of a date or figure
  (dip:dateExpression, dip:statedAs) or a fact known by its names or the words of its own quote,
  is not found in the words of its span (by kg.build.words.has_phrase, the check the build makes);
  where the statement names the words a normalised value stands for (dip:wording, from
  `stated_as:`), those are looked for instead.

`report(run)` returns what `kg coverage --format json` prints:

    {"summary": SUMMARY,                          # all articles together
     "articles": [{"article": IRI, "doc": "rusk-2021-03", "language": "en", "title": TEXT or null,
                   "summary": SUMMARY,
                   "sentences": [{"start": 538, "end": 733, "text": "...", "status": "covered",
                                  "facts": [IRI, ...], "heading": false, "omitted": [REASON, ...]}],
                   "unlinked_mentions": [{"start": 213, "end": 224, "text": "North Korea", "things": [IRI]}],
                   "unquoted_values": [{"statement": IRI, "subject": IRI, "predicate": IRI,
                                        "value": TEXT, "quote": TEXT}]}]}
    SUMMARY = {"sentences": n, "covered": n, "explained": n, "uncovered": n,
               "covered_percent": 63.2, "percent": 80.0,   # covered; covered or explained (1 decimal)
               "mentions": n, "unlinked_mentions": n, "unquoted_values": n}

Offsets count code points from 0, end exclusive, as the spans' oa:TextPositionSelector does.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.build.words import has_phrase
from kg.coverage.text import Names, sentences
from kg.errors import InputError, NotConformant
from kg.query.canned import CannedQuery, parse
from kg.query.results import Result
from kg.rdf.namespaces import DIP, ID

QUERIES = Path(__file__).resolve().parent / "queries"
WORDS_OF_TEXT = {str(DIP.dateExpression), str(DIP.statedAs)}  # plain strings that hold the text's words

Run = Callable[[CannedQuery, dict], Result]  # runs a query with raw parameter values


@cache
def query(name: str) -> CannedQuery:
    """The coverage query `name` (kg/coverage/queries/<name>.rq), parsed once."""
    return parse(QUERIES / f"{name}.rq", canned=False)


def rows(run: Run, name: str, **given) -> list[dict]:
    """The rows of a coverage query as dicts from variable name to rdflib term (absent when unbound)."""
    result = run(query(name), given)
    return [{k: v for k, v in zip(result.variables, row, strict=True) if v is not None} for row in result.rows]


@dataclass
class Span:
    """A span of an article: offsets, words, the nodes derived from it, and whether it is a heading or left out."""

    start: int
    end: int
    exact: str
    citers: set = field(default_factory=set)
    heading: bool = False
    reasons: list = field(default_factory=list)

    @property
    def explains(self) -> bool:
        """True for a heading or a passage left out: text that states no fact, on purpose."""
        return self.heading or bool(self.reasons)


@dataclass
class Source:
    """What the graph holds about one article, as coverage needs it."""

    iri: str
    text: str
    language: str
    title: str | None
    spans: list
    statements: list  # dicts: statement, subject, predicate, object, basis, exact
    links: dict  # node -> the facts it points at or that point at it

    @property
    def doc(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


def names(run: Run, query_name: str = "names") -> dict:
    """Every fact's known names (IRI -> label and altLabel texts), or with "quotes" the words of its own quotes."""
    out: dict = {}
    for row in rows(run, query_name):
        out.setdefault(str(row["thing"]), []).append(str(row["name" if query_name == "names" else "quote"]))
    return out


def articles(run: Run) -> list[dict]:
    """The articles of the graph: iri, text, language and title (None when it has none), by IRI."""
    return [
        {
            "iri": str(r["article"]),
            "text": str(r["text"]),
            "language": str(r.get("language") or r["text"].language or "en"),
            "title": str(r["title"]) if "title" in r else None,
        }
        for r in rows(run, "articles")
    ]


def _spans(run: Run, iri: str) -> list[Span]:
    """The article's spans in text order, each with the nodes derived from it."""
    found: dict = {}
    for r in rows(run, "spans", article=iri):
        span = found.setdefault(str(r["span"]), Span(int(r["start"]), int(r["end"]), str(r["exact"])))
        if "citer" in r:
            span.citers.add(str(r["citer"]))
        span.heading |= "heading" in r
        if "reason" in r and str(r["reason"]) not in span.reasons:
            span.reasons.append(str(r["reason"]))
    return sorted(found.values(), key=lambda s: (s.start, -s.end))


def _links(run: Run, iri: str) -> dict:
    """Node -> the facts it points at or that point at it, among nodes derived from the article."""
    out: dict = {}
    for r in rows(run, "links", article=iri):
        a, b = str(r["from"]), str(r["to"])
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def source(run: Run, article: dict) -> Source:
    """Everything coverage needs about one article (an item of `articles`)."""
    iri = article["iri"]
    statements = [
        {k: r.get(k) for k in ("statement", "subject", "predicate", "object", "basis", "statedWords", "exact")}
        for r in rows(run, "statements", article=iri)
    ]
    return Source(
        iri, article["text"], article["language"], article["title"], _spans(run, iri), statements, _links(run, iri)
    )


def _explained_chars(text: str, spans: list) -> list:
    """For each character of the text, whether a heading or a passage left out holds it."""
    mask = [False] * len(text)
    for s in spans:
        if s.explains:
            mask[s.start : s.end] = [True] * (s.end - s.start)
    return mask


def _sentence(src: Source, start: int, end: int, mask: list, subject_of: dict) -> dict:
    """One sentence: its words, status, the facts citing it, and the headings and omissions it holds."""
    around = [s for s in src.spans if s.start < end and start < s.end]
    facts = sorted({subject_of.get(c, c) for s in around for c in s.citers})
    letters = [i for i in range(start, end) if src.text[i].isalnum()]
    status = "covered" if facts else "explained" if all(mask[i] for i in letters) else "uncovered"
    return {
        "start": start,
        "end": end,
        "text": src.text[start:end],
        "status": status,
        "facts": facts,
        "heading": any(s.heading for s in around),
        "omitted": sorted({r for s in around for r in s.reasons}),
    }


def _linked(src: Source, start: int, end: int, things: tuple) -> bool:
    """Whether a span around [start, end) is derived from one of `things` or from a node linked to one."""
    for s in src.spans:
        if s.start <= start and end <= s.end:
            for c in s.citers:
                if c in things or not src.links.get(c, set()).isdisjoint(things):
                    return True
    return False


def _mentions(src: Source, known: Names) -> tuple[int, list]:
    """The number of known names mentioned outside headings and omissions, and those that no span links."""
    explained = [s for s in src.spans if s.explains]
    counted = [m for m in known.find(src.text) if not any(s.start <= m.start and m.end <= s.end for s in explained)]
    unlinked = [m for m in counted if not _linked(src, m.start, m.end, m.things)]
    return len(counted), [{"start": m.start, "end": m.end, "text": m.text, "things": list(m.things)} for m in unlinked]


def _value_words(st: dict, language: str, labels: dict) -> list | None:
    """The words a stated value must have in its quote (any one of several names), or None when not checked."""
    basis, value, predicate = st["basis"], st["object"], str(st["predicate"])
    if (basis is not None and basis != DIP.Stated) or predicate == str(RDF.type):
        return None
    if st["statedWords"] is not None:  # the words a normalised value stands for (`stated_as:`)
        return [str(st["statedWords"])]
    if isinstance(value, URIRef):
        return labels.get(str(value))
    if isinstance(value, Literal) and (value.language == language or predicate in WORDS_OF_TEXT):
        return [str(value)]
    return None


def _unquoted(src: Source, words_of: dict) -> list:
    """Stated values whose words are in none of their statement's quotes (`words_of`: a fact's names and quotes)."""
    by_statement: dict = {}
    for st in src.statements:
        by_statement.setdefault(str(st["statement"]), (st, []))[1].append(str(st["exact"]))
    out = []
    for iri, (st, quotes) in sorted(by_statement.items()):
        wanted = _value_words(st, src.language, words_of)
        if wanted and not any(has_phrase(q, w) for w in wanted for q in quotes):
            value = st["object"]
            out.append(
                {
                    "statement": iri,
                    "subject": str(st["subject"]),
                    "predicate": str(st["predicate"]),
                    "value": str(value),
                    "quote": quotes[0],
                }
            )
    return out


def summary(sents: list, mentions: int, unlinked: int, unquoted: int) -> dict:
    """Counts and percentages of a list of sentences (an article's, or all of them)."""
    count = {k: sum(s["status"] == k for s in sents) for k in ("covered", "explained", "uncovered")}
    n = len(sents)
    return {
        "sentences": n,
        **count,
        "covered_percent": round(100 * count["covered"] / n, 1) if n else 100.0,
        "percent": round(100 * (count["covered"] + count["explained"]) / n, 1) if n else 100.0,
        "mentions": mentions,
        "unlinked_mentions": unlinked,
        "unquoted_values": unquoted,
    }


def article_report(src: Source, labels: dict, quotes: dict | None = None) -> dict:
    """The coverage of one article: its sentences, unlinked mentions, unquoted values and summary.

    `labels` are the facts' names (`names(run)`), `quotes` the words of their own quotes (`names(run, "quotes")`).
    """
    known = Names(labels)
    subject_of = {str(st["statement"]): str(st["subject"]) for st in src.statements}
    mask = _explained_chars(src.text, src.spans)
    sents = [_sentence(src, a, b, mask, subject_of) for a, b in sentences(src.text, src.language)]
    n_mentions, unlinked = _mentions(src, known)
    words_of = {k: labels.get(k, []) + (quotes or {}).get(k, []) for k in set(labels) | set(quotes or {})}
    unquoted = _unquoted(src, words_of)
    return {
        "article": src.iri,
        "doc": src.doc,
        "language": src.language,
        "title": src.title,
        "summary": summary(sents, n_mentions, len(unlinked), len(unquoted)),
        "sentences": sents,
        "unlinked_mentions": unlinked,
        "unquoted_values": unquoted,
    }


def report(run: Run, doc: str | None = None) -> dict:
    """The coverage of every article (or of the one with document id `doc`) and overall."""
    found = articles(run)
    if doc is not None:
        chosen = [a for a in found if a["iri"] == str(ID[f"article/{doc}"])]
        if not chosen:
            known = ", ".join(a["iri"].rsplit("/", 1)[-1] for a in found) or "none"
            raise InputError(f"no article {doc!r} in the graph; the articles are: {known}")
        found = chosen
    labels, quotes = names(run), names(run, "quotes")
    reports = [article_report(source(run, a), labels, quotes) for a in found]
    sents = [s for r in reports for s in r["sentences"]]
    total = {k: sum(r["summary"][k] for r in reports) for k in ("mentions", "unlinked_mentions", "unquoted_values")}
    return {
        "summary": summary(sents, total["mentions"], total["unlinked_mentions"], total["unquoted_values"]),
        "articles": reports,
    }


def check_min(minimum: float | None) -> None:
    """Refuse a --min that is not a percentage (bad usage: exit 2)."""
    if minimum is not None and not 0 <= minimum <= 100:
        raise InputError(f"--min {minimum:g}: give a percentage from 0 to 100")


def check(report: dict, minimum: float | None) -> None:
    """Raise NotConformant (exit 1) when fewer sentences than `minimum` percent are covered or explained."""
    percent = report["summary"]["percent"]
    if minimum is not None and percent < minimum:
        raise NotConformant(f"{percent:.1f}% of the sentences are covered or explained, under --min {minimum:g}%")

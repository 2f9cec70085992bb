"""The site search: labels, alternative names, statements' words and quotes, exact or fuzzy ("lavrof" finds
Lavrov), with type facets, a snippet of where each thing matched, and pages of results.

The index (every searchable text of every resource, `queries/search.rq`) is read once per worker; a search
is then a scan with rapidfuzz in memory: a few milliseconds."""

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rdflib import Literal

from app import i18n
from app.pages import data
from app.pages.terms import best_label, href

PER_PAGE = 20
# The story's key things: of each of these classes, the ones the articles quote most, at most so many.
KEY_CLASSES = {"Country": 4, "Official": 4, "Agreement": 2, "Initiative": 2}
# Where a text matched, best first: a thing's own name before an alternative name before its words or a quote.
KINDS = ("label", "alt", "words", "quote")
# The fuzzy score (0-100) a name must reach; quotes only match their words exactly (a fuzzy hit in a
# long quote is mostly noise).
NAME_CUTOFF = 80
WORD = re.compile(r"\w[\w'’-]*")
SNIPPET = 90  # characters of context on each side of a quote's match, at most


@dataclass(frozen=True)
class Entry:
    """One searchable text of one thing."""

    iri: str
    kind: str
    text: str
    lang: str


def index() -> list:
    """Every searchable text of every resource (kept per worker)."""

    def compute():
        rows = data.rows("search")
        return [Entry(str(r["thing"]), str(r["kind"]), str(r["text"]), r["text"].language or "") for r in rows]

    return data.cached("search-index", compute)


def names() -> dict:
    """Every indexed thing's labels, for naming it in the interface language."""

    def compute():
        found: dict = {}
        for e in index():
            if e.kind == "label":
                found.setdefault(e.iri, []).append(Literal(e.text, lang=e.lang or None))
        return found

    return data.cached("search-names", compute)


def type_name(iri: str) -> str:
    """The name of a thing's class in the interface language first ("Land" for a Country in Dutch)."""
    return type_names().get(data.types().get(iri, "")) or data.type_label(iri)


def type_names() -> dict:
    """Every class's name in the interface language first."""

    def compute():
        classes, found = set(data.types().values()), {}
        for row in data.rows("labels"):
            if str(row["thing"]) in classes:
                found.setdefault(str(row["thing"]), []).append(row["label"])
        prefer = i18n.label_order()
        return {cls: best_label(names, prefer) for cls, names in found.items()}

    return data.cached("search-type-names", compute)


def label(iri: str) -> str:
    """A thing's label in the interface language first."""
    return labels().get(iri) or iri.rsplit("/", 1)[-1]


def labels() -> dict:
    """Every indexed thing's label in the interface language first."""

    def compute():
        prefer = i18n.label_order()
        return {iri: best_label(found, prefer) for iri, found in names().items()}

    return data.cached("search-labels", compute)


def lowered() -> list:
    """The index's texts in lower case, in index order (kept per worker)."""
    return data.cached("search-lowered", lambda: [e.text.lower() for e in index()])


def windows(width: int) -> tuple:
    """Runs of `width` words of every name: their texts and (entry number, start, end) each (kept per worker)."""

    def compute():
        texts, where = [], []
        for i, (entry, text) in enumerate(zip(index(), lowered(), strict=True)):
            if entry.kind not in ("label", "alt"):
                continue
            words = [(m.start(), m.end()) for m in WORD.finditer(text)]
            for j in range(len(words) - width + 1):
                start, end = words[j][0], words[j + width - 1][1]
                texts.append(text[start:end])
                where.append((i, start, end))
        return texts, where

    return data.cached(f"search-windows-{width}", compute)


def matches(needle: str) -> dict:
    """The best match of each thing for a search text: IRI to (score, kind rank, entry, (start, end)).
    Any text containing it scores 100; names also match fuzzily, word by word ("lavrof" ~ "lavrov")."""
    needle = needle.lower()
    entries, best = index(), dict[str, tuple]()
    for i, text in enumerate(lowered()):
        at = text.find(needle)
        if at >= 0:
            _keep(best, entries[i], 100, (at, at + len(needle)))
    texts, where = windows(min(len(needle.split()), 4))
    for _, score, k in process.extract(needle, texts, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=None):
        i, start, end = where[k]
        _keep(best, entries[i], score, (start, end))
    return best


def _keep(best: dict, entry: Entry, score: float, span: tuple) -> None:
    """Keep a match if it beats the thing's best so far (higher score, then a better kind)."""
    key = (score, -KINDS.index(entry.kind))
    old = best.get(entry.iri)
    if old is None or key > (old[0], -old[1]):
        best[entry.iri] = (score, KINDS.index(entry.kind), entry, span)


def snippet(entry: Entry, span: tuple) -> dict:
    """Where a thing matched: the text before, the match and after, cut at spaces, as a template shows it."""
    start, end = span
    text = entry.text
    before, after = text[:start], text[end:]
    if len(before) > SNIPPET:
        before = "…" + before[-SNIPPET:].split(" ", 1)[-1]
    if len(after) > SNIPPET:
        after = after[:SNIPPET].rsplit(" ", 1)[0] + "…"
    return {"kind": entry.kind, "before": before, "match": text[start:end], "after": after, "lang": entry.lang}


def result(iri: str, score: float, entry: Entry | None, span: tuple) -> dict:
    """One result as the page and the JSON show it."""
    shown = label(iri)
    out = {"iri": iri, "href": href(iri), "label": shown, "score": round(score)}
    out |= {"type": data.type_label(iri), "type_name": type_name(iri)}
    if entry is not None:
        name = entry.kind in ("label", "alt")
        out |= {"match": entry.text if name else entry.text[span[0] : span[1]], "lang": entry.lang}
        if not (entry.kind == "label" and entry.text == shown):
            out["snippet"] = snippet(entry, span)
    return out


def search(text: str, kind: str = "", page: int = 1) -> dict:
    """The results for a search text (or every thing of a type when the text is empty), with type facets
    counted over all results and one page of them."""
    if text:
        found = [(iri, m[0], m[1], m[2], m[3]) for iri, m in matches(text).items()]
    else:
        found = [(iri, 100.0, 0, None, (0, 0)) for iri in names()] if kind else []
    shown_as, facet = labels(), facets()
    found.sort(key=lambda f: _rank(f, shown_as.get(f[0]) or f[0].rsplit("/", 1)[-1]))
    facets_found = Counter(facet[f[0]] for f in found)
    chosen = [f for f in found if not kind or facet[f[0]][0] == kind]
    pages = max(1, -(-len(chosen) // PER_PAGE))
    page = min(max(page, 1), pages)
    shown = chosen[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "q": text,
        "type": kind,
        "total": len(chosen),
        "page": page,
        "pages": pages,
        "facets": sorted(
            ({"type": t, "name": name, "count": n} for (t, name), n in facets_found.items() if t),
            key=lambda f: -f["count"],
        ),
        "results": [result(iri, score, entry, span) for iri, score, _, entry, span in shown],
    }


def _rank(found: tuple, name: str) -> tuple:
    """Where a result goes: best score first, then the best kind of match, then shorter names, by name."""
    return -found[1], found[2], len(name), name


def facets() -> dict:
    """Every indexed thing's type facet: the label of its class and that class's name in the interface language."""

    def compute():
        return {iri: (data.type_label(iri), type_name(iri)) for iri in dict.fromkeys(e.iri for e in index())}

    return data.cached("search-facets", compute)


def key_things() -> list:
    """The story's key countries, officials, agreements and initiatives: those the articles quote most."""

    def compute():
        quoted = Counter(e.iri for e in index() if e.kind == "quote")
        by_class: dict = {}
        for iri in sorted(quoted, key=lambda iri: (-quoted[iri], iri)):  # ties by IRI: the same every time
            by_class.setdefault(data.types().get(iri, "").rsplit("#", 1)[-1], []).append(iri)
        return [iri for cls, most in KEY_CLASSES.items() for iri in by_class.get(cls, [])[:most]]

    return [result(iri, 100, None, (0, 0)) for iri in data.cached("search-key", compute)]

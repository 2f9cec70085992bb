"""Build stage: curated facts and article texts become RDF, one named graph per article.

Every asserted triple of a thing or an article keeps its direct form and gets a statement node
beside it with its evidence (kg.build.evidence): the span whose words state it and its basis,
decided value by value (kg.build.cite, kg.build.dating, kg.build.numbers).
"""

from dataclasses import replace
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import paths
from kg.build import cite, dating, evidence, numbers, textparts, values
from kg.build.anchor import Span, Text, anchor, quotes, span_at, span_triples
from kg.build.seeds import Article, load_articles
from kg.build.vocab import Vocab, literals, wikidata_item
from kg.build.yamlfile import line_of
from kg.errors import InputError
from kg.rdf.iris import article_iri, span_iri, statement_iri
from kg.rdf.namespaces import DIP, ID, ONTOLOGY_GRAPH, SCHEMA, WD, article_graph

RESERVED = {"id", "type", "label", "altLabel", "quote", "in", "date", "wikidata", "note"}
NAMES = {"label": RDFS.label, "altLabel": SKOS.altLabel}


def _registry(articles: list[Article], vocab: Vocab) -> dict:
    """Map every declared id to its type, checking that ids agree across files."""
    types: dict = {}
    for art in articles:
        for thing in art.things:
            vocab.check_class(thing["type"], line_of(thing, "type", thing.where))
            seen = types.setdefault(thing["id"], (thing["type"], thing.where))
            if seen[0] != thing["type"]:
                raise InputError(
                    f"id {thing['id']!r} has type {thing['type']!r} here but {seen[0]!r} at {seen[1]}: "
                    "one id is one thing, of one type, in every file",
                    thing.where,
                )
    return {k: v[0] for k, v in types.items()}


def _names(articles: list[Article]) -> dict:
    """The words that name each declared id: labels and altLabels (any language, any file) and its quotes."""
    names: dict = {}
    for art in articles:
        for thing in art.things:
            found = values.texts(thing.get("label", [])) + values.texts(thing.get("altLabel", []))
            found += [str(thing["quote"])] if isinstance(thing.get("quote"), str) else []
            names.setdefault(str(thing["id"]), set()).update(found)
    return {k: tuple(sorted(v)) for k, v in names.items()}


class Facts:
    """The facts of a set of articles as triples, each asserted one with its basis."""

    def __init__(self, articles: list[Article], vocab: Vocab):
        self.vocab, self.articles = vocab, articles
        self.known = _registry(articles, vocab)
        self.names = _names(articles)
        self.spans = {(a.doc_id, t["id"]): self.thing_span(a, t) for a in articles for t in a.things}
        self.published = {a.doc_id: self._published(a) for a in articles}
        self.dated = self._dates()

    # ------------------------------------------------------------------ dates

    @staticmethod
    def thing_span(art: Article, thing) -> Span:
        """The span of a thing's own quote."""
        return anchor(art.doc_id, art.text, thing.get("quote"), thing.get("in"), line_of(thing, "quote", thing.where))

    def _published(self, art: Article) -> dating.Dated:
        meta = art.meta
        spec, where = meta["published"], line_of(meta, "published", meta.where)
        if not (isinstance(spec, dict) and (spec.get("quote") or spec.get("reason") or spec.get("source"))):
            raise InputError("published: give the `quote` that states the date, or the `reason` it was inferred", where)
        own = dating.own_span(art.doc_id, art.text, spec, where)
        when = dating.parse_spec(spec, None, where)
        return dating.date_for(
            article_iri(art.doc_id), article_graph(art.doc_id), art.language, spec, when, own, own, None, where=where
        )

    def _dates(self) -> dict:
        """Every thing's date with its evidence, following `same_as` (and `from:`) to other things."""
        specs = {
            (a.doc_id, t["id"]): (a, t, t["date"], line_of(t, "date", t.where))
            for a in self.articles
            for t in a.things
            if "date" in t
        }
        by_id = {key[1]: key for key in specs}
        resolved: dict = {}

        def other(ref, key, chain, where):
            if ref not in by_id or ref in chain:
                raise InputError(f"{ref!r} is not a dated thing (or dates refer to each other in a circle)", where)
            return resolve(by_id[ref], chain + (key[1],))

        def resolve(key, chain=()):
            if key not in resolved:
                art, thing, spec, where = specs[key]
                spec, renderings = dating.split_expression(spec, art.language, where)
                pub = self.published[art.doc_id]
                own = dating.own_span(art.doc_id, art.text, spec, where)
                span = own or self.spans[key]
                same = spec.get("same_as") if isinstance(spec, dict) else None
                base = other(same, key, chain, where) if same else None
                others = [other(ref, key, chain, where) for ref in dating.derived_premises(spec)]
                if base is not None:
                    when = replace(base.when, expression=spec.get("expression"))
                else:
                    when = dating.parse_spec(spec, pub.when, where)
                node, graph = self.node(thing), article_graph(art.doc_id)
                resolved[key] = dating.date_for(
                    node, graph, art.language, spec, when, span, own, pub, base, others, where, renderings
                )
            return resolved[key]

        for key in specs:
            resolve(key)
        return resolved

    # ---------------------------------------------------------------- things

    @staticmethod
    def node(thing) -> URIRef:
        """The IRI of a thing."""
        return ID[thing["id"]]

    def context(self, art: Article) -> cite.Context:
        """What deciding a value's basis needs to know of an article."""
        return cite.Context(art.doc_id, art.text, art.language, self.names)

    def _values(self, art, thing, key, prop_iri, type_statement, span):
        """The asserted triples of one property of a thing, each with its basis."""
        s, lang, ctx = self.node(thing), art.language, self.context(art)
        out = []
        for v in values.parse(thing[key], line_of(thing, key, thing.where), lang):
            if key in NAMES:
                term = literals({v.lang: v.raw} if v.lang else v.raw, RDF.langString, lang, key, v.where)[0]
            else:
                term = self.vocab.term(key, v.raw, v.lang or lang, self.known, v.where)
            b = cite.basis(v, key, term, span, ctx, type_statement, lambda val: self._premises(val, key, art))
            out.append((s, prop_iri, term, b))
        return out

    def _premises(self, value, key, art) -> list:
        """The (IRI, Basis) of the statements a derived value rests on: the same property of the `from:` things."""
        out = []
        for ref in value.premises:
            if ref not in self.known:
                raise InputError(f"from: unknown id {ref!r}; declare it under `things` in a seeds file", value.where)
            for a in [art, *self.articles]:
                found = [t for t in a.things if t["id"] == ref and key in t]
                if found:
                    g = article_graph(a.doc_id)
                    for s, p, o, b in self.thing_asserted(a, found[0]):
                        if p == DIP[key] or (key in NAMES and p == NAMES[key]):
                            out.append((statement_iri(s, p, o, g), b))
                    break
        return out

    def thing_asserted(self, art: Article, thing) -> list:
        """The asserted triples of a thing, (s, p, o, Basis): type, names, property values, date."""
        s, span, g = self.node(thing), self.spans[(art.doc_id, thing["id"])], article_graph(art.doc_id)
        if "label" not in thing:
            raise InputError(f"{thing['id']}: every thing needs a `label`", thing.where)
        typed = (s, RDF.type, DIP[thing["type"]], evidence.stated(span))
        type_statement = (statement_iri(*typed[:3], g), typed[3])
        out = [typed]
        for key, prop in [(k, NAMES[k]) for k in NAMES if k in thing] + [
            (k, DIP[k]) for k in thing if k not in RESERVED
        ]:
            out += self._values(art, thing, key, prop, type_statement, span)
        if "wikidata" in thing:
            item = wikidata_item(thing["wikidata"], line_of(thing, "wikidata", thing.where))
            out.append((s, SKOS.exactMatch, WD[item], evidence.curator(f"Wikidata item {item}")))
        out += numbers.asserted(s, thing, out, g)
        dated = self.dated.get((art.doc_id, thing["id"]))
        return out + (dated.asserted() if dated else [])

    def thing_plain(self, art: Article, thing) -> list:
        """The triples of a thing that are evidence or comment, not assertions: its span, note, date reasoning."""
        s, span = self.node(thing), self.spans[(art.doc_id, thing["id"])]
        out = [(s, PROV.wasDerivedFrom, span_iri(span.doc_id, span.start, span.end)), *span_triples(span)]
        dated = self.dated.get((art.doc_id, thing["id"]))
        if "note" in thing:
            out.append((s, DIP.curatorNote, Literal(str(thing["note"]))))
            if dated:
                dating.check_note(str(thing["note"]), dated, line_of(thing, "note", thing.where))
        if dated and dated.when.reason:
            out.append((s, DIP.dateReason, Literal(dated.when.reason)))
        return out

    # -------------------------------------------------------------- articles

    def article_plain(self, art: Article) -> list:
        """The triples of an article that describe the source itself: kind, language, file, hash, text."""
        a, meta = article_iri(art.doc_id), art.meta
        out = [
            (a, RDF.type, DIP.Article),
            (a, DCTERMS.language, Literal(art.language)),
            (a, DIP.sourceFile, Literal(meta["original_file"])),
            (a, DIP.sha256, Literal(meta["sha256"])),
            (a, SCHEMA.text, Literal(art.text, lang=art.language)),
        ]
        pub = self.published[art.doc_id]
        if pub.when.reason:
            out.append((a, DIP.dateReason, Literal(pub.when.reason)))
        return out

    def article_asserted(self, art: Article) -> list:
        """The asserted triples of an article: its title (and label), publisher and publication date."""
        meta, a = art.meta, article_iri(art.doc_id)
        title = meta.get("title")  # optional: a text without a headline has only headings (kg.build.textparts)
        where = line_of(meta, "title", meta.where)
        if title is not None and title not in art.text:
            raise InputError(f"title {title!r} is not in the article text; copy it verbatim", where)
        out = []
        if title:
            span = span_at(art.doc_id, art.text, art.text.index(title), len(title))  # the first, if repeated
            label = Literal(title, lang=art.language)
            out += [(a, RDFS.label, label, evidence.stated(span)), (a, DCTERMS.title, label, evidence.stated(span))]
        else:
            out.append((a, RDFS.label, Literal(art.doc_id, lang=art.language), evidence.derive("document-id", [])))
        if "publisher" in meta:
            out += self._publisher(art)
        return out + self.published[art.doc_id].asserted()

    def _publisher(self, art: Article) -> list:
        a, ctx, meta = article_iri(art.doc_id), self.context(art), art.meta
        out = []
        for v in values.parse(meta["publisher"], line_of(meta, "publisher", meta.where), art.language):
            term = self.vocab.term("publisher", v.raw, None, self.known, v.where)
            own = ctx.span(v)
            if v.basis in (None, "stated") and own is None:
                raise InputError("publisher: give the `quote:` that names the publisher, or a `basis:`", v.where)
            out.append((a, DIP.publisher, term, cite.basis(v, "publisher", term, own, ctx, None, lambda _: [])))
        return out


def _with_evidence(asserted, g, seen: set):
    """Quads of asserted triples, each followed by its statement node and any span it cites first."""
    for s, p, o, b in asserted:
        yield s, p, o, g
        for t in evidence.statement_triples(s, p, o, g, b):
            yield (*t, g)
        if b.span is not None and (b.span.start, b.span.end) not in seen:
            seen.add((b.span.start, b.span.end))
            yield from ((*t, g) for t in span_triples(b.span))


def article_quads(articles: list[Article], vocab: Vocab, progress=iter):
    """The quads of the articles' facts, one named graph per article, article after article (shown by `progress`)."""
    articles = [replace(a, text=Text(a.text, quotes(a.meta, a.things, a.extra))) for a in articles]  # quotes found
    facts = Facts(articles, vocab)
    for art in progress(articles):
        g, seen = article_graph(art.doc_id), set[tuple]()
        yield from ((s, p, o, g) for s, p, o in facts.article_plain(art))
        yield from _with_evidence(facts.article_asserted(art), g, seen)
        yield from textparts.quads(art, g, span_triples)  # headings and omitted passages
        for thing in art.things:
            yield from ((s, p, o, g) for s, p, o in facts.thing_plain(art, thing))
            yield from _with_evidence(facts.thing_asserted(art, thing), g, seen)


def quads(seeds_dir: Path = paths.SEEDS, ontology: Path = paths.ONTOLOGY, articles=None, progress=iter):
    """The ontology graph's quads, then every article's (`articles` already loaded, or read from `seeds_dir`)."""
    onto = Graph().parse(ontology, format="turtle")
    vocab = Vocab.from_graph(onto)
    articles = load_articles(seeds_dir) if articles is None else articles
    yield from ((s, p, o, ONTOLOGY_GRAPH) for s, p, o in onto)
    yield from article_quads(articles, vocab, progress)


def build(seeds_dir: Path = paths.SEEDS, ontology: Path = paths.ONTOLOGY, articles=None) -> Dataset:
    """Return a Dataset with the ontology graph and one named graph of facts per article (see `quads`)."""
    ds, graphs = Dataset(default_union=True), dict[URIRef, Graph]()

    def graph(name):
        return graphs.get(name) or graphs.setdefault(name, ds.graph(name))

    ds.addN((s, p, o, graph(g)) for s, p, o, g in quads(seeds_dir, ontology, articles))
    return ds

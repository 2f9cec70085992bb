"""Build stage: curated facts and article texts become RDF, one named graph per article."""
from dataclasses import replace
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.build import dates
from kg import paths
from kg.build.anchor import Span, anchor
from kg.errors import InputError
from kg.rdf.namespaces import DIP, ID, OA, ONTOLOGY_GRAPH, SCHEMA, WD, article_graph
from kg.build.seeds import Article, load_articles
from kg.build.vocab import Vocab, literals

RESERVED = {"id", "type", "label", "altLabel", "quote", "in", "date", "wikidata", "note"}


def article_iri(doc_id: str) -> URIRef:
    """Return the IRI of an article node."""
    return ID[f"article/{doc_id}"]


def span_triples(span: Span) -> list:
    """Triples describing a text span as an oa:SpecificResource with quote and position selectors."""
    s = ID[f"span/{span.doc_id}/{span.start}-{span.end}"]
    q, p = URIRef(f"{s}/quote"), URIRef(f"{s}/position")
    return [
        (s, RDF.type, OA.SpecificResource), (s, OA.hasSource, article_iri(span.doc_id)),
        (s, OA.hasSelector, q), (s, OA.hasSelector, p),
        (q, RDF.type, OA.TextQuoteSelector), (q, OA.exact, Literal(span.exact)),
        (q, OA.prefix, Literal(span.prefix)), (q, OA.suffix, Literal(span.suffix)),
        (p, RDF.type, OA.TextPositionSelector),
        (p, OA.start, Literal(span.start, datatype=XSD.integer)),
        (p, OA.end, Literal(span.end, datatype=XSD.integer)),
    ]


def when_triples(node: URIRef, when: dates.When) -> list:
    """Triples giving a node its date bounds, precision, EDTF and how the date was known."""
    out = [
        (node, DIP.earliest, Literal(when.earliest, datatype=XSD.date)),
        (node, DIP.latest, Literal(when.latest, datatype=XSD.date)),
        (node, DIP.datePrecision, Literal(when.precision)),
        (node, DIP.edtf, Literal(when.edtf)),
    ]
    if when.expression:
        out.append((node, DIP.dateExpression, Literal(when.expression)))
    if when.resolved_against:
        out.append((node, DIP.dateResolvedAgainst, Literal(when.resolved_against, datatype=XSD.date)))
    if when.year_inferred:
        out.append((node, DIP.yearInferred, Literal(True)))
    if when.reason:
        out.append((node, DIP.dateReason, Literal(when.reason)))
    return out


def _registry(articles: list[Article], vocab: Vocab) -> dict:
    """Map every declared id to its type, checking that ids agree across files."""
    types = {}
    for art in articles:
        for thing in art.things:
            if "id" not in thing or "type" not in thing:
                raise InputError("every thing needs `id` and `type`", thing.where)
            vocab.check_class(thing["type"], thing.where)
            seen = types.setdefault(thing["id"], (thing["type"], thing.where))
            if seen[0] != thing["type"]:
                raise InputError(f"id {thing['id']!r} has type {thing['type']!r} here but {seen[0]!r} at {seen[1]}", thing.where)
    return {k: v[0] for k, v in types.items()}


def _dates(articles: list[Article], published: dict) -> dict:
    """Resolve every thing's `date:`, following `same_as` references to other things."""
    specs = {(a.doc_id, t["id"]): (t["date"], t.where, published[a.doc_id]) for a in articles for t in a.things if "date" in t}
    by_id = {key[1]: key for key in specs}
    resolved = {}

    def resolve(key, chain=()):
        if key in resolved:
            return resolved[key]
        spec, where, pub = specs[key]
        if isinstance(spec, dict) and "same_as" in spec:
            other = spec["same_as"]
            if other not in by_id or other in chain:
                raise InputError(f"same_as {other!r} is not a dated thing (or dates refer in a circle)", where)
            when = replace(resolve(by_id[other], chain + (key[1],)), expression=spec.get("expression"))
        else:
            when = dates.parse(spec, pub, where)
        resolved[key] = when
        return when

    for key in specs:
        resolve(key)
    return resolved


def _thing_triples(art: Article, thing, vocab: Vocab, known: dict, when) -> list:
    s, lang, where = ID[thing["id"]], art.language, thing.where
    span = anchor(art.doc_id, art.text, thing.get("quote"), thing.get("in"), where)
    out = [(s, RDF.type, DIP[thing["type"]]), (s, PROV.wasDerivedFrom, URIRef(f"{ID}span/{art.doc_id}/{span.start}-{span.end}"))]
    out += span_triples(span)
    if "label" not in thing:
        raise InputError(f"{thing['id']}: every thing needs a `label`", where)
    out += [(s, RDFS.label, o) for o in literals(thing["label"], RDF.langString, lang, "label", where)]
    out += [(s, SKOS.altLabel, o) for o in literals(thing.get("altLabel", []), RDF.langString, lang, "altLabel", where)]
    if "wikidata" in thing:
        out.append((s, SKOS.exactMatch, WD[str(thing["wikidata"])]))
    if "note" in thing:
        out.append((s, DIP.curatorNote, Literal(str(thing["note"]))))
    for key, value in thing.items():
        if key not in RESERVED:
            out += [(s, DIP[key], o) for o in vocab.objects(key, value, lang, known, where)]
    return out + (when_triples(s, when) if when else [])


def _article_triples(art: Article, published: dates.When, vocab: Vocab, known: dict) -> list:
    meta, a = art.meta, article_iri(art.doc_id)
    if meta["title"] not in art.text:
        raise InputError(f"title {meta['title']!r} is not in the article text; copy it verbatim", meta.where)
    pub = meta["published"]
    if isinstance(pub, dict) and "quote" in pub:
        anchor(art.doc_id, art.text, pub["quote"], pub.get("in"), meta.where)
    elif not (isinstance(pub, dict) and pub.get("reason")):
        raise InputError("published: give the `quote` that states the date, or the `reason` it was inferred", meta.where)
    out = [
        (a, RDF.type, DIP.Article), (a, RDFS.label, Literal(meta["title"], lang=art.language)),
        (a, DCTERMS.title, Literal(meta["title"], lang=art.language)),
        (a, DCTERMS.language, Literal(art.language)), (a, DIP.sourceFile, Literal(meta["original_file"])),
        (a, DIP.sha256, Literal(meta["sha256"])), (a, SCHEMA.text, Literal(art.text, lang=art.language)),
    ]
    if "publisher" in meta:
        out += [(a, DIP.publisher, o) for o in vocab.objects("publisher", meta["publisher"], None, known, meta.where)]
    return out + when_triples(a, published)


def _published(art: Article) -> dates.When:
    spec = art.meta["published"]
    spec = {k: v for k, v in spec.items() if k not in ("quote", "in")} if isinstance(spec, dict) else spec
    return dates.parse(spec, None, art.meta.where)


def article_quads(articles: list[Article], vocab: Vocab, progress=iter):
    """The quads of the articles' facts, one named graph per article, article after article (shown by `progress`)."""
    known = _registry(articles, vocab)
    published = {a.doc_id: _published(a) for a in articles}
    whens = _dates(articles, published)
    for art in progress(articles):
        g = article_graph(art.doc_id)
        yield from ((s, p, o, g) for s, p, o in _article_triples(art, published[art.doc_id], vocab, known))
        for thing in art.things:
            for s, p, o in _thing_triples(art, thing, vocab, known, whens.get((art.doc_id, thing["id"]))):
                yield s, p, o, g


def quads(seeds_dir: Path = paths.SEEDS, ontology: Path = paths.ONTOLOGY, articles=None, progress=iter):
    """The ontology graph's quads, then every article's (`articles` already loaded, or read from `seeds_dir`)."""
    onto = Graph().parse(ontology, format="turtle")
    vocab = Vocab.from_graph(onto)
    articles = load_articles(seeds_dir) if articles is None else articles
    yield from ((s, p, o, ONTOLOGY_GRAPH) for s, p, o in onto)
    yield from article_quads(articles, vocab, progress)


def build(seeds_dir: Path = paths.SEEDS, ontology: Path = paths.ONTOLOGY, articles=None) -> Dataset:
    """Return a Dataset with the ontology graph and one named graph of facts per article (see `quads`)."""
    ds, graphs = Dataset(default_union=True), {}

    def graph(name):
        return graphs.get(name) or graphs.setdefault(name, ds.graph(name))

    ds.addN((s, p, o, graph(g)) for s, p, o, g in quads(seeds_dir, ontology, articles))
    return ds

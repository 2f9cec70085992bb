"""Statement-level evidence: the basis of every asserted triple, as an rdf:Statement beside the triple.

Each asserted triple (s, p, o) of a thing or an article keeps its direct form and gets a
statement node in the same named graph (standard RDF reification; see kg.rdf.iris for its IRI):

    id:statement/<hex> a rdf:Statement ; rdf:subject s ; rdf:predicate p ; rdf:object o ;
        dip:basis dip:Stated ;                      # or Derived, CuratorKnowledge, CuratorTranslation
        prov:wasDerivedFrom <span> ;                # the words that state it (where there are any)
        dip:derivationRule "relative-date" ; dip:derivedFrom <statement> ;   # derived
        dip:curatorSource "..." ;                   # curator knowledge
        dip:translationOf "..."@nl ;                # a curator's translation
        dip:wording "$1 billion" .                  # the words of a normalised value (1000 USD million)

A derived statement that rests on curator knowledge is curator knowledge itself (its rule and
premises kept, and the premises' sources named): curator knowledge never passes for the text.
"""

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.build.anchor import Span
from kg.rdf.iris import span_iri, statement_iri
from kg.rdf.namespaces import DIP

STATED, DERIVED, CURATOR, TRANSLATION = "stated", "derived", "curator", "translation"
INDIVIDUALS = {
    STATED: DIP.Stated,
    DERIVED: DIP.Derived,
    CURATOR: DIP.CuratorKnowledge,
    TRANSLATION: DIP.CuratorTranslation,
}


@dataclass(frozen=True)
class Basis:
    """Why a triple is in the graph: its kind, the span that states it, and what the kind requires."""

    kind: str
    span: Span | None = None
    rule: str | None = None
    source: str | None = None
    derived_from: tuple = ()  # IRIs of the statements it rests on
    original: Literal | None = None  # what a translation renders
    wording: str | None = None  # the quote's words for a value the curator normalised (`stated_as`)


def stated(span: Span, wording: str | None = None) -> Basis:
    """The basis of a triple whose words are in `span` (`wording`: the words of a normalised value)."""
    return Basis(STATED, span, wording=wording)


def curator(source: str, span: Span | None = None) -> Basis:
    """The basis of a triple the curator knows from `source` (beyond the text)."""
    return Basis(CURATOR, span, source=source)


def derive(rule: str, premises: list, span: Span | None = None) -> Basis:
    """The basis of a triple derived by `rule` from premises, (statement IRI, Basis) pairs.

    It is curator knowledge when any premise is: the rule and premises are kept, the sources named.
    """
    iris = tuple(sorted({str(iri) for iri, _ in premises}))
    sources = sorted({b.source for _, b in premises if b.kind == CURATOR and b.source})
    if sources:
        return Basis(CURATOR, span, rule, "; ".join(sources), tuple(URIRef(i) for i in iris))
    return Basis(DERIVED, span, rule, derived_from=tuple(URIRef(i) for i in iris))


def translation(original: Literal, span: Span | None = None) -> Basis:
    """The basis of a curator's rendering of `original` (the article's words) in another language."""
    return Basis(TRANSLATION, span, original=original)


def statement_triples(s, p, o, g, basis: Basis) -> list:
    """The triples of the statement node of (s, p, o) in graph `g`: its triple and its basis."""
    st = statement_iri(s, p, o, g)
    out = [
        (st, RDF.subject, s),
        (st, RDF.type, RDF.Statement),
        (st, RDF.predicate, p),
        (st, RDF.object, o),
        (st, DIP.basis, INDIVIDUALS[basis.kind]),
    ]
    if basis.span is not None:
        out.append((st, PROV.wasDerivedFrom, span_iri(basis.span.doc_id, basis.span.start, basis.span.end)))
    if basis.rule:
        out.append((st, DIP.derivationRule, Literal(basis.rule)))
    out += [(st, DIP.derivedFrom, premise) for premise in basis.derived_from]
    if basis.source:
        out.append((st, DIP.curatorSource, Literal(basis.source)))
    if basis.original is not None:
        out.append((st, DIP.translationOf, basis.original))
    if basis.wording is not None:
        out.append((st, DIP.wording, Literal(basis.wording)))
    return out

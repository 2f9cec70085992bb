"""Decide the basis of each value of a thing: the quote that states it, or what else it rests on.

A plain value is stated by the thing's own quote only when that quote really holds its words
(kg.build.words); otherwise the value needs its own `quote:`, or a basis other than stated. Two
defaults spare the curator boilerplate where nothing can be misread:

- a text in another language beside the article-language text of the same `{lang: text}`
  mapping (a label, office, field, quotation) is the curator's translation of it;
- a label whose words are not in the quote is the curator's description of what the quote
  states: derived by the rule "description" from the statement of the thing's type.
"""

from dataclasses import dataclass, replace

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.build import evidence, words
from kg.build.anchor import Span, anchor
from kg.build.evidence import Basis
from kg.build.values import Value
from kg.errors import InputError

HINT = "see seeds/README.md, Evidence"
CURATOR_PROPERTIES = {"curatorOffice", "curatorValue"}  # knowledge beyond the text by their very meaning


@dataclass(frozen=True)
class Context:
    """What deciding a basis needs to know: the article and the names of every declared id."""

    doc_id: str
    text: str
    language: str
    names: dict  # id -> names (labels and altLabels in every language, from every file)

    def span(self, value: Value) -> Span | None:
        """The span of a value's own `quote:` (None when it has none)."""
        if value.quote is None:
            return None
        return anchor(self.doc_id, self.text, value.quote, value.within, value.where)


def has_words(quote: str, value: Value, term, ctx: Context) -> bool:
    """True if `quote` holds the words of the value: its `stated_as`, a name of the thing, its number or text."""
    if value.stated_as is not None:
        return words.has_phrase(quote, value.stated_as)
    if isinstance(term, URIRef):
        return any(words.has_phrase(quote, name) for name in ctx.names.get(str(value.raw), ()))  # a name or its quote
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return words.has_number(quote, term)
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return False
    return words.has_phrase(quote, str(value.raw))


def _say(prop: str, value: Value) -> str:
    return f"{prop} {value.raw!r}"


def _require(value: Value, prop: str) -> None:
    """Check that a value's basis has what it needs: a source, a rule, an original."""
    what = _say(prop, value)
    if value.basis == "curator" and not value.source:
        raise InputError(
            f"{what}: curator knowledge needs its `source:` (where the curator knows it from); {HINT}", value.where
        )
    if value.basis == "derived" and not value.rule:
        raise InputError(
            f"{what}: a derived value needs its `rule:` (e.g. sum, ratio, same-day-as); {HINT}", value.where
        )
    if value.basis == "translation" and not value.original:
        raise InputError(
            f"{what}: a translation needs its original: `of:` with the article's words it renders; {HINT}", value.where
        )


def _original(value: Value, ctx: Context) -> Literal:
    return Literal(value.original, lang=ctx.language)


def _explicit(value: Value, prop: str, own: Span | None, thing_span: Span | None, ctx: Context, premises) -> Basis:
    """The basis a value's `basis:` names (or its property implies), checked."""
    kind = value.basis or "curator"
    value = replace(value, basis=kind)
    _require(value, prop)
    if kind == "curator":
        return evidence.curator(str(value.source), own)
    if kind == "derived":
        return evidence.derive(str(value.rule), premises(value), own)
    if own is None and thing_span is not None and words.has_phrase(thing_span.exact, str(value.original)):
        own = thing_span
    return evidence.translation(_original(value, ctx), own)


def basis(value: Value, prop: str, term, thing_span: Span | None, ctx: Context, type_statement, premises) -> Basis:
    """The basis of one value of a thing (`type_statement`: the (IRI, Basis) of the thing's rdf:type).

    `thing_span` is the thing's own quote (None for an article's publisher, which needs its own).
    """
    own = ctx.span(value)
    if value.basis not in (None, "stated") or (value.basis is None and prop in CURATOR_PROPERTIES):
        return _explicit(value, prop, own, thing_span, ctx, premises)
    cited = own or thing_span
    if cited is None:
        raise InputError(f"{_say(prop, value)}: give the `quote:` that states it, or a `basis:`; {HINT}", value.where)
    if has_words(cited.exact, value, term, ctx):
        return evidence.stated(cited, value.stated_as)
    if own is not None or value.basis == "stated" or value.stated_as is not None:
        raise InputError(
            f"{_say(prop, value)}: its words are not in its quote {cited.exact!r}; quote the words that state it"
            f" (a declared normalisation goes in `stated_as:`); {HINT}",
            value.where,
        )
    if value.original is not None:  # from here on, the value has no quote of its own: `cited` is the thing's
        span = cited if words.has_phrase(cited.exact, value.original) else None
        return evidence.translation(_original(value, ctx), span)
    if prop == "label":
        return evidence.derive("description", [type_statement], cited)
    raise InputError(
        f"{_say(prop, value)}: its words are not in the thing's quote {cited.exact!r}; give the value its own"
        " `quote:` (and `in:`) with the words that state it, or a `basis:` (curator with `source:`, derived with"
        f" `rule:`); {HINT}",
        value.where,
    )

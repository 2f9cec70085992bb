"""Dates with their evidence: the date triples of a dated node and the basis of each.

A date's triples (bounds, precision, EDTF, the text's expression, what a relative date was
resolved against, an inferred year) each get a basis:

- a date the quote states ("in July 1991", "1988") is stated, every triple of it;
- the text's own words (`expression:`, "on Thursday") are stated, and must be in the quote;
- a relative date's bounds are derived by the rule "relative-date" from the publication date,
  a `same_as` date's by "same-day-as" from the other thing's date: and when those rest on
  curator knowledge (the Dutch article's dating), so do these, their rule and premises kept;
- a date the curator inferred (`reason:`) is curator knowledge, its reason the source; when the
  text states the month (and day) but no year, the EDTF says so (XXXX-06, stated) while the
  bounds, which need a year, rest on the curator's dating.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.build import dates, evidence, words
from kg.build.anchor import Span, anchor
from kg.build.evidence import CURATOR
from kg.errors import InputError
from kg.rdf.iris import statement_iri
from kg.rdf.namespaces import DIP

EVIDENCE_KEYS = {"quote", "in", "basis", "source", "rule", "from"}
BOUNDS = ("earliest", "latest")
CORE = ("earliest", "latest", "datePrecision", "edtf")
HINT = "see seeds/README.md, Dates"


@dataclass(frozen=True)
class Dated:
    """A node's date in one article's graph, with the basis of each of its date triples."""

    node: URIRef
    graph: URIRef
    when: dates.When
    language: str
    bases: dict = field(default_factory=dict)  # local name of a date property -> Basis
    renderings: tuple = ()  # (language, text) of the curator's translations of the expression

    def triples(self) -> list:
        """The date triples: bounds, precision, EDTF and how the date was known."""
        w, s = self.when, self.node
        out = [
            (s, DIP.earliest, Literal(w.earliest, datatype=XSD.date)),
            (s, DIP.latest, Literal(w.latest, datatype=XSD.date)),
            (s, DIP.datePrecision, Literal(w.precision)),
            (s, DIP.edtf, Literal(w.edtf)),
        ]
        if w.expression:
            out.append((s, DIP.dateExpression, Literal(w.expression, lang=self.language)))
            out += [(s, DIP.dateExpression, Literal(text, lang=tag)) for tag, text in self.renderings]
        if w.resolved_against:
            out.append((s, DIP.dateResolvedAgainst, Literal(w.resolved_against, datatype=XSD.date)))
        if w.year_inferred:
            out.append((s, DIP.yearInferred, Literal(True)))
        if w.reason:
            out.append((s, DIP.dateReason, Literal(w.reason)))
        return out

    def asserted(self) -> list:
        """The date triples with their bases, (s, p, o, Basis); the curator's reasoning has none."""
        return [(s, p, o, self.bases[self.key(p, o)]) for s, p, o in self.triples() if self.key(p, o) in self.bases]

    def key(self, p, o) -> str:
        """The name of a date triple's basis: its property's local name, and a translation's language."""
        rendering = p == DIP.dateExpression and o.language != self.language
        return f"{local(p)}@{o.language}" if rendering else local(p)

    def statement(self, name: str) -> tuple:
        """The (IRI, Basis) of the statement of one date triple, e.g. 'earliest'."""
        s, p, o = next(t for t in self.triples() if local(t[1]) == name)
        return statement_iri(s, p, o, self.graph), self.bases[name]


def local(predicate) -> str:
    """The local name of a dip: property."""
    return str(predicate)[len(str(DIP)) :]


def _words_in(span: Span | None, when: dates.When, spec) -> bool:
    """True if the span holds the date's words: its expression, its relative words or its parts."""
    if span is None:
        return False
    if when.expression:
        return words.has_phrase(span.exact, when.expression)
    if isinstance(spec, dict) and "relative" in spec:
        return words.has_phrase(span.exact, str(spec["relative"]))
    return words.has_date(span.exact, when.earliest, when.latest, when.precision)


def _unstated(spec, span: Span | None, where: str):
    quote = f"the quote {span.exact!r}" if span else "no quote"
    return InputError(
        f"date {spec!r}: its words are not in {quote}; give the date its own `quote:` (and `in:`) with the words"
        f" that state it, its `expression:` as the text says it, or a `reason:` (curator knowledge); {HINT}",
        where,
    )


def _expression(when, spec, span, where) -> dict:
    """The basis of the text's own words for the date, which must be in the quote."""
    if not when.expression:
        return {}
    if not (span and words.has_phrase(span.exact, when.expression)):
        raise _unstated(spec, span, where)
    return {"dateExpression": evidence.stated(span)}


def _present(when: dates.When) -> list:
    names = list(CORE)
    if when.resolved_against:
        names.append("dateResolvedAgainst")
    if when.year_inferred:
        names.append("yearInferred")
    return names


def _same_as(when, spec, span, other: "Dated", where) -> dict:
    out = {}
    for name in _present(when):
        premises = [other.statement(name)] if name in other.bases else [other.statement("earliest")]
        out[name] = evidence.derive("same-day-as", premises, span if when.expression else None)
    return {**out, **_expression(when, spec, span, where)}


def _relative(when, spec, span, pub: "Dated", where):
    """Bases of a relative date; with a curator-dated publication a month keeps only its stated part."""
    if not _words_in(span, when, spec):
        raise _unstated(spec, span, where)
    premises = [pub.statement(b) for b in BOUNDS]
    derived = evidence.derive("relative-date", premises, span)
    out = {name: derived for name in _present(when)}
    out["datePrecision"] = evidence.stated(span)
    if derived.kind == CURATOR and when.precision == "month":
        when = replace(when, edtf=f"XXXX-{when.earliest.month:02d}")
        out["edtf"] = evidence.stated(span)
    return when, {**out, **_expression(when, spec, span, where)}


def _curator(when, spec, span, own: Span | None, where):
    """Bases of a date the curator inferred: a stated month and day keep their words, the year is X'd out."""
    source = (isinstance(spec, dict) and (spec.get("source") or spec.get("reason"))) or None
    if not source:
        raise InputError(f"date {spec!r}: curator knowledge needs its `source:` or `reason:`; {HINT}", where)
    knew = evidence.curator(str(source), own)
    out = {name: knew for name in _present(when)}
    if when.year_inferred and when.expression and when.precision in ("month", "day"):
        mask = "XXXX" + when.edtf[4:]
        when = replace(when, edtf=mask)
        out.update(edtf=evidence.stated(span), datePrecision=evidence.stated(span))
    return when, {**out, **_expression(when, spec, span, where)}


def _derived(when, spec, span, others: list, where) -> dict:
    rule = spec.get("rule")
    if not rule:
        raise InputError(f"date {spec!r}: a derived date needs its `rule:`; {HINT}", where)
    premises = [o.statement(b) for o in others for b in BOUNDS]
    derived = evidence.derive(str(rule), premises, span)
    return {**{name: derived for name in _present(when)}, **_expression(when, spec, span, where)}


def basis_of(spec, when, span, own, pub, other, others, where):
    """The date (EDTF possibly masked) and the basis of each of its triples, by the form of the spec."""
    kind = spec.get("basis") if isinstance(spec, dict) else None
    if other is not None:
        return when, _same_as(when, spec, span, other, where)
    if isinstance(spec, dict) and "relative" in spec:
        return _relative(when, spec, span, pub, where)
    if kind == "derived":
        return when, _derived(when, spec, span, others, where)
    if kind == "curator" or (isinstance(spec, dict) and spec.get("reason")):
        return _curator(when, spec, span, own, where)
    if when.year_inferred:
        raise InputError(
            f"date {spec!r}: `year_inferred: true` needs the `reason:` the curator infers it by; {HINT}", where
        )
    if not _words_in(span, when, spec):
        raise _unstated(spec, span, where)
    stated = evidence.stated(span)
    return when, {**{name: stated for name in _present(when)}, **_expression(when, spec, span, where)}


MONTH = {name: i + 1 for i, names in enumerate(words.MONTH_WORDS) for name in names if len(name) > 3}
MONTHS = "|".join(sorted(MONTH, key=len, reverse=True))
DAY_FIRST = re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})\b", re.I)
MONTH_FIRST = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def days_named(text: str) -> list[date]:
    """The calendar days a text names: "21 October 2024", "October 21, 2024", "21 oktober 2024", "2024-10-21"."""
    found = [(int(y), MONTH[m.lower()], int(d)) for d, m, y in DAY_FIRST.findall(text)]
    found += [(int(y), MONTH[m.lower()], int(d)) for m, d, y in MONTH_FIRST.findall(text)]
    found += [(int(y), int(m), int(d)) for y, m, d in ISO.findall(text)]
    out = []
    for y, m, d in found:
        try:
            out.append(date(y, m, d))
        except ValueError:
            continue
    return out


def check_note(note: str, dated: "Dated", where: str) -> None:
    """A thing's date never contradicts its own note: every day the note names lies within its bounds."""
    w = dated.when
    for day in days_named(note):
        if not w.earliest <= day <= w.latest:
            raise InputError(
                f"the note names {day.isoformat()}, outside this thing's date {w.edtf} ({w.earliest.isoformat()} to"
                f" {w.latest.isoformat()}): date the thing as its note says (a `reason:` makes it curator knowledge),"
                " or leave that day out of the note; a thing's date never contradicts its own note",
                where,
            )


def own_span(doc_id: str, text: str, spec, where: str) -> Span | None:
    """The span of a date's own `quote:` (None when it has none)."""
    if isinstance(spec, dict) and spec.get("quote") is not None:
        return anchor(doc_id, text, spec["quote"], spec.get("in"), where)
    return None


def split_expression(spec, language: str, where: str) -> tuple:
    """The spec with its `expression` in the article's language, and the curator's renderings in others.

    `expression: {nl: dinsdag, en: on Tuesday}` keeps "dinsdag" as the text's words and "on Tuesday"
    as the curator's translation of them.
    """
    expression = spec.get("expression") if isinstance(spec, dict) else None
    if not isinstance(expression, dict):
        return spec, ()
    if language not in expression:
        raise InputError(
            f"date expression {expression!r}: a translation needs its original, the text's words under"
            f" `{language}:`; {HINT}",
            where,
        )
    others = tuple(sorted((tag, str(text)) for tag, text in expression.items() if tag != language))
    return {**spec, "expression": str(expression[language])}, others


def parse_spec(spec, pub: dates.When | None, where: str) -> dates.When:
    """The When of a date spec, its evidence keys set aside."""
    if isinstance(spec, dict):
        spec = {k: v for k, v in spec.items() if k not in EVIDENCE_KEYS}
    return dates.parse(spec, pub, where)


def date_for(node, graph, language, spec, when, span, own, pub, other=None, others=(), where="?", renderings=()):
    """A node's Dated: its date with the basis of each triple (`renderings`: translations of its expression)."""
    if isinstance(spec, dict) and spec.get("basis") not in (None, "stated", "curator", "derived"):
        raise InputError(
            f"date {spec!r}: unknown basis {spec['basis']!r}; use stated, derived or curator; {HINT}", where
        )
    when, bases = basis_of(spec, when, span, own, pub, other, list(others), where)
    if renderings:
        original = Literal(when.expression, lang=language)
        span_of = bases["dateExpression"].span
        bases.update({f"dateExpression@{tag}": evidence.translation(original, span_of) for tag, _ in renderings})
    return Dated(node, graph, when, language, bases, tuple(renderings))


def derived_premises(spec) -> list:
    """The ids a derived date rests on (`from:`)."""
    value = spec.get("from", []) if isinstance(spec, dict) else []
    return [value] if isinstance(value, str) else list(value)

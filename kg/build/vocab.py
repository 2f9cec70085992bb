"""What the ontology declares: its classes and properties, and how to turn curated values into RDF terms."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.errors import InputError
from kg.rdf.namespaces import DIP, ID

LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
WIKIDATA_ITEM = re.compile(r"Q[1-9][0-9]*")
BUILT = {"baseValue", "baseUnit", "approximate"}  # computed by the build (kg.build.numbers)
NOTED = {"curatorNote", "dateReason", "omissionReason", "sourceFile", "sha256"}  # written under other keys


@dataclass(frozen=True)
class Vocab:
    """The ontology's classes and properties by local name."""

    classes: frozenset
    object_props: frozenset
    data_ranges: dict  # local name -> range IRI
    unwritten: frozenset = frozenset()  # properties a facts file does not write (reasoner's, evidence's)

    @classmethod
    def from_graph(cls, onto: Graph) -> "Vocab":
        def local(kind):
            return {str(s)[len(DIP) :] for s in onto.subjects(RDF.type, kind) if str(s).startswith(str(DIP))}

        data = {n: onto.value(DIP[n], RDFS.range) or XSD.string for n in local(OWL.DatatypeProperty)}
        unevidenced = {str(p)[len(DIP) :] for p in onto.objects(DIP.UnevidencedProperties, RDFS.member)}
        vocabulary = {str(c)[len(DIP) :] for c in onto.objects(None, RDF.type) if str(c).startswith(str(DIP))}
        return cls(
            frozenset(local(OWL.Class) - vocabulary),
            frozenset(local(OWL.ObjectProperty)),
            data,
            frozenset(unevidenced | BUILT) - NOTED,
        )

    @property
    def properties(self):
        return sorted(self.object_props | set(self.data_ranges))

    def check_class(self, name, where) -> URIRef:
        if not isinstance(name, str) or name not in self.classes:
            raise InputError(f"unknown type {name!r}; use one of {sorted(self.classes)}", where)
        return DIP[name]

    def term(self, prop, raw, lang, known_ids, where):
        """Turn one curated value of property `prop` (text in language `lang`) into an RDF term."""
        if prop in self.unwritten:
            raise InputError(
                f"{prop!r} is not written in a facts file: the build or the reasoner makes it "
                "(base values and units from `value` and `unit`, inverses and chains from the stated property, "
                "evidence from each value's keys; see seeds/README.md)",
                where,
            )
        if prop in self.object_props:
            return _ref(raw, known_ids, prop, where)
        if prop in self.data_ranges:
            if isinstance(raw, (dict, list)):
                raise InputError(f"{prop}: {raw!r} is not a single value", where)
            return literals(raw, self.data_ranges[prop], lang, prop, where)[0]
        raise InputError(f"unknown key {prop!r}; a property of the ontology is one of {self.properties}", where)

    def objects(self, prop, value, lang, known_ids, where) -> list:
        """Turn a curated value of property `prop` into RDF terms."""
        if prop in self.object_props:
            return [_ref(v, known_ids, prop, where) for v in _as_list(value)]
        if prop in self.data_ranges:
            return literals(value, self.data_ranges[prop], lang, prop, where)
        raise InputError(f"unknown key {prop!r}; a property of the ontology is one of {self.properties}", where)


def wikidata_item(value, where) -> str:
    """A thing's `wikidata:` value, checked to be an item's Q-id."""
    if not isinstance(value, str) or not WIKIDATA_ITEM.fullmatch(value):
        raise InputError(f"wikidata: {value!r:.60} is not a Wikidata item: give its Q-id, such as Q159", where)
    return value


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _ref(value, known_ids, prop, where) -> URIRef:
    if not isinstance(value, str) or value not in known_ids:
        raise InputError(f"{prop}: unknown id {value!r}; declare it under `things` in a seeds file", where)
    return ID[value]


def canonical_decimal(value) -> str:
    """The XSD 1.1 canonical form of a decimal ('1500', '21.1'), the form triple stores such as Oxigraph keep."""
    return format(Decimal(str(value)).normalize(), "f")


def _lang_literal(text, tag, prop, where) -> Literal:
    if not isinstance(tag, str) or not LANG_TAG.match(tag) or not isinstance(text, (str, int, float)):
        raise InputError(
            f"{prop}: {tag!r}: {text!r} is not a language tag and its text; quote texts that contain "
            "',' or ':' inside {...}, or write one `lang: text` per line",
            where,
        )
    return Literal(str(text), lang=tag)


def literals(value, datatype, lang, prop, where) -> list:
    """Literals of a datatype; strings for rdf:langString take `lang` unless given as {lang: text}."""
    if datatype == RDF.langString:
        out = []
        for v in _as_list(value):
            pairs = v.items() if isinstance(v, dict) else [(lang, v)]
            out += [_lang_literal(t, tag, prop, where) for tag, texts in pairs for t in _as_list(texts)]
        return out
    if datatype == XSD.decimal:
        try:
            return [Literal(canonical_decimal(v), datatype=XSD.decimal) for v in _as_list(value)]
        except InvalidOperation:
            raise InputError(f"{prop}: {value!r} is not a number", where) from None
    if datatype == XSD.boolean:
        if not all(isinstance(v, bool) for v in _as_list(value)):
            raise InputError(f"{prop}: {value!r} is not true or false", where)
        return [Literal(v) for v in _as_list(value)]
    return [Literal(str(v), datatype=None if datatype == XSD.string else datatype) for v in _as_list(value)]

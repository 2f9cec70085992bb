"""Compare SELECT answers from different triple stores as sets of normalized rows of RDF terms.

What is normalized, and why (each is a difference of form that no user of the answer can tell
apart, or one the SPARQL standard leaves to the store):

- Simple literals: Virtuoso's JSON gives `"day"` with no datatype, pyoxigraph gives
  `"day"^^xsd:string`. In RDF 1.1 these are the same term.
- Numbers: compared by value, integer-derived types as xsd:integer (pyoxigraph 0.5 stores
  `"1008"^^xsd:nonNegativeInteger` as `"1008"^^xsd:integer`, which is why our offsets are
  xsd:integer), and decimals may come back as `880` or `880.0`.
- Booleans: `true` and `1` are the same xsd:boolean value; Virtuoso gives `1`.
- Dates: compared as `xsd:date` values, so `2021-03-25` and a form with a time zone or
  leading zeros stripped differently would still be one date.
- Language tags: lowercased; BCP 47 tags are case-insensitive.
- GROUP_CONCAT columns: split on their separator and sorted. The order of the concatenated
  values is not defined by SPARQL (Virtuoso and Oxigraph differ).
- SAMPLE columns: reduced to whether a value was found. SAMPLE may return any value of its
  group (SPARQL 1.1, 18.5.1.8), and the stores pick differently among labels in two languages.
- Rows are compared as sets: the canned queries aggregate or order, and the order of equal keys
  and duplicate rows from the union default graph are not what the comparison is about.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

INTEGERS = {
    XSD[t]
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
NUMBERS = INTEGERS | {XSD.decimal, XSD.double, XSD.float}
_CONCAT = re.compile(r'GROUP_CONCAT\s*\(.*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)', re.IGNORECASE | re.DOTALL)
_SAMPLE = re.compile(r"SAMPLE\s*\([^)]*\)\s*AS\s+\?(\w+)", re.IGNORECASE)


def norm_term(t):
    """One RDF term in a form that compares equal across stores (see the module docstring)."""
    if t is None or isinstance(t, URIRef):
        return t
    if t.language:
        return Literal(str(t), lang=t.language.lower())
    if t.datatype in (None, XSD.string):
        return Literal(str(t))
    if t.datatype in NUMBERS:
        try:
            value = Decimal(str(t)).normalize()
        except InvalidOperation:
            return t
        return ("number", value)
    if t.datatype == XSD.boolean:  # "true" and "1" are one value (Virtuoso gives "1")
        return ("boolean", str(t) in ("true", "1"))
    if t.datatype == XSD.date:
        return ("date", date.fromisoformat(str(t)[:10]), str(t)[10:].replace("Z", "+00:00") or None)
    return t


def column_rules(sparql: str) -> dict:
    """For each projected variable of a query: ('concat', separator) or ('sample',), where special."""
    rules = {name: ("concat", sep) for sep, name in _CONCAT.findall(sparql)}
    rules.update({name: ("sample",) for name in _SAMPLE.findall(sparql)})
    return rules


def norm_cell(t, rule):
    """One cell of a row, normalized by its column's rule."""
    if rule and rule[0] == "sample":
        return t is not None
    if rule and rule[0] == "concat" and t is not None:
        return ("concat", tuple(sorted(str(t).split(rule[1]))))
    return norm_term(t)


def normalize(sparql: str, variables: list, rows: list) -> set:
    """The rows of a SELECT answer as a set of normalized tuples, columns in the order of `variables`."""
    rules = column_rules(sparql)
    return {tuple(norm_cell(cell, rules.get(str(v))) for v, cell in zip(variables, row, strict=True)) for row in rows}


def ordered(variables: list, rows: list, wanted: list) -> list:
    """The same rows with their columns in the order of `wanted` (stores may order columns differently)."""
    index = [list(map(str, variables)).index(w) for w in wanted]
    return [tuple(row[i] for i in index) for row in rows]

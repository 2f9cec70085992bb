"""Figures made machine-readable: the value in base units with a unit IRI, and whether it is approximate.

A statistic keeps the figure as the text gives it (`value` in its `unit`, "USD million", and
`statedAs`, the text's words). Beside them the build adds, each with its evidence:

- dip:baseValue, the value in the unit's base (USD, people, percent), and dip:baseUnit, the unit
  as an IRI (dip:USD carries its ISO 4217 code as skos:notation): derived by "unit-conversion";
- dip:approximate true when the stated words mark the figure as approximate ("~",
  "approximately", "about", "around", "ongeveer", ...): stated by those words.

A growth factor ("approximately 25 times") is a `factor`, not a `value`: it is no amount.
"""

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

from kg.build import evidence, words
from kg.build.vocab import canonical_decimal
from kg.build.yamlfile import line_of
from kg.errors import InputError
from kg.rdf.iris import statement_iri
from kg.rdf.namespaces import DIP

UNITS = {
    "USD": (DIP.USD, 1),
    "USD thousand": (DIP.USD, 10**3),
    "USD million": (DIP.USD, 10**6),
    "USD billion": (DIP.USD, 10**9),
    "USD trillion": (DIP.USD, 10**12),
    "people": (DIP.People, 1),
    "percent": (DIP.Percent, 1),
    "rank": (DIP.Rank, 1),
    "times": (DIP.Times, 1),
}
APPROXIMATE = {"~", "≈", "approximately", "about", "around", "roughly", "circa", "ongeveer", "rond", "zo'n"}


def _one(asserted, prop):
    found = [t for t in asserted if t[1] == DIP[prop]]
    return found[0] if found else None


def _unit(thing, unit) -> tuple:
    where = line_of(thing, "unit", thing.where)
    if str(unit[2]) not in UNITS:
        raise InputError(f"unit {str(unit[2])!r} is not one the build can convert; use one of {list(UNITS)}", where)
    return UNITS[str(unit[2])]


def asserted(s, thing, facts: list, graph) -> list:
    """The base value, base unit and approximation of a statistic, (s, p, o, Basis), from its asserted triples."""
    value, unit, stated_as = _one(facts, "value"), _one(facts, "unit"), _one(facts, "statedAs")
    if value is not None and _one(facts, "factor") is not None:
        raise InputError(
            'a statistic is an amount (`value`) or a growth factor (`factor`, "25 times"), not both: '
            "make the factor a statistic of its own",
            line_of(thing, "factor", thing.where),
        )
    out = []
    if unit is not None:
        iri, scale = _unit(thing, unit)
        unit_statement = (statement_iri(unit[0], unit[1], unit[2], graph), unit[3])
        out.append((s, DIP.baseUnit, iri, evidence.derive("unit-conversion", [unit_statement])))
        if value is not None:
            base = Literal(canonical_decimal(Decimal(str(value[2])) * scale), datatype=XSD.decimal)
            premises = [(statement_iri(value[0], value[1], value[2], graph), value[3]), unit_statement]
            out.append((s, DIP.baseValue, base, evidence.derive("unit-conversion", premises)))
    if stated_as is not None and APPROXIMATE & set(words.tokens(stated_as[2])):
        out.append((s, DIP.approximate, Literal(True), stated_as[3]))  # the same words state it
    return out

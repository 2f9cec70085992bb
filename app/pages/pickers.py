"""What a canned query's form offers for a parameter: the things of the class it needs, by label.

The class comes from the query's SPARQL: `?param a dip:C`, else the range (or domain) the ontology gives
the property that links it, narrowed to the class its name says when that is a subclass (a `country`
linked by dip:participant, whose range is dip:Agent, is a dip:Country), else that class alone.
A `lang` parameter offers the languages the labels have."""

import re

from flask_babel import gettext

from app import i18n
from app.pages import data
from app.pages.terms import best_label, curie, local_path
from kg.rdf.namespaces import DIP, PREFIXES

PNAME = r"[a-z][\w-]*:[A-Za-z_][\w-]*"  # a prefixed name such as dip:location


def links(sparql: str, name: str) -> tuple:
    """What a query's text says of `?name`: the classes it must have (`?name a dip:C`), and the properties
    that link to it (`... dip:p ?name`) and from it (`?name dip:p ...`), as IRIs."""
    var = rf"\?{re.escape(name)}\b"
    typed = re.findall(rf"{var}\s+a\s+({PNAME})", sparql)
    into = re.findall(rf"(?<![/^])({PNAME})\s+{var}", sparql)
    out_of = re.findall(rf"{var}\s+({PNAME})", sparql)
    return tuple([expand(p) for p in found if p.partition(":")[0] in PREFIXES] for found in (typed, into, out_of))


def expand(pname: str) -> str:
    """The IRI of a prefixed name in the project's prefixes."""
    prefix, _, local = pname.partition(":")
    return str(PREFIXES[prefix]) + local


def class_of(query, name: str) -> str | None:
    """The class of thing a query's IRI parameter needs, or None when its SPARQL does not say."""

    def compute():
        typed, into, out_of = links(query.text, name)
        found = typed[0] if typed else None
        for prop, column in [(p, 0) for p in into] + [(p, 1) for p in out_of]:
            if found:
                break
            rows = data.run("picker-class", p=prop).rows
            found = str(rows[0][column]) if rows and rows[0][column] is not None else None
        named = str(DIP[name.capitalize()])
        if found is None:  # no class in the SPARQL: the one its name says, if the data has such things
            return named if members(named) else None
        return named if named != found and data.run("picker-narrower", narrow=named, wide=found).boolean else found

    return data.cached(f"picker-class-{query.name}-{name}", compute)


def members(cls: str) -> list:
    """The things of a class as options: the value a form sends (short id or prefixed name) and their label."""

    def compute():
        labels: dict = {}
        for thing, label in data.run("picker-members", **{"class": cls}).rows:
            names = labels.setdefault(str(thing), [])
            if label is not None:
                names.append(label)
        return labels

    found = data.cached(f"picker-members-{cls}", compute)
    options = [
        {"value": local_path(iri) or curie(iri), "label": best_label(names, i18n.label_order()) or curie(iri)}
        for iri, names in found.items()
    ]
    return sorted(options, key=lambda o: o["label"].lower())


def languages() -> list:
    """The languages the data's labels are written in, as options named in the interface language."""
    found = data.cached("picker-languages", lambda: [str(r[0]) for r in data.run("label-languages").rows if r[0]])
    names = {"en": gettext("English"), "nl": gettext("Dutch")}
    return [{"value": code, "label": names.get(code, code)} for code in found]

"""Canned queries: `.rq` files with a `#+` YAML header of title, description and typed parameters."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import yaml
from pyoxigraph import NamedNode
from pyparsing import CaselessKeyword, Regex
from pyparsing import Literal as Symbol
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import parser as grammar

from kg import paths
from kg.errors import InputError
from kg.rdf.namespaces import ID, PREFIXES, sparql_prologue

HEADER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when present: ten times faster

TYPES = ("iri", "string", "date", "integer", "decimal")
# The lexical forms of xsd:integer and xsd:decimal (ASCII digits: no NaN, no infinity, no "1_000")
NUMBER = {"integer": re.compile(r"[+-]?[0-9]+"), "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# The SPARQL tokens that can hold a brace or the word WHERE without being one (comments, strings, IRIs,
# variables, prefixed names, language tags: rdflib's own grammar terminals), and the tokens looked for.
_TOKENS = (
    Regex(r"#[^\r\n]*")
    | grammar.String
    | grammar.IRIREF
    | grammar.VAR1
    | grammar.VAR2
    | grammar.PNAME_LN
    | grammar.PNAME_NS
    | grammar.LANGTAG
    | CaselessKeyword("WHERE")
    | CaselessKeyword("CONSTRUCT")
    | Symbol("{")
    | Symbol("}")
)


@lru_cache(maxsize=256)  # a scan takes milliseconds; canned queries are bound again and again
def where_group(sparql: str) -> int | None:
    """Where the query's outermost WHERE group opens (just past its `{`), or None when it has none.

    It is the first `{` outside every other group that is not a CONSTRUCT template (the keyword
    WHERE is optional before it). Found among the query's tokens, so a brace or a WHERE inside a
    comment, a string or an IRI is never taken for one.
    """
    depth, before = 0, None
    for _, start, end in _TOKENS.scan_string(sparql):
        token = sparql[start:end].upper()
        if token.startswith("#"):
            continue
        if token == "{":
            if depth == 0 and before != "CONSTRUCT":
                return end
            depth += 1
        elif token == "}":
            depth -= 1
        before = token
    return None


def bind(sparql: str, bindings: dict) -> str:
    """Bind variables to RDF terms with a VALUES block opening the outermost WHERE group.

    Terms are written by rdflib's `n3()`, which escapes literals; IRIs are checked by `Param.term`,
    so a value can never change the query's structure. Every store then sees the same query.
    """
    if not bindings:
        return sparql
    at = where_group(sparql)
    if at is None:
        raise InputError("a query with parameters needs a WHERE clause `{ ... }` to bind them in")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return f"{sparql[:at]}\n  VALUES ({names}) {{ ({values}) }}{sparql[at:]}"


@dataclass(frozen=True)
class Param:
    """A typed query parameter, bound as an RDF term to the variable of the same name."""

    name: str
    type: str
    default: str | None
    description: str
    optional: bool = False

    def term(self, raw) -> URIRef | Literal:
        """Convert a raw string to an RDF term of this parameter's type, or raise InputError naming it."""
        text = str(raw)
        try:
            if self.type in NUMBER and not NUMBER[self.type].fullmatch(text.strip()):
                raise ValueError(text)
            if self.type == "iri":
                return _iri(text)
            if self.type == "date":
                return Literal(date.fromisoformat(text), datatype=XSD.date)
            if self.type == "integer":
                return Literal(int(text), datatype=XSD.integer)
            if self.type == "decimal":
                return Literal(Decimal(text), datatype=XSD.decimal)
        except (ValueError, InvalidOperation):
            raise InputError(f"parameter {self.name!r}: {text!r} is not a valid {self.type}") from None
        return Literal(text)


def _iri(text: str) -> URIRef:
    """An id, prefixed name or absolute IRI as an IRI that SPARQL parsers accept (RFC 3987, checked by oxigraph)."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    elif ":" not in text:
        text = str(ID) + text
    if not re.match(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]*$", text):
        raise ValueError(text)
    NamedNode(text)  # raises ValueError for code points an IRI cannot hold (controls, non-characters)
    return URIRef(text)


@dataclass(frozen=True)
class CannedQuery:
    """One `.rq` file: its metadata, its parameters and its SPARQL."""

    name: str
    title: str
    description: str
    params: tuple
    sparql: str

    @property
    def text(self) -> str:
        """The SPARQL as written; stores declare the project's prefixes themselves."""
        return self.sparql

    @property
    def full_text(self) -> str:
        """The SPARQL with the project's prefix declarations in front, to copy elsewhere."""
        return sparql_prologue() + self.sparql

    def bindings(self, given: dict) -> dict:
        """Typed RDF terms for every parameter: given values, else defaults; unknown names are refused."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise InputError(f"query {self.name!r} has no parameter {unknown[0]!r}; it takes {sorted(known) or 'none'}")
        out = {}
        for p in self.params:
            raw = given.get(p.name, p.default)
            if raw is None or raw == "":
                if p.optional:
                    continue  # left unbound: the query matches any value
                raise InputError(f"parameter {p.name!r} of query {self.name!r} is required")
            out[p.name] = p.term(raw)
        return out


def parse(path: Path, canned: bool = True) -> CannedQuery:
    """Read a `.rq` file; its `#+ ` lines are YAML metadata, which a canned query must have."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [ln[3:] if ln.startswith("#+ ") else ln[2:] for ln in lines if ln.startswith("#+")]
    body = "".join(ln for ln in lines if not ln.startswith("#+"))
    try:
        meta = yaml.load("".join(header), Loader=HEADER_LOADER) or {}
    except yaml.YAMLError as e:
        raise InputError(f"bad #+ header: {e}", str(path)) from None
    for key in ("title", "description"):
        if key not in meta and canned:
            raise InputError(f"the #+ header needs `{key}:`", str(path))
    params = []
    for name, spec in (meta.get("params") or {}).items():
        if not _NAME.match(name) or spec.get("type") not in TYPES:
            raise InputError(f"parameter {name!r} needs a lowercase name and a type in {TYPES}", str(path))
        default = spec.get("default")
        params.append(
            Param(
                name,
                spec["type"],
                None if default is None else str(default),
                spec.get("description", ""),
                bool(spec.get("optional", False)),
            )
        )
    return CannedQuery(path.stem, meta.get("title", path.stem), meta.get("description", ""), tuple(params), body)


def load_all(folder: Path = paths.QUERIES) -> dict:
    """Every canned query of a folder by name."""
    return {q.name: q for q in map(parse, sorted(Path(folder).glob("*.rq")))}

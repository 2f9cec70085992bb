"""Render query answers for a terminal or a file: a plain table, or a standard format.

| format | SELECT | ASK | CONSTRUCT / DESCRIBE |
| --- | --- | --- | --- |
| table | a fixed-width table, prefixed IRIs | yes / no | a subject, predicate, object table |
| csv, tsv | SPARQL 1.1 Query Results CSV / TSV | one `boolean` column | subject, predicate, object columns |
| json | SPARQL 1.1 Query Results JSON | `{"head": {}, "boolean": …}` | JSON-LD |
| xml | SPARQL Query Results XML | `<boolean>` | RDF/XML |
| turtle, ntriples | refused (exit 2) | refused | Turtle (with the project's prefixes), N-Triples |

The standard formats are written by `kg.query.formats`, as the endpoint writes them.
"""

import json

from rdflib import BNode, Literal

from kg.errors import InputError
from kg.query import formats
from kg.query.results import Result
from kg.rdf.namespaces import ID, PREFIXES

TRIPLE = ["subject", "predicate", "object"]
_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items() if p != "id"), key=lambda pn: -len(pn[0]))


def short(term) -> str:
    """A term as a person reads it: resources by their id, other IRIs prefixed, literals as text (with @lang)."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term).replace("\n", "\\n")
        return f"{text}@{term.language}" if term.language else text
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    if text.startswith(str(ID)):
        return text[len(str(ID)) :]
    for base, prefix in _NAMESPACES:
        if text.startswith(base):
            return f"{prefix}:{text[len(base) :]}"
    return text


def _grid(header: list, rows: list, width: int) -> list:
    """Fixed-width lines: a header, a rule, then one line per row of terms (cells cut at `width`)."""
    cells = [[short(v)[:width] for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return lines


def table(result: Result, width: int = 60) -> str:
    """A fixed-width table of a SELECT's rows or a graph's triples, or the ASK answer as yes or no."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        n = len(result.triples)
        return "\n".join(_grid(TRIPLE, result.triples, width) + [f"({n} triple{'s' if n != 1 else ''})"])
    n = len(result.rows)
    return "\n".join(_grid(result.variables, result.rows, width) + [f"({n} row{'s' if n != 1 else ''})"])


def _as_rows(result: Result) -> Result:
    """An answer as SELECT rows for the tabular formats: a graph as ?subject ?predicate ?object, ASK as ?boolean."""
    if result.kind == "ask":
        return Result("select", ["boolean"], [(Literal(bool(result.boolean)),)])
    if result.kind == "graph":
        return Result("select", TRIPLE, [tuple(t) for t in result.triples], truncated=result.truncated)
    return result


_MEDIA = {  # format: (the media type of a SELECT or ASK answer, of a graph); None: not offered
    "csv": (formats.CSV, formats.CSV),
    "tsv": (formats.TSV, formats.TSV),
    "json": (formats.SPARQL_JSON, formats.JSONLD),
    "xml": (formats.SPARQL_XML, formats.RDFXML),
    "turtle": (None, formats.TURTLE),
    "ntriples": (None, formats.NTRIPLES),
}
FORMATS = ("table", *_MEDIA)


def render(result: Result, fmt: str) -> str:
    """The answer in one of FORMATS; InputError for an RDF format asked of a SELECT or ASK answer."""
    if fmt == "table":
        return table(result) + "\n"
    select_type, graph_type = _MEDIA[fmt]
    media_type = graph_type if result.kind == "graph" else select_type
    if media_type is None:
        offered = ", ".join(f for f in FORMATS if f == "table" or _MEDIA[f][0])
        raise InputError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE answers; {result.kind.upper()} answers in {offered}"
        )
    body = formats.serialize(_as_rows(result) if media_type in (formats.CSV, formats.TSV) else result, media_type)
    if fmt == "json":  # indented for reading
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False) + "\n"
    text = body.decode("utf-8")
    return text if text.endswith("\n") else text + "\n"

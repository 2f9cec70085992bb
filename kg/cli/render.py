"""Render query results for a terminal: a plain table, CSV or JSON."""

import csv
import io
import json

from rdflib import Literal

from kg.query.results import Result
from kg.rdf.namespaces import PREFIXES


def short(term) -> str:
    """A term as a person reads it: prefixed IRIs, literals as their text (with @lang)."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return f"{term}@{term.language}" if term.language else str(term)
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and prefix != "id":
            return f"{prefix}:{text[len(ns) :]}"
    return text[len(PREFIXES["id"]) :] if text.startswith(str(PREFIXES["id"])) else text


def table(result: Result, width: int = 60) -> str:
    """A fixed-width table of a SELECT result, or the ASK answer, or N-Triples-like lines."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return "\n".join(" ".join(short(t) for t in triple) for triple in result.triples)
    cells = [[short(v)[:width] for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(result.variables)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(result.variables, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def as_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([["" if v is None else str(v) for v in row] for row in result.rows])
    return out.getvalue()


def as_json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean})
    rows = [{k: str(v) for k, v in zip(result.variables, row) if v is not None} for row in result.rows]
    return json.dumps({"variables": result.variables, "rows": rows}, indent=1, ensure_ascii=False)


FORMATS = {"table": table, "csv": as_csv, "json": as_json}

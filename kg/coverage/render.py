"""`kg coverage` for people: a summary table, and the gaps of each article to work from."""

import json

from kg.rdf.namespaces import ID

COLUMNS = ("sentences", "covered", "explained", "uncovered", "percent", "unlinked_mentions", "unquoted_values")
HEADERS = ("sentences", "covered", "explained", "uncovered", "covered or explained", "unlinked mentions", "unquoted")


def short(iri: str) -> str:
    """An IRI of the project's resources as its id (`russia`), any other IRI as it is."""
    return iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri


def _cells(name: str, figures: dict) -> list:
    return [name] + [f"{figures[c]:.1f}%" if c == "percent" else str(figures[c]) for c in COLUMNS]


def table(report: dict) -> str:
    """One line per article and one for all of them, in aligned columns."""
    lines = [["article", *HEADERS]] + [_cells(a["doc"], a["summary"]) for a in report["articles"]]
    if len(report["articles"]) > 1:
        lines.append(_cells("all", report["summary"]))
    widths = [max(len(row[i]) for row in lines) for i in range(len(lines[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in lines
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def gaps(article: dict) -> str:
    """What an article's facts still miss: uncovered sentences, unlinked mentions, values not in their quote."""
    s, doc = article["summary"], article["doc"]
    out = [
        f"## {doc}: {s['sentences']} sentences, {s['covered']} covered, {s['explained']} explained, "
        f"{s['uncovered']} uncovered ({s['percent']:.1f}% covered or explained); "
        f"{s['unlinked_mentions']} of {s['mentions']} mentions unlinked; "
        f"{s['unquoted_values']} values not in their quote"
    ]
    uncovered = [x for x in article["sentences"] if x["status"] == "uncovered"]
    out.append(f"\nSentences without a fact or a reason ({len(uncovered)}):")
    out += [f"  {x['start']}-{x['end']}  {_one_line(x['text'])}" for x in uncovered] or ["  none"]
    out.append(f"\nKnown names that no span links ({len(article['unlinked_mentions'])}):")
    out += [
        f"  {m['start']}-{m['end']}  {m['text']!r} = {', '.join(map(short, m['things']))}"
        for m in article["unlinked_mentions"]
    ] or ["  none"]
    out.append(f"\nStated values whose words are not in their quote ({len(article['unquoted_values'])}):")
    out += [
        f"  {short(v['subject'])} {short(v['predicate'])} {v['value']!r}  (quote: {_one_line(v['quote'])!r})"
        for v in article["unquoted_values"]
    ] or ["  none"]
    return "\n".join(out)


def text(report: dict) -> str:
    """The summary table, then each article's gaps."""
    return "\n\n".join([table(report), *(gaps(a) for a in report["articles"])])


FORMATS = {"text": text, "summary": table, "json": lambda report: json.dumps(report, ensure_ascii=False, indent=2)}

"""Write the README's counts from the dump: classes, triples and statements per basis ("What the graph holds").

    .venv/bin/python -m tools.readme_figures           # rewrite them in README.md (after `kg build`)
    .venv/bin/python -m tools.readme_figures --check   # exit 1, showing what differs, when README.md is stale

They sit between the lines BEGIN and END below; tests/test_readme.py fails when they differ from
what this writes. The class counts are `kg stats`'s (the canned query class-counts: members of a
subclass counted in its superclasses); the triple counts are counted in dump/kg.nq.
"""

import argparse
import difflib
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kg import paths
from kg.query.canned import load_all
from kg.query.stores import OxigraphStore
from kg.rdf.namespaces import DIP, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH

README = paths.ROOT / "README.md"
BEGIN, END = "<!-- figures: python -m tools.readme_figures -->", "<!-- /figures -->"
# The table's two columns of (class, how the table names it)
LEFT = (
    ("Article", "Article"),
    ("Country", "Country"),
    ("City", "City"),
    ("Official", "Official"),
    ("Person", "Person (incl. officials)"),
    ("Organization", "Organization"),
)
RIGHT = (
    ("Meeting", "Meeting"),
    ("Agreement", "Agreement"),
    ("Initiative", "Initiative"),
    ("Event", "Event (all kinds)"),
    ("Statement", "Statement"),
    ("Statistic", "Statistic"),
)


def class_counts(dump: Path) -> dict[str, int]:
    """Things per dip: class, as `kg stats` counts them, by local name."""
    q = load_all()["class-counts"]
    rows = OxigraphStore(dump / "kg.nq").query(q.text).rows
    return {str(cls).removeprefix(str(DIP)): int(n) for cls, n in rows}


def triple_counts(dump: Path) -> tuple[Counter[str], int, Counter[str]]:
    """Quads per named graph of dump/kg.nq, how many distinct triples the stated graphs hold, statements per basis."""
    per_graph: Counter[str] = Counter()
    bases: Counter[str] = Counter()
    stated = set()
    basis = str(DIP.basis)
    for q in ox.parse(path=str(dump / "kg.nq"), format=ox.RdfFormat.N_QUADS):
        graph = q.graph_name.value
        per_graph[graph] += 1
        if graph != str(INFERRED_GRAPH):
            stated.add(q.triple)
        if q.predicate.value == basis:
            bases[q.object.value.removeprefix(str(DIP))] += 1
    return per_graph, len(stated), bases


def render(classes: dict[str, int], per_graph: Counter[str], distinct: int, bases: Counter[str]) -> str:
    """The block of README text: the class table and a sentence of triple counts."""
    rows = ["| class | count | | class | count |", "| --- | ---: | --- | --- | ---: |"]
    for (lc, ln), (rc, rn) in zip(LEFT, RIGHT, strict=True):
        rows.append(f"| {ln} | {classes.get(lc, 0):,} | | {rn} | {classes.get(rc, 0):,} |")
    inferred = per_graph[str(INFERRED_GRAPH)]
    named = sorted(g for g in per_graph if g not in (str(INFERRED_GRAPH), str(ONTOLOGY_GRAPH)))
    parts = [f"{per_graph[g]:,} in `id:{g.removeprefix(str(ID))}`" for g in named]
    parts.append(f"{per_graph[str(ONTOLOGY_GRAPH)]:,} in `id:graph/ontology`")
    stated = sum(per_graph.values()) - inferred
    sentence = (
        f"{stated:,} stated triples ({', '.join(parts)}), {distinct:,} of them distinct (a triple that two "
        f"graphs state is one triple of the merged `kg.ttl`), plus {inferred:,} inferred ones in `id:graph/inferred`."
    )
    text = textwrap.fill(sentence, 78, break_long_words=False, break_on_hyphens=False)
    basis_rows = ["| basis of a statement | statements |", "| --- | ---: |"]
    basis_rows += [
        f"| `dip:{name}` | {bases[name]:,} |"
        for name in ("Stated", "Derived", "CuratorKnowledge", "CuratorTranslation")
    ]
    return "\n".join([BEGIN, *rows, "", text, "", *basis_rows, END])


def computed(dump: Path = paths.DUMP) -> str:
    """The block as the dump in `dump` makes it."""
    return render(class_counts(dump), *triple_counts(dump))


def shown(text: str) -> str:
    """The block as README text shows it, markers included ("" if they are missing)."""
    start, end = text.find(BEGIN), text.find(END)
    return text[start : end + len(END)] if 0 <= start < end else ""


def main(argv=None) -> int:
    """Rewrite the README's block, or with --check say whether it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md differs, rewriting nothing")
    parser.add_argument("--dump", type=Path, default=paths.DUMP, help="the dump folder to count (default dump/)")
    args = parser.parse_args(argv)
    text, block = README.read_text(encoding="utf-8"), computed(args.dump)
    old = shown(text)
    if not old:
        print(f"{README}: no lines {BEGIN} ... {END} around the counts to rewrite", file=sys.stderr)
        return 2
    if old == block:
        return 0
    if args.check:
        diff = difflib.unified_diff(old.splitlines(), block.splitlines(), "README.md", "the dump", lineterm="")
        print("\n".join(diff), file=sys.stderr)
        return 1
    README.write_text(text.replace(old, block), encoding="utf-8")
    print(f"updated the figures in {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

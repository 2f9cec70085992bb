"""Dump stage: deterministic serializations, written so a failure leaves the old dump intact."""
import json
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from .namespaces import PREFIXES
from .validate import merged

FILES = ("kg.ttl", "kg.trig", "kg.nq", "kg.jsonld")


def _bind(g):
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _sorted_json(value):
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(ds: Dataset) -> str:
    """JSON-LD with named graphs, every array in a stable order."""
    data = json.loads(_bind(ds).serialize(format="json-ld", auto_compact=False))
    return json.dumps(_sorted_json(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def nquads(ds: Dataset) -> str:
    """N-Quads, one line per quad, sorted."""
    lines = ds.serialize(format="nquads").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def trig(ds: Dataset) -> str:
    """TriG: each named graph's Turtle in a `<graph> { }` block, graphs in IRI order."""
    prefixes, blocks = set(), []
    for g in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        copy = Graph()
        for triple in g:
            copy.add(triple)
        lines = _bind(copy).serialize(format="turtle").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n")
        blocks.append(f"<{g.identifier}> {{\n{body}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def serialize_all(ds: Dataset) -> dict[str, str]:
    """Every dump file's text, computed before anything is written."""
    ttl = _bind(merged(ds)).serialize(format="turtle")
    return {"kg.ttl": ttl, "kg.trig": trig(ds), "kg.nq": nquads(ds), "kg.jsonld": jsonld(ds)}


def write(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write the dumps: each file goes to a temporary file first, then is renamed into place."""
    texts = serialize_all(ds)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        written.append((tmp, out_dir / name))
    for tmp, final in written:
        os.replace(tmp, final)
    return [final for _, final in written]


def load_graph(path: Path) -> Graph:
    """Read a Turtle file, e.g. `dump/kg.ttl`."""
    return Graph().parse(path, format="turtle")

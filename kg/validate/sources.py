"""Where each node of the graph comes from: the facts file and line of every thing, property and value.

`kg build` makes this map from the facts files it reads (kg.build.yamlfile keeps the line of every
mapping and value) and writes it beside the dump as `sources.json` (FILE); `kg validate` reads it
to point a validation result at the line to fix. A node (a thing or an article, by IRI) has one
declaration per facts file that declares it: the line of its mapping, its quote, and for each key
the key's line and the line of each of its values (by the value's text). A statement of evidence
is placed by its triple and the article graph that asserts it (kg.rdf.iris); a text span by its
article. Paths are kept relative to the folder of the map, so a moved checkout still finds them.
"""

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.build import values
from kg.errors import InputError
from kg.rdf.iris import article_iri
from kg.rdf.namespaces import DIP, ID

FILE = "sources.json"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DATED = ("earliest", "latest", "datePrecision", "edtf", "dateExpression", "dateResolvedAgainst", "yearInferred")
KEYS = {  # predicate IRI -> the key of a facts file that writes it (a dip: property: its local name)
    f"{RDF}type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "altLabel",
    "http://www.w3.org/2004/02/skos/core#exactMatch": "wikidata",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "quote",
    "http://purl.org/dc/terms/title": "title",
    "http://purl.org/dc/terms/language": "language",
    **{f"{DIP}{p}": "date" for p in DATED},
    f"{DIP}curatorNote": "note",
    f"{DIP}dateReason": "date",
    f"{DIP}baseValue": "value",
    f"{DIP}baseUnit": "unit",
    f"{DIP}approximate": "statedAs",
    f"{DIP}sourceFile": "original_file",
}
UNPARSED = {"id", "quote", "in", "date", "published", "note"}  # not property values
ARTICLE_KEYS = {"label": "title", "date": "published"}  # an article's label is its title, its date `published`


@dataclass(frozen=True)
class Place:
    """Where a result points: the facts file, the line to fix, and the line of the thing's mapping."""

    file: str
    line: int
    thing_line: int
    quote: str | None = None
    also: tuple = ()  # file:line of the same key in the other facts files that declare the thing


def _digest(path: Path) -> str | None:
    """The SHA-256 of a file, None when there is none (a synthetic corpus's articles have no files)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _line(where: str) -> int:
    return int(where.rsplit(":", 1)[1])


def _key_of(predicate: str, article: bool) -> str | None:
    key = KEYS.get(predicate) or (predicate[len(DIP) :] if predicate.startswith(str(DIP)) else None)
    return ARTICLE_KEYS.get(key, key) if article and key else key


def value_text(term: str) -> str:
    """The text a facts file gives for a value in N-Triples syntax: an id for an IRI of ours, a literal's form."""
    if term.startswith(f"<{ID}"):
        return term[len(ID) + 1 : -1]
    if term.startswith('"'):
        return json.loads(term[: term.rindex('"') + 1])
    return re.split(r"[/#]", term.strip("<>"))[-1]  # a class (`type: City`), a Wikidata item (Q159)


def _keys(mapping, lang: str) -> dict:
    """key -> [its line, {value text: line}] of a thing's or an article's mapping."""
    out = {}
    for key, raw in mapping.items():
        where = mapping.line(key)
        out[key] = [_line(where), {} if key in UNPARSED else _values(raw, where, lang)]
    return out


def _values(raw, where: str, lang: str) -> dict:
    """{value text: line} of a property's values (nothing for a value the build reads in its own way)."""
    try:
        return {str(v.raw): _line(v.where) for v in values.parse(raw, where, lang)}
    except InputError:
        return {}


def declarations(articles, folder: Path) -> dict:
    """The map of a build's articles (kg.build.seeds.Article), as JSON data, paths relative to `folder`."""
    files: dict[str, dict] = {}
    nodes: dict[str, list] = {}
    for art in articles:
        path = str(art.facts_path)
        files[path] = {
            "path": os.path.relpath(Path(path).resolve(), Path(folder).resolve()),
            "sha256": _digest(Path(path)),
        }
        meta = art.meta
        nodes.setdefault(str(article_iri(art.doc_id)), []).append(
            {"file": path, "at": _line(meta.where), "keys": _keys(meta, art.language)}
        )
        for thing in art.things:
            quote = thing.get("quote")
            nodes.setdefault(str(ID[thing["id"]]), []).append(
                {"file": path, "at": _line(thing.where), "quote": quote, "keys": _keys(thing, art.language)}
            )
    order = {p: i for i, p in enumerate(files)}
    for decls in nodes.values():
        for d in decls:
            d["file"] = order[d["file"]]
    return {"files": list(files.values()), "nodes": nodes}


def write(data: dict, path: Path) -> Path:
    """Write a map (`declarations`) to `path`, atomically: a temporary file renamed into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    os.replace(tmp, path)
    return path


class Sources:
    """The map, read back: where a node, or one of its properties or values, is written."""

    def __init__(self, data: dict, folder: Path):
        self.nodes = data["nodes"]
        self.files = [self._shown(Path(folder) / f["path"]) for f in data["files"]]
        self.stale = [
            shown
            for shown, f in zip(self.files, data["files"], strict=True)
            if f["sha256"] and _digest(Path(shown)) not in (None, f["sha256"])
        ]

    @staticmethod
    def _shown(path: Path) -> str:
        """A path as a user writes it: relative to the current folder when under it."""
        full, here = Path(os.path.normpath(path.absolute())), Path.cwd()
        return str(full.relative_to(here)) if full.is_relative_to(here) else str(full)

    @classmethod
    def read(cls, path: Path) -> "Sources | None":
        """The map in `path`, or None when there is none."""
        if not Path(path).is_file():
            return None
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), Path(path).parent)

    def place(self, node: str, predicate: str | None = None, value: str | None = None, doc: str | None = None):
        """Where node `node` (an IRI), its `predicate` and its `value` (N-Triples) are written; None if unknown.

        `doc`: the article whose facts file to prefer (a statement's graph); a span is placed at its
        article. Without a predicate, the key whose values hold `value` is the one meant.
        """
        if node.startswith(f"{ID}span/"):
            doc = doc or node[len(ID) + 5 :].split("/", 1)[0]
            node = str(article_iri(doc))
        decls = self.nodes.get(node)
        if not decls:
            return None
        key = _key_of(predicate, node.startswith(f"{ID}article/")) if predicate else None
        text = value_text(value) if value else None
        ranked = sorted(decls, key=lambda d: (not self._file(d).endswith(f"{doc}.yaml"), *_fit(d, key, text)))
        d = ranked[0]
        key = key or next((k for k, (_, found) in d["keys"].items() if text in found), None)
        line, found = d["keys"].get(key, [d["at"], {}])
        also = tuple(f"{self._file(o)}:{o['keys'][key][0]}" for o in ranked[1:] if key in o["keys"])
        return Place(self._file(d), found.get(text, line), d["at"], d.get("quote"), also)

    def _file(self, decl: dict) -> str:
        return self.files[decl["file"]]


def _fit(decl: dict, key: str | None, text: str | None) -> tuple[bool, bool]:
    """How well a declaration fits a result (False first): it writes the key, it writes the value."""
    keys = decl["keys"]
    if key is None:
        return False, not any(text in found for _, found in keys.values())
    return key not in keys, text not in keys.get(key, [0, {}])[1]

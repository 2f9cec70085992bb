"""Load the seeds folder: article texts and their curated facts files, checked."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.build import inputs, yamlfile
from kg.build.vocab import LANG_TAG
from kg.errors import InputError
from kg.rdf.iris import check_id

ARTICLE_KEYS = {"id", "original_file", "sha256", "language", "title", "publisher", "published"}


@dataclass(frozen=True)
class Article:
    """One article: its text and the curated facts about it."""

    doc_id: str
    text: str
    meta: yamlfile.LineDict
    things: tuple
    facts_path: Path
    extra: dict = field(default_factory=dict)  # other top-level lists: headings, omitted (kg.build.textparts)

    @property
    def language(self) -> str:
        return self.meta["language"]


def _require(mapping, keys, where):
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise InputError(f"missing {', '.join(map(repr, missing))}: add it (seeds/README.md shows a facts file)", where)


def _check_meta(meta, facts_path: Path) -> None:
    """The `article:` mapping's keys: all there, known, single texts, its id the file's name, its language a tag."""
    _require(meta, ["id", "sha256", "language", "published", "original_file"], meta.where)
    unknown = set(meta) - ARTICLE_KEYS
    if unknown:
        raise InputError(f"unknown article key(s) {sorted(unknown)}; use {sorted(ARTICLE_KEYS)}", meta.where)
    for key in ("id", "sha256", "language", "title", "original_file"):
        if key in meta and not isinstance(meta[key], str):
            raise InputError(f"`{key}:` must be a text, not {yamlfile.kind(meta[key])}", meta.line(key))
    check_id(facts_path.stem, "the document id (the file name without .yaml)", meta.where)
    if meta["id"] != facts_path.stem:
        raise InputError(f"article id {meta['id']!r} must equal the file name {facts_path.stem!r}", meta.where)
    if not LANG_TAG.match(meta["language"]):
        raise InputError(
            f"language {meta['language']!r} is not a language tag: write one such as en or nl", meta.line("language")
        )


def _text(meta, facts_path: Path) -> str:
    """The article text beside a facts file: within its size, matching its hash, plain UTF-8 text."""
    text_path = facts_path.with_suffix(".txt")
    if not text_path.exists():
        raise InputError(f"the article text {text_path.name} is missing beside its facts file", meta.where)
    fix = "cite the part of the article the facts are about, or split it into articles of their own"
    raw = inputs.read(text_path, inputs.MAX_TEXT_BYTES, fix)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta["sha256"]:
        raise InputError(
            f"sha256 of {text_path.name} is {digest}, not {meta['sha256']}: was the text edited?", meta.where
        )
    text = inputs.decode(raw, text_path)
    inputs.check_plain(text, text_path)
    return text


def _things(data) -> tuple:
    """The `things:` list: mappings, within the limit, each with a type and an id that makes an IRI, declared once."""
    things, where = data["things"], yamlfile.line_of(data, "things", data.where)
    if not isinstance(things, list):
        raise InputError(f"`things` must be a list of mappings, not {yamlfile.kind(things)}", where)
    if len(things) > inputs.MAX_THINGS:
        raise InputError(
            f"{len(things):,} things, over the limit of {inputs.MAX_THINGS:,} in one facts file: "
            "split the article into articles of their own",
            where,
        )
    first: dict = {}
    for i, thing in enumerate(things):
        at = yamlfile.line_of(things, i, where)
        if not isinstance(thing, dict) or "id" not in thing or "type" not in thing:
            raise InputError("every thing is a mapping with at least `id` and `type`", at)
        key = check_id(thing["id"], "id", yamlfile.line_of(thing, "id", at))
        if key in first:
            raise InputError(
                f"id {key!r} is declared twice in this file (first at {first[key]}): merge the two, "
                "or give one an id of its own",
                at,
            )
        first[key] = at
    return tuple(things)


def load_article(facts_path: Path) -> Article:
    """Read one `<id>.yaml` and its `<id>.txt`, checking id, hash and shape of the file."""
    data = yamlfile.load(facts_path)
    _require(data, ["article", "things"], data.where)
    meta = data["article"]
    if not isinstance(meta, yamlfile.LineDict):
        raise InputError("`article` must be a mapping", data.where)
    _check_meta(meta, facts_path)
    text = _text(meta, facts_path)
    extra = {k: v for k, v in data.items() if k not in ("article", "things")}
    return Article(meta["id"], text, meta, _things(data), facts_path, extra)


def load_articles(seeds_dir: Path) -> list[Article]:
    """Load every `*.yaml` facts file of a seeds folder, in file-name order."""
    if not Path(seeds_dir).is_dir():
        raise InputError("the seeds folder does not exist: give the folder of *.yaml and *.txt files", str(seeds_dir))
    paths = sorted(Path(seeds_dir).glob("*.yaml"))
    if not paths:
        raise InputError("no facts files (*.yaml) found", str(seeds_dir))
    return [load_article(p) for p in paths]

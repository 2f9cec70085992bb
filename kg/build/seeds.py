"""Load the seeds folder: article texts and their curated facts files, checked."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.build import yamlfile
from kg.errors import InputError

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
        raise InputError(f"missing {', '.join(map(repr, missing))}", where)


def load_article(facts_path: Path) -> Article:
    """Read one `<id>.yaml` and its `<id>.txt`, checking id, hash and shape of the file."""
    data = yamlfile.load(facts_path)
    _require(data, ["article", "things"], data.where)
    meta = data["article"]
    if not isinstance(meta, yamlfile.LineDict):
        raise InputError("`article` must be a mapping", data.where)
    _require(meta, ["id", "sha256", "language", "published", "original_file"], meta.where)
    unknown = set(meta) - ARTICLE_KEYS
    if unknown:
        raise InputError(f"unknown article key(s) {sorted(unknown)}; use {sorted(ARTICLE_KEYS)}", meta.where)
    if meta["id"] != facts_path.stem:
        raise InputError(f"article id {meta['id']!r} must equal the file name {facts_path.stem!r}", meta.where)
    text_path = facts_path.with_suffix(".txt")
    if not text_path.exists():
        raise InputError(f"the article text {text_path.name} is missing beside its facts file", meta.where)
    raw = text_path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta["sha256"]:
        raise InputError(
            f"sha256 of {text_path.name} is {digest}, not {meta['sha256']}: was the text edited?", meta.where
        )
    things = data["things"]
    if not isinstance(things, list) or not all(isinstance(t, dict) for t in things):
        raise InputError("`things` must be a list of mappings", data.where)
    extra = {k: v for k, v in data.items() if k not in ("article", "things")}
    return Article(meta["id"], raw.decode("utf-8"), meta, tuple(things), facts_path, extra)


def load_articles(seeds_dir: Path) -> list[Article]:
    """Load every `*.yaml` facts file of a seeds folder, in file-name order."""
    paths = sorted(Path(seeds_dir).glob("*.yaml"))
    if not paths:
        raise InputError("no facts files (*.yaml) found", str(seeds_dir))
    return [load_article(p) for p in paths]

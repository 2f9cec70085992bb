"""The broken inputs of tests/test_bad_facts.py: each an edit of the small article of tests/test_evidence.py.

CASES rebuilds the 75 broken inputs of the December attack review (section 10) and a few more: what a
case changes, what is on the line its message names, words of the message that say how to fix it.
"""

import hashlib
import shutil
from pathlib import Path

from tests.helpers import edit
from tests.test_evidence import TEXT, mini_seeds

FACTS, TXT = "mini.yaml", "mini.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def yaml(old, new):
    """Replace text in the facts file."""
    return lambda seeds: edit(seeds / FACTS, old, new)


def thing(body: str, quote: str = "reached"):
    """Add a thing to the facts file: `body` is its first lines (id and type), then a label and a quote."""
    return lambda seeds: _append(seeds / FACTS, f"  - {body}\n    label: Extra\n    quote: {quote}\n")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def whole(raw: bytes):
    """Replace the facts file with these bytes."""
    return lambda seeds: (seeds / FACTS).write_bytes(raw)


def text(change):
    """Replace the article text with `change(its bytes)` and give the facts file its new sha256."""

    def apply(seeds):
        raw = change(TEXT.encode())
        (seeds / TXT).write_bytes(raw)
        old = hashlib.sha256(TEXT.encode()).hexdigest()
        edit(seeds / FACTS, old, hashlib.sha256(raw).hexdigest())

    return apply


def sized(size: int):
    """The article text padded with sentences to `size` bytes."""
    filler = b"Lorem ipsum dolor sit amet. "
    return text(lambda raw: (raw + filler * (size // len(filler) + 1))[:size])


def other_article(change: str = "", old: str = "", new: str = ""):
    """Add a second article (the first's text and facts under another id), edited, and `change` in the first."""

    def apply(seeds):
        shutil.copy(seeds / TXT, seeds / "other.txt")
        facts = (
            (seeds / FACTS)
            .read_text(encoding="utf-8")
            .replace("id: mini", "id: other")
            .replace("mini.txt", "other.txt")
        )
        (seeds / "other.yaml").write_text(facts.replace(old, new), encoding="utf-8")
        if change:
            _append(seeds / FACTS, change)

    return apply


def gone(name):
    return lambda seeds: (seeds / name).unlink()


def renamed(stem):
    def apply(seeds):
        (seeds / TXT).rename(seeds / f"{stem}.txt")
        (seeds / FACTS).rename(seeds / f"{stem}.yaml")
        edit(seeds / f"{stem}.yaml", "id: mini", f"id: {stem}")

    return apply


def nested(depth):
    return yaml("    location: seoul\n", f"    location: seoul\n    about: {'[' * depth}russia{']' * depth}\n")


BOMB = "  - id: bomb\n    type: Country\n    label: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"    note{i}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9)
)
EXTRA = "".join(f"  - extra-{i}\n" for i in range(20_000))  # counted before each is read (and parsed fast)
MiB = 2**20  # the review's "MB"

# id, the change, what is on the line the message names (None: the message names a file or folder, no line),
# words of the message that say how to fix it, the file it names, the error
CASES = [
    # 15 tracebacks in the review: ids that are no IRI, values of the wrong kind, files that are not UTF-8 text
    ("id-space", thing("id: rus sia\n    type: Country"), "id: rus sia", "cannot be part of an IRI: an id is"),
    ("id-angles", thing("id: a<b>\n    type: Country"), "id: a<b>", "cannot be part of an IRI"),
    ("id-quotes", thing("id: 'say\"hi\"'\n    type: Country"), "id: 'say", "cannot be part of an IRI"),
    ("id-braces", thing("id: x{y}\n    type: Country"), "id: x{y}", "cannot be part of an IRI"),
    ("id-control", thing('id: "x\\ay"\n    type: Country'), 'id: "x', "cannot be part of an IRI"),
    (
        "wikidata-iri",
        yaml("    label: Russia\n", '    label: Russia\n    wikidata: "Q159> <x"\n'),
        "Q159>",
        "give its Q-id, such as Q159",
    ),
    ("id-mapping", thing("id: {a: 1}\n    type: Country"), "id: {a: 1}", "must be a text"),
    ("type-list", yaml("    type: Country\n", "    type: [Country]\n"), "type: [Country]", "use one of"),
    ("in-number", yaml('in: "in Seoul on Thursday"', "in: 12345"), "quote: Seoul", "`in:` must be words of"),
    ("language-space", yaml("language: en", 'language: "e n"'), "language:", "write one such as en or nl"),
    ("deep-list", nested(10_000), "about: [[", "nest more than 50 deep"),
    ("binary-yaml", whole(PNG), 1, "not UTF-8 text: byte 0x89"),
    ("utf16-yaml", lambda s: (s / FACTS).write_bytes((s / FACTS).read_text().encode("utf-16")), 1, "save it as UTF-8"),
    ("binary-text", text(lambda raw: PNG), 1, "not UTF-8 text: byte 0x89", TXT),
    ("bad-byte-text", text(lambda raw: raw.replace(b"Seoul on", b"Seoul\xe9on")), 5, "save the file as UTF-8", TXT),
    # 3 hangs, and the 5 texts of 1 to 12 MB accepted: over MAX_TEXT_BYTES, refused before anything is parsed
    *[
        (f"text-{n}mb", sized(n * MiB), 1, "bytes, over the limit of 1,000,000: cite the part", TXT)
        for n in (1, 5, 8, 10, 12, 14, 15, 50)
    ],
    # the other 7 accepted that should not have been (a facts file with a BOM or CRLF is fine: see below)
    ("bom-text", text(lambda raw: b"\xef\xbb\xbf" + raw), 1, "save it as UTF-8 without BOM", TXT),
    ("crlf-text", text(lambda raw: raw.replace(b"\n", b"\r\n")), 1, "convert them to LF", TXT),
    ("dup-id", thing("id: russia\n    type: Country"), "  - id: russia\n    type: Country\n    label: Extra", "twice"),
    ("dup-id-type", thing("id: seoul\n    type: Country"), "  - id: seoul\n    type: Country", "declared twice"),
    ("extra-things", lambda s: _append(s / FACTS, EXTRA), "  - id: russia", "20,008 things, over the limit of 5,000"),
    # 40 refused at file:line before, and still
    ("yaml-syntax", yaml("things:", "things: ["), "  - id: russia", "not valid YAML"),
    ("empty-yaml", whole(b""), 1, "expected a mapping"),
    ("yaml-list", whole(b"- a\n- b\n"), 1, "expected a mapping"),
    ("no-things", yaml("\nthings:\n", "\nstuff:\n"), 1, "missing 'things'"),
    ("no-article", yaml("article:", "articel:"), 1, "missing 'article'"),
    ("article-text", yaml("article:\n", "article: mini\nold:\n"), 1, "`article` must be a mapping"),
    ("no-sha", yaml("  sha256:", "  sha:"), "  id: mini", "missing 'sha256'"),
    ("no-published", yaml("  published:", "  publish:"), "  id: mini", "missing 'published'"),
    ("article-key", yaml("  language: en\n", "  language: en\n  author: me\n"), "  id: mini", "unknown article key"),
    ("article-id", yaml("id: mini", "id: maxi"), "  id: maxi", "must equal the file name 'mini'"),
    ("sha-mismatch", lambda s: edit(s / TXT, "Seoul", "Busan"), "  id: mini", "was the text edited?"),
    ("no-text", gone(TXT), "  id: mini", "mini.txt is missing beside its facts file"),
    (
        "things-text",
        yaml("things:\n", "things: none\nold:\n"),
        "things: none",
        "must be a list of mappings, not a text",
    ),
    ("thing-text", lambda s: _append(s / FACTS, "  - just-a-name\n"), "just-a-name", "a mapping with at least `id`"),
    ("no-id", thing("type: Country"), "  - type: Country", "at least `id` and `type`"),
    ("no-type", thing("id: extra"), "  - id: extra", "at least `id` and `type`"),
    ("unknown-type", yaml("    type: Meeting\n", "    type: Meting\n"), "type: Meting", "unknown type 'Meting'"),
    ("no-label", yaml("    label: Russia\n", ""), "  - id: russia", "every thing needs a `label`"),
    ("quote-missing", yaml("quote: Russian\n", "quote: Russians\n"), "quote: Russians", "copy it verbatim"),
    ("quote-twice", yaml('    in: "in Seoul on Thursday"\n', ""), "    quote: Seoul", "occurs 2 times"),
    ("quote-empty", yaml("quote: Russian\n", 'quote: ""\n'), 'quote: ""', "a non-empty string"),
    ("in-missing", yaml('in: "in Seoul on Thursday"', 'in: "in Busan"'), "    quote: Seoul", "copy it verbatim"),
    ("quote-outside-in", yaml('in: "in Seoul on Thursday"', 'in: "on Thursday"'), "    quote: Seoul", "verbatim"),
    (
        "unknown-key",
        yaml("    type: Country\n", "    type: Country\n    participants: [russia]\n"),
        "participants",
        "one of",
    ),
    (
        "empty-list",
        yaml("location: seoul", "location: []"),
        "location: []",
        "this key has no value: give one, or leave the key out",
    ),
    ("unknown-ref", yaml("represents: russia", "represents: rusia"), "represents: rusia", "unknown id 'rusia'"),
    ("not-a-number", yaml("    value: 22340", "    value: lots"), "value: lots", "'lots' is not a number"),
    ("bad-date", yaml("    date: 2019\n", "    date: 2019-13-45\n"), "date: 2019-13", "2019-13-45"),
    ("relative-day", yaml("relative: Thursday", "relative: Someday"), "relative: Someday", "Someday"),
    (
        "same-as-unknown",
        yaml("date: {relative: Thursday, expression: on Thursday}", "date: {same_as: x}"),
        "same_as",
        "'x' is not a dated thing",
    ),
    ("value-key", yaml("location: seoul", "location: {value: seoul, quot: x}"), "quot: x", "unknown key(s) ['quot']"),
    ("value-mapping", yaml("location: seoul", "location: {value: {a: b}}"), "value: {a", "give a text's language"),
    (
        "from-unknown",
        yaml("location: seoul", "location: {value: seoul, basis: derived, rule: r, from: x}"),
        "from",
        "declare it under `things`",
    ),
    (
        "python-tag",
        yaml("    type: Country\n", "    type: !!python/object/apply:os.system [echo]\n"),
        "!!",
        "a facts file has no `!!` tags",
    ),
    ("title-missing", yaml('title: "Lavrov meets Chung in Seoul"', "title: Lavrov in Busan"), "title:", "verbatim"),
    (
        "published-bare",
        yaml('published: {value: 2021-03-26, quote: "March 26, 2021"}', "published: x"),
        "published",
        "give the `quote` that states the date",
    ),
    (
        "build-property",
        yaml("    value: 22340\n", "    value: 22340\n    baseValue: 1\n"),
        "baseValue",
        "is not written",
    ),
    ("label-tag", yaml("    label: Russia\n", '    label: {"e n": Russia}\n'), '"e n"', "is not a language tag"),
    ("timestamp-map", yaml("    date: 2019\n", "    date: !!timestamp {a: 1}\n"), "!!timestamp", "a single value"),
    ("tab-indent", yaml("    type: Country\n", "\ttype: Country\n"), "\ttype", "not valid YAML"),
    ("nul-yaml", yaml("    type: Country\n", "    type: Coun\x00try\n"), "Coun", "not valid YAML"),
    ("no-facts", lambda s: [p.unlink() for p in s.iterdir()], None, "no facts files (*.yaml) found", ""),
    ("no-folder", lambda s: shutil.rmtree(s), None, "does not exist", ""),
    # more: keys YAML lets pass, aliases without end, other ids and texts that cannot be
    (
        "dup-key",
        yaml("    label: Russia\n", "    label: Russia\n    label: Rusland\n"),
        "label: Rusland",
        "given twice",
    ),
    ("number-key", yaml("    type: Country\n", "    type: Country\n    1990: x\n"), "1990: x", "is not a name"),
    ("alias-bomb", lambda s: _append(s / FACTS, BOMB), "note4", "more than 1,000,000 values"),
    ("alias-loop", thing("id: loop\n    type: Country\n    about: &a [russia, *a]"), "&a", "inside what it stands for"),
    ("id-number", thing("id: 1990\n    type: Country"), "id: 1990", "must be a text (quote a number)"),
    ("id-long", thing(f"id: {'x' * 201}\n    type: Country"), "id: xxx", "1 to 200 ASCII letters"),
    ("doc-id-space", renamed("mini 2"), "  id: mini 2", "the document id (the file name without .yaml)", "mini 2.yaml"),
    ("wikidata-number", yaml("    label: Russia\n", "    label: Russia\n    wikidata: 159\n"), "wikidata", "Q159"),
    ("title-number", yaml('title: "Lavrov meets Chung in Seoul"', "title: 2021"), "title: 2021", "must be a text"),
    ("nul-text", text(lambda raw: raw.replace(b"Seoul on", b"Seoul\x00on")), 5, "control character U+0000", TXT),
    ("cr-text", text(lambda raw: raw.replace(b"2019.\n", b"2019.\r")), 6, "(CR) line ends", TXT),
    (
        "huge-facts",
        yaml("    label: Russia\n", f"    label: Russia\n    note: {'x' * 10**7}\n"),
        1,
        "bytes, over the limit of 10,000,000: split",
    ),
    (
        "type-clash",
        other_article("", "    type: City\n", "    type: Country\n"),
        "  - id: seoul",
        "'Country' here",
        "other.yaml",
    ),
]
# the review's 4 that ended in a SHACL report (exit 1, the data does not conform): the shape's message says the fix
SHACL = [
    (
        "meeting-alone",
        yaml("    participant:\n      - sergei-lavrov\n      - chung-eui-yong\n", ""),
        "id: meeting",
        "add `participant: [<id>, ...]`",
    ),
    ("language-de", yaml("language: en", "language: de"), "  id: mini", "exactly one of en or nl"),
    (
        "place-figure",
        yaml("location: seoul", "location: {value: trade, basis: curator, source: x}"),
        "id: trade",
        "two kinds that exclude each other",
    ),
    ("two-labels", other_article("", "label: Russia\n", "label: Rossiya\n"), "id: russia", "two different labels"),
]


def broken(tmp_path: Path, change) -> Path:
    """A seeds folder of the small article, changed."""
    seeds = mini_seeds(tmp_path / "seeds")
    change(seeds)
    return seeds

"""The values of a thing's property as the facts file gives them, each with its own line and evidence keys.

A property's value in a facts file is one of (see seeds/README.md, Evidence):

    participant: sergei-lavrov                      # a plain value
    participant: [sergei-lavrov, chung-eui-yong]    # a list of values
    office: {nl: leider, en: leader}                # texts by language (the `en` one renders the `nl` one)
    office: {value: leider, quote: "leider Kim Jong-un", in: "..."}     # a value with its evidence
    about: [russia, {value: korean-peninsula, quote: "Korean peninsula"}]   # lists may mix both
    about: {value: [russia, south-korea], quote: "..."}                  # several values, one quote

The evidence keys of a value mapping: `quote` and `in` (the words that state it, when the thing's
own quote does not), `basis` (stated, derived, curator, translation), `source` (curator
knowledge), `rule` and `from` (derived), `of` (the original a translation renders), `stated_as`
(the quote's words for a normalised value: 1000 for "~$1 billion"), `lang` (of a text).
"""

from dataclasses import dataclass

from kg.build.yamlfile import kind, line_of
from kg.errors import InputError

BASES = ("stated", "derived", "curator", "translation")
EVIDENCE_KEYS = ("quote", "in", "basis", "source", "rule", "from", "of", "stated_as")
KEYS = ("value", "lang", *EVIDENCE_KEYS)


@dataclass(frozen=True)
class Value:
    """One value of a property, where it is written, and what the facts file says of its evidence."""

    raw: object
    where: str
    lang: str | None = None
    quote: str | None = None
    within: str | None = None
    basis: str | None = None
    source: str | None = None
    rule: str | None = None
    premises: tuple = ()
    original: str | None = None  # `of:` of a translation, or the article-language text beside it
    stated_as: str | None = None

    @property
    def mapped(self) -> bool:
        """True if the value was given as a mapping with `value:`."""
        return self.quote is not None or self.basis is not None or self.stated_as is not None


def _text(mapping, key, where) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise InputError(f"`{key}:` must be a single text, not {kind(value)}", where)
    return str(value)


def _premises(mapping, where) -> tuple:
    value = mapping.get("from") or []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("`from:` must be the id of a thing, or a list of ids, whose values this one rests on", where)
    return tuple(value)


def _evidence(mapping, where) -> dict:
    """The evidence keys of a value mapping, checked."""
    unknown = sorted(set(mapping) - set(KEYS))
    if unknown:
        raise InputError(f"unknown key(s) {unknown} in a value mapping; use {list(KEYS)}", where)
    basis = mapping.get("basis")
    if basis is not None and basis not in BASES:
        raise InputError(
            f"unknown basis {basis!r}; use one of {', '.join(BASES)} (see seeds/README.md, Evidence)", where
        )
    return dict(
        lang=_text(mapping, "lang", where),
        quote=_text(mapping, "quote", where),
        within=_text(mapping, "in", where),
        basis=basis,
        source=_text(mapping, "source", where),
        rule=_text(mapping, "rule", where),
        premises=_premises(mapping, where),
        original=_text(mapping, "of", where),
        stated_as=_text(mapping, "stated_as", where),
    )


def _mapped(mapping, where) -> list[Value]:
    """The values of a mapping with `value:` (one value or a list of them), sharing its evidence keys."""
    evidence = _evidence(mapping, where)
    raw = mapping["value"]
    if isinstance(raw, dict):
        raise InputError("`value:` must be a value or a list of values; give a text's language with `lang:`", where)
    items = raw if isinstance(raw, list) else [raw]
    lines = [line_of(raw, i, line_of(mapping, "value", where)) for i in range(len(items))]
    return [Value(item, line, **evidence) for item, line in zip(items, lines, strict=True)]


def _by_language(mapping, where, article_lang: str) -> list[Value]:
    """The values of a {lang: text} mapping; a text in another language renders the article-language one."""
    own = mapping.get(article_lang)
    originals = own if isinstance(own, list) else [own] if own is not None else []
    out = []
    for tag, texts in mapping.items():
        items = texts if isinstance(texts, list) else [texts]
        line = line_of(mapping, tag, where)
        for i, text in enumerate(items):
            original = None
            if tag != article_lang and len(originals) == len(items):
                original = None if originals[i] is None else str(originals[i])
            out.append(Value(text, line_of(texts, i, line), lang=tag, original=original))
    return out


def parse(raw, where: str, article_lang: str) -> list[Value]:
    """The values of one property as written in a facts file (`where` is the line of the property)."""
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for i, item in enumerate(items):
        line = line_of(raw, i, where) if isinstance(raw, list) else where
        if isinstance(item, dict) and "value" in item:
            out += _mapped(item, line)
        elif isinstance(item, dict):
            out += _by_language(item, line, article_lang)
        else:
            out.append(Value(item, line))
    if not out:
        raise InputError("this key has no value: give one, or leave the key out", where)
    return out


def texts(raw) -> list[str]:
    """Every text a label or altLabel gives, in any language and form (for matching names)."""
    out = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict) and "value" in item:
            out += texts(item["value"])
        elif isinstance(item, dict):
            out += [t for v in item.values() for t in texts(v)]
        elif item is not None:
            out.append(str(item))
    return out

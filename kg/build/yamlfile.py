"""Read YAML keeping the line of every mapping, list and value, so errors can say file:line.

A mapping becomes a LineDict and a list a LineList: each knows the file:line it starts on
(`where`) and the file:line of each of its values (`lines`, by key or by index), so a message
about one value of a property, or one item of a list, points at that value's own line.
"""

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's parser when present: about 10 times faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from kg.build import inputs
from kg.errors import InputError

TOO_DEEP = f"lists and mappings nest more than {inputs.MAX_DEPTH} deep; a facts file needs a few levels"
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml's own limit, 1,000, which its scanner may reach first


class LineDict(dict):
    """A dict that remembers the file and line its mapping started on, and those of its values."""

    where = "?"
    lines: dict = {}  # key -> file:line of its value; shared empty default for dicts made in code

    def line(self, key) -> str:
        """The file:line of the value under `key` (the mapping's own line when unknown)."""
        return self.lines.get(key, self.where)


class LineList(list):
    """A list that remembers the file and line it started on, and those of its items."""

    where = "?"
    lines: list = []

    def line(self, index: int) -> str:
        """The file:line of item `index` (the list's own line when unknown)."""
        return self.lines[index] if index < len(self.lines) else self.where


def kind(value) -> str:
    """What a YAML value is, for messages: "a list", "a mapping", "a number", ..."""
    for types, name in ((bool, "true or false"), ((int, float), "a number"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, types):
            return name
    return "empty" if value is None else "a text"


def line_of(container, key, fallback: str) -> str:
    """The file:line of `container[key]` when the loader kept it, else `fallback`."""
    if isinstance(container, (LineDict, LineList)):
        line = container.line(key)
        return fallback if line == "?" else line
    return fallback


class _Loader(_SafeLoader):
    """SafeLoader that builds LineDicts and LineLists and keeps dates as plain strings."""

    source = "?"  # the file being read, for file:line marks


def _mark(loader, node) -> str:
    return f"{loader.source}:{node.start_mark.line + 1}"


def _check_keys(loader, node) -> None:
    """Refuse a key that is not a name, or that its mapping repeats (YAML's last one would win unseen)."""
    seen: dict = {}
    for k, _ in node.value:
        if k.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(k, deep=True)
        if not isinstance(key, str):
            raise InputError(f"the key {key!r} is not a name: quote it, or fix the indentation", _mark(loader, k))
        if key in seen:
            raise InputError(
                f"`{key}:` is given twice in this mapping (first at {seen[key]}): keep one", _mark(loader, k)
            )
        seen[key] = _mark(loader, k)


def _construct_mapping(loader, node):
    _check_keys(loader, node)
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.where = _mark(loader, node)
    mapping.lines = {loader.construct_object(k, deep=True): _mark(loader, v) for k, v in node.value}
    return mapping


def _construct_sequence(loader, node):
    items = LineList(loader.construct_sequence(node, deep=True))
    items.where = _mark(loader, node)
    items.lines = [_mark(loader, item) for item in node.value]
    return items


def _construct_timestamp(loader: _Loader, node: yaml.Node) -> str:
    """Keep a date-looking scalar as the plain string it was written as."""
    if not isinstance(node, yaml.ScalarNode):
        raise InputError("a !!timestamp must be a single value, not a list or mapping", _mark(loader, node))
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _check_shape(loader: _SafeLoader, source: Path) -> None:
    """Refuse nesting deeper than MAX_DEPTH, an alias inside what it stands for, and more than MAX_VALUES values
    once aliases are expanded (limits of kg.build.inputs): each would make the build recurse or copy without end
    (`a: &a [*a]`; `a: &a [x, x]`, `b: &b [*a, *a]`, ...).
    """
    open_: list[tuple[str | None, int]] = []  # the lists and mappings open here: (anchor, values in it so far)
    sizes: dict[str | None, int] = {}
    total = 0
    while loader.check_event():
        event: Any = loader.get_event()
        where = f"{source}:{event.start_mark.line + 1}"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_.append((event.anchor, 1))
            if len(open_) > inputs.MAX_DEPTH:
                raise InputError(TOO_DEEP, where)
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = open_.pop()
            sizes[anchor] = size
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_):
                raise InputError(f"the alias *{event.anchor} is inside what it stands for: write the values out", where)
            size = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
        else:
            continue
        total += size
        if open_:
            open_[-1] = (open_[-1][0], open_[-1][1] + size)
        if total > inputs.MAX_VALUES:
            raise InputError(
                f"more than {inputs.MAX_VALUES:,} values (an alias counts each time it is used): split the facts file",
                where,
            )


@contextmanager
def _reading(text: str, path: Path):
    """A loader of `text` that marks lines of `path`, disposed of afterwards."""
    loader = _Loader(text)
    loader.source = str(path)
    try:
        yield loader
    finally:
        loader.dispose()


def _parse(text: str, path: Path):
    """The data of a YAML text, its shape checked first."""
    with _reading(text, path) as loader:
        _check_shape(loader, path)
    with _reading(text, path) as loader:
        return loader.get_single_data()


def _bad_character(text: str, path: Path) -> InputError:
    """The error for a character YAML does not allow (libyaml tells its place in bytes: it is found again here)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    at = found.start() if found else 0
    return InputError(
        f"not valid YAML: the character U+{ord(text[at]):04X} is not allowed; remove it",
        f"{path}:{text.count(chr(10), 0, at) + 1}",
    )


def load(path: Path) -> LineDict:
    """Parse a YAML file into LineDicts and LineLists; a syntax error becomes an InputError at file:line."""
    raw = inputs.read(path, inputs.MAX_FACTS_BYTES, "split the article's facts, or its article, in two")
    text = inputs.decode(raw, path)
    try:
        data = _parse(text, path)
    except yaml.reader.ReaderError:
        raise _bad_character(text, path) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        line = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = TOO_DEEP if e.problem == LIBYAML_TOO_DEEP else str(e.problem)
        if isinstance(e, yaml.constructor.ConstructorError):
            problem += " (a facts file has no `!!` tags: write plain values)"
        raise InputError(f"not valid YAML: {problem}", line) from None
    if not isinstance(data, LineDict):
        raise InputError("expected a mapping with 'article' and 'things'", f"{path}:1")
    return data

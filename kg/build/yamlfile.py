"""Read YAML keeping the line of every mapping, list and value, so errors can say file:line.

A mapping becomes a LineDict and a list a LineList: each knows the file:line it starts on
(`where`) and the file:line of each of its values (`lines`, by key or by index), so a message
about one value of a property, or one item of a list, points at that value's own line.
"""

from pathlib import Path

import yaml

try:  # libyaml's parser when present: about 10 times faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from kg.errors import InputError


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


def _construct_mapping(loader, node):
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


def load(path: Path) -> LineDict:
    """Parse a YAML file into LineDicts and LineLists; a syntax error becomes an InputError at file:line."""
    try:
        with open(path, encoding="utf-8") as f:
            loader = _Loader(f)
            loader.source = str(path)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        line = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"not valid YAML: {e.problem}", line) from None
    if not isinstance(data, LineDict):
        raise InputError("expected a mapping with 'article' and 'things'", f"{path}:1")
    return data

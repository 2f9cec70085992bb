"""Read YAML keeping the line of every mapping, so errors can say file:line."""
from pathlib import Path

import yaml

from kg.errors import InputError


class LineDict(dict):
    """A dict that remembers the file and line its mapping started on."""

    where = "?"


class _Loader(yaml.SafeLoader):
    """SafeLoader that builds LineDicts and keeps dates as plain strings."""


def _construct_mapping(loader, node):
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.where = f"{loader.name}:{node.start_mark.line + 1}"
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load(path: Path) -> LineDict:
    """Parse a YAML file into LineDicts; a syntax error becomes an InputError at file:line."""
    try:
        with open(path, encoding="utf-8") as f:
            loader = _Loader(f)
            loader.name = str(path)
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

"""What a store answers (`Result`), the dataset a request names (`Graphs`), and cutting answers to a limit."""

from dataclasses import dataclass, field
from itertools import islice


@dataclass
class Result:
    """A query's answer as rdflib terms: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class Graphs:
    """The dataset a request names instead of the query's own: default graph IRIs and named graph IRIs."""

    default: tuple = ()
    named: tuple = ()


def cut(items, limit: int | None) -> tuple[list, bool]:
    """The first `limit` items (all if None) and whether there were more."""
    if limit is None:
        return list(items), False
    head = list(islice(items, limit + 1))
    return head[:limit], len(head) > limit

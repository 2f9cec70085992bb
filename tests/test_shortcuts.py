"""A shortcut taken for speed gives what the long way gives: a query found shallow by counting characters
(kg.query.child.shallow) is never one the nesting guard's scan would refuse."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.query import guard
from kg.query.child import shallow

SPARQL_PIECES = st.sampled_from([*"{}()[]<>!+-*/|^&=\"'#\n ?x:1", "&&", "||", "<=", "!=", "^^", "<x>", "'''"])


@settings(max_examples=100, deadline=None)
@given(st.lists(SPARQL_PIECES, max_size=40).map("".join), st.integers(0, 8))
def test_a_query_found_shallow_passes_the_nesting_guard(sparql, limit):
    if shallow(sparql, limit):
        assert guard.depth(sparql) <= limit

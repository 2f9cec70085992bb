"""Quotes are found exactly once in their article, at offsets in code points.

That every shipped quote sits at its offsets is checked on every build by the shape SpanQuoteShape
(test_shapes.py makes it fire).
"""

import pytest

from kg.build.anchor import anchor
from kg.errors import InputError

TEXT = "Russia and South Korea met. Russia said yes."


def test_anchor_finds_unique_quote_with_code_point_offsets():
    span = anchor("doc", TEXT, "South Korea met", None, "f.yaml:3")
    assert (span.start, span.end) == (11, 26)
    assert TEXT[span.start : span.end] == "South Korea met"
    assert span.prefix.endswith("Russia and ") and span.suffix.startswith(". Russia")


def test_anchor_refuses_missing_quote_naming_place():
    with pytest.raises(InputError, match=r"f.yaml:3: quote 'North Korea' is not in the article text"):
        anchor("doc", TEXT, "North Korea", None, "f.yaml:3")


def test_anchor_refuses_ambiguous_quote_and_says_how_to_fix():
    with pytest.raises(InputError, match=r"occurs 2 times.*add `in:`"):
        anchor("doc", TEXT, "Russia", None, "f.yaml:9")


def test_anchor_uses_in_context_to_disambiguate():
    span = anchor("doc", TEXT, "Russia", "met. Russia said", "f.yaml:9")
    assert span.start == TEXT.index("Russia said")


def test_anchor_counts_code_points_not_bytes():
    text = "Oekraïne en “Rusland”"
    span = anchor("doc", text, "Rusland", None, "x")
    assert (span.start, span.end) == (13, 20)

"""Headings and passages left out (`headings:`, `omitted:` of a facts file) become typed spans, or file:line errors."""

import hashlib

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from kg.build import textparts
from kg.build.facts import span_triples
from kg.build.seeds import load_article
from kg.errors import InputError
from kg.rdf.namespaces import DIP, OA

TEXT = "Nordic notes\n\nNorway and Sweden share a long border.\n\nPhoto: a press agency.\n"
HEAD = f"""\
article:
  id: nordic
  original_file: nordic.txt
  sha256: {hashlib.sha256(TEXT.encode()).hexdigest()}
  language: en
  published: {{value: 2024-01-02, reason: "a test article"}}
things: []
"""


def article(tmp_path, tail: str):
    """The test article with `tail` appended to its facts file, loaded as the build loads it."""
    (tmp_path / "nordic.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "nordic.yaml"
    path.write_text(HEAD + tail, encoding="utf-8")
    return load_article(path)


def test_textparts_make_a_heading_span_and_an_omitted_one_with_its_reason(tmp_path):
    art = article(
        tmp_path, 'headings:\n  - Nordic notes\nomitted:\n  - {quote: "Photo: a press agency.", reason: credit}\n'
    )
    triples = textparts.triples(art, span_triples)
    headings = {s for s, p, o in triples if p == RDF.type and o == DIP.Heading}
    reasons = {(s, o) for s, p, o in triples if p == DIP.omissionReason}
    exact = {str(s): str(o) for s, p, o in triples if p == OA.exact}
    assert [exact[f"{s}/quote"] for s in headings] == ["Nordic notes"]
    assert [(exact[f"{s}/quote"], o) for s, o in reasons] == [("Photo: a press agency.", Literal("credit"))]


@pytest.mark.parametrize(
    "tail, line, message",
    [
        ("headings:\n  - Nordic notes\n  - Danish notes\n", 10, "quote 'Danish notes' is not in the article text"),
        ("omitted:\n  - {quote: Nordic notes}\n", 9, "needs a `reason:`"),
        ("omitted:\n  - Nordic notes\n", 9, "a mapping with `quote:`"),
        ("heading:\n  - Nordic notes\n", 9, "unknown top-level key(s) ['heading']"),
        ("headings: Nordic notes\n", 1, "`headings:` must be a list"),
    ],
)
def test_textparts_refuse_bad_lists_at_their_file_and_line(tmp_path, tail, line, message):
    art = article(tmp_path, tail)
    with pytest.raises(InputError) as err:
        textparts.triples(art, span_triples)
    assert err.value.where == f"{tmp_path / 'nordic.yaml'}:{line}" and message in str(err.value)

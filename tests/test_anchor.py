"""Quotes are found exactly once in their article, at offsets in code points, in time linear in the article.

That every shipped quote sits at its offsets is checked on every build by the shape SpanQuoteShape
(test_shapes.py makes it fire).
"""

from collections import Counter

import ahocorasick
import pytest

from bench import synth
from kg.build import anchor as anchoring
from kg.build import facts
from kg.build.anchor import Text, anchor, quotes
from kg.errors import InputError

TEXT = "Russia and South Korea met. Russia said yes."
QUOTES = ["South Korea met", "North Korea", "Russia", "met. Russia said", "Rusland"]


@pytest.fixture(params=["searched", "indexed"])
def text(request):
    """The text as a plain string (each quote searched for in it) or as an article's indexed Text."""
    return (lambda t: t) if request.param == "searched" else (lambda t: Text(t, QUOTES))


def test_anchor_finds_unique_quote_with_code_point_offsets(text):
    span = anchor("doc", text(TEXT), "South Korea met", None, "f.yaml:3")
    assert (span.start, span.end) == (11, 26)
    assert TEXT[span.start : span.end] == "South Korea met"
    assert span.prefix.endswith("Russia and ") and span.suffix.startswith(". Russia")


def test_anchor_refuses_missing_quote_naming_place(text):
    with pytest.raises(InputError, match=r"f.yaml:3: quote 'North Korea' is not in the article text"):
        anchor("doc", text(TEXT), "North Korea", None, "f.yaml:3")


def test_anchor_refuses_ambiguous_quote_and_says_how_to_fix(text):
    with pytest.raises(InputError, match=r"occurs 2 times.*add `in:`"):
        anchor("doc", text(TEXT), "Russia", None, "f.yaml:9")


def test_anchor_uses_in_context_to_disambiguate(text):
    span = anchor("doc", text(TEXT), "Russia", "met. Russia said", "f.yaml:9")
    assert span.start == TEXT.index("Russia said")


def test_anchor_counts_code_points_not_bytes(text):
    span = anchor("doc", text("🇷🇺 Oekraïne en “Rusland”"), "Rusland", None, "x")
    assert (span.start, span.end) == (16, 23)


def test_overlapping_occurrences_count_as_two():
    with pytest.raises(InputError, match="occurs 2 times"):
        anchor("doc", Text("the ananas", ["ana"]), "ana", None, "x")


def counting_reads(monkeypatch) -> Counter:
    """Count the characters of article text read: by the quotes' automaton and by whole-text searches."""
    read, automaton, scan = Counter(), ahocorasick.Automaton, anchoring.scan

    class Counting:
        def __init__(self):
            self.real = automaton()
            self.add_word, self.make_automaton = self.real.add_word, self.real.make_automaton

        def iter(self, text):
            read["chars"] += len(text)
            return self.real.iter(text)

    def counted_scan(text, needle):
        read["chars"] += len(text)
        return scan(text, needle)

    monkeypatch.setattr(ahocorasick, "Automaton", Counting)
    monkeypatch.setattr(anchoring, "scan", counted_scan)
    return read


@pytest.mark.parametrize("sentences", [100, 400])
def test_finding_every_quote_of_an_article_reads_its_text_once(monkeypatch, sentences):
    read = counting_reads(monkeypatch)
    text = " ".join(f"Sentence number {i} says something." for i in range(sentences))
    said = [f"Sentence number {i} says" for i in range(sentences)]
    indexed = Text(text, said)
    starts = [anchor("doc", indexed, q, None, "f.yaml:1").start for q in said]
    assert starts == [text.index(q) for q in said]
    assert read["chars"] == len(text), "one pass over the text, not one per quote"


def test_a_build_reads_each_article_text_once_for_all_its_quotes(monkeypatch):
    articles = synth.articles(6, per_article=3)
    read = counting_reads(monkeypatch)
    assert sum(1 for _ in facts.quads(articles=articles))
    assert read["chars"] == sum(len(a.text) for a in articles)


def test_quotes_are_collected_from_every_level_of_the_facts():
    found = quotes({"quote": "a", "date": {"quote": "b", "in": "c b"}}, [{"label": [{"quote": "d"}]}], ({"quote": 1},))
    assert sorted(found) == ["a", "b", "c b", "d"]

import pytest
from rdflib import Dataset

from kg.build.anchor import anchor
from kg.errors import InputError
from kg.rdf.namespaces import OA
from tests.helpers import ROOT

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


@pytest.fixture(scope="module")
def dump():
    ds = Dataset(default_union=True)
    ds.parse(ROOT / "dump" / "kg.nq", format="nquads")
    return ds


def test_every_shipped_quote_is_at_its_offsets(dump):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    checked = 0
    for span, source in dump.subject_objects(OA.hasSource):
        text = texts[str(source).rsplit("/", 1)[1]]
        selectors = list(dump.objects(span, OA.hasSelector))
        start = next(int(o) for s in selectors for o in dump.objects(s, OA.start))
        end = next(int(o) for s in selectors for o in dump.objects(s, OA.end))
        quote = next(str(o) for s in selectors for o in dump.objects(s, OA.exact))
        assert text[start:end] == quote, span
        checked += 1
    assert checked > 150

"""`kg coverage` and the article page's coverage: sentences, headings and omissions, unlinked names, --min."""

import hashlib
import json
import re

import pytest
import yaml

from app import create_app
from kg import coverage, pipeline
from kg.cli import main
from kg.coverage.text import Names, sentences
from kg.rdf.namespaces import ID
from tests.helpers import ROOT

SEEDS = ROOT / "seeds"
TEXT = "Nordic notes\n\nNorway and Sweden share a long border. Oslo lies in Norway. The weather was fine.\n"
FACTS = """\
article:
  id: nordic
  original_file: nordic.txt
  sha256: {sha}
  language: en
  published: {{value: 2024-01-02, reason: "a test article"}}
things:
  - {{id: norway, type: Country, label: Norway, wikidata: Q20, quote: Norway, in: "Norway and Sweden"}}
  - {{id: sweden, type: Country, label: Sweden, wikidata: Q34, quote: Sweden}}
  - {{id: oslo, type: City, label: Oslo, wikidata: Q585, quote: Oslo}}
headings:
  - Nordic notes
"""


def kg_json(capsys, *args) -> dict:
    """`kg coverage ARGS --format json`, in process, as parsed JSON (after checking it exits 0)."""
    assert main(["coverage", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def seeds_report(store) -> dict:
    """The coverage of the shipped dump, as `kg coverage --format json` prints it."""
    return coverage.report(lambda q, given: store.query(q.text, q.bindings(given)))


@pytest.fixture(scope="module")
def nordic(tmp_path_factory):
    """A dump built from one small article: a heading, two sentences with facts, one without, one unlinked name."""
    folder = tmp_path_factory.mktemp("nordic")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "nordic.txt").write_text(TEXT, encoding="utf-8")
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    (folder / "seeds" / "nordic.yaml").write_text(FACTS.format(sha=sha), encoding="utf-8")
    pipeline.run(folder / "seeds", folder / "dump", log=lambda *_: None)
    return folder / "dump"


def test_coverage_splits_every_seed_into_its_sentences(seeds_report):
    for art in seeds_report["articles"]:
        text = (SEEDS / f"{art['doc']}.txt").read_text(encoding="utf-8")
        cut = [(s["start"], s["end"]) for s in art["sentences"]]
        assert all(text[a:b] == s["text"] for (a, b), s in zip(cut, art["sentences"], strict=True))
        assert all(b <= c for (_, b), (c, _) in zip(cut, cut[1:], strict=False)), "sentences overlap"
        outside = "".join(c for i, c in enumerate(text) if not any(a <= i < b for a, b in cut))
        assert not re.search(r"\w\w", outside), f"{art['doc']}: words outside every sentence: {outside!r}"


def test_coverage_counts_add_up_per_article_and_overall(seeds_report):
    for part in [*seeds_report["articles"], seeds_report]:
        sents = part.get("sentences") or [s for a in seeds_report["articles"] for s in a["sentences"]]
        s = part["summary"]
        assert s["sentences"] == len(sents) == s["covered"] + s["explained"] + s["uncovered"]
        assert s["percent"] == round(100 * (s["covered"] + s["explained"]) / len(sents), 1)
    assert seeds_report["summary"]["unlinked_mentions"] == sum(
        len(a["unlinked_mentions"]) for a in seeds_report["articles"]
    )


def test_coverage_explains_the_headings_of_the_facts_files(seeds_report):
    for art in seeds_report["articles"]:
        facts = yaml.load((SEEDS / f"{art['doc']}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        headings = [h if isinstance(h, str) else h["quote"] for h in facts.get("headings", [])]
        assert headings, f"{art['doc']} lists no headings"
        for heading in headings:
            found = [s for s in art["sentences"] if s["text"] in heading or heading in s["text"]]
            assert found and all(s["heading"] and s["status"] in ("explained", "covered") for s in found), heading


def test_coverage_cites_a_sentence_by_the_facts_quoting_it(seeds_report):
    rusk = next(a for a in seeds_report["articles"] if a["doc"] == "rusk-2021-03")
    met = next(s for s in rusk["sentences"] if s["text"].startswith("The foreign ministers of Russia"))
    assert met["status"] == "covered" and str(ID["meeting-lavrov-chung-2021-03"]) in met["facts"]


def test_coverage_json_has_the_documented_shape(capsys, nordic):
    report = kg_json(capsys, "nordic", "--dump", str(nordic))
    assert set(report) == {"summary", "articles"} and [a["doc"] for a in report["articles"]] == ["nordic"]
    art = report["articles"][0]
    assert set(art) == {
        "article",
        "doc",
        "language",
        "title",
        "summary",
        "sentences",
        "unlinked_mentions",
        "unquoted_values",
    }
    assert set(art["summary"]) == {
        "sentences", "covered", "explained", "uncovered", "covered_percent", "percent",
        "mentions", "unlinked_mentions", "unquoted_values",
    }  # fmt: skip
    assert set(art["sentences"][0]) == {"start", "end", "text", "status", "facts", "heading", "omitted"}
    assert all(set(m) == {"start", "end", "text", "things"} for m in art["unlinked_mentions"])


def test_coverage_exits_1_under_min_and_0_at_it(capsys, nordic):
    percent = kg_json(capsys, "--dump", str(nordic))["summary"]["percent"]  # 3 of its 4 sentences
    assert main(["coverage", "--dump", str(nordic), "--format", "summary", "--min", str(percent)]) == 0
    assert main(["coverage", "--dump", str(nordic), "--format", "summary", "--min", str(percent + 0.1)]) == 1
    assert "under --min" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [(["--min", "101"], "percentage from 0 to 100"), (["no-such-doc"], "no article 'no-such-doc'")],
)
def test_coverage_bad_usage_exits_2_with_a_message(args, message, capsys):
    assert main(["coverage", *args]) == 2
    assert message in capsys.readouterr().err


def test_coverage_reports_exactly_the_uncovered_sentence_and_unlinked_name(nordic, capsys):
    art = kg_json(capsys, "--dump", str(nordic))["articles"][0]
    status = {s["text"]: s["status"] for s in art["sentences"]}
    assert status == {
        "Nordic notes": "explained",
        "Norway and Sweden share a long border.": "covered",
        "Oslo lies in Norway.": "covered",
        "The weather was fine.": "uncovered",
    }
    second = TEXT.rindex("Norway")
    assert art["unlinked_mentions"] == [
        {"start": second, "end": second + len("Norway"), "text": "Norway", "things": [str(ID["norway"])]}
    ]


def test_coverage_text_lists_the_gaps(nordic, capsys):
    assert main(["coverage", "nordic", "--dump", str(nordic)]) == 0
    out = capsys.readouterr().out
    assert "The weather was fine." in out and "'Norway' = norway" in out and "Nordic notes" not in out.split("##")[1]


@pytest.fixture
def nordic_client(nordic):
    """A test client of the app over the small article's dump; its query process is stopped at the end."""
    app = create_app({"TESTING": True, "DUMP": str(nordic)})
    yield app.test_client()
    app.extensions["kg"].stop()


def test_article_page_marks_the_sentence_without_a_fact(nordic_client):
    page = nordic_client.get("/articles/nordic").get_data(as_text=True)
    uncovered = re.findall(r'<span id="sentence-\d+" class="sentence uncovered"[^>]*>(.*?)<sup', page)
    assert uncovered == ["The weather was fine."]
    assert re.search(
        r'class="sentence explained heading" role="heading"[^>]*>(<span[^>]*>|</span>)*Nordic notes<', page
    )
    assert '<h1 lang="en">nordic</h1>' in page and "no headline of its own" in page


def test_names_match_case_inflection_and_hyphens():
    names = Names({"sk": ["Zuid-Korea"], "kju": ["Kim Jong Un"], "un": ["UN"], "kp": ["Korean peninsula"]})
    text = "De Zuid-Koreaanse regering, Kim Jong-un en de UN; Kim Jong Un. The korean Peninsula."
    found = [(m.text, m.things) for m in names.find(text)]
    assert found == [
        ("Zuid-Koreaanse", ("sk",)),
        ("Kim Jong-un", ("kju",)),
        ("UN", ("un",)),
        ("Kim Jong Un", ("kju",)),
        ("korean Peninsula", ("kp",)),
    ]


def test_names_do_not_cross_a_sentence_or_take_short_prefixes():
    names = Names({"x": ["Korea Times"], "un": ["UN"], "kim": ["Kim"]})
    assert names.find("Korea. Times are hard; Kimberley met Un.") == []


def test_sentences_end_at_line_breaks_and_skip_stray_dots():
    text = "Nieuwe alliantie\n\nDe regering is woedend over het pact..\n\n"
    text += "Ze zei dat het “binnen de kaders” valt. Hij zweeg."
    assert [text[a:b] for a, b in sentences(text, "nl")] == [
        "Nieuwe alliantie",
        "De regering is woedend over het pact.",  # the stray second dot is no sentence
        "Ze zei dat het “binnen de kaders” valt.",
        "Hij zweeg.",
    ]


def test_coverage_goal_every_sentence_covered_or_explained_and_every_name_linked(seeds_report):
    """The goal of issue 10 on the shipped seeds."""
    assert seeds_report["summary"]["percent"] == 100.0
    assert seeds_report["summary"]["unlinked_mentions"] == 0

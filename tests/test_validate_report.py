"""Validation reports point at the facts file's line, in every format: text, json, junit, sarif, github.

The shapes' fixtures (tests/fixtures/shapes) turned into facts files where a facts file can break
them (the build refuses most other mistakes itself, at their line): one copy of the seeds, broken in
each case's own place, is built once, and each case's shape must fire and name the case's file:line.
JUnit output is checked against the Jenkins junit-10.xsd, SARIF against the SARIF 2.1.0 schema, both
shipped in tests/fixtures/ci/.
"""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.seeds import load_articles
from kg.cli import main
from kg.pipeline import run
from kg.validate import sources, validate_file
from kg.validate.findings import Finding, located, split_fix
from kg.validate.formats import FORMATS, Nonconforming, github
from tests.helpers import ROOT, copy_seeds, edit, line_of

CI = ROOT / "tests" / "fixtures" / "ci"
R, S = "rusk-2021-03.yaml", "seoul-moscow-2020-10.yaml"
NEW = "  # --------------------------------------------------------------- places\n"  # new things go above
CURATOR = 'basis: curator, source: "test"'
OFFICE = "Economic Councilor of the Embassy of the Russian Federation to the Republic of Korea"

# (shape, facts file, old text, new text, focus id, words on the line the result must name; None: the thing's line)
CASES = [
    ("City-locatedIn", R, '    inCountry: {value: russia, basis: curator, source: "Wikidata Q649: Moscow,'
     ' capital of Russia"}\n',
     f"    locatedIn: {{value: seoul, {CURATOR}}}\n", "moscow", "locatedIn: {value: seoul"),
    ("DisjointTypesShape", R, "  language: en\n",
     f"  language: en\n  publisher: {{value: asia-pacific-region, {CURATOR}}}\n",
     "asia-pacific-region", None),
    ("Meeting-participant", R, "    participant: [russian-korean-joint-commission]\n", "",
     "joint-commission-meeting-seoul-2021", None),
    ("Event-date", R, "    date: {relative: this year, expression: this year}\n", "",
     "joint-commission-meeting-seoul-2021", None),
    ("Agreement-party", S, "    party: [seoul, moscow]\n", "", "sister-city-agreement-1991", None),
    ("Agreement-party-kind", R, "    party: {value: [russia, south-korea], basis: curator, source: *the-countries}\n",
     "    party: {value: [russia, sergei-lavrov], basis: curator, source: *the-countries}\n",
     "agreement-ru-kr-strengthen-ties-2021-03", "party: {value: [russia, sergei-lavrov]"),
    ("Anniversary-commemorates", R, "    commemorates:\n      value: diplomatic-ties-1990\n      basis: curator\n"
     '      source: "Diplomatic relations between the Republic of Korea and the USSR, whose continuing state Russia'
     ' is, were established on 30 September 1990 (the seoul-moscow-2020-10 article states it)"\n', "",
     "anniversary-ru-kr-diplomatic-relations-30", None),
    ("DiplomaticTies-countries", S, "      - value: [south-korea, russia]\n",
     "      - value: [south-korea]\n", "diplomatic-ties-1990", "- {value: [seoul, moscow]"),
    ("ReactionOrderShape", R, "    date: {value: 2009, expression: since 2009}\n",
     "    date: {value: 2022, expression: since 2009}\n", "meeting-lavrov-chung-2021-03",
     "value: dialogue-ru-kr-foreign-ministers-2009"),
    ("Statement-speaker", R, "    speaker: chung-eui-yong\n    quotation: strategic", "    quotation: strategic",
     "statement-chung-strategic-partner-2021-03", None),
    ("Statement-quotation", R, "    quotation: unwavering support and cooperation\n", "",
     "statement-chung-peace-process-support-2021-03", None),
    ("Statistic-statedAs", R, '    statedAs: "~$1 billion"\n', "", "stat-russian-korean-investment-fund-2021", None),
    ("Statistic-unit", S, '    unit: {value: people, stated_as: number of tourists, quote: *korea-russia}\n'
     '    statedAs: "30,000"',
     '    statedAs: "30,000"', "stat-tourists-1990", None),
    ("Statistic-amount", S, "    value: 777000\n", "", "stat-tourists-2019", None),
    ("Official-office", R, "    office: South Korean foreign minister\n", "", "chung-eui-yong", None),
    ("Official-represents", R, '    represents: {value: south-korea, basis: curator, source: "Wikidata Q21001: Moon'
     ' Jae-in, President of South Korea 2017-2022"}\n', "", "moon-jae-in", None),
    ("Initiative-launcher", R, "    launchedBy: moon-jae-in\n", "", "nine-bridges-initiative", None),
    ("Initiative-fields", R, "    field: [investment]\n    partOf:", "    partOf:",
     "russian-korean-investment-fund", None),
    ("Country-wikidata", R, NEW, f"  - id: test-country\n    type: Country\n    label: Asia-Pacific\n"
     f"    quote: Asia-Pacific region\n\n{NEW}", "test-country", None),
    ("City-country", R, NEW, f"  - id: test-city\n    type: City\n    label: Northeast Asia\n"
     f"    quote: Northeast Asia\n\n{NEW}", "test-city", None),
    ("Indicator-used", R, NEW, f"  - id: test-indicator\n    type: Indicator\n    label: investment fund\n"
     f"    quote: investment fund\n\n{NEW}", "test-indicator", None),
]  # fmt: skip
IDS = [f"{shape}-at-{focus}" for shape, _, _, _, focus, _ in CASES]


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, list[Finding]]:
    """A copy of the seeds with every case's mistake, and the findings of its build (which refuses to dump it)."""
    seeds = copy_seeds(tmp_path_factory.mktemp("broken"))
    for _, file, old, new, _, _ in CASES:
        edit(seeds / file, old, new)
    with pytest.raises(Nonconforming) as refused:
        run(seeds, seeds.parent / "dump", log=lambda *_: None)
    return seeds, refused.value.findings


@pytest.fixture(scope="module")
def outputs(broken) -> dict[str, str]:
    return {name: render(broken[1], "violation") for name, render in FORMATS.items()}


def expected(seeds: Path, file: str, focus: str, words: str | None) -> tuple[str, int]:
    """The file and line a case's result must name: the line with `words` at or after the thing's id."""
    path = seeds / file
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {focus}") + 1
    found = start if words is None else next(i for i in range(start, len(lines) + 1) if words in lines[i - 1])
    return str(path), found


def the_finding(findings: list[Finding], shape: str, focus: str) -> Finding:
    found = [f for f in findings if f.rule == shape and f.focus.endswith(f"/{focus}")]
    assert len(found) == 1, f"{shape} on {focus}: {found or sorted({f.rule for f in findings})}"
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize("shape, file, old, new, focus, words", CASES, ids=IDS)
def test_a_broken_facts_file_is_named_at_its_line_in_every_format(broken, outputs, shape, file, old, new, focus, words):
    seeds, findings = broken
    path, line = expected(seeds, file, focus, words)
    f = the_finding(findings, shape, focus)
    assert (f.place and f.place.file, f.place and f.place.line) == (path, line)
    assert f"\n{f.severity} {shape}: " in outputs["text"]
    assert f"    {path}:{line}: id:{focus}" in outputs["text"]
    assert {"rule": shape, "file": path, "line": line} in [
        {k: r[k] for k in ("rule", "file", "line")} for r in json.loads(outputs["json"])["results"]
    ]
    cases = ET.fromstring(outputs["junit"]).iter("testcase")
    assert any(c.get("classname") == shape and c.get("name", "").startswith(f"{path}:{line}: ") for c in cases)
    regions = [
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
        for r in json.loads(outputs["sarif"])["runs"][0]["results"]
        if r["ruleId"] == shape
        for loc in r["locations"]
    ]
    assert (Path(path).as_uri(), line) in regions
    level = {"Violation": "error", "Warning": "warning"}[f.severity]
    assert f"::{level} file={path},line={line},title={f.severity} {shape}::" in outputs["github"]


@pytest.mark.slow
def test_the_junit_and_sarif_reports_validate_against_their_schemas(outputs):
    import jsonschema
    import xmlschema

    xmlschema.XMLSchema(str(CI / "junit-10.xsd")).validate(outputs["junit"])
    schema = json.loads((CI / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(outputs["sarif"]))
    for render in (FORMATS["junit"], FORMATS["sarif"]):  # and with nothing to report
        empty = render([], "violation")
        if render is FORMATS["junit"]:
            xmlschema.XMLSchema(str(CI / "junit-10.xsd")).validate(empty)
        else:
            jsonschema.Draft4Validator(schema).validate(json.loads(empty))


@pytest.mark.slow
def test_a_statement_of_evidence_is_placed_at_its_value_and_named_by_its_triple_without_sources(tmp_path):
    # the dump with the span of one of Pavel Leshakov's two offices removed: EvidenceBasisShape fires on its statement
    lines = (ROOT / "dump" / "kg.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    statement = next(
        line.split(" ", 1)[0]
        for line in lines
        if line.startswith("<https://dipkg.example.org/id/statement/pavel-leshakov/")
        and f'#object> "{OFFICE}"@en' in line
    )
    span = f"{statement} <http://www.w3.org/ns/prov#wasDerivedFrom> "
    (tmp_path / "kg.nq").write_text("".join(line for line in lines if not line.startswith(span)), encoding="utf-8")
    report = validate_file(tmp_path / "kg.nq")  # validated once, placed without and with the map of the seeds

    def placed(by):
        quads = lambda: ox.parse(path=str(tmp_path / "kg.nq"), format=ox.RdfFormat.N_QUADS)  # noqa: E731
        (found,) = [f for f in located(report, by, quads) if f.rule == "EvidenceBasisShape"]
        return found

    bare = placed(None)
    assert bare.place is None and bare.value == statement
    assert bare.about() == f'id:pavel-leshakov dip:office "{OFFICE}"@en'  # no facts files: the triple
    found = placed(sources.Sources(sources.declarations(load_articles(ROOT / "seeds"), tmp_path), tmp_path))
    facts = ROOT / "seeds" / S
    assert (found.place.file, found.place.line) == (str(facts.relative_to(ROOT)), line_of(facts, f"- value: {OFFICE}"))


@pytest.mark.slow
def test_kg_validate_fails_on_warnings_only_when_asked(capsys):
    assert main(["validate", "--format", "github"]) == 0  # the shipped dump: warnings only
    shown = capsys.readouterr().out
    assert "::warning file=seeds/" in shown and "::error" not in shown
    assert main(["validate", "--format", "json", "--fail-on", "warning"]) == 1
    assert json.loads(capsys.readouterr().out)["conforms"] is False
    assert main(["validate", "--seeds", "seeds", "dump/kg.ttl"]) == 2


@pytest.mark.slow
def test_the_committed_map_of_facts_file_lines_is_fresh():
    fresh = sources.declarations(load_articles(ROOT / "seeds"), ROOT / "dump")
    committed = json.loads((ROOT / "dump" / sources.FILE).read_text(encoding="utf-8"))
    assert committed == fresh, "dump/sources.json differs from a fresh build: run `make build` and commit dump/"


def test_a_message_is_parted_into_what_is_wrong_and_the_fix():
    assert split_fix("A city's `locatedIn` must be a Country (type: Country): fix `locatedIn`.") == (
        "A city's `locatedIn` must be a Country (type: Country)",
        "fix `locatedIn`.",
    )
    assert split_fix("re-run `kg build`") == ("re-run `kg build`", None)


def test_github_annotations_escape_what_would_end_their_fields():
    f = Finding("Warning", "https://x/shapes#A-b", "https://x/id/n", "50% done, really: no\nline", "fix it")
    place = sources.Place("a,b:c.yaml", 3, 1)
    out = github([Finding(**{**f.__dict__, "place": place})])
    assert out.startswith("::warning file=a%2Cb%3Ac.yaml,line=3,title=Warning A-b::50%25 done, really: no%0Aline")

"""A validation's findings in the formats CI systems read: text, json, junit, sarif, github.

- text: grouped by shape with counts, each group's message first, then the fix, then every
  place (file:line, the triple, the thing's quote);
- json: every finding as an object;
- junit: JUnit XML (the Jenkins junit-10.xsd dialect): a test case per finding, failed when at or
  above the --fail-on severity;
- sarif: SARIF 2.1.0, a rule per shape and a result per finding, located at its facts file's line;
- github: GitHub Actions workflow commands (`::error file=...,line=...::`), annotations on the line.
"""

import json
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from kg.errors import NotConformant
from kg.validate.findings import SEVERITIES, Finding

LEVELS = {"Violation": ("error", "error"), "Warning": ("warning", "warning"), "Info": ("note", "notice")}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL = "kg validate"
QUOTED = 100  # characters of a thing's quote that the text report shows


def failing(f: Finding, fail_on: str) -> bool:
    """True if the finding's severity is `fail_on` or more serious (Violation > Warning > Info)."""
    return SEVERITIES.index(f.severity) <= SEVERITIES.index(fail_on.capitalize())


def summary(fs: list[Finding]) -> str:
    """`N violation(s), N warning(s), N info(s)`."""
    n = Counter(f.severity for f in fs)
    return ", ".join(f"{n[s]} {s.lower()}(s)" for s in SEVERITIES)


def _place(f: Finding) -> list[str]:
    """The lines of one finding in the text report: file:line and the triple, then the thing's quote."""
    lines = [f"    {f.where or '(no facts file)'}: {f.about()}"]
    if f.place and (f.place.quote or f.place.thing_line != f.place.line):
        quote = f.place.quote or ""
        said = f'"{quote[:QUOTED]}{"…" if len(quote) > QUOTED else ""}"' if quote else "the thing"
        at = f" (its mapping at line {f.place.thing_line})" if f.place.thing_line != f.place.line else ""
        lines.append(f"      {said}{at}")
    if f.place and f.place.also:
        lines.append(f"      also written at {', '.join(f.place.also)}")
    return lines


def text(fs: list[Finding], fail_on: str = "violation") -> str:
    """Grouped by shape, with counts: the message, the fix, then each file:line and triple, with the quote."""
    lines = [f"Conforms: {not any(failing(f, fail_on) for f in fs)} ({summary(fs)})"]
    ordered = sorted(fs, key=lambda f: (SEVERITIES.index(f.severity), f.rule))  # stable: by place within a shape
    for (severity, rule), group in groupby(ordered, key=lambda f: (f.severity, f.rule)):
        items = list(group)
        lines += ["", f"{severity} {rule}: {len(items)} result(s)"]
        for (message, fix), same in groupby(sorted(items, key=lambda f: (f.message, f.fix or "")), key=_said):
            lines.append(f"  {message}")
            lines += [f"  Fix: {fix}"] if fix else []
            lines += [line for f in same for line in _place(f)]
    return "\n".join(lines) + "\n"


def _said(f: Finding) -> tuple:
    return f.message, f.fix


def as_dict(f: Finding) -> dict:
    """A finding as JSON data."""
    place = f.place
    return {
        "severity": f.severity,
        "shape": f.shape,
        "rule": f.rule,
        "message": f.message,
        "fix": f.fix,
        "focus": f.focus,
        "path": f.path and f.path.strip("<>"),
        "value": f.value,
        "triple": list(f.triple) if f.triple else None,
        "file": place and place.file,
        "line": place and place.line,
        "thing_line": place and place.thing_line,
        "quote": place and place.quote,
        "also": list(place.also) if place else [],
    }


def as_json(fs: list[Finding], fail_on: str = "violation") -> str:
    """Every finding as an object, with the counts."""
    n = Counter(f.severity for f in fs)
    out = {"conforms": not any(failing(f, fail_on) for f in fs), **{s.lower() + "s": n[s] for s in SEVERITIES}}
    return json.dumps({**out, "results": [as_dict(f) for f in fs]}, ensure_ascii=False, indent=2) + "\n"


def _long(f: Finding) -> str:
    lines = [f.message, f"Fix: {f.fix}" if f.fix else "", f"About: {f.about()}", f"Focus node: {f.focus}"]
    lines += [f"Quote: {f.place.quote}"] if f.place and f.place.quote else []
    return "\n".join(line for line in lines if line)


def junit(fs: list[Finding], fail_on: str = "violation") -> str:
    """JUnit XML: one test case per finding (named by file:line and focus node), a passing one if none."""
    failures = sum(failing(f, fail_on) for f in fs)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites, "testsuite", name=TOOL, tests=str(max(1, len(fs))), failures=str(failures), errors="0", skipped="0"
    )
    if not fs:
        ET.SubElement(suite, "testcase", name="the data conforms to the shapes", classname="shapes")
    for f in fs:
        case = ET.SubElement(suite, "testcase", name=f"{f.where or f.focus}: {f.about()}", classname=f.rule)
        if failing(f, fail_on):
            ET.SubElement(case, "failure", message=f.message, type=f.severity).text = _long(f)
        else:
            ET.SubElement(case, "system-out").text = f"{f.severity}: {_long(f)}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _sarif_result(f: Finding, index: int) -> dict:
    text = f"{f.message}. {f.fix}" if f.fix else f.message
    out: dict = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity][0],
        "message": {"text": f"{text} ({f.about()})"},
        "locations": [{"logicalLocations": [{"fullyQualifiedName": f.focus, "kind": "object"}]}],
    }
    if f.place:
        out["locations"][0]["physicalLocation"] = {
            "artifactLocation": {"uri": _uri(f.place.file)},
            "region": {"startLine": f.place.line},
        }
        out["relatedLocations"] = [_sarif_location(i, where) for i, where in enumerate(f.place.also)]
    return out


def _sarif_location(i: int, where: str) -> dict:
    """A SARIF location of a file:line."""
    file, line = where.rsplit(":", 1)
    region = {"startLine": int(line)}
    return {"id": i, "physicalLocation": {"artifactLocation": {"uri": _uri(file)}, "region": region}}


def _uri(file: str) -> str:
    """A file's SARIF URI: relative to the checkout as written (GitHub code scanning maps it), else file://."""
    return Path(file).as_uri() if Path(file).is_absolute() else quote(file)


def sarif(fs: list[Finding], fail_on: str = "violation") -> str:
    """SARIF 2.1.0: the shapes that fired as rules, each finding a result at its facts file's line."""
    rules = list(dict.fromkeys(f.rule for f in fs))
    first = {f.rule: f for f in reversed(fs)}
    driver = {
        "name": TOOL,
        "informationUri": "https://dipkg.example.org/",
        "rules": [
            {
                "id": rule,
                "name": rule.replace("-", ""),
                "helpUri": first[rule].shape,
                "shortDescription": {"text": first[rule].message},
                "help": {"text": first[rule].fix or first[rule].message},
                "defaultConfiguration": {"level": LEVELS[first[rule].severity][0]},
            }
            for rule in rules
        ],
    }
    runs = [{"tool": {"driver": driver}, "results": [_sarif_result(f, rules.index(f.rule)) for f in fs]}]
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": runs}, ensure_ascii=False, indent=2) + "\n"


def _escape(text: str, prop: bool = False) -> str:
    """Escape a workflow command's message (or, `prop`, a property value) as GitHub Actions reads it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(fs: list[Finding], fail_on: str = "violation") -> str:
    """GitHub Actions workflow commands: an annotation per finding on its facts file's line, then the counts."""
    lines = []
    for f in fs:
        props = [f"file={_escape(f.place.file, True)}", f"line={f.place.line}"] if f.place else []
        props.append(f"title={_escape(f'{f.severity} {f.rule}', True)}")
        body = f"{f.message}\nFix: {f.fix}\n{f.about()}" if f.fix else f"{f.message}\n{f.about()}"
        lines.append(f"::{LEVELS[f.severity][1]} {','.join(props)}::{_escape(body)}")
    lines.append(f"kg validate: {summary(fs)}")
    return "\n".join(lines) + "\n"


FORMATS = {"text": text, "json": as_json, "junit": junit, "sarif": sarif, "github": github}


class Nonconforming(NotConformant):
    """A build's data does not conform: the message, then the findings as text (kept in `findings`)."""

    def __init__(self, message: str, found: list[Finding]):
        self.findings = found
        super().__init__(f"{message}\n{text(found)}")

"""`kg validate`: validate a dump file, or the graph built from a folder of facts files, and report in a CI's format.

A dump file is placed back in its facts files by the `sources.json` that `kg build` writes beside
it (kg.validate.sources), when there is one; without it the findings name the focus node and the
triple. `--seeds DIR` builds the graph from the facts files in a temporary folder (no dump is
written): what the pre-commit hook runs in a repository of facts files.
"""

import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, NotConformant
from kg.validate import FORMATS as RDF_FORMATS
from kg.validate import validate_file
from kg.validate.findings import Finding, located
from kg.validate.formats import FORMATS, Nonconforming, failing
from kg.validate.sources import FILE, Sources

FAIL_ON = ("violation", "warning", "info")


def of_file(path: Path, sources: Path | None = None) -> list[Finding]:
    """The findings on an RDF file, placed by its map (`sources`, else sources.json beside it, if any)."""
    if sources is not None and not Path(sources).is_file():
        raise InputError(f"{sources} does not exist; `kg build` writes {FILE} beside the dump")
    report = validate_file(path)
    found = Sources.read(sources or Path(path).parent / FILE)
    for stale in found.stale if found else ():
        print(f"kg: warning: {stale} changed since the dump was built; its lines may be off", file=sys.stderr)
    return located(report, found, lambda: ox.parse(path=str(path), format=RDF_FORMATS[Path(path).suffix]))


def of_seeds(seeds: Path) -> list[Finding]:
    """The findings on the graph built from a folder of facts files, writing no dump."""
    from kg import pipeline  # imported here: validating a dump file needs none of the build stages

    with tempfile.TemporaryDirectory(prefix="kg-check-") as tmp:
        try:
            return pipeline.run(seeds, Path(tmp), log=lambda *_: None)["findings"]
        except Nonconforming as e:
            return e.findings


def report(found: list[Finding], fmt: str = "text", fail_on: str = "violation", what: str = "the data") -> None:
    """Print the findings in format `fmt`; raise NotConformant when one is `fail_on` or more serious."""
    sys.stdout.write(FORMATS[fmt](found, fail_on))
    failed = sum(failing(f, fail_on) for f in found)
    if failed:
        raise NotConformant(f"{what} does not conform: {failed} result(s) of severity {fail_on} or more serious")

"""`kg validate`'s command line: what to validate, the report's format, what fails it (kg.validate.check runs it)."""

import argparse
from collections.abc import Callable

from kg.validate import FORMATS as RDF_FILES


def validate_parser(sub, folders: argparse.ArgumentParser, run: Callable) -> None:
    """Add `kg validate` to the subcommands, with the folder options of `folders`, run by `run`."""
    what = f"validate an RDF file ({', '.join(RDF_FILES)}; all graphs merged) against the SHACL shapes"
    v = sub.add_parser(
        "validate",
        parents=[folders],
        help=f"{what} (exit 1 if it does not conform)",
        description=f"{what[0].upper()}{what[1:]}, a big one in chunks; each result names the facts file and "
        "line to fix. Exit 0 if it conforms (warnings allowed, see --fail-on), 1 if it does not, 2 if it cannot "
        "be read.",
    )
    v.add_argument("file", nargs="?", help=f"the file: {', '.join(RDF_FILES)} (default: kg.ttl in the dump folder)")
    v.add_argument(
        "--seeds",
        metavar="DIR",
        help="validate the graph built from this folder of facts files (*.yaml beside their *.txt), writing no dump",
    )
    v.add_argument(
        "--sources",
        metavar="FILE",
        help="the map of the facts files' lines that `kg build` wrote (default: sources.json beside the file)",
    )
    v.add_argument(
        "--format",
        choices=("text", "json", "junit", "sarif", "github"),
        default="text",
        help="text (default, grouped by shape), json, junit (JUnit XML), sarif (SARIF 2.1.0), "
        "github (GitHub Actions annotations)",
    )
    v.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="exit 1 when a result is this severe or more (default: %(default)s)",
    )
    v.set_defaults(func=run)

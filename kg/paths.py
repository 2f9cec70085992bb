"""Where files live: the shipped data (ontology, shapes, canned queries) and the project folder (seeds, dump).

An installed wheel carries the shipped data in `kg/data/`; a source checkout has it at the top of
the checkout. Seeds and dumps belong to the project folder: `KG_HOME` if set, else the current folder.
"""

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SHIPPED = PACKAGE / "data"
DATA = _SHIPPED if (_SHIPPED / "ontology").is_dir() else PACKAGE.parent
ONTOLOGY = DATA / "ontology" / "dip.ttl"
SHAPES = DATA / "shapes" / "shapes.ttl"
QUERIES = DATA / "queries"

PROJECT = Path(os.environ.get("KG_HOME") or ".")
SEEDS = PROJECT / "seeds"
DUMP = PROJECT / "dump"
ROOT = PACKAGE.parent  # the source checkout, for tests and tools that read its files

"""Where the shipped files live, relative to the project root."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ONTOLOGY = ROOT / "ontology" / "dip.ttl"
SHAPES = ROOT / "shapes" / "shapes.ttl"
DUMP = ROOT / "dump"
QUERIES = ROOT / "app" / "queries"

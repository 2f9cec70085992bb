"""Validation stage: the SHACL shapes run by pyshacl over the whole graph."""
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from . import paths


@dataclass(frozen=True)
class Report:
    """What pyshacl found: violations fail a build, warnings do not."""

    violations: int
    warnings: int
    text: str

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def merged(ds: Dataset) -> Graph:
    """All graphs of a dataset as one graph, as `dump/kg.ttl` holds them."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def validate_graph(data: Graph, shapes: Path = paths.SHAPES, ontology: Path = paths.ONTOLOGY) -> Report:
    """Validate a data graph against the shapes, with the ontology for class hierarchy."""
    shapes_g = Graph().parse(shapes, format="turtle")
    onto_g = Graph().parse(ontology, format="turtle")
    _, results, text = shacl_validate(data, shacl_graph=shapes_g, ont_graph=onto_g, inference="none", allow_warnings=True)
    severities = list(results.objects(None, SH.resultSeverity))
    return Report(severities.count(SH.Violation), len(severities) - severities.count(SH.Violation), text)

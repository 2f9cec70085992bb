"""What the shapes found, as a report: counts, results, and a text a person reads."""

import re
from dataclasses import dataclass, field

SEVERITY = {
    "<http://www.w3.org/ns/shacl#Violation>": "Violation",
    "<http://www.w3.org/ns/shacl#Warning>": "Warning",
    "<http://www.w3.org/ns/shacl#Info>": "Info",
}


@dataclass(frozen=True)
class Report:
    """What the shapes found: violations fail a build, warnings do not."""

    violations: int
    warnings: int
    text: str
    results: frozenset = frozenset()  # (severity, source shape, focus node) of every result, IRIs as text
    items: tuple = field(default=(), compare=False)  # shacl-rust's results, for kg.validate.findings

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def readable(message: str) -> str:
    """A message with the values a SPARQL check filled in shown as text, not as N-Triples terms."""
    message = re.sub(r'"([^"]*)"\^\^<[^>]+>', r"\1", message)
    return re.sub(r'""(.*?)""', r'"\1"', message)


def report(results: list) -> Report:
    """Count violations and warnings; describe each result as a block of lines, in a stable order."""
    blocks, found = [], set()
    for r in results:
        severity = SEVERITY.get(r.get("severity"), r.get("severity"))
        found.add((severity, r.get("sourceShape", "").strip("<>"), r.get("focusNode", "").strip("<>")))
        lines = [
            f"Constraint {severity} in {r.get('sourceShape', '').strip('<>')}:",
            f"  Focus node: {r.get('focusNode', '').strip('<>')}",
        ]
        if r.get("resultPath"):
            lines.append(f"  Path: {r['resultPath'].strip('<>')}")
        if r.get("value"):
            lines.append(f"  Value: {r['value']}")
        lines += [f"  Message: {readable(m)}" for m in r.get("messages") or ["(no message)"]]
        blocks.append((severity != "Violation", "\n".join(lines)))
    blocks.sort()
    violations = sum(1 for warning, _ in blocks if not warning)
    head = f"Conforms: {violations == 0} ({violations} violation(s), {len(blocks) - violations} warning(s))"
    text = "\n".join([head] + [b for _, b in blocks])
    return Report(violations, len(blocks) - violations, text, frozenset(found), tuple(results))

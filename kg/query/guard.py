"""Refuse over-deep queries before they reach the engine, whose parser recurses and dies of a stack overflow.

pyoxigraph 0.5 crashes (SIGSEGV) on 961 nested `STR(` calls, 2,206 braces, 4,696 parentheses, about
7,000 `+` or 9,400 `||` or `!` in a row (tests/test_attack_engine.py has the forms). A linear scan,
which skips strings, IRIs and comments as the SPARQL grammar does, measures a query's depth: each open
bracket (`{`, `(`, `[`) is one level, and every OPERATORS_PER_LEVEL operators in the open groups
another (an operator costs the parser about a seventh of a bracket). What looks like an IRI is also
measured inside: the parser reads `1<((2))>3` as a comparison, not as the IRI `<((2))>`, and recurses
into it before it fails. A query deeper than the limit
(KG_MAX_NESTING, 200 by default: a fifth of the shallowest crash) is refused with InputError.
"""

import re

from kg.errors import InputError

OPERATORS_PER_LEVEL = 5
OPEN, CLOSE = "{([", "})]"
OPERATORS = {"!", "+", "-", "*", "/", "|", "^", "&&", "||", "=", "!=", "<", ">", "<=", ">="}
TOKEN = re.compile(
    r"""'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"""  # long strings
    r'''|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'''
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*\""""  # strings
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""  # IRIs
    r"|\#[^\n\r]*"  # comments
    r"|[?$]\w+"  # variables
    r"|(?:[^\W\d]|:)[\w.\-:%\\]*"  # keywords and prefixed names, which may hold `-`
    r"|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"  # numbers, with their exponent's sign
    r"|\^\^|&&|\|\||!=|<=|>="  # two-character tokens (`^^` tags a literal's datatype, no operator)
    r"|\S",
    re.DOTALL,
)


def depth(sparql: str) -> float:
    """The deepest nesting in a query: open brackets, plus operators in the open groups / OPERATORS_PER_LEVEL."""
    groups = [0]  # operators seen in each open group, the query's top level first
    operators, deepest = 0, 0.0
    for match in TOKEN.finditer(sparql):
        token, inner = match.group(), 0.0
        if token in OPERATORS:
            groups[-1] += 1
            operators += 1
        elif token in OPEN:
            groups.append(0)
        elif token in CLOSE and len(groups) > 1:
            operators -= groups.pop()
        elif token[0] == "<" and len(token) > 2:
            inner = depth(token[1:-1])  # an IRI's text holds no `<`: this goes one call deep
        deepest = max(deepest, len(groups) - 1 + operators / OPERATORS_PER_LEVEL + inner)
    return deepest


def check(sparql: str, limit: int) -> None:
    """InputError if the query nests deeper than `limit` (see the module's docstring)."""
    found = depth(sparql)
    if found > limit:
        raise InputError(
            f"the query nests too deeply: depth {found:.0f} (brackets, calls, sub-queries, paths, "
            f"{OPERATORS_PER_LEVEL} operators in a row counting one level) is over this endpoint's limit "
            f"of {limit}; write it flatter (VALUES or IN instead of long chains)"
        )

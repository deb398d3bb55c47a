"""Claims with comparisons: ``tanh(x) < 1``, ``-1 < tanh(x) < 1``, and where-conditions.

The expression parser (:mod:`tanhproof.expr._parser`) refuses comparisons: an
expression has none. A *claim* is a chain ``e0 REL e1 REL e2 ...`` of expressions
with ``<``, ``<=``, ``>`` or ``>=``, all pointing the same way; :func:`read_claim`
takes the chain apart with Python's :mod:`ast` (which runs nothing) and builds each
side with the parser's own machinery, so each side's domain conditions are recorded
as for any expression. ``==`` and ``!=`` are refused: an identity is two sides given
separately, and "not equal" is not a claim tanhproof proves.

:func:`read_where` turns a condition on one variable (``x >= 0``, ``-1 < x < 1``)
into an :class:`~tanhproof.expr._intervals.Interval` with exact rational ends.

Examples
========

>>> c = read_claim("-1 < tanh(x) < 1")
>>> [str(s.expr) for s in c.sides], c.relations
(['-1', 'tanh(x)', '1'], ('<', '<'))
>>> str(read_where("0 <= x <= 1", "x")), str(read_where("x > -1/2", "x"))
('[0, 1]', '(-1/2, oo)')
>>> read_claim("tanh(x) == 1")
Traceback (most recent call last):
...
tanhproof.ParseError: '==' is not a claim's relation: give an identity's two sides separately (prove LHS RHS); a claim compares with <, <=, > or >= (at column 9 of 'tanh(x) == 1')
"""

from __future__ import annotations

import ast
import dataclasses
from fractions import Fraction

import sympy

from tanhproof.expr._errors import ParseError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._parser import Reading, read_node, syntax_tree

__all__ = ["ClaimReading", "has_comparison", "read_claim", "read_where"]

_RELATIONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_REFUSED = {
    ast.Eq: "'==' is not a claim's relation: give an identity's two sides separately (prove LHS RHS)",
    ast.NotEq: "'!=' is not a claim's relation",
}
_ACCEPTED_WHERE = (
    "accepted: one comparison of the variable with a rational constant (x >= 0, x > -1/2) "
    "or a chain around it (0 <= x <= 1, -1 < x < 1)"
)


@dataclasses.dataclass(frozen=True)
class ClaimReading:
    """A claim read: its sides (each a parser :class:`~tanhproof.expr._parser.Reading`)
    and the relations between neighbours (``len(relations) == len(sides) - 1``)."""

    sides: tuple[Reading, ...]
    relations: tuple[str, ...]
    text: str

    @property
    def links(self) -> tuple[tuple[Reading, str, Reading], ...]:
        """Each link ``(left, relation, right)`` of the chain, in order."""
        return tuple((self.sides[i], r, self.sides[i + 1]) for i, r in enumerate(self.relations))


def has_comparison(text: object) -> bool:
    """Whether ``text`` is text whose top level is a comparison (a claim).

    >>> has_comparison("tanh(x) < 1"), has_comparison("tanh(x)"), has_comparison("(")
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return isinstance(tree.body, ast.Compare)


def _column(text: str, offset: int) -> int:
    return len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore")) + 1


def _operator_column(text: str, left: ast.AST) -> int:
    raw = text.encode("utf-8", "surrogatepass")
    col = getattr(left, "end_col_offset", 0) or 0
    while col < len(raw) and raw[col : col + 1] in (b" ", b")", b"\t"):
        col += 1
    return _column(text, col)


def read_claim(text: str) -> ClaimReading:
    """Read a claim ``e0 REL e1 [REL e2 ...]`` with ``REL`` in ``<``, ``<=``, ``>``, ``>=``.

    A chain must point one way (``a < b <= c`` or ``a > b >= c``). Raises
    :class:`~tanhproof.ParseError` (one line) for text without a comparison, with
    ``==``/``!=``, or with mixed directions, and whatever :func:`tanhproof.expr._parser.read`
    raises for a side.

    >>> read_claim("sech(x)**2 <= 1").relations
    ('<=',)
    >>> read_claim("0 < x > 1")
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: a chain must point one way (all of <, <= or all of >, >=): '<' then '>' (at column 7 of '0 < x > 1')
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a claim as text, got {type(text).__name__}: {text!r}")
    text, tree = syntax_tree(text)
    node = tree.body
    if not isinstance(node, ast.Compare):
        raise ParseError(
            "a claim needs a comparison (<, <=, > or >=), e.g. 'tanh(x) < 1'", text=text, position=1
        )
    relations: list[str] = []
    left: ast.AST = node.left
    for op, right in zip(node.ops, node.comparators, strict=True):
        if type(op) in _REFUSED:
            raise ParseError(
                f"{_REFUSED[type(op)]}; a claim compares with <, <=, > or >=",
                text=text,
                position=_operator_column(text, left),
            )
        if type(op) not in _RELATIONS:
            raise ParseError(
                f"operator {type(op).__name__!r} is not a claim's relation (use <, <=, > or >=)",
                text=text,
                position=_operator_column(text, left),
            )
        rel = _RELATIONS[type(op)]
        if relations and (relations[0][0] != rel[0]):
            raise ParseError(
                f"a chain must point one way (all of <, <= or all of >, >=): {relations[-1]!r} then {rel!r}",
                text=text,
                position=_operator_column(text, left),
            )
        relations.append(rel)
        left = right
    sides = tuple(read_node(text, n) for n in [node.left, *node.comparators])
    return ClaimReading(sides, tuple(relations), text)


def _rational(expr: sympy.Expr) -> Fraction | None:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    return None


def read_where(text: str, variable: str | sympy.Symbol) -> Interval:
    """The interval of ``variable`` that the condition ``text`` describes.

    Accepted: ``x REL c``, ``c REL x`` and chains ``c1 REL x REL c2`` with ``REL`` in
    ``<``, ``<=``, ``>``, ``>=`` and rational constants ``c`` (``-1/2``, ``0.25``).
    Anything else raises a one-line :class:`~tanhproof.ParseError` naming what is
    accepted.

    >>> str(read_where("x >= 0", "x")), str(read_where("-1 < x < 1", "x"))
    ('[0, oo)', '(-1, 1)')
    >>> read_where("x**2 < 1", "x")
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: where-condition 'x**2 < 1' is not an interval of x; accepted: one comparison of the variable with a rational constant (x >= 0, x > -1/2) or a chain around it (0 <= x <= 1, -1 < x < 1)
    """
    name = str(variable)
    try:
        claim = read_claim(text)
    except ParseError as exc:
        raise ParseError(
            f"where-condition {text!r}: {exc.args[0] if exc.args else exc}; {_ACCEPTED_WHERE}"
        ) from None
    exprs = [s.expr for s in claim.sides]
    where = [i for i, e in enumerate(exprs) if isinstance(e, sympy.Symbol) and e.name == name]
    bad = ParseError(f"where-condition {claim.text!r} is not an interval of {name}; {_ACCEPTED_WHERE}")
    if len(where) != 1 or len(exprs) > 3:
        raise bad
    (k,) = where
    consts = [_rational(e) for i, e in enumerate(exprs) if i != k]
    if any(c is None for c in consts):
        raise bad
    if len(exprs) == 3 and k != 1:
        raise bad
    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_closed = hi_closed = False
    for i, rel in enumerate(claim.relations):
        # normalise to "small REL big", by index
        small, big = (i, i + 1) if rel[0] == "<" else (i + 1, i)
        closed = rel.endswith("=")
        if small == k:
            value = _rational(exprs[big])
            assert value is not None
            if hi is None or value < hi or (value == hi and not closed):
                hi, hi_closed = value, closed
        else:
            value = _rational(exprs[small])
            assert value is not None
            if lo is None or value > lo or (value == lo and not closed):
                lo, lo_closed = value, closed
    try:
        return Interval(lo, hi, lo_closed, hi_closed)
    except ValueError:
        raise ParseError(f"where-condition {claim.text!r} holds for no {name}") from None

"""Domain conditions: where an expression, as written, is defined over the reals.

SymPy simplifies while an expression is built (``sqrt(x)**2`` becomes ``x``,
``exp(log(x))`` becomes ``x``, ``diff(log(x), x)`` becomes ``1/x``), which widens
the domain. The parser therefore records, while it builds, the condition each
construct imposes: a ``log`` argument is positive, a root's base is non-negative,
a divisor (and the argument of ``coth``/``csch``) is nonzero, ``atanh`` needs
``|u| < 1``, ``acosh`` needs ``u >= 1``, and a power with a variable exponent needs
a positive base. A counterexample counts only at a point where every condition of
both sides is *certified* with ``arb``.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.parser import parse_with_conditions, symbol
>>> expr, conds = parse_with_conditions("sqrt(x)**2")
>>> expr, [str(c) for c in conds]
(x, ['x >= 0'])
>>> certified(conds, {symbol("x"): Fraction(-1, 3)}), certified(conds, {symbol("x"): Fraction(1, 2)})
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping

import sympy

from .arbeval import arb_eval
from .errors import TanhproofError

__all__ = ["Condition", "certified", "conditions_for", "conditions_of"]

_TEXT = {"positive": "{} > 0", "nonnegative": "{} >= 0", "nonzero": "{} != 0",
         "open_unit": "|{}| < 1", "at_least_one": "{} >= 1"}


@dataclass(frozen=True)
class Condition:
    """``kind`` of ``expr``: positive, nonnegative, nonzero, open_unit or at_least_one."""

    kind: str
    expr: sympy.Expr

    def __str__(self) -> str:
        return _TEXT[self.kind].format(sympy.sstr(self.expr))


def conditions_for(func, args: tuple) -> list[Condition]:
    """The conditions one node ``func(*args)`` imposes (not those of its arguments)."""
    out: list[Condition] = []
    if func is sympy.Pow:
        base, e = args
        if not base.free_symbols:
            return out
        if not e.is_number:
            out.append(Condition("positive", base))
        elif e.is_Rational and not e.is_Integer:
            out.append(Condition("nonnegative" if e > 0 else "positive", base))
        elif e.is_negative:
            out.append(Condition("nonzero", base))
        return out
    if not args or not args[0].free_symbols:
        return out
    u = args[0]
    if func is sympy.log:
        out.append(Condition("positive", u))
    elif func in (sympy.coth, sympy.csch):
        out.append(Condition("nonzero", u))
    elif func is sympy.atanh:
        out.append(Condition("open_unit", u))
    elif func is sympy.acosh:
        out.append(Condition("at_least_one", u))
    return out


def conditions_of(expr: sympy.Expr) -> tuple[Condition, ...]:
    """Every condition of the nodes of ``expr`` as it stands (for SymPy input)."""
    found: dict[Condition, None] = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Expr) and node.args:
            for c in conditions_for(node.func, node.args):
                found[c] = None
    return tuple(found)


def certified(conditions: Iterable[Condition], point: Mapping[sympy.Symbol, Fraction], bits: int = 64) -> bool:
    """True when every condition is certified to hold at ``point`` (arb, ``bits``)."""
    for c in conditions:
        try:
            v = arb_eval(c.expr, point, bits)
        except TanhproofError:
            return False
        ok = {
            "positive": lambda: v > 0,
            "nonnegative": lambda: v >= 0,
            "nonzero": lambda: v > 0 or v < 0,
            "open_unit": lambda: abs(v) < 1,
            "at_least_one": lambda: v >= 1,
        }[c.kind]()
        if not ok:
            return False
    return True

"""Domain conditions: where an expression, as written, is defined over the reals.

The parser builds expressions as written, but later stages simplify (exact
differentiation turns ``diff(log(x), x)`` into ``1/x``; a prover's rewriting of
``sqrt(x)**2`` gives ``x``), which widens the domain. The parser therefore records,
while it builds, the condition each construct imposes: a ``log`` argument is positive, a root's base is non-negative,
a divisor (and the argument of ``coth``/``csch``) is nonzero, ``atanh`` needs
``|u| < 1``, ``acosh`` needs ``u >= 1``, and a power with a variable exponent needs
a positive base. Conditions on constants (``atanh(2)``, ``coth(0)``, ``1/(tanh(1) - tanh(1))``) are
recorded too. This module only records conditions: deciding them needs values, so
the numeric room does it (:mod:`tanhproof.numeric._conditions`: a constant's
condition is decided once, for every point; a counterexample counts only at a point
where every condition of both sides is *certified* with ``arb``).

Examples
========

>>> from tanhproof.expr._parser import read
>>> r = read("sqrt(x)**2 + atanh(2)")
>>> r.expr, [str(c) for c in r.conditions]
((sqrt(x))**2 + atanh(2), ['x >= 0', '|2| < 1'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from tanhproof.expr._sstr import sstr

__all__ = ["Condition", "conditions_for", "conditions_of", "owner_of"]

_TEXT = {
    "positive": "{} > 0",
    "nonnegative": "{} >= 0",
    "nonzero": "{} != 0",
    "open_unit": "|{}| < 1",
    "at_least_one": "{} >= 1",
}


@dataclass(frozen=True)
class Condition:
    """``kind`` of ``expr``: positive, nonnegative, nonzero, open_unit or at_least_one.

    ``where`` is the construct that imposes it, as the user wrote it (for messages;
    not part of the condition's identity)."""

    kind: str
    expr: sympy.Expr
    where: str = field(default="", compare=False, hash=False, repr=False)

    def __str__(self) -> str:
        return _TEXT[self.kind].format(sstr(self.expr))

    @property
    def boundaries(self) -> tuple[int, ...]:
        """The values of ``expr`` at which the condition changes truth."""
        return (-1, 1) if self.kind == "open_unit" else (1,) if self.kind == "at_least_one" else (0,)

    def holds_at_boundary(self, value: int) -> bool:
        """Whether the condition holds when ``expr`` equals the boundary ``value`` exactly."""
        return self.kind in ("nonnegative", "at_least_one")


def conditions_for(func, args: tuple) -> list[Condition]:
    """The conditions one node ``func(*args)`` imposes (not those of its arguments)."""
    out: list[Condition] = []
    if func is sympy.Pow:
        base, e = args
        if base.is_Number and base > 0:
            return out
        if not e.is_number:
            out.append(Condition("positive", base))
        elif e.is_Rational and not e.is_Integer:
            out.append(Condition("nonnegative" if e > 0 else "positive", base))
        elif e.is_negative:
            out.append(Condition("nonzero", base))
        return out
    if not args or (args[0].is_Number and _holds_for_number(func, args[0])):
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


def _holds_for_number(func, u: sympy.Expr) -> bool:
    """Whether a plain number ``u`` is in the domain of ``func`` (for numbers only:
    no condition need be recorded then)."""
    if func is sympy.log:
        return bool(u > 0)
    if func in (sympy.coth, sympy.csch):
        return bool(u != 0)
    if func is sympy.atanh:
        return bool(abs(u) < 1)
    if func is sympy.acosh:
        return bool(u >= 1)
    return True


def owner_of(expr: sympy.Expr, condition: Condition) -> str:
    """The construct of ``expr`` that imposes ``condition``, for messages: as the user
    wrote it when the parser recorded that (``condition.where``), else the first node
    of ``expr`` that imposes it.

    >>> from tanhproof.expr._parser import read
    >>> r = read("1 + log(x-1)")
    >>> owner_of(r.expr, r.conditions[0])
    'log(x-1)'
    """
    if condition.where:
        return condition.where
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Basic) and node.args and condition in conditions_for(node.func, node.args):
            return sstr(node)
    return sstr(expr)


def conditions_of(expr: sympy.Expr) -> tuple[Condition, ...]:
    """Every condition of the nodes of ``expr`` as it stands (for SymPy input)."""
    found: dict[Condition, None] = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Expr) and node.args:
            for c in conditions_for(node.func, node.args):
                found[c] = None
    return tuple(found)

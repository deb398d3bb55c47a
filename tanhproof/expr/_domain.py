"""Domain conditions: where an expression, as written, is defined over the reals.

The parser builds expressions as written, but later stages simplify (exact
differentiation turns ``diff(log(x), x)`` into ``1/x``; a prover's rewriting of
``sqrt(x)**2`` gives ``x``), which widens the domain. The parser therefore records,
while it builds, the condition each construct imposes: a ``log`` argument is positive, a root's base is non-negative,
a divisor (and the argument of ``coth``/``csch``) is nonzero, ``atanh`` needs
``|u| < 1``, ``acosh`` needs ``u >= 1``, and a power with a variable exponent needs
a positive base. A counterexample counts only at a point where every condition of
both sides is *certified* with ``arb``.

Conditions on constants (``atanh(2)``, ``coth(0)``, ``1/(tanh(1) - tanh(1))``) are
recorded too, and decided exactly by :func:`resolve_constants`: ``arb`` decides
whenever the constant is not on the boundary of its condition; on the boundary the
caller's exact prover decides. A construct whose constant argument is outside its
domain makes the whole expression undefined at every point: a
:class:`~tanhproof.DomainError` naming the construct and its condition.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.expr._parser import parse_with_conditions, symbol
>>> expr, conds = parse_with_conditions("sqrt(x)**2")
>>> expr, [str(c) for c in conds]
((sqrt(x))**2, ['x >= 0'])
>>> certified(conds, {symbol("x"): Fraction(-1, 3)}), certified(conds, {symbol("x"): Fraction(1, 2)})
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Iterable, Mapping

import sympy

from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._arb import arb_eval

__all__ = ["Condition", "certified", "conditions_for", "conditions_of", "owner_of", "resolve_constants"]

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
    if not args or args[0].is_Number and _holds_for_number(func, args[0]):
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

    >>> from tanhproof.expr._parser import parse_with_conditions
    >>> expr, conds = parse_with_conditions("1 + log(x-1)")
    >>> owner_of(expr, conds[0])
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


#: Working precisions (bits) at which :func:`resolve_constants` tries ``arb`` before
#: it asks for an exact decision.
_CONSTANT_BITS = (64, 256, 1024)


def _decide_with_arb(c: Condition) -> bool | None:
    """True or False when ``arb`` decides the constant condition ``c``, else ``None``."""
    for bits in _CONSTANT_BITS:
        try:
            v = arb_eval(c.expr, {}, bits)
        except TanhproofError:
            return False  # the constant inside is itself undefined (reported by its own condition)
        verdicts = []
        for b in c.boundaries:
            if v.rad() == 0 and v == b:  # exactly on the boundary
                return c.holds_at_boundary(b)
            if v > b:
                verdicts.append(1)
            elif v < b:
                verdicts.append(-1)
            else:
                verdicts.append(None)
        if None in verdicts:
            continue
        if c.kind == "open_unit":
            return verdicts == [1, -1]
        if c.kind == "nonzero":
            return True
        return verdicts[0] > 0
    return None


def resolve_constants(
    conditions: Iterable[Condition],
    equals: Callable[[sympy.Expr, int], bool | None] | None = None,
    owner: Callable[[Condition], str] | None = None,
) -> tuple[Condition, ...]:
    """Decide the conditions on constants; return the rest.

    Explanation
    ===========

    A condition whose expression has no variable holds everywhere or nowhere. It is
    decided with ``arb`` (at up to 1024 bits) when the constant is not on the
    condition's boundary; otherwise ``equals(expr, b)`` is asked whether the constant
    equals the boundary ``b`` exactly (``True``, ``False`` or ``None`` for "cannot
    tell"; the prover passes an exact decision here, the parser passes nothing).
    Conditions that hold are dropped; one that fails raises
    :class:`~tanhproof.DomainError` naming the construct (``owner(c)``) and its
    condition; one that cannot be decided is returned with the variable conditions.

    Examples
    ========

    >>> from tanhproof.expr._parser import parse_with_conditions
    >>> resolve_constants(parse_with_conditions("x + atanh(1/2)")[1])
    ()
    >>> resolve_constants(parse_with_conditions("x + atanh(2)")[1])
    Traceback (most recent call last):
    ...
    tanhproof.DomainError: atanh(2) is undefined (a constant outside the domain, so at every point): needs |2| < 1
    """
    remaining: list[Condition] = []
    for c in conditions:
        if c.expr.free_symbols:
            remaining.append(c)
            continue
        verdict = _decide_with_arb(c)
        if verdict is None and equals is not None:
            for b in c.boundaries:
                if equals(c.expr, b):
                    verdict = c.holds_at_boundary(b)
                    break
        if verdict is None:
            remaining.append(c)
        elif not verdict:
            what = c.where or (owner(c) if owner is not None else f"an expression with {c.expr}")
            raise DomainError(
                f"{what} is undefined (a constant outside the domain, so at every point): needs {c}"
            )
    return tuple(remaining)


def certified(
    conditions: Iterable[Condition], point: Mapping[sympy.Symbol, Fraction], bits: int = 64
) -> bool:
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

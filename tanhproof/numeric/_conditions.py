"""Deciding domain conditions with ``arb``: constants once, variables at a point.

The parser records the real-domain condition of every construct
(:mod:`tanhproof.expr._domain`); deciding one needs values, so it happens here.

* A condition on a constant (``atanh(2)``, ``coth(0)``, ``1/(tanh(1) - tanh(1))``)
  holds everywhere or nowhere: :func:`resolve_constants` decides it with ``arb``
  whenever the constant is not on the boundary of its condition; on the boundary
  the caller's exact check decides (the prover passes itself in). A construct whose
  constant argument is outside its domain makes the whole expression undefined at
  every point: a :class:`~tanhproof.DomainError` naming the construct and its
  condition.
* :func:`certified` says whether every condition is certified to hold at a point;
  a counterexample counts only there.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.expr._parser import read, symbol
>>> conds = read("sqrt(x)**2").conditions
>>> certified(conds, {symbol("x"): Fraction(-1, 3)}), certified(conds, {symbol("x"): Fraction(1, 2)})
(False, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.numeric._arb import arb_eval

__all__ = ["certainly_fails", "certified", "resolve_constants"]


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
        verdicts: list[int | None] = []
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
        return verdicts[0] == 1
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

    >>> from tanhproof.expr._parser import read
    >>> resolve_constants(read("x + atanh(1/2)").conditions)
    ()
    >>> resolve_constants(read("x + atanh(2)").conditions)
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
        if not _certainly(c.kind, v):
            return False
    return True


def _certainly(kind: str, v: Any) -> bool:
    """Whether the ball ``v`` certainly satisfies a condition of this kind."""
    if kind == "positive":
        return bool(v > 0)
    if kind == "nonnegative":
        return bool(v >= 0)
    if kind == "nonzero":
        return bool(v > 0 or v < 0)
    if kind == "open_unit":
        return bool(abs(v) < 1)
    if kind == "at_least_one":
        return bool(v >= 1)
    raise ValueError(f"unknown condition kind {kind!r}")


def certainly_fails(kind: str, v: Any) -> bool:
    """Whether the ball ``v`` certainly violates a condition of this kind (the mirror of
    :func:`certified`'s test: ``x >= 0`` fails for a ball below 0, not for one around 0).

    >>> from flint import arb
    >>> certainly_fails("nonnegative", arb(-1)), certainly_fails("nonnegative", arb(0, 1e-30))
    (True, False)
    """
    if kind == "positive":
        return bool(v <= 0)
    if kind == "nonnegative":
        return bool(v < 0)
    if kind == "nonzero":
        return bool(v == 0)  # an exact zero ball
    if kind == "open_unit":
        return bool(abs(v) >= 1)
    if kind == "at_least_one":
        return bool(v < 1)
    raise ValueError(f"unknown condition kind {kind!r}")

"""Rigorous evaluation of SymPy expressions with python-flint ``arb`` balls.

:func:`arb_eval` walks a SymPy expression of the catalog's functions and returns a
ball guaranteed to contain its value at an exact rational point. It is the
evaluator behind certified counterexamples and the numeric checks of derivations.
A point where the expression is undefined (a pole, ``log`` of a non-positive
number, ``sqrt`` of a negative one) raises :class:`DomainError`; a ball that merely
straddles such a point also does, since nothing can be certified there.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.parser import parse, symbol
>>> x = symbol("x")
>>> ball = arb_eval(parse("sech(x)**2 - (1 - tanh(x)**2)"), {x: Fraction(1, 2)}, bits=100)
>>> ball.contains(0)
True
>>> lower, upper = arb_bounds(arb_eval(parse("tanh(x)"), {x: Fraction(1, 2)}, 64))
>>> float((lower + upper) / 2)  # tanh(1/2) = 0.46211715726000975850... (DLMF/mpmath)
0.46211715726000974
>>> upper - lower < Fraction(1, 10**16)
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Mapping

import flint
import sympy
from flint import arb, fmpq

from .dyadic import Dyadic
from .errors import DomainError, TanhproofError
from .evaluators import arb_sqrt

__all__ = ["DomainError", "arb_bounds", "arb_dyadic_bounds", "arb_eval", "to_fraction"]


def _dyadic(ball: arb) -> Dyadic:
    """An exact (zero-radius) ball as a :class:`Dyadic`."""
    man, exp = ball.man_exp()
    return Dyadic(int(man), int(exp))


def _exact(ball: arb) -> Fraction:
    return _dyadic(ball).as_fraction()


def to_fraction(ball: arb) -> Fraction:
    """The exact rational value of the midpoint of ``ball``."""
    return _exact(ball.mid())


def _exact_bounds(ball: arb) -> tuple[Dyadic, Dyadic]:
    """``mid - rad`` and ``mid + rad`` computed exactly, whatever the context precision.

    (``arb.lower()`` would round the bound to the *current* precision: rigorous,
    but needlessly loose for a ball computed at a higher one.)
    """
    if not ball.is_finite():
        raise DomainError(f"enclosure is not finite: {ball}")
    m_man, m_exp = (int(v) for v in ball.mid().man_exp())
    r_man, r_exp = (int(v) for v in ball.rad().man_exp())
    if r_man == 0:
        return Dyadic(m_man, m_exp), Dyadic(m_man, m_exp)
    if m_man == 0:
        return Dyadic(-r_man, r_exp), Dyadic(r_man, r_exp)
    e = min(m_exp, r_exp)
    m, r = m_man << (m_exp - e), r_man << (r_exp - e)
    return Dyadic(m - r, e), Dyadic(m + r, e)


def arb_bounds(ball: arb) -> tuple[Fraction, Fraction]:
    """The exact rational endpoints ``(lower, upper)`` of a finite ball."""
    lower, upper = _exact_bounds(ball)
    return lower.as_fraction(), upper.as_fraction()


def arb_dyadic_bounds(ball: arb) -> tuple[Dyadic, Dyadic]:
    """The endpoints ``(lower, upper)`` of a finite ball as compact exact dyadics
    (no huge integers for huge exponents)."""
    return _exact_bounds(ball)


def _check(ball: arb, what: str) -> arb:
    if not ball.is_finite():
        raise DomainError(f"{what} is undefined or not certifiably finite here")
    return ball


def _unary_table() -> dict:
    from .catalog import CATALOG

    return {e.func: e.arb for e in CATALOG.values() if e.arb is not None and e.name != "sqrt"}


_UNARY = _unary_table()


def arb_eval(expr: sympy.Expr, point: Mapping[sympy.Symbol, Fraction], bits: int) -> arb:
    """Enclose ``expr`` at ``point`` with working precision ``bits``.

    ``point`` maps each free symbol to an exact rational. Derivatives are evaluated
    after differentiating exactly (``expr.doit()``).

    Raises :class:`DomainError` where the value is undefined or cannot be
    certified finite, and :class:`TanhproofError` for an unsupported construct.
    """
    if expr.has(sympy.Derivative):
        expr = expr.doit()
    old = flint.ctx.prec
    flint.ctx.prec = int(bits)
    try:
        values = {s: arb(fmpq(v.numerator, v.denominator)) for s, v in point.items()}
        return _check(_eval(expr, values, {}), "the expression")
    finally:
        flint.ctx.prec = old


def _eval(expr: sympy.Expr, values: dict, memo: dict) -> arb:
    hit = memo.get(expr)
    if hit is not None:
        return hit
    result = _eval_node(expr, values, memo)
    memo[expr] = result
    return result


def _eval_node(expr, values, memo) -> arb:
    if expr.is_Symbol:
        try:
            return values[expr]
        except KeyError:
            raise DomainError(f"no value given for variable {expr}") from None
    if expr.is_Rational:
        return arb(fmpq(int(expr.p), int(expr.q)))
    if expr is sympy.pi:
        return arb.pi()
    if expr is sympy.E:
        return arb(1).exp()
    if expr.is_Add:
        total = arb(0)
        for a in expr.args:
            total += _eval(a, values, memo)
        return total
    if expr.is_Mul:
        total = arb(1)
        for a in expr.args:
            total *= _eval(a, values, memo)
        return total
    if expr.is_Pow:
        base, e = expr.args
        b = _eval(base, values, memo)
        if e.is_Integer:
            n = int(e)
            if n < 0:
                if b.contains(0):
                    raise DomainError(f"division has a pole here (divisor encloses 0: {b})")
                return 1 / (b ** (-n))
            return b**n
        if e == sympy.S.Half:
            return arb_sqrt(b)
        if not b > 0:
            raise DomainError(f"a real power needs a positive base, got {b}")
        return (b.log() * _eval(e, values, memo)).exp()
    f = _UNARY.get(expr.func)
    if f is not None and len(expr.args) == 1:
        return _check(f(_eval(expr.args[0], values, memo)), f"{expr.func.__name__}")
    raise TanhproofError(f"cannot evaluate {sympy.sstr(expr)!r} rigorously")

"""Cheap single values: one cached plan per expression, the first Ziv step as one arb call.

:func:`tanhproof.evaluate` and :func:`tanhproof.round_to` on an expression seen before
should cost little more than the ball arithmetic itself. :func:`plan` caches, per
expression (the text, or the SymPy expression, and its type), everything that does not
depend on the point: the parsed expression, its domain conditions, its variables and
the expression compiled into a closure over arb operations
(:func:`tanhproof.numeric._arb.compile_arb`). Point values given as text are read once
per text (:func:`point_value`). Then the first step of the Ziv loop is a direct call of
the compiled closure at the loop's starting precision:

* :func:`first_value` (for ``evaluate``) accepts the ball exactly when the loop's own
  first step would (:func:`tanhproof.numeric._evaluate.evaluated`: exact, or relative
  accuracy of ``bits + 2`` bits, a rigorous bound from arb's radius), and rounds its
  midpoint the same way, so the value is the one the loop returns, bit for bit;
* :func:`first_rounding` (for ``round_to``) accepts the ball when both its ends round
  to the same value of the format (the loop's decision, :mod:`tanhproof.numeric._ziv`):
  rounding is monotone, so that is the correctly rounded value, which is unique, and
  the full loop returns it too.

Anything else -- a domain condition not certified at the point, a ball that is exact
(signed zeros), too wide or not finite, an error of any kind, a point with missing or
extra variables -- returns ``None`` and the caller runs the full path, which decides or
reports the error exactly as before. So the caches change how fast a value comes, never
what it is, and no result depends on what was evaluated before: a plan is a function
of its key alone (the limits of :data:`~tanhproof.expr._limits.LIMITS` are frozen), and
an exception is never cached.

Cache sizes: :data:`PLAN_CACHE_SIZE` plans and :data:`POINT_CACHE_SIZE` point texts,
least recently used evicted first.

Examples
========

>>> import mpmath
>>> mpmath.nstr(first_value("sech(x)**2", 54, {"x": "0.5"}), 15)  # sech(1/2)^2 = 0.786447732965927 (mpmath)
'0.786447732965927'
>>> first_value("coth(x)", 54, {"x": 0}) is None  # outside the domain: the full path reports it
True
>>> first_rounding("tanh(x)", "binary32", "nearest", {"x": "0.5"})  # tanh(1/2) = 0.46211715726... (mpmath)
0.46211716532707214
>>> plan("tanh(x)") is plan("tanh(x)")
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import mpmath
import sympy
from flint import arb, fmpq
from mpmath.libmp import from_man_exp

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._points import exact_value
from tanhproof.numeric._arb import Compiled, compile_arb
from tanhproof.numeric._enclosure import condition_holds, parsed_with_conditions
from tanhproof.numeric._formats import Format, check_mode, get_format, round_dyadic

__all__ = [
    "PLAN_CACHE_SIZE",
    "POINT_CACHE_SIZE",
    "Plan",
    "first_rounding",
    "first_value",
    "plan",
    "point_value",
]

#: Plans kept (least recently used evicted first).
PLAN_CACHE_SIZE = 512
#: Point values given as text kept, read exactly (least recently used evicted first).
POINT_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Plan:
    """What evaluating ``expr`` needs whatever the point: the parsed expression, its
    domain conditions, its variables by name (sorted) and the compiled arb closure
    (``None`` when the expression cannot be compiled: the full path reports why)."""

    expr: sympy.Expr
    conditions: tuple[Condition, ...]
    symbols: dict[str, sympy.Symbol]
    function: Compiled | None


@functools.lru_cache(maxsize=PLAN_CACHE_SIZE, typed=True)
def plan(expr: Any) -> Plan:
    """The cached :class:`Plan` of ``expr`` (text or a SymPy expression). Raises what
    the parser raises (errors are not cached)."""
    parsed, conditions, symbols = parsed_with_conditions(expr)
    try:
        function: Compiled | None = compile_arb(parsed)
    except TanhproofError:
        function = None
    return Plan(parsed, conditions, {s.name: s for s in sorted(symbols, key=lambda s: s.name)}, function)


@functools.lru_cache(maxsize=POINT_CACHE_SIZE)
def _text_value(text: str) -> tuple[Fraction, fmpq]:
    q = exact_value(text)
    return q, fmpq(q.numerator, q.denominator)


def point_value(value: Any) -> Fraction:
    """The exact value of a point value (:func:`tanhproof.expr._points.exact_value`),
    text read once per text.

    >>> point_value("0.1"), point_value(0.5)
    (Fraction(1, 10), Fraction(1, 2))
    """
    if type(value) is str:
        return _text_value(value)[0]
    return exact_value(value)


def _fmpq(value: Any) -> fmpq:
    """The exact value of a point value as an ``fmpq``."""
    kind = type(value)
    if kind is str:
        return _text_value(value)[1]
    if kind is Fraction:
        return fmpq(value.numerator, value.denominator)
    if kind is int:
        return fmpq(value)
    q = exact_value(value)
    return fmpq(q.numerator, q.denominator)


def _ball(expr: Any, point: Mapping[str, Any], bits: int) -> arb | None:
    """The compiled closure's ball at ``bits``, where every domain condition is certified
    (as :func:`tanhproof.numeric._enclosure.prepare` checks them); ``None`` otherwise,
    and for a point whose names are not exactly the expression's variables."""
    if type(expr) is not str and (
        not isinstance(expr, (sympy.Basic, int, Fraction)) or isinstance(expr, bool)
    ):
        return None
    try:
        p = plan(expr)
        function, symbols = p.function, p.symbols
        if function is None or len(point) != len(symbols):
            return None
        given = {symbols[name]: value for name, value in point.items()}
        if p.conditions:
            values = {s: point_value(v) for s, v in given.items()}
            for condition in p.conditions:
                if not condition_holds(condition, values):
                    return None
        for s, v in given.items():
            given[s] = _fmpq(v)
        ctx = flint.ctx
        old = ctx.prec
        ctx.prec = bits
        try:
            for s, q in given.items():
                given[s] = arb(q)
            ball = function(given)
        finally:
            ctx.prec = old
    except (TanhproofError, KeyError, TypeError, ValueError, ZeroDivisionError, RecursionError):
        return None
    return ball if ball.is_finite() else None


def first_value(expr: Any, bits: int, point: Mapping[str, Any]) -> mpmath.mpf | None:
    """``evaluate(expr, digits, **point)`` from the Ziv loop's first step alone, or
    ``None`` when that step does not decide it (see the module docstring); ``bits`` is
    the loop's target, :func:`tanhproof.numeric._evaluate.target_bits` of the digits."""
    ball = _ball(expr, point, bits + 32)  # the loop's start_bits
    if ball is None or not (ball.rel_accuracy_bits() >= bits + 2 or ball.rad() == 0):
        return None
    man, exp = ball.mid().man_exp()
    return mpmath.mp.make_mpf(from_man_exp(int(man), int(exp), bits, "n"))


def first_rounding(expr: Any, fmt: str | Format, mode: str, point: Mapping[str, Any]) -> float | None:
    """The correctly rounded value (a Python float) from one ball at the loop's first
    precision, when both its ends round alike; ``None`` otherwise, and for an exact ball
    (whose zero's sign the full path decides)."""
    f = get_format(fmt)
    mode = check_mode(mode)
    bits = f.precision + 32  # ziv_round's default start
    ball = _ball(expr, point, bits)
    if ball is None or ball.rad() == 0:
        return None
    old = flint.ctx.prec
    flint.ctx.prec = bits  # lower()/upper() round outward at the context precision
    try:
        lo, hi = ball.lower().man_exp(), ball.upper().man_exp()
    finally:
        flint.ctx.prec = old
    a = round_dyadic(int(lo[0]), int(lo[1]), f, mode)
    b = round_dyadic(int(hi[0]), int(hi[1]), f, mode)
    return a if a == b and math.copysign(1.0, a) == math.copysign(1.0, b) else None

"""Checks of double-doubles with error bounds against arb, shared by the tests of
``_exprdd`` (compiled expressions) and ``_activationdd`` (the activations' formulas).

The reference is python-flint's arb at 300 bits or more, evaluated at the float64 input
exactly: a rigorous ball, independent of the float64 code it checks.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from flint import arb, ctx

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._arb import arb_eval

__all__ = ["check_bounds", "exact_ball"]


def exact_ball(expr: Any, x: float, need: float | arb) -> arb | None:
    """The exact value as a ball of radius below ``need`` (None if arb cannot)."""
    sym = sorted(expr.free_symbols, key=lambda s: s.name)[0]
    for bits in (300, 600, 1200, 2400, 5000):
        try:
            ball = arb_eval(expr, {sym: Fraction(x)}, bits)
        except (TanhproofError, ValueError, ZeroDivisionError):  # outside the domain: nothing to compare
            return None
        if ball.rad() < arb(need):
            return ball
    return None


def check_bounds(expr: Any, xs: np.ndarray, b: Any) -> int:
    """Assert ``|exact - (h + l)| <= e`` for the double-doubles ``b`` (a
    :class:`~tanhproof.numeric._exprdd.DDBounded` of ``expr`` at ``xs``) at every element
    with a claim; return how many were checked (a ball straddling the bound is refined)."""
    old = ctx.prec
    ctx.prec = 4500  # h + l spans up to ~1000 bits (619.9 - 3.7e-267): the sum must be exact
    try:
        checked = 0
        for i in np.flatnonzero(~b.bad):
            bound = arb(float(b.e[i]))
            value = arb(float(b.h[i])) + arb(float(b.l[i]))
            need = float(b.e[i]) / 4
            for _ in range(3):  # the exact value ever closer: a bound met with a hair to spare needs it
                ball = exact_ball(expr, float(xs[i]), need)
                if ball is None:
                    break
                diff = abs(ball - value)
                if diff <= bound:
                    checked += 1
                    break
                assert not diff > bound, (sympy.sstr(expr), xs[i], b.h[i], b.l[i], b.e[i], ball)
                need = float(ball.rad()) / 2**64  # undecided: the ball straddles the bound

    finally:
        ctx.prec = old
    return checked

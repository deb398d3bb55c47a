"""The claim a box subdivision decides, and the arb pieces shared by its parts.

:class:`BoxContext` holds the function ``f`` of one variable, the interval and the
strictness of the claim, the derivatives of ``f`` (compiled for arb, cached), the exact
zero proofs and the work counted against the box budget; it encloses ``f^(k)`` on a box
with exact rational ends. :class:`Undecided` and :class:`Refuted` are how the parts
(:mod:`tanhproof.proof._boxes`, :mod:`tanhproof.proof._tails`,
:mod:`tanhproof.proof._tailenclosure`) stop: a budget or argument ran out, or a
counterexample was found.

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> ctx = BoxContext(parse("x - tanh(x)"), x, Interval(), False, max_boxes=10)
>>> ctx.good(ctx.enclose(0, Fraction(1), Fraction(2), START_PRECISION)), ctx.is_zero(0, Fraction(0))
(True, True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import sympy
from flint import arb, fmpq

from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import arb_dyadic_bounds, compile_arb

__all__ = [
    "MAX_TAYLOR_ORDER",
    "START_PRECISION",
    "BoxContext",
    "Refuted",
    "Undecided",
    "arb_form",
    "bounds_text",
    "box_ball",
    "frac_ball",
]

#: Working precision of the first boxes, in bits.
START_PRECISION = 64
#: Highest derivative used at a touching point (Taylor with Lagrange remainder) or on a
#: tail: ``LIMITS.max_taylor_order``.
MAX_TAYLOR_ORDER = LIMITS.max_taylor_order

Compiled = Callable[[dict], arb]


class Undecided(Exception):
    """A budget was exhausted or an argument could not be made."""


class Refuted(Exception):
    """The claim fails at the exact rational point ``witness``, for ``reason``."""

    def __init__(self, witness: Fraction, reason: str) -> None:
        super().__init__(reason)
        self.witness, self.reason = witness, reason


#: Largest integer power written out as a product for ball evaluation.
_MAX_EXPANDED_POWER = 64


@functools.lru_cache(maxsize=256)
def arb_form(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with integer powers ``u**n`` written as the unevaluated product ``u*...*u``.

    python-flint's ``ball ** n`` is NaN for a ball containing 0 and very loose for an odd
    power of a negative ball (``[-2 +/- 0.1]**3`` gives ``[+/- 9.27]``); a product of
    balls is a rigorous and much tighter enclosure of the same value.
    """
    if not expr.args:
        return expr
    args = [arb_form(a) for a in expr.args]
    exponent = expr.args[1] if expr.is_Pow else None
    if exponent is not None and exponent.is_Integer and 2 <= abs(int(exponent)) <= _MAX_EXPANDED_POWER:
        n = int(exponent)
        product = sympy.Mul(*([args[0]] * abs(n)), evaluate=False)
        return product if n > 0 else sympy.Pow(product, -1, evaluate=False)
    if args == list(expr.args):
        return expr
    return expr.func(*args, evaluate=False)


def box_ball(lo: Fraction, hi: Fraction) -> arb:
    """A ball containing every point of ``[lo, hi]``."""
    a = arb(fmpq(lo.numerator, lo.denominator))
    return a if lo == hi else a.union(arb(fmpq(hi.numerator, hi.denominator)))


def frac_ball(v: Fraction) -> arb:
    return arb(fmpq(v.numerator, v.denominator))


def bounds_text(ball: arb) -> list[str]:
    lower, upper = arb_dyadic_bounds(ball)
    return [str(lower), str(upper)]


class BoxContext:
    """The claim, its derivatives (compiled, cached) and the work counted so far."""

    def __init__(
        self, f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool, max_boxes: int
    ) -> None:
        self.x, self.interval, self.strict = x, interval, strict
        self.max_boxes = max_boxes
        self.derivatives: list[sympy.Expr] = [f]
        self.compiled: dict[int, Compiled] = {}
        self.zero_proofs: dict[tuple[int, Fraction], bool] = {}
        self.boxes = 0
        self.zeros: set[Fraction] = set()
        self.records: list[dict[str, Any]] = []

    def derivative(self, k: int) -> sympy.Expr:
        while len(self.derivatives) <= k:
            self.derivatives.append(sympy.diff(self.derivatives[-1], self.x))
        return self.derivatives[k]

    def enclose(self, k: int, lo: Fraction, hi: Fraction, prec: int) -> arb | None:
        """An enclosure of ``f^(k)`` on ``[lo, hi]``; ``None`` where arb cannot give one."""
        if k not in self.compiled:
            self.compiled[k] = compile_arb(arb_form(self.derivative(k)))
        old = flint.ctx.prec
        flint.ctx.prec = prec
        try:
            value = self.compiled[k]({self.x: box_ball(lo, hi)})
        except (DomainError, ZeroDivisionError, ValueError):
            return None
        finally:
            flint.ctx.prec = old
        return value if value.is_finite() else None

    def is_zero(self, k: int, a: Fraction) -> bool:
        """Whether ``f^(k)(a) = 0`` is proved exactly."""
        key = (k, a)
        if key not in self.zero_proofs:
            from tanhproof.proof._prover import prove

            value = self.derivative(k).subs(self.x, sympy.Rational(a.numerator, a.denominator))
            try:
                proved = value == 0 or str(prove(value, sympy.Integer(0)).verdict) == "proved"
            except TanhproofError:
                proved = False
            self.zero_proofs[key] = proved
        return self.zero_proofs[key]

    def count(self) -> None:
        self.boxes += 1
        if self.boxes > self.max_boxes:
            raise Undecided(f"box budget exhausted ({self.max_boxes} boxes, LIMITS.max_boxes)")

    def good(self, ball: arb) -> bool:
        """Whether an enclosure decides its box: positive, for either claim (a lower bound
        of exactly 0 may be a zero of ``f``, which a non-strict claim must report, so such
        a box is split or decided by a Taylor argument instead)."""
        return bool(ball > 0)

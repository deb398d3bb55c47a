"""Strict claims that fail only where the margin touches 0 at an irrational point.

``(exp(x) - 3)**2 > 0`` is false at exactly one point, ``x = log(3)``, where no rational
point can show it. The exact sign procedure (:mod:`tanhproof.proof._exactsign`) writes the
margin as ``f = N(T)/D(T)`` with ``T = exp(x/q)`` and ``N``, ``D`` coprime; a positive
root ``r`` of ``N`` with ``x = q*log(r)`` inside the interval is such a point, held
exactly as a :class:`~tanhproof.proof._logpoint.LogPoint`. The refutation rests on:

1. **exact algebra**: the minimal polynomial ``g`` of ``r`` divides ``N`` (so
   ``N(r) = 0``) and does not divide ``D`` (so ``D(r) != 0``, ``g`` being irreducible),
   both checked by polynomial division over Z (:func:`touching_result`);
2. **rigorous arb enclosures**: at a ball around ``x = q*log(r)`` every domain
   condition of the sides holds and both sides are finite balls, so the sides are
   defined there and equal to their exp-rational form, whose value is ``0``
   (:func:`certify_touching`).

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.proof._exactsign import sign_exact
>>> from tanhproof.expr._intervals import Interval
>>> x = parse("x")
>>> r = sign_exact(parse("(exp(2*x) - 2)**2"), x, Interval(), strict=True)
>>> r.holds, str(r.touching)
(False, 'log(2)/2')
>>> cex = certify_touching(parse("(exp(2*x) - 2)**2"), parse("0"), ">", x, r.touching, ())
>>> str(cex.point["x"]), cex.lower == cex.upper == 0
('log(2)/2', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import compile_arb
from tanhproof.numeric._conditions import _certainly
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.proof._logpoint import LogPoint
from tanhproof.proof._posroots import PositiveRoot, integer_polynomial
from tanhproof.proof._records import Counterexample
from tanhproof.proof._signs import SignResult

__all__ = ["METHOD_EXACT_ZERO", "ExactSignResult", "certify_touching", "touching_result"]

METHOD_EXACT_ZERO = (
    "certified counterexample (the exp-rational form is exactly 0 at an algebraic point x = q*log(r); "
    "arb certifies the sides defined there)"
)
"""The method of a refutation by :func:`certify_touching`."""


@dataclass(frozen=True)
class ExactSignResult(SignResult):
    """A :class:`~tanhproof.proof._signs.SignResult` that may carry ``touching``: for a
    strict claim that fails only where ``f = 0`` at irrational points, one such point,
    exact (``holds`` is ``False`` and ``witness`` ``None``)."""

    touching: LogPoint | None = None


def touching_result(
    num: flint.fmpq_poly,
    den: flint.fmpq_poly,
    q: int,
    roots: list[PositiveRoot],
    base: SignResult,
    name: str,
) -> ExactSignResult:
    """``base`` (a failed strict claim without a rational witness) with an exact point
    where ``f = N/D`` vanishes: the first of ``roots`` (zeros of ``N`` inside the
    interval, rational ones first) whose polynomial divides ``N`` and not ``D``."""
    n, d = integer_polynomial(num), integer_polynomial(den)
    for root in sorted(roots, key=lambda r: (r.rational is None, r.degree)):
        g = root.factor
        if not (n % g).is_zero() or (d % g).is_zero():
            continue  # never for coprime N, D: checked, not assumed
        point = LogPoint(Fraction(q), root)
        certificate = dict(base.certificate)
        t = f"exp({name}/{q})" if q != 1 else f"exp({name})"
        g_text = root.polynomial_text("T")
        certificate["touching_point"] = {
            name: point.to_dict(),
            "T": t,
            "exact": f"{g_text} divides the numerator N and not the denominator D, so N = 0 and D != 0 there",
        }
        poles = base.reason[base.reason.index("; poles") :] if "; poles" in base.reason else ""
        return ExactSignResult(
            False,
            base.method,
            zeros=base.zeros,
            certificate=certificate,
            reason=f"f = 0 exactly at {name} = {point.text(unicode=False)}, where T = {t} is a root of "
            f"{g_text}, a factor of the numerator N and not of the denominator D{poles}",
            touching=point,
        )
    return ExactSignResult(
        base.holds, base.method, base.zeros, base.witness, base.certificate, base.reason, touching=None
    )


def certify_touching(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    rel: str,
    x: sympy.Symbol,
    point: LogPoint,
    conditions: tuple[Condition, ...],
) -> Counterexample | None:
    """A certified counterexample to the strict claim ``lhs rel rhs`` (``<`` or ``>``) at
    the exact ``point`` where the exp-rational form of ``rhs - lhs`` is 0: arb balls
    around ``x = point`` (64, 256, ... bits) show every domain condition holding and
    both sides finite, and the ball of ``rhs - lhs`` contains 0 (else nothing is
    claimed). ``None`` when that is not shown within ``LIMITS.max_precision_bits``."""
    if rel not in ("<", ">"):
        return None
    try:
        left, right = compile_arb(lhs), compile_arb(rhs)
        tests = [(c.kind, compile_arb(c.expr)) for c in conditions]
    except TanhproofError:
        return None
    bits = 64
    while bits <= LIMITS.max_precision_bits:
        saved = flint.ctx.prec
        try:
            ball = point.enclosure(bits)
            flint.ctx.prec = bits
            values = {x: ball}
            if all(_certainly(kind, test(values)) for kind, test in tests):
                diff = right(values) - left(values)
                if diff.is_finite():
                    if diff > 0 or diff < 0:
                        return None  # inconsistent with an exact zero: claim nothing
                    return _exact_zero(x, point, diff, bits)
        except TanhproofError:
            pass  # not evaluated at this precision (a ball straddling a domain edge)
        finally:
            flint.ctx.prec = saved
        bits *= 4
    return None


def _exact_zero(x: sympy.Symbol, point: LogPoint, diff: Any, bits: int) -> Counterexample:
    zero = Dyadic(0, 0)
    t = f"exp({x})" if point.scale == 1 else f"exp({x}/{point.scale})"
    return Counterexample(
        {str(x): point},
        zero,
        zero,
        bits,
        f"0 (exact: T = {t} is a root of {point.root.polynomial_text('T')}, which divides the numerator of "
        f"the exp-rational form; arb ball at the point {diff.str(5, radius=True)})",
    )

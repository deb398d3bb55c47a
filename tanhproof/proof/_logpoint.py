"""Exact points ``x = s*log(r)`` with ``r > 0`` algebraic: where ``exp(x/s)`` is a root.

An exp-rational claim in one variable is a claim about ``T = exp(x/q)``; its margin
can vanish at a positive root ``r`` of the numerator polynomial that is not ``1``, so at
``x = q*log(r)``, an irrational point (``log(3)``, ``log(2)/2``, the logarithm of the
golden ratio). A :class:`LogPoint` holds such a point exactly: the scale ``s`` and the
root as a :class:`~tanhproof.proof._posroots.PositiveRoot` (its minimal polynomial and
an isolating interval). It prints as people write it: ``log(3)`` for a rational root,
``log(2)/2`` for a root of a binomial ``a*r^k - b``, else
``log(r) ≈ 0.4812118251, r ≈ 1.618033989 the root of r^2 - r - 1 in (1, 2)``; and it
gives rigorous arb enclosures of ``x`` at any precision.

Examples
========

>>> from tanhproof.proof._posroots import positive_roots
>>> [str(LogPoint(Fraction(1), r)) for r in positive_roots([-3, 1]) + positive_roots([-2, 0, 1])]
['log(3)', 'log(2)/2']
>>> (phi,) = positive_roots([-1, -1, 1])
>>> print(LogPoint(Fraction(1), phi))
log(r) ≈ 0.4812118251, r ≈ 1.618033989 the root of r^2 - r - 1 in (1, 2)
>>> LogPoint(Fraction(2), phi).text(unicode=False)
'2*log(r) ~ 0.9624236501, r ~ 1.618033989 the root of r^2 - r - 1 in (1, 2)'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._sstr import sstr
from tanhproof.proof._posroots import PositiveRoot

__all__ = ["LogPoint"]


@dataclass(frozen=True)
class LogPoint:
    """The exact real number ``scale * log(root)`` (``root > 0`` algebraic).

    Attributes
    ==========

    scale : Fraction
        A nonzero rational (``q`` of ``T = exp(x/q)``).
    root : PositiveRoot
        The positive root: its irreducible integer polynomial (``coefficients``, from
        the constant term up) and an isolating interval ``[lo, hi]`` (``lo == hi`` for a
        rational root).
    """

    scale: Fraction
    root: PositiveRoot

    def closed_form(self) -> sympy.Expr | None:
        """``scale*log(root)`` as a SymPy expression with a rational inside the log,
        when there is one (a rational root, or a root of a binomial ``a*r^k - b``:
        ``r = (b/a)**(1/k)``); ``None`` otherwise."""
        c = self.root.coefficients
        if any(c[1:-1]) or c[0] == 0 or (c[0] > 0) == (c[-1] > 0):
            return None
        k = len(c) - 1
        inside = sympy.Rational(-c[0], c[-1])
        return sympy.Rational(self.scale.numerator, self.scale.denominator * k) * sympy.log(inside)

    def enclosure(self, bits: int) -> flint.arb:
        """An arb ball of ``scale*log(root)`` at working precision ``bits``.

        >>> import tanhproof
        >>> point = tanhproof.prove("(exp(x) - 3)**2 > 0").counterexample.point["x"]
        >>> point, point.enclosure(64)
        (LogPoint(log(3)), [1.09861228866811 +/- 3.09e-16])
        """
        saved = flint.ctx.prec
        ball = self.root.enclosure(bits)
        flint.ctx.prec = int(bits)
        try:
            return ball.log() * flint.fmpq(self.scale.numerator, self.scale.denominator)
        finally:
            flint.ctx.prec = saved

    def __repr__(self) -> str:
        return f"LogPoint({self.text(unicode=False)})"

    def __float__(self) -> float:
        return float(self.enclosure(64).mid())

    def text(self, unicode: bool = True) -> str:
        """The point as people write it (``unicode=False``: ASCII only)."""
        exact = self.closed_form()
        if exact is not None:
            return sstr(exact)
        approx = "≈" if unicode else "~"
        prefix = "" if self.scale == 1 else f"{self.scale}*"
        x = self.enclosure(64).mid().str(10, radius=False)
        r = self.root.ball.mid().str(10, radius=False)
        return (
            f"{prefix}log(r) {approx} {x}, r {approx} {r} the root of {self.root.polynomial_text()} "
            f"in ({self.root.lo}, {self.root.hi})"
        )

    def __str__(self) -> str:
        return self.text()

    def to_dict(self) -> dict[str, Any]:
        """The exact description, JSON-serialisable: ``x = scale*log(r)``, ``r`` the root
        of the polynomial (coefficients from the constant term up) in the interval."""
        return {
            "kind": "log_of_algebraic",
            "value": self.text(unicode=False),
            "scale": str(self.scale),
            "log_of_root_of": [str(c) for c in self.root.coefficients],
            "polynomial": self.root.polynomial_text(),
            "isolating_interval": [str(self.root.lo), str(self.root.hi)],
            "approximately": self.enclosure(64).mid().str(17, radius=False),
        }

"""The positive real roots of a polynomial with rational coefficients, isolated exactly.

An exp-rational function of one variable is a rational function of ``T = exp(x/q) > 0``,
so its zeros and poles are the positive real roots of two polynomials. This module
finds them once for every user (the exact sign procedure, the prover's pole caveats,
the domain checks): the polynomial is cleared of denominators and factored over Z by
python-flint (irreducible factors with multiplicities); a linear factor gives an exact
rational root, and the roots of every other factor are enclosed by
``fmpz_poly.complex_roots`` in disjoint certified balls (real roots have an imaginary
part exactly 0, refined to a relative accuracy of the working precision, so their
sign is known). Descartes' rule of signs (:func:`sign_variations`) skips a polynomial
or a factor whose coefficients never change sign, and the roots of each factor are
kept (by its coefficients and the working precision), since the several-variable
procedure isolates the roots of the same factors again and again. Each positive root comes as a :class:`PositiveRoot`: its irreducible
factor (its minimal polynomial, up to a constant), its multiplicity, the arb ball, a
tight rational bracket ``[a, b]`` of the ball with a sign change of the factor
checked in exact rational arithmetic, and a simple isolating interval with small
denominators (``(1, 2)`` for the golden ratio) for people.

Examples
========

>>> roots = positive_roots([-1, -1, 1])  # T^2 - T - 1: the golden ratio and -1/phi
>>> [(r.polynomial_text(), r.lo, r.hi, r.multiplicity) for r in roots]
[('r^2 - r - 1', Fraction(1, 1), Fraction(2, 1), 1)]
>>> [r.rational for r in positive_roots([3, -1]) + positive_roots([-2, 0, 0, 1])]
[Fraction(3, 1), None]
>>> positive_roots([1, 0, 1])  # T^2 + 1: no real root
[]
>>> (r,) = positive_roots([9, -6, 1])  # (T - 3)^2
>>> r.rational, r.multiplicity
(Fraction(3, 1), 2)
>>> sign_variations([2, -3, 1]), sign_variations([1, 3, 1])  # (T - 1)(T - 2); no positive root
(2, 0)
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import flint

__all__ = [
    "PositiveRoot",
    "RootIsolationError",
    "ball_bounds",
    "integer_polynomial",
    "positive_roots",
    "sign_variations",
]


class RootIsolationError(ValueError):
    """A root's sign, or the sign change around it, could not be certified."""


def _fraction(value: Any) -> Fraction:
    """An exact ``arb`` endpoint (``arb.mid()``, ``arb.rad()``) or ``fmpq`` as a Fraction."""
    if isinstance(value, flint.fmpq):
        return Fraction(int(value.p), int(value.q))
    man, exp = value.man_exp()
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


def _q(value: Fraction) -> flint.fmpq:
    return flint.fmpq(value.numerator, value.denominator)


def ball_bounds(ball: flint.arb) -> tuple[Fraction, Fraction]:
    """The exact endpoints ``(mid - rad, mid + rad)`` of a finite arb ball."""
    mid, rad = _fraction(ball.mid()), _fraction(ball.rad())
    return mid - rad, mid + rad


def integer_polynomial(p: Any) -> flint.fmpz_poly:
    """``p`` (an ``fmpq_poly``, ``fmpz_poly`` or coefficients from the constant term up)
    times the common denominator of its coefficients: an integer polynomial with the
    same roots.

    >>> integer_polynomial([Fraction(1, 2), 0, Fraction(-1, 3)])
    (-2)*x^2 + 3
    """
    if isinstance(p, flint.fmpz_poly):
        return p
    if not isinstance(p, flint.fmpq_poly):
        p = flint.fmpq_poly([_q(Fraction(c)) if not isinstance(c, flint.fmpq) else c for c in p])
    return flint.fmpz_poly([int(c * p.denom()) for c in p.coeffs()])


def _poly_text(coefficients: Sequence[int], var: str) -> str:
    terms = []
    for k in range(len(coefficients) - 1, -1, -1):
        c = coefficients[k]
        if c == 0:
            continue
        power = "" if k == 0 else var if k == 1 else f"{var}^{k}"
        size = abs(c)
        body = str(size) if not power else (power if size == 1 else f"{size}*{power}")
        sign = "-" if c < 0 else "+"
        terms.append((sign, body))
    if not terms:
        return "0"
    first_sign, first = terms[0]
    text = ("-" if first_sign == "-" else "") + first
    return text + "".join(f" {s} {b}" for s, b in terms[1:])


@dataclass(frozen=True)
class PositiveRoot:
    """A positive real root ``r`` of ``factor``, an irreducible primitive integer
    polynomial (coefficients from the constant term up, leading one positive).

    ``lo == hi == r`` for a rational root (a linear factor); else ``lo < r < hi``
    with rationals of small denominators, the only real root of ``factor`` in
    ``[lo, hi]``, and ``factor(lo) * factor(hi) < 0`` (checked exactly). ``ball`` is
    python-flint's certified enclosure of ``r``, ``bracket`` its exact endpoints (a
    tight bracket with the same sign change).
    """

    coefficients: tuple[int, ...]
    multiplicity: int
    lo: Fraction
    hi: Fraction
    bracket: tuple[Fraction, Fraction] = field(compare=False, repr=False)
    ball: flint.arb = field(compare=False, repr=False)

    @property
    def factor(self) -> flint.fmpz_poly:
        return flint.fmpz_poly(list(self.coefficients))

    @property
    def degree(self) -> int:
        return len(self.coefficients) - 1

    @property
    def rational(self) -> Fraction | None:
        """The root when it is rational (a linear factor), else ``None``."""
        return self.lo if self.lo == self.hi else None

    def polynomial_text(self, var: str = "r") -> str:
        """The factor as text in ``var``: ``"r^2 - r - 1"``."""
        return _poly_text(self.coefficients, var)

    def enclosure(self, bits: int) -> flint.arb:
        """An arb ball of the root at working precision ``bits`` (relative accuracy).

        >>> (r,) = positive_roots([-2, 0, 1])
        >>> r.enclosure(200).rad() < flint.arb(2) ** -190
        True
        """
        rational = self.rational
        saved = flint.ctx.prec
        flint.ctx.prec = int(bits)
        try:
            if rational is not None:
                return flint.arb(_q(rational))
            # python-flint 0.9's stub says list[acb]; complex_roots returns (root, multiplicity) pairs
            roots: list[tuple[flint.acb, int]] = self.factor.complex_roots()  # type: ignore[assignment]
            for root, _m in roots:
                if root.imag == 0 and root.real > _q(self.lo) and root.real < _q(self.hi):
                    return +root.real
        finally:
            flint.ctx.prec = saved
        raise RootIsolationError(f"the root of {self.polynomial_text()} in ({self.lo}, {self.hi}) was lost")

    def __float__(self) -> float:
        return float(self.ball.mid())


def _simple_interval(
    g: flint.fmpz_poly, ball: flint.arb, others: list[flint.arb]
) -> tuple[Fraction, Fraction]:
    """An interval with small denominators around ``ball`` that meets no other real root
    ball of ``g`` and has a sign change of ``g`` at its ends (exact arithmetic)."""
    lo, hi = ball_bounds(ball)
    for k in range(0, 200):
        d = 2**k
        a, b = Fraction(math.floor(lo * d), d), Fraction(math.ceil(hi * d), d)
        a = max(a, Fraction(0))
        if a == b or not g(_q(a)) * g(_q(b)) < 0:
            continue
        if any(not (o.real < _q(a) or o.real > _q(b)) for o in others):
            continue
        return a, b
    return lo, hi


def sign_variations(p: Any) -> int:
    """The sign changes in the coefficients of ``p`` (as :func:`integer_polynomial` takes
    it), zero coefficients skipped. By Descartes' rule of signs it bounds the number of
    positive roots counted with multiplicity (with the same parity): 0 means none.

    >>> sign_variations([-1, -1, 1])  # T^2 - T - 1: exactly one positive root
    1
    """
    signs = [c > 0 for c in integer_polynomial(p).coeffs() if c != 0]
    return sum(1 for s, t in itertools.pairwise(signs) if s != t)


def positive_roots(p: Any) -> list[PositiveRoot]:
    """The positive real roots of ``p`` (an ``fmpq_poly``/``fmpz_poly`` or coefficients
    from the constant term up), by irreducible factor in python-flint's order and, in a
    factor, in the order of ``complex_roots``: each distinct root once, with its
    multiplicity.

    Raises :class:`RootIsolationError` when a real root's sign or the sign change
    around it is not certified (python-flint's isolation makes that unreachable, but
    it is checked, never assumed).

    >>> sorted(float(r) for r in positive_roots([2, -3, 1]))  # (T - 1)(T - 2)
    [1.0, 2.0]
    """
    integral = integer_polynomial(p)
    out: list[PositiveRoot] = []
    if integral.degree() < 1 or sign_variations(integral) == 0:  # Descartes: no positive root
        return out
    for factor, multiplicity in integral.factor()[1]:
        coefficients = tuple(int(c) for c in factor.coeffs())
        if coefficients[-1] < 0:
            coefficients = tuple(-c for c in coefficients)
        for root in _factor_roots(coefficients, flint.ctx.prec):
            out.append(root if multiplicity == 1 else replace(root, multiplicity=int(multiplicity)))
    return out


@functools.lru_cache(maxsize=512)
def _factor_roots(coefficients: tuple[int, ...], prec: int) -> tuple[PositiveRoot, ...]:
    """The positive roots (multiplicity 1) of the irreducible primitive factor with these
    ``coefficients`` (leading one positive), isolated at the working precision ``prec``
    (which is ``flint.ctx.prec``; it is part of the key, since the balls depend on it)."""
    g = flint.fmpz_poly(list(coefficients))
    if len(coefficients) == 2:
        r = Fraction(-coefficients[0], coefficients[1])
        return (PositiveRoot(coefficients, 1, r, r, (r, r), flint.arb(_q(r))),) if r > 0 else ()
    if sign_variations(g) == 0:
        return ()
    # python-flint 0.9's stub says list[acb]; fmpz_poly.complex_roots returns (root, multiplicity) pairs
    roots: list[tuple[flint.acb, int]] = g.complex_roots()  # type: ignore[assignment]
    real = [root.real for root, _m in roots if root.imag == 0]
    out = []
    for ball in real:
        if not (ball > 0 or ball < 0):
            raise RootIsolationError(f"the sign of a real root of {g} is not certified")
        if ball < 0:
            continue
        lo, hi = ball_bounds(ball)
        lo = max(lo, Fraction(0))
        if not g(_q(lo)) * g(_q(hi)) < 0:
            raise RootIsolationError(f"no certified sign change around a root of {g}")
        a, b = _simple_interval(g, ball, [o for o in real if o is not ball])
        out.append(PositiveRoot(coefficients, 1, a, b, (lo, hi), ball))
    return tuple(out)

"""Positive real numbers known exactly: rationals, algebraic roots, ``exp(e/q)``.

The several-variable sign procedures (:mod:`tanhproof.proof._twovars`) sort the
positive real roots of univariate polynomials over Q, sample a rational point in
every gap between them and read exact signs there. A :class:`PositiveReal` is such
a point, known by a rational bracket that can be refined: a rational (``exact``), a
root of an irreducible polynomial ``g`` over Z (``root``: ``g`` changes sign on the
bracket, checked in exact rational arithmetic, refined by bisection), or ``exp(e/q)``
for a rational ``e != 0`` (``end``: transcendental by Lindemann, so never equal to a
root; its bracket is an arb ball, refined by raising the precision). Two distinct
points are ordered by refining both until their brackets separate; the work is
counted (:data:`MAX_REFINE` refinements), never timed.

Examples
========

>>> import flint
>>> roots = positive_roots(flint.fmpq_poly([2, 0, -1]) * flint.fmpq_poly([-3, 1]))  # T**2 - 2, T - 3
>>> [str(r) for r in sort_distinct(roots)]
['the root 1.414213562 of T^2 + (-2)', '3']
>>> signs_between(flint.fmpq_poly([1, -2, 1]), None, None)  # (T - 1)**2 on T > 0
({1: Fraction(1, 2)}, ['1'])
>>> simplest_between(Fraction(1, 3), Fraction(1, 2))
Fraction(2, 5)
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from typing import Any

import flint

__all__ = [
    "MAX_REFINE",
    "Budget",
    "PositiveReal",
    "gap_samples",
    "inside",
    "integral",
    "irreducible_positive_roots",
    "less",
    "positive_roots",
    "signs_between",
    "simplest_between",
    "sort_distinct",
    "variations",
]

#: Refinements (bisections, precision doublings) allowed to separate two points.
MAX_REFINE = 400


class Budget(Exception):
    """A work budget of the exact procedure was exhausted (a reason, never a verdict)."""


def _fraction(value: Any) -> Fraction:
    man, exp = value.man_exp()
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


def _q(value: Fraction) -> flint.fmpq:
    return flint.fmpq(value.numerator, value.denominator)


def integral(p: flint.fmpq_poly) -> flint.fmpz_poly:
    """``p`` times the common denominator of its coefficients."""
    return flint.fmpz_poly([int(c * p.denom()) for c in p.coeffs()])


class PositiveReal:
    """A positive real number with a refinable rational bracket ``[lo, hi]``."""

    def __init__(self, kind: str, lo: Fraction, hi: Fraction, g: Any = None, e: Fraction | None = None):
        self.kind, self.lo, self.hi, self.g, self.e = kind, lo, hi, g, e
        self.prec = 32

    @classmethod
    def exact(cls, value: Fraction) -> PositiveReal:
        return cls("exact", value, value)

    @classmethod
    def exp(cls, e: Fraction) -> PositiveReal:
        """``exp(e)``: exactly 1 for ``e = 0``, else a transcendental number."""
        if e == 0:
            return cls.exact(Fraction(1))
        point = cls("end", Fraction(0), Fraction(0), e=e)
        point.prec = 16
        point.refine()
        return point

    @property
    def value(self) -> Fraction | None:
        """The number when it is rational, else ``None``."""
        return self.lo if self.kind == "exact" else None

    def refine(self) -> None:
        if self.kind == "root":
            mid = (self.lo + self.hi) / 2
            g_lo, g_mid = self.g(_q(self.lo)), self.g(_q(mid))
            if g_mid == 0:
                raise Budget(
                    f"a rational root {mid} of the irreducible {self.g}"
                )  # impossible for degree > 1
            if (g_lo > 0) == (g_mid > 0):
                self.lo = mid
            else:
                self.hi = mid
        elif self.kind == "end":
            assert self.e is not None
            self.prec *= 2
            saved, flint.ctx.prec = flint.ctx.prec, self.prec
            try:
                ball = flint.arb(_q(self.e)).exp()
                mid, rad = _fraction(ball.mid()), _fraction(ball.rad())
            finally:
                flint.ctx.prec = saved
            self.lo, self.hi = mid - rad, mid + rad

    def ball(self, prec: int = 64) -> flint.arb:
        """An arb ball that contains the number (refined to about ``prec`` bits)."""
        for _ in range(MAX_REFINE):
            if self.kind == "exact" or self.hi - self.lo <= self.hi / 2**prec:
                break
            self.refine()
        mid, rad = (self.lo + self.hi) / 2, (self.hi - self.lo) / 2
        return flint.arb(_q(mid), _q(rad))

    def __str__(self) -> str:
        if self.kind == "exact":
            return str(self.lo)
        if self.kind == "end":
            return f"exp({self.e})"
        return f"the root {self.ball(40).str(10, radius=False)} of {str(self.g).replace('x', 'T')}"


def less(a: PositiveReal, b: PositiveReal) -> bool:
    """``a < b`` for two *distinct* points, refining both until their brackets separate."""
    for _ in range(MAX_REFINE):
        if a.hi < b.lo:
            return True
        if b.hi < a.lo:
            return False
        if a.kind == "exact" and b.kind == "exact":
            raise Budget(f"{a} and {b} are equal")
        if a.kind == "end" and b.kind == "end" and a.e == b.e:
            raise Budget(f"{a} and {b} are equal")
        a.refine()
        b.refine()
    raise Budget("could not separate two points within the refinement budget")


def sort_distinct(points: list[PositiveReal]) -> list[PositiveReal]:
    """``points`` (pairwise distinct) in increasing order."""
    ordered: list[PositiveReal] = []
    for p in points:
        k = 0
        while k < len(ordered) and less(ordered[k], p):
            k += 1
        ordered.insert(k, p)
    return ordered


def variations(factor: flint.fmpz_poly) -> int:
    """Sign variations of the coefficients: a bound on the positive roots (Descartes)."""
    signs = [c > 0 for c in factor.coeffs() if c != 0]
    return sum(1 for s, t in itertools.pairwise(signs) if s != t)


@functools.lru_cache(maxsize=512)
def _brackets(coefficients: tuple[int, ...]) -> tuple[tuple[Fraction, Fraction], ...]:
    """Isolating rational brackets of the positive roots of an irreducible factor over Z
    (degree >= 2, given by its ``coefficients``), each with a sign change checked exactly."""
    factor = flint.fmpz_poly(list(coefficients))
    if variations(factor) == 0:
        return ()
    g = flint.fmpq_poly(factor)
    out = []
    roots: list[tuple[flint.acb, int]] = factor.complex_roots()  # type: ignore[assignment]
    for root, _m in roots:
        if root.imag != 0 or not root.real > 0:
            continue  # non-real (flint gives real roots an imaginary part exactly 0), or not positive
        mid, rad = _fraction(root.real.mid()), _fraction(root.real.rad())
        lo, hi = max(mid - rad, Fraction(0)), mid + rad
        if not g(_q(lo)) * g(_q(hi)) < 0:
            raise Budget(f"no certified sign change around a root of {factor}")
        out.append((lo, hi))
    return tuple(out)


def positive_roots(p: flint.fmpq_poly) -> list[PositiveReal]:
    """The distinct positive real roots of ``p`` (not the zero polynomial), each with an
    isolating bracket (a root of one irreducible factor over Z)."""
    out: list[PositiveReal] = []
    if p.degree() < 1:
        return out
    whole = integral(p)
    if variations(whole) == 0:  # Descartes: no positive root, nothing to factor
        return out
    for factor, _multiplicity in whole.factor()[1]:
        out.extend(irreducible_positive_roots(factor))
    return out


def irreducible_positive_roots(factor: flint.fmpz_poly) -> list[PositiveReal]:
    """The positive roots of an irreducible ``factor`` over Z, each with its bracket."""
    if factor.degree() == 1:
        c0, c1 = factor.coeffs()
        r = Fraction(-int(c0), int(c1))
        return [PositiveReal.exact(r)] if r > 0 else []
    g = flint.fmpq_poly(factor)
    return [PositiveReal("root", lo, hi, g=g) for lo, hi in _brackets(tuple(int(c) for c in factor.coeffs()))]


def simplest_between(lo: Fraction, hi: Fraction | None) -> Fraction:
    """The rational with the smallest denominator (then numerator) strictly between
    ``lo >= 0`` and ``hi`` (``None``: infinity)."""
    if hi is None:
        return Fraction(math.floor(lo) + 1)
    assert lo < hi
    for d in range(1, 1 << 16):
        n = math.floor(lo * d) + 1
        if Fraction(n, d) < hi:
            return Fraction(n, d)
    return (lo + hi) / 2


def gap_samples(
    points: list[PositiveReal], lo: PositiveReal | None, hi: PositiveReal | None
) -> list[Fraction]:
    """A rational sample in each open gap of ``lo < p_1 < ... < p_k < hi`` (``points``
    sorted, strictly inside; ``lo`` ``None``: 0, ``hi`` ``None``: infinity)."""
    ends: list[PositiveReal | None] = [lo, *points, hi]
    samples = []
    for a, b in itertools.pairwise(ends):
        if a is not None and b is not None:
            less(a, b)  # separates the brackets
        samples.append(simplest_between(Fraction(0) if a is None else a.hi, None if b is None else b.lo))
    return samples


def inside(p: PositiveReal, lo: PositiveReal | None, hi: PositiveReal | None) -> bool | None:
    """Whether ``lo < p < hi``; ``None`` when ``p`` is one of the ends."""
    for end, below in ((lo, True), (hi, False)):
        if end is None:
            continue
        if end.kind == p.kind == "exact" and end.lo == p.lo:
            return None
        if less(end, p) != below:
            return False
    return True


def signs_between(
    p: flint.fmpq_poly, lo: PositiveReal | None, hi: PositiveReal | None
) -> tuple[dict[int, Fraction], list[str]]:
    """The signs ``p`` takes strictly between ``lo`` and ``hi`` (``None``: 0 and infinity):
    ``{sign: a rational point with that sign}`` and the roots of ``p`` there (as text)."""
    if p.is_zero():
        return {}, ["everywhere"]
    roots = [r for r in positive_roots(p) if inside(r, lo, hi)]
    roots = sort_distinct(roots)
    found: dict[int, Fraction] = {}
    for t in gap_samples(roots, lo, hi):
        value = p(_q(t))
        found.setdefault(1 if value > 0 else -1, t)
    return found, [str(r) for r in roots]

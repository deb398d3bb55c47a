"""Positive real numbers known exactly, put in order, and the signs of a polynomial between them.

The several-variable sign procedures (:mod:`tanhproof.proof._twovars`) sort the
positive real roots of univariate polynomials over Q (isolated by
:func:`~tanhproof.proof._posroots.positive_roots`), sample a rational point in every
gap between them and read exact signs there. A :class:`PositiveReal` is such a point,
known by a rational bracket that can be refined: a rational (``exact``), an
irrational root of an irreducible polynomial ``g`` over Z (``root``: the tight
bracket of its :class:`~tanhproof.proof._posroots.PositiveRoot`, on which ``g``
changes sign, refined by bisection), or ``exp(e)`` for a rational ``e != 0``
(``end``: transcendental by Lindemann, so never equal to a root; its bracket is an
arb ball, refined by raising the precision). Two distinct points are ordered by
refining both until their brackets separate; the work is counted
(:data:`MAX_REFINE` refinements), never timed.

Examples
========

>>> import flint
>>> points = points_between([flint.fmpq_poly([2, 0, -1]) * flint.fmpq_poly([-3, 1])], None, None)
>>> [str(r) for r in points]  # T**2 - 2, T - 3
['the root 1.414213562 of T^2 + (-2)', '3']
>>> signs_between(flint.fmpq_poly([1, -2, 1]), None, None)  # (T - 1)**2 on T > 0
({1: Fraction(1, 2)}, ['1'])
>>> simplest_between(Fraction(1, 3), Fraction(1, 2))
Fraction(2, 5)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import flint

from tanhproof.proof._posroots import PositiveRoot, RootIsolationError, ball_bounds, positive_roots

__all__ = [
    "MAX_REFINE",
    "Budget",
    "PositiveReal",
    "gap_samples",
    "inside",
    "less",
    "points_between",
    "positive_points",
    "signs_between",
    "simplest_between",
    "sort_distinct",
]

#: Refinements (bisections, precision doublings) allowed to separate two points.
MAX_REFINE = 400


class Budget(Exception):
    """A work budget of the exact procedure was exhausted (a reason, never a verdict)."""


def _q(value: Fraction) -> flint.fmpq:
    return flint.fmpq(value.numerator, value.denominator)


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

    @classmethod
    def root(cls, root: PositiveRoot) -> PositiveReal:
        """An isolated root: exact when rational, else its tight bracket and its factor."""
        if root.rational is not None:
            return cls.exact(root.rational)
        lo, hi = root.bracket
        return cls("root", lo, hi, g=flint.fmpq_poly(root.factor))

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
                self.lo, self.hi = ball_bounds(flint.arb(_q(self.e)).exp())
            finally:
                flint.ctx.prec = saved

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


def _isolated(p: flint.fmpq_poly) -> list[PositiveRoot]:
    """:func:`~tanhproof.proof._posroots.positive_roots`, an uncertified isolation a :class:`Budget`."""
    try:
        return positive_roots(p)
    except RootIsolationError as exc:
        raise Budget(str(exc)) from None


def positive_points(p: flint.fmpq_poly) -> list[PositiveReal]:
    """The distinct positive real roots of ``p``, in the order of
    :func:`~tanhproof.proof._posroots.positive_roots`."""
    return [PositiveReal.root(r) for r in _isolated(p)]


def points_between(
    polys: Iterable[flint.fmpq_poly], lo: PositiveReal | None, hi: PositiveReal | None
) -> list[PositiveReal]:
    """The distinct positive roots of ``polys`` strictly between ``lo`` and ``hi``
    (``None``: 0, infinity), sorted; an irreducible factor several share counts once."""
    seen: set[tuple[int, ...]] = set()
    points: list[PositiveReal] = []
    for p in polys:
        fresh = [r for r in _isolated(p) if r.coefficients not in seen]
        seen.update(r.coefficients for r in fresh)
        points.extend(x for x in map(PositiveReal.root, fresh) if inside(x, lo, hi))
    return sort_distinct(points)


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
    roots = points_between([p], lo, hi)
    found: dict[int, Fraction] = {}
    for t in gap_samples(roots, lo, hi):
        value = p(_q(t))
        found.setdefault(1 if value > 0 else -1, t)
    return found, [str(r) for r in roots]

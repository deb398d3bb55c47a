"""Exact positive reals put in order (tanhproof.proof._positivereals), checked against SymPy and mpmath.

The independent computations: SymPy's exact real-root isolation (``Poly.real_roots``,
continued fractions, sharing no code with python-flint) for the roots and their
order, exact rational evaluation for signs at the samples, and mpmath at 50 digits
for ``exp(e)``.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import flint
import mpmath
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.proof._positivereals import (
    PositiveReal,
    points_between,
    positive_points,
    signs_between,
    sort_distinct,
)

T = sympy.Symbol("T")

small_polynomials = st.lists(st.integers(-5, 5), min_size=2, max_size=4).filter(lambda c: any(c[1:]))


def _fmpq(coefficients: list[int]) -> flint.fmpq_poly:
    return flint.fmpq_poly(coefficients)


def _sympy_distinct_positive(polys: list[list[int]], lo=None, hi=None) -> list[sympy.Expr]:
    """SymPy's distinct positive real roots of the product, strictly between lo and hi, sorted."""
    roots: set[sympy.Expr] = set()
    for c in polys:
        roots.update(r for r in sympy.Poly(list(reversed(c)), T).real_roots() if r.is_positive)
    return sorted(r for r in roots if (lo is None or r > lo) and (hi is None or r < hi))


def _holds(point: PositiveReal, r: sympy.Expr) -> bool:
    """Whether SymPy's root ``r`` lies in the point's bracket (exactly for a rational)."""
    if point.value is not None:
        return r == sympy.Rational(point.value.numerator, point.value.denominator)
    return point.lo <= r <= point.hi


@settings(max_examples=40, deadline=None)
@given(st.lists(small_polynomials, min_size=1, max_size=3))
def test_points_between_are_sympys_roots_in_order(polys):
    points = points_between([_fmpq(c) for c in polys], None, None)
    expected = _sympy_distinct_positive(polys)
    assert len(points) == len(expected)
    for point, r in zip(points, expected, strict=True):
        assert _holds(point, r), (str(point), r)


@settings(max_examples=30, deadline=None)
@given(small_polynomials, st.fractions(Fraction(-2), Fraction(2), max_denominator=4))
def test_points_between_exp_ends(coefficients, e):
    # the interval (exp(e), oo): exp(e) is transcendental for e != 0, never a root
    lo = PositiveReal.exp(e)
    points = points_between([_fmpq(coefficients)], lo, None)
    mpmath.mp.dps = 50
    end = mpmath.exp(mpmath.mpf(e.numerator) / e.denominator)
    expected = [r for r in _sympy_distinct_positive([coefficients]) if sympy.N(r, 50) > end]
    if e == 0:  # exp(0) = 1 exactly: a root 1 is an end, not inside
        expected = [r for r in _sympy_distinct_positive([coefficients]) if r > 1]
    assert len(points) == len(expected)
    assert all(_holds(p, r) for p, r in zip(points, expected, strict=True))


@settings(max_examples=40, deadline=None)
@given(small_polynomials)
def test_signs_between_are_exact_signs(coefficients):
    p = _fmpq(coefficients)
    found, roots = signs_between(p, None, None)
    poly = sympy.Poly(list(reversed(coefficients)), T)
    for sign, t in found.items():
        assert t > 0 and sign * poly.eval(sympy.Rational(t.numerator, t.denominator)) > 0
    assert len(roots) == len(_sympy_distinct_positive([coefficients]))
    # both signs exactly when a positive root has odd multiplicity (SymPy's, with multiplicity)
    multiplicities = Counter(r for r in poly.real_roots() if r.is_positive)
    assert (len(found) == 2) == any(m % 2 for m in multiplicities.values())


def test_positive_points_keep_the_order_of_isolation():
    # (T - 3)(T^2 - 2): factor by factor, the exact 3 and the root sqrt(2) with its factor's text
    points = positive_points(flint.fmpq_poly([-3, 1]) * flint.fmpq_poly([-2, 0, 1]))
    texts = sorted(str(p) for p in points)
    assert texts == ["3", "the root 1.414213562 of T^2 + (-2)"]
    assert [str(p) for p in sort_distinct(points)] == ["the root 1.414213562 of T^2 + (-2)", "3"]

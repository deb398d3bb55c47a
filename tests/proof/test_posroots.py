"""Positive real-root isolation (tanhproof.proof._posroots), checked against SymPy.

The independent computation is SymPy's exact real-root isolation (``Poly.real_roots``,
Vincent-Akritas-Strzebonski continued fractions, returning rationals and ``CRootOf``
with their multiplicities), which shares no code with python-flint's complex-root
isolation used by the module.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.proof._posroots import (
    PositiveRoot,
    ball_bounds,
    integer_polynomial,
    positive_roots,
    sign_variations,
)

T = sympy.Symbol("T")


def _of_factor(r: sympy.Expr, coefficients: tuple[int, ...]) -> bool:
    """Whether SymPy's root ``r`` is a root of the irreducible factor ``coefficients``."""
    if r.is_Rational:
        return sympy.Poly(list(reversed(coefficients)), T).eval(r) == 0
    mine, given = list(_minimal(r).all_coeffs()), list(reversed(coefficients))
    return mine == given or mine == [-c for c in given]  # equal up to the overall sign only


def _minimal(r: sympy.Expr) -> sympy.Poly:
    """The minimal polynomial of SymPy's algebraic root ``r`` (a radical or a CRootOf)."""
    return r.poly if isinstance(r, sympy.CRootOf) else sympy.Poly(sympy.minimal_polynomial(r, T), T)


def _sympy_positive_roots(coefficients: list[int]) -> Counter:
    """SymPy's distinct positive real roots with their multiplicities."""
    poly = sympy.Poly(list(reversed(coefficients)), T)
    return Counter(r for r in poly.real_roots() if r.is_positive)


@st.composite
def integer_polynomials(draw) -> list[int]:
    """A product of small integer factors (repeated ones for multiplicities), as
    coefficients from the constant term up."""
    factors = draw(
        st.lists(
            st.lists(st.integers(-6, 6), min_size=2, max_size=4).filter(lambda c: c[-1] != 0),
            min_size=1,
            max_size=3,
        )
    )
    poly = flint.fmpz_poly([1])
    for f in factors:
        poly *= flint.fmpz_poly(f) ** draw(st.integers(1, 2))
    return [int(c) for c in poly.coeffs()]


@settings(max_examples=50, deadline=None)
@given(integer_polynomials())
def test_positive_roots_agree_with_sympy(coefficients):
    ours = positive_roots(coefficients)
    theirs = _sympy_positive_roots(coefficients)
    assert len(ours) == len(theirs)
    for root in ours:
        # SymPy compares CRootOf exactly; the interval isolates r among the roots of its factor
        matches = [r for r in theirs if _of_factor(r, root.coefficients) and root.lo <= r <= root.hi]
        assert len(matches) == 1, (root, theirs)
        (r,) = matches
        assert theirs[r] == root.multiplicity
        if root.rational is not None:
            assert r == sympy.Rational(root.rational.numerator, root.rational.denominator)
        else:
            # the stated factor is r's minimal polynomial (SymPy's CRootOf is over an irreducible one)
            assert not r.is_Rational and _minimal(r).is_irreducible
            # the tight bracket and the ball enclose it too
            a, b = root.bracket
            low, high = ball_bounds(root.ball)
            assert a <= r <= b and low <= r <= high


@settings(max_examples=20, deadline=None)
@given(integer_polynomials(), st.sampled_from([64, 256, 1024]))
def test_enclosures_contain_the_root_and_shrink(coefficients, bits):
    for root in positive_roots(coefficients):
        ball = root.enclosure(bits)
        lo, hi = root.lo, root.hi
        assert ball > flint.fmpq(lo.numerator, lo.denominator) or root.rational is not None
        (r,) = [
            r
            for r in _sympy_positive_roots(coefficients)
            if _of_factor(r, root.coefficients) and lo <= r <= hi
        ]
        # r to bits/3 + 30 digits (SymPy's evalf, certified to that accuracy), exactly as a Fraction
        digits = bits // 3 + 30
        value = Fraction(str(sympy.N(r, digits)))
        slack = Fraction(1, 10 ** (digits - 5))  # far below the ball's radius 2**-bits * r
        low, high = ball_bounds(ball)
        assert low - slack <= value <= high + slack
        assert root.rational is not None or ball.rad() < abs(ball.mid()) * flint.arb(2) ** (10 - bits)


@pytest.mark.parametrize(
    ("coefficients", "expected"),
    [
        # T^2 - T - 1: the golden ratio (1 + sqrt(5))/2 in (1, 2); -1/phi is negative
        ([-1, -1, 1], [((-1, -1, 1), 1, Fraction(1), Fraction(2))]),
        # (T - 3)^2 (T + 1): the double root 3
        ([9, 3, -5, 1], [((-3, 1), 2, Fraction(3), Fraction(3))]),
        # 2T^2 - 1: 1/sqrt(2) = 0.7071... in (0, 1)
        ([-1, 0, 2], [((-1, 0, 2), 1, Fraction(0), Fraction(1))]),
        # T (T + 2): the roots 0 and -2 are not positive
        ([0, 2, 1], []),
    ],
)
def test_hand_computed_roots(coefficients, expected):
    got = [(r.coefficients, r.multiplicity, r.lo, r.hi) for r in positive_roots(coefficients)]
    assert got == expected


def test_rational_input_and_text():
    # T^2/2 - 1/3 = (3T^2 - 2)/6: the root sqrt(2/3) = 0.816...
    (root,) = positive_roots(flint.fmpq_poly([flint.fmpq(-1, 3), 0, flint.fmpq(1, 2)]))
    assert isinstance(root, PositiveRoot)
    assert root.coefficients == (-2, 0, 3) and root.polynomial_text() == "3*r^2 - 2"
    assert integer_polynomial([Fraction(-1, 3), 0, Fraction(1, 2)]) == flint.fmpz_poly([-2, 0, 3])
    assert abs(float(root) - (2 / 3) ** 0.5) < 1e-15


@settings(max_examples=50, deadline=None)
@given(integer_polynomials())
def test_sign_variations_bound_the_positive_roots(coefficients):
    # Descartes' rule of signs: the variations exceed SymPy's count of positive roots
    # (with multiplicity) by an even number, so 0 variations means no positive root
    count = sum(_sympy_positive_roots(coefficients).values())
    variations = sign_variations(coefficients)
    assert variations >= count and (variations - count) % 2 == 0
    if variations == 0:
        assert positive_roots(coefficients) == []


def test_roots_kept_per_factor_follow_the_working_precision():
    # (T^2 - 2)^2 (T^2 - 3): the kept roots of a factor are reused, with the multiplicity
    # of each call, and isolated again at another working precision (their balls shrink)
    first = positive_roots(flint.fmpz_poly([-2, 0, 1]) ** 2 * flint.fmpz_poly([-3, 0, 1]))
    again = positive_roots([-2, 0, 1])
    assert sorted(r.multiplicity for r in first) == [1, 2]
    (sqrt2,) = [r for r in first if r.coefficients == (-2, 0, 1)]
    assert sqrt2.multiplicity == 2 and again[0].multiplicity == 1 and again[0].lo == sqrt2.lo
    saved = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        (fine,) = positive_roots([-2, 0, 1])
    finally:
        flint.ctx.prec = saved
    assert fine.ball.rad() < again[0].ball.rad() * flint.arb(2) ** -100
    # sqrt(2) to 60 digits (SymPy), inside the finer ball
    value = Fraction(str(sympy.N(sympy.sqrt(2), 60)))
    low, high = ball_bounds(fine.ball)
    assert low - Fraction(1, 10**55) <= value <= high + Fraction(1, 10**55)

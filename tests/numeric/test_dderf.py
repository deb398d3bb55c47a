"""The compensated Horner evaluation of erf's and erfcx's tables stays within its analysed bound.

:func:`tanhproof.numeric._dderf.horner` claims an absolute rounding error of at most
:func:`~tanhproof.numeric._dderf.horner_error` (the module docstring's analysis). Here
Hypothesis draws whole polynomials of double-double coefficients (every degree the
tables use, coefficients of mixed sizes and signs, some zero as erf's even ones at 0)
and points ``|h| <= r``, and the exact value comes from ``fractions.Fraction`` (an exact
computation, independent of the code under test). A compensation that dropped a term
(``pi``, ``sigma`` or a low part below degree 8) errs by about ``u r |S_1|``, some
``2**46`` times the bound, and fails; so does a plain step below degree 8.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from flint import arb, ctx
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._dderf import _FLOAT, _K, horner, horner_error

_RADII = [2.0**-7, 2.0**-10, 2.0**-14, 2.0**-28]


@st.composite
def _polynomials(draw):
    n = draw(st.integers(1, _K))
    r = draw(st.sampled_from(_RADII))
    high, low = [], []
    for _ in range(n + 1):
        if draw(st.integers(0, 5)) == 0:
            high.append(0.0)
            low.append(0.0)
            continue
        mantissa = draw(st.floats(0.5, 1.0, exclude_max=True))
        sign = draw(st.sampled_from([-1.0, 1.0]))
        a = sign * mantissa * 2.0 ** draw(st.integers(-30, 3))
        b = draw(st.floats(-0.5, 0.5)) * float(np.spacing(a))  # |b| <= ulp(a)/2
        high.append(a)
        low.append(b)
    h = draw(st.floats(-r, r))
    return n, r, high, low, h


@settings(max_examples=300, deadline=None)
@given(_polynomials())
def test_horner_is_within_its_bound(polynomial):
    n, r, high, low, h = polynomial
    j = np.zeros(1, dtype=np.int64)
    table_high = np.array(high).reshape(n + 1, 1)
    table_low = np.array(low).reshape(n + 1, 1)
    s, c = horner(table_high, table_low, j, np.array([h]), n)
    exact = sum(
        (
            (Fraction(a) + Fraction(b)) * Fraction(h) ** k
            for k, (a, b) in enumerate(zip(high, low, strict=True))
        ),
        Fraction(0),
    )
    error = abs(Fraction(float(s[0])) + Fraction(float(c[0])) - exact)
    old = ctx.prec
    ctx.prec = 200
    try:
        sizes = [abs(arb(a) + arb(b)) for a, b in zip(high, low, strict=True)]
        bound = arb_bounds(horner_error(sizes, arb(r), n))[1]
    finally:
        ctx.prec = old
    assert error <= bound, (n, r, h, float(error / bound))
    assert abs(float(c[0])) <= abs(float(s[0])) * 2.0**-52  # a normalised double-double


def test_the_plain_steps_start_at_their_degree():
    # Below degree _FLOAT the steps are compensated: a polynomial of degree _FLOAT with
    # a first-order term whose product h A_1 is inexact keeps its rounding error in c.
    a1 = 1 + 2.0**-40
    h = 2.0**-7 * (1 + 2.0**-30)
    high = np.zeros((_FLOAT + 1, 1))
    high[1, 0] = a1
    high[0, 0] = 1.0
    s, c = horner(high, np.zeros_like(high), np.zeros(1, dtype=np.int64), np.array([h]), _FLOAT)
    assert Fraction(float(s[0])) + Fraction(float(c[0])) == 1 + Fraction(a1) * Fraction(h)

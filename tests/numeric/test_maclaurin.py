"""Tests of tanhproof.numeric._maclaurin: exact Maclaurin coefficients and tangent numbers.

Independent sources: OEIS A000182 and A000364 (tests/oeis.py), DLMF / Abramowitz & Stegun
series.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from oeis import A000182, A000364

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._maclaurin import tangent_numbers, taylor_coefficients

# --- tangent numbers, OEIS A000182 ------------------------------------------------------------


def test_tangent_numbers_match_oeis():
    # OEIS A000182, first 15 terms (tests/oeis.py)
    assert tangent_numbers(15) == A000182
    assert tangent_numbers(0) == []


def test_maclaurin_coefficients_of_tanh_are_signed_tangent_numbers():
    # tanh^(2k+1)(0) = (-1)^k T_(k+1), OEIS A000182
    c = taylor_coefficients("tanh", 2 * len(A000182))
    for k, t in enumerate(A000182):
        assert c[2 * k + 1] * math.factorial(2 * k + 1) == (-1) ** k * t
        assert c[2 * k] == 0


# --- exact Maclaurin coefficients -------------------------------------------------------------


def test_tanh_series_abramowitz_stegun():
    # A&S 4.5.67 / DLMF 4.33.3: tanh x = x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835 - ...
    expected = [0, 1, 0, Fraction(-1, 3), 0, Fraction(2, 15), 0, Fraction(-17, 315), 0, Fraction(62, 2835)]
    assert taylor_coefficients("tanh", 10) == expected


def test_sech_series_euler_numbers():
    # sech x = sum (-1)^k E_k x^(2k)/(2k)!, E = OEIS A000364 (DLMF 4.33.5 / 24.2.7 with sech x = sec(ix))
    c = taylor_coefficients("sech", 2 * len(A000364))
    for k, e in enumerate(A000364):
        assert c[2 * k] == Fraction((-1) ** k * e, math.factorial(2 * k))
        assert c[2 * k + 1] == 0


def test_elementary_series():
    # exp, sinh, cosh: 1/k! (DLMF 4.2.19, 4.33.1-2); atanh: x^(2k+1)/(2k+1) (A&S 4.6.33);
    # asinh: (-1)^k (2k)! / (4^k (k!)^2 (2k+1)) x^(2k+1) (A&S 4.6.31)
    n = 12
    assert taylor_coefficients("exp", n) == [Fraction(1, math.factorial(k)) for k in range(n)]
    assert taylor_coefficients("sinh", n) == [Fraction(k % 2, math.factorial(k)) for k in range(n)]
    assert taylor_coefficients("cosh", n) == [Fraction(1 - k % 2, math.factorial(k)) for k in range(n)]
    assert taylor_coefficients("atanh", n) == [Fraction(k % 2, k) if k else 0 for k in range(n)]
    asinh = [0] * n
    for k in range((n + 1) // 2):
        asinh[2 * k + 1] = Fraction(
            (-1) ** k * math.factorial(2 * k), 4**k * math.factorial(k) ** 2 * (2 * k + 1)
        )
    assert taylor_coefficients("asinh", n) == asinh
    assert taylor_coefficients("tanh", 0) == []


def test_sigmoid_series_from_tanh_half_angle():
    # sigmoid(x) = (1 + tanh(x/2))/2 and the tanh coefficients of A&S 4.5.67
    tanh = [0, 1, 0, Fraction(-1, 3), 0, Fraction(2, 15), 0, Fraction(-17, 315), 0, Fraction(62, 2835)]
    expected = [Fraction(1, 2), *(c / 2 ** (k + 1) for k, c in enumerate(tanh) if k)]
    assert taylor_coefficients("sigmoid", 10) == expected


@pytest.mark.parametrize("name", ["coth", "csch", "log", "softplus", "erf", "acosh", "foo"])
def test_taylor_coefficients_refuses_irrational_or_singular(name):
    with pytest.raises(TanhproofError) as info:
        taylor_coefficients(name, 4)
    message = str(info.value)
    assert repr(name) in message or name in message
    assert "\n" not in message


def test_bad_counts():
    for bad in (-1, 1.5, None):
        with pytest.raises(TanhproofError, match=str(bad)):
            tangent_numbers(bad)
        with pytest.raises(TanhproofError, match=str(bad)):
            taylor_coefficients("tanh", bad)

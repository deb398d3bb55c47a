"""Tests of tanhproof.expr._derivpoly: the derivative polynomials P_n with f^(n) = P_n(f).

Independent sources:

* OEIS A008293, "Triangle of coefficients in expansion of D^n (tan x) in powers of
  tan x" (rows 0..8 below); since tanh(x) = -i tan(ix), the tanh polynomial has the
  same coefficients with the sign (-1)**((n + k - 1)/2) on u**k;
* the sigmoid's derivatives, sigma^(n) = sum_k (-1)**k k! S(n+1, k+1) sigma**(k+1)
  (Minai & Williams, 1993), with Stirling numbers of the second kind from SymPy;
* ``sympy.diff``.
"""

from __future__ import annotations

import pytest
import sympy
from flint import fmpq_poly
from oeis import A008293
from sympy.functions.combinatorial.numbers import stirling

from tanhproof.expr._derivpoly import (
    GENERATORS,
    coefficients,
    derivative_polynomial,
    derivative_polynomials,
    generator_text,
    poly_text,
    to_sympy,
)
from tanhproof.expr._errors import LimitError
from tanhproof.expr._functions import sigmoid
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import symbol

x = symbol("x")
u = sympy.Symbol("u")


def tanh_coefficients_from_oeis(n: int) -> list[int]:
    coeffs = [0] * (n + 2)
    for j, a in enumerate(A008293[n]):
        k = (n + 1) % 2 + 2 * j
        coeffs[k] = (-1) ** ((n + k - 1) // 2) * a
    return coeffs


@pytest.mark.parametrize("n", range(9))
def test_tanh_polynomials_are_oeis_a008293(n):
    assert coefficients(derivative_polynomial("tanh", n)) == tanh_coefficients_from_oeis(n)


def test_the_examples_of_the_issue():
    assert coefficients(derivative_polynomial("tanh", 2)) == [0, -2, 0, 2]  # -2u + 2u^3
    assert coefficients(derivative_polynomial("tanh", 3)) == [-2, 0, 8, 0, -6]  # -2 + 8u^2 - 6u^4


@pytest.mark.parametrize("n", range(7))
def test_tanh_against_sympy_diff(n):
    p = to_sympy(derivative_polynomial("tanh", n), sympy.tanh(x))
    assert sympy.expand(p - sympy.diff(sympy.tanh(x), (x, n))) == 0


@pytest.mark.parametrize("n", range(1, 9))
def test_sigmoid_against_stirling_numbers(n):
    expected = [0] * (n + 2)
    for k in range(n + 1):
        expected[k + 1] = (-1) ** k * sympy.factorial(k) * stirling(n + 1, k + 1)
    assert coefficients(derivative_polynomial("sigmoid", n)) == expected


@pytest.mark.parametrize("n", range(1, 6))
def test_sigmoid_and_coth_against_sympy_diff(n):
    p = to_sympy(derivative_polynomial("sigmoid", n), sigmoid(x))
    assert sympy.expand(p - sympy.diff(sigmoid(x), (x, n))) == 0
    q = to_sympy(derivative_polynomial("coth", n), sympy.coth(x))
    d = sympy.diff(sympy.coth(x), (x, n))
    for point in (sympy.Rational(1, 2), sympy.Rational(3, 2)):
        assert abs((q - d).subs(x, point).evalf(30)) < 1e-25


def test_exp_is_its_own_derivative():
    assert all(coefficients(p) == [0, 1] for p in derivative_polynomials("exp", 10))


def test_coth_has_the_tanh_recurrence():
    assert derivative_polynomials("coth", 6) == derivative_polynomials("tanh", 6)


def test_a_custom_generator():
    # f' = f^2 (f = -1/x): P_n = n! u^(n+1)
    g = fmpq_poly([0, 0, 1])
    for n, p in enumerate(derivative_polynomials(g, 6)):
        assert coefficients(p) == [0] * (n + 1) + [sympy.factorial(n)]


def test_rational_coefficients_are_fractions():
    from fractions import Fraction

    assert coefficients(fmpq_poly([1, 2]) / 3) == [Fraction(1, 3), Fraction(2, 3)]


def test_limits_and_unknown_generators():
    with pytest.raises(LimitError):
        derivative_polynomials("tanh", LIMITS.max_derive_order + 1)
    with pytest.raises(ValueError):
        derivative_polynomials("tanh", -1)
    with pytest.raises(ValueError, match="no derivative polynomial"):
        derivative_polynomial("sinh", 2)


def test_texts():
    assert generator_text("exp") == "u"
    assert poly_text(derivative_polynomial("tanh", 1)) == "-u**2 + 1"
    assert poly_text(fmpq_poly([0, -1])) == "-u"
    assert "omitted" in poly_text(derivative_polynomial("tanh", 400))
    assert set(GENERATORS) == {"tanh", "coth", "sigmoid", "exp"}

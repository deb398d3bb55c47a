"""Tests of tanhproof.proof._derivclaims: claims with high-order derivatives decided
through the derivative polynomials, without expanding them.

Independent sources: ``sympy.diff`` of the catalog functions (exact, small n), and
``mpmath.diff`` (numerical differentiation at 60 digits) for the value at a
counterexample's point; for n = 1000, mpmath's Horner evaluation at 3 000 digits of the
derivative polynomial (checked against ``sympy.diff`` at small n) -- the prover's
enclosure comes from arb Taylor arithmetic, a different route.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy

import tanhproof as tp
from tanhproof.expr._derivpoly import coefficients, derivative_polynomial, to_sympy
from tanhproof.expr._functions import sigmoid
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse
from tanhproof.proof._derivclaims import HIGH_ORDER, decide_high_derivatives, highest_order
from tanhproof.proof._prover import prove
from tanhproof.proof._records import Verdict

x = symbol("x")


@pytest.mark.parametrize("f", [sympy.tanh, sympy.exp, sigmoid])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_polynomial_route_agrees_with_sympy_diff(f, n):
    fx = f(x)
    exact = sympy.expand(sympy.diff(fx, x, n))  # SymPy's own chain rule: a polynomial in f(x)
    decided = decide_high_derivatives(sympy.Derivative(fx, (x, n)), exact, (), prove)
    assert decided is not None and decided.verdict is Verdict.PROVED
    assert decided.method.startswith("induction on the derivative-polynomial recurrence")
    wrong = decide_high_derivatives(sympy.Derivative(fx, (x, n)), exact + fx**2 / 7, (), prove)
    assert wrong is not None and wrong.verdict is Verdict.REFUTED


def test_shifted_argument_and_lower_order_side():
    left, right = (
        parse("diff(sigmoid(x + 1), x, 30)"),
        parse("diff(sigmoid(x + 1)*(1 - sigmoid(x + 1)), x, 29)"),
    )
    assert decide_high_derivatives(left, right, (), prove).verdict is Verdict.PROVED


def _mpf(q: Fraction) -> mpmath.mpf:
    return mpmath.mpf(q.numerator) / q.denominator


def _contains(cex, value) -> bool:
    return _mpf(cex.lower.as_fraction()) <= value <= _mpf(cex.upper.as_fraction())


def _horner(poly, u):
    return mpmath.polyval([mpmath.mpf(c) for c in reversed(coefficients(poly))], u)


def test_wrong_claim_at_large_order_is_refuted_with_a_true_enclosure():
    # P_40 plus tanh(x)**3: a different function, refuted at a point.
    fx = sympy.tanh(x)
    wrong = to_sympy(derivative_polynomial("tanh", 40), fx) + fx**3
    decided = decide_high_derivatives(sympy.Derivative(fx, (x, 40)), wrong, (), prove)
    assert decided is not None and decided.verdict is Verdict.REFUTED
    cex = decided.counterexample
    t = _mpf(cex.point["x"])
    with mpmath.workdps(100):  # lhs by mpmath's numerical differentiation, rhs as given
        value = mpmath.diff(mpmath.tanh, t, 40) - _horner(derivative_polynomial("tanh", 40), mpmath.tanh(t))
        value -= mpmath.tanh(t) ** 3
        assert _contains(cex, value)


def test_prover_dispatch_proves_by_induction_and_refutes_order_1000():
    p = tp.prove("diff(tanh(x), x, 1000)", "diff(1 - tanh(x)**2, x, 999)")
    assert p.verdict is Verdict.PROVED
    assert p.method.startswith("induction on the derivative-polynomial recurrence")
    r = tp.prove("diff(tanh(x), x, 1000)", "x")
    assert r.verdict is Verdict.REFUTED and r.counterexample.excludes_zero
    t = _mpf(r.counterexample.point["x"])
    with mpmath.workdps(3000):  # P_1000's coefficients of size 1000! cancel: many digits
        value = _horner(derivative_polynomial("tanh", 1000), mpmath.tanh(t)) - t
        assert _contains(r.counterexample, value)


def test_orders_differing_by_two_are_refuted_through_the_difference_polynomial():
    r = tp.prove("diff(tanh(x), x, 200)", "diff(1 - tanh(x)**2, x, 198)")
    assert r.verdict is Verdict.REFUTED
    assert "nonzero polynomial" in r.reason


def test_coth_keeps_its_pole_caveats():
    p = tp.prove("diff(coth(x), x, 20)", "diff(1 - coth(x)**2, x, 19)")
    assert p.verdict is Verdict.PROVED
    assert all("x != 0" in c for c in p.caveats) and p.caveats


def test_true_claims_outside_the_polynomial_case_go_on_to_the_general_procedure():
    # Leibniz: d^14 (x tanh x) = x tanh^(14) + 14 tanh^(13). Not polynomial in tanh(x).
    left, right = parse("diff(x*tanh(x), x, 14)"), parse("x*diff(tanh(x), x, 14) + 14*diff(tanh(x), x, 13)")
    assert highest_order(left, right) == 14 > HIGH_ORDER
    assert decide_high_derivatives(left, right, (), prove) is None
    assert tp.prove("diff(x*tanh(x), x, 14)", "x*diff(tanh(x), x, 14) + 14*diff(tanh(x), x, 13)").proved

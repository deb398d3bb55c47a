"""Strict claims false only at an irrational point: refuted there, exactly (issue 12).

Expected points come from hand proofs in the comments (T = exp(x/q) > 0); the
Hypothesis property checks each refutation's point independently with mpmath at 60
digits (the factor that should vanish there is evaluated directly).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from strategies import touching_claims

import tanhproof
from tanhproof.proof._logpoint import LogPoint
from tanhproof.proof._posroots import positive_roots
from tanhproof.proof._records import Verdict
from tanhproof.proof._touching import METHOD_EXACT_ZERO


@pytest.mark.parametrize(
    ("claim", "point", "value"),
    [
        # (T - 3)^2 > 0 fails only at T = 3: x = log 3 = 1.0986122886681098 (mpmath)
        ("(exp(x) - 3)**2 > 0", "log(3)", "1.0986122886681098"),
        # exp(2x) = 2 at x = log(2)/2 = 0.34657359027997264 (mpmath)
        ("(exp(2*x) - 2)**2 > 0", "log(2)/2", "0.34657359027997264"),
        # T^2 - T - 1 = 0 at the golden ratio phi = (1 + sqrt 5)/2: x = log(phi) = 0.48121182505960347
        ("(exp(x)**2 - exp(x) - 1)**2 > 0", "r^2 - r - 1 in (1, 2)", "0.48121182505960347"),
        # cosh x = 5/4 at T = 2 and T = 1/2 ((T - 2)(2T - 1) = 0): the smaller root, x = -log 2
        ("(cosh(x) - 5/4)**2 > 0", "-log(2)", "-0.69314718055994531"),
        # a chain: the left link fails at T = exp(x/3) = 5, x = 3 log 5 = 4.8283137373023015
        ("0 < (exp(x/3) - 5)**2*sigmoid(x) < 10**9", "3*log(5)", "4.8283137373023015"),
        # the mirror spelling
        ("-(exp(x) - 3)**2*cosh(x) < 0", "log(3)", "1.0986122886681098"),
    ],
)
def test_refuted_at_the_exact_touching_point(claim, point, value):
    p = tanhproof.prove(claim)
    assert p.verdict is Verdict.REFUTED, p.reason
    cx = p.counterexample
    assert cx is not None and isinstance(cx.point["x"], LogPoint)
    assert point in str(cx.point["x"])
    assert cx.lower == cx.upper == 0 and "exact" in cx.enclosure
    assert abs(float(cx.point["x"]) - float(value)) < 1e-15
    assert "exact_point" in cx.to_dict() and cx.to_dict()["point"]["x"] == str(cx.point["x"])


def test_method_names_the_exact_zero():
    p = tanhproof.prove("(exp(x) - 3)**2 > 0")
    assert p.method == METHOD_EXACT_ZERO
    assert p.certificate["touching_point"]["exact"].startswith("T - 3 divides the numerator")


@pytest.mark.parametrize(
    ("claim", "equality"),
    [
        # the non-strict claims are true, with equality at the touching points (unchanged)
        ("(exp(x) - 3)**2 >= 0", "equality only at x = log(3)"),
        ("(exp(2*x) - 2)**2 >= 0", "equality only at x = log(2)/2"),
        # (sinh x - 1)^2 >= 0: sinh x = 1 at T = 1 + sqrt 2, the root of T^2 - 2T - 1 in (2, 3)
        ("sinh(x)**2 + 1 >= 2*sinh(x)", "equality only at x = log(r) ≈ 0.88137358"),
    ],
)
def test_non_strict_claims_stay_proved(claim, equality):
    p = tanhproof.prove(claim)
    assert p.verdict is Verdict.PROVED and p.equality.startswith(equality)


@pytest.mark.parametrize(
    "claim",
    [
        # (T - 3)^3/(T - 3) is undefined at T = 3 and (T - 3)^2 > 0 elsewhere: the claim is
        # true where defined, so the zero of the reduced form must not refute it
        "(exp(x) - 3)**3/(exp(x) - 3) > 0",
        "(exp(x)**2 - exp(x) - 1)**3/(exp(x)**2 - exp(x) - 1) > 0",
    ],
)
def test_a_point_outside_the_domain_refutes_nothing(claim):
    p = tanhproof.prove(claim)
    assert p.verdict is not Verdict.REFUTED
    assert "not certified defined at the exact point" in p.reason


def test_where_interval_without_the_point_is_proved():
    # log 3 = 1.0986... lies outside x >= 6/5, where (T - 3)^2 > 0
    assert tanhproof.prove("(exp(x) - 3)**2 > 0", where="x >= 6/5").verdict is Verdict.PROVED
    p = tanhproof.prove("(exp(x) - 3)**2 > 0", where="1 <= x <= 6/5")
    assert p.verdict is Verdict.REFUTED and str(p.counterexample.point["x"]) == "log(3)"


def test_log_point_texts():
    (phi,) = positive_roots([-1, -1, 1])
    p = LogPoint(Fraction(1), phi)
    assert p.text() == "log(r) ≈ 0.4812118251, r ≈ 1.618033989 the root of r^2 - r - 1 in (1, 2)"
    assert p.text(unicode=False).isascii()
    assert p.to_dict()["log_of_root_of"] == ["-1", "-1", "1"]
    # 3T^3 - 7 (a binomial): x = (1/3) log(7/3)
    (root,) = positive_roots([-7, 0, 0, 3])
    assert str(LogPoint(Fraction(2), root)) == "2*log(7/3)/3"


# --------------------------------------------------------------------------- property


@settings(max_examples=30, deadline=None)
@given(touching_claims())
def test_touching_claims_are_refuted_at_the_exact_point(case):
    claim, k, coefficients = case
    p = tanhproof.prove(claim)
    assert p.verdict is Verdict.REFUTED, (claim, p.reason)
    value = p.counterexample.point["x"]
    with mpmath.workdps(60):
        if isinstance(value, LogPoint):
            x0 = mpmath.mpf(value.enclosure(256).mid().str(70, radius=False))
        else:
            x0 = mpmath.mpf(value.numerator) / value.denominator
        u = mpmath.exp(mpmath.mpf(k.numerator) / k.denominator * x0)
        residual = sum(mpmath.mpf(c.numerator) / c.denominator * u**i for i, c in enumerate(coefficients))
        assert abs(residual) < mpmath.mpf(10) ** -50, (claim, value, residual)

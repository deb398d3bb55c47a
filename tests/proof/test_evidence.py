"""Tests of tanhproof.proof._evidence: numeric evidence at exact rational points.

Reference values come from mpmath at 70 digits (independent of the python-flint
``arb`` evaluator that numcheck uses).
"""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import mpmath
import pytest
import sympy

from tanhproof import derive
from tanhproof.expr._parser import symbol
from tanhproof.proof._evidence import DEFAULT_POINTS, NumericCheck, check_equal


def test_true_identity_is_ok_at_every_default_point():
    checks = check_equal("1 - tanh(x)**2", "sech(x)**2")
    assert [c.point for c in checks] == [{"x": str(p)} for p in DEFAULT_POINTS]
    assert all(c.ok for c in checks)
    assert all(c.digits == 50 and c.kind == "evidence" for c in checks)
    assert all(Fraction(c.bound) < Fraction(1, 10**50) for c in checks)


def test_false_identity_is_not_ok():
    checks = check_equal("tanh(x)", "x")
    assert checks and not any(c.ok for c in checks)
    # 1 - tanh^2 versus 1 + tanh^2: off by 2 tanh^2, which is 0 nowhere among the points
    assert not any(c.ok for c in check_equal("1 - tanh(x)**2", "1 + tanh(x)**2"))


def test_values_agree_with_mpmath():
    (c,) = check_equal("tanh(x)", "tanh(x)", points=[Fraction(1, 2)])
    mpmath.mp.dps = 70
    try:
        ref = mpmath.tanh(mpmath.mpf(1) / 2)
        assert c.lhs == mpmath.nstr(ref, 50, strip_zeros=False)
    finally:
        mpmath.mp.dps = 15
    assert c.lhs == "0.46211715726000975850231848364367254873028928033011"


def test_a_tiny_difference_below_and_above_the_digits():
    # exp(-150) is about 7.2e-66: invisible at 50 digits, visible at 70
    near = "tanh(x) + exp(-150)"
    assert all(c.ok for c in check_equal("tanh(x)", near))
    deep = check_equal("tanh(x)", near, digits=70)
    assert deep and not any(c.ok for c in deep)
    for c in deep:  # the bound is an upper bound on the true difference
        assert Fraction(c.bound) >= Fraction(7, 10**66)


def test_bound_is_rigorous_for_a_known_difference():
    (c,) = check_equal("exp(x)", "exp(x) - 1/10**40", points=["1/3"], digits=45)
    assert not c.ok
    assert Fraction(c.bound) >= Fraction(1, 10**40)
    assert Fraction(c.bound) < Fraction(11, 10**41)


def test_undefined_points_are_skipped():
    assert [c.point["x"] for c in check_equal("coth(x)", "coth(x)", points=[0, 1])] == ["1"]
    logs = check_equal("log(x)", "log(x)")
    assert logs and all(Fraction(c.point["x"]) > 0 for c in logs)
    # acosh needs x >= 1: the fallback points make up at least two checks
    assert len(check_equal("acosh(x)", "log(x + sqrt(x**2 - 1))")) >= 2
    assert check_equal("1/x", "1/x", points=[0]) == ()


def test_points_as_text_fractions_and_mappings():
    y = symbol("y")
    (c,) = check_equal("x*y", "y*x", points=[{"x": "0.1", y: Fraction(3)}])
    assert c.point == {"x": "1/10", "y": "3"} and c.ok
    with pytest.raises(ValueError, match="no value"):
        check_equal("x*y", "y*x", points=[{"x": 1}])
    with pytest.raises(ValueError):
        check_equal("x", "x", points=["pi"])
    # default points give each variable a different value
    (first, *_) = check_equal("tanh(x + y)", "(tanh(x) + tanh(y))/(1 + tanh(x)*tanh(y))")
    assert first.point["x"] != first.point["y"] and first.ok


def test_constants_are_checked_once():
    (c,) = check_equal("tanh(1)**2 + sech(1)**2", "1")
    assert c.point == {} and c.ok


def test_derivatives_are_differentiated_first():
    assert all(c.ok for c in check_equal("diff(tanh(x), x)", "sech(x)**2"))
    assert all(
        c.ok
        for c in check_equal(
            sympy.Derivative(sympy.tanh(symbol("x")), (symbol("x"), 2)), "-2*tanh(x)*sech(x)**2"
        )
    )


def test_record_is_frozen_and_serialises():
    (c,) = check_equal("sinh(x)", "(exp(x) - exp(-x))/2", points=[2])
    assert isinstance(c, NumericCheck)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.ok = False
    data = json.loads(json.dumps(c.to_dict()))
    assert data["kind"] == "evidence" and data["ok"] is True and data["point"] == {"x": "2"}
    assert set(data) == {"kind", "point", "lhs", "rhs", "bound", "ok", "digits", "bits", "relative_bound"}


def test_bad_digits():
    with pytest.raises(ValueError):
        check_equal("x", "x", digits=0)


def test_numeric_check_of_huge_values():
    # Issue 10: derive "exp(exp(exp(exp(exp(x)))))" exited 4 (OverflowError: the check
    # turned balls into exact rationals). At x = 1/2 the derivative e^x e^(e^x) ... is
    # about 10^(2.4e78); reference: mpmath at 200 digits.
    d = derive("exp(exp(exp(exp(exp(x)))))")
    assert d.all_proved
    checks = {c.point["x"]: c for f in d.forms for c in f.checks}
    assert "1/2" in checks and checks["1/2"].ok
    mpmath.mp.dps = 200
    try:
        v, product = mpmath.mpf(1) / 2, mpmath.mpf(1)
        for _ in range(5):
            v = mpmath.exp(v)
            product *= v
        expected = mpmath.nstr(product, 20)  # '4.5945189908525287297e+2448887...'
    finally:
        mpmath.mp.dps = 15
    mantissa, exponent = expected.split("e")
    lhs = checks["1/2"].lhs
    assert lhs.startswith(mantissa[:18]) and lhs.endswith(exponent.lstrip("+"))


def test_numeric_check_bound_of_huge_difference():
    (c,) = check_equal("exp(exp(exp(x)))", "2*exp(exp(exp(x)))", points=[4])
    assert not c.ok
    # |lhs - rhs| = exp(exp(e^4)) ~ 10^(10^23.3); the bound is written as m.mme<exponent>
    mantissa, exponent = c.bound.split("e")
    assert 1 <= float(mantissa) < 10 and int(exponent) > 10**23

"""The exact sign of exp-rational functions of one variable (tanhproof.proof._exactsign).

Expected answers come from hand proofs, given in the comments, with T = exp(x) > 0.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.expr._intervals import Interval
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._reading import parse
from tanhproof.proof._exactsign import METHOD_EXACT_SIGN, sign_exact

x = parse("x")
LINE = Interval()
NONNEG = Interval(Fraction(0), None, True)
POS = Interval(Fraction(0))


@pytest.mark.parametrize(
    ("f", "interval", "strict", "holds", "zeros"),
    [
        # 1 - tanh(x) = 2/(T^2 + 1) > 0
        ("1 - tanh(x)", LINE, True, True, ()),
        # tanh(x) + 1 = 2 T^2/(T^2 + 1) > 0
        ("tanh(x) + 1", LINE, True, True, ()),
        # sigmoid(x) = T/(T + 1) > 0; 1 - sigmoid(x) = 1/(T + 1) > 0
        ("sigmoid(x)", LINE, True, True, ()),
        ("1 - sigmoid(x)", LINE, True, True, ()),
        # 1 - sech^2 = tanh^2 = (T^2 - 1)^2/(T^2 + 1)^2 >= 0, zero only at T = 1
        ("1 - sech(x)**2", LINE, False, True, ("x = 0",)),
        # tanh(x) = (T^2 - 1)/(T^2 + 1) >= 0 exactly for T >= 1, i.e. x >= 0
        ("tanh(x)", NONNEG, False, True, ("x = 0",)),
        ("tanh(x)", POS, True, True, ()),
        # cosh(x) - 1 = (T - 1)^2/(2T) >= 0, zero at x = 0
        ("cosh(x) - 1", LINE, False, True, ("x = 0",)),
        # (exp(x) - 3)^2 >= 0, zero at x = log(3)
        ("(exp(x) - 3)**2", LINE, False, True, ("x = log(3)",)),
        # exp(x) - 3 > 0 exactly for x > log(3) = 1.0986...
        ("exp(x) - 3", Interval(Fraction(11, 10)), True, True, ()),
        ("exp(x) - 3", Interval(Fraction(1)), True, False, ()),
        # coth(x) - 1 = 2/(T^2 - 1) > 0 for x > 0
        ("coth(x) - 1", POS, True, True, ()),
        # tanh(x/3) - 1/2 < 0 near 0: tanh(1/3) < 1/2
        ("tanh(x/3) - 1/2", Interval(Fraction(-1), Fraction(1)), True, False, ()),
        # a constant
        ("3", LINE, True, True, ()),
    ],
)
def test_decisions(f, interval, strict, holds, zeros):
    r = sign_exact(parse(f), x, interval, strict)
    assert r.holds is holds, r.reason
    assert r.method == METHOD_EXACT_SIGN
    if holds:
        assert r.zeros == zeros
    else:
        assert r.witness is not None and interval.contains(r.witness)
        value = arb_eval(parse(f), {x: r.witness}, 128)
        assert value < 0 or (strict and not value > 0)


def test_zero_at_an_irrational_point_of_a_strict_claim_has_no_rational_witness():
    # (T - 3)^2 > 0 fails only at x = log(3), irrational: no rational counterexample, but
    # the exact point, T = 3 the root of T - 3
    r = sign_exact(parse("(exp(x) - 3)**2"), x, LINE, True)
    assert r.holds is False and r.witness is None
    assert "x = log(3)" in r.reason
    assert str(r.touching) == "log(3)" and r.touching.root.coefficients == (-3, 1)
    # exp(x/2) = 1/2 at x = 2 log(1/2) = -2 log 2, a zero of the numerator only
    r = sign_exact(parse("(2*exp(x/2) - 1)**2/(exp(x) + 1)"), x, LINE, True)
    assert str(r.touching) == "-2*log(2)"
    # no zero inside the interval: nothing touches
    r = sign_exact(parse("(exp(x) - 3)**2"), x, Interval(Fraction(2)), True)
    assert r.holds is True


def test_strict_claim_fails_at_zero_with_exact_witness():
    r = sign_exact(parse("tanh(x)"), x, NONNEG, True)
    assert r.holds is False and r.witness == 0


def test_poles_are_excluded_and_reported():
    # coth(x) < 0 for x < 0 (and > 0 for x > 0): on the whole line f fails left of the pole
    r = sign_exact(parse("coth(x)"), x, LINE, True)
    assert r.holds is False and r.witness is not None and r.witness < 0
    assert r.certificate["excluded_poles"] == ["x = 0"]
    # 1/tanh(x)**2 > 0 wherever defined
    r = sign_exact(parse("1/tanh(x)**2"), x, LINE, True)
    assert r.holds is True and "pole" in r.reason


def test_irrational_root_is_isolated_and_described():
    # T^2 - T - 1 = 0 at the golden ratio, x = log((1 + sqrt 5)/2) = 0.48121...
    r = sign_exact(parse("exp(2*x) - exp(x) - 1"), x, Interval(Fraction(1, 2)), True)
    assert r.holds is True
    r = sign_exact(parse("exp(2*x) - exp(x) - 1"), x, Interval(Fraction(48, 100)), True)
    assert r.holds is False and Fraction(48, 100) < r.witness < Fraction(49, 100)
    roots = r.certificate["roots"]
    assert (
        roots[0]["factor"] == "T^2 + (-1)*T + (-1)" and "0.48121182" in roots[0]["x"]
    )  # log((1 + sqrt 5)/2), mpmath


def test_certificate_names_the_substitution_and_pattern():
    r = sign_exact(parse("1 - sech(x)**2"), x, LINE, False)
    c = r.certificate
    assert c["substitution"] == {"T_x": "exp(x)"}
    assert c["T_interval"] == "(0, oo)"
    assert [p.split()[0] for p in c["sign_pattern"]] == ["+", "0", "+"]


@pytest.mark.parametrize(
    ("f", "why"),
    [
        ("x*exp(x)", "not exp-rational in one variable"),
        ("tanh(x) + y", "one variable"),
        ("erf(x)", "not exp-rational"),
        ("tanh(x + 1/2)", "not exp-rational"),
    ],
)
def test_outside_the_class_is_undecided(f, why):
    r = sign_exact(parse(f), x, LINE, True)
    assert r.holds is None and why in r.reason


# --------------------------------------------------------------------------- property

_ATOMS = ["tanh({a})", "sech({a})**2", "sigmoid({a})", "exp({a})", "cosh({a})", "sinh({a})"]


@st.composite
def exp_rational(draw) -> str:
    terms = [str(draw(st.integers(-3, 3)))]
    for _ in range(draw(st.integers(1, 3))):
        atom = draw(st.sampled_from(_ATOMS))
        k = draw(st.sampled_from(["x", "2*x", "x/2", "-x", "3*x"]))
        c = draw(st.integers(-3, 3).filter(bool))
        terms.append(f"({c})*{atom.format(a=k)}")
    return " + ".join(terms)


@settings(max_examples=40, deadline=None)
@given(
    exp_rational(),
    st.lists(st.fractions(min_value=-6, max_value=6, max_denominator=8), min_size=5, max_size=5),
)
def test_proved_never_negative_and_witness_really_fails(f, points):
    expr = parse(f)
    r = sign_exact(expr, x, LINE, False)
    assert r.holds is not None, r.reason  # the whole class is decided
    if r.holds:
        for p in points:
            value = arb_eval(expr, {x: p}, 128)
            assert not value < 0, (f, p, value)
    else:
        assert r.witness is not None
        value = arb_eval(expr, {x: r.witness}, 256)
        assert value < 0, (f, r.witness, value)


@settings(max_examples=25, deadline=None)
@given(exp_rational(), st.integers(0, 3))
def test_squares_plus_a_non_negative_constant_are_proved(g, c):
    # (g)**2 + c >= 0 for every real x: a square is non-negative (hand proof)
    r = sign_exact(parse(f"({g})**2 + {c}"), x, LINE, c > 0)
    assert r.holds is True, r.reason

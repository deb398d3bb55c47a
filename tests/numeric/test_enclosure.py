"""Enclosures contain the true value; their bounds are exact; bad points are refused."""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof import DomainError, LimitError, ParseError, TanhproofError, enclose
from tanhproof.numeric._dyadic import Dyadic

FUNCTIONS = ["tanh", "sinh", "cosh", "sech", "exp", "sigmoid", "softplus", "asinh", "erf"]
MPMATH = {
    "tanh": mpmath.tanh,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "sech": mpmath.sech,
    "exp": mpmath.exp,
    "asinh": mpmath.asinh,
    "erf": mpmath.erf,
    "sigmoid": lambda u: 1 / (1 + mpmath.exp(-u)),
    "softplus": lambda u: mpmath.log(1 + mpmath.exp(u)),
}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(FUNCTIONS),
    st.fractions(min_value=-30, max_value=30, max_denominator=1000),
    st.sampled_from([24, 53, 200]),
)
def test_enclosure_contains_mpmath_value(name, x, bits):
    # Independent reference: mpmath at 80 digits, whose error (< 1e-75) is far below
    # the enclosure widths tested here (>= 2**-200 relative).
    enc = enclose(f"{name}(x)", bits=bits, x=x)
    with mpmath.workdps(80):
        ref = MPMATH[name](mpmath.mpf(x.numerator) / x.denominator)
        lo = mpmath.mpf(enc.lower.numerator) / enc.lower.denominator
        hi = mpmath.mpf(enc.upper.numerator) / enc.upper.denominator
        slack = abs(ref) * mpmath.mpf(10) ** -75
        assert lo - slack <= ref <= hi + slack


def test_bounds_are_exact_and_consistent():
    enc = enclose("sech(x)**2", bits=100, x="0x1p-1")
    assert isinstance(enc.lower, Fraction) and isinstance(enc.lower_dyadic, Dyadic)
    assert enc.lower_dyadic.as_fraction() == enc.lower
    assert enc.lower < enc.midpoint < enc.upper
    assert enc.width == enc.upper - enc.lower
    assert 0 < enc.width < Fraction(1, 2**90)
    data = enc.to_dict()
    assert data["bits"] == 100 and "*2^" in data["lower"]


def test_more_bits_give_a_narrower_enclosure():
    widths = [enclose("tanh(x)", bits=b, x="0.3").width for b in (30, 60, 120)]
    assert widths[0] > widths[1] > widths[2]


def test_exact_values_are_exact():
    assert enclose("tanh(x)", x=0).is_exact
    assert enclose("exp(x)", x=0).contains(1)
    assert enclose("2*x + 1", x="0.25").width == 0


@pytest.mark.parametrize(
    ("expr", "point", "words"),
    [
        ("coth(x)", {"x": 0}, "coth(x) is undefined at x = 0: needs x != 0"),
        ("csch(x)", {"x": "0.0"}, "csch(x) is undefined at x = 0"),
        ("log(x)", {"x": -1}, "log(x) is undefined at x = -1: needs x > 0"),
        ("sqrt(x - 1)", {"x": "0.5"}, "needs x - 1 >= 0"),
        ("atanh(x)", {"x": 1}, "needs |x| < 1"),
        ("1/(x - 1/3)", {"x": "1/3"}, "needs x - 1/3 != 0"),
    ],
)
def test_points_outside_the_domain(expr, point, words):
    with pytest.raises(DomainError, match=re.escape(words)) as info:
        enclose(expr, **point)
    assert "\n" not in str(info.value)


def test_bad_arguments():
    with pytest.raises(ParseError, match="'x' has no value"):
        enclose("tanh(x)")
    with pytest.raises(TanhproofError, match="bits must be at least 2"):
        enclose("tanh(x)", bits=1, x=1)
    with pytest.raises(LimitError, match="exceeds the limit"):
        enclose("tanh(x)", bits=10**9, x=1)


def test_radius_far_below_the_midpoint_keeps_bounds_compact():
    # tanh(1e300) is 1 within 2**-(10**300): the exact mid -/+ rad would be an integer of
    # ~10**300 bits. The bounds are rounded outward instead, and still contain 1 - tiny.
    enc = enclose("tanh(x)", bits=64, x="1e300")
    assert enc.lower < 1 <= enc.upper
    assert enc.upper - enc.lower < Fraction(1, 2**100)


def test_domain_conditions_are_certified_by_exponent_bounds_where_balls_overflow():
    # Issue 10: 1/(1 + exp(-x)) at x <= -1.5e51 was refused with "needs 1 + exp(-x) != 0":
    # exp(1e300) is beyond any ball of moderate precision, but certainly positive.
    from tanhproof.numeric._enclosure import prepare

    for x in ("-1.5e51", "-1e300", "-1e5000"):
        assert prepare("1/(1 + exp(-x))", {"x": x}).conditions
    assert prepare("log(exp(x) + 1)", {"x": "1e400"}) is not None
    with pytest.raises(DomainError, match="needs x - 1 >= 0"):
        prepare("sqrt(x - 1)", {"x": "0.5"})  # a false condition still fails at every precision


def test_an_unbounded_enclosure_has_plain_data():
    # An exponent bound beyond every format is reported as an unbounded enclosure.
    from flint import arb

    from tanhproof.numeric._enclosure import Enclosure

    data = Enclosure(arb.pos_inf(), 128).to_dict()
    assert data["lower"] == data["upper"] == "inf" and data["bits"] == 128


@settings(max_examples=60, deadline=None)
@given(
    st.fractions(min_value=-5, max_value=5, max_denominator=40),
    st.integers(1, 7),
    st.sampled_from([64, 128, 300]),
)
def test_integer_powers_of_a_ball_around_zero_are_finite_and_contain_the_value(c, n, bits):
    # (x - c)**n at x = c is exactly 0; the ball of x - c is centred on 0 with a small
    # radius when c is not dyadic. python-flint 0.9 gives NaN for such a ball to an
    # integer power, which made valid counterexamples uncertifiable; the enclosure
    # must be finite, narrow and contain 0.
    from tanhproof.expr._parser import symbol
    from tanhproof.numeric._arb import arb_eval
    from tanhproof.numeric._reading import parse

    x = symbol("x")
    ball = arb_eval(parse(f"(x - {c.numerator}/{c.denominator})**{n}"), {x: c}, bits)
    assert ball.is_finite() and ball.contains(0)
    assert ball.rad() < 2 ** (-bits // 2)

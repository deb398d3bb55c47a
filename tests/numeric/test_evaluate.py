"""evaluate: values correct to the requested digits, from enclosures."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof import DomainError, LimitError, ParseError, TanhproofError, evaluate


def _close(value, reference, digits):
    """Relative error below 10**-digits (a zero reference needs a zero value)."""
    if reference == 0:
        return value == 0
    return abs(value - reference) <= abs(reference) * mpmath.mpf(10) ** -digits


@pytest.mark.parametrize("digits", [1, 15, 50, 1000, 10_000])
def test_tanh_half_against_mpmath(digits):
    # Reference: mpmath's own tanh at digits + 30 working digits (a different algorithm
    # from arb's: mpmath computes exp by its own series, arb by its own).
    with mpmath.workdps(digits + 30):
        reference = mpmath.tanh(mpmath.mpf(1) / 2)
        assert _close(evaluate("tanh(x)", digits=digits, x="0.5"), reference, digits)


@pytest.mark.slow
def test_one_hundred_thousand_digits():
    with mpmath.workdps(100_030):
        reference = mpmath.tanh(mpmath.mpf(1) / 2)
        assert _close(evaluate("tanh(x)", digits=100_000, x="0.5"), reference, 100_000)


def test_the_derivative_at_50_digits():
    with mpmath.workdps(80):
        reference = mpmath.sech(mpmath.mpf(1) / 2) ** 2
        for text in ("diff(tanh(x), x)", "sech(x)**2", "1 - tanh(x)**2"):
            assert _close(evaluate(text, digits=50, x="0.5"), reference, 50)


def test_point_values_are_exact():
    # "0.1" is 1/10 while 0.1 is the binary float 3602879701896397/2**55: at 30 digits
    # their tanh values differ (in the 18th digit).
    with mpmath.workdps(60):
        decimal = mpmath.tanh(mpmath.mpf(1) / 10)
        binary = mpmath.tanh(mpmath.mpf(3602879701896397) / 2**55)
        assert _close(evaluate("tanh(x)", digits=30, x="0.1"), decimal, 30)
        assert _close(evaluate("tanh(x)", digits=30, x=0.1), binary, 30)
        assert not _close(evaluate("tanh(x)", digits=30, x=0.1), decimal, 30)
        assert _close(evaluate("tanh(x)", digits=30, x="0x1.8p-1"), mpmath.tanh(mpmath.mpf(3) / 4), 30)
        assert _close(evaluate("tanh(x)", digits=30, x=Fraction(1, 3)), mpmath.tanh(mpmath.mpf(1) / 3), 30)


def test_cancellation_costs_precision_not_accuracy():
    # 1 - tanh(x) = 2/(exp(2x) + 1): the right side has no cancellation (mpmath, 200 digits).
    with mpmath.workdps(200):
        for x in (20, 100):
            reference = 2 / (mpmath.exp(2 * x) + 1)
            assert _close(evaluate("1 - tanh(x)", digits=40, x=x), reference, 40)


def test_several_variables():
    with mpmath.workdps(60):
        assert _close(
            evaluate("tanh(x + y)", digits=40, x="0.25", y="0.5"), mpmath.tanh(mpmath.mpf(3) / 4), 40
        )


def test_constant_expression_needs_no_point():
    with mpmath.workdps(60):
        assert _close(evaluate("tanh(1/2)", digits=40), mpmath.tanh(mpmath.mpf(1) / 2), 40)


def test_exact_zero_is_detected_not_looped_on():
    assert evaluate("tanh(x)", x=0) == 0
    # arb cannot see that this is 0; the prover decides it at the point.
    assert evaluate("sech(x)**2 - (1 - tanh(x)**2)", x="0.5") == 0


MPMATH = {
    "tanh": mpmath.tanh,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "coth": mpmath.coth,
    "exp": mpmath.exp,
    "asinh": mpmath.asinh,
    "sigmoid": lambda u: 1 / (1 + mpmath.exp(-u)),
    "softplus": lambda u: mpmath.log(1 + mpmath.exp(u)),
}


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(MPMATH)),
    st.fractions(min_value=-40, max_value=40, max_denominator=10**6).filter(lambda v: v != 0),
    st.integers(min_value=1, max_value=60),
)
def test_random_points_against_mpmath(name, x, digits):
    with mpmath.workdps(digits + 40):
        reference = MPMATH[name](mpmath.mpf(x.numerator) / x.denominator)
        assert _close(evaluate(f"{name}(x)", digits=digits, x=x), reference, digits)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"digits": 0, "x": 1}, TanhproofError, "digits must be at least 1, got 0"),
        ({"digits": -5, "x": 1}, TanhproofError, "at least 1"),
        ({"digits": 100_001, "x": 1}, LimitError, "digits=100001 exceeds the limit of 100000"),
        ({"digits": "50", "x": 1}, TanhproofError, "digits must be an integer"),
        ({"digits": 10}, ParseError, "'x' has no value"),
        ({"x": "inf"}, DomainError, "not finite"),
        ({"x": float("nan")}, DomainError, "not finite"),
    ],
)
def test_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words) as info:
        evaluate("tanh(x)", **kwargs)
    assert "\n" not in str(info.value)


def test_pole_is_a_domain_error():
    with pytest.raises(DomainError, match="coth"):
        evaluate("coth(x)", x=0)


@pytest.mark.parametrize("k", [0, 1, 2, 10, 499])
def test_odd_derivatives_of_tanh_at_zero_are_tangent_numbers(k):
    # tanh^(2k+1)(0) = (-1)^k T_(k+1) (OEIS A000182), with the tangent numbers from the
    # Bernoulli-number formula T_n = (-1)^(n-1) 2^(2n) (2^(2n) - 1) B_(2n) / (2n)
    # evaluated exactly by SymPy: independent of tanhproof's Taylor arithmetic.
    import sympy

    m = k + 1
    tangent = (-1) ** (m - 1) * 2 ** (2 * m) * (2 ** (2 * m) - 1) * sympy.bernoulli(2 * m) / (2 * m)
    value = evaluate(f"diff(tanh(x), x, {2 * k + 1})", digits=40, x=0)
    with mpmath.workdps(60):
        assert _close(value, mpmath.mpf(int((-1) ** k * tangent)), 40)


def test_derivative_of_a_linear_argument_against_mpmath():
    # d^5/dx^5 tanh(2x + 1) = 2^5 tanh^(5)(2x + 1): mpmath.diff at 60 digits as reference.
    with mpmath.workdps(60):
        reference = mpmath.diff(lambda t: mpmath.tanh(2 * t + 1), mpmath.mpf(1) / 4, 5)
        assert _close(evaluate("diff(tanh(2*x + 1), x, 5)", digits=30, x="0.25"), reference, 30)


def test_cancellation_beyond_four_times_the_target_precision():
    # 1 - tanh(1000) = 2/(exp(2000) + 1) ~ 5.15e-869: needs ~2900 bits more than the
    # 50 digits themselves. Reference: the cancellation-free form in mpmath.
    with mpmath.workdps(80):
        reference = 2 / (mpmath.exp(2000) + 1)
        assert _close(evaluate("1 - tanh(x)", digits=50, x=1000), reference, 50)


@pytest.mark.parametrize(
    ("expr", "x", "expected"),
    [
        # 1/4 - e^-60 = 0.2499999...: one digit is 0.2, though a value rounded to ~8 bits
        # first would print 0.3 (a double rounding).
        ("1/4 - exp(-x)", 60, "0.2"),
        # 9/20 + e^-100 = 0.4500...04: one digit is 0.5 (above the tie), not 0.4.
        ("9/20 + exp(-x)", 100, "0.5"),
        # An exact (dyadic) tie rounds half to even: 0.25 -> 0.2, 0.375 -> 0.38.
        ("x", "0.25", "0.2"),
        ("x", "0.375", "0.38"),
        ("exp(x)", -100, "3.7201e-44"),  # 3.72007597602083e-44 (mpmath)
    ],
)
def test_printed_digits_are_correctly_rounded(expr, x, expected):
    from tanhproof.numeric._decimals import decimal_digits
    from tanhproof.numeric._enclosure import prepare
    from tanhproof.proof._exact import proved_equal

    mantissa = expected.split("e")[0]
    digits = len(mantissa.replace(".", "").lstrip("0"))
    result = decimal_digits(prepare(expr, {"x": x}, proved_equal), digits)
    assert result.correct and result.text == expected


def test_a_tie_that_is_not_dyadic_is_proved_and_rounded_half_to_even():
    # 0.35 = 7/20 has no finite binary expansion: every enclosure straddles the tie
    # 0.35, so narrowing cannot decide the first digit; the exact prover shows that the
    # value is the tie, which rounds half to even: 0.4 (more on decimals in
    # tests/test_decimal_digits.py).
    from tanhproof.numeric._decimals import decimal_digits
    from tanhproof.numeric._enclosure import prepare
    from tanhproof.proof._exact import proved_equal

    result = decimal_digits(prepare("x", {"x": "0.35"}, proved_equal), 1)
    assert result.correct and result.text == "0.4"
    assert "proved by the exact prover" in result.how


def test_sympy_numbers_as_point_values():
    import sympy

    with mpmath.workdps(40):
        assert _close(
            evaluate("tanh(x)", digits=20, x=sympy.Rational(1, 3)), mpmath.tanh(mpmath.mpf(1) / 3), 20
        )
    assert evaluate("x", digits=20, x=sympy.Float(0.5)) == mpmath.mpf(0.5)
    with pytest.raises(ParseError, match="pi"):
        evaluate("tanh(x)", x=sympy.pi)
    with pytest.raises(ParseError, match="expected an expression as text, got list"):
        evaluate(["tanh(x)"], x=1)


def test_an_exact_zero_needs_the_callers_exact_check():
    # The numeric room cannot prove identities: without an exact check, a value that
    # is exactly 0 but never exactly 0 in ball arithmetic cannot be narrowed to a
    # relative error and raises; tanhproof.evaluate passes the exact prover and gets 0.
    import tanhproof
    from tanhproof.expr._errors import LimitError
    from tanhproof.numeric import _evaluate

    claim = "sech(x)**2 - (1 - tanh(x)**2)"  # 0 at every x (sech^2 = 1 - tanh^2)
    with pytest.raises(LimitError, match="the value may be 0"):
        _evaluate.evaluate(claim, digits=5, x="0.5")
    assert tanhproof.evaluate(claim, digits=5, x="0.5") == 0
    asked = []

    def exact(problem, value):
        asked.append(value)
        return value == 0

    assert _evaluate.evaluate(claim, digits=5, exact=exact, x="0.5") == 0
    assert asked == [0]

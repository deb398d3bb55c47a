"""Point values are taken exactly: decimal and hex strings, fractions, floats."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from tanhproof.expr._errors import DomainError, LimitError, ParseError
from tanhproof.expr._points import exact_value, format_value, resolve_point


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5", Fraction(1, 2)),
        ("0.1", Fraction(1, 10)),  # a decimal string is the decimal, not the nearest float
        ("-2.5e-3", Fraction(-1, 400)),
        (".25", Fraction(1, 4)),
        ("3.", Fraction(3)),
        ("1_000", Fraction(1000)),
        ("0x1.8p-1", Fraction(3, 4)),  # C99 hex float: 1.5 * 2**-1
        ("-0x1p-149", -Fraction(1, 2**149)),  # smallest binary32 subnormal, negated
        ("0X.8P1", Fraction(1)),
        ("0x10", Fraction(16)),
        ("1/3", Fraction(1, 3)),
        ("-7 / 2", Fraction(-7, 2)),
    ],
)
def test_strings_are_exact(text, expected):
    assert exact_value(text) == expected


def test_floats_are_their_exact_binary_value():
    # 0.1 as a binary64 float is 3602879701896397 / 2**55 (IEEE 754 round-to-nearest of 1/10).
    assert exact_value(0.1) == Fraction(3602879701896397, 2**55)
    assert exact_value(np.float32(0.1)) == Fraction(13421773, 2**27)
    assert exact_value(np.float16(0.1)) == Fraction(1638, 2**14)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_round_trip(value):
    assert float(exact_value(value)) == value
    assert exact_value(value.hex()) == Fraction(value)


@given(st.fractions())
def test_fractions_and_ints_pass_through(value):
    assert exact_value(value) == value
    assert exact_value(f"{value.numerator}/{value.denominator}") == value


@pytest.mark.parametrize("bad", ["inf", "-Infinity", "nan", float("inf"), float("nan"), np.float32("-inf")])
def test_non_finite_is_refused(bad):
    with pytest.raises(DomainError, match="not finite"):
        exact_value(bad)


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [
        ("abc", ParseError, "not a number"),
        ("0x1.8q3", ParseError, "not a number"),
        ("", ParseError, "not a number"),
        (None, ParseError, "NoneType"),
        (True, ParseError, "bool"),
        ("1/0", DomainError, "divides by zero"),
        ("1e100001", LimitError, "exponent 100001"),
        ("0x1p-999999", LimitError, "exponent -999999"),
        ("1" * 2000, LimitError, "2000 digits"),
    ],
)
def test_bad_values_give_one_line_errors(bad, error, words):
    with pytest.raises(error, match=words) as info:
        exact_value(bad)
    assert "\n" not in str(info.value)


def test_resolve_point_needs_every_variable_and_nothing_else():
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    assert resolve_point({x, y}, {"x": 1, "y": "0.5"}) == {x: 1, y: Fraction(1, 2)}
    with pytest.raises(ParseError, match="'y' has no value"):
        resolve_point({x, y}, {"x": 1})
    with pytest.raises(ParseError, match="'z' does not occur"):
        resolve_point({x}, {"x": 1, "z": 2})


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(1, 4), "0.25"), (Fraction(-1, 80), "-0.0125"), (Fraction(1, 3), "1/3"), (Fraction(5), "5")],
)
def test_format_value(value, text):
    assert format_value(value) == text
    assert exact_value(text) == value

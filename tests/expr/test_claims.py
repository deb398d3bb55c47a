"""Reading claims with comparisons and where-conditions (tanhproof.expr._claims)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.expr._claims import has_comparison, read_claim, read_where
from tanhproof.expr._errors import LimitError, ParseError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse_claim

x = symbol("x")


@pytest.mark.parametrize(
    ("text", "sides", "relations"),
    [
        ("tanh(x) < 1", ["tanh(x)", "1"], ("<",)),
        ("-1 < tanh(x) < 1", ["-1", "tanh(x)", "1"], ("<", "<")),
        ("sech(x)**2 <= 1", ["sech(x)**2", "1"], ("<=",)),
        ("sigmoid(x) > 0", ["sigmoid(x)", "0"], (">",)),
        ("1 >= sigmoid(x) > 0", ["1", "sigmoid(x)", "0"], (">=", ">")),
        ("0 <= x <= 1", ["0", "x", "1"], ("<=", "<=")),
    ],
)
def test_sides_and_relations(text, sides, relations):
    claim = read_claim(text)
    assert [sympy.sstr(s.expr) for s in claim.sides] == sides
    assert claim.relations == relations
    assert len(claim.links) == len(relations)


def test_each_side_records_its_domain_conditions():
    claim = read_claim("log(x) < x - 1/x")
    assert [str(c) for c in claim.sides[0].conditions] == ["x > 0"]
    assert [str(c) for c in claim.sides[1].conditions] == ["x != 0"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tanh(x) == 1", "'==' is not a claim's relation"),
        ("tanh(x) != 1", "'!=' is not a claim's relation"),
        ("0 < x > 1", "a chain must point one way"),
        ("1 <= x >= 0", "a chain must point one way"),
        ("tanh(x)", "a claim needs a comparison"),
        ("x in y", "is not a claim's relation"),
        ("x is y", "is not a claim's relation"),
        ("tanh(x < 1", "syntax error"),
        ("x.y < 1", "attribute access not allowed"),
        ("(x < 1) < 2", "comparisons"),
        ("__import__('os') < 1", "names starting with '_'"),
    ],
)
def test_refused_with_one_line(text, message):
    with pytest.raises(ParseError) as info:
        read_claim(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_limits_apply_to_claims():
    with pytest.raises(LimitError):
        read_claim("x < " + "(" * 500 + "1" + ")" * 500)
    with pytest.raises(LimitError):
        parse_claim("exp(exp(exp(exp(3)))) > x")


def test_parse_claim_decides_constants():
    claim = parse_claim("log(x) < atanh(1/2)")
    assert [str(c) for c in claim.sides[0].conditions] == ["x > 0"]
    assert claim.sides[1].conditions == ()


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("x >= 0", Interval(Fraction(0), None, True)),
        ("x > -1/2", Interval(Fraction(-1, 2))),
        ("0 <= x <= 1", Interval(Fraction(0), Fraction(1), True, True)),
        ("-1 < x < 1", Interval(Fraction(-1), Fraction(1))),
        ("0 > x", Interval(None, Fraction(0))),
        ("1 >= x > 0.25", Interval(Fraction(1, 4), Fraction(1), False, True)),
        ("x <= 3", Interval(None, Fraction(3), False, True)),
    ],
)
def test_where_intervals(text, interval):
    assert read_where(text, "x") == interval
    assert read_where(text, x) == interval


@pytest.mark.parametrize(
    "text", ["x**2 < 1", "y > 0", "x > y", "0 < 1", "x < 1 < 2", "x > pi", "1 < x < 0", "x"]
)
def test_where_refused(text):
    with pytest.raises(ParseError) as info:
        read_where(text, "x")
    assert "\n" not in str(info.value)


def test_has_comparison():
    assert has_comparison("tanh(x) < 1")
    assert has_comparison("tanh(x) == 1")  # a claim, refused when read
    assert not has_comparison("tanh(x)")
    assert not has_comparison(sympy.tanh(x))
    assert not has_comparison("tanh(x")


@settings(max_examples=60, deadline=None)
@given(
    st.fractions(min_value=-10, max_value=10, max_denominator=12),
    st.fractions(min_value=-10, max_value=10, max_denominator=12),
    st.booleans(),
    st.booleans(),
    st.fractions(min_value=-12, max_value=12, max_denominator=12),
)
def test_where_agrees_with_the_comparisons(a, b, lo_closed, hi_closed, probe):
    """The interval read from "a REL x REL b" contains exactly the points satisfying it."""
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        hi = lo + 1
    r1, r2 = ("<=" if lo_closed else "<"), ("<=" if hi_closed else "<")
    interval = read_where(f"{lo} {r1} x {r2} {hi}", "x")
    expected = (probe >= lo if lo_closed else probe > lo) and (probe <= hi if hi_closed else probe < hi)
    assert interval.contains(probe) == expected

"""Tests of tanhproof.numeric._sampling (plot data for the Sphinx extension)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import pytest

from tanhproof.expr._errors import ParseError
from tanhproof.numeric._sampling import MAX_POINTS, sample


def test_grid_is_exact_and_values_match_mpmath():
    s = sample("diff(tanh(x), x)", "-4", "4", points=9)
    assert s.xs == tuple(float(x) for x in range(-4, 5))
    with mpmath.workdps(50):  # independent reference: mpmath sech^2 at 50 digits
        expected = [float(mpmath.sech(x) ** 2) for x in range(-4, 5)]
    # 17 correct digits, then rounded to binary64: within one binary64 ulp
    assert all(abs(y - e) <= math.ulp(e) for y, e in zip(s.ys, expected, strict=True))


def test_bell_shape_peak_at_zero():
    s = sample("diff(tanh(x), x)", -3, 3, points=61)
    assert s.ys[30] == 1.0 and max(s.ys) == 1.0  # sech^2(0) = 1 exactly
    assert all(a < b for a, b in itertools.pairwise(s.ys[:31]))  # rises, then falls
    assert all(a > b for a, b in itertools.pairwise(s.ys[30:]))


def test_undefined_points_are_gaps():
    s = sample("log(x)", -1, 1, points=5)
    assert s.ys[:3] == (None, None, None)
    assert s.ys[4] == 0.0 and math.isclose(s.ys[3], math.log(0.5))


def test_fraction_bounds_and_other_variable():
    s = sample("t**2", Fraction(1, 3), 1, points=3, variable="t")
    assert s.xs[0] == 1 / 3 and s.ys[1] == float(Fraction(2, 3) ** 2)


@pytest.mark.parametrize(
    ("start", "stop", "points", "message"),
    [
        (1, 1, 3, "empty range"),
        (0, 1, 1, "points 1 out of range"),
        (0, 1, MAX_POINTS + 1, "out of range"),
        ("a", 1, 3, "not a number: 'a'"),
    ],
)
def test_bad_arguments_are_one_line_errors(start, stop, points, message):
    with pytest.raises(ParseError, match=message):
        sample("tanh(x)", start, stop, points=points)

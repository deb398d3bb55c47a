"""Tests of tanhproof.numeric._presetrounding: rounding with the format and mode resolved once.

:meth:`Preset.round` and :meth:`Preset.round_float` must give the float that
:func:`tanhproof.numeric._formats.round_dyadic` gives (itself tested against MPFR and
exact rationals in test_formats/test_ieee_mpfr), for random dyadics of every size,
including the ties, the subnormals and the overflow thresholds that
``strategies.exact_rationals`` aims at; and bad formats and modes raise what the
checks raise.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import exact_rationals

from tanhproof.numeric._formats import FormatError, get_format, round_dyadic
from tanhproof.numeric._presetrounding import preset

_FORMATS = st.sampled_from(["binary16", "bfloat16", "binary32", "binary64"])
_MODES = st.sampled_from(["nearest", "up", "down", "zero"])


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _dyadic(value: Fraction) -> tuple[int, int]:
    """``value`` (a dyadic) as ``(mantissa, exponent)``."""
    k = value.denominator.bit_length() - 1
    return value.numerator, -k


_DYADICS = st.one_of(
    exact_rationals().filter(lambda q: q.denominator & (q.denominator - 1) == 0),
    st.builds(
        lambda m, e: Fraction(m) * Fraction(2) ** e, st.integers(-(2**90), 2**90), st.integers(-1200, 1100)
    ),
)


@settings(max_examples=400, deadline=None)
@given(_DYADICS, _FORMATS, _MODES)
def test_round_is_round_dyadic(value, fmt, mode):
    m, e = _dyadic(value)
    assert _same(preset(fmt, mode).round(m, e), round_dyadic(m, e, fmt, mode))


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), _FORMATS, _MODES)
def test_round_float_is_round_dyadic(x, fmt, mode):
    if not 2.0**-1021 <= abs(x) < 2.0**1023:
        return
    m, e = _dyadic(Fraction(x))
    assert _same(preset(fmt, mode).round_float(x), round_dyadic(m, e, fmt, mode))


@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32"])
def test_round_float_at_the_edges(fmt):
    # Ties, the largest finite value and the overflow threshold, half the least subnormal:
    # exactly the values where a rounding slip shows.
    f = get_format(fmt)
    p = f.precision
    edges = [
        float(f.max_finite),
        float(f.max_finite) * (1 + 2.0**-p),  # max + ulp/2: ties away to inf under nearest
        float(f.min_subnormal) / 2,  # half the least subnormal: ties to 0
        float(f.min_subnormal) * 1.5,  # between the two least subnormals, a tie to even
        1 + 2.0**-p,  # a tie between 1 and 1 + 2**(1-p)
        1 + 3 * 2.0**-p,  # the other tie: to even, up
    ]
    for x in edges + [-x for x in edges]:
        for mode in ("nearest", "up", "down", "zero"):
            m, e = _dyadic(Fraction(x))
            expected = round_dyadic(m, e, fmt, mode)
            assert _same(preset(fmt, mode).round_float(x), expected), (x, mode)
            assert _same(preset(fmt, mode).round(m, e), expected), (x, mode)


def test_bad_formats_and_modes_raise_what_the_checks_raise():
    with pytest.raises(FormatError, match="unknown format 'binary8'"):
        preset("binary8", "nearest")
    with pytest.raises(FormatError, match="unknown rounding mode 'ceil'"):
        preset("binary32", "ceil")
    with pytest.raises(FormatError, match="unknown format"):
        preset(["binary32"], "nearest")  # unhashable: not cached, still the format error
    with pytest.raises(FormatError, match="unknown rounding mode"):
        preset("binary32", ["up"])


def test_scalars_are_the_formats():
    assert type(preset("binary32", "nearest").scalar(0.5)).__name__ == "float32"
    assert type(preset("bfloat16", "nearest").scalar(0.5)) is float
    assert preset(get_format("binary16"), "up").fmt is get_format("binary16")


def _pair(fmt, mode, lo, hi):
    """What round_pair must give: both ends rounded apart, equal values (and signs) kept."""
    a, b = preset(fmt, mode).round_float(lo), preset(fmt, mode).round_float(hi)
    return a if _same(a, b) else None


_NORMAL_DOUBLES = st.floats(min_value=2.0**-1021, max_value=2.0**1022) | st.floats(
    min_value=-(2.0**1022), max_value=-(2.0**-1021)
)


@settings(max_examples=400, deadline=None)
@given(_NORMAL_DOUBLES, st.integers(0, 2**30), _FORMATS, _MODES)
def test_round_pair_is_both_ends_rounded(lo, ulps, fmt, mode):
    # hi a few units of lo's last place away: mostly the same cell, sometimes the next,
    # sometimes another binade
    hi = lo
    for _ in range(ulps.bit_length()):
        hi = math.nextafter(hi, math.inf)
    hi = min(hi + ulps * math.ulp(lo), 2.0**1022)
    if hi < 0 and hi > -(2.0**-1021):
        hi = -(2.0**-1021)
    got = preset(fmt, mode).round_pair(lo, hi)
    expected = _pair(fmt, mode, lo, hi)
    assert (got is None and expected is None) or (
        got is not None and expected is not None and _same(got, expected)
    )


@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32"])
def test_round_pair_at_the_edges(fmt):
    f = get_format(fmt)
    p = f.precision
    tie = 1 + 2.0**-p
    pairs = [
        (tie, math.nextafter(tie, 2)),  # a tie and just above it: nearest splits them
        (math.nextafter(tie, 0), tie),
        (float(f.max_finite), float(f.max_finite) * (1 + 2.0**-p)),  # the overflow threshold
        (float(f.min_subnormal) / 4, float(f.min_subnormal) / 2),  # both round to 0 under nearest
        (-(float(f.min_subnormal) / 2), -(float(f.min_subnormal) / 4)),  # -0.0 twice
        (0.75, 1.5),  # two binades
        (-1.0, 1.0),  # two signs
    ]
    for lo, hi in pairs:
        for mode in ("nearest", "up", "down", "zero"):
            got = preset(fmt, mode).round_pair(lo, hi)
            expected = _pair(fmt, mode, lo, hi)
            assert (got is None) == (expected is None), (lo, hi, mode)
            assert got is None or _same(got, expected), (lo, hi, mode)

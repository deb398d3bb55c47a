"""IEEE formats: constants against the standard, exact rounding against numpy and the
definition, the vectorized rounding against the exact one, enumeration, ulps."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import exact_rationals

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bitpatterns import all_values, bits_to_float, float_to_bits
from tanhproof.numeric._formats import (
    FORMATS,
    MODES,
    Format,
    FormatError,
    as_scalar,
    check_mode,
    get_format,
    round_bounds,
    round_dyadic,
    round_exact,
    to_hex,
)
from tanhproof.numeric._ulps import next_down, next_up, ulp, ulp_error

SMALL = ("binary16", "bfloat16", "binary32")


def same(a: float, b: float) -> bool:
    """Equal as IEEE values: same number and same sign of zero (NaN equals NaN)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


# ---------------------------------------------------------------- constants


def test_constants_match_ieee_754_2019_table_3_5():
    # IEEE 754-2019, Table 3.5 "Binary interchange format parameters": storage width k,
    # precision p, emax, bias = emax, emin = 1 - emax.
    table = {"binary16": (16, 11, 15), "binary32": (32, 24, 127), "binary64": (64, 53, 1023)}
    for name, (width, p, emax) in table.items():
        f = FORMATS[name]
        assert (f.width, f.precision, f.emax, f.bias, f.emin) == (width, p, emax, emax, 1 - emax)
        assert f.exponent_bits + f.fraction_bits + 1 == width


def test_bfloat16_matches_its_definition():
    # Intel, "BFLOAT16 - Hardware Numerics Definition" (2018), and Google Cloud TPU docs:
    # 1 sign bit, 8 exponent bits (bias 127, the binary32 range), 7 fraction bits, i.e.
    # the upper half of a binary32.
    f = FORMATS["bfloat16"]
    assert (f.width, f.exponent_bits, f.fraction_bits, f.bias, f.emin, f.emax) == (16, 8, 7, 127, -126, 127)
    # Largest finite bfloat16 is 0x7F7F = (2 - 2**-7) * 2**127.
    assert float(bits_to_float(np.array([0x7F7F], dtype=np.uint16), f)[0]) == float(f.max_finite)
    assert f.max_finite == (2 - Fraction(1, 2**7)) * Fraction(2) ** 127


def test_extremes_agree_with_numpy_finfo():
    for name, dtype in (("binary16", np.float16), ("binary32", np.float32), ("binary64", np.float64)):
        f, info = FORMATS[name], np.finfo(dtype)
        assert float(f.max_finite) == float(info.max)
        assert float(f.min_normal) == float(info.smallest_normal)
        assert float(f.min_subnormal) == float(info.smallest_subnormal)


def test_format_lookup_and_errors():
    assert list(FORMATS) == ["binary16", "bfloat16", "binary32", "binary64"]
    assert get_format(FORMATS["binary32"]) is FORMATS["binary32"]
    assert get_format("float32") is FORMATS["binary32"]
    with pytest.raises(FormatError, match=r"unknown format 'binary8'; choose one of binary16, bfloat16"):
        get_format("binary8")
    with pytest.raises(FormatError, match="unknown rounding mode 'ceil'"):
        check_mode("ceil")
    assert issubclass(FormatError, TanhproofError) and issubclass(FormatError, ValueError)
    assert MODES == ("nearest", "up", "down", "zero")
    assert isinstance(FORMATS["binary16"], Format)


# ---------------------------------------------------------------- round_exact


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_exact_nearest_matches_numpy_casts(x):
    # numpy's float64 -> float32 / float16 casts round once, to nearest even.
    v = Fraction(x)
    negative_zero = math.copysign(1.0, x) < 0
    with np.errstate(over="ignore"):
        assert same(round_exact(v, "binary32", negative_zero=negative_zero), float(np.float32(x)))
        assert same(round_exact(v, "binary16", negative_zero=negative_zero), float(np.float16(x)))
    assert same(round_exact(v, "binary64", negative_zero=negative_zero), x)


def _check_definition(v: Fraction, f: Format, mode: str, r: float) -> None:
    """The defining property of each rounding direction, with exact arithmetic."""
    if math.isinf(r):
        assert abs(v) > f.max_finite  # only an overflow gives an infinity
        if mode == "nearest":
            assert abs(v) >= f.max_finite + ulp(f.max_finite, f) / 2
        return
    exact = Fraction(r)
    assert abs(exact) <= f.max_finite
    assert round_exact(exact, f) == r  # r is a value of the format
    up, down = next_up(r, f), next_down(r, f)
    if mode == "down" or (mode == "zero" and v > 0):
        assert exact <= v and (math.isinf(up) or Fraction(up) > v)
    elif mode == "up" or (mode == "zero" and v < 0):
        assert exact >= v and (math.isinf(down) or Fraction(down) < v)
    else:
        for other in (up, down):
            if math.isfinite(other):
                gap, other_gap = abs(exact - v), abs(Fraction(other) - v)
                assert gap <= other_gap
                if gap == other_gap:  # a tie goes to the even significand
                    assert int(float_to_bits(np.array([r], dtype=f.dtype), f)[0]) % 2 == 0
    if v != 0 and r == 0:  # a nonzero value that rounds to zero keeps its sign
        assert (math.copysign(1.0, r) < 0) == (v < 0)


@settings(max_examples=400, deadline=None)
@given(exact_rationals(), st.sampled_from(list(FORMATS)), st.sampled_from(MODES))
def test_round_exact_satisfies_the_definition(v, fmt, mode):
    f = get_format(fmt)
    if f.name == "binary64":
        v = v * Fraction(2) ** 900 if abs(v) > 1 else v / Fraction(2) ** 900  # reach binary64's edges
    _check_definition(v, f, mode, round_exact(v, f, mode))


@settings(max_examples=300, deadline=None)
@given(exact_rationals(), st.sampled_from(list(FORMATS)), st.sampled_from(MODES))
def test_round_dyadic_matches_round_exact(v, fmt, mode):
    # Every dyadic m * 2**e; for a non-dyadic v use the dyadic 2**-70-truncation of v.
    e = -300
    m = math.floor(v * Fraction(2) ** -e)
    assert same(round_dyadic(m, e, fmt, mode), round_exact(Fraction(m) * Fraction(2) ** e, fmt, mode))


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        # binary16 overflow: max 65504, ulp there 32, threshold 65504 + 16 = 65520.
        (Fraction(65519), "nearest", 65504.0),
        (Fraction(65520), "nearest", math.inf),
        (Fraction(-65520), "nearest", -math.inf),
        (Fraction(65520), "zero", 65504.0),
        (Fraction(65505), "up", math.inf),
        (Fraction(10**10), "down", 65504.0),
        (Fraction(-65505), "down", -math.inf),
        (Fraction(-65505), "up", -65504.0),
        # binary16 underflow: smallest subnormal 2**-24; 2**-25 is a tie between 0 and it.
        (Fraction(1, 2**25), "nearest", 0.0),
        (Fraction(1, 2**25) + Fraction(1, 2**80), "nearest", 2.0**-24),
        (Fraction(3, 2**26), "nearest", 2.0**-24),
        (Fraction(3, 2**25), "nearest", 2.0**-23),  # tie between 1 and 2 subnormal ulps: even
        (Fraction(-1, 2**26), "nearest", -0.0),
        (Fraction(1, 2**200), "up", 2.0**-24),
        (Fraction(-1, 2**200), "up", -0.0),
        (Fraction(-1, 2**200), "down", -(2.0**-24)),
        (Fraction(0), "down", 0.0),
        # the largest subnormal and the smallest normal
        (Fraction(2**10 - 1, 2**24), "nearest", (2**10 - 1) * 2.0**-24),
        (Fraction(2**11 - 1, 2**25), "nearest", 2.0**-14),  # tie -> even (2**-14)
    ],
)
def test_binary16_overflow_and_underflow_edges(value, mode, expected):
    assert same(round_exact(value, "binary16", mode), expected)


def test_exact_zero_sign():
    assert same(round_exact(0, "binary32"), 0.0)
    assert same(round_exact(0, "binary32", negative_zero=True), -0.0)


def test_round_bounds():
    third = Fraction(1, 3)
    tiny = Fraction(1, 10**12)
    assert round_bounds(third - tiny, third + tiny, "binary32") == float(np.float32(1 / 3))
    # [1, 1 + 3/4 ulp(1)] straddles the midpoint 1 + ulp/2 in binary16.
    assert round_bounds(Fraction(1), 1 + Fraction(3, 2**12), "binary16") is None
    # -0.0 and +0.0 differ: a ball around 0 is not decided.
    assert round_bounds(-tiny, tiny, "binary32") is None


# ---------------------------------------------------------------- round_array


def _edge_values() -> np.ndarray:
    edges = []
    for f in FORMATS.values():
        for q in (f.max_finite, f.min_normal, f.min_subnormal, Fraction(1)):
            for k in (-2, -1, 0, 1, 2):
                edge = q + k * ulp(q, f) / 2
                if edge < 2**1023:
                    edges.append(float(edge))
    edges += [0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, 1e-300, 5e-324]
    edges = np.array(edges)
    return np.concatenate([edges, -edges])


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("mode", MODES)
def test_round_array_matches_round_exact(fmt, mode):
    rng = np.random.default_rng(2024)
    randoms = rng.standard_normal(3000) * np.exp2(rng.integers(-160, 140, 3000))
    patterns = rng.integers(0, 2**64, 1000, dtype=np.uint64).view(np.float64)
    x = np.concatenate([_edge_values(), randoms, patterns])
    got = round_array(x, fmt, mode)
    f = get_format(fmt)
    assert got.dtype == f.dtype
    for xi, gi in zip(x.tolist(), got.tolist(), strict=True):
        if math.isnan(xi):
            assert math.isnan(gi)
        elif math.isinf(xi):
            assert gi == xi
        else:
            expected = round_exact(Fraction(xi), f, mode, negative_zero=math.copysign(1.0, xi) < 0)
            assert same(gi, expected), (xi, gi, expected)


# ---------------------------------------------------------------- enumeration and bits


def test_next_up_and_down_walk_the_format():
    for fmt in SMALL:
        values = next(all_values(fmt, chunk_size=3000)).astype(np.float64)
        for a, b in itertools.pairwise(values.tolist()):
            assert next_up(a, fmt) == b and next_down(b, fmt) == a
    f = FORMATS["binary16"]
    assert next_up(65504.0, f) == math.inf and next_down(-65504.0, f) == -math.inf
    assert next_down(math.inf, f) == 65504.0 and next_up(-math.inf, f) == -65504.0
    assert same(next_down(2.0**-24, f), 0.0) and next_up(-0.0, f) == 2.0**-24
    assert next_up(1.0, "binary64") == 1 + 2.0**-52
    with pytest.raises(FormatError, match="not a binary16 value"):
        next_up(0.1, f)


def test_as_scalar_and_to_hex():
    assert type(as_scalar(1.5, "binary16")) is np.float16
    assert type(as_scalar(1.5, "binary32")) is np.float32
    assert type(as_scalar(1.5, "bfloat16")) is float
    assert to_hex(-0.0) == "-0x0.0p+0" and to_hex(0.5) == "0x1.0000000000000p-1"
    assert (to_hex(math.inf), to_hex(-math.inf), to_hex(math.nan)) == ("inf", "-inf", "nan")


# ---------------------------------------------------------------- ulp and ulp_error


def test_ulp_hand_checked():
    assert ulp(1.0, "binary32") == Fraction(1, 2**23)
    assert ulp(Fraction(1) - Fraction(1, 2**30), "binary32") == Fraction(1, 2**24)
    assert ulp(0, "binary32") == ulp(2.0**-140, "binary32") == Fraction(1, 2**149)  # subnormal spacing
    assert ulp(65504.0, "binary16") == 32
    assert ulp(-3.0, "binary64") == Fraction(1, 2**51)
    with pytest.raises(FormatError):
        ulp(math.inf, "binary32")


def test_ulp_error_hand_checked():
    f = "binary32"
    assert ulp_error(1 + 2.0**-23, Fraction(1), f) == 1.0
    assert ulp_error(1.0, Fraction(1), f) == 0.0
    # Exact value just below 1: its binade's ulp is 2**-24, so 1.0 is 1 such ulp away.
    assert ulp_error(1.0, 1 - Fraction(1, 2**24), f) == 1.0
    # ... whereas the other way round the exact value 1 sets the ulp 2**-23.
    assert ulp_error(1 - 2.0**-24, Fraction(1), f) == 0.5
    assert ulp_error(math.nan, Fraction(1), f) == math.inf
    assert ulp_error(-math.inf, Fraction(1), f) == math.inf
    # An enclosure: the farthest end, in the smaller ulp of the two binades it touches.
    lo, hi = 1 - Fraction(1, 2**24), 1 + Fraction(1, 2**23)
    assert ulp_error(1.0, (lo, hi), f) == 2.0  # (2**-23) / (2**-24)
    assert ulp_error(0.0, (Fraction(-1, 2**149), Fraction(1, 2**149)), f) == 1.0
    with pytest.raises(FormatError):
        ulp_error(1.0, (Fraction(2), Fraction(1)), f)


@settings(max_examples=200, deadline=None)
@given(exact_rationals(-100, 100), st.sampled_from(SMALL))
def test_correct_rounding_is_within_half_an_ulp(v, fmt):
    r = round_exact(v, fmt)
    if math.isfinite(r):
        assert ulp_error(r, v, fmt) <= 0.5
        assert ulp_error(r, (v, v), fmt) <= 0.5

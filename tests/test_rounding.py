"""round_to: correct rounding by a Ziv loop, checked against an independent rounding of mpmath values."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof import DomainError, LimitError, round_to
from tanhproof.formats import FormatError

DTYPES = {"binary16": np.float16, "binary32": np.float32, "binary64": np.float64}
MPMATH = {
    "tanh(x)": mpmath.tanh,
    "diff(tanh(x), x)": lambda u: mpmath.sech(u) ** 2,
    "sigmoid(x)": lambda u: 1 / (1 + mpmath.exp(-u)),
    "exp(x)": mpmath.exp,
    "sinh(x)": mpmath.sinh,
}


def _exact_mpmath(func, x: Fraction) -> Fraction:
    """mpmath's value at 120 digits, as an exact Fraction (its error < 1e-115 relative)."""
    with mpmath.workdps(120):
        v = mpmath.mpf(func(mpmath.mpf(x.numerator) / x.denominator))
        return Fraction(*mpmath.libmp.to_rational(v._mpf_))


def _independent_round(v: Fraction, dtype, mode: str) -> float:
    """Round by searching the format's neighbours with numpy.nextafter: no shared code
    with tanhproof.formats. Valid for finite, normal-range results."""
    c = dtype(float(v))  # within an ulp or two of v
    up, down = dtype(np.inf), dtype(-np.inf)
    while Fraction(float(c)) > v:
        c = np.nextafter(c, down)
    while Fraction(float(np.nextafter(c, up))) <= v:
        c = np.nextafter(c, up)
    lo, hi = c, (c if Fraction(float(c)) == v else np.nextafter(c, up))
    if mode == "down":
        return float(lo)
    if mode == "up":
        return float(hi)
    if mode == "zero":
        return float(lo if v >= 0 else hi)
    dlo, dhi = v - Fraction(float(lo)), Fraction(float(hi)) - v
    if dlo != dhi:
        return float(lo if dlo < dhi else hi)
    return float(lo if int(np.frombuffer(lo.tobytes(), dtype=f"u{lo.itemsize}")[0]) % 2 == 0 else hi)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(MPMATH)),
    st.sampled_from(sorted(DTYPES)),
    st.sampled_from(["nearest", "up", "down", "zero"]),
    st.floats(min_value=-8, max_value=8, allow_nan=False, width=16).filter(lambda v: abs(v) > 2**-10),
)
def test_against_independent_rounding(expr, fmt, mode, x):
    exact = _exact_mpmath(MPMATH[expr], Fraction(x))
    got = round_to(expr, fmt, mode, x=x)
    assert isinstance(got, DTYPES[fmt])
    assert float(got) == _independent_round(exact, DTYPES[fmt], mode)


def test_tanh_at_a_published_point():
    # tanh(1/2) = 0.46211715726000975850231848364367254873 (mpmath at 40 digits; A&S 4.5
    # tables agree to their 10 digits). Its binary32 neighbours are 0x1.d9353cp-2 and
    # 0x1.d9353ep-2, and it lies above their midpoint.
    assert float(round_to("tanh(x)", "binary32", x="0.5")).hex() == "0x1.d9353e0000000p-2"
    assert float(round_to("tanh(x)", "binary32", "down", x="0.5")).hex() == "0x1.d9353c0000000p-2"


@pytest.mark.parametrize("mode", ["nearest", "up", "down", "zero"])
@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32", "binary64"])
def test_exact_results_are_detected(fmt, mode):
    assert round_to("tanh(x)", fmt, mode, x=0) == 0
    assert round_to("exp(x)", fmt, mode, x=0) == 1
    assert round_to("diff(tanh(x), x)", fmt, mode, x=0) == 1
    assert round_to("sigmoid(x)", fmt, mode, x=0) == 0.5
    # 1 exactly, but arb only encloses it: the exact prover settles the boundary.
    assert round_to("sech(x)**2 + tanh(x)**2", fmt, mode, x="0.5") == 1


def test_signed_zero():
    assert math.copysign(1, round_to("tanh(x)", "binary32", x=-0.0)) == -1
    assert math.copysign(1, round_to("sinh(x)", "binary64", x="-0.0")) == -1
    assert math.copysign(1, round_to("tanh(x)", "binary32", x=0.0)) == 1
    assert round_to("cosh(x)", "binary32", x=-0.0) == 1
    # A negative value below half the smallest subnormal rounds to -0 (IEEE 754 §6.3).
    assert math.copysign(1, round_to("-exp(x)", "binary32", x=-200)) == -1
    assert math.copysign(1, round_to("exp(x)", "binary32", x=-200)) == 1


def test_overflow_and_subnormals():
    f32 = np.finfo(np.float32)
    assert round_to("exp(x)", "binary32", x=89) == np.inf
    assert round_to("exp(x)", "binary32", "down", x=89) == f32.max
    assert round_to("exp(x)", "binary32", "zero", x=89) == f32.max
    assert round_to("-exp(x)", "binary32", "up", x=89) == -f32.max
    assert round_to("exp(x)", "binary64", x=710) == np.inf
    # exp(-100) = 3.72007597602083e-44 (mpmath) is subnormal in binary32: a multiple of 2**-149.
    sub = round_to("exp(x)", "binary32", x=-100)
    assert 0 < sub < f32.tiny and Fraction(float(sub)) % Fraction(1, 2**149) == 0
    assert float(sub) == _independent_round(_exact_mpmath(mpmath.exp, Fraction(-100)), np.float32, "nearest")
    assert round_to("exp(x)", "binary32", "up", x=-200) == 2.0**-149
    assert round_to("exp(x)", "binary32", x=-200) == 0


def test_bfloat16_is_a_python_float():
    value = round_to("tanh(x)", "bfloat16", x=1)
    # tanh(1) = 0.7615941559557649 (mpmath); bfloat16 has 8 significant bits, so the
    # neighbours in [0.5, 1) are k/256: 195/256 = 0.76171875 is nearest.
    assert type(value) is float and value == 195 / 256


def test_bad_input():
    with pytest.raises(FormatError, match="unknown format 'binary8'"):
        round_to("tanh(x)", "binary8", x=1)
    with pytest.raises(FormatError, match="'sideways'"):
        round_to("tanh(x)", "binary32", "sideways", x=1)
    with pytest.raises(DomainError, match="coth"):
        round_to("coth(x)", "binary32", x=0)


def test_a_value_too_close_to_a_boundary_is_refused_in_one_line():
    # tanh(1e300) = 1 - 2*exp(-2e300) + ...: below 1 by far less than 2**-16384, so no
    # enclosure within the cap separates it from 1; round-down must not guess 1.
    with pytest.raises(LimitError, match="within 2\\^-16384") as info:
        round_to("tanh(x)", "binary32", "down", x="1e300")
    assert "\n" not in str(info.value) and "~1.0e+300" in str(info.value)
    # Round-to-nearest is decided at once: 1 is far from a midpoint.
    assert round_to("tanh(x)", "binary32", x="1e300") == 1


def test_huge_negative_exponents_round_without_building_huge_numbers():
    # exp(-1e20) is far below binary32's smallest subnormal 2**-149.
    assert round_to("exp(x)", "binary32", x="-1e20") == 0
    assert round_to("exp(x)", "binary32", "up", x="-1e20") == 2.0**-149
    assert round_to("sigmoid(x)", "binary64", x="-1e20") == 0


@pytest.mark.parametrize("text", ["-0", "-0.0", "-0e5", "-0x0p+0", "-0x0.0p-5"])
def test_every_spelling_of_negative_zero(text):
    assert math.copysign(1, round_to("tanh(x)", "binary32", x=text)) == -1


def test_the_report_says_how_the_rounding_was_decided():
    from tanhproof.valuereport import value_report

    def how(expr, x, mode):
        return value_report(expr, {"x": x}, fmt="binary32", mode=mode).method

    assert "proved by the exact prover" in how("sech(x)**2 + tanh(x)**2", "0.5", "down")
    assert "single point" in how("tanh(x)", "0", "nearest")
    assert "both ends round" in how("tanh(x)", "0.5", "nearest")

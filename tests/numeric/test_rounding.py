"""round_to: correct rounding by a Ziv loop, checked against an independent rounding of mpmath values."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof import round_to
from tanhproof.expr._catalog import CATALOG
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._formats import FormatError
from tanhproof.numeric._rounding import rounding_of

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
    with tanhproof.numeric._formats. Valid for finite, normal-range results."""
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


def test_outside_the_domain_is_nan_with_the_reason_and_poles_are_ieee_infinities():
    # IEEE 754 (and MPFR): invalid operation -> NaN; log(+-0) = -inf; coth(+-0) = +-inf.
    r = rounding_of("log(x)", "binary32", x=-1)
    assert math.isnan(r.value) and r.reason == "log(x) is undefined at x = -1: needs x > 0"
    assert "NaN" in r.method and r.enclosure is None
    assert round_to("log(x)", "binary32", x=0) == -np.inf
    assert round_to("log(x)", "binary64", "up", x="-0") == -np.inf
    assert round_to("coth(x)", "binary32", x=0) == np.inf
    assert round_to("coth(x)", "binary32", x=-0.0) == -np.inf
    assert round_to("atanh(x)", "binary16", x=1) == np.inf
    assert math.isnan(round_to("sqrt(x)", "binary16", x=-4))
    assert round_to("log(x - 1)", "binary32", x=1) == -np.inf  # log at an argument exactly 0
    assert math.isnan(round_to("1 + log(x)", "binary32", x=0))  # the pole is not the result: NaN
    assert rounding_of("tanh(x)", "binary32", x=1).reason is None


def test_issue_10_directed_roundings_next_to_a_limit():
    # Issue 10: LimitError before. tanh(x) > -1 at x = -60582.566, so rounding up gives
    # the format value above -1, -0x1.fffffep-1 (MPFR gives the same, tests/test_ieee_mpfr.py).
    assert float(round_to("tanh(x)", "binary32", "up", x=-60582.566)).hex() == "-0x1.fffffe0000000p-1"
    assert float(round_to("tanh(x)", "bfloat16", "zero", x=-60000)) == -(1 - 2.0**-8)
    # sigmoid(11356) = 1 - e^-11356 < 1: down gives the binary32 value below 1.
    assert float(round_to("sigmoid(x)", "binary32", "down", x=11356)) == 1 - 2.0**-24
    assert float(round_to("sigmoid(x)", "binary32", "up", x=11356)) == 1.0
    # tanh(1e300) = 1 - 2 e^-2e300 + ...: below 1 by far less than any precision reaches;
    # the split 1 - 2/(e^{2x} + 1) decides round-down at once.
    assert float(round_to("tanh(x)", "binary32", "down", x="1e300")) == 1 - 2.0**-24
    assert round_to("tanh(x)", "binary32", x="1e300") == 1
    assert float(round_to("diff(tanh(x), x)", "binary32", "up", x="1e300")) == 2.0**-149  # sech^2 > 0


def test_issue_10_overflow_is_decided_by_exponent_bounds():
    f64 = np.finfo(np.float64)
    # exp(1.5e51) > 2**(2**169): inf to nearest and up, the largest finite value toward 0.
    assert round_to("exp(x)", "binary64", x="1.5e51") == np.inf
    assert round_to("exp(x)", "binary64", "zero", x="1.5e51") == f64.max
    assert round_to("exp(x)", "binary64", "down", x="1.5e51") == f64.max
    assert round_to("exp(x) - 1", "binary64", x="1.5e51") == np.inf
    assert round_to("sinh(x)", "binary64", "down", x="3.8e53") == f64.max
    assert round_to("sinh(x)", "binary64", "up", x="-3.8e53") == -f64.max
    assert round_to("cosh(x)", "binary64", x="-3.8e53") == np.inf
    # 1/(1 + exp(-x)) at x <= -1.5e51 is a positive number below every subnormal (it
    # raised "needs 1 + exp(-x) != 0" before).
    assert same_zero(round_to("1/(1+exp(-x))", "binary64", x="-1.5e51"), 0.0)
    assert round_to("1/(1+exp(-x))", "binary64", "up", x="-1e300") == 2.0**-1074
    assert round_to("-exp(x)", "binary32", "down", x="1e4000") == -np.inf


def same_zero(a, b) -> bool:
    return float(a) == float(b) == 0 and math.copysign(1, float(a)) == math.copysign(1, float(b))


def test_issue_10_sign_and_dirac_delta():
    # sign(0) = 0 (SymPy, numpy); sign'(x) = 2*DiracDelta(x) and |x|'' are 0 away from 0.
    assert round_to("sign(x)", "binary32", x=0) == 0
    assert round_to("sign(x)", "binary32", x=-3) == -1
    assert round_to("diff(sign(x), x)", "binary32", x=1) == 0
    assert round_to("diff(abs(x), x, 2)", "binary32", x="0.5") == 0
    r = rounding_of("diff(sign(x), x)", "binary32", x=0)  # DiracDelta(0) has no value
    assert math.isnan(r.value) and "DiracDelta(0)" in r.reason


def test_signed_zero_follows_the_limit_from_below():
    # MPFR: expm1(-0) = log1p(-0) = -0; a derivative certifiably > 0 at 0 makes the
    # exact zero at x = -0 a -0; cosh(x) - 1 (derivative 0) and -tanh(x) give +0.
    assert same_zero(round_to("exp(x) - 1", "binary32", "down", x=-0.0), -0.0)
    assert same_zero(round_to("log(1 + x)", "binary64", x="-0"), -0.0)
    assert same_zero(round_to("cosh(x) - 1", "binary32", x=-0.0), 0.0)
    assert same_zero(round_to("-tanh(x)", "binary32", x=-0.0), 0.0)
    assert same_zero(round_to("sqrt(x)", "binary32", x=-0.0), -0.0)


def test_huge_negative_exponents_round_without_building_huge_numbers():
    # exp(-1e20) is far below binary32's smallest subnormal 2**-149.
    assert round_to("exp(x)", "binary32", x="-1e20") == 0
    assert round_to("exp(x)", "binary32", "up", x="-1e20") == 2.0**-149
    assert round_to("sigmoid(x)", "binary64", x="-1e20") == 0


@pytest.mark.parametrize("text", ["-0", "-0.0", "-0e5", "-0x0p+0", "-0x0.0p-5"])
def test_every_spelling_of_negative_zero(text):
    assert math.copysign(1, round_to("tanh(x)", "binary32", x=text)) == -1


def test_the_report_says_how_the_rounding_was_decided():
    from tanhproof.cli._values import value_report

    def how(expr, x, mode):
        return value_report(expr, {"x": x}, fmt="binary32", mode=mode).method

    assert "proved by the exact prover" in how("sech(x)**2 + tanh(x)**2", "0.5", "down")
    assert "single point" in how("tanh(x)", "0", "nearest")
    assert "both ends round" in how("tanh(x)", "0.5", "nearest")


EXTREMES = [
    1.7e308,
    -1.7e308,
    5e-324,
    -5e-324,
    4096.0,
    -4096.0,
    1e10,
    -1e10,
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0**-30,
    30.0,
]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_round_to_and_bulk_agree_on_every_catalog_function_and_derivative(name):
    # The two APIs share one Ziv loop but evaluate differently (an expression walk with
    # splits vs the catalog's direct evaluators); both must give the same IEEE answer,
    # special values included, far out where only splits and exponent bounds decide.
    for expr, function in ((f"{name}(x)", name), (f"diff({name}(x), x)", name + "'")):
        for mode in ("nearest", "down"):
            got = [float(round_to(expr, "binary64", mode, x=x)) for x in EXTREMES]
            want = reference(function, np.array(EXTREMES), "binary64", mode).values.tolist()
            for x, g, w in zip(EXTREMES, got, want, strict=True):
                assert (math.isnan(g) and math.isnan(w)) or (
                    g == w and math.copysign(1, g) == math.copysign(1, w)
                ), (expr, mode, x, g, w)


# Catalog functions written out with exp: the same real function, so the same correctly
# rounded value as the bulk reference (tested against MPFR in tests/test_ieee_mpfr.py),
# far out too, where only exponent bounds decide.
WRITTEN_OUT = {
    "sigmoid": "1/(1 + exp(-x))",
    "softplus": "log(1 + exp(x))",
    "sinh": "(exp(x) - exp(-x))/2",
    "cosh": "(exp(x) + exp(-x))/2",
    "sech": "2/(exp(x) + exp(-x))",
    "tanh": "1 - 2/(exp(2*x) + 1)",
}


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(WRITTEN_OUT)),
    st.sampled_from(["binary32", "binary64"]),
    st.sampled_from(["nearest", "up", "down", "zero"]),
    st.one_of(st.integers(0, 2**64 - 1), st.sampled_from([0, 1, 2**62 + 2**60, 0x7FEFFFFFFFFFFFFF])),
    st.booleans(),
)
def test_written_out_forms_round_like_the_catalog_function(name, fmt, mode, pattern, negative):
    if fmt == "binary32":
        x = float(np.array([pattern & 0x7F7FFFFF], dtype=np.uint32).view(np.float32)[0])
    else:
        x = float(np.array([pattern & 0x7FEFFFFFFFFFFFFF], dtype=np.uint64).view(np.float64)[0])
    x = -x if negative else x
    got = float(round_to(WRITTEN_OUT[name], fmt, mode, x=x))
    want = float(
        reference(
            name, np.array([x]).astype(np.float32 if fmt == "binary32" else np.float64), fmt, mode
        ).values[0]
    )
    # An exact zero's sign is a property of the formula at +-0 (IEEE 754 evaluates
    # 1 - 2/(e^0 + 1) to +0 in every mode but down), so zeros compare by value.
    assert got == want or (math.isnan(got) and math.isnan(want)), (name, fmt, mode, x, got, want)

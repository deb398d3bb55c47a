"""IEEE 754 answers checked against MPFR (gmpy2), the independent reference.

For every format (bfloat16 too) the MPFR context is set to the format: precision p,
the exponent range of IEEE 754 shifted to MPFR's convention (significand in [1/2, 1),
so ``emax = emax_ieee + 1`` and, with ``subnormalize``, ``emin = emin_ieee - p + 2``),
and the rounding mode. MPFR then returns the correctly rounded value with IEEE 754's
special cases (NaN outside the domain, ``log(+-0) = -inf``, ``coth(+-0) = +-inf``,
``atanh(+-1) = +-inf``, signed zeros, overflow per mode): nothing of tanhproof's is used
to compute the expected values.

sigmoid and softplus are not MPFR functions. Their expected values come from mpmath at
400 bits, written exactly as a binary number and rounded once by MPFR into the format.
That is the correct rounding unless the true value lies within 2**-390 (relative) of a
rounding boundary: the only exact boundary among these values at format inputs is
sigmoid(0) = 1/2, which mpmath computes exactly (Lindemann: e**x is transcendental for
rational x != 0, so the other values are not dyadic rationals), and the hardest cases of
such functions are expected within about 2**-(2p) of a boundary, far above 2**-390.
Where the remainder next to a limit is far below the format's spacing (sigmoid(x) =
1 - s with s < 2**-(p+8)), s is replaced by 2**-(p+8) before the rounding: no format
value or midpoint lies between 1 - s and 1 - 2**-(p+8), so the rounding is the same;
likewise a positive value below 2**-(2**16) (far below every subnormal) is replaced by
2**-(2**16), and in softplus(x) = x + d (x >= 1) a d below ulp(x)/2**8 by ulp(x)/2**8.
Near 0, sigmoid(x) = 1/2 + tanh(x/2)/2, whose second term mpmath gives to 400 bits
relative however small x is.
"""

from __future__ import annotations

import math

import gmpy2
import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tanhproof import round_to
from tanhproof.numeric._bulk import reference

# (precision p, IEEE emin, IEEE emax, width)
FORMATS = {
    "binary16": (11, -14, 15, 16),
    "bfloat16": (8, -126, 127, 16),
    "binary32": (24, -126, 127, 32),
    "binary64": (53, -1022, 1023, 64),
}
ROUNDING = {
    "nearest": gmpy2.RoundToNearest,
    "up": gmpy2.RoundUp,
    "down": gmpy2.RoundDown,
    "zero": gmpy2.RoundToZero,
}
MODES = sorted(ROUNDING)


def mpfr_context(fmt: str, mode: str) -> gmpy2.context:
    p, emin, emax, _ = FORMATS[fmt]
    return gmpy2.context(
        precision=p, emin=emin - p + 2, emax=emax + 1, subnormalize=True, round=ROUNDING[mode]
    )


# round_to expression -> MPFR function (gmpy2 names), and the catalog name for bulk.
MPFR_FUNCTIONS = {
    "tanh(x)": ("tanh", gmpy2.tanh),
    "sinh(x)": ("sinh", gmpy2.sinh),
    "cosh(x)": ("cosh", gmpy2.cosh),
    "exp(x)": ("exp", gmpy2.exp),
    "exp(x) - 1": (None, gmpy2.expm1),
    "log(x)": ("log", gmpy2.log),
    "log(1 + x)": (None, gmpy2.log1p),
    "sech(x)": ("sech", gmpy2.sech),
    "csch(x)": ("csch", gmpy2.csch),
    "coth(x)": ("coth", gmpy2.coth),
    "asinh(x)": ("asinh", gmpy2.asinh),
    "acosh(x)": ("acosh", gmpy2.acosh),
    "atanh(x)": ("atanh", gmpy2.atanh),
    "sqrt(x)": ("sqrt", gmpy2.sqrt),
    "erf(x)": ("erf", gmpy2.erf),
}


def _mp_sigmoid(x: mpmath.mpf, p: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """sigmoid(x) as ``base + rest`` (see the module docstring for the clamps)."""
    if abs(x) < 1:  # sigmoid(x) = 1/2 + tanh(x/2)/2: the small part keeps its relative accuracy
        return mpmath.mpf(0.5), mpmath.tanh(x / 2) / 2
    if x > 0:
        s = 1 / (1 + mpmath.exp(x))
        return mpmath.mpf(1), -max(s, mpmath.ldexp(1, -(p + 8)))
    e = mpmath.exp(x)
    return mpmath.mpf(0), e / (1 + e)


def _mp_softplus(x: mpmath.mpf, p: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    if x >= 1:
        d = mpmath.log1p(mpmath.exp(-x))
        spacing = mpmath.ldexp(1, int(mpmath.floor(mpmath.log(x, 2))) - p + 1)
        return x, max(d, spacing / 2**8)
    return mpmath.mpf(0), mpmath.log1p(mpmath.exp(x))


MPMATH_FUNCTIONS = {"sigmoid(x)": ("sigmoid", _mp_sigmoid), "softplus(x)": ("softplus", _mp_softplus)}


def _exact_mpfr(v: mpmath.mpf) -> gmpy2.mpfr:
    """An mpmath number as an exact gmpy2 number (a positive value below 2**-(2**16) is
    replaced by 2**-(2**16), see the module docstring)."""
    sign, man, exp, bc = v._mpf_
    if man == 0:
        return gmpy2.mpfr(0)
    if exp + bc < -(1 << 16):
        man, exp = 1, -(1 << 16)
    wide = gmpy2.context(precision=max(int(bc), 2) + 2, emin=gmpy2.get_emin_min(), emax=gmpy2.get_emax_max())
    with gmpy2.context(wide):
        out = gmpy2.mul_2exp(gmpy2.mpfr(int(man)), int(exp))
        return -out if sign else out


def _sum_mpfr(base: mpmath.mpf, rest: mpmath.mpf) -> gmpy2.mpfr:
    a, b = _exact_mpfr(base), _exact_mpfr(rest)
    bits = 2 * (1 << 16) + 1024  # wide enough for an exact sum of the two
    with gmpy2.context(gmpy2.context(precision=bits, emin=gmpy2.get_emin_min(), emax=gmpy2.get_emax_max())):
        return a + b


def expected(expr: str, x: float, fmt: str, mode: str) -> float:
    """The correctly rounded value from MPFR (or mpmath + one MPFR rounding)."""
    p = FORMATS[fmt][0]
    if expr in MPFR_FUNCTIONS:
        with gmpy2.context(mpfr_context(fmt, mode)):
            return float(MPFR_FUNCTIONS[expr][1](gmpy2.mpfr(x)))  # x is a format value: exact
    if math.isnan(x):
        return math.nan
    if math.isinf(x):
        return {"sigmoid(x)": (0.0, 1.0), "softplus(x)": (0.0, math.inf)}[expr][x > 0]
    with mpmath.workprec(400):
        base, rest = MPMATH_FUNCTIONS[expr][1](mpmath.mpf(x), p)
        exact = _sum_mpfr(base, rest)
    with gmpy2.context(mpfr_context(fmt, mode)):
        return float(gmpy2.mpfr(exact))


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def from_bits(bits: int, fmt: str) -> float:
    """The format value with bit pattern ``bits`` (numpy views only: no tanhproof code)."""
    width = FORMATS[fmt][3]
    if fmt == "bfloat16":
        return float(np.array([bits << 16], dtype=np.uint32).view(np.float32)[0])
    uint = {16: np.uint16, 32: np.uint32, 64: np.uint64}[width]
    flt = {16: np.float16, 32: np.float32, 64: np.float64}[width]
    return float(np.array([bits], dtype=uint).view(flt)[0])


def hard_values(fmt: str) -> list[float]:
    """Inputs where functions change behaviour: zeros, +-1, the format's extremes, where
    tanh saturates and exp overflows, and the thresholds of the near-limit splits."""
    p, emin, emax, _ = FORMATS[fmt]
    top = (2 - 2.0 ** (1 - p)) * 2.0**emax
    raw = [
        0.0,
        1.0,
        0.5,
        2.0 ** (emin - p + 1),
        2.0**emin,
        top,
        1 + 2.0 ** (1 - p),
        1 - 2.0**-p,
        0.5 * math.log(2.0 ** (p + 2) - 1),
        math.log(top),
        4096.0,
        4095.0,
        4097.0,
        20.0,
        1e-3,
    ]
    dtype = {"binary16": np.float16, "bfloat16": np.float32, "binary32": np.float32, "binary64": np.float64}[
        fmt
    ]
    out = []
    for v in raw:
        with np.errstate(over="ignore"):
            w = float(dtype(v))
        if fmt == "bfloat16":
            w = float(
                np.array([np.float32(w).view(np.uint32) & 0xFFFF0000], dtype=np.uint32).view(np.float32)[0]
            )
        if math.isfinite(w):
            out += [w, -w]
    return out


@st.composite
def format_inputs(draw, finite: bool = True):
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    width = FORMATS[fmt][3]
    choice = draw(st.integers(0, 2))
    if choice == 0:
        x = draw(st.sampled_from(hard_values(fmt)))
    else:
        x = from_bits(draw(st.integers(0, (1 << width) - 1)), fmt)
    if finite and not math.isfinite(x):
        x = 0.0
    return fmt, x


ALL_EXPRESSIONS = sorted(MPFR_FUNCTIONS) + sorted(MPMATH_FUNCTIONS)


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_EXPRESSIONS), format_inputs(), st.sampled_from(MODES))
@example("tanh(x)", ("binary32", -60582.5625), "up")  # issue 10: LimitError before
@example("sigmoid(x)", ("binary32", 11356.0), "down")
@example("exp(x)", ("binary64", 1.5e51), "zero")
@example("exp(x) - 1", ("binary64", 1.5e51), "nearest")
@example("sinh(x)", ("binary64", 3.8e53), "down")
@example("cosh(x)", ("binary64", -3.8e53), "up")
@example("log(x)", ("binary32", 0.0), "nearest")
@example("log(x)", ("binary16", -0.0), "up")
@example("coth(x)", ("bfloat16", -0.0), "nearest")
@example("atanh(x)", ("binary64", -1.0), "down")
@example("sqrt(x)", ("binary32", -0.0), "nearest")
@example("log(1 + x)", ("binary64", -1.0), "nearest")
def test_round_to_equals_mpfr(expr, fmt_x, mode):
    fmt, x = fmt_x
    got = float(round_to(expr, fmt, mode, x=x))
    want = expected(expr, x, fmt, mode)
    assert same(got, want), (expr, fmt, mode, x, got, want)


BULK_NAMES = sorted({name for name, _ in MPFR_FUNCTIONS.values() if name} | {"sigmoid", "softplus"})
_EXPR_OF = {v[0]: k for k, v in {**MPFR_FUNCTIONS, **MPMATH_FUNCTIONS}.items() if v[0]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(BULK_NAMES),
    st.sampled_from(sorted(FORMATS)),
    st.sampled_from(MODES),
    st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=12),
    st.data(),
)
def test_bulk_reference_equals_mpfr(name, fmt, mode, patterns, data):
    width = FORMATS[fmt][3]
    xs = [from_bits(b % (1 << width), fmt) for b in patterns]
    xs += data.draw(st.lists(st.sampled_from([*hard_values(fmt), math.inf, -math.inf, math.nan]), max_size=4))
    dtype = {"binary16": np.float16, "bfloat16": np.float32, "binary32": np.float32, "binary64": np.float64}[
        fmt
    ]
    got = reference(name, np.array(xs, dtype=dtype), fmt, mode).values.astype(np.float64).tolist()
    for x, g in zip(xs, got, strict=True):
        want = expected(_EXPR_OF[name], x, fmt, mode)
        assert same(g, want), (name, fmt, mode, x, g, want)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_special_values_of_both_apis_against_mpfr(fmt):
    # Every special case of issue 10 in both APIs, each against MPFR.
    cases = [
        ("log(x)", 0.0),
        ("log(x)", -0.0),
        ("log(x)", -1.0),
        ("sqrt(x)", -0.0),
        ("sqrt(x)", -1.0),
        ("coth(x)", 0.0),
        ("coth(x)", -0.0),
        ("csch(x)", -0.0),
        ("atanh(x)", 1.0),
        ("atanh(x)", -1.0),
        ("atanh(x)", 2.0),
        ("acosh(x)", 0.5),
        ("tanh(x)", -0.0),
        ("asinh(x)", -0.0),
        ("erf(x)", -0.0),
    ]
    dtype = {"binary16": np.float16, "bfloat16": np.float32, "binary32": np.float32, "binary64": np.float64}[
        fmt
    ]
    for mode in MODES:
        for expr, x in cases:
            want = expected(expr, x, fmt, mode)
            assert same(float(round_to(expr, fmt, mode, x=x)), want), (expr, x, fmt, mode)
            name = MPFR_FUNCTIONS[expr][0]
            bulk = float(reference(name, np.array([x], dtype=dtype), fmt, mode).values[0])
            assert same(bulk, want), (name, x, fmt, mode, bulk, want)

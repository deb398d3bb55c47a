"""Bulk correctly rounded references: the fast path against the arb Ziv loop run point
by point, in every format and mode, plus specials, fallbacks and independent values."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric import _bulk as bulk
from tanhproof.numeric import _specials as specials
from tanhproof.numeric._bitpatterns import all_values
from tanhproof.numeric._bulk import FAST_FUNCTIONS, BulkResult, reference, slow_reference
from tanhproof.numeric._formats import MODES, FormatError, get_format, round_bounds
from tanhproof.numeric._kernels import BOUND, KERNELS

FAST_REQUIRED = ("cosh", "exp", "sech", "sigmoid", "sigmoid'", "sinh", "tanh", "tanh'")


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def float32_sample(n: int, seed: int) -> np.ndarray:
    """n binary32 values: a third uniform in bit patterns over all finite values, a third
    uniform in bit patterns over 2**-30 <= |x| < 64 (where tanh and its gradient change),
    a third uniform in value in [-20, 20]."""
    rng = np.random.default_rng(seed)
    k = n // 3
    patterns = rng.integers(0, 2**32, 2 * k, dtype=np.uint64).astype(np.uint32)
    everywhere = patterns.view(np.float32)
    everywhere = everywhere[np.isfinite(everywhere)][:k]
    lo, hi = np.array([2.0**-30, 64.0], dtype=np.float32).view(np.uint32)
    middle = rng.integers(lo, hi, k, dtype=np.uint32).view(np.float32)
    middle = middle * rng.choice(np.array([-1, 1], dtype=np.float32), k)
    uniform = rng.uniform(-20, 20, n - 2 * k).astype(np.float32)
    return np.concatenate([everywhere, middle, uniform])


def check_against_slow(
    function: str, x: np.ndarray, fmt: str = "binary32", mode: str = "nearest"
) -> BulkResult:
    result = reference(function, x, fmt, mode)
    assert result.points == x.size and result.values.dtype == get_format(fmt).dtype
    for xi, got in zip(x.astype(np.float64).tolist(), result.values.astype(np.float64).tolist(), strict=True):
        expected = slow_reference(function, xi, fmt, mode)
        assert same(got, expected), (function, fmt, mode, xi, got, expected)
    return result


def test_fast_functions_cover_the_required_ones():
    assert set(FAST_REQUIRED) <= set(FAST_FUNCTIONS)


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
@pytest.mark.parametrize("function", ["tanh", "tanh'"])
def test_tanh_and_gradient_1e5_binary32_against_arb(function):
    result = check_against_slow(function, float32_sample(10**5, seed=11))
    assert result.fallback < 10  # the fast path decides (almost) everything


@pytest.mark.slow
@pytest.mark.parametrize("function", ["tanh", "tanh'"])
def test_tanh_and_gradient_1e6_binary32_against_arb(function):
    result = check_against_slow(function, float32_sample(10**6, seed=12))
    assert result.fallback < 100


@pytest.mark.parametrize("function", FAST_REQUIRED)
@pytest.mark.parametrize("mode", MODES)
def test_every_fast_function_and_mode_binary32(function, mode):
    check_against_slow(function, float32_sample(1500, seed=sum(map(ord, function + mode))), "binary32", mode)


@pytest.mark.parametrize("function", ["tanh", "tanh'"])
def test_binary16_exhaustive(function):
    # Every finite binary16 value, checked against the arb Ziv loop.
    x = np.concatenate(list(all_values("binary16")))
    assert x.size == 63488
    check_against_slow(function, x, "binary16")


@pytest.mark.parametrize("mode", ["up", "down", "zero"])
def test_binary16_exhaustive_tanh_directed(mode):
    check_against_slow("tanh", np.concatenate(list(all_values("binary16"))), "binary16", mode)


def test_bfloat16_exhaustive_tanh():
    x = np.concatenate(list(all_values("bfloat16")))
    result = check_against_slow("tanh", x, "bfloat16")
    assert result.values.dtype == np.float32
    assert not np.any(result.values.view(np.uint32) & 0xFFFF)  # bfloat16 values in float32


@pytest.mark.parametrize("function", ["sigmoid", "tanh'", "exp"])
@pytest.mark.parametrize("mode", ["nearest", "up"])
def test_bfloat16_sample(function, mode):
    x = (float32_sample(3000, seed=5).view(np.uint32) & 0xFFFF0000).view(np.float32)
    check_against_slow(function, x, "bfloat16", mode)


# Values of mpmath at mp.dps = 50 (mpmath.tanh(mpf('0.5')), mpmath.sech(1)**2, ...),
# printed with mpmath.nstr(v, 50); each rounds the same way throughout +-1e-45 of itself.
MPMATH_50 = [
    ("tanh", 0.5, "0.46211715726000975850231848364367254873028928033011"),
    ("tanh", 1.0, "0.76159415595576488811945828260479359041276859725794"),
    ("tanh'", 1.0, "0.41997434161402606939449673904170144491718672823077"),
    ("tanh'", 3.0, "0.0098660371654401912731561696835234873273216091187997"),
    ("sigmoid", 1.0, "0.73105857863000487925115924182183627436514464016506"),
    ("sigmoid'", 2.0, "0.10499358540350651734862418476042536122929668205769"),
    ("exp", -100.0, "3.7200759760208359629596958038631183373588922923768e-44"),
    ("sinh", 10.0, "11013.232874703393377236524554846364402901451190319"),
    ("cosh", 0.25, "1.0314130998795731761592954175203785528165265778538"),
    ("sech", 20.0, "0.0000000041223072448771156384188592349186013501756684701366"),
    ("erf", 0.5, "0.52049987781304653768274665389196452873645157575796"),
    ("softplus", 1.0, "1.3132616875182228340489954949678556419152800856703"),
    ("log", 3.0, "1.0986122886681096913952452369225257046474905578227"),
]


@pytest.mark.parametrize(("function", "x", "digits"), MPMATH_50)
@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32", "binary64"])
@pytest.mark.parametrize("mode", MODES)
def test_hard_coded_mpmath_values(function, x, digits, fmt, mode):
    v = Fraction(digits)
    expected = round_bounds(v * (1 - Fraction(1, 10**45)), v * (1 + Fraction(1, 10**45)), fmt, mode)
    assert expected is not None
    dtype = get_format(fmt).dtype
    got = reference(function, np.array([x], dtype=dtype), fmt, mode).values[0]
    assert float(got) == expected


def test_specials():
    x = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0], dtype=np.float32)
    expected = {
        "tanh": [np.nan, 1.0, -1.0, 0.0, -0.0],
        "tanh'": [np.nan, 0.0, 0.0, 1.0, 1.0],
        "sinh": [np.nan, np.inf, -np.inf, 0.0, -0.0],
        "cosh": [np.nan, np.inf, np.inf, 1.0, 1.0],
        "exp": [np.nan, np.inf, 0.0, 1.0, 1.0],
        "sech": [np.nan, 0.0, 0.0, 1.0, 1.0],
        "sigmoid": [np.nan, 1.0, 0.0, 0.5, 0.5],
        "sigmoid'": [np.nan, 0.0, 0.0, 0.25, 0.25],
    }
    for function, values in expected.items():
        for fmt in ("binary32", "binary64"):
            xs = x.astype(get_format(fmt).dtype)
            got = reference(function, xs, fmt).values.tolist()
            assert all(same(g, e) for g, e in zip(got, values, strict=True)), (function, fmt, got)


def test_overflow_and_underflow():
    f32 = np.float32
    # exp(89) = 4.49e38 > max binary32 3.40e38: inf under nearest and up, max under down.
    assert reference("exp", np.array([89.0], f32)).values[0] == np.inf
    assert reference("exp", np.array([89.0], f32), mode="down").values[0] == np.finfo(f32).max
    # exp(-104) = 6.8e-46 is below half the smallest subnormal (7.0e-46): 0, or 2**-149 up.
    assert same(float(reference("exp", np.array([-104.0], f32)).values[0]), 0.0)
    assert reference("exp", np.array([-104.0], f32), mode="up").values[0] == 2.0**-149
    # exp(-100) is subnormal in binary32.
    assert 0 < reference("exp", np.array([-100.0], f32)).values[0] < np.finfo(f32).smallest_normal
    # Saturation: tanh(20) < 1 rounds to 1 under nearest, to 1 - 2**-24 under down.
    assert reference("tanh", np.array([20.0], f32)).values[0] == 1.0
    assert reference("tanh", np.array([20.0], f32), mode="down").values[0] == 1 - 2.0**-24
    # tanh(x) < x for tiny x > 0: down gives the predecessor of x, nearest gives x.
    tiny = np.array([2.0**-40], f32)
    assert reference("tanh", tiny).values[0] == tiny[0]
    assert reference("tanh", tiny, mode="down").values[0] == np.nextafter(tiny[0], f32(0))


def test_binary64_tanh_near_limits():
    # decided by the double-double fast path and its constant ranges (_ddkernels);
    # the same values as the arb loop gives (test_ddbulk.py compares the two).
    x = np.array([0.5, 1.0, 30.0, -1e-300, 1e300])
    result = reference("tanh", x, "binary64", "down")
    assert result.fallback == 0
    assert result.values[2] == 1 - 2.0**-53  # tanh(30) < 1, found through 1 - tanh
    assert result.values[4] == 1 - 2.0**-53
    assert result.values[3] == -1e-300  # x < tanh(x) < 0 for tiny x < 0
    up = reference("tanh", np.array([30.0, 1e300, -1e-300]), "binary64", "up").values
    assert up.tolist() == [1.0, 1.0, np.nextafter(-1e-300, np.inf)]


def test_fallback_is_counted_and_still_correct(monkeypatch):
    x = float32_sample(3000, seed=3)
    exact = reference("tanh", x).values
    monkeypatch.setattr(bulk, "BOUND", 2.0**-12)  # a deliberately loose error bound
    loose = reference("tanh", x)
    assert loose.fallback > 0
    assert np.array_equal(loose.values.view(np.uint32), exact.view(np.uint32))


def test_functions_without_kernels_and_undefined_points(monkeypatch):
    monkeypatch.setattr(bulk, "KERNELS", {})  # every catalog function has one: take them away
    x = np.array([-1.0, 0.0, 0.5, 2.0, np.nan], dtype=np.float32)
    # (function, undefined points, points that went to the Ziv loop)
    for function, undefined, looped in (
        ("log", 1, 2),
        ("coth", 0, 3),
        ("atanh", 1, 2),
        ("softplus", 0, 4),
        ("log'", 2, 2),
    ):
        result = reference(function, x)
        assert result.undefined == undefined, function
        assert result.fallback == looped, function  # points outside the domain or at a pole skip it
        assert np.isnan(result.values[-1])
        for xi, got in zip(x[:-1].tolist(), result.values[:-1].tolist(), strict=True):
            assert same(got, slow_reference(function, xi))
    # IEEE 754 poles (MPFR agrees, tests/test_ieee_mpfr.py): log(0) = -inf, coth(+0) = +inf,
    # atanh(-1) = -inf.
    assert reference("log", x).values[1] == -np.inf
    assert reference("coth", x).values[1] == np.inf
    assert reference("atanh", x).values[0] == -np.inf
    # The derivative of a function without a direct arb formula goes through the catalog's
    # expression: asinh'(1) = 1/sqrt(2) = 0.70710678118654752440084436... (OEIS A010503).
    root_half = round_bounds(
        Fraction("0.7071067811865475244008"), Fraction("0.7071067811865475244009"), "binary32"
    )
    assert reference("asinh'", np.array([0.0, 1.0], np.float32)).values.tolist() == [1.0, root_half]


def test_slow_path_splits_saturating_functions():
    # sigmoid(100) = 1 - 3.7e-44: far below any precision next to 1, decided via 1 - f.
    assert slow_reference("sigmoid", 100.0, "binary64", "down") == 1 - 2.0**-53
    assert slow_reference("erf", 10.0, "binary32", "zero") == 1 - 2.0**-24
    assert slow_reference("softplus", 1000.0, "binary64", "up") == 1000.0 + 2.0**-43


def test_input_checks():
    with pytest.raises(TanhproofError, match="unknown function 'tanhh'"):
        reference("tanhh", np.zeros(1, np.float32))
    with pytest.raises(FormatError, match="not a binary32 value"):
        reference("tanh", np.array([0.1]))  # float64 0.1 is not a binary32 value
    ok = reference("tanh", np.array([0.5, 1.0]))  # float64 arrays of binary32 values are fine
    assert ok.values.dtype == np.float32
    with pytest.raises(FormatError, match="not a bfloat16 value"):
        reference("tanh", np.array([1 + 2.0**-20], np.float32), "bfloat16")
    shaped = reference("tanh", np.zeros((2, 3), np.float16), "binary16")
    assert shaped.values.shape == (2, 3) and shaped.points == 6


KERNEL_REFERENCES = {
    "tanh": lambda t: mpmath.tanh(t),
    "tanh'": lambda t: mpmath.sech(t) ** 2,
    "sinh": lambda t: mpmath.sinh(t),
    "cosh": lambda t: mpmath.cosh(t),
    "exp": lambda t: mpmath.exp(t),
    "sech": lambda t: mpmath.sech(t),
    "sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)),
    "sigmoid'": lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2,
}


@pytest.mark.parametrize("function", sorted(KERNEL_REFERENCES))
def test_kernels_stay_within_the_analysed_bound(function):
    # The error analysis of tanhproof.numeric._kernels gives at most 19 * 2**-53 relative error on
    # d (BOUND claims 2**-45); check the analysis itself against mpmath at 400 bits.
    rng = np.random.default_rng(sum(map(ord, function)))
    x = (
        np.concatenate(
            [
                rng.uniform(-30, 30, 400),
                rng.uniform(-1.2, 1.2, 300),
                rng.uniform(-0.07, 0.07, 300),
                np.exp2(rng.uniform(-60, -4, 300)) * rng.choice([-1, 1], 300),
            ]
        )
        .astype(np.float32)
        .astype(np.float64)
    )
    c, d = KERNELS[function](x)
    with mpmath.workprec(400):
        for xi, ci, di in zip(x.tolist(), c.tolist(), d.tolist(), strict=True):
            true_d = KERNEL_REFERENCES[function](mpmath.mpf(xi)) - ci
            if true_d == 0:
                assert di == 0
            else:
                assert abs((di - true_d) / true_d) <= 19 * 2.0**-53, (function, xi)
    assert BOUND >= 13 * 19 * 2.0**-53  # the claimed bound keeps a safety factor of 13


def test_huge_arguments_are_values_not_undefined():
    # Review regressions. softplus'(x) = sigmoid(x): sigmoid(-1e300) is a positive number
    # below every subnormal, so it rounds to +0.0 (it was reported NaN/"undefined" when
    # arb overflowed computing exp(1e300)). coth'(x) = -csch(x)**2 = -4e^(-2|x|)/(1 - e^(-2|x|))**2,
    # so at 1e9 it is a tiny negative number: -0.0 under nearest, -min_subnormal rounding down.
    r = reference("softplus'", np.array([-1e300, 1e300, 0.0]), fmt="binary64")
    assert r.values.tolist() == [0.0, 1.0, 0.5] and r.undefined == 0
    r = reference("coth'", np.array([1e9], dtype=np.float32), fmt="binary32", mode="down")
    assert r.values.tolist() == [-(2.0**-149)] and r.undefined == 0
    r = reference("coth'", np.array([1e9, 0.0]), fmt="binary64")
    assert math.copysign(1.0, r.values[0]) == -1 and r.values[0] == 0
    assert math.isnan(r.values[1]) and r.undefined == 1  # coth' = -csch^2 has no value at its pole


def test_issue_10_log_at_zero_is_minus_infinity_in_every_format():
    # IEEE 754 log(+-0) = -inf (divideByZero), as MPFR and numpy; it was NaN.
    for fmt in ("binary16", "bfloat16", "binary32", "binary64"):
        for mode in MODES:
            x = np.array([0.0, -0.0], dtype=get_format(fmt).dtype)
            r = reference("log", x, fmt, mode)
            assert r.values.tolist() == [-np.inf, -np.inf] and r.undefined == 0


@pytest.mark.parametrize("function", ["sqrt", "sign", "acosh'", "sqrt'", "sign'", "log", "atanh'", "csch'"])
def test_issue_10_references_with_a_domain_do_not_abort(function):
    # Audits against sqrt, sign and acosh' aborted saying a point outside the domain "is in
    # the domain". Every value of binary16 now gets a value or NaN, no exception.
    x = np.concatenate(list(all_values("binary16")))
    r = reference(function, x, "binary16")
    nan = np.isnan(r.values)
    assert r.undefined == int(nan.sum())
    rule = specials.DOMAINS.get(function)
    inside = rule[1](x.astype(np.float64)) if rule else np.ones(x.shape, bool)
    pole = (
        np.zeros(x.shape, bool)
        if function not in specials.POLES
        else ~np.isnan(specials.POLES[function](x.astype(float)))
    )
    assert np.array_equal(nan, ~inside & ~pole)


def test_sign_and_its_derivative():
    x = np.array([-2.0, -0.0, 0.0, 3.0], dtype=np.float32)
    assert reference("sign", x).values.tolist() == [-1.0, 0.0, 0.0, 1.0]  # sign(0) = 0 (numpy too)
    r = reference("sign'", x)
    assert r.values.tolist()[0::3] == [0.0, 0.0] and np.isnan(r.values[1:3]).all() and r.undefined == 2
    assert specials.domain_reason("sign'", 0.0) == "sign' is undefined at x = 0.0: needs x != 0"
    assert specials.domain_reason("acosh'", 1.0) == "acosh' is undefined at x = 1.0: needs x > 1"
    assert specials.domain_reason("acosh'", 2.0) is None and specials.domain_reason("log", 0.0) is None


def _conditions(function):
    import sympy

    from tanhproof.expr._catalog import CATALOG
    from tanhproof.expr._domain import conditions_of

    u = sympy.Symbol("x", real=True)
    base = function.rstrip("'")
    exprs = [CATALOG[base].func(u)] + ([CATALOG[base].derivative(u)] if function.endswith("'") else [])
    return u, [c for e in exprs for c in conditions_of(e)]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(specials.DOMAINS)),
    st.sampled_from([-2.0, -1.0, -0.5, -0.0, 0.0, 2.0**-60, 0.5, 1.0, 1.0 + 2.0**-52, 1.5, 2.0, 1e300]),
)
def test_domain_table_agrees_with_the_parsers_conditions(function, x):
    # specials.DOMAINS states each domain once as a vectorized predicate; it must say what
    # the parser's conditions for f(x) (and the catalog's f'(x)) say, certified by arb
    # (sign' is the exception: the catalog writes its derivative 0, and 2*DiracDelta(x)
    # has no value at 0).
    from tanhproof.numeric._conditions import certified

    u, conditions = _conditions(function)
    expected = certified(conditions, {u: Fraction(x)}, bits=256) and not (function == "sign'" and x == 0)
    assert bool(specials.DOMAINS[function][1](np.array([x]))[0]) == expected, (function, x)


def test_every_function_with_conditions_has_a_domain_entry():
    from tanhproof.expr._catalog import CATALOG
    from tanhproof.numeric._conditions import certified

    names = [n for base in CATALOG for n in (base, base + "'")]
    points = [Fraction(v) for v in (-2, -1, Fraction(-1, 2), 0, Fraction(1, 2), 1, 2)]
    restricted = set()
    for n in names:
        u, conditions = _conditions(n)
        if not all(certified(conditions, {u: v}, bits=128) for v in points):
            restricted.add(n)
    assert restricted | {"sign'"} == set(specials.DOMAINS)


def test_binary64_extremes_through_the_loop():
    # Near-limit splits and exponent bounds in the slow path (binary64 goes through it):
    # tanh(1.7e308) < 1, exp(-1e300) > 0, sinh(1e300) overflows, sigmoid'(1e300) > 0.
    big = np.array([1.7e308])
    assert reference("tanh", big, "binary64", "down").values[0] == 1 - 2.0**-53
    assert reference("exp", -big, "binary64", "up").values[0] == 2.0**-1074
    assert reference("sinh", big, "binary64", "zero").values[0] == np.finfo(np.float64).max
    assert reference("sigmoid'", big, "binary64", "up").values[0] == 2.0**-1074
    assert reference("erf", -big, "binary64", "up").values[0] == -1 + 2.0**-53
    assert reference("softplus", big, "binary64", "up").values[0] == np.nextafter(1.7e308, np.inf)


@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32"])
@pytest.mark.parametrize("mode", MODES)
def test_the_whole_block_shortcut_gives_the_general_paths_values(fmt, mode, monkeypatch):
    # An audit's block of finite inputs is decided in one kernel call; it must give what the
    # general path (index gathering, specials, the Ziv loop for the undecided) gives, bit for
    # bit, residuals included -- also for blocks the shortcut declines (a NaN, an infinity).
    rng = np.random.default_rng(11)
    names = sorted(n for n in KERNELS if n not in specials.DOMAINS)
    f = get_format(fmt)
    width = 16 if fmt == "binary16" else 32
    for name in names[:: 3 if mode != "nearest" else 1]:
        bits = rng.integers(0, 2**width, 400, dtype=np.uint64).astype(np.uint16 if width == 16 else np.uint32)
        with np.errstate(invalid="ignore", over="ignore"):
            x = bits.view(np.float16 if width == 16 else np.float32).astype(np.float64)
            x = x[np.isfinite(x)]
            if fmt == "bfloat16":
                x = np.unique(np.asarray(round_array_bf16(x)))
        blocks = [
            x,
            np.concatenate([x[:50], [np.nan]]),
            np.concatenate([x[:50], [-np.inf]]),
            np.linspace(-3, 3, 7),
        ]
        for block in blocks:
            xb = block.astype(f.dtype)
            fast = reference(name, xb, fmt, mode, residual=True)
            with monkeypatch.context() as m:
                m.setattr(bulk, "_whole_block", lambda *args: None)
                general = reference(name, xb, fmt, mode, residual=True)
            assert fast.values.dtype == general.values.dtype
            assert np.array_equal(fast.values.view(np.uint8), general.values.view(np.uint8)), (
                name,
                fmt,
                mode,
            )
            assert np.array_equal(fast.residual, general.residual, equal_nan=True), (name, fmt, mode)
            assert (fast.points, fast.fallback, fast.undefined) == (
                general.points,
                general.fallback,
                general.undefined,
            )


def round_array_bf16(x: np.ndarray) -> np.ndarray:
    from tanhproof.numeric._arrayrounding import round_array

    return round_array(x, "bfloat16")

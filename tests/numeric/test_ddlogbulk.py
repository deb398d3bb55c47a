"""``reference(f, x, "binary64")`` for the log family, coth, csch and the hyperbolic derivatives.

Expected values come from MPFR (gmpy2, a context set to binary64 with subnormals:
correctly rounded ``log``, ``sqrt``, ``coth``, ``csch``, ``asinh``, ``acosh``, ``atanh``
and the division ``1/x``) and,
for the functions MPFR lacks (``softplus`` and the derivatives),
from the arb Ziv loop one point at a time (:func:`~tanhproof.numeric._bulk.slow_reference`).
Inputs: log-uniform over the whole binary64 range of both signs, values next to 1,
squares and powers of two (exact results), and the thresholds of the kernels with
their neighbours.
"""

from __future__ import annotations

import math

import gmpy2
import numpy as np
import pytest

from tanhproof.numeric._bulk import reference, slow_reference

MODES = ["down", "nearest", "up", "zero"]
ROUNDING = {
    "nearest": gmpy2.RoundToNearest,
    "up": gmpy2.RoundUp,
    "down": gmpy2.RoundDown,
    "zero": gmpy2.RoundToZero,
}
MPFR = {
    "log": gmpy2.log,
    "sqrt": gmpy2.sqrt,
    "coth": gmpy2.coth,
    "csch": gmpy2.csch,
    "log'": lambda v: 1 / v if v > 0 else gmpy2.nan(),  # the domain of log' is x > 0 (as log)
    "asinh": gmpy2.asinh,
    "acosh": gmpy2.acosh,
    "atanh": gmpy2.atanh,
    "erf": gmpy2.erf,
}
# MPFR lacks these: the arb Ziv loop is the reference
DERIVED = [
    "softplus",
    "sqrt'",
    "coth'",
    "csch'",
    "sech'",
    "asinh'",
    "acosh'",
    "atanh'",
    "abs",
    "abs'",
    "sign",
    "sign'",
]
THRESHOLDS = [2.0**-1023, 2.0**-512, 2.0**-511.5, 2.0**-60, 2.0**-42, 0.375, 0.5, 0.75, 1.0, 2.0, 30.0]
THRESHOLDS += [40.0, 60.0, 80.0, 310.0, 384.0, 620.0, 766.0, 2.0**900, 1 / 3, 1.25, 2.0**30, 2.0**50]
# The open ranges of |x| (module docstrings of _ddlogkernels and _ddhypkernels): results next
# to the overflow threshold, left to the Ziv loop.
OPEN = {"coth": (2.0**-1024, 2.0**-1023), "csch": (2.0**-1024, 2.0**-1023)}
OPEN |= {"coth'": (2.0**-512, 2.0**-511.5), "csch'": (2.0**-512, 2.0**-511.5)}


def mpfr(function: str, x: float, mode: str) -> float:
    context = gmpy2.context(precision=53, emin=-1073, emax=1024, subnormalize=True, round=ROUNDING[mode])
    with gmpy2.context(context):
        return float(MPFR[function](gmpy2.mpfr(x)))


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def around(values: list[float]) -> list[float]:
    out = []
    for v in values:
        out += [v, float(np.nextafter(v, 0.0)), float(np.nextafter(v, np.inf))]
    return out + [-v for v in out]


def sample(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.exp2(rng.uniform(-1074, 1023, n)) * rng.choice([-1.0, 1.0], n)
    near = np.exp2(rng.uniform(-60, 10.5, n)) * rng.choice([-1.0, 1.0], n)
    exact = np.concatenate(
        [rng.integers(1, 2**26, 20).astype(float) ** 2, np.exp2(rng.integers(-1074, 1023, 20))]
    )
    ones = np.concatenate([1 + rng.uniform(-1e-12, 1e-12, 10), 1 - np.exp2(rng.uniform(-53, -1, 10))])
    return np.concatenate([x, near, exact, ones, around(THRESHOLDS), [0.0, -0.0, 1.0, -1.0]])


def open_count(function: str, x: np.ndarray) -> int:
    if function not in OPEN:
        return 0
    low, high = OPEN[function]
    return int(((np.abs(x) > low) & (np.abs(x) < high)).sum())


@pytest.mark.parametrize("function", sorted(MPFR))
@pytest.mark.parametrize("mode", MODES)
def test_against_mpfr(function, mode):
    x = sample(500, seed=MODES.index(mode))
    result = reference(function, x, "binary64", mode)
    bad = [
        (t, v)
        for t, v in zip(x.tolist(), result.values.tolist(), strict=True)
        if not same(v, mpfr(function, t, mode))
    ]
    assert not bad, bad[:5]
    # neighbours of powers of two (sampled here) can be within 2**-98 of a float64: the loop
    assert result.fallback <= open_count(function, x) + len(x) // 50


@pytest.mark.parametrize("function", DERIVED)
@pytest.mark.parametrize("mode", MODES)
def test_against_the_ziv_loop(function, mode):
    x = sample(15, seed=10 + MODES.index(mode))
    result = reference(function, x, "binary64", mode)
    for t, v in zip(x.tolist(), result.values.tolist(), strict=True):
        assert same(v, slow_reference(function, t, "binary64", mode)), (function, t, mode)


@pytest.mark.parametrize("function", sorted(MPFR) + DERIVED)
def test_random_inputs_rarely_fall_back(function):
    rng = np.random.default_rng(3)
    x = np.exp2(rng.uniform(-1074, 1023, 20_000)) * rng.choice([-1.0, 1.0], 20_000)
    assert reference(function, x, "binary64", "down").fallback <= open_count(function, x)


@pytest.mark.parametrize("function", ["tanh", "sinh", "exp", "log", "coth", "asinh"])
@pytest.mark.parametrize("mode", MODES)
def test_blocks_inside_the_kernel_range(function, mode):
    # every input inside the kernel's range and no constant rule: split64 and fast64 skip
    # their gathering (the common case of an audit) and must agree with MPFR all the same
    rng = np.random.default_rng(30 + MODES.index(mode))
    x = rng.uniform(0.5, 20, 300) * rng.choice([-1.0, 1.0], 300)
    if function == "log":
        x = np.abs(x)
    mpfr_function = {"tanh": gmpy2.tanh, "sinh": gmpy2.sinh, "exp": gmpy2.exp}.get(
        function, MPFR.get(function)
    )
    result = reference(function, x, "binary64", mode)
    context = gmpy2.context(precision=53, emin=-1073, emax=1024, subnormalize=True, round=ROUNDING[mode])
    with gmpy2.context(context):
        expected = [float(mpfr_function(gmpy2.mpfr(t))) for t in x.tolist()]
    assert all(same(a, b) for a, b in zip(result.values.tolist(), expected, strict=True))
    assert result.fallback == 0


# CORE-MATH src/binary64/log/log.wc (hard-to-round cases of log from V. Lefevre's testlibm
# data, up to 64 identical bits after the round bit): a sample over the exponents of the list
LOG_WORST = [
    float.fromhex(v)
    for v in (
        "0x1.a6ae5142326b5p+0 0x1.a6ba95b1520f9p+0 0x1.bbfff9457d5c3p+0 0x1.1e852e6951306p+1 "
        "0x1.21e133699fd0fp+1 0x1.000976581ce4ep+1 0x1.3fa2991e8c0c2p+1 0x1.006057e9892f7p+2 "
        "0x1.2d26e1ebebee6p+2 0x1.39e3e05fe5f35p+3 0x1.879c73969a24ap+3 0x1.0af4fba7063b8p+4 "
        "0x1.0bb1747d46314p+5 0x1.186e96b6dca56p+6 0x1.08fa8af9c8957p+7 0x1.15956b273c365p+8 "
        "0x1.07598f4a78f02p+9 0x1.38a3dbb5a6a4fp+10 0x1.1e88509f96c39p+11 0x1.a455a70c31d8p+13 "
        "0x1.f63e8a05c6055p+14 0x1.561031d4db97cp+16 0x1.1c9c4b63cad4dp+17 0x1.7d822b508bb3bp+20 "
        "0x1.5106c15d1fc3fp+22 0x1.8992bd496d364p+25 0x1.187473f1019f6p+31 0x1.8e27f4f0e6c74p+34 "
        "0x1.b61a3bd0deacp+39 0x1.a6004162f2b8cp+45"
    ).split()
]


@pytest.mark.parametrize("mode", MODES)
def test_hard_to_round_log(mode):
    # the kernel cannot decide the hardest of these (they lie within 2**-98 of a rounding
    # boundary): the loop does, and every value must be MPFR's
    x = np.array(LOG_WORST)
    result = reference("log", x, "binary64", mode)
    assert [mpfr("log", t, mode) for t in LOG_WORST] == result.values.tolist()

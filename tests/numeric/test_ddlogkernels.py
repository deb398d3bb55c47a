"""The binary64 kernels of the log family and of coth, csch and the hyperbolic derivatives.

Each kernel of :mod:`tanhproof.numeric._ddlogkernels`, :mod:`tanhproof.numeric._ddhypkernels`
and :mod:`tanhproof.numeric._ddinvkernels` claims a relative error bound from the analysis in its docstring (units ``u**2 =
2**-106``); here its double-double value (or scaled value ``2**e (h + l)``) is compared
with arb at 300 bits (the exact value to far more than the bound) on log-uniform random
inputs over the whole binary64 range and on hard inputs (branch points and thresholds
with their neighbours, values next to 1 for log, squares for sqrt). The cores
(:func:`~tanhproof.numeric._ddlog.log_dd`, ``log1p_dd``, ``sqrt_dd``, ``recip_dd``) are
checked against their own bounds, and the measured maximum error is printed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from flint import arb, ctx

from tanhproof.numeric._ddarith import add_dd_d, add_dd_d_dominant, two_sum
from tanhproof.numeric._dderfkernels import ERF_KERNELS64
from tanhproof.numeric._ddexactkernels import EXACT_KERNELS64
from tanhproof.numeric._ddexpkernels import EXP_KERNELS64
from tanhproof.numeric._ddhypkernels import HYP_KERNELS64
from tanhproof.numeric._ddinvkernels import INV_KERNELS64
from tanhproof.numeric._ddkernels import BOUND64, KERNELS64, KIND_SCALED, KIND_VALUE, split64
from tanhproof.numeric._ddlog import (
    LOG1P_BOUND,
    LOG_BOUND,
    RECIP_BOUND,
    SQRT_BOUND,
    log1p_dd,
    log_dd,
    recip_dd,
    sqrt_dd,
)
from tanhproof.numeric._ddlogkernels import LOG_KERNELS64

# The analysed bounds (u**2 units) of the docstring tables.
ANALYSED = {
    "log": 80,
    "log'": 1.01,
    "softplus": 104,
    "sqrt": 2.6,
    "sqrt'": 18.1,
    "coth": 109,
    "csch": 111,
    "coth'": 214,
    "csch'": 174,
    "sech'": 167,
    "asinh": 88,
    "asinh'": 34,
    "acosh": 86,
    "acosh'": 34,
    "atanh": 96,
    "atanh'": 24,
    "erf'": 39.6,
    "erf": 40,
}

REFERENCE = {
    "log": lambda b: b.log(),
    "log'": lambda b: 1 / b,
    "softplus": lambda b: b.exp().log1p(),
    "sqrt": lambda b: b.sqrt(),
    "sqrt'": lambda b: 1 / (2 * b.sqrt()),
    "coth": lambda b: b.coth(),
    "csch": lambda b: 1 / b.sinh(),
    "coth'": lambda b: -1 / b.sinh() ** 2,
    "csch'": lambda b: -b.cosh() / b.sinh() ** 2,
    "sech'": lambda b: -b.sech() * b.tanh(),
    "asinh": lambda b: b.asinh(),
    "asinh'": lambda b: 1 / (1 + b**2).sqrt(),
    "acosh": lambda b: b.acosh(),
    "acosh'": lambda b: 1 / (b**2 - 1).sqrt(),
    "atanh": lambda b: b.atanh(),
    "atanh'": lambda b: 1 / (1 - b**2),
    "erf'": lambda b: 2 / arb.pi().sqrt() * (-(b**2)).exp(),
    "erf": lambda b: b.erf(),
}

HARD = [2.0**-1023, 2.0**-511.5, 2.0**-60, 2.0**-42, 0.5, 0.75, 1.0, 2.0, 30.0, 40.0, 60.0, 80.0]
HARD += [310.0, 384.0, 620.0, 766.0, 2.0**900]


def relative_error(value: arb, exact: arb) -> float:
    """An upper bound of ``|value - exact| / |exact|`` in units of ``u**2``."""
    return float((abs((value - exact) / exact) * arb(2) ** 106).upper())


def log_uniform(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return np.exp2(rng.uniform(math.log2(low), math.log2(high), n))


def inputs(name: str, rng: np.random.Generator, n: int) -> np.ndarray:
    hard = np.array([float(np.nextafter(h, d)) for h in HARD for d in (0.0, np.inf)] + HARD)
    if name == "softplus":
        x = np.concatenate([rng.uniform(-800, 70, n // 2), log_uniform(rng, 2.0**-80, 60, n // 2)])
        return np.concatenate([x, -x[n // 2 :], hard[hard < 800], -hard[hard < 800]])
    if name in ("acosh", "acosh'"):
        x = np.concatenate(
            [1 + log_uniform(rng, 2.0**-52, 1, n // 2), log_uniform(rng, 1, 2.0**1023, n // 2)]
        )
        return np.concatenate(
            [x, [1.25, np.nextafter(1.25, 2), 2.0**30, 2.0**50, 2.0**900, np.nextafter(1, 2)]]
        )
    if name in ("atanh", "atanh'"):
        a = np.concatenate(
            [log_uniform(rng, 2.0**-45, 1, n // 2), 1 - log_uniform(rng, 2.0**-53, 0.5, n // 2)]
        )
        a = np.concatenate([a, [1 / 3, np.nextafter(1 / 3, 1), np.nextafter(1, 0), 2.0**-42]])
        a = np.concatenate([a, [2.0**-26, np.nextafter(2.0**-26, 0)], rng.uniform(2.0**-27, 2.0**-26, 50)])
        return a * rng.choice([-1.0, 1.0], len(a))
    if name == "erf":
        a = np.concatenate([log_uniform(rng, 2.0**-1074, 7.7, n), rng.uniform(0, 7.7, 300)])
        a = np.concatenate([a, np.arange(0, 494) / 64, np.arange(0, 494) / 64 + 1 / 128, [2.0**-500, 7.7]])
        # the ends of the shorter Horner loops near 0 (_dderf._SHORT), where their
        # truncation errs most: just below each limit
        for rho in (2.0**-56, 2.0**-28, 2.0**-19, 2.0**-14, 2.0**-10):
            a = np.concatenate([a, [rho, np.nextafter(rho, 0)], rng.uniform(rho / 2, rho, 20)])
        return a * rng.choice([-1.0, 1.0], len(a))
    if name == "erf'":
        a = np.concatenate([log_uniform(rng, 2.0**-600, 28, n), rng.uniform(24, 28, 200), [0.0, 24.9, 27.7]])
        return a * rng.choice([-1.0, 1.0], len(a))
    if name in ("asinh", "asinh'"):
        a = np.concatenate([log_uniform(rng, 2.0**-45, 2.0**1023, n), [0.75, 2.0**30, 2.0**50, 2.0**900]])
        a = np.concatenate([a, [2.0**-26, np.nextafter(2.0**-26, 0)], rng.uniform(2.0**-27, 2.0**-26, 50)])
        return a * rng.choice([-1.0, 1.0], len(a))
    if name in ("log", "sqrt", "sqrt'"):
        near_one = 1 + rng.uniform(-1e-6, 1e-6, 100)
        squares = rng.integers(1, 2**26, 50).astype(float) ** 2
        return np.concatenate([log_uniform(rng, 2.0**-1074, 2.0**1023, n), near_one, squares, hard])
    high = 2.0**1023 if name == "log'" else 800.0
    a = np.concatenate([log_uniform(rng, KERNELS64[name].low, high, n), hard])
    return a * rng.choice([-1.0, 1.0], len(a))


@pytest.mark.parametrize("name", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(name, capsys):
    rng = np.random.default_rng(sorted(ANALYSED).index(name))
    x = inputs(name, rng, 1200)
    s = split64(name, x)
    worst = 0.0
    checked = 0
    old = ctx.prec
    ctx.prec = 300
    try:
        for i in np.flatnonzero((s.kind == KIND_VALUE) | (s.kind == KIND_SCALED)).tolist():
            if math.isnan(s.h[i]):  # a failed guard: never decided (counted below)
                continue
            value = (arb(float(s.h[i])) + arb(float(s.lo[i]))) * arb(2) ** int(s.e[i])
            if s.kind[i] == KIND_VALUE:
                assert s.e[i] == 0
            worst = max(worst, relative_error(value, REFERENCE[name](arb(float(x[i])))))
            checked += 1
    finally:
        ctx.prec = old
    assert checked > 1000
    assert worst <= ANALYSED[name], (name, worst)
    assert worst * 2.0**-106 <= BOUND64
    assert int(np.isnan(s.h).sum()) == 0  # numpy's log is far more accurate than the guards need
    with capsys.disabled():
        print(f"\n{name}: {checked} points, max error {worst:.2f} u^2")


def test_the_table_is_the_union_of_the_families():
    assert KERNELS64 == {
        **EXP_KERNELS64,
        **LOG_KERNELS64,
        **HYP_KERNELS64,
        **INV_KERNELS64,
        **EXACT_KERNELS64,
        **ERF_KERNELS64,
    }
    assert set(ANALYSED) == set(LOG_KERNELS64) | set(HYP_KERNELS64) | set(INV_KERNELS64) | set(ERF_KERNELS64)


def test_cores_within_their_bounds(capsys):
    rng = np.random.default_rng(21)
    old = ctx.prec
    ctx.prec = 300
    worst = {}
    try:
        x = np.concatenate([log_uniform(rng, 2.0**-1074, 2.0**1023, 800), rng.uniform(0.5, 2, 400)])
        x = np.concatenate([x, 1 + rng.uniform(-1e-9, 1e-9, 100), [5e-324, 0.5, 2.0, np.nextafter(1, 0)]])
        h, lo, ok = log_dd(x)
        assert ok.all()
        worst["log"] = max(
            relative_error(arb(a) + arb(b), arb(t).log()) for a, b, t in zip(h, lo, x, strict=True)
        )
        small = log_uniform(rng, 2.0**-900, 0.5, 500) * rng.choice([-1.0, 1.0], 500)
        d = np.concatenate([rng.uniform(-0.5, 1, 500), small, [-0.5, 1.0, 2.0**-60, -(2.0**-61)]])
        dl = d * rng.uniform(-1, 1, len(d)) * 2.0**-54
        h, lo, ok = log1p_dd(d, dl)
        assert ok.all()
        worst["log1p"] = max(
            relative_error(arb(a) + arb(b), (arb(t) + arb(tl)).log1p())
            for a, b, t, tl in zip(h, lo, d, dl, strict=True)
        )
        x = log_uniform(rng, 2.0**-1074, 2.0**1023, 800)
        h, lo = sqrt_dd(x)
        worst["sqrt"] = max(
            relative_error(arb(a) + arb(b), arb(t).sqrt()) for a, b, t in zip(h, lo, x, strict=True)
        )
        x = log_uniform(rng, 2.0**-1023, 2.0**900, 800) * rng.choice([-1.0, 1.0], 800)
        h, lo = recip_dd(x)
        worst["recip"] = max(
            relative_error(arb(a) + arb(b), 1 / arb(t)) for a, b, t in zip(h, lo, x, strict=True)
        )
    finally:
        ctx.prec = old
    bounds = {"log": LOG_BOUND, "log1p": LOG1P_BOUND, "sqrt": SQRT_BOUND, "recip": RECIP_BOUND}
    for name, value in worst.items():
        assert value * 2.0**-106 <= bounds[name], (name, value)
    with capsys.disabled():
        print("\ncores, max error in u^2:", {k: round(v, 2) for k, v in worst.items()})


def test_dominant_addition_is_add_dd_d():
    # add_dd_d_dominant (|y| >= 2|x_h|) must give add_dd_d's result bit for bit
    rng = np.random.default_rng(23)
    xh = np.exp2(rng.uniform(-80, 3, 5000)) * rng.choice([-1.0, 1.0], 5000)
    xl = xh * rng.uniform(-1, 1, 5000) * 2.0**-53
    xh, xl = two_sum(xh, xl)
    y = 2 * np.abs(xh) * np.exp2(rng.uniform(0, 60, 5000)) * rng.choice([-1.0, 1.0], 5000)
    y = np.concatenate([y, 2 * np.abs(xh[:100])])
    xh, xl = np.concatenate([xh, -xh[:100]]), np.concatenate([xl, -xl[:100]])
    for a, b in zip(add_dd_d(xh, xl, y), add_dd_d_dominant(xh, xl, y), strict=True):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("name", ["asinh", "atanh"])
def test_the_series_near_zero_within_its_own_bound(name):
    # _ddinvkernels' series branch, 2**-42 <= a < 2**-26, claims 4.1 u**2 (the kernel's
    # other branches up to 88 and 96): checked alone, most inputs near its upper end
    rng = np.random.default_rng(5)
    a = np.concatenate([log_uniform(rng, 2.0**-42, 2.0**-26, 200), rng.uniform(2.0**-27, 2.0**-26, 300)])
    a = np.concatenate([a, [2.0**-42, np.nextafter(2.0**-26, 0)]]) * rng.choice([-1.0, 1.0], len(a) + 2)
    s = split64(name, a)
    assert (s.kind == KIND_VALUE).all()
    old = ctx.prec
    ctx.prec = 300
    try:
        worst = max(
            relative_error(arb(float(s.h[i])) + arb(float(s.lo[i])), REFERENCE[name](arb(float(a[i]))))
            for i in range(len(a))
        )
    finally:
        ctx.prec = old
    assert worst <= 4.1, worst

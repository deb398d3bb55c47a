"""``reference(f, x, "binary64")``: the double-double fast path and its constant ranges.

Expected values come from MPFR (gmpy2: correctly rounded ``exp``, ``tanh``, ``sinh``,
``cosh``, ``sech`` in a context set to binary64, subnormals and overflow included) and,
for the functions MPFR lacks (``sigmoid``, the derivatives), from the arb Ziv loop one
point at a time (:func:`~tanhproof.numeric._bulk.slow_reference`, the loop that
:func:`tanhproof.round_to` uses). Inputs: log-uniform over the whole binary64 range of
both signs, and every threshold of the constant ranges with its neighbours (binary64
binades hold ``2**52`` values, so each boundary binade is sampled, not exhausted).
The decision step is also checked against exact rational rounding.
"""

from __future__ import annotations

import math
from fractions import Fraction

import gmpy2
import numpy as np
import pytest

from tanhproof.numeric._bulk import reference, slow_reference
from tanhproof.numeric._dddecide import decide64
from tanhproof.numeric._ddexpkernels import EXP_KERNELS64
from tanhproof.numeric._formats import round_exact

MODES = ["down", "nearest", "up", "zero"]
ROUNDING = {
    "nearest": gmpy2.RoundToNearest,
    "up": gmpy2.RoundUp,
    "down": gmpy2.RoundDown,
    "zero": gmpy2.RoundToZero,
}
MPFR = {"exp": gmpy2.exp, "tanh": gmpy2.tanh, "sinh": gmpy2.sinh, "cosh": gmpy2.cosh, "sech": gmpy2.sech}
ALIASES = {"exp'": "exp", "cosh'": "sinh", "sinh'": "cosh"}

# The thresholds of the constant ranges and kernel ranges (module docstring of _ddkernels).
THRESHOLDS = [2.0**-84, 2.0**-42, 0.375, 0.75, 30.0, 40.0, 60.0, 80.0, 310.0, 384.0, 620.0]
THRESHOLDS += [709.7, 709.79, 710.48, 766.0]


def mpfr(function: str, x: float, mode: str) -> float:
    context = gmpy2.context(precision=53, emin=-1073, emax=1024, subnormalize=True, round=ROUNDING[mode])
    with gmpy2.context(context):
        return float(MPFR[function](gmpy2.mpfr(x)))


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def around(values: list[float], steps: int = 2) -> list[float]:
    out = []
    for v in values:
        lo = hi = v
        out.append(v)
        for _ in range(steps):
            lo, hi = np.nextafter(lo, -np.inf), np.nextafter(hi, np.inf)
            out += [float(lo), float(hi)]
    return out + [-v for v in out]


def sample(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.exp2(rng.uniform(-1074, 10.5, n)) * rng.choice([-1.0, 1.0], n)
    near = np.exp2(rng.uniform(-90, 10.5, n)) * rng.choice([-1.0, 1.0], n)
    binades = np.concatenate([t * rng.uniform(1, 2, 8) for t in THRESHOLDS])
    return np.concatenate([x, near, binades, -binades, around(THRESHOLDS), [0.0, -0.0]])


@pytest.mark.parametrize("function", sorted(MPFR) + sorted(ALIASES))
@pytest.mark.parametrize("mode", MODES)
def test_against_mpfr(function, mode):
    x = sample(700, seed=MODES.index(mode))
    result = reference(function, x, "binary64", mode)
    base = ALIASES.get(function, function)
    bad = [
        (t, v)
        for t, v in zip(x.tolist(), result.values.tolist(), strict=True)
        if not same(v, mpfr(base, t, mode))
    ]
    assert not bad, bad[:5]
    # the Ziv loop only in the open ranges next to overflow (709.7 < |x| <= 710.48)
    assert result.fallback <= int(((np.abs(x) > 709.7) & (np.abs(x) <= 710.48)).sum())


@pytest.mark.parametrize("function", ["sigmoid", "sigmoid'", "softplus'", "tanh'"])
@pytest.mark.parametrize("mode", MODES)
def test_against_the_ziv_loop(function, mode):
    x = sample(12, seed=10 + MODES.index(mode))
    result = reference(function, x, "binary64", mode)
    for t, v in zip(x.tolist(), result.values.tolist(), strict=True):
        assert same(v, slow_reference(function, t, "binary64", mode)), (function, t, mode)


def test_random_inputs_rarely_fall_back():
    rng = np.random.default_rng(3)
    x = np.exp2(rng.uniform(-1074, 10.5, 20_000)) * rng.choice([-1.0, 1.0], 20_000)
    for function in sorted(EXP_KERNELS64):  # the other families: test_ddlogbulk.py
        # only the few inputs next to overflow go to the loop (exp in (709.7, 709.79], ...)
        assert reference(function, x, "binary64", "down").fallback <= 5


def test_residuals_agree_with_the_ziv_loop():
    x = np.concatenate([sample(6, seed=5), [-700.0, -745.0, -740.5, 1e-300]])
    for function in ("exp", "tanh", "sigmoid'"):
        fast = reference(function, x, "binary64", "nearest", residual=True)
        for i, t in enumerate(x.tolist()):
            slow = reference(function, np.array([t]), "binary64", "nearest", residual=True)
            a, b = fast.residual[i], slow.residual[0]
            assert (math.isnan(a) and math.isnan(b)) or abs(a - b) < 2.0**-20, (function, t, a, b)


def test_subnormal_results_decided_with_the_quantum():
    # exp(x) for x in [-766, -620]: values down to below the smallest subnormal
    rng = np.random.default_rng(9)
    x = np.concatenate([rng.uniform(-766, -620, 400), around([-745.1332191019412, -708.3964185322641])])
    for mode in MODES:
        result = reference("exp", x, "binary64", mode)
        assert result.fallback == 0
        for t, v in zip(x.tolist(), result.values.tolist(), strict=True):
            assert same(v, mpfr("exp", t, mode)), (t, mode)


@pytest.mark.parametrize("mode", MODES)
def test_decision_agrees_with_exact_rounding(mode):
    # Values h + l near rounding boundaries; where decided, every real within the
    # bound rounds to the returned value (both ends checked exactly).
    rng = np.random.default_rng(17)
    n = 3000
    h = np.exp2(rng.uniform(-800, 800, n)) * rng.choice([-1.0, 1.0], n)
    ulp = np.spacing(np.abs(h))
    lo = rng.choice([0.5, -0.5, 0.25, 1e-20, -1e-20, 0.0], n) * ulp + rng.uniform(-1, 1, n) * ulp * 2.0**-40
    bound = 2.0**-98
    values, decided = decide64(h, lo, bound, mode)
    assert decided.mean() > 0.5
    for i in np.flatnonzero(decided).tolist():
        v = Fraction(float(h[i])) + Fraction(float(lo[i]))
        for end in (v * (1 - Fraction(bound)), v * (1 + Fraction(bound))):
            assert same(round_exact(end, "binary64", mode), float(values[i]))

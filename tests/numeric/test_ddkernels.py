"""The binary64 double-double kernels against arb at 300 bits, and their error bounds.

Each exp-family kernel of :mod:`tanhproof.numeric._ddexpkernels` claims a relative error bound from the
analysis in its docstring (in units of ``u**2 = 2**-106``); here the double-double value
is compared with arb at 300 bits (the exact value to far more than the bound) on
log-uniform random inputs of both signs over the kernel's whole range and on hard
inputs: near saturation, tiny, near overflow and underflow, at the branch points, and
known hard-to-round cases for binary64 from the CORE-MATH project
(``src/binary64/exp/exp.wc``: worst cases of exp with at least 45 identical bits after
the round bit; ``src/binary64/tanh/tanh.wc``: worst cases of tanh from V. Lefevre's
testlibm data). The measured maximum error is printed.

The double-double operations are checked against exact rational arithmetic
(``fractions.Fraction``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from flint import arb, ctx

from tanhproof.numeric._ddarith import add_dd, add_dd_d, div_dd, mul_dd, mul_dd_d, two_prod, two_sum
from tanhproof.numeric._ddexp import EXP_BOUND, EXPM1_BOUND, exp_dd, expm1_dd
from tanhproof.numeric._ddexpkernels import EXP_KERNELS64
from tanhproof.numeric._ddkernels import BOUND64, KERNELS64, KIND_SCALED, KIND_VALUE, split64

U2 = Fraction(1, 2**106)

# CORE-MATH src/binary64/exp/exp.wc (first entries and a few more of the list)
EXP_WORST = [
    float.fromhex(v)
    for v in (
        "0x1.0122ef37212ebp-1 0x1.00d48a707b93ep-1 0x1.00e0e33c8c3fdp-1 0x1.00bcc31ebded7p-1 "
        "0x1.012c061237773p-1 0x1.0303c5638675fp-1 0x1.0582220d9645ep-1 0x1.0addd48128974p-1 "
        "0x1.1058a8cd8e069p-1 0x1.305cf6d213b3fp-1 0x1.62e062da73194p-1 0x1.fedc746ddf8fap-1 "
        "0x1.008eb56314daap+0 0x1.0138c96e1a075p+0 0x1.2c54cb8371084p+0 0x1.62cabe3b007f3p+0"
    ).split()
]
# CORE-MATH src/binary64/tanh/tanh.wc (a sample over the exponents of the list)
TANH_WORST = [
    float.fromhex(v)
    for v in (
        "0x1.000b47bdb383fp-9 0x1.004524207fad9p-3 0x1.00a0f3cf999acp+2 0x1.00aa39615214dp-23 "
        "0x1.015bdb2761717p+4 0x1.015cee8026857p+1 0x1.01885ae3c818ap+0 0x1.028bf1d22b07dp-2 "
        "0x1.02a3ad2ef6f49p-24 0x1.0481dc5df327dp-1 0x1.0a402fcc79292p-25 0x1.0d41eb28cc1cfp+4 "
        "0x1.30fc1931f09c8p+4 0x1.3bacd6561ff5bp-25 0x1.4a000000491d3p-16 0x1.61246d6ad9aedp-25"
    ).split()
]

# The analysed bounds (u**2 units) of the kernels' docstring table, by kernel.
ANALYSED = {
    "exp": 21.3,
    "tanh": 93,
    "tanh'": 69,
    "sinh": 95,
    "cosh": 40,
    "sech": 65,
    "sigmoid": 50,
    "sigmoid'": 71,
}
ALIASES = {"exp'": "exp", "cosh'": "sinh", "sinh'": "cosh", "softplus'": "sigmoid"}


def _sigmoid(b: arb) -> arb:
    return 1 / (1 + (-b).exp())


REFERENCE = {
    "exp": lambda b: b.exp(),
    "tanh": lambda b: b.tanh(),
    "tanh'": lambda b: b.sech() ** 2,
    "sinh": lambda b: b.sinh(),
    "cosh": lambda b: b.cosh(),
    "sech": lambda b: b.sech(),
    "sigmoid": _sigmoid,
    "sigmoid'": lambda b: _sigmoid(b) * _sigmoid(-b),
}


def relative_error(value: arb, exact: arb) -> float:
    """An upper bound of ``|value - exact| / |exact|`` in units of ``u**2``."""
    ratio = abs((value - exact) / exact) * arb(2) ** 106
    return float(ratio.upper())


def log_uniform(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return np.exp2(rng.uniform(math.log2(low), math.log2(high), n))


def kernel_inputs(name: str, rng: np.random.Generator, n: int) -> np.ndarray:
    spec = KERNELS64[name]
    if spec.parity >= 0:  # evaluated at |x|: both signs of x
        a = log_uniform(rng, 2.0**-45, 800.0, n)
        x = a * rng.choice([-1.0, 1.0], n)
    else:
        x = np.concatenate(
            [log_uniform(rng, 2.0**-90, 800.0, n // 2), -log_uniform(rng, 2.0**-90, 800.0, n - n // 2)]
        )
    hard = [2.0**-42, 2.0**-84, 0.375, 0.75, 30.0, 40.0, 60.0, 80.0, 310.0, 384.0, 620.0, 709.7, 766.0]
    hard = [np.nextafter(h, d) for h in hard for d in (0.0, np.inf)] + hard
    extra = np.array(hard + EXP_WORST + TANH_WORST + [19.06, 18.7, 1e-5, 5.3e-6, 0.17, 0.35])
    return np.concatenate([x, extra, -extra])


@pytest.mark.parametrize("name", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(name, capsys):
    rng = np.random.default_rng(sorted(ANALYSED).index(name))
    x = kernel_inputs(name, rng, 1500)
    s = split64(name, x)
    worst = 0.0
    checked = 0
    old = ctx.prec
    ctx.prec = 300
    try:
        for i in np.flatnonzero((s.kind == KIND_VALUE) | (s.kind == KIND_SCALED)).tolist():
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
    with capsys.disabled():
        print(f"\n{name}: {checked} points, max error {worst:.2f} u^2 = 2^{math.log2(worst * 2.0**-106):.1f}")


def test_every_name_is_a_kernel_or_an_alias():
    # the exp family here; the other families in test_ddlogkernels.py
    assert sorted(EXP_KERNELS64) == sorted(set(ANALYSED) | set(ALIASES))
    for alias, name in ALIASES.items():
        assert KERNELS64[alias] is KERNELS64[name]


def test_exp_and_expm1_within_their_bounds():
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-620, 709.7, 1500), np.array(EXP_WORST)])
    y = np.concatenate(
        [rng.uniform(-0.75, 0.75, 1000), log_uniform(rng, 2.0**-80, 0.75, 500) * rng.choice([-1, 1], 500)]
    )
    old = ctx.prec
    ctx.prec = 300
    try:
        h, lo = exp_dd(x)
        worst_exp = max(
            relative_error(arb(a) + arb(b), arb(t).exp()) for a, b, t in zip(h, lo, x, strict=True)
        )
        h, lo = expm1_dd(y)
        worst_expm1 = max(
            relative_error(arb(a) + arb(b), arb(t).expm1()) for a, b, t in zip(h, lo, y, strict=True)
        )
    finally:
        ctx.prec = old
    assert worst_exp * 2.0**-106 <= EXP_BOUND
    assert worst_expm1 * 2.0**-106 <= EXPM1_BOUND


def _exact(h: np.ndarray, lo: np.ndarray) -> list[Fraction]:
    return [Fraction(a) + Fraction(b) for a, b in zip(h.tolist(), lo.tolist(), strict=True)]


def _dd_sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    h = np.exp2(rng.uniform(-40, 40, n)) * rng.choice([-1.0, 1.0], n)
    lo = h * rng.uniform(-1, 1, n) * 2.0**-53
    return two_sum(h, lo)


def test_error_free_transformations_are_exact():
    rng = np.random.default_rng(11)
    a = np.exp2(rng.uniform(-300, 300, 3000)) * rng.choice([-1.0, 1.0], 3000)
    b = np.exp2(rng.uniform(-300, 300, 3000)) * rng.choice([-1.0, 1.0], 3000)
    s, e = two_sum(a, b)
    assert all(
        x == Fraction(p) + Fraction(q) for x, p, q in zip(_exact(s, e), a.tolist(), b.tolist(), strict=True)
    )
    p, e = two_prod(a, b)
    assert all(
        x == Fraction(u) * Fraction(v) for x, u, v in zip(_exact(p, e), a.tolist(), b.tolist(), strict=True)
    )


@pytest.mark.parametrize(
    ("name", "bound"),
    [("add_dd", 3.01), ("add_dd_d", None), ("mul_dd_d", 3.01), ("mul_dd", 8.1), ("div_dd", 15.5)],
)
def test_double_double_operations_within_their_bounds(name, bound):
    rng = np.random.default_rng(13)
    xh, xl = _dd_sample(rng, 3000)
    yh, yl = _dd_sample(rng, 3000)
    if name == "add_dd_d":  # the absolute bound u**2 (|x_h| + |fl(x_h + y)|)
        zh, zl = add_dd_d(xh, xl, yh)
        for z, p, q, a in zip(_exact(zh, zl), _exact(xh, xl), yh.tolist(), xh.tolist(), strict=True):
            assert abs(z - (p + Fraction(q))) <= U2 * (abs(Fraction(a)) + abs(Fraction(a + q)))
        return
    if name == "add_dd":
        zh, zl = add_dd(xh, xl, yh, yl)
        exact = [p + q for p, q in zip(_exact(xh, xl), _exact(yh, yl), strict=True)]
    elif name == "mul_dd_d":
        zh, zl = mul_dd_d(xh, xl, yh)
        exact = [p * Fraction(q) for p, q in zip(_exact(xh, xl), yh.tolist(), strict=True)]
    elif name == "mul_dd":
        zh, zl = mul_dd(xh, xl, yh, yl)
        exact = [p * q for p, q in zip(_exact(xh, xl), _exact(yh, yl), strict=True)]
    else:
        zh, zl = div_dd(xh, xl, yh, yl)
        exact = [p / q for p, q in zip(_exact(xh, xl), _exact(yh, yl), strict=True)]
    worst = max(abs(z - e) / abs(e) for z, e in zip(_exact(zh, zl), exact, strict=True) if e)
    assert worst <= bound * U2, float(worst / U2)

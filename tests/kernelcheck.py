"""Checks of the fast float64 kernels against arb, shared by tests/numeric/test_kernels_*.py.

The reference is python-flint's arb at 300 bits (rigorous balls: independent of the
kernels, which use float64 only), evaluated at the float64 input exactly. For each
kernel ``c, d = KERNELS[f](x)`` the true ``d`` is ``f(x) - c``; :func:`worst_error`
returns the largest relative error of ``d`` in units of ``u = 2**-53`` (an upper
bound from the ball), and checks that ``d == 0`` exactly where ``f(x) = c``.

Examples
========

>>> import numpy as np
>>> worst_error("log", np.array([1.0, 2.0, 3.0])) < 14
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._kerneltable import KERNELS
from tanhproof.numeric._specials import DOMAINS

U = 2.0**-53


def _sigmoid(b: Any) -> Any:
    return 1 / (1 + (-b).exp())


#: Where the kernels clamp their argument (module docstrings): beyond, only the region of
#: the value is claimed (above 2**400 in magnitude, or ``c`` plus a ``d`` below 2**-400).
CLAMPS: dict[str, float] = {
    **dict.fromkeys(["exp", "exp'", "sigmoid", "sigmoid'", "softplus", "softplus'"], 700.0),
    **dict.fromkeys(["cosh", "cosh'", "sinh", "sinh'", "tanh", "tanh'", "sech", "sech'"], 300.0),
    **dict.fromkeys(["coth", "coth'", "csch", "csch'"], 300.0),
    **dict.fromkeys(["erf", "erf'"], 26.0),
}


#: arb formulas of every catalog function and derivative (away from poles and jumps).
ARB: dict[str, Callable[[Any], Any]] = {
    "abs": lambda b: abs(b),
    "abs'": lambda b: arb(1) if b > 0 else arb(-1) if b < 0 else arb(0),
    "acosh": lambda b: b.acosh(),
    "acosh'": lambda b: 1 / ((b - 1) * (b + 1)).sqrt(),
    "asinh": lambda b: b.asinh(),
    "asinh'": lambda b: 1 / (b * b + 1).sqrt(),
    "atanh": lambda b: b.atanh(),
    "atanh'": lambda b: 1 / (1 - b * b),
    "cosh": lambda b: b.cosh(),
    "cosh'": lambda b: b.sinh(),
    "coth": lambda b: b.coth(),
    "coth'": lambda b: -(b.csch() ** 2),
    "csch": lambda b: b.csch(),
    "csch'": lambda b: -(b.coth() * b.csch()),
    "erf": lambda b: b.erf(),
    "erf'": lambda b: 2 * (-(b * b)).exp() / arb.pi().sqrt(),
    "exp": lambda b: b.exp(),
    "exp'": lambda b: b.exp(),
    "log": lambda b: b.log(),
    "log'": lambda b: 1 / b,
    "sech": lambda b: b.sech(),
    "sech'": lambda b: -(b.tanh() * b.sech()),
    "sigmoid": _sigmoid,
    "sigmoid'": lambda b: _sigmoid(b) * _sigmoid(-b),
    "sign": lambda b: arb(1) if b > 0 else arb(-1) if b < 0 else arb(0),
    "sign'": lambda b: arb(0),
    "sinh": lambda b: b.sinh(),
    "sinh'": lambda b: b.cosh(),
    "softplus": lambda b: b.exp().log1p() if b < 0 else b + (-b).exp().log1p(),
    "softplus'": _sigmoid,
    "sqrt": lambda b: b.sqrt(),
    "sqrt'": lambda b: 1 / (2 * b.sqrt()),
    "tanh": lambda b: b.tanh(),
    "tanh'": lambda b: b.sech() ** 2,
}


def _neighbours(values: list[float]) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    inf = np.float32(np.inf)
    with np.errstate(over="ignore"):
        return np.concatenate([v, np.nextafter(v, inf), np.nextafter(v, -inf)])


def inputs(function: str, seed: int = 0, count: int = 1200) -> np.ndarray:
    """binary32 inputs (as float64) inside the domain of ``function``: random bit patterns,
    random values in ``[-4, 4]``, ``2**U(-40, 12)``, values next to 1 and the kernels'
    thresholds with their float32 neighbours, and powers of two."""
    rng = np.random.default_rng(seed)
    k = count // 4
    bits = rng.integers(0, 2**32, k, dtype=np.uint64).astype(np.uint32).view(np.float32)
    bits = bits[np.isfinite(bits)]
    near_one = 1 + rng.integers(-400, 400, k) * 2.0**-24
    spread = np.exp2(rng.uniform(-40, 12, k)) * rng.choice([-1.0, 1.0], k)
    thresholds = [2.0**-5, 2.0**-4, 0.25, 0.5, 181 / 256, 1.0, 2.0, 6.0, 26.0, 256.0, 300.0, 700.0, 710.0]
    powers = [2.0**e for e in range(-149, 128, 3)]
    special = _neighbours([*thresholds, *powers, 3.4028234663852886e38, 2.0**-149, 1 - 2.0**-24])
    x = np.concatenate(
        [bits, rng.uniform(-4, 4, k), near_one, spread, special, -special, np.array([0.0, -0.0])]
    )
    x = x.astype(np.float32).astype(np.float64)
    x = x[np.isfinite(x)]
    base = function.rstrip("'")
    rule = DOMAINS.get(function)
    keep = rule[1](x) if rule is not None else np.ones(x.shape, bool)
    if base in ("coth", "csch", "sign"):
        keep &= x != 0
    return x[keep]


def _check_clamped(function: str, x: float, d: float, true: Any, clamp_d: float) -> None:
    """Beyond a clamp (module docstring of _kernels): the true ``d`` and the kernel's are
    both below ``2**-400`` in magnitude with the sign the kernel has at the clamp (where
    its relative error is checked), or the value is above ``2**400`` in magnitude."""
    if abs(true) < arb(2) ** -400:
        assert 0 < abs(d) < 2.0**-400 and (d > 0) == (clamp_d > 0), (function, x, d)
    else:
        assert abs(true) > arb(2) ** 400 and abs(d) > 2.0**400 and (true > 0) == (d > 0), (function, x, d)


def true_d(function: str, x: float, c: float, prec: int = 300) -> Any:
    """``f(x) - c`` as an arb ball, the precision doubled (up to 2**14 bits) until its
    relative radius is below ``2**-70`` or it is exact."""
    old = ctx.prec
    try:
        while True:
            ctx.prec = prec
            true = ARB[function](arb(x)) - arb(c)
            if true.rad() == 0 or (not true.contains(0) and true.rad() < abs(true.mid()) * 2.0**-70):
                return true
            if prec >= 1 << 14:
                return true
            prec *= 2
    finally:
        ctx.prec = old


def worst_error(function: str, x: np.ndarray, prec: int = 300) -> float:
    """The largest relative error of the kernel's ``d`` over ``x``, in units of ``2**-53``
    (an upper bound from arb balls of at least 300 bits); asserts exactness where
    ``f(x) = c``, and the clamp's claims beyond it."""
    c, d = KERNELS[function](x)
    assert c.shape == x.shape and d.shape == x.shape
    clamp = CLAMPS.get(function, math.inf)
    if clamp < math.inf:
        at_clamp = KERNELS[function](np.array([-clamp, clamp]))[1]
    worst = 0.0
    old = ctx.prec
    try:
        for xi, ci, di in zip(x.tolist(), c.tolist(), d.tolist(), strict=True):
            if abs(xi) > clamp:
                ctx.prec = 1200
                true = ARB[function](arb(xi)) - arb(ci)
                _check_clamped(function, xi, di, true, float(at_clamp[int(xi > 0)]))
                continue
            true = true_d(function, xi, ci, prec)
            if di == 0:
                assert true.rad() == 0 and true.mid() == 0, (function, xi, ci)
                continue
            assert not true.contains(0), (function, xi, ci, di)
            ctx.prec = 300
            rel = abs((arb(di) - true) / true)
            worst = max(worst, float(rel.upper()) / U)
            assert math.isfinite(di), (function, xi)
    finally:
        ctx.prec = old
    return worst


# binary32 in MPFR's convention (significand in [1/2, 1)): emax = 127 + 1, and with
# subnormalize emin = -126 - 24 + 2 (as tests/numeric/test_ieee_mpfr.py).
_MPFR_ROUNDING = {"nearest": "RoundToNearest", "up": "RoundUp", "down": "RoundDown", "zero": "RoundToZero"}


def mpfr_binary32(function: str, x: np.ndarray, mode: str) -> np.ndarray:
    """``function`` (a gmpy2 name: log, sqrt, asinh, acosh, atanh, erf) correctly rounded
    to binary32 by MPFR, elementwise: an independent reference (no tanhproof code)."""
    import gmpy2

    context = gmpy2.context(
        precision=24,
        emin=-126 - 24 + 2,
        emax=128,
        subnormalize=True,
        round=getattr(gmpy2, _MPFR_ROUNDING[mode]),
    )
    method = getattr(gmpy2, function)
    with gmpy2.context(context):
        return np.array([float(method(gmpy2.mpfr(v))) for v in x.astype(np.float64).tolist()])

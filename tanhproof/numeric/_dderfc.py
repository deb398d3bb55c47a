"""erfc in double-double on numpy arrays: ``e**(-a**2)`` times erfcx by Taylor polynomials bounded by arb.

:func:`erfc_dd` gives ``erfc(a)`` for float64 ``a`` in ``[0, 24.9]`` as a double-double
within :data:`ERFC_BOUND` (relative), without the cancellation of ``1 - erf(a)``: what
GELU needs far left (``gelu(x) = x/2 erfc(-x/sqrt(2))``). Used by
:mod:`tanhproof.numeric._exprddfunc`.

Explanation
===========

``erfc(a) = e**(-a**2) erfcx(a)``. **erfcx** is tabulated as :mod:`tanhproof.numeric._dderf`
tabulates erf: centres ``c_j = j/64`` (``j = 0 .. 1594``), ``r = 1/128``, ``h = a - c_j``
exact (Sterbenz), ``erfcx(c_j + h) = sum_{k <= 16} A_jk h**k + R`` with ``A_jk`` from arb's
power series of ``erfc(t) e**(t**2)`` at ``c_j`` (200 bits; double-doubles within ``u**2``
each) and ``|R| <= |A_17(c_j - r)| r**17``: ``erfcx(x) = 2/sqrt(pi) int_0^oo e**(-s**2 -
2xs) ds`` for every real ``x``, so ``erfcx^(k)(x) = 2/sqrt(pi) int (-2s)**k e**(-s**2 - 2xs)
ds`` has a constant sign and a magnitude decreasing in ``x``: Lagrange's remainder is
largest at the left end of ``[c_j - r, c_j + r]`` (arb's series over that whole ball
would overestimate it by many orders: ``erfc`` and ``e**(t**2)`` are enclosed apart). The same
compensated Horner evaluation (:func:`tanhproof.numeric._dderf.horner`) errs by at most
:func:`~tanhproof.numeric._dderf.horner_error` (the analysis of
:mod:`tanhproof.numeric._dderf`). Relative to ``erfcx(a) >= erfcx(c_j + r)`` (erfcx
decreases), this gives a bound per centre, computed in arb when the tables are built;
their maximum is checked to be at most ``40 u**2``.

**The factor** ``e**(-a**2)``: ``two_prod(a, a) = p + q`` exactly (``a >= 2**-480``; for
smaller ``a``, ``a**2 < 2**-960`` is dropped, a relative ``2**-960``), ``e**-p`` by
:func:`~tanhproof.numeric._ddexp.exp_dd` (``21.3 u**2``, ``p <= 620``), ``e**-q`` as
``two_sum(1, -q)`` with ``q**2/2`` added to the low part (``|q| <= 2**-43``: ``1.1 u**2``,
as in :mod:`tanhproof.numeric._dderfkernels`), two products by ``mul_dd`` (``8.1 u**2``
each): at most ``40 + 21.3 + 1.1 + 8.1 + 8.1 < 79 u**2`` in all; :data:`ERFC_BOUND`
claims ``80 u**2``.

Examples
========

>>> import numpy as np
>>> h, lo = erfc_dd(np.array([0.5, 10.0]))
>>> h.tolist()  # erfc(0.5) = 0.4795001221869535, erfc(10) = 2.088487583762545e-45 (mpmath)
[0.4795001221869535, 2.088487583762545e-45]
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np
from flint import arb, arb_series, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._ddarith import DD, mul_dd, two_prod, two_sum
from tanhproof.numeric._dderf import horner, horner_error
from tanhproof.numeric._ddexp import exp_dd

__all__ = ["ERFC_BOUND", "ERFC_HIGH", "erfc_bound", "erfc_dd"]

_U2 = 2.0**-106
#: The claimed relative bound of :func:`erfc_dd`.
ERFC_BOUND = 80 * _U2
_TABLE_BOUND = 40 * _U2
#: The largest argument of :func:`erfc_dd` (``24.9**2 < 620``, exp_dd's range).
ERFC_HIGH = 24.9
_K = 16
_STEPS = 64
_CENTRES = 1595  # j/64 for j < 1595 covers [0, 24.9 + 1/128]


def _dd(ball: arb) -> tuple[float, float]:
    lo, hi = arb_bounds(ball)
    value = (lo + hi) / 2
    h = float(value)
    return h, float(value - Fraction(h))


def _erfcx(t: arb_series) -> arb_series:
    return t.erfc() * (t * t).exp()


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    """The coefficient tables of erfcx and the largest per-centre bound (module docstring)."""
    old, old_cap = ctx.prec, ctx.cap
    ctx.prec, ctx.cap = 200, _K + 4
    try:
        r = arb(1) / 128
        high = np.zeros((_K + 1, _CENTRES))
        low = np.zeros((_K + 1, _CENTRES))
        worst = 0.0
        for j in range(_CENTRES):
            c = arb(j) / _STEPS
            coefficients = _erfcx(arb_series([c, 1], prec=_K + 1)).coeffs()
            coefficients += [arb(0)] * (_K + 1 - len(coefficients))
            for k in range(_K + 1):
                high[k, j], low[k, j] = _dd(coefficients[k])
            tail = _erfcx(arb_series([c - r, 1], prec=_K + 2)).coeffs()  # the largest on the ball
            t = abs(tail[_K + 1]) * r ** (_K + 1)
            sizes = [abs(a) for a in coefficients]
            floor = _erfcx(arb_series([c + r, 1], prec=1)).coeffs()[0]
            error = (horner_error(sizes, r, _K) + t) / floor
            worst = max(worst, float(abs(error).upper()))
    finally:
        ctx.prec, ctx.cap = old, old_cap
    if not worst <= _TABLE_BOUND:
        raise ArithmeticError(f"erfcx tables exceed their bound: {worst / _U2:.2f} u**2")
    return {"high": high, "low": low, "bound": worst}


def erfc_bound() -> float:
    """The largest relative bound of the erfcx tables over the centres, as computed by arb."""
    return float(_tables()["bound"])


def _erfcx_dd(a: np.ndarray) -> DD:
    tables = _tables()
    j = np.rint(a * _STEPS).astype(np.int64)
    return horner(tables["high"], tables["low"], j, a - j / _STEPS, _K)


def erfc_dd(a: np.ndarray) -> DD:
    """``erfc(a)`` within :data:`ERFC_BOUND` for float64 ``a`` in ``[0, 24.9]``."""
    a = np.asarray(a, dtype=np.float64)
    with np.errstate(under="ignore"):
        big = a >= 2.0**-480
        p, q = two_prod(np.where(big, a, 0.0), np.where(big, a, 0.0))
    sh, sl = two_sum(1.0, -q)
    sl = sl + 0.5 * q * q
    wh, wl = exp_dd(-p)
    fh, fl = mul_dd(wh, wl, sh, sl)
    xh, xl = _erfcx_dd(a)
    return mul_dd(fh, fl, xh, xl)

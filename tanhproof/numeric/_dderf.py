"""erf in double-double on numpy arrays: Taylor polynomials about a grid of centres, bounded by arb.

:func:`erf_dd` gives ``erf(a)`` for float64 ``a`` in ``[2**-500, 7.7]`` as a double-double
``(h, l)`` within :data:`ERF_BOUND` (relative); :func:`erf_tiny` gives it scaled,
``2**e (h + l)``, for ``0 < a < 2**-500``. The kernel of erf in
:mod:`tanhproof.numeric._dderfkernels`.

Explanation
===========

**Centres.** ``c_j = j/64`` (``j = 0 .. 493``), ``r = 1/128``: every ``a`` in
``[0, 7.7]`` has ``j = rint(64 a)`` with ``|a - c_j| <= r``, and ``h = a - c_j`` is exact
(``j = 0``: ``h = a``; else ``c_j/2 <= a <= 2 c_j``, Sterbenz). ``erf(c_j + h) =
sum_{k <= 16} A_jk h**k + R``: the coefficients ``A_jk = erf^(k)(c_j)/k!`` come from
arb's power series of erf at ``c_j`` (200 bits), stored as double-doubles (relative
error ``u**2`` each); the remainder is bounded by Lagrange's form through arb's series at
the ball ``c_j +- r``: ``|R| <= T_j = |coefficient 17 over the ball| r**17``.

**Evaluation.** Horner in double-double from ``S_16 = A_j16``:
``S_k = add_dd(mul_dd_d(S_(k+1), h), A_jk)``, each step within ``3.01 + 3.01`` ``u**2``
of ``|S_(k+1) h|`` and ``|S_k|``; the error reaching ``S_0`` is at most
``sum_k |h|**k (6.02 u**2 G_k + u**2 |A_jk|)`` with ``G_k = sum_(i >= k) |A_ji| r**(i - k)``
(an upper bound of ``|S_k|``; for ``j = 0`` the last step adds ``6.02 u**2 |h| G_1``).
Relative to ``erf(a) >= erf(c_j - r)`` (``j >= 1``), or
for ``j = 0`` to ``erf(a) >= a C (1 - r**2/3)`` (``C = 2/sqrt(pi)``, every term then has
a factor ``|h| = a``), this and ``T_j`` give a relative bound per centre, computed in
arb when the tables are built; their maximum, checked there to be at most
:data:`ERF_BOUND` (``40 u**2``), is :data:`ERF_MEASURED_BOUND`. Underflow below
``2**-969`` in the steps of ``j = 0`` (tiny ``a``) loses at most ``2**-1070`` absolute,
below ``2**-560`` of ``erf(a) > a``.

**Fewer terms near 0.** For ``a < 2**-10`` (centre 0, ``h = a``) the Horner loop starts
at a lower degree ``n``: ``a < 2**-56``: ``n = 1``; ``2**-28``: 3; ``2**-19``: 5;
``2**-14``: 7; ``2**-10``: 11 (:data:`_SHORT`; the even coefficients there are 0). The
bound is the one of centre 0 with ``K`` replaced by ``n`` and ``r`` by the limit ``rho``
(every ``|h| = a < rho``): the rounding terms over degrees ``1 .. n`` and Lagrange's
remainder ``|coefficient n + 1 over 0 +- rho| rho**(n + 1)``, relative to
``a C (1 - rho**2/3)``; each is computed in arb with the tables and counts in their
maximum. On inputs spread over many binades most of them lie near 0, where this is
3 to 16 times fewer steps.

**Tiny** ``a < 2**-500``: ``erf(a) = C a (1 - a**2/3 ..)``, ``a**2/3 < 2**-1000``:
``C m 2**e`` for ``a = m 2**e`` (``mul_dd_d``, 3.01, and ``C``'s own ``u**2``).

Examples
========

>>> import numpy as np
>>> h, lo = erf_dd(np.array([0.5, 1.0]))
>>> h.tolist()
[0.5204998778130465, 0.8427007929497149]
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np
from flint import arb, arb_series, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._ddarith import DD, add_dd, mul_dd_d

__all__ = ["ERF_BOUND", "ERF_HIGH", "erf_bound", "erf_dd", "erf_tiny"]

_U2 = 2.0**-106
#: The claimed relative bound of :func:`erf_dd` (checked against arb when the tables are built).
ERF_BOUND = 40 * _U2
#: The largest argument of :func:`erf_dd`.
ERF_HIGH = 7.7
_K = 16
_STEPS = 64
_CENTRES = 494  # j/64 for j < 494 covers [0, 7.7 + 1/128]
#: ``(rho, n)``: below ``rho`` (centre 0), Horner from degree ``n`` (module docstring).
_SHORT = ((2.0**-56, 1), (2.0**-28, 3), (2.0**-19, 5), (2.0**-14, 7), (2.0**-10, 11))


def _dd(ball: arb) -> tuple[float, float]:
    lo, hi = arb_bounds(ball)
    value = (lo + hi) / 2
    h = float(value)
    return h, float(value - Fraction(h))


def _upper(ball: arb) -> float:
    return float(abs(ball).upper())


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    """The coefficient tables and the per-centre bounds (module docstring)."""
    old, old_cap = ctx.prec, ctx.cap
    ctx.prec, ctx.cap = 200, _K + 4
    try:
        r = arb(1) / 128
        high = np.zeros((_K + 1, _CENTRES))
        low = np.zeros((_K + 1, _CENTRES))
        worst = 0.0
        c_const = 2 / arb.pi().sqrt()
        for j in range(_CENTRES):
            c = arb(j) / _STEPS
            coefficients = arb_series([c, 1], prec=_K + 1).erf().coeffs()
            coefficients += [arb(0)] * (_K + 1 - len(coefficients))
            for k in range(_K + 1):
                high[k, j], low[k, j] = _dd(coefficients[k])
            ball = arb(c.mid(), r.mid())  # the centre +- r, every a of this centre
            tail = arb_series([ball, 1], prec=_K + 2).erf().coeffs()
            t = abs(tail[_K + 1]) * r ** (_K + 1) if len(tail) > _K + 1 else arb(0)
            sizes = [abs(a) for a in coefficients]
            g = [sum((sizes[i] * r ** (i - k) for i in range(k, _K + 1)), arb(0)) for k in range(_K + 1)]
            if j == 0:  # relative to erf(a) >= a C (1 - r**2/3): every term has a factor |h| = a
                error = _near_zero(sizes, r, _K, t, c_const)
                for rho, n in _SHORT:
                    rho_arb = arb(rho)
                    ball = arb(0, rho)
                    tail = arb_series([ball, 1], prec=n + 2).erf().coeffs()
                    t = abs(tail[n + 1]) * rho_arb ** (n + 1)
                    error = max(error, _near_zero(sizes, rho_arb, n, t, c_const), key=_upper)
            else:
                floor = (c - r).erf()
                terms = sum((r**k * (6.02 * g[k] + sizes[k]) for k in range(_K + 1)), arb(0))
                error = (terms * arb(2) ** -106 + t) / floor
            worst = max(worst, _upper(error))
        threshold_ok = (1 - arb(ERF_HIGH).erf()) < arb(2) ** -89
    finally:
        ctx.prec, ctx.cap = old, old_cap
    if worst > ERF_BOUND or not threshold_ok:
        raise ArithmeticError(f"erf tables exceed their bound: {worst / _U2:.2f} u**2")
    return {"high": high, "low": low, "bound": worst, "C": _dd(c_const)}


def _near_zero(sizes: list[arb], r: arb, n: int, tail: arb, c_const: arb) -> arb:
    """The relative bound of centre 0 for ``a <= r``, Horner from degree ``n`` with the
    remainder ``tail``: relative to ``erf(a) >= a C (1 - r**2/3)``, every term has a
    factor ``|h| = a``."""
    g = [sum((sizes[i] * r ** (i - k) for i in range(k, n + 1)), arb(0)) for k in range(n + 1)]
    floor = c_const * (1 - r**2 / 3)
    terms = 6.02 * g[1] + sum((r ** (k - 1) * (6.02 * g[k] + sizes[k]) for k in range(1, n + 1)), arb(0))
    return (terms * arb(2) ** -106 + tail / r) / floor


def _degree(a: np.ndarray) -> np.ndarray:
    """The degree Horner starts from at each ``a`` (:data:`_SHORT`, else ``K``)."""
    n = np.full(a.shape, _K)
    for rho, d in reversed(_SHORT):
        n[a < rho] = d
    return n


def erf_bound() -> float:
    """The largest relative bound over the centres, as computed by arb (at most :data:`ERF_BOUND`)."""
    return float(_tables()["bound"])


def erf_dd(a: np.ndarray) -> DD:
    """``erf(a)`` within :data:`ERF_BOUND` for float64 ``a`` in ``[2**-500, 7.7]``."""
    tables = _tables()
    high, low = tables["high"], tables["low"]
    j = np.rint(a * _STEPS).astype(np.int64)
    h = a - j / _STEPS
    degree = _degree(a)
    if (degree == _K).all():
        return _horner(high, low, j, h, _K)
    sh, sl = np.empty_like(h), np.empty_like(h)
    for n in np.unique(degree).tolist():
        i = np.flatnonzero(degree == n)
        sh[i], sl[i] = _horner(high, low, j[i], h[i], n)
    return sh, sl


def _horner(high: np.ndarray, low: np.ndarray, j: np.ndarray, h: np.ndarray, n: int) -> DD:
    """``sum_(k <= n) A_jk h**k`` by Horner in double-double."""
    sh, sl = high[n, j], low[n, j]
    for k in range(n - 1, -1, -1):
        ph, pl = mul_dd_d(sh, sl, h)
        sh, sl = add_dd(ph, pl, high[k, j], low[k, j])
    return sh, sl


def erf_tiny(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e)``: ``erf(a) = 2**e (h + l)`` within :data:`ERF_BOUND` for ``0 < a < 2**-500``."""
    ch, cl = _tables()["C"]
    m, e = np.frexp(a)
    h, lo = mul_dd_d(np.full_like(m, ch), np.full_like(m, cl), m)
    return h, lo, e

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

**Evaluation** (:func:`horner`). Horner's scheme in float64 with a compensating
second chain (Graillat, Langlois and Louvet's compensated Horner, with double-double
coefficients ``A_k = a_k + b_k``), from ``s_n = a_n``:

- the steps of degree ``k >= 8`` are plain float64, ``s_k = fl(fl(s_(k+1) h) + a_k)``;
- below, ``(p, pi) = two_prod(s_(k+1), h)``, ``(s_k, sigma) = two_sum(p, a_k)`` and
  ``c_k = fl(fl(c_(k+1) h) + fl(fl(pi + sigma) + b_k))``, from ``c = b_n`` when every step
  is compensated, else ``c = 0``;
- the result is ``fast_two_sum(s_0, c_0)``, exact since ``|c_0|`` is a few ``u`` of
  ``|s_0|`` (the tables' values are far from 0 beside the ``G_k`` below).

The error-free transformations give ``s_k + c_k = (s_(k+1) + c_(k+1)) h + A_k`` exactly
but for the four roundings of ``c_k`` (each within ``u`` of its result), and in a plain
step ``s_k = s_(k+1) h + A_k`` but for the dropped ``pi``, ``sigma`` and ``b_k`` (``|pi|
<= u |p|``, ``|sigma| <= u |s_k|``, ``|b_k| <= u |a_k|``). An error made at degree ``k``
reaches the result times ``h**k`` exactly. With ``G_k = sum_(i >= k) |A_ji| r**(i - k)``
(an upper bound of the exact ``|S_k|``, and, times ``1 + 2**-45``, of the computed
``|s_k|``: these differ by a few ``u G_k``) every term is bounded in arb
(:func:`horner_error`), with the coefficients' own ``u**2``. Relative to ``erf(a) >=
erf(c_j - r)`` (``j >= 1``), or for ``j = 0`` to ``erf(a) >= a C (1 - r**2/3)``
(``C = 2/sqrt(pi)``, every term then has a factor ``|h| = a`` and grows with it), this
and ``T_j`` give a relative bound per centre, computed in arb when the tables are built;
their maximum, checked there to be at most :data:`ERF_BOUND` (``40 u**2``), is
:func:`erf_bound`. Compared with a double-double Horner step (``mul_dd_d`` then
``add_dd``, about as accurate), the chain that each step waits on is one product and
one ``two_sum``: the steps take a third of the time. Underflow below ``2**-969`` in the
steps of ``j = 0`` (tiny ``a``) loses at most ``2**-1070`` absolute, below ``2**-560``
of ``erf(a) > a``.

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
from tanhproof.numeric._ddarith import DD, fast_two_sum, mul_dd_d, two_prod, two_sum

__all__ = ["ERF_BOUND", "ERF_HIGH", "erf_bound", "erf_dd", "erf_tiny", "horner", "horner_error"]

_U2 = 2.0**-106
#: The claimed relative bound of :func:`erf_dd` (checked against arb when the tables are built).
ERF_BOUND = 40 * _U2
#: The largest argument of :func:`erf_dd`.
ERF_HIGH = 7.7
_K = 16
_STEPS = 64
_CENTRES = 494  # j/64 for j < 494 covers [0, 7.7 + 1/128]
#: Horner's steps of this degree and above are plain float64 (:func:`horner`).
_FLOAT = 8
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
            if j == 0:  # relative to erf(a) >= a C (1 - r**2/3): every term has a factor |h| = a
                error = _near_zero(sizes, r, _K, t, c_const)
                for rho, n in _SHORT:
                    rho_arb = arb(rho)
                    ball = arb(0, rho)
                    tail = arb_series([ball, 1], prec=n + 2).erf().coeffs()
                    t = abs(tail[n + 1]) * rho_arb ** (n + 1)
                    error = max(error, _near_zero(sizes, rho_arb, n, t, c_const), key=_upper)
            else:
                error = (horner_error(sizes, r, _K) + t) / (c - r).erf()
            worst = max(worst, _upper(error))
        threshold_ok = (1 - arb(ERF_HIGH).erf()) < arb(2) ** -89
    finally:
        ctx.prec, ctx.cap = old, old_cap
    if worst > ERF_BOUND or not threshold_ok:
        raise ArithmeticError(f"erf tables exceed their bound: {worst / _U2:.2f} u**2")
    return {"high": high, "low": low, "bound": worst, "C": _dd(c_const)}


def _near_zero(sizes: list[arb], r: arb, n: int, tail: arb, c_const: arb) -> arb:
    """The relative bound of centre 0 for ``a <= r``, Horner from degree ``n`` with the
    remainder ``tail``: relative to ``erf(a) >= a C (1 - r**2/3)``; every term of
    :func:`horner_error` has a factor ``|h| = a`` and grows with it (``A_0 = 0``)."""
    return (horner_error(sizes, r, n) + tail) / (r * c_const * (1 - r**2 / 3))


def horner_error(sizes: list[arb], r: arb, n: int) -> arb:
    """An upper bound of the absolute rounding error of :func:`horner` of degree ``n`` at
    ``|h| <= r``, for coefficients of magnitudes ``sizes`` (the module docstring), in
    arb: the coefficients' own ``u**2``, what the plain steps drop and the roundings of
    the compensating chain, each times ``r**k``."""
    u = arb(2) ** -53
    m = min(_FLOAT, n)
    g = [sum((sizes[i] * r ** (i - k) for i in range(k, n + 1)), arb(0)) for k in range(n + 1)]
    big = [x * (1 + arb(2) ** -45) for x in g]  # bounds of the computed |s_k|
    slack = 1 + arb(2) ** -50  # covers each (1 + u) of a rounded magnitude
    total = sum((r**k * u * u * sizes[k] for k in range(n + 1)), arb(0))
    for k in range(m, n):  # plain steps: pi, sigma and b_k dropped
        total += r**k * u * (r * big[k + 1] * slack + big[k] + sizes[k] * slack)
    if m < n:  # b_n dropped
        total += r**n * u * sizes[n] * slack
    c = u * sizes[n] * slack if m == n else arb(0)  # a bound of |c_(k+1)|
    for k in range(m - 1, -1, -1):
        pi_sigma = u * (r * big[k + 1] * slack + big[k]) * slack
        low = (pi_sigma + u * sizes[k] * slack) * slack
        c_k = (low + r * c * slack) * slack
        total += r**k * u * (r * c * slack + pi_sigma + low + c_k)
        c = c_k
    return total


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
        return horner(high, low, j, h, _K)
    sh, sl = np.empty_like(h), np.empty_like(h)
    for n in np.unique(degree).tolist():
        i = np.flatnonzero(degree == n)
        sh[i], sl[i] = horner(high, low, j[i], h[i], n)
    return sh, sl


def horner(high: np.ndarray, low: np.ndarray, j: np.ndarray, h: np.ndarray, n: int) -> DD:
    """``sum_(k <= n) A_jk h**k`` for the double-double coefficients ``A_jk = high[k, j] +
    low[k, j]``: float64 from degree :data:`_FLOAT`, then compensated (the module
    docstring; also the erfcx tables of :mod:`tanhproof.numeric._dderfc`)."""
    m = min(_FLOAT, n)
    s = high[n, j]
    c = low[n, j] if m == n else np.zeros_like(h)
    for k in range(n - 1, m - 1, -1):
        s = s * h + high[k, j]
    for k in range(m - 1, -1, -1):
        p, pi = two_prod(s, h)
        s, sigma = two_sum(p, high[k, j])
        c = c * h + ((pi + sigma) + low[k, j])
    return fast_two_sum(s, c)


def erf_tiny(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e)``: ``erf(a) = 2**e (h + l)`` within :data:`ERF_BOUND` for ``0 < a < 2**-500``."""
    ch, cl = _tables()["C"]
    m, e = np.frexp(a)
    h, lo = mul_dd_d(np.full_like(m, ch), np.full_like(m, cl), m)
    return h, lo, e

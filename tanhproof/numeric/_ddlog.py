"""log, log1p, sqrt and 1/x in double-double on numpy arrays, with proved error bounds.

:func:`log_dd` gives ``log(x)`` for positive float64 ``x`` (or a double-double ``x`` off
``[0.5, 2]``), :func:`log1p_dd` gives ``log(1 + d)`` for a double-double ``d`` in
``[-0.5, 1]``, :func:`sqrt_dd` and :func:`recip_dd` give ``sqrt(x)`` and ``1/x``, each as
a double-double ``(h, l)`` (see :mod:`tanhproof.numeric._ddarith`) with a flag of the
points where the bound below holds (``ok``; the others go to the arb loop). They are the
core of the binary64 kernels of :mod:`tanhproof.numeric._ddlogkernels`.

Explanation
===========

Units: ``u = 2**-53``; errors in ``u**2``. ``E`` = :func:`~tanhproof.numeric._ddexp.exp_scaled`
(``21.3``), ``M`` = :func:`~tanhproof.numeric._ddexp.expm1_dd` (``54``).

**log by one Newton step on exp.** ``y0 = numpy.log(x)`` is any float64 (it is only a
starting point: nothing below assumes its accuracy, the guard does). Exactly
``log x = y0 + log1p(T)`` with ``T = x e**-y0 - 1``, and
``log1p(T) = T - T**2/2 + theta``, ``|theta| <= |T|**3 / (3 (1 - |T|))``.

*Far path* (:func:`log_dd`, ``X = x_h + x_l`` outside ``[0.5, 2]``, so ``|log X| >= ln 2``):
``E(-y0) = 2**e (h + l)`` (``y0`` clipped to ``[-745.2, 709.8]``); ``xs = x_h 2**e``,
``xls = x_l 2**e``; ``(p, q) = two_prod(xs, h)``; ``t1 = p - 1``;
``tau = q + (xs l + xls h)``. The guard ``|t1| <= 2**-40`` puts ``p`` in
``[1 - 2**-40, 1 + 2**-40]``, so ``xs`` is normal (``ldexp`` exact), ``two_prod`` is
exact and ``t1`` is exact (Sterbenz). ``t = t1 + tau`` is ``X e**-y0 (1 + eta) - 1``
(``|eta| <= 21.3``) up to the roundings in ``tau`` (``xs l`` and ``xls h`` below
``1.01u`` each: ``1.01 + 1.01``; their sum ``2.02``; adding ``q``, ``|q| <= u``:
``3.03``; ``xls l`` dropped: ``O(u**3)``), so ``|t - T| <= 21.4 + 7.1 = 28.5``. The
result is ``(S, s1) = two_sum(y0, t1)`` (exact),
``low = s1 + (tau - t1 (t1/2 + tau))`` (the square of ``t``, less ``tau**2/2 <= 5 u**4``;
the products and the inner sum round by below ``2**-120``, the difference by ``3.1``,
the last sum by ``u (u|S| + 3.2 u)``), ``fast_two_sum(S, low)`` (exact);
``|theta| < 2**-119.5``. Absolute error at most ``34.8 + 1.01 |log X|``: relative to
``|log X| >= ln 2``, **52** (and an input of relative error ``e_X`` adds ``e_X``
absolute, ``1.45 e_X`` relative).

*Near path* (:func:`log1p_dd`, ``d = d_h + d_l`` in ``[-0.5, 1]``, ``|d_h| >= 2**-60``;
``log(x) = log1p(x - 1)`` for ``x`` in ``[0.5, 2]``, ``x - 1`` exact):
``y0 = numpy.log1p(d_h)`` clipped to ``[-0.75, 0.75]``; ``m = M(y0)``;
``N = add_dd(d, -m)``, ``D = add_dd_d(m, 1)``, ``t = div_dd(N, D)``: ``T = (d - expm1(y0)) /
e**y0``. The guard ``|t_h| <= 2**-40 |y0|`` gives ``|y0| <= |y| (1 + 2**-39)``
(``y = log1p d``, ``|y| <= ln 2 (1 + 2**-39)``). ``m``'s error moves ``t`` by
``54 |expm1 y0| / e**y0 = 54 |1 - e**-y0| <= 54 * 1.444 |y0|`` (``|y0| <= 0.6935``):
**78** relative to ``|y|``; ``add_dd``, ``D`` and ``div_dd`` err by ``3.01``, ``60``
and ``15.5`` relative to ``|t| <= 2**-40 |y|``, ``t_h**2/2`` stands for ``t**2/2`` to
``2 |t t_l|``, and ``|theta| <= 2**-120 |y|``: below ``2**-38`` together. The sum as
above errs by ``1.01 |S|``: **80** (an input of relative error ``e_d`` adds
``e_d |d| / ((1 + d) |log1p d|) <= 1.443 e_d``; ``<= e_d`` for ``d > 0``).
*Tiny* ``|d_h| < 2**-60``: ``fast_two_sum(d_h, d_l - d_h**2/2)``: the dropped
``d_h d_l`` (``2**-113 |d|``), ``d**3/3`` (``2**-121 |d|``) and one rounding
(``u (u + 2**-61) |d|``): **1.1** (for ``|d| >= 2**-900``: ``d_h**2`` may underflow,
by ``2**-1075 < 2**-175 |d|``).

**sqrt** (:func:`sqrt_dd`, ``X = x_h + x_l > 0``): scaled by an even power of two,
``xs = x_h 2**-2k`` in ``[0.5, 2)`` (exact); ``s = fl(sqrt(xs))`` correctly rounded
(IEEE, to nearest); ``(p, q) = two_prod(s, s)``; ``r = (xs - p) - q`` is the exact
remainder ``xs - s**2`` (representable for a correctly rounded square root, Markstein;
``xs - p`` exact by Sterbenz); ``l = fl(fl(r + xls) / (2s))`` stands for
``R/(s + sqrt X)`` (``R = r + xls``) to a relative ``u/2 + 2u`` of a term at most
``1.01 u s``: **2.6**, then both parts times ``2**k`` (exact, or a low part below
``2**-1022``: absorbed as in :mod:`~tanhproof.numeric._ddarith`).

**1/x** (:func:`recip_dd`, ``2**-1024 < |x| <= 2**900``, so that ``|1/x|`` lies in
``[2**-900, 2**1024)``; :func:`recip_scaled` for larger ``|x|``): ``x = m 2**e``,
``|m|`` in ``[0.5, 1)``; ``h = fl(1/m)``; ``r = (1 - p) - q`` with
``(p, q) = two_prod(m, h)`` is the exact remainder ``1 - m h`` (representable for a
correctly rounded quotient; ``1 - p`` exact, ``p`` in ``[1 - u, 1 + 2u]``);
``l = fl(r / m)`` errs by ``u |r/m| <= u**2 |h|``: **1.01**, then times ``2**-e``
(exact: both parts stay normal or zero; ``h`` below ``2**1024`` as ``h < 2`` where
``|m| > 1/2``).

Examples
========

>>> import numpy as np
>>> h, l, ok = log_dd(np.array([10.0, 1.5]))
>>> h.tolist(), ok.tolist()
([2.302585092994046, 0.4054651081081644], [True, True])
>>> h, l = recip_dd(np.array([3.0]))
>>> from fractions import Fraction
>>> abs(Fraction(h[0]) + Fraction(l[0]) - Fraction(1, 3)) < Fraction(1, 3) * 2**-104
True
"""

from __future__ import annotations

import numpy as np

from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, div_dd, fast_two_sum, two_prod, two_sum
from tanhproof.numeric._ddexp import exp_scaled, expm1_dd

__all__ = [
    "LOG1P_BOUND",
    "LOG_BOUND",
    "RECIP_BOUND",
    "SQRT_BOUND",
    "log1p_dd",
    "log_dd",
    "recip_dd",
    "recip_scaled",
    "sqrt_dd",
]

_U2 = 2.0**-106
#: Relative error bounds (module docstring), for exact inputs.
LOG_BOUND = 80 * _U2
LOG1P_BOUND = 80 * _U2
SQRT_BOUND = 2.6 * _U2
RECIP_BOUND = 1.01 * _U2

DDOK = tuple[np.ndarray, np.ndarray, np.ndarray]


def _far(xh: np.ndarray, xl: np.ndarray) -> DDOK:
    """``log X`` for ``X`` off ``[0.5, 2]`` (the far path of the module docstring)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        y0 = np.clip(np.log(xh), -745.2, 709.8)
    h, lo, e = exp_scaled(-y0)
    xs = np.ldexp(xh, e)
    xls = np.ldexp(xl, e)
    with np.errstate(over="ignore", invalid="ignore"):
        p, q = two_prod(xs, h)
        t1 = p - 1.0
        tau = q + (xs * lo + xls * h)
        ok = np.abs(t1) <= 2.0**-40
    s, s1 = two_sum(y0, t1)
    low = s1 + (tau - t1 * (0.5 * t1 + tau))
    rh, rl = fast_two_sum(s, low)
    return rh, rl, ok


def _near(dh: np.ndarray, dl: np.ndarray) -> DDOK:
    """``log1p d`` for ``d`` in ``[-0.5, 1]``, ``|d_h| >= 2**-60`` (the near path)."""
    y0 = np.clip(np.log1p(dh), -0.75, 0.75)
    mh, ml = expm1_dd(y0)
    nh, nl = add_dd(dh, dl, -mh, -ml)
    eh, el = add_dd_d(mh, ml, 1.0)
    th, tl = div_dd(nh, nl, eh, el)
    ok = np.abs(th) <= 2.0**-40 * np.abs(y0)
    s, s1 = two_sum(y0, th)
    rh, rl = fast_two_sum(s, s1 + (tl - 0.5 * th * th))
    return rh, rl, ok


def log1p_dd(dh: np.ndarray, dl: np.ndarray) -> DDOK:
    """``(h, l, ok)``: ``log(1 + d)`` within :data:`LOG1P_BOUND` where ``ok``, for a
    double-double ``d = d_h + d_l`` in ``[-0.5, 1]`` with ``d_h = 0`` or ``|d_h| >= 2**-900``.

    Examples
    ========

    >>> h, l, ok = log1p_dd(np.array([1e-30, 0.5]), np.array([0.0, 0.0]))
    >>> h.tolist(), ok.tolist()
    ([1e-30, 0.4054651081081644], [True, True])
    """
    dh = np.asarray(dh, dtype=np.float64)
    h = np.array(dh, copy=True)
    lo = np.array(dl, dtype=np.float64, copy=True)
    ok = np.ones(dh.shape, dtype=bool)
    tiny = np.abs(dh) < 2.0**-60
    t = np.flatnonzero(tiny)
    if len(t):
        h[t], lo[t] = fast_two_sum(dh[t], lo[t] - 0.5 * dh[t] * dh[t])
    n = np.flatnonzero(~tiny)
    if len(n):
        h[n], lo[n], ok[n] = _near(dh[n], lo[n])
    return h, lo, ok


def log_dd(xh: np.ndarray, xl: np.ndarray | None = None) -> DDOK:
    """``(h, l, ok)``: ``log x`` within :data:`LOG_BOUND` where ``ok``, for positive finite
    float64 ``x`` other than 1 (or a double-double ``x_h + x_l`` with ``x_h`` outside
    ``[0.5, 2]``).

    Examples
    ========

    >>> h, l, ok = log_dd(np.array([5e-324, 2.0]))
    >>> h.tolist()
    [-744.4400719213812, 0.6931471805599453]
    """
    xh = np.asarray(xh, dtype=np.float64)
    if xl is None:
        xl = np.zeros_like(xh)
    h = np.empty_like(xh)
    lo = np.empty_like(xh)
    ok = np.empty(xh.shape, dtype=bool)
    near = (xh >= 0.5) & (xh <= 2.0)
    i = np.flatnonzero(near)
    if len(i):
        h[i], lo[i], ok[i] = log1p_dd(xh[i] - 1.0, xl[i])
    i = np.flatnonzero(~near)
    if len(i):
        h[i], lo[i], ok[i] = _far(xh[i], xl[i])
    return h, lo, ok


def sqrt_dd(xh: np.ndarray, xl: np.ndarray | None = None) -> DD:
    """``sqrt x`` within :data:`SQRT_BOUND` for a positive finite float64 (or double-double) ``x``.

    Examples
    ========

    >>> h, l = sqrt_dd(np.array([2.0, 5e-324]))
    >>> h.tolist()
    [1.4142135623730951, 2.2227587494850775e-162]
    """
    xh = np.asarray(xh, dtype=np.float64)
    _, e = np.frexp(xh)
    k = e // 2
    xs = np.ldexp(xh, -2 * k)
    s = np.sqrt(xs)
    p, q = two_prod(s, s)
    r = (xs - p) - q
    if xl is not None:
        r = r + np.ldexp(xl, -2 * k)
    lo = r / (2.0 * s)
    return np.ldexp(s, k), np.ldexp(lo, k)


def recip_scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e)``: ``1/x = 2**e (h + l)`` within :data:`RECIP_BOUND`, ``1 < |h| <= 2``,
    for finite nonzero float64 ``x``."""
    m, e = np.frexp(np.asarray(x, dtype=np.float64))
    h = 1.0 / m
    p, q = two_prod(m, h)
    lo = ((1.0 - p) - q) / m
    return h, lo, -e


def recip_dd(x: np.ndarray) -> DD:
    """``1/x`` within :data:`RECIP_BOUND` for float64 ``2**-1024 < |x| <= 2**900``."""
    h, lo, e = recip_scaled(x)
    return np.ldexp(h, e), np.ldexp(lo, e)

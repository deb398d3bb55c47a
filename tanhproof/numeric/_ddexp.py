"""exp and expm1 in double-double on numpy arrays, with a proved relative error bound.

:func:`exp_dd` gives ``exp(x)`` for float64 ``x`` in ``[-620, 709.7]`` and :func:`expm1_dd`
gives ``exp(y) - 1`` for ``|y| <= 0.75``, both as double-doubles ``(h, l)`` (see
:mod:`tanhproof.numeric._ddarith`) within ``21.3 u**2`` and ``54 u**2`` relative
(``u = 2**-53``). They are the core of the binary64 kernels of
:mod:`tanhproof.numeric._ddkernels`.

Explanation
===========

Constants come from arb balls at 256 bits: ``C = ln2 / 2**16`` as ``C1 + C2 + C3 + C4``
(``C1``, ``C2``, ``C3`` of 26 significant bits each, ``C4`` the rounded rest, so
``|C - sum| <= 2**-147``); tables ``TA[j] = 2**(j/256)``, ``TB[j] = 2**(j/65536)``
(``-128 <= j < 128``) and ``UA = TA - 1``, ``UB = TB - 1``, each a double-double of
relative error at most ``u**2`` (the high part and the rounded rest).

**Reduction.** ``k = rint(x * 2**16/ln2)`` (``|k| < 2**27``), so ``r = x - kC`` has
``|r| <= C/2 (1 + 2**-30) < 2**-17.5``. ``k = 2**16 e + 256 j1 + j2`` with
``-128 <= j1, j2 < 128`` and ``exp(x) = 2**e TA[j1] TB[j2] exp(r)``. The products
``k*C1``, ``k*C2``, ``k*C3`` are exact (27 + 26 bits); ``r0 = x - k C1`` is exact (both
are multiples of ``min(ulp(x), 2**-42)`` and ``|r0| < 2**-14``; for ``|x| < 2**-18``,
``k = 0``); ``s = r0 - k C2`` is exact likewise (multiples of ``2**-70``, ``|s| <
2**-17.4``); ``(s2, e2) = two_sum(s, -k C3)`` is exact; only ``e2 - fl(k C4)`` and
``fl(k C4)`` round, by at most ``2**-123.4 + 2**-120`` (``2**-123.3`` when ``|k| <
2**17``), and ``C4``'s own error adds ``|k| 2**-147``. So ``r = r_h + r_l`` is off by at
most ``2**-119``: a relative error below ``0.01 u**2`` of ``exp``; for :func:`expm1_dd`
(``|k| < 2**17``) at most ``2**-123.2``, which relative to ``|expm1(y)| >= 2**-18.6``
(``k != 0``) is below ``2.2 u**2``.

**Polynomial** (``|r| < 2**-17.5``, ``|r_l| <= u |r_h|``, ``(q_h, q_l) =
two_prod(r_h, r_h)`` exact). For :func:`exp_dd`: ``exp(r) = 1 + r_h + q_h/2 + [r_h q_h
(1/6 + r_h/24 + r_h**2/120) + r_l + q_l/2 + r_l (r_h + q_h/2)] + t`` with the
truncation ``t`` (``r**6/720``, ``r_l**2/2``, ``r_l r**3/6``) below ``2**-114``; the
bracket (below ``2**-54.9``) is summed in double (the cubic within ``5u`` of itself,
``0.6 u**2``; the other roundings ``0.3 u**2``); ``two_sum(r_h, q_h/2)`` and
``two_sum(1, .)`` are exact (as :func:`~tanhproof.numeric._ddarith.fast_two_sum`: the
first operand's exponent is the larger) and the last addition of low parts errs by at most
``u (2**-53 + 2**-54.5)``, ``1.2 u**2``: ``exp(r)`` within ``2.1 u**2``. For
:func:`expm1_dd` the error must be relative to ``|expm1(r)| >= |r| (1 - 2**-18)``, and
the cubic term (up to ``2**-37.6 |r|``) is carried in double-double: ``r_h**3`` as
``two_prod(r_h, q_h)`` plus ``r_h q_l``, times 1/6 (a double-double) by ``two_prod``
with the cross terms, the terms ``r**4/24 .. r**7/5040`` (below ``2**-56.6 |r|``) in
double: within ``2**-70`` of itself; the truncation ``r**8/8!`` is below
``2**-120 |r|``. ``two_sum(r_h, q_h/2)`` and ``two_sum(., c_h)`` are exact and their
error terms, ``c_l``, ``r_l`` and the rest (partial sums at most ``2u, 2u, 3.01u`` of
``|r|``) are added in double: ``expm1(r)`` within ``7.1 u**2``.

**exp.** tables ``2 u**2``, ``TA TB`` (:func:`~tanhproof.numeric._ddarith.mul_dd`)
``8.1 u**2``, ``exp(r)`` ``2.1 u**2``, the product ``8.1 u**2``, the reduction
``0.01 u**2``, ``ldexp`` exact (the result stays above ``2**-900``): **21.3 u**2**
relative.

**expm1** (``|y| <= 0.75``, so ``|k| <= 70912`` and ``e`` is -1, 0 or 1):
``expm1(y) = T expm1(r) + (T - 1)``, ``T = 2**e TA TB``,
``T - 1 = (2**e - 1) + 2**e (UA + UB + UA UB)``. Write ``A`` for the amplification
``(|T expm1(r)| + |T - 1|) / |expm1(y)|`` of the final :func:`~tanhproof.numeric._ddarith.add_dd`
(relative ``3.01 u**2`` on top). ``k = 0``: ``7.1 + 3.01``. ``0 < |k| < 256`` (``j1 =
0``, ``e = 0``): ``T - 1 = UB`` (``u**2``), ``T expm1(r)`` within ``1 + 7.1 + 8.1``
(table, polynomial, product), ``A <= 3.01`` (``|T - 1| >= |k| C (1 - C)``,
``|T expm1(r)| <= C/2 (1 + 2C)``), plus the reduction's ``2.2`` (already relative to
``expm1(y)``): at most ``3.01 * 16.2 + 2.2 + 3.01 < 54 u**2``. ``|k| >= 256``: ``A <=
1.006``; ``UA + UB`` with ``|UA| >= 2**-8.5 > 1.9 |UB|`` loses at most a factor 3.1 on
the tables' errors (``3.1 u**2 + 3.01 u**2``), ``UA UB`` (below ``2**-9.4`` of the sum)
and its addition ``3.1 u**2``: ``U = UA + UB + UA UB`` within ``9.3 u**2``; for ``e = 1``
the sum ``1 + 2U >= 0.41`` amplifies by at most 1.42 plus ``2.5 u**2`` of
:func:`~tanhproof.numeric._ddarith.add_dd_d`, for ``e = -1`` ``U/2 - 1/2`` by at most
2.45 plus ``2.5 u**2``: ``T - 1`` within ``25.3 u**2``; ``T expm1(r)`` within
``2 + 8.1 + 7.1 + 8.1 = 25.3 u**2``: at most ``1.006 * 25.3 + 3.01 < 29 u**2``. So
**54 u**2** covers every case.

Examples
========

>>> import numpy as np
>>> h, l = exp_dd(np.array([1.0]))
>>> float(h[0]), abs(float(l[0])) < 2.0**-50
(2.718281828459045, True)
>>> h, l = expm1_dd(np.array([1e-10]))
>>> float(h[0])
1.00000000005e-10
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, fast_two_sum, mul_dd, two_prod, two_sum

__all__ = ["EXPM1_BOUND", "EXPM1_RANGE", "EXP_BOUND", "EXP_RANGE", "exp_dd", "exp_scaled", "expm1_dd"]

_U2 = 2.0**-106
#: Relative error bounds (module docstring) of :func:`exp_dd` and :func:`expm1_dd`.
EXP_BOUND = 21.3 * _U2
EXPM1_BOUND = 54 * _U2
#: The arguments each function accepts (closed intervals).
EXP_RANGE = (-620.0, 709.7)
EXPM1_RANGE = (-0.75, 0.75)


def _fraction(ball: arb) -> Fraction:
    lo, hi = arb_bounds(ball)
    return (lo + hi) / 2


def _dd_of(value: Fraction) -> tuple[float, float]:
    """``(h, l)``: ``h = RN(value)``, ``l = RN(value - h)`` (Python's exact rounding)."""
    h = float(value)
    return h, float(value - Fraction(h))


def _leading(value: Fraction, bits: int) -> Fraction:
    """``value`` truncated to its leading ``bits`` significant bits."""
    e = value.numerator.bit_length() - value.denominator.bit_length()
    scale = Fraction(2) ** (bits - 1 - e)
    return Fraction(int(value * scale)) / scale


@functools.lru_cache(maxsize=1)
def _constants() -> dict[str, Any]:
    old = ctx.prec
    ctx.prec = 256
    try:
        c = _fraction(arb(2).log() / 65536)  # within 2**-250 of ln2 / 2**16
        inverse = _fraction(65536 / arb(2).log())
        tables: dict[str, list[tuple[float, float]]] = {"TA": [], "TB": [], "UA": [], "UB": []}
        for j in range(-128, 128):
            for name, den in (("A", 256), ("B", 65536)):
                t = (arb(2) ** (arb(j) / den)) if j else arb(1)
                tables["T" + name].append(_dd_of(_fraction(t)))
                tables["U" + name].append(_dd_of(_fraction(t - 1)) if j else (0.0, 0.0))
    finally:
        ctx.prec = old
    c1 = _leading(c, 26)
    c2 = _leading(c - c1, 26)
    c3 = _leading(c - c1 - c2, 26)
    out: dict[str, Any] = {
        "INV": float(inverse),
        "C1": float(c1),
        "C2": float(c2),
        "C3": float(c3),
        "C4": float(c - c1 - c2 - c3),
        "S6h": _dd_of(Fraction(1, 6))[0],
        "S6l": _dd_of(Fraction(1, 6))[1],
    }
    for name, rows in tables.items():
        arr = np.array(rows)
        out[name + "h"] = np.ascontiguousarray(arr[:, 0])
        out[name + "l"] = np.ascontiguousarray(arr[:, 1])
    return out


def _reduce(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(r_h, r_l, e, i1, i2)``: ``x = k C + r``, ``k = 2**16 e + 256 j1 + j2`` with
    table indices ``i = j + 128``."""
    K = _constants()
    k = np.rint(x * K["INV"])
    s = (x - k * K["C1"]) - k * K["C2"]  # both steps exact
    s2, e2 = two_sum(s, -(k * K["C3"]))
    rh, rl = two_sum(s2, e2 - k * K["C4"])
    ki = k.astype(np.int64)
    j2 = ((ki + 128) & 255) - 128
    m = (ki - j2) >> 8
    j1 = ((m + 128) & 255) - 128
    e = (m - j1) >> 8
    return rh, rl, e, j1 + 128, j2 + 128


def _expm1_small(rh: np.ndarray, rl: np.ndarray) -> tuple[DD, np.ndarray]:
    """``expm1(r)`` for ``|r| < 2**-17.5`` as ``((b_h, b_l), low)`` with
    ``expm1(r) = b_h + (b_l + low)``; accurate to ``2 u**2`` next to 1 (for :func:`exp_dd`)."""
    qh, ql = two_prod(rh, rh)
    half = 0.5 * qh
    cubic = (rh * qh) * (1 / 6 + rh * (1 / 24 + rh * (1 / 120)))
    low = cubic + (rl + (0.5 * ql + rl * (rh + half)))
    return fast_two_sum(rh, half), low  # |half| <= 2**-18.5 |r_h|


def _expm1_accurate(rh: np.ndarray, rl: np.ndarray) -> DD:
    """``expm1(r)`` for ``|r| < 2**-17.5`` within ``6 u**2`` relative: the cubic term in
    double-double too."""
    K = _constants()
    qh, ql = two_prod(rh, rh)
    half = 0.5 * qh
    ah, al = two_prod(rh, qh)  # r_h**3 = a_h + a_l + r_h q_l
    al = al + rh * ql
    ch, cl = two_prod(ah, K["S6h"])
    tail = rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040))))
    cl = cl + (al * K["S6h"] + ah * (K["S6l"] + tail))
    bh, bl = fast_two_sum(rh, half)  # |half| <= 2**-18.5 |r_h|
    sh, sl = fast_two_sum(bh, ch)  # |c_h| <= 2**-36 |b_h|
    low = ((bl + sl) + cl) + (rl + (0.5 * ql + rl * (rh + half)))
    return fast_two_sum(sh, low)


def exp_dd(x: np.ndarray) -> DD:
    """``exp(x)`` as a double-double, relative error at most :data:`EXP_BOUND`, for
    float64 ``x`` in :data:`EXP_RANGE`.

    Examples
    ========

    >>> h, l = exp_dd(np.array([0.0, -1.0]))
    >>> h.tolist(), l.tolist()[0]
    ([1.0, 0.36787944117144233], 0.0)
    """
    h, lo, e = exp_scaled(x)
    return np.ldexp(h, e), np.ldexp(lo, e)


def exp_scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e)`` with ``exp(x) = 2**e (h + l)``, ``2**-0.51 < h < 2**0.51``, within
    :data:`EXP_BOUND`, for float64 ``|x| <= 800`` (:func:`exp_dd` before its scaling:
    the values below ``2**-900`` keep their relative accuracy).

    Examples
    ========

    >>> h, l, e = exp_scaled(np.array([-750.0]))
    >>> int(e[0]), round(float(h[0]), 12)
    (-1082, 0.985357623521)
    """
    K = _constants()
    rh, rl, e, i1, i2 = _reduce(x)
    (bh, bl), low = _expm1_small(rh, rl)
    zh, zl = fast_two_sum(1.0, bh)  # |b_h| < 2**-17
    ph, pl = fast_two_sum(zh, zl + (bl + low))
    th, tl = mul_dd(K["TAh"][i1], K["TAl"][i1], K["TBh"][i2], K["TBl"][i2])
    h, lo = mul_dd(th, tl, ph, pl)
    return h, lo, e.astype(np.int32)


def expm1_dd(y: np.ndarray) -> DD:
    """``exp(y) - 1`` as a double-double, relative error at most :data:`EXPM1_BOUND`,
    for float64 ``y`` in :data:`EXPM1_RANGE`.

    Examples
    ========

    >>> h, l = expm1_dd(np.array([0.0, -0.5]))
    >>> h.tolist()
    [0.0, -0.3934693402873666]
    """
    K = _constants()
    rh, rl, e, i1, i2 = _reduce(y)
    mh, ml = _expm1_accurate(rh, rl)
    uah, ual, ubh, ubl = K["UAh"][i1], K["UAl"][i1], K["UBh"][i2], K["UBl"][i2]
    ph, pl = mul_dd(uah, ual, ubh, ubl)
    sh, sl = add_dd(uah, ual, ubh, ubl)
    uh, ul = add_dd(sh, sl, ph, pl)
    scale = np.ldexp(1.0, e.astype(np.int32))
    t1h, t1l = add_dd_d(uh * scale, ul * scale, scale - 1.0)  # T - 1
    th, tl = mul_dd(K["TAh"][i1], K["TAl"][i1], K["TBh"][i2], K["TBl"][i2])
    xh, xl = mul_dd(th * scale, tl * scale, mh, ml)  # T expm1(r)
    return add_dd(xh, xl, t1h, t1l)

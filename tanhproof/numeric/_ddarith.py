"""Double-double ("double-word") arithmetic on numpy float64 arrays, with stated error bounds.

A double-double is a pair ``(h, l)`` of float64 arrays standing for ``h + l`` with
``|l| <= u |h|`` (``u = 2**-53``): about 106 significant bits. These are the building
blocks of the binary64 kernels of :mod:`tanhproof.numeric._ddexp` and
:mod:`tanhproof.numeric._ddkernels`.

Explanation
===========

Only IEEE 754 binary64 ``+ - * /`` rounded to nearest are used (numpy has no fused
multiply-add), so products are made exact by Dekker's splitting.

**Error-free transformations** (exact, barring overflow and underflow):

- :func:`two_sum` ``(s, e)`` with ``s = fl(a + b)`` and ``s + e = a + b`` exactly,
  ``|e| <= u |s|`` (Knuth, TAOCP vol. 2, 4.2.2; Moller 1965): six operations, no
  condition on ``a`` and ``b``.
- :func:`fast_two_sum` the same in three operations when the exponent of ``a`` is at
  least that of ``b`` (in particular when ``|a| >= |b|`` or ``a = 0``) (Dekker 1971).
- :func:`two_prod` ``(p, e)`` with ``p = fl(a b)`` and ``p + e = a b`` exactly, by
  Veltkamp's splitting ``a = a_hi + a_lo`` into halves of 26 and 27 bits (constant
  ``2**27 + 1``) and Dekker's product (Dekker, "A floating-point technique for extending
  the available precision", Numer. Math. 18, 1971; conditions proved by Boldo 2006):
  exact when ``|a|, |b| < 2**995`` and ``|a b| >= 2**-969`` (the error term, a multiple
  of ``ulp(a) ulp(b)``, is then representable).

**Operations** (inputs normalised, ``|x_l| <= u |x_h|``; ``O(u**3)`` terms are
absorbed by the factor 1.01 of the bounds below and by the slack of the callers):

- :func:`add_dd_d` ``x + y``: ``two_sum(x_h, y)``, the low parts added once (one
  rounding, at most ``u (|x_l| + |s_l|)``), renormalised by ``two_sum``: absolute error
  at most ``u**2 (|x_h| + |fl(x_h + y)|)``; for ``x`` and ``y`` of one sign at most
  ``2.01 u**2 |x + y|``.
- :func:`add_dd` ``x + y``, Algorithm 6 (AccurateDWPlusDW) of Joldes, Muller and Popescu,
  "Tight and rigorous error bounds for basic building blocks of double-word arithmetic",
  ACM TOMS 44(2), 2017: relative error at most ``3u**2 + 13u**3`` whatever the signs.
- :func:`mul_dd_d` ``x * y``: ``two_prod(x_h, y)`` exact; ``fl(x_l y)`` errs by at most
  ``u**2 |x_h y|``, adding it to the product's error term by at most
  ``u (u + u(1 + u)) |x_h y|``: relative error at most ``3.01 u**2``.
- :func:`mul_dd` ``x * y``: ``two_prod(x_h, y_h)`` exact; the cross terms
  ``fl(fl(x_h y_l) + fl(x_l y_h))`` err by at most ``(1 + 1 + 2) u**2 |x_h y_h|``, the
  sum with the product's error term by ``3 u**2 |x_h y_h|``, and ``x_l y_l`` (dropped)
  is at most ``u**2 |x_h y_h|``: relative error at most ``8.1 u**2``.
- :func:`div_dd` ``x / y``: ``q1 = fl(x_h / y_h)`` (so ``|x - q1 y| <= 3.01 u |q y|``,
  ``q = x/y``); the remainder ``r = x - q1 y`` from :func:`mul_dd_d` (relative
  ``3.01 u**2`` of ``q1 y``) and :func:`add_dd` (``3.01 u**2`` of ``r``, negligible):
  within ``3.02 u**2 |q y|``; ``q2 = fl(r_h / y_h)`` errs from ``r / y`` by at most
  ``3.01 u |r / y| <= 9.1 u**2 |q|``: relative error at most ``12.2 u**2`` (Joldes et
  al. prove ``15u**2 + 56u**3`` for their similar Algorithm 17; we use **15.5 u**2**).

Every caller keeps its operands within ``[2**-900, 2**990]`` in magnitude (or zero), so
the splitting never overflows, products of high parts are exact, and a low part
that underflows loses at most ``2**-1075`` absolute, below ``2**-170`` of the values:
absorbed by the same slack.

Examples
========

>>> import numpy as np
>>> s, e = two_sum(np.array([1.0]), np.array([2.0**-60]))
>>> float(s[0]), float(e[0]) == 2.0**-60
(1.0, True)
>>> h, l = div_dd(np.array([1.0]), np.array([0.0]), np.array([3.0]), np.array([0.0]))
>>> from fractions import Fraction
>>> abs(Fraction(h[0]) + Fraction(l[0]) - Fraction(1, 3)) < Fraction(1, 3) * 2**-104
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "U2",
    "add_dd",
    "add_dd_d",
    "add_dd_d_dominant",
    "div_dd",
    "fast_two_sum",
    "mul_dd",
    "mul_dd_d",
    "split",
    "two_prod",
    "two_sum",
]

Arr = Any  # a numpy float64 array, or a float that broadcasts
DD = tuple[np.ndarray, np.ndarray]

#: ``u**2 = 2**-106``, the unit of the error bounds of this module.
U2 = 2.0**-106

_SPLITTER = 134217729.0  # 2**27 + 1


def two_sum(a: Arr, b: Arr) -> DD:
    """``(s, e)``: ``s = fl(a + b)``, ``s + e = a + b`` exactly (Knuth)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def fast_two_sum(a: Arr, b: Arr) -> DD:
    """:func:`two_sum` when the exponent of ``a`` is at least that of ``b`` (Dekker)."""
    s = a + b
    e = b - (s - a)
    return s, e


def split(a: Arr) -> DD:
    """Veltkamp's splitting: ``a = hi + lo`` exactly, ``hi`` of 26 bits, ``lo`` of 27
    (signed), for ``|a| < 2**995``."""
    t = a * _SPLITTER
    hi = t - (t - a)
    return hi, a - hi


def two_prod(a: Arr, b: Arr) -> DD:
    """``(p, e)``: ``p = fl(a b)``, ``p + e = a b`` exactly (Dekker's product)."""
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def add_dd_d(xh: Arr, xl: Arr, y: Arr) -> DD:
    """``x + y`` for a double-double ``x`` and a double ``y``."""
    sh, sl = two_sum(xh, y)
    return two_sum(sh, sl + xl)


def add_dd_d_dominant(xh: Arr, xl: Arr, y: Arr) -> DD:
    """:func:`add_dd_d` when ``|y| >= 2 |x_h|``: the same result (both ``two_sum`` steps
    are exact as :func:`fast_two_sum`: ``|fl(x_h + y)| >= |y|/2 >= |x_h|`` and the low
    parts stay below ``3u`` of it), so the same bound, in six operations fewer."""
    sh, sl = fast_two_sum(y, xh)
    return fast_two_sum(sh, sl + xl)


def add_dd(xh: Arr, xl: Arr, yh: Arr, yl: Arr) -> DD:
    """``x + y`` of two double-doubles (AccurateDWPlusDW: relative error ``<= 3u**2 + 13u**3``)."""
    sh, sl = two_sum(xh, yh)
    th, tl = two_sum(xl, yl)
    vh, vl = fast_two_sum(sh, sl + th)
    return fast_two_sum(vh, tl + vl)


def mul_dd_d(xh: Arr, xl: Arr, y: Arr) -> DD:
    """``x * y`` for a double-double ``x`` and a double ``y`` (relative error ``<= 3.01 u**2``)."""
    ph, pl = two_prod(xh, y)
    return fast_two_sum(ph, pl + xl * y)


def mul_dd(xh: Arr, xl: Arr, yh: Arr, yl: Arr) -> DD:
    """``x * y`` of two double-doubles (relative error ``<= 8.1 u**2``)."""
    ph, pl = two_prod(xh, yh)
    return fast_two_sum(ph, pl + (xh * yl + xl * yh))


def div_dd(xh: Arr, xl: Arr, yh: Arr, yl: Arr) -> DD:
    """``x / y`` of two double-doubles (relative error ``<= 15.5 u**2``)."""
    q1 = xh / yh
    ph, pl = mul_dd_d(yh, yl, q1)
    rh, _ = add_dd(xh, xl, -ph, -pl)
    q2 = rh / yh
    return fast_two_sum(q1, q2)

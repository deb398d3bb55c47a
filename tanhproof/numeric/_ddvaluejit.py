"""Compiled (numba) twins of :mod:`tanhproof.numeric._ddvalue`'s operations and of the decisions, per element.

The building blocks of the compiled loop of :mod:`tanhproof.numeric._activationjit`:
``add``, ``mul``, ``div`` (and ``add_parts``, ``mul_parts``, ``div_parts``) on tuples ``(h,
l, e, bad)`` as :mod:`tanhproof.numeric._ddvalue` computes them on arrays, and the
rounding decisions of :func:`~tanhproof.numeric._exprdd.decide_dd` (binary64) and of
:func:`tanhproof.numeric._exprref.decide` (formats of at most 32 bits) for one element.

Explanation
===========

As in :mod:`tanhproof.numeric._ddjit`, every function performs the **same float64
operations in the same order** as its numpy original, so the results are the numpy
path's bit for bit and its bounds hold unchanged: ``add_with_error`` and
``mul_with_error`` of :mod:`tanhproof.numeric._exprdd` are not rewritten (their bytecode
is adopted, with this module's globals); the rest is written again one element at a
time, where numpy selects with ``np.where``. These functions are plain Python here (the
tests run them so, without a compiler); :func:`tanhproof.numeric._activationjit.compiled`
compiles copies of them into its loop. ``tests/numeric/test_ddvaluejit.py`` compares the
decisions and roundings with numpy's.

Examples
========

>>> h, lo, e, bad = add((1.0, 0.0, 0.0, False), (2.0**-60, 0.0, 0.0, False))
>>> (h, lo, bad)  # 1 + 2**-60, exactly (two exact floats: no rounding term)
(1.0, 8.673617379884035e-19, False)
>>> decide(h, lo, e, bad, 0, False)  # to nearest: 1
(1.0, True, 0.0)
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from tanhproof.numeric import _exprdd
from tanhproof.numeric._ddjit import (  # noqa: F401 - globals of the adopted functions
    bits64,
    div_dd,
    fast_two_sum,
    from_bits64,
    neighbours,
    two_prod,
    two_sum,
    ulp,
)

__all__ = [
    "add",
    "add_parts",
    "add_with_error",
    "decide",
    "decide_narrow",
    "div",
    "div_parts",
    "exact",
    "finite",
    "format_parameters",
    "mul",
    "mul_parts",
    "mul_with_error",
    "next_down",
    "next_up",
    "outside",
    "round_binary32",
    "round_format",
    "twice",
    "ulp_format",
    "up",
]

_U = 2.0**-53  # a global of the adopted mul_with_error
_U2 = 2.0**-106
_LOW = 2.0**-900
_HIGH = 2.0**990


def _adopt(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with the same bytecode, reading its globals from this module."""
    return types.FunctionType(function.__code__, globals(), function.__name__, function.__defaults__)


add_with_error = _adopt(_exprdd.add_with_error)
mul_with_error = _adopt(_exprdd.mul_with_error)


def up(t: float) -> float:
    """:func:`tanhproof.numeric._exprerror.up`."""
    return t * (1 + 2.0**-46) + 2.0**-1068


def outside(h: float, lo: float) -> bool:
    """``_ddvalue.outside`` for one element."""
    m = abs(h)
    return not ((m >= _LOW and m <= _HIGH) or (h == 0 and lo == 0))


def finite(v: float) -> bool:
    return v - v == 0


def add_parts(ah: float, al: float, ae: float, bh: float, bl: float, be: float) -> tuple[float, float, float]:
    """:func:`tanhproof.numeric._exprdd.add_parts`."""
    h, lo, r = add_with_error(ah, al, bh, bl)
    rnd = 0.0 if (al == 0 and bl == 0) else r
    return h, lo, up(ae + be + rnd)


def mul_parts(
    ah: float, al: float, ae: float, bh: float, bl: float, be: float
) -> tuple[float, float, float, bool]:
    """:func:`tanhproof.numeric._exprdd.mul_parts`."""
    h, lo, r = mul_with_error(ah, al, bh, bl)
    ma = abs(ah) + abs(al)
    mb = abs(bh) + abs(bl)
    rnd = 0.0 if (al == 0 and bl == 0) else r
    e = up(ma * be + mb * ae + ae * be + rnd)
    if not finite(h):
        return 0.0, 0.0, e, True
    return h, lo, e, False


def div_parts(
    ah: float, al: float, ae: float, bh: float, bl: float, be: float
) -> tuple[float, float, float, bool]:
    """:func:`tanhproof.numeric._exprdd.div_parts`."""
    low = (abs(bh) - abs(bl)) * (1 - 2.0**-50)
    bad = not (be <= low / 2) or bh == 0
    if bad:
        h, lo = div_dd(ah, al, 1.0, 0.0)
    else:
        h, lo = div_dd(ah, al, bh, bl)
    low_b = (low - be) * (1 - 2.0**-50)
    prop = ae / low_b + abs(h) * (1 + 2.0**-50) * (be / low_b)
    e = up(prop + 16 * _U2 * abs(h))
    bad = bad or not finite(h)
    if bad:
        return 0.0, 0.0, e, True
    return h, lo, e, False


def add(a: tuple, b: tuple) -> tuple:
    """``_ddvalue.add`` of two ``(h, l, e, bad)``."""
    h, lo, e = add_parts(a[0], a[1], a[2], b[0], b[1], b[2])
    return h, lo, e, a[3] or b[3] or outside(h, lo)


def mul(a: tuple, b: tuple) -> tuple:
    """``_ddvalue.mul``."""
    h, lo, e, overflow = mul_parts(a[0], a[1], a[2], b[0], b[1], b[2])
    return h, lo, e, a[3] or b[3] or overflow or outside(h, lo)


def div(a: tuple, b: tuple) -> tuple:
    """``_ddvalue.div``."""
    h, lo, e, failed = div_parts(a[0], a[1], a[2], b[0], b[1], b[2])
    return h, lo, e, a[3] or b[3] or failed or outside(h, lo)


def twice(a: tuple) -> tuple:
    """``_ddvalue.twice``."""
    return 2 * a[0], 2 * a[1], 2 * a[2], a[3] or outside(2 * a[0], a[1])


def exact(x: float) -> tuple:
    return x, 0.0, 0.0, outside(x, 0.0)


def decide(h: float, lo: float, e: float, bad: bool, mode: int, residual: bool) -> tuple[float, bool, float]:
    """``_ddvalue.end`` and :func:`~tanhproof.numeric._exprdd.decide_dd` for one
    element: ``(value, decided, residual)``; ``mode`` a number of
    :data:`~tanhproof.numeric._ddjit.MODES`; with ``residual``, decided only where ``e``
    is below ``2**-20`` of an ulp, as ``decide_dd`` asks then."""
    if bad:
        h, lo = 0.0, 0.0
    m = abs(h)
    in_range = (m >= _LOW and m <= _HIGH) or (h == 0 and lo == 0)
    bad = bad or not (in_range and finite(e) and finite(lo))
    if bad or not finite(e) or h == 0:
        return 0.0, False, 0.0
    H, L = two_sum(h, lo)
    magnitude = abs(H)
    if not (magnitude >= _LOW and magnitude < 2.0**1023):
        return 0.0, False, 0.0
    above_h, below_h = neighbours(H)
    gu = above_h - H
    gd = H - below_h
    top = L + e
    bottom = L - e
    if mode == 0:
        decided = top < 0.5 * gu and bottom > -0.5 * gd
        value = H
    else:
        above = bottom > 0 and top < gu
        below = top < 0 and bottom > -gd
        decided = above or below or (L == 0 and e == 0)
        lower = below_h if below else H
        upper = above_h if above else H
        if mode == 1:
            value = upper
        elif mode == 2:
            value = lower
        else:
            value = lower if H > 0 else upper
    if not decided:
        return value, False, 0.0
    if not residual:
        return value, True, 0.0
    u = ulp(value)
    return value, e <= u * 2.0**-20, ((H - value) + L) / u


def next_up(t: float) -> float:
    """``np.nextafter(t, inf)`` by the bits (no library call)."""
    if t != t or t == math.inf:
        return t
    if t == 0:
        return 2.0**-1074
    if t == -math.inf:
        return -1.7976931348623157e308
    b = bits64(t)
    return from_bits64(b + 1) if t > 0 else from_bits64(b - 1)


def next_down(t: float) -> float:
    """``np.nextafter(t, -inf)`` by the bits."""
    return -next_up(-t)


def round_binary32(x: float, mode: int) -> float:
    """The rounding of one float64 to binary32 under ``mode``: the IEEE cast (to nearest,
    ties to even, overflow to inf, subnormals included), moved to its neighbour in a
    directed mode when it lies on the wrong side of ``x``; the correct rounding, so the
    value :func:`round_format` gives."""
    r = np.float32(x)
    if mode == 0 or float(r) == x:
        return float(r)
    toward = mode == 1 or (mode == 3 and x < 0)  # up, or toward zero from below
    if toward and float(r) < x:
        r = np.nextafter(r, np.float32(np.inf))
    elif not toward and float(r) > x:
        r = np.nextafter(r, np.float32(-np.inf))
    return float(r)


def round_format(x: float, mode: int, f: np.ndarray) -> float:
    """:func:`~tanhproof.numeric._arrayrounding.round_array` of one float64 to the format
    ``f`` (:func:`format_parameters`): binary32 by :func:`round_binary32`, the others by
    round_array's general method (numpy's own casts, used there for nearest, round
    alike: both are correct roundings)."""
    if f[0] == 23:
        return round_binary32(x, mode)
    a = abs(x)
    _, exponent = math.frexp(a)
    q = max(exponent - 1, int(f[1])) - int(f[0])
    s = math.ldexp(a, -q)
    negative = np.signbit(x)
    away = negative if mode == 2 else not negative
    if mode == 0:
        n = np.rint(s)
    elif mode == 3:
        n = np.floor(s)
    else:
        n = np.ceil(s) if away else np.floor(s)
    mag = math.ldexp(n, q)
    if mag > f[2]:  # overflow: to inf, or to the largest finite value where truncated
        truncated = False if mode == 0 else (True if mode == 3 else not away)
        mag = f[2] if truncated else np.inf
    return -mag if negative else mag


def ulp_format(v: float, f: np.ndarray) -> float:
    """:func:`~tanhproof.numeric._ulps.ulp_array` of a finite value of the format ``f``
    of at most 32 bits: its binade's power of two times ``2**(1 - p)``, at least the
    least subnormal."""
    if v == 0:
        return f[3]
    _, exponent = math.frexp(abs(v))
    return max(math.ldexp(1.0, exponent - 1 - int(f[0])), f[3])


def decide_narrow(
    h: float, lo: float, e: float, bad: bool, mode: int, residual: bool, f: np.ndarray
) -> tuple[float, bool, float]:
    """``_ddvalue.end`` and ``_activationdd._decide`` for a format of at most 32 bits
    (``finish``'s known sign, ``as_bounded``, ``float_bounds``, the exact float64 and
    :func:`tanhproof.numeric._exprref.decide`) for one element."""
    if bad:
        h, lo = 0.0, 0.0
    m = abs(h)
    bad = bad or not (((m >= _LOW and m <= _HIGH) or (h == 0 and lo == 0)) and finite(e) and finite(lo))
    sign = 0.0
    if abs(lo) + e <= abs(h) / 2 and h != 0:
        sign = 1.0 if h > 0 else -1.0
    v = h + lo
    ev = up(e + (abs(v) * 2.0**-52 + 2.0**-1074))
    bad = bad or not finite(v) or not finite(ev)
    if e == 0 and lo == 0 and not bad:  # an exact float64
        low, high = h, h
    else:
        s = lo + e
        s = s + (abs(s) * 2.0**-52 + 2.0**-1074)
        t, r = two_sum(h, s)
        high = next_up(t) if r > 0 else t
        s = lo - e
        s = s - (abs(s) * 2.0**-52 + 2.0**-1074)
        t, r = two_sum(h, s)
        low = next_down(t) if r < 0 else t
    if sign > 0 and low < 2.0**-1074:
        low = 2.0**-1074
    if sign < 0 and high > -(2.0**-1074):
        high = -(2.0**-1074)
    if bad or not (finite(low) and finite(high) and (low > 0 or high < 0)):
        return 0.0, False, 0.0
    value = round_format(low, mode, f)
    if value != round_format(high, mode, f):
        return value, False, 0.0
    if not residual:
        return value, True, 0.0
    if not finite(value):
        return value, False, 0.0
    u = ulp_format(value, f)
    return value, ev <= u * 2.0**-20, (v - value) / u


def format_parameters(f: Any) -> np.ndarray:
    """What :func:`run` needs of a format of at most 32 bits: its fraction bits, least
    exponent, largest finite value and least subnormal (an empty array for binary64)."""
    if f.name == "binary64":
        return np.zeros(0)
    return np.array([f.fraction_bits, f.emin, float(f.max_float), float(f.min_subnormal)])

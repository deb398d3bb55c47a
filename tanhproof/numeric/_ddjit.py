"""Compiled (numba) scalar twins of the binary64 kernels with a double-double value.

The optional fast path of :func:`tanhproof.numeric._ddfast.fast64` (the ``fast`` extra,
``pip install "tanhproof[fast]"``): the double-double kernels of
:mod:`tanhproof.numeric._ddexpkernels` (``exp``, ``tanh``, ``tanh'``, ``sinh``,
``cosh``, ``sech``, ``sigmoid``, ``sigmoid'`` and the derivatives equal to them) and of
:mod:`tanhproof.numeric._ddhypkernels` (``coth``, ``csch``, ``coth'``, ``csch'``,
``sech'``, built on them and on :func:`tanhproof.numeric._ddlog.recip_dd`), ``log``
and ``softplus`` of :mod:`tanhproof.numeric._ddlogkernels`, ``asinh``, ``acosh``,
``atanh`` and their derivatives of :mod:`tanhproof.numeric._ddinvkernels`, ``erf`` and
``erf'`` of :mod:`tanhproof.numeric._dderf` and :mod:`tanhproof.numeric._dderfkernels`
(27 of the 34 names of :data:`~tanhproof.numeric._ddkernels.KERNELS64`: the other
seven, abs, sign, sqrt, ``log'`` and their derivatives, are exact or one IEEE
operation), and the rounding decision :func:`tanhproof.numeric._dddecide.decide64`, written one element at a
time so that numba compiles each function's block into one loop without temporaries.

Explanation
===========

Each function here performs the **same float64 operations in the same order, with the
same constants** as its numpy original, so its results are the numpy kernel's bit for
bit and the error analyses of :mod:`tanhproof.numeric._ddarith`,
:mod:`tanhproof.numeric._ddexp` and :mod:`tanhproof.numeric._ddexpkernels` (relative
error at most :data:`~tanhproof.numeric._ddexpkernels.BOUND64`) and
:mod:`tanhproof.numeric._ddhypkernels` apply unchanged:

- the double-double operations (``two_sum`` … ``div_dd``) and ``_expm1_small`` are not
  rewritten at all: :func:`_adopt` copies the **bytecode** of the originals, with this
  module's names (compiled ones, once :func:`compiled` ran) in place of their globals;
- the rest (the argument reduction, the table reads, ``expm1``, the reciprocal, the
  kernels, the decision) is written again one element at a time: the numpy originals gather by
  masks, index tables with arrays and call ``np.where``, which a scalar loop does with a
  branch;
- ``log``, ``softplus``, ``asinh``, ``acosh`` and ``atanh`` start from numpy's own
  ``log`` or ``log1p`` of a float64 (the input or a value the kernel computes first):
  a first approximation that the double-double steps correct, within a guard. The twin
  reads the very values numpy computes (:func:`guesses`), since numba's ``log`` is the C
  library's and may differ from numpy's in the last bit: a first pass of :func:`run`
  (mode :data:`PREPARE`) computes those floats, numpy their ``log`` or ``log1p``, and
  the second pass the rest;
- the constants and tables come from :func:`tanhproof.numeric._ddexp._constants` (never
  recomputed), packed by :func:`constants` into one array that every function receives
  as an argument, so that a compiled and cached function cannot keep stale constants.

What makes the twins identical is not this text but ``tests/numeric/test_ddjit.py``,
which compares the compiled path with the numpy one bit for bit (values and decisions,
every rounding mode) on random inputs, every kernel branch boundary and the edges of
the kernels' ranges: a compiler that contracted ``a*b + c`` into a fused multiply-add
or reassociated a sum would fail it (numba compiles without ``fastmath``).

Without numba every function still runs, as plain Python on floats (slowly, with the
same results); :func:`compiled` builds compiled copies of them.

Examples
========

>>> k = constants()
>>> h, lo = value(KINDS["tanh"], 0.5, 0.0, k)
>>> float(h), abs(float(lo)) < 2.0**-53
(0.46211715726000974, True)
>>> v, ok = decide(h, lo, BOUND64, 0)
>>> float(v), bool(ok)
(0.46211715726000974, True)
"""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from tanhproof.numeric import _ddarith, _dderf, _ddexp, _ddinvkernels
from tanhproof.numeric._ddarith import _SPLITTER  # noqa: F401 - a global of the adopted functions
from tanhproof.numeric._ddexpkernels import BOUND64
from tanhproof.numeric._jit import jit, loaded_loop
from tanhproof.numeric._kernelsjit import bits64, fma, from_bits64

__all__ = [
    "BOUND64",
    "COMPILE_SIZE",
    "ERF_KINDS",
    "KINDS",
    "LOGGED",
    "MIN_SIZE",
    "MODES",
    "PREPARE",
    "VALUES",
    "cached_constants",
    "compiled",
    "constants",
    "decide",
    "guesses",
    "kernel_values",
    "loop",
    "run",
    "value",
]

#: Calls with fewer inputs stay on the numpy path (numba's import and the check of its
#: cache cost more than the compiled loop saves on them).
MIN_SIZE = 1 << 12
#: A call with at least this many inputs compiles the loop if numba's disk cache does not
#: hold it yet (about 80 s, once per install); a smaller call uses it only once compiled
#: or cached, so that no small call waits for the compiler.
COMPILE_SIZE = 1 << 20

#: The functions with a compiled kernel and their number in the compiled code (a
#: derivative equal to another function shares its number).
KINDS: dict[str, int] = {
    "exp": 0,
    "exp'": 0,
    "tanh": 1,
    "tanh'": 2,
    "sinh": 3,
    "cosh'": 3,
    "cosh": 4,
    "sinh'": 4,
    "sech": 5,
    "sigmoid": 6,
    "softplus'": 6,
    "sigmoid'": 7,
    "coth": 8,
    "csch": 9,
    "coth'": 10,
    "csch'": 11,
    "sech'": 12,
    "log": 13,
    "erf": 14,
    "erf'": 15,
    "softplus": 16,
    "asinh": 17,
    "asinh'": 18,
    "acosh": 19,
    "acosh'": 20,
    "atanh": 21,
    "atanh'": 22,
}
_LOG, _ERF, _ERF_PRIME = 13, 14, 15
_SOFTPLUS, _ASINH, _ASINH_PRIME, _ACOSH, _ACOSH_PRIME, _ATANH, _ATANH_PRIME = range(16, 23)
#: The kinds whose kernel takes a first approximation from numpy's ``log`` or ``log1p``
#: (:func:`guesses`).
LOGGED = (_LOG, _SOFTPLUS, _ASINH, _ACOSH, _ATANH)
#: The ``mode`` of :func:`run` that computes the arguments of those first approximations.
PREPARE = -1
#: The ``mode`` of :func:`run` that gives the kernel's double-double ``(h, l)`` alone.
VALUES = -2
#: The kinds that read erf's tables (:func:`constants` with ``erf=True``).
ERF_KINDS = (_ERF, _ERF_PRIME)
#: The rounding modes by their number in the compiled code.
MODES: dict[str, int] = {"nearest": 0, "up": 1, "down": 2, "zero": 3}

# Offsets in the array of :func:`constants`.
_INV, _C1, _C2, _C3, _C4, _S6H, _S6L, _LN2H, _LN2L = range(9)
_HEAD = 10
_TAH, _TAL, _TBH, _TBL, _UAH, _UAL, _UBH, _UBL = (_HEAD + 256 * j for j in range(8))
_CENTRES, _TERMS, _STEPS = _dderf._CENTRES, _dderf._K, _dderf._STEPS  # tables (_TERMS + 1) x _CENTRES
_SHORT = _dderf._SHORT  # (rho, degree) near 0
_FLOAT = _dderf._FLOAT  # Horner's plain float64 steps from this degree
_ERF_C = _HEAD + 256 * 8  # 2/sqrt(pi), high and low
_ERF_HIGH = _ERF_C + 2
_ERF_LOW = _ERF_HIGH + (_TERMS + 1) * _CENTRES
_TINY = 2.0**-42
_LOWEST = 2.0**-900
_HIGHEST = 2.0**1023
_SLACK = 1 + 2.0**-40  # decide64's factor on the bound
_EXPONENT = 0x7FF0000000000000
_GUARD = 2.0**-40  # _ddlog's guard on the correction
_LOG1P_TINY = 2.0**-60
_ULP1 = 2.0**-52
_ASINH_SMALL = float(np.nextafter(0.75, 1.0))  # _ddinvkernels' branch points
_ACOSH_SMALL = float(np.nextafter(1.25, 2.0))
_ATANH_SMALL = float(np.nextafter(1 / 3, 1.0))
_FAR = 2.0**30
_PRIME_FAR = 2.0**50
_SERIES = 2.0**-26


def constants(erf: bool = False) -> np.ndarray:
    """The constants and tables of :func:`tanhproof.numeric._ddexp._constants`, in one
    float64 array at the offsets this module reads them from; with ``erf``, followed by
    ``2/sqrt(pi)`` and the Taylor tables of :mod:`tanhproof.numeric._dderf` (about
    1.5 s of arb on first use, so only for the kinds that read them: :data:`ERF_KINDS`)."""
    from tanhproof.numeric import _dderfkernels

    K = _ddexp._constants()
    ln2 = _ddinvkernels._ln2()
    head = np.array([K["INV"], K["C1"], K["C2"], K["C3"], K["C4"], K["S6h"], K["S6l"], *ln2, 0.0])
    names = ("TAh", "TAl", "TBh", "TBl", "UAh", "UAl", "UBh", "UBl")
    parts = [head, *(K[n] for n in names)]
    if erf:
        tables = _dderf._tables()
        parts += [np.array(_dderfkernels._two_over_root_pi()), tables["high"].ravel(), tables["low"].ravel()]
    return np.ascontiguousarray(np.concatenate(parts))


@functools.cache
def cached_constants(erf: bool) -> np.ndarray:
    """:func:`constants`, computed once per process (not to be written: the compiled loop
    is built for writable arrays, and a read-only one would make numba compile again)."""
    return constants(erf)


def kernel_values(function: str, t: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The double-double kernel values ``(h, l)`` of ``function`` at the float64 ``t``
    (each inside the kernel's range and outside its rules, ``|x|`` for the odd and even
    functions: what :func:`~tanhproof.numeric._ddkernels.split64` gives the kernel),
    from the compiled loop, bit for bit the numpy kernel's; None where :func:`loop` gives
    no loop for ``len(t)`` inputs or ``function`` has no twin."""
    if function not in KINDS:
        return None
    run_ = loop(len(t))
    if run_ is None:
        return None
    kind = KINDS[function]
    k = cached_constants(kind in ERF_KINDS)
    t = np.ascontiguousarray(t, dtype=np.float64)
    free = np.ones(t.shape, dtype=bool)
    h, lo = np.empty_like(t), np.empty_like(t)
    run_(kind, VALUES, t, guesses(kind, t, free, k, run_), free, k, h, free, lo)
    return h, lo


def _copy(function: Callable[..., Any], space: dict[str, Any]) -> Callable[..., Any]:
    """``function`` with the same bytecode, reading its globals from ``space``."""
    return types.FunctionType(function.__code__, space, function.__name__, function.__defaults__)


def _adopt(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with the same bytecode, reading its globals from this module."""
    return _copy(function, globals())


two_sum = _adopt(_ddarith.two_sum)
fast_two_sum = _adopt(_ddarith.fast_two_sum)
split = _adopt(_ddarith.split)
two_prod = _adopt(_ddarith.two_prod)


def two_prod_fused(a: float, b: float) -> tuple[float, float]:
    """The compiled code's ``two_prod``: ``p = fl(a b)`` and ``e = fma(a, b, -p)`` (one
    fused multiply-add, :func:`tanhproof.numeric._kernelsjit.fma`) instead of Dekker's 17
    operations. Wherever Dekker's product is exact (no overflow in its splitting, ``|a|,
    |b| < 2**995``; ``e`` not below the subnormals, ``|a b| >= 2**-969``) ``a b - p`` is a
    float and ``e`` is that float in both, so the compiled kernels keep the numpy
    kernels' bits and their analyses; outside, the fused ``e`` is ``a b - p`` correctly
    rounded, at least as close as Dekker's, so what the analyses allow there for an
    inexact ``e`` holds for it too."""
    p = a * b
    return p, fma(a, b, -p)


add_dd_d = _adopt(_ddarith.add_dd_d)
add_dd_d_dominant = _adopt(_ddarith.add_dd_d_dominant)
add_dd = _adopt(_ddarith.add_dd)
mul_dd_d = _adopt(_ddarith.mul_dd_d)
mul_dd = _adopt(_ddarith.mul_dd)
div_dd = _adopt(_ddarith.div_dd)
_expm1_small = _adopt(_ddexp._expm1_small)
# the inverse kernels' first steps (scalar-safe: two_prod and add_dd_d of floats)
_one_plus_square = _adopt(_ddinvkernels._one_plus_square)
_acosh_near = _adopt(_ddinvkernels._acosh_near)
_acosh_square = _adopt(_ddinvkernels._acosh_square)


def reduce(x: float, k: np.ndarray) -> tuple[float, float, int, int, int]:
    """:func:`tanhproof.numeric._ddexp._reduce` for one float."""
    kk = np.rint(x * k[_INV])
    s = (x - kk * k[_C1]) - kk * k[_C2]
    s2, e2 = two_sum(s, -(kk * k[_C3]))
    rh, rl = two_sum(s2, e2 - kk * k[_C4])
    ki = int(kk)
    j2 = ((ki + 128) & 255) - 128
    m = (ki - j2) >> 8
    j1 = ((m + 128) & 255) - 128
    e = (m - j1) >> 8
    return rh, rl, e, j1 + 128, j2 + 128


def exp_scaled(x: float, k: np.ndarray) -> tuple[float, float, int]:
    """:func:`tanhproof.numeric._ddexp.exp_scaled` for one float."""
    rh, rl, e, i1, i2 = reduce(x, k)
    b, low = _expm1_small(rh, rl)
    bh, bl = b
    zh, zl = fast_two_sum(1.0, bh)
    ph, pl = fast_two_sum(zh, zl + (bl + low))
    th, tl = mul_dd(k[_TAH + i1], k[_TAL + i1], k[_TBH + i2], k[_TBL + i2])
    h, lo = mul_dd(th, tl, ph, pl)
    return h, lo, e


def pow2(e: int) -> float:
    """``2.0**e`` for ``-1022 <= e <= 1023``, from its bits."""
    return from_bits64((e + 1023) << 52)


def ldexp(v: float, e: int) -> float:
    """``np.ldexp(v, e)`` for ``-1022 <= e <= 1023``: one product by a power of two,
    rounded once as ldexp is; and for ``-2044 <= e <= 2046`` outside that where the
    result is normal: two products, each exact (the first moves ``v`` toward the result;
    exp's scaling reaches ``e = 1024``, log's far path ``|e| > 1023``)."""
    if e > 1023:
        return (v * pow2(e - 1023)) * pow2(1023)
    if e < -1022:
        return (v * pow2(e + 1022)) * pow2(-1022)
    return v * pow2(e)


def exp_dd(x: float, k: np.ndarray) -> tuple[float, float]:
    """:func:`tanhproof.numeric._ddexp.exp_dd` for one float (``e`` in ``[-895, 1024]``)."""
    h, lo, e = exp_scaled(x, k)
    return ldexp(h, e), ldexp(lo, e)


def _expm1_accurate(rh: float, rl: float, k: np.ndarray) -> tuple[float, float]:
    qh, ql = two_prod(rh, rh)
    half = 0.5 * qh
    ah, al = two_prod(rh, qh)
    al = al + rh * ql
    ch, cl = two_prod(ah, k[_S6H])
    tail = rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040))))
    cl = cl + (al * k[_S6H] + ah * (k[_S6L] + tail))
    bh, bl = fast_two_sum(rh, half)
    sh, sl = fast_two_sum(bh, ch)
    low = ((bl + sl) + cl) + (rl + (0.5 * ql + rl * (rh + half)))
    return fast_two_sum(sh, low)


def expm1_dd(y: float, k: np.ndarray) -> tuple[float, float]:
    """:func:`tanhproof.numeric._ddexp.expm1_dd` for one float."""
    rh, rl, e, i1, i2 = reduce(y, k)
    mh, ml = _expm1_accurate(rh, rl, k)
    uah, ual, ubh, ubl = k[_UAH + i1], k[_UAL + i1], k[_UBH + i2], k[_UBL + i2]
    ph, pl = mul_dd(uah, ual, ubh, ubl)
    sh, sl = add_dd(uah, ual, ubh, ubl)
    uh, ul = add_dd(sh, sl, ph, pl)
    scale = pow2(e)
    t1h, t1l = add_dd_d(uh * scale, ul * scale, scale - 1.0)
    th, tl = mul_dd(k[_TAH + i1], k[_TAL + i1], k[_TBH + i2], k[_TBL + i2])
    xh, xl = mul_dd(th * scale, tl * scale, mh, ml)
    return add_dd(xh, xl, t1h, t1l)


def _tanh(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < 0.375:
        mh, ml = expm1_dd(-2.0 * a, k)
        dh, dl = add_dd_d_dominant(mh, ml, 2.0)
        return div_dd(-mh, -ml, dh, dl)
    wh, wl = exp_dd(-2.0 * a, k)
    nh, nl = add_dd_d_dominant(-wh, -wl, 1.0)
    dh, dl = add_dd_d_dominant(wh, wl, 1.0)
    return div_dd(nh, nl, dh, dl)


def _sech2(a: float, k: np.ndarray) -> tuple[float, float]:
    wh, wl = exp_dd(-2.0 * a, k)
    if a >= 40:
        return 4.0 * wh, 4.0 * wl
    dh, dl = add_dd_d(wh, wl, 1.0)
    sh, sl = mul_dd(dh, dl, dh, dl)
    return div_dd(4.0 * wh, 4.0 * wl, sh, sl)


def _pair(a: float, sign: float, k: np.ndarray) -> tuple[float, float]:
    """``(e**a + sign e**-a) / 2`` for ``a < 40``, ``e**a / 2`` from 40 on."""
    wh, wl = exp_dd(a, k)
    if a >= 40:
        return 0.5 * wh, 0.5 * wl
    ih, il = div_dd(1.0, 0.0, wh, wl)
    h, lo = add_dd(wh, wl, sign * ih, sign * il)
    return 0.5 * h, 0.5 * lo


def _sinh(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < 0.75:
        mh, ml = expm1_dd(a, k)
        dh, dl = add_dd_d(mh, ml, 1.0)
        qh, ql = div_dd(mh, ml, dh, dl)
        h, lo = add_dd(mh, ml, qh, ql)
        return 0.5 * h, 0.5 * lo
    return _pair(a, -1.0, k)


def _sech(a: float, k: np.ndarray) -> tuple[float, float]:
    wh, wl = exp_dd(-a, k)
    if a >= 80:
        return 2.0 * wh, 2.0 * wl
    sh, sl = mul_dd(wh, wl, wh, wl)
    dh, dl = add_dd_d(sh, sl, 1.0)
    return div_dd(2.0 * wh, 2.0 * wl, dh, dl)


def _sigmoid(x: float, k: np.ndarray) -> tuple[float, float]:
    wh, wl = exp_dd(-abs(x), k)
    dh, dl = add_dd_d(wh, wl, 1.0)
    if x > 0:
        return div_dd(1.0, 0.0, dh, dl)
    return div_dd(wh, wl, dh, dl)


def _sigmoid_prime(a: float, k: np.ndarray) -> tuple[float, float]:
    wh, wl = exp_dd(-a, k)
    dh, dl = add_dd_d(wh, wl, 1.0)
    sh, sl = mul_dd(dh, dl, dh, dl)
    return div_dd(wh, wl, sh, sl)


def recip_dd(x: float) -> tuple[float, float]:
    """:func:`tanhproof.numeric._ddlog.recip_dd` for one float (``2**-1024 < x <= 2**900``)."""
    m, e = math.frexp(x)
    h = 1.0 / m
    p, q = two_prod(m, h)
    lo = ((1.0 - p) - q) / m
    return ldexp(h, -e), ldexp(lo, -e)


def _laurent(a: float, constant: float) -> tuple[float, float]:
    h, lo = recip_dd(a)
    return h, lo + constant * a


def _laurent2(a: float, constant: float) -> tuple[float, float]:
    h, lo = recip_dd(a)
    sh, sl = mul_dd(h, lo, h, lo)
    return -sh, -(sl + constant)


def _exp_times(a: float, factor: float, scale: float, k: np.ndarray) -> tuple[float, float]:
    wh, wl = exp_dd(scale * a, k)
    return factor * wh, factor * wl


def _coth(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < _TINY:
        return _laurent(a, 1 / 3)
    th, tl = _tanh(a, k)
    return div_dd(1.0, 0.0, th, tl)


def _csch(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < _TINY:
        return _laurent(a, -1 / 6)
    if a < 80.0:
        sh, sl = _sinh(a, k)
        return div_dd(1.0, 0.0, sh, sl)
    return _exp_times(a, 2.0, -1.0, k)


def _coth_prime(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < _TINY:
        return _laurent2(a, -1 / 3)
    if a < 40.0:
        sh, sl = _sinh(a, k)
        ph, pl = mul_dd(sh, sl, sh, sl)
        return div_dd(1.0, 0.0, -ph, -pl)
    return _exp_times(a, -4.0, -2.0, k)


def _csch_prime(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < _TINY:
        return _laurent2(a, 1 / 6)
    if a < 0.75:  # -2p(p**2 + 1)/(m q)**2, m = e**a - 1, p = 1 + m, q = 2 + m
        mh, ml = expm1_dd(a, k)
        ph, pl = add_dd_d(mh, ml, 1.0)
        qh, ql = add_dd_d(mh, ml, 2.0)
        sh, sl = mul_dd(ph, pl, ph, pl)
        sh, sl = add_dd_d(sh, sl, 1.0)
        nh, nl = mul_dd(ph, pl, sh, sl)
        dh, dl = mul_dd(mh, ml, qh, ql)
        dh, dl = mul_dd(dh, dl, dh, dl)
        rh, rl = div_dd(nh, nl, dh, dl)
        return -2.0 * rh, -2.0 * rl
    if a < 40.0:  # -2w(1 + w**2)/(1 - w**2)**2, w = e**-a
        wh, wl = exp_dd(-a, k)
        sh, sl = mul_dd(wh, wl, wh, wl)
        nh, nl = add_dd_d(sh, sl, 1.0)
        dh, dl = add_dd(1.0, 0.0, -sh, -sl)
        qh, ql = mul_dd(dh, dl, dh, dl)
        ph, pl = mul_dd(wh, wl, nh, nl)
        rh, rl = div_dd(ph, pl, qh, ql)
        return -2.0 * rh, -2.0 * rl
    return _exp_times(a, -2.0, -1.0, k)


def _sech_prime(a: float, k: np.ndarray) -> tuple[float, float]:
    if a < 40.0:
        th, tl = _tanh(a, k)
        sh, sl = _sech(a, k)
        ph, pl = mul_dd(th, tl, sh, sl)
        return -ph, -pl
    return _exp_times(a, -2.0, -1.0, k)


def _log_far(xh: float, xl: float, y0: float, k: np.ndarray) -> tuple[float, float, bool]:
    """:func:`tanhproof.numeric._ddlog._far` for one value, ``y0 = log(x_h)`` from numpy."""
    y0 = min(max(y0, -745.2), 709.8)
    h, lo, e = exp_scaled(-y0, k)
    xs = ldexp(xh, e)
    xls = ldexp(xl, e)
    p, q = two_prod(xs, h)
    t1 = p - 1.0
    tau = q + (xs * lo + xls * h)
    ok = abs(t1) <= _GUARD
    s, s1 = two_sum(y0, t1)
    low = s1 + (tau - t1 * (0.5 * t1 + tau))
    rh, rl = fast_two_sum(s, low)
    return rh, rl, ok


def _log1p_near(dh: float, dl: float, y0: float, k: np.ndarray) -> tuple[float, float, bool]:
    """:func:`tanhproof.numeric._ddlog._near` for one value, ``y0 = log1p(d_h)`` from numpy."""
    y0 = min(max(y0, -0.75), 0.75)
    mh, ml = expm1_dd(y0, k)
    nh, nl = add_dd(dh, dl, -mh, -ml)
    eh, el = add_dd_d(mh, ml, 1.0)
    th, tl = div_dd(nh, nl, eh, el)
    ok = abs(th) <= _GUARD * abs(y0)
    s, s1 = two_sum(y0, th)
    rh, rl = fast_two_sum(s, s1 + (tl - 0.5 * th * th))
    return rh, rl, ok


def _log_any(xh: float, xl: float, log: bool, g: float, k: np.ndarray) -> tuple[float, float, bool]:
    """:func:`tanhproof.numeric._ddlog.log_dd` (``log``) or
    :func:`~tanhproof.numeric._ddlog.log1p_dd` of the double-double ``x_h + x_l`` for one
    value, with the flag of its guard; ``g`` is numpy's ``log`` or ``log1p`` of
    :func:`_argument`'s float."""
    if log:
        if not (xh >= 0.5 and xh <= 2.0):
            return _log_far(xh, xl, g, k)
        xh = xh - 1.0
    if abs(xh) < _LOG1P_TINY:
        h, lo = fast_two_sum(xh, xl - 0.5 * xh * xh)
        return h, lo, True
    return _log1p_near(xh, xl, g, k)


def sqrt_dd(xh: float, xl: float) -> tuple[float, float]:
    """:func:`tanhproof.numeric._ddlog.sqrt_dd` for one positive double-double."""
    e = math.frexp(xh)[1]
    s2 = e // 2
    xs = ldexp(xh, -2 * s2)
    s = math.sqrt(xs)
    p, q = two_prod(s, s)
    r = (xs - p) - q
    r = r + ldexp(xl, -2 * s2)
    lo = r / (2.0 * s)
    return ldexp(s, s2), ldexp(lo, s2)


def _root_plus(wh: float, wl: float, c: float) -> tuple[float, float]:
    """``sqrt(w) + c`` as the inverse kernels compute it (``sqrt_dd``, then ``add_dd_d``)."""
    rh, rl = sqrt_dd(wh, wl)
    return add_dd_d(rh, rl, c)


def _inverse(h: float, lo: float) -> tuple[float, float]:
    return div_dd(1.0, 0.0, h, lo)


def _before_log(kind: int, t: float, k: np.ndarray) -> tuple[float, float, bool]:
    """The double-double whose log (``True``) or log1p (``False``) the kernel of ``kind``
    takes at ``t`` (``|x|`` for the odd functions): the steps of ``_ddlogkernels`` and
    ``_ddinvkernels`` before their ``log_dd`` or ``log1p_dd``."""
    if kind == _LOG:
        return t, 0.0, True
    if kind == _SOFTPLUS:
        wh, wl = exp_dd(-abs(t), k)
        return wh, wl, False
    if kind == _ASINH:
        if t < _ASINH_SMALL:
            p, q = two_prod(t, t)
            sh, sl = add_dd_d(p, q, 1.0)
            rh, rl = sqrt_dd(sh, sl)
            dh, dl = add_dd_d(rh, rl, 1.0)
            fh, fl = div_dd(p, q, dh, dl)
            xh, xl = add_dd_d(fh, fl, t)
            return xh, xl, False
        if t < _FAR:
            sh, sl = _one_plus_square(t)
            xh, xl = _root_plus(sh, sl, t)
            return xh, xl, True
        return t, 0.0, True
    if kind == _ACOSH:
        if t < _ACOSH_SMALL:
            wh, wl = _acosh_near(t)
            xh, xl = _root_plus(wh, wl, t - 1.0)
            return xh, xl, False
        if t < _FAR:
            wh, wl = _acosh_square(t)
            xh, xl = _root_plus(wh, wl, t)
            return xh, xl, True
        return t, 0.0, True
    # atanh
    oh, ol = two_sum(1.0, -t)
    if t < _ATANH_SMALL:
        dh, dl = div_dd(2.0 * t, 0.0, oh, ol)
        return dh, dl, False
    ph, pl = two_sum(1.0, t)
    xh, xl = div_dd(ph, pl, oh, ol)
    return xh, xl, True


def _argument(kind: int, x: float, k: np.ndarray) -> tuple[float, bool]:
    """The float64 that the numpy kernel of ``kind`` passes to numpy's ``log``
    (``True``) or ``log1p`` (``False``) at ``x`` for its first approximation."""
    t = abs(x) if kind == _ASINH or kind == _ATANH else x
    xh, _, log = _before_log(kind, t, k)
    if log and xh >= 0.5 and xh <= 2.0:
        return xh - 1.0, False
    return xh, log


def _logged(kind: int, x: float, g: float, k: np.ndarray) -> tuple[float, float]:
    """The kernel of a kind of :data:`LOGGED` at ``x`` (NaN where the guard of its log
    fails, as the numpy kernels mark it), ``g`` from :func:`guesses`."""
    odd = kind == _ASINH or kind == _ATANH
    t = abs(x) if odd else x
    xh, xl, log = _before_log(kind, t, k)
    h, lo, ok = _log_any(xh, xl, log, g, k)
    if (kind == _ASINH or kind == _ACOSH) and t >= _FAR:  # log(2t) +- 1/(4t**2)
        sign = 1.0 if kind == _ASINH else -1.0
        lo = lo + sign * (0.25 / (t * t))
        h, lo = add_dd(h, lo, k[_LN2H], k[_LN2L])
    if not ok:
        h = np.nan
    if kind == _SOFTPLUS and x > 0:
        h, lo = add_dd_d(h, lo, x)
    elif kind == _ATANH:
        h, lo = 0.5 * h, 0.5 * lo
    if odd and x < 0:
        return -h, -lo
    return h, lo


def _odd_series(kind: int, x: float) -> tuple[float, float]:
    """``_ddinvkernels._series``: asinh or atanh for ``2**-42 <= |x| < 2**-26``."""
    a = abs(x)
    c3, c5 = (-1 / 6, 3 / 40) if kind == _ASINH else (1 / 3, 1 / 5)
    p = a * a
    h, lo = fast_two_sum(a, a * (p * (c3 + p * c5)))
    if x < 0:
        return -h, -lo
    return h, lo


def _asinh_prime(a: float) -> tuple[float, float]:
    if a < _PRIME_FAR:
        sh, sl = _one_plus_square(a)
        rh, rl = sqrt_dd(sh, sl)
        return _inverse(rh, rl)
    return recip_dd(a)


def _acosh_prime(x: float) -> tuple[float, float]:
    if x < _ACOSH_SMALL:
        wh, wl = _acosh_near(x)
    elif x < _PRIME_FAR:
        wh, wl = _acosh_square(x)
    else:
        return recip_dd(x)
    rh, rl = sqrt_dd(wh, wl)
    return _inverse(rh, rl)


def _atanh_prime(a: float) -> tuple[float, float]:
    oh, ol = two_sum(1.0, -a)
    ph, pl = two_sum(1.0, a)
    mh, ml = mul_dd(oh, ol, ph, pl)
    return _inverse(mh, ml)


def guesses(
    kind: int, x: np.ndarray, free: np.ndarray, k: np.ndarray, prepare: Callable[..., None] | None = None
) -> np.ndarray:
    """The float64 first approximations that the numpy kernel of ``kind`` takes from
    numpy's own ``log`` or ``log1p`` at the inputs ``x`` where ``free``, computed by numpy
    so that the twin reads the same bits: ``prepare`` (this module's :func:`run`, plain
    by default, or compiled) computes their arguments in a first pass (its mode :data:`PREPARE`);
    ``x`` itself for the kinds without one (not read)."""
    if kind not in LOGGED:
        return x
    args = np.array(x, dtype=np.float64, copy=True)
    log = np.zeros(x.shape, dtype=bool)
    (prepare or run)(kind, PREPARE, x, args, free, k, args, log, args)
    g = np.zeros_like(args)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log(args, out=g, where=free & log)
        np.log1p(args, out=g, where=free & ~log)
    return g


def _erf(a: float, k: np.ndarray) -> tuple[float, float]:
    """:func:`tanhproof.numeric._dderf.erf_dd` for one float in ``[2**-500, 7.7]``."""
    j = int(np.rint(a * _STEPS))
    n = _TERMS
    for i in range(len(_SHORT) - 1, -1, -1):  # as _dderf._degree: the least rho above a
        if a < _SHORT[i][0]:
            n = _SHORT[i][1]
    return horner(k, _ERF_HIGH, _ERF_LOW, _CENTRES, j, a - j / _STEPS, n)


def horner(k: np.ndarray, high: int, low: int, stride: int, j: int, h: float, n: int) -> tuple[float, float]:
    """:func:`tanhproof.numeric._dderf.horner` for one float, the coefficient of degree
    ``t`` at ``k[high + t stride + j]`` (its low part at ``low``)."""
    m = min(_FLOAT, n)
    s = k[high + n * stride + j]
    c = k[low + n * stride + j] if m == n else 0.0
    for t in range(n - 1, m - 1, -1):
        s = s * h + k[high + t * stride + j]
    for t in range(m - 1, -1, -1):
        p, pi = two_prod(s, h)
        s, sigma = two_sum(p, k[high + t * stride + j])
        c = c * h + ((pi + sigma) + k[low + t * stride + j])
    return fast_two_sum(s, c)


def _erf_prime(a: float, k: np.ndarray) -> tuple[float, float]:
    """``_dderfkernels._erf_prime``: ``2/sqrt(pi) e**-a**2`` for one float in ``[0, 24.9]``."""
    p, q = two_prod(a, a)
    sh, sl = two_sum(1.0, -q)
    sl = sl + 0.5 * q * q
    fh, fl = mul_dd(sh, sl, k[_ERF_C], k[_ERF_C + 1])
    wh, wl = exp_dd(-p, k)
    return mul_dd(wh, wl, fh, fl)


def value(kind: int, x: float, g: float, k: np.ndarray) -> tuple[float, float]:
    """The double-double kernel value of the function numbered ``kind`` (:data:`KINDS`)
    at ``x``, inside the kernel's range and outside its rules (the caller's part); ``g``
    is :func:`guesses`' entry for ``x``."""
    if kind >= _SOFTPLUS or kind == _LOG:
        if kind == _ASINH_PRIME:
            return _asinh_prime(abs(x))
        if kind == _ACOSH_PRIME:
            return _acosh_prime(x)
        if kind == _ATANH_PRIME:
            return _atanh_prime(abs(x))
        if (kind == _ASINH or kind == _ATANH) and abs(x) < _SERIES:
            return _odd_series(kind, x)
        return _logged(kind, x, g, k)
    if kind == _ERF_PRIME:
        return _erf_prime(abs(x), k)
    if kind == 0:
        return exp_dd(x, k)
    if kind == 6:
        return _sigmoid(x, k)
    a = abs(x)
    if kind == 2:
        return _sech2(a, k)
    if kind == 4:
        return _pair(a, 1.0, k)
    if kind == 5:
        return _sech(a, k)
    if kind == 7:
        return _sigmoid_prime(a, k)
    if kind == 10:
        return _coth_prime(a, k)
    if kind == 11:
        return _csch_prime(a, k)
    # the odd functions: f(x) = -f(|x|)
    if kind == 1:
        h, lo = _tanh(a, k)
    elif kind == 3:
        h, lo = _sinh(a, k)
    elif kind == 8:
        h, lo = _coth(a, k)
    elif kind == 9:
        h, lo = _csch(a, k)
    elif kind == _ERF:
        h, lo = _erf(a, k)
    else:
        h, lo = _sech_prime(a, k)
    if x < 0:
        return -h, -lo
    return h, lo


def neighbours(v: float) -> tuple[float, float]:
    """``(nextafter(v, inf), nextafter(v, -inf))`` for a finite nonzero ``v`` below the
    largest float64 in magnitude: the neighbouring bit patterns."""
    b = bits64(v)
    if v > 0:
        return from_bits64(b + 1), from_bits64(b - 1)
    return from_bits64(b - 1), from_bits64(b + 1)


def decide(h: float, lo: float, bound: float, mode: int) -> tuple[float, bool]:
    """:func:`tanhproof.numeric._dddecide.decide64` for one value; ``mode`` a number of
    :data:`MODES`."""
    H, L = two_sum(h, lo)
    magnitude = abs(H)
    if not (magnitude >= _LOWEST and magnitude < _HIGHEST):  # NaN too
        return H, False
    E = abs(h) * (bound * _SLACK)
    up, dn = neighbours(H)
    gu = up - H
    gd = H - dn
    top = L + E
    bottom = L - E
    if mode == 0:
        return H, top < 0.5 * gu and bottom > -0.5 * gd
    above = bottom > 0 and top < gu
    below = top < 0 and bottom > -gd
    exact = L == 0 and E == 0
    decided = above or below or exact
    lower = dn if below else H
    upper = up if above else H
    if mode == 1:
        return upper, decided
    if mode == 2:
        return lower, decided
    positive = H > 0 or (H == 0 and above)
    return (lower if positive else upper), decided


def ulp(v: float) -> float:
    """:func:`~tanhproof.numeric._ulps.ulp_array` in binary64 of a normal ``v`` with
    ``|v| >= 2**-970``: the power of two of ``v``'s exponent field, times ``2**-52``
    (both exact)."""
    return from_bits64(bits64(v) & _EXPONENT) * _ULP1


def run(
    kind: int,
    mode: int,
    x: np.ndarray,
    guess: np.ndarray,
    free: np.ndarray,
    k: np.ndarray,
    values: np.ndarray,
    decided: np.ndarray,
    residuals: np.ndarray,
) -> None:
    """Fill ``values``, ``decided`` and ``residuals`` where ``free``: the kernel of
    ``kind`` (with ``guess`` from :func:`guesses`), the decision under ``mode`` (both
    numbers) and, where decided, ``(f(x) - value) / ulp(value)``, as
    :func:`~tanhproof.numeric._ddfast.fast64` computes them for the inputs of kind
    "value". With ``mode`` :data:`PREPARE` (the first pass of :func:`guesses`), fill
    ``guess`` with the floats whose numpy ``log`` (``decided`` True) or ``log1p`` the
    kernel starts from instead; with :data:`VALUES`, ``values`` and ``residuals`` with
    the kernel's ``h`` and ``l`` (:func:`kernel_values`)."""
    if mode == PREPARE:
        for i in range(x.shape[0]):
            if free[i]:
                guess[i], decided[i] = _argument(kind, x[i], k)
        return
    if mode == VALUES:
        for i in range(x.shape[0]):
            if free[i]:
                values[i], residuals[i] = value(kind, x[i], guess[i], k)
        return
    bound = BOUND64
    for i in range(x.shape[0]):
        if free[i]:
            h, lo = value(kind, x[i], guess[i], k)
            v, ok = decide(h, lo, bound, mode)
            values[i] = v
            decided[i] = ok
            if ok:  # v is h's neighbour or h itself: h - v is exact; |v| >= 2**-900
                residuals[i] = ((h - v) + lo) / ulp(v)


#: Compiled into their callers (numba's ``inline="always"``): the small functions.
_INLINED = (
    "two_sum",
    "fast_two_sum",
    "split",
    "two_prod",
    "add_dd_d",
    "add_dd_d_dominant",
    "add_dd",
    "mul_dd_d",
    "mul_dd",
    "div_dd",
    "_expm1_small",
    "reduce",
    "exp_scaled",
    "pow2",
    "ldexp",
    "_expm1_accurate",
    "exp_dd",
    "expm1_dd",
    "recip_dd",
    "_log_far",
    "_log1p_near",
    "sqrt_dd",
    "_one_plus_square",
    "_acosh_near",
    "_acosh_square",
    "_root_plus",
    "_inverse",
    "_before_log",
    "_argument",
    "_odd_series",
    "_laurent",
    "_laurent2",
    "value",
    "neighbours",
    "decide",
    "ulp",
    "horner",
)
#: Compiled apart and called: the kernels. Inlining all of them into :func:`run`
#: multiplied the build time (each holds one to four exp or expm1), for a call that
#: costs a few ns against a kernel's 50 to 100.
_CALLED = (
    "_exp_times",
    "_tanh",
    "_sech2",
    "_pair",
    "_sinh",
    "_sech",
    "_sigmoid",
    "_sigmoid_prime",
    "_coth",
    "_csch",
    "_coth_prime",
    "_csch_prime",
    "_sech_prime",
    "_log_any",
    "_logged",
    "_asinh_prime",
    "_acosh_prime",
    "_atanh_prime",
    "_erf",
    "_erf_prime",
)


@functools.cache
def compiled() -> types.SimpleNamespace:
    """This module's functions compiled by numba (:func:`~tanhproof.numeric._jit.jit`:
    those of ``_INLINED`` inlined into their callers, the others compiled apart, each
    cached under a key of every module they are built from), as attributes of a
    namespace. The module's own functions stay plain Python: the compiled ones are
    copies of them (the same bytecode) whose globals are a copy of the module's with
    the compiled names in place. Raises ``ModuleNotFoundError`` without numba."""
    import sys

    from tanhproof.numeric import (
        _dddecide,
        _dderfkernels,
        _ddexpkernels,
        _ddhypkernels,
        _ddinvkernels,
        _ddlog,
        _ddlogkernels,
        _kernelsjit,
    )
    from tanhproof.numeric._jit import stamp

    _kernelsjit._intrinsics()  # bits64, from_bits64 and fma as LLVM's in compiled code
    key = stamp(
        sys.modules[__name__],
        _ddarith,
        _ddexp,
        _ddexpkernels,
        _ddhypkernels,
        _ddinvkernels,
        _ddlog,
        _ddlogkernels,
        _dderf,
        _dderfkernels,
        _dddecide,
        _kernelsjit,
    )
    space = dict(globals())
    plain = globals()
    for name in _INLINED:  # all replaced before any is compiled: numba resolves globals then
        source = two_prod_fused if name == "two_prod" else plain[name]
        space[name] = jit(_copy(source, space), inline=True)
    for name in (*_CALLED, "run"):
        space[name] = jit(_copy(plain[name], space), key=key)
    return types.SimpleNamespace(**{name: space[name] for name in (*_INLINED, *_CALLED, "run")})


_LOADED: list[Callable[..., None]] = []  # the compiled run, once loaded in this process
_FAILED: list[str] = []


def _signature(dispatcher: Any) -> tuple[Any, ...]:
    import numba

    x = np.zeros(1)
    flags = np.zeros(1, dtype=bool)
    return tuple(numba.typeof(a) for a in (0, 0, x, x, flags, x, x, flags, x))


def loop(size: int) -> Callable[..., None] | None:
    """The compiled :func:`run` for a call with ``size`` inputs, or None for the numpy path:
    None below :data:`MIN_SIZE`, without numba, with ``TANHPROOF_NUMBA=0``, after a failed
    build (warned once), and below :data:`COMPILE_SIZE` while numba's disk cache does not
    hold the loop (it would be compiled now).

    Examples
    ========

    >>> MIN_SIZE, COMPILE_SIZE
    (4096, 1048576)
    """
    return loaded_loop(
        size,
        lambda: compiled().run,
        _signature,
        _LOADED,
        _FAILED,
        "the compiled binary64 kernels",
        (MIN_SIZE, COMPILE_SIZE),
    )

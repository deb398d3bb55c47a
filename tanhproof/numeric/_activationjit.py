"""Compiled (numba) twins of the activations' one-kernel formulas in binary64.

The optional fast path of :func:`tanhproof.numeric._activationdd.activation_values` in
binary64 (the ``fast`` extra): for the names of :data:`NAMES`, one compiled loop
computes each input's double-double value and bound by the formula of
:mod:`tanhproof.numeric._activationdd` and decides its rounding as
:func:`~tanhproof.numeric._exprdd.decide_dd` does, without the numpy path's
temporaries.

Explanation
===========

As in :mod:`tanhproof.numeric._ddjit`, every function here performs the **same float64
operations in the same order** as its numpy original, so the values, decisions and
residuals are the numpy path's bit for bit and its bounds hold unchanged: the
operations and decisions are :mod:`tanhproof.numeric._ddvaluejit`'s; the kernels are
:mod:`tanhproof.numeric._ddjit`'s compiled twins (exp, sigmoid, tanh, expm1, erf, erf');
the rest (:func:`~tanhproof.numeric._exprddfunc.kernel_dd`'s branches for these kernels
and erfc's, ``function_parts`` for erfc, exp and sigmoid, and the formulas) is written
again one element at a time, where numpy selects with ``np.where``.

An element is **handled** only where every kernel it needs is of the value kind of
:func:`~tanhproof.numeric._ddkernels.split64`, one of ``kernel_dd``'s refinements (the
series near 0, the complement far right) or, for GELU, a constant far out; elsewhere
(a kernel's scaled or overflow kinds, which the activations' tail rules mostly take
first, and GELU's left tails) :func:`run` leaves the element to the numpy path. ``tests/numeric/test_activationjit.py`` compares the two
bit for bit on random inputs and every branch boundary.

Without numba every function still runs, as plain Python on floats (slowly, with the
same results), which is how the tests check the twins without a compiler.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._ddjit import cached_constants
>>> x = np.array([1.0, -2.0])
>>> values, decided, res, handled = (np.zeros(2), np.zeros(2, bool), np.zeros(2), np.zeros(2, bool))
>>> run(NAMES["mish"], 0, x, cached_constants(False), constants(), values, decided, res, handled, False, res, np.zeros(0))
>>> values.tolist(), decided.tolist(), handled.tolist()  # mish(1), mish(-2) (mpmath)
([0.8650983882673103, -0.2525014826957089], [True, True], [True, True])
"""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE
from tanhproof.numeric import _ddjit, _exprdd
from tanhproof.numeric._activationgelu import GELU_TAIL
from tanhproof.numeric._dderfc import _CENTRES as _ERFC_CENTRES
from tanhproof.numeric._dderfc import _K as _ERFC_TERMS
from tanhproof.numeric._dderfc import _STEPS as _ERFC_STEPS
from tanhproof.numeric._dderfc import ERFC_BOUND as _ERFC_BOUND
from tanhproof.numeric._dderfc import ERFC_HIGH as _ERFC_HIGH
from tanhproof.numeric._ddjit import (  # noqa: F401 - globals of the compiled functions
    _erf,
    _erf_prime,
    _exp_times,
    _sigmoid,
    _tanh,
    add_dd_d,
    bits64,
    div_dd,
    exp_dd,
    expm1_dd,
    fast_two_sum,
    from_bits64,
    horner,
    mul_dd,
    neighbours,
    two_prod,
    two_sum,
    ulp,
)
from tanhproof.numeric._ddkernels import BOUND64
from tanhproof.numeric._ddvaluejit import (  # noqa: F401 - globals of the compiled functions
    add,
    add_parts,
    add_with_error,
    decide,
    decide_narrow,
    div,
    div_parts,
    exact,
    finite,
    format_parameters,
    mul,
    mul_parts,
    mul_with_error,
    next_down,
    next_up,
    outside,
    round_binary32,
    round_format,
    twice,
    ulp_format,
    up,
)
from tanhproof.numeric._exprdd import dd_of_fraction
from tanhproof.numeric._exprddforms import (
    SHORT_ORDER,
    SHORT_RADIUS,
    SHRINK_RADIUS,
    power7,
    power17,
    shrink_series,
)
from tanhproof.numeric._jit import loaded_loop

__all__ = [
    "GELU_NAMES",
    "NAMES",
    "VALUES",
    "cached_constants",
    "compiled",
    "constants",
    "format_parameters",
    "loop",
    "run",
]

#: The activations with a compiled formula and their numbers.
NAMES: dict[str, int] = {
    "celu": 0,
    "elu": 0,
    "mish": 1,
    "mish'": 2,
    "selu": 3,
    "selu'": 4,
    "silu": 5,
    "silu'": 6,
    "softsign": 7,
    "softsign'": 8,
    "tanhshrink'": 9,
    "tanhshrink": 10,
    "gelu": 11,
    "gelu'": 12,
    "gelu_tanh": 13,
    "gelu_tanh'": 14,
}
#: The names that read erf's tables and :func:`constants` with ``gelu``.
GELU_NAMES = frozenset({"gelu", "gelu'", "gelu_tanh", "gelu_tanh'"})

_U = 2.0**-53  # a global of the adopted mul_with_error
_U2 = 2.0**-106
_LOW = 2.0**-900
_HIGH = 2.0**990
_SLACK = 1 + 2.0**-50  # _exprddfunc's factor on a kernel's bound
_GELU = 35  # GELU's constants in constants(gelu=True): 5 double-doubles with bounds
_ERFCX = _GELU + 15  # then the erfcx tables of _dderfc, high parts, then low parts
_ERFCX_LOW = _ERFCX + (_ERFC_TERMS + 1) * _ERFC_CENTRES
_ERF_TAIL = GELU_TAIL["gelu"]
_SIGMOID_TAIL = GELU_TAIL["gelu_tanh"]


def constants(gelu: bool = False) -> np.ndarray:
    """``lambda`` and ``lambda alpha`` of SELU as ``(h, l, e)`` each, the bound of
    tanhshrink's remainder and its Maclaurin coefficients ``-a_15, -a_13, .., -a_3`` as
    ``(h, l, e)`` each, and the same of its short series (``-a_5, -a_3``) (:func:`~tanhproof.numeric._exprdd.dd_of_fraction`, as
    ``_activationdd`` makes them, in the order it uses them); with ``gelu``, followed by
    :func:`tanhproof.numeric._activationgelu.constants` and the erfcx tables of
    :mod:`tanhproof.numeric._dderfc` (high parts, then low parts; about 2.5 s of arb on
    first use)."""
    scale = Fraction(str(SELU_SCALE))
    product = Fraction(str(SELU_SCALE * SELU_ALPHA))
    coefficients, bound = shrink_series()
    series = [v for c in reversed(coefficients) for v in dd_of_fraction(-c)]
    short, short_bound = shrink_series(SHORT_ORDER, SHORT_RADIUS)
    near = [v for c in reversed(short) for v in dd_of_fraction(-c)]
    head = np.array([*dd_of_fraction(scale), *dd_of_fraction(product), bound, *series, short_bound, *near])
    if not gelu:
        return head
    from tanhproof.numeric import _activationgelu, _dderfc

    tables = _dderfc._tables()
    parts = np.array([v for triple in _activationgelu.constants() for v in triple])
    return np.ascontiguousarray(np.concatenate([head, parts, tables["high"].ravel(), tables["low"].ravel()]))


def _value_bound(h: float, lo: float) -> tuple[float, float, float, bool]:
    """``_exprddfunc._plain`` on a value kind: ``two_sum`` of the kernel's ``(h, l)``,
    within ``BOUND64`` of it; ``ok`` where all three are finite."""
    h, lo = two_sum(h, lo)
    e = up(BOUND64 * (abs(h) + abs(lo)) * _SLACK)
    return h, lo, e, finite(h) and finite(lo) and finite(e)


def exp_kernel(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("exp", t)`` as ``(h, l, e, ok, handled)``."""
    a = abs(t)
    if a < 2.0**-30:  # e**t = 1 + t + t**2/2 + r
        sh, sl = two_sum(1.0, t)
        lo = sl + (t * t) / 2
        h, lo = two_sum(sh, lo)
        e = up((abs(sl) + t * t) * 2.0**-52 + a * a * a / 5 + 2.0**-1073)
        return h, lo, e, True, True
    if not (t >= -620.0 and t <= 709.7):
        return 0.0, 0.0, 0.0, False, False
    h, lo = _exp_times(t, 1.0, 1.0, k)
    h, lo, e, ok = _value_bound(h, lo)
    return h, lo, e, ok, True


def _sigmoid_value(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``_exprddfunc._plain("sigmoid", t)`` where it is of the value kind."""
    if not (t >= -620.0 and t < 60.0 and abs(t) >= 2.0**-84):
        return 0.0, 0.0, 0.0, False, False
    h, lo = _sigmoid(t, k)
    h, lo, e, ok = _value_bound(h, lo)
    return h, lo, e, ok, True


def sigmoid_kernel(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("sigmoid", t)``, leaving sigmoid's constant 0 far left to numpy (where
    the left tail takes silu's)."""
    return _sigmoid_complete(t, k, False)


def _sigmoid_complete(t: float, k: np.ndarray, far: bool) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("sigmoid", t)``: the complement far right, the series near 0, else
    :func:`_sigmoid_any` (with ``far``) or :func:`_sigmoid_value`."""
    a = abs(t)
    if t >= 37:  # 1 - sigmoid(-t)
        s = -1.0 * t
        sh, sl, se, ok, handled = _sigmoid_any(s, k) if far else _sigmoid_value(s, k)
        return 1.0, -1.0 * sh, up(1.0 * (abs(sl) + se)), ok, handled
    if a < 2.0**-30:
        h, lo = two_sum(0.5, t / 4)
        return h, lo, up(a * a * a / 32), True, True
    return _sigmoid_any(t, k) if far else _sigmoid_value(t, k)


def tanh_kernel(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("tanh", t)``."""
    a = abs(t)
    sgn = -1.0 if t < 0 else 1.0
    if a >= 19:  # +-(1 - 2 sigmoid(-2|t|))
        sh, sl, se, ok, handled = _sigmoid_value(-2.0 * a, k)
        return sgn * 1.0, sgn * (-2.0 * sh), up(2.0 * (abs(sl) + se)), ok, handled
    if a < 2.0**-30:
        lo = -(t * t * t) / 3
        e = up(abs(lo) * 2.0**-51 + 0.14 * (a * a * a * a * a) + 2.0**-1072)
        return t, lo, e, True, True
    h, lo = _tanh(a, k)
    h, lo, e, ok = _value_bound(sgn * h, sgn * lo)
    return h, lo, e, ok, True


def expm1_kernel(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("expm1", t)``."""
    if abs(t) <= 0.75:
        sh, sl = expm1_dd(t, k)
        return sh, sl, up(2.0**-100 * (abs(sh) + abs(sl))), True, True
    if not (t >= -620.0 and t <= 709.7):
        return 0.0, 0.0, 0.0, False, False
    gh, gl = _exp_times(t, 1.0, 1.0, k)
    gh, gl, eg, good = _value_bound(gh, gl)
    if t < -37:  # -1 + e**t as (-1, g_h)
        fh, fl = two_sum(-1.0, gh)
        return fh, fl, up(eg + abs(gl)), good, True
    bh, bl = add_dd_d(gh, gl, -1.0)
    return bh, bl, up(eg + 2 * _U2 * (abs(gh) + 1)), good, True


def erfc_dd(a: float, k: np.ndarray, c: np.ndarray) -> tuple[float, float]:
    """:func:`tanhproof.numeric._dderfc.erfc_dd` for one float in ``[0, 24.9]`` (the
    erfcx tables at ``c[_ERFCX:]``)."""
    if a >= 2.0**-480:
        p, q = two_prod(a, a)
    else:
        p, q = two_prod(0.0, 0.0)
    sh, sl = two_sum(1.0, -q)
    sl = sl + 0.5 * q * q
    wh, wl = exp_dd(-p, k)
    fh, fl = mul_dd(wh, wl, sh, sl)
    j = int(np.rint(a * _ERFC_STEPS))
    xh, xl = horner(c, _ERFCX, _ERFCX_LOW, _ERFC_CENTRES, j, a - j / _ERFC_STEPS, _ERFC_TERMS)
    return mul_dd(fh, fl, xh, xl)


def _beside(value: float) -> tuple[float, float, float, bool, bool]:
    """``_exprddfunc._plain`` on a beside kind (the constant ``value``)."""
    return value, 0.0, up(abs(value) * 2.0**-82 + 2.0**-1074), True, True


def erfc_kernel(t: float, k: np.ndarray, c: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("erfc", t)``: erfc_dd right of 0, ``(2, -erfc(|t|))`` on ``[-24.9,
    -6]``, ``1 + erf(|t|)`` elsewhere left (erf's constant 1 beyond 7.7; not handled
    below ``2**-500``, erf's scaled kind); no claim right of 24.9."""
    if (t >= 0 and t <= _ERFC_HIGH) or (t <= -6 and t >= -_ERFC_HIGH):
        rh, rl = erfc_dd(abs(t), k, c)
        re = up(_ERFC_BOUND * (abs(rh) + abs(rl)) * _SLACK)
        if t >= 0:
            return rh, rl, re, True, True
        return 2.0, -rh, up(re + abs(rl)), True, True
    if not t < 0:
        return 0.0, 0.0, 0.0, False, True
    a = -t
    if t < -_ERFC_HIGH:  # erf's constant 1 (beyond 7.7; here only below -24.9)
        gh, gl, ge, ok, _ = _beside(1.0)
    elif a >= 2.0**-500:
        gh, gl = _erf(a, k)
        gh, gl, ge, ok = _value_bound(gh, gl)
    else:
        return 0.0, 0.0, 0.0, False, False
    sh, sl = two_sum(1.0, gh)
    s = sl + gl
    lh, ll = two_sum(sh, s)
    return lh, ll, up(ge + abs(s) * 2.0**-53), ok, True


def erf_prime_kernel(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("erf'", t)``: the value kind on ``[0, 24.9]`` (in ``|t|``), 0 beyond
    27.7; not handled between (the scaled kind)."""
    a = abs(t)
    if a <= _ERFC_HIGH:
        h, lo = _erf_prime(a, k)
        h, lo, e, ok = _value_bound(h, lo)
        return h, lo, e, ok, True
    if a > 27.7:
        return _beside(0.0)
    return 0.0, 0.0, 0.0, False, False


def exp_any(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """:func:`exp_kernel`, with exp's constant 0 below -766 (the beside kind)."""
    if t < -766.0:
        return _beside(0.0)
    return exp_kernel(t, k)


def _sigmoid_any(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``_exprddfunc._plain("sigmoid", t)``: :func:`_sigmoid_value`, with the constant 0
    below -766 (the beside kind)."""
    if t < -766.0:
        return _beside(0.0)
    return _sigmoid_value(t, k)


def sigmoid_any(t: float, k: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``kernel_dd("sigmoid", t)`` with the beside kinds far out (GELU's)."""
    return _sigmoid_complete(t, k, True)


def at(name: int, a: tuple, k: np.ndarray, c: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """:func:`tanhproof.numeric._exprddfunc.function_parts` of erfc (``name`` 0), exp (1)
    or sigmoid (2) at ``a = (h, l, e, bad)``, then ``_ddvalue.at``'s range check: ``(h, l,
    e, bad, handled)``; not handled where a kernel it needs is of a kind left to numpy."""
    t = 1.0 if a[3] else a[0]
    if name == 0:
        gh, gl, eg, ok, handled = erfc_kernel(t, k, c)
    elif name == 1:
        gh, gl, eg, ok, handled = exp_any(t, k)
    else:
        gh, gl, eg, ok, handled = sigmoid_any(t, k)
    if not handled:
        return 0.0, 0.0, 0.0, True, False
    bad = a[3] or not ok
    al, ae = a[1], a[2]
    if al == 0 and ae == 0:  # an exact argument: the kernel's value
        if bad:
            return 0.0, 0.0, 0.0, True, True
        return gh, gl, eg, outside(gh, gl), True
    if name == 0:
        dh, dl, de, dok, handled = erf_prime_kernel(t, k)
        dh, dl = -dh, -dl
        if not handled:
            return 0.0, 0.0, 0.0, True, False
    elif name == 1:
        dh, dl, de, dok = gh, gl, eg, ok
    else:  # _exprddfunc._logistic_slope: g (1 - g) in float64
        dh, dl = gh * ((1.0 - gh) - gl), 0.0
        de = up(eg * (1 + 3 * eg) + abs(dh) * 2.0**-50 + 2.0**-1070)
        dok = ok
    d = up(abs(al) + ae)
    q, qe = two_prod(dh, al)
    c1 = dl * al
    qe = qe + c1
    eq = up(de * abs(al) + (abs(c1) + abs(qe)) * 2.0**-53 + 2.0**-1070)
    sh, sl = two_sum(gh, q)
    c2 = sl + gl
    s = c2 + qe
    h, lo = two_sum(sh, s)
    g_upper = up(abs(gh) + abs(gl) + eg)
    d_upper = up(abs(dh) + abs(dl) + de) if dok else math.inf
    if name == 0:  # _exprddfunc._curvature
        reach = up(abs(t) + d)
        m = up(2 * reach * d_upper)
        near = 2 * reach * d <= 0.5
    else:
        m = up(1.0 * (g_upper if name == 1 else d_upper))
        near = 1.0 * d <= 0.5
    e = up(eg + eq + (abs(c2) + abs(s)) * 2.0**-53 + d_upper * ae + m * d * d)
    if bad or not dok or not near:
        return 0.0, 0.0, 0.0, True, True
    return h, lo, e, outside(h, lo), True


def gelu_formula(kind: int, x: float, k: np.ndarray, c: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``GELU_DD[name](x)`` of :mod:`tanhproof.numeric._activationgelu` for ``kind`` 11
    (gelu), 12 (gelu'), 13 (gelu_tanh), 14 (gelu_tanh'), before ``_ddvalue.end``; the
    inputs of :data:`~tanhproof.numeric._activationgelu.GELU_TAIL` are not handled (in
    every format: there are few, and the numpy path takes them)."""
    g = _GELU
    if (kind <= 12 and x >= _ERF_TAIL[0] and x < _ERF_TAIL[1]) or (
        kind >= 13 and x >= _SIGMOID_TAIL[0] and x < _SIGMOID_TAIL[1]
    ):  # binary64's left tails (_activationgelu.gelu_tail), left to numpy
        return 0.0, 0.0, 0.0, True, False
    if kind <= 12:
        a = mul(exact(x), (c[g], c[g + 1], c[g + 2], False))
        h, lo, e, bad, handled = at(0, a, k, c)
        erfc = (h, lo, e, bad)
        half = (0.5, 0.0, 0.0, False)
        if kind == 11:
            r = mul(mul(exact(x), erfc), half)
            return r[0], r[1], r[2], r[3], handled
        power = mul(mul(exact(x), exact(x)), (-0.5, 0.0, 0.0, False))
        h, lo, e, bad, found = at(1, power, k, c)
        phi = mul((h, lo, e, bad), (c[g + 3], c[g + 4], c[g + 5], False))
        r = add(mul(erfc, half), mul(exact(x), phi))
        return r[0], r[1], r[2], r[3], handled and found
    square = mul(exact(x), exact(x))
    k1 = (c[g + 6], c[g + 7], c[g + 8], False)
    z = mul(exact(x), add(k1, mul((c[g + 9], c[g + 10], c[g + 11], False), square)))
    h, lo, e, bad, handled = at(2, z, k, c)
    s = (h, lo, e, bad)
    if kind == 13:
        r = mul(exact(x), s)
        return r[0], r[1], r[2], r[3], handled
    slope = mul(exact(x), add(k1, mul((c[g + 12], c[g + 13], c[g + 14], False), square)))
    r = add(s, mul(slope, mul(s, add((1.0, 0.0, 0.0, False), (-s[0], -s[1], s[2], s[3])))))
    return r[0], r[1], r[2], r[3], handled


def _kernel(found: tuple) -> tuple:
    """``_ddvalue.kernel``'s ``(h, l, e, bad)`` from a kernel's tuple."""
    h, lo, e, ok, _ = found
    return h, lo, e, not ok or outside(h, lo)


def formula(kind: int, x: float, k: np.ndarray, c: np.ndarray) -> tuple[float, float, float, bool, bool]:
    """``ACTIVATION_DD[name](x)`` for the name numbered ``kind``: ``(h, l, e, bad,
    handled)`` before ``_end``."""
    one = (1.0, 0.0, 0.0, False)
    if kind >= 11:
        return gelu_formula(kind, x, k, c)
    if kind == 0:  # elu, celu
        if x > 0:
            return x, 0.0, 0.0, outside(x, 0.0), True
        found = expm1_kernel(x, k)
        h, lo, e, bad = _kernel(found)
        return h, lo, e, bad, found[4]
    if kind == 1 or kind == 2:  # mish, mish'
        found = exp_kernel(-abs(x), k)
        z = _kernel(found)
        square = mul(z, z)
        left = x < 0
        num = add(square if left else one, twice(z))
        den = add(num, (2.0, 0.0, 0.0, False) if left else twice(square))
        if kind == 1:
            r = mul(exact(x), div(num, den))
        else:
            g = mul(z if left else square, add(one, z))
            r = div(add(mul(num, den), mul(exact(4.0 * x), g)), mul(den, den))
        return r[0], r[1], r[2], r[3], found[4]
    if kind == 3:  # selu
        scale = (c[0], c[1], c[2], False)
        if x > 0:
            r = mul(scale, exact(x))
            return r[0], r[1], r[2], r[3], True
        found = expm1_kernel(x, k)
        r = mul((c[3], c[4], c[5], False), _kernel(found))
        return r[0], r[1], r[2], r[3], found[4]
    if kind == 4:  # selu'
        if x > 0:
            return c[0], c[1], c[2], False, True
        found = exp_kernel(x, k)
        r = mul((c[3], c[4], c[5], False), _kernel(found))
        return r[0], r[1], r[2], r[3], found[4]
    if kind == 5 or kind == 6:  # silu, silu'
        found = sigmoid_kernel(x, k)
        s = _kernel(found)
        if kind == 5:
            r = mul(exact(x), s)
        else:
            r = mul(s, add(one, mul(exact(x), add(one, (-s[0], -s[1], s[2], s[3])))))
        return r[0], r[1], r[2], r[3], found[4]
    if kind == 7 or kind == 8:  # softsign, softsign'
        h, lo = two_sum(1.0, abs(x))
        a = (h, lo, 0.0, outside(h, lo))
        r = div(exact(x), a) if kind == 7 else div(one, mul(a, a))
        return r[0], r[1], r[2], r[3], True
    if kind == 10 and abs(x) <= SHORT_RADIUS:  # tanhshrink nearest 0: x**3/3 - 2 x**5/15
        square = mul(exact(x), exact(x))
        poly = add(mul((c[29], c[30], c[31], False), square), (c[32], c[33], c[34], False))
        r = mul(mul(poly, square), exact(x))
        rest = up(c[28] * power7(abs(x)))
        return r[0], r[1], up(r[2] + rest), r[3], True
    if kind == 10 and abs(x) <= SHRINK_RADIUS:  # tanhshrink near 0: the Maclaurin polynomial
        square = mul(exact(x), exact(x))
        poly = (c[7], c[8], c[9], False)
        for j in range(1, 7):
            poly = add(mul(poly, square), (c[7 + 3 * j], c[8 + 3 * j], c[9 + 3 * j], False))
        r = mul(mul(poly, square), exact(x))
        rest = up(c[6] * power17(abs(x)))
        return r[0], r[1], up(r[2] + rest), r[3], True
    found = tanh_kernel(x, k)
    t = _kernel(found)
    if kind == 10:  # tanhshrink
        r = add(exact(x), (-t[0], -t[1], t[2], t[3]))
    else:  # tanhshrink'
        r = mul(t, t)
    return r[0], r[1], r[2], r[3], found[4]


#: :func:`run`'s mode for the double-doubles themselves.
VALUES = -1


def run(
    kind: int,
    mode: int,
    x: np.ndarray,
    k: np.ndarray,
    c: np.ndarray,
    values: np.ndarray,
    decided: np.ndarray,
    residuals: np.ndarray,
    handled: np.ndarray,
    residual: bool,
    bounds: np.ndarray,
    fmt: np.ndarray,
) -> None:
    """For every element of ``x`` (finite float64): ``handled`` (else the numpy path
    computes it) and, where handled, the rounding under ``mode`` where decided, and with
    ``residual`` its residual (:func:`decide`); ``k`` is :func:`~tanhproof.numeric._ddjit.constants`,
    ``c`` :func:`constants`; ``fmt`` :func:`format_parameters` (binary64 where empty,
    else :func:`decide_narrow`). With ``mode`` :data:`VALUES`, where handled, the
    formula's ``h`` in ``values``, ``l`` in ``residuals``, ``e`` in ``bounds`` and "no
    claim" in ``decided``, before ``_ddvalue.end`` (``bounds`` is not read otherwise)."""
    for i in range(x.shape[0]):
        h, lo, e, bad, ok = formula(kind, x[i], k, c)
        handled[i] = ok
        if not ok:
            continue
        if mode == VALUES:
            values[i], residuals[i], bounds[i], decided[i] = h, lo, e, bad
        elif fmt.shape[0]:
            values[i], decided[i], residuals[i] = decide_narrow(h, lo, e, bad, mode, residual, fmt)
        else:
            values[i], decided[i], residuals[i] = decide(h, lo, e, bad, mode, residual)


#: Compiled apart and called: the kernels and the double-double operations. Inlined into
#: every formula they took the build from 15 s to over two minutes, and inlining the
#: operations of the longest formulas (mish', tanhshrink's series) gained nothing
#: measurable: a chain of dependent double-double operations is bound by its latency.
_CALLED = (
    "exp_kernel",
    "sigmoid_kernel",
    "tanh_kernel",
    "expm1_kernel",
    "erfc_dd",
    "erfc_kernel",
    "erf_prime_kernel",
    "sigmoid_any",
    "at",
    "gelu_formula",
    "add",
    "mul",
    "div",
    "decide",
    "decide_narrow",
)
#: Compiled into their callers: the small functions.
_INLINED = (
    "power7",
    "power17",
    "add_with_error",
    "mul_with_error",
    "up",
    "outside",
    "finite",
    "add_parts",
    "mul_parts",
    "div_parts",
    "twice",
    "exact",
    "_value_bound",
    "_sigmoid_value",
    "_beside",
    "exp_any",
    "_sigmoid_any",
    "_sigmoid_complete",
    "_kernel",
    "formula",
    "round_format",
    "round_binary32",
    "next_up",
    "next_down",
    "ulp_format",
)
#: From :func:`tanhproof.numeric._ddjit.compiled`: the double-double operations and kernels.
_SHARED = (
    "two_sum",
    "fast_two_sum",
    "two_prod",
    "add_dd_d",
    "div_dd",
    "expm1_dd",
    "neighbours",
    "ulp",
    "_exp_times",
    "_sigmoid",
    "_tanh",
    "exp_dd",
    "mul_dd",
    "_erf",
    "_erf_prime",
    "horner",
)


@functools.cache
def compiled() -> types.SimpleNamespace:
    """This module's :func:`run` compiled by numba with :mod:`tanhproof.numeric._ddjit`'s
    compiled kernels (the same construction: copies of the functions with the compiled
    names as globals), cached under a key of every module it is built from. Raises
    ``ModuleNotFoundError`` without numba."""
    import sys

    from tanhproof.numeric import (
        _activationgelu,
        _dderf,
        _dderfc,
        _dderfkernels,
        _ddexpkernels,
        _ddkernels,
        _ddvalue,
        _ddvaluejit,
        _exprddforms,
        _exprddfunc,
    )
    from tanhproof.numeric._jit import jit, stamp

    shared = _ddjit.compiled()
    modules = (
        sys.modules[__name__],
        _ddvaluejit,
        _exprdd,
        _exprddforms,
        _exprddfunc,
        _ddvalue,
        _activationgelu,
        _ddjit,
        _ddkernels,
        _ddexpkernels,
        _dderf,
        _dderfc,
        _dderfkernels,
    )
    key = stamp(*modules) + _ddjit_key()
    space = dict(globals())
    for name in _SHARED:
        space[name] = getattr(shared, name)
    plain = globals()
    for name in _INLINED:  # all replaced before any is compiled: numba resolves globals then
        source = plain[name]
        space[name] = jit(types.FunctionType(source.__code__, space, source.__name__), inline=True)
    for name in (*_CALLED, "run"):
        source = plain[name]
        space[name] = jit(types.FunctionType(source.__code__, space, source.__name__), key=key)
    return types.SimpleNamespace(run=space["run"])


def _ddjit_key() -> str:
    """The modules :mod:`tanhproof.numeric._ddjit`'s kernels are built from (their change
    changes this loop's key too)."""
    from tanhproof.numeric import _ddarith, _ddexp, _kernelsjit
    from tanhproof.numeric._jit import stamp

    return stamp(_ddarith, _ddexp, _kernelsjit)


_LOADED: list[Callable[..., None]] = []
_FAILED: list[str] = []


def loop(size: int) -> Callable[..., None] | None:
    """The compiled :func:`run` for a call with ``size`` inputs, or None for the numpy path,
    on the rules of :func:`tanhproof.numeric._ddjit.loop` (its sizes, ``TANHPROOF_NUMBA``,
    a build failure warned once; a call below
    :data:`~tanhproof.numeric._ddjit.COMPILE_SIZE` uses the loop only once numba's disk
    cache holds it)."""
    return loaded_loop(
        size,
        lambda: compiled().run,
        _signature,
        _LOADED,
        _FAILED,
        "the compiled activations",
        (_ddjit.MIN_SIZE, _ddjit.COMPILE_SIZE),
    )


def _signature(dispatcher: Any) -> tuple[Any, ...]:
    import numba

    x = np.zeros(1)
    flags = np.zeros(1, dtype=bool)
    return tuple(numba.typeof(a) for a in (0, 0, x, x, x, x, flags, x, flags, True, x, x))


@functools.cache
def cached_constants(gelu: bool = False) -> np.ndarray:
    """:func:`constants`, computed once per process."""
    return constants(gelu)

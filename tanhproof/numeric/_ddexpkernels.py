"""Binary64 kernels of the exp family: double-double values with a proved error bound, constant ranges.

For each name of :data:`EXP_KERNELS64` (a catalog function or a derivative ``name'``),
:func:`~tanhproof.numeric._ddkernels.split64` sorts float64 inputs into kinds: a
double-double value ``h + l`` within :data:`BOUND64` (relative) of ``f(x)``; a value
``c + s t`` that rounds like a real strictly beside the float64 ``c``
(:func:`~tanhproof.numeric._dddecide.beside64`); an overflow of sign ``s``; a scaled
value below ``2**-894``; or open (left to the arb Ziv loop).

Explanation
===========

**Constant ranges** (no kernel): each rule below bounds ``|f(x) - c|`` by at most
``2**-30`` of the gap between ``c`` and its float64 neighbour on that side (``gap >=
|c| 2**-53`` for normal ``c``, ``2**-1074`` at zero), so ``f`` rounds like
``c + s t`` (and a residual ``(f - value) / ulp`` computed as ``(c - value) / ulp`` is
within ``2**-29``). ``a = |x|``, ``s`` the sign of ``x``; odd functions carry ``s``.

============  =====================================================================
function      rules (``x = 0`` is exact: ``f(0)`` with the sign of an odd function)
============  =====================================================================
exp           ``|x| < 2**-84``: 1 on the side of ``x`` (``|e**x - 1| < 1.01|x|``);
              ``x < -766``: 0 above (``e**x < 2**-1105``); ``x > 709.79``: overflow
              (``e**709.79 > 2**1024``, checked with arb at import)
tanh          ``a < 2**-42``: ``x`` toward 0 (``a - tanh a < a**3/3``, relative
              ``2**-85``); ``a >= 30``: ``s`` toward 0 (``1 - tanh a < 2 e**-60``)
tanh'         ``a < 2**-42``: 1 below (``1 - sech**2 a < a**2``); ``a >= 384``: 0 above
              (``sech**2 a < 4 e**-2a < 2**-1105``)
sinh          ``a < 2**-42``: ``x`` away from 0 (``sinh a - a < a**3/6 cosh a``);
              ``a > 710.48``: overflow of sign ``s`` (``sinh 710.48 > 2**1024``)
cosh          ``a < 2**-42``: 1 above (``cosh a - 1 < a**2``); ``a > 710.48``: overflow
sech          ``a < 2**-42``: 1 below; ``a > 766``: 0 above (``sech a < 2 e**-a``)
sigmoid       ``a < 2**-84``: 1/2 on the side of ``x`` (``|sigmoid x - 1/2| < a/4``);
              ``x >= 60``: 1 below (``1 - sigmoid x < e**-60``); ``x < -766``: 0 above
sigmoid'      ``a < 2**-42``: 1/4 below (``1/4 - sigmoid' x < x**2/16``); ``a > 766``: 0
              above (``sigmoid' x < e**-a``)
============  =====================================================================

(the derivatives ``exp'``, ``sinh'``, ``cosh'``, ``softplus'`` are ``exp``, ``cosh``,
``sinh``, ``sigmoid``).

**Scaled ranges** (results below ``2**-894``, subnormal ones included): there the
value is ``c e**(s t)`` times ``1 + O(2**-800)`` (``exp`` and ``sigmoid`` for ``x`` in
``[-766, -620)``: ``e**x``; ``sigmoid'`` and ``sech`` for ``a`` in ``(620, 766]``:
``e**-a``, ``2 e**-a``; ``tanh'`` for ``a`` in ``(310, 384)``: ``4 e**-2a``), given as
``2**e (h + l)`` by :func:`~tanhproof.numeric._ddexp.exp_scaled` and decided on the
binary64 quantum there (:func:`~tanhproof.numeric._dddecide.decide64_scaled`).
Inputs outside the rules and the ranges (``exp`` for ``x`` in ``(709.7, 709.79]``,
``sinh``, ``cosh`` for ``a`` in ``(709.7, 710.48]``: results next to the overflow
threshold) are left open.

**Kernels** (relative errors in units of ``u**2 = 2**-106``; ``E`` = :func:`exp_dd`
(21.3), ``M`` = :func:`expm1_dd` (54), the operations of
:mod:`tanhproof.numeric._ddarith`: ``add_dd_d`` of one sign 2.01, ``add_dd`` 3.01,
``mul_dd`` 8.1, ``div_dd`` 15.5; a relative error ``e`` of a term ``t`` in a sum ``S``
counts ``e |t|/|S|``):

============  ==========================================================  =======
function      method (``a = |x|``)                                          bound
============  ==========================================================  =======
exp           ``E(x)``                                                     21.3
tanh          ``a < 0.375``: ``m = M(-2a)``, ``-m / (2 + m)``                93
              (``|m| < 0.53``: ``2 + m`` within ``2.3 + 54*0.54/1.47``)
              else ``w = E(-2a) <= 0.473``: ``(1 - w)/(1 + w)`` (``1 - w``    46
              within ``0.9 * 21.3 + 2.2``, ``1 + w`` within ``2.01 + 7``)
tanh'         ``w = E(-2a)``: ``4w / (1 + w)**2`` (``1 + w`` within         69
              ``2.01 + 10.7``, its square ``2*12.7 + 8.1``); ``a >= 40``:
              ``4w`` (dropping ``(1 + w)**-2``, relative ``2w < 2**-113``)
tanh          (``a < 30``; the rule above from 30 on)
sinh          ``a < 0.75``: ``m = M(a)``, ``(m + m/(1 + m))/2`` (``1 + m``     95
              within ``2.01 + 54*0.53/1.53``, the quotient ``54 + 20.7 +
              15.5``, the sum 3.01 more); ``0.75 <= a < 40``: ``w = E(a)``,
              ``(w - 1/w)/2`` (cancellation at most ``coth 0.75 < 1.6``:     63
              ``1.6 (21.3 + 15.5) + 3.01``); ``a >= 40``: ``w/2``
cosh          ``a < 40``: ``(w + 1/w)/2``; else ``w/2``                       40
sech          ``w = E(-a)``: ``2w / (1 + w**2)`` (``w**2`` 50.7, ``1 + w**2``  65
              ``2.01 + 25.4``); ``a >= 80``: ``2w`` (``w**2 < 2**-230``)
sigmoid       ``w = E(-a)``: ``1/(1 + w)`` for ``x > 0``, else ``w/(1 + w)``  50
              (``x < 60``)
sigmoid'      ``w/(1 + w)**2``                                             71
============  ==========================================================  =======

Every bound is at most ``95 u**2 < 2**-99.4``; :data:`BOUND64` claims ``2**-98``
(``256 u**2``), which also absorbs the ``O(u**3)`` terms. Intermediate values stay in
``[2**-900, 2**990]`` (the ranges above: ``E`` at most ``e**709.7``, at least
``e**-620``).

Examples
========

>>> import numpy as np
>>> h, lo = EXP_KERNELS64["tanh"].evaluate(np.array([0.5]))
>>> float(h[0])
0.46211715726000974
"""

from __future__ import annotations

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, add_dd_d_dominant, div_dd, mul_dd
from tanhproof.numeric._ddexp import exp_dd, expm1_dd
from tanhproof.numeric._ddspec import (
    KIND_BESIDE,
    KIND_OVERFLOW,
    Spec,
    above,
    below,
    branch,
    is_zero,
)

__all__ = ["BOUND64", "EXP_KERNELS64", "sech_kernel", "sinh_kernel", "tanh_kernel"]

#: The claimed relative error bound of every binary64 kernel (analysis: at most 95 u**2).
BOUND64 = 2.0**-98

_TINY = 2.0**-42
_EXP_OVERFLOW = 709.79
_SINH_OVERFLOW = 710.48


def _check_thresholds() -> None:
    """The overflow thresholds, by arb: ``exp(709.79)`` and ``sinh(710.48)`` exceed ``2**1024``."""
    old = ctx.prec
    ctx.prec = 128
    try:
        top = arb(2) ** 1024
        if not (arb(_EXP_OVERFLOW).exp() > top and arb(_SINH_OVERFLOW).sinh() > top):
            raise ArithmeticError("binary64 overflow thresholds are wrong")
    finally:
        ctx.prec = old


_check_thresholds()


def _exp(x: np.ndarray) -> DD:
    return exp_dd(x)


def _tanh_small(a: np.ndarray) -> DD:
    mh, ml = expm1_dd(-2.0 * a)
    dh, dl = add_dd_d_dominant(mh, ml, 2.0)  # |m| < 0.53
    return div_dd(-mh, -ml, dh, dl)


def _tanh_large(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-2.0 * a)
    nh, nl = add_dd_d_dominant(-wh, -wl, 1.0)  # w <= e**-0.75 < 1/2
    dh, dl = add_dd_d_dominant(wh, wl, 1.0)
    return div_dd(nh, nl, dh, dl)


def _sech2(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-2.0 * a)
    dh, dl = add_dd_d(wh, wl, 1.0)
    sh, sl = mul_dd(dh, dl, dh, dl)
    h, lo = div_dd(4.0 * wh, 4.0 * wl, sh, sl)
    big = a >= 40
    return np.where(big, 4.0 * wh, h), np.where(big, 4.0 * wl, lo)


def _sinh_small(a: np.ndarray) -> DD:
    mh, ml = expm1_dd(a)
    dh, dl = add_dd_d(mh, ml, 1.0)
    qh, ql = div_dd(mh, ml, dh, dl)
    h, lo = add_dd(mh, ml, qh, ql)
    return 0.5 * h, 0.5 * lo


def _reciprocal_pair(a: np.ndarray, sign: float) -> DD:
    """``(e**a + sign e**-a) / 2``."""
    wh, wl = exp_dd(a)
    ih, il = div_dd(np.ones_like(wh), np.zeros_like(wl), wh, wl)
    h, lo = add_dd(wh, wl, sign * ih, sign * il)
    return 0.5 * h, 0.5 * lo


def _half_exp(a: np.ndarray) -> DD:
    wh, wl = exp_dd(a)
    return 0.5 * wh, 0.5 * wl


def _sinh(a: np.ndarray) -> DD:
    return branch(a, [(0.75, _sinh_small), (40.0, lambda t: _reciprocal_pair(t, -1.0)), (np.inf, _half_exp)])


def _cosh(a: np.ndarray) -> DD:
    return branch(a, [(40.0, lambda t: _reciprocal_pair(t, 1.0)), (np.inf, _half_exp)])


def _sech_mid(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-a)
    sh, sl = mul_dd(wh, wl, wh, wl)
    dh, dl = add_dd_d(sh, sl, 1.0)
    return div_dd(2.0 * wh, 2.0 * wl, dh, dl)


def _sech_far(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-a)
    return 2.0 * wh, 2.0 * wl


def _sigmoid(x: np.ndarray) -> DD:
    wh, wl = exp_dd(-np.abs(x))
    dh, dl = add_dd_d(wh, wl, 1.0)
    positive = x > 0
    nh = np.where(positive, 1.0, wh)
    nl = np.where(positive, 0.0, wl)
    return div_dd(nh, nl, dh, dl)


def _sigmoid_prime(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-a)
    dh, dl = add_dd_d(wh, wl, 1.0)
    sh, sl = mul_dd(dh, dl, dh, dl)
    return div_dd(wh, wl, sh, sl)


_B, _O = KIND_BESIDE, KIND_OVERFLOW


def tanh_kernel(a: np.ndarray) -> DD:
    """``tanh a`` for ``a`` in ``[2**-42, 310]`` within 93 ``u**2`` (the table above)."""
    return branch(a, [(0.375, _tanh_small), (np.inf, _tanh_large)])


def sinh_kernel(a: np.ndarray) -> DD:
    """``sinh a`` for ``a`` in ``[2**-42, 709.7]`` within 95 ``u**2``."""
    return _sinh(a)


def sech_kernel(a: np.ndarray) -> DD:
    """``sech a`` for ``a`` in ``[2**-42, 620]`` within 65 ``u**2``."""
    return branch(a, [(80.0, _sech_mid), (np.inf, _sech_far)])


_TANH = Spec(
    1,
    ((is_zero, None, 0, _B), (below(_TINY), None, -1, _B), (lambda t: t >= 30, 1.0, -1, _B)),
    _TINY,
    30.0,
    tanh_kernel,
)
_SINH = Spec(
    1,
    ((is_zero, None, 0, _B), (below(_TINY), None, 1, _B), (above(_SINH_OVERFLOW), None, 1, _O)),
    _TINY,
    709.7,
    _sinh,
)
_COSH = Spec(
    0,
    ((is_zero, 1.0, 0, _B), (below(_TINY), 1.0, 1, _B), (above(_SINH_OVERFLOW), None, 1, _O)),
    _TINY,
    709.7,
    _cosh,
)
_SIGMOID = Spec(
    -1,
    (
        (is_zero, 0.5, 0, _B),
        (lambda t: np.abs(t) < 2.0**-84, 0.5, 2, _B),  # side 2: the sign of x
        (lambda t: t >= 60, 1.0, -1, _B),
        (below(-766.0), 0.0, 1, _B),
    ),
    -620.0,
    60.0,
    _sigmoid,
    (-766.0, -620.0, 1.0, 1.0),
)
_EXP = Spec(
    -1,
    (
        (is_zero, 1.0, 0, _B),
        (lambda t: np.abs(t) < 2.0**-84, 1.0, 2, _B),
        (above(_EXP_OVERFLOW), None, 1, _O),
        (below(-766.0), 0.0, 1, _B),
    ),
    -620.0,
    709.7,
    _exp,
    (-766.0, -620.0, 1.0, 1.0),
)

#: The exp-family kernels by name (``'`` marks the first derivative).
EXP_KERNELS64: dict[str, Spec] = {
    "exp": _EXP,
    "exp'": _EXP,
    "tanh": _TANH,
    "tanh'": Spec(
        0,
        ((is_zero, 1.0, 0, _B), (below(_TINY), 1.0, -1, _B), (lambda t: t >= 384, 0.0, 1, _B)),
        _TINY,
        310.0,
        _sech2,
        (310.0, 384.0, 4.0, -2.0),
    ),
    "sinh": _SINH,
    "cosh'": _SINH,
    "cosh": _COSH,
    "sinh'": _COSH,
    "sech": Spec(
        0,
        ((is_zero, 1.0, 0, _B), (below(_TINY), 1.0, -1, _B), (above(766.0), 0.0, 1, _B)),
        _TINY,
        620.0,
        sech_kernel,
        (620.0, 766.0, 2.0, -1.0),
    ),
    "sigmoid": _SIGMOID,
    "softplus'": _SIGMOID,
    "sigmoid'": Spec(
        0,
        ((is_zero, 0.25, 0, _B), (below(_TINY), 0.25, -1, _B), (above(766.0), 0.0, 1, _B)),
        _TINY,
        620.0,
        _sigmoid_prime,
        (620.0, 766.0, 1.0, -1.0),
    ),
}

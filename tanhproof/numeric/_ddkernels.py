"""Binary64 kernels: double-double values with a proved error bound, and proved constant ranges.

For each name of :data:`KERNELS64` (a catalog function or a derivative ``name'``),
:func:`split64` sorts float64 inputs into four kinds: a double-double value ``h + l``
within :data:`BOUND64` (relative) of ``f(x)``; a value ``c + s t`` that rounds like a
real strictly beside the float64 ``c`` (:func:`~tanhproof.numeric._dddecide.beside64`);
an overflow of sign ``s``; or open (left to the arb Ziv loop).

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
>>> s = split64("tanh", np.array([0.5, 1e-20, 50.0]))
>>> s.kind.tolist(), float(s.h[0]), s.c[1:].tolist(), s.side[1:].tolist()
([0, 1, 1], 0.46211715726000974, [1e-20, 1.0], [-1, -1])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, div_dd, mul_dd
from tanhproof.numeric._ddexp import exp_dd, exp_scaled, expm1_dd

__all__ = [
    "BOUND64",
    "KERNELS64",
    "KIND_BESIDE",
    "KIND_OPEN",
    "KIND_OVERFLOW",
    "KIND_SCALED",
    "KIND_VALUE",
    "Split64",
    "split64",
]

#: The claimed relative error bound of every binary64 kernel (analysis: at most 95 u**2).
BOUND64 = 2.0**-98

KIND_VALUE, KIND_BESIDE, KIND_OVERFLOW, KIND_OPEN, KIND_SCALED = 0, 1, 2, 3, 4

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


@dataclass
class Split64:
    """Per input: ``kind`` (``KIND_*``); ``h + l`` (value kind; ``2**e (h + l)`` for
    the scaled kind), ``c`` and ``side`` (beside kind; ``side`` is the sign for the
    overflow kind)."""

    kind: np.ndarray
    h: np.ndarray
    lo: np.ndarray
    c: np.ndarray
    side: np.ndarray
    e: np.ndarray


Rule = tuple[Callable[[np.ndarray], np.ndarray], float | None, int, int]  # (test, c, side, kind)


@dataclass(frozen=True)
class _Spec:
    parity: int  # 1 odd, 0 even (both evaluated at a = |x|), -1 neither (at x)
    rules: tuple[Rule, ...]  # first match wins; c None means c = the argument
    low: float  # the kernel's range of the argument
    high: float
    evaluate: Callable[[np.ndarray], DD]
    tiny: tuple[float, float, float, float] | None = None  # (low, high, c, s): c e**(s t) there


def _branch(t: np.ndarray, pieces: list[tuple[float, Callable[[np.ndarray], DD]]]) -> DD:
    """Evaluate ``pieces[i]`` on the arguments below its threshold (and above the previous one)."""
    h = np.empty_like(t)
    lo = np.empty_like(t)
    done = np.zeros(t.shape, dtype=bool)
    for limit, fn in pieces:
        idx = np.flatnonzero(~done & (t < limit))
        if len(idx):
            h[idx], lo[idx] = fn(t[idx])
        done[idx] = True
    return h, lo


def _exp(x: np.ndarray) -> DD:
    return exp_dd(x)


def _tanh_small(a: np.ndarray) -> DD:
    mh, ml = expm1_dd(-2.0 * a)
    dh, dl = add_dd_d(mh, ml, 2.0)
    return div_dd(-mh, -ml, dh, dl)


def _tanh_large(a: np.ndarray) -> DD:
    wh, wl = exp_dd(-2.0 * a)
    nh, nl = add_dd_d(-wh, -wl, 1.0)
    dh, dl = add_dd_d(wh, wl, 1.0)
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
    return _branch(a, [(0.75, _sinh_small), (40.0, lambda t: _reciprocal_pair(t, -1.0)), (np.inf, _half_exp)])


def _cosh(a: np.ndarray) -> DD:
    return _branch(a, [(40.0, lambda t: _reciprocal_pair(t, 1.0)), (np.inf, _half_exp)])


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


def _below(limit: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda t: t < limit


def _above(limit: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda t: t > limit


def _is_zero(t: np.ndarray) -> np.ndarray:
    return t == 0


_B, _O = KIND_BESIDE, KIND_OVERFLOW

_TANH = _Spec(
    1,
    ((_is_zero, None, 0, _B), (_below(_TINY), None, -1, _B), (lambda t: t >= 30, 1.0, -1, _B)),
    _TINY,
    30.0,
    lambda a: _branch(a, [(0.375, _tanh_small), (np.inf, _tanh_large)]),
)
_SINH = _Spec(
    1,
    ((_is_zero, None, 0, _B), (_below(_TINY), None, 1, _B), (_above(_SINH_OVERFLOW), None, 1, _O)),
    _TINY,
    709.7,
    _sinh,
)
_COSH = _Spec(
    0,
    ((_is_zero, 1.0, 0, _B), (_below(_TINY), 1.0, 1, _B), (_above(_SINH_OVERFLOW), None, 1, _O)),
    _TINY,
    709.7,
    _cosh,
)
_SIGMOID = _Spec(
    -1,
    (
        (_is_zero, 0.5, 0, _B),
        (lambda t: np.abs(t) < 2.0**-84, 0.5, 2, _B),  # side 2: the sign of x
        (lambda t: t >= 60, 1.0, -1, _B),
        (_below(-766.0), 0.0, 1, _B),
    ),
    -620.0,
    60.0,
    _sigmoid,
    (-766.0, -620.0, 1.0, 1.0),
)
_EXP = _Spec(
    -1,
    (
        (_is_zero, 1.0, 0, _B),
        (lambda t: np.abs(t) < 2.0**-84, 1.0, 2, _B),
        (_above(_EXP_OVERFLOW), None, 1, _O),
        (_below(-766.0), 0.0, 1, _B),
    ),
    -620.0,
    709.7,
    _exp,
    (-766.0, -620.0, 1.0, 1.0),
)

#: The binary64 kernels by name (``'`` marks the first derivative).
KERNELS64: dict[str, _Spec] = {
    "exp": _EXP,
    "exp'": _EXP,
    "tanh": _TANH,
    "tanh'": _Spec(
        0,
        ((_is_zero, 1.0, 0, _B), (_below(_TINY), 1.0, -1, _B), (lambda t: t >= 384, 0.0, 1, _B)),
        _TINY,
        310.0,
        _sech2,
        (310.0, 384.0, 4.0, -2.0),
    ),
    "sinh": _SINH,
    "cosh'": _SINH,
    "cosh": _COSH,
    "sinh'": _COSH,
    "sech": _Spec(
        0,
        ((_is_zero, 1.0, 0, _B), (_below(_TINY), 1.0, -1, _B), (_above(766.0), 0.0, 1, _B)),
        _TINY,
        620.0,
        lambda a: _branch(a, [(80.0, _sech_mid), (np.inf, _sech_far)]),
        (620.0, 766.0, 2.0, -1.0),
    ),
    "sigmoid": _SIGMOID,
    "softplus'": _SIGMOID,
    "sigmoid'": _Spec(
        0,
        ((_is_zero, 0.25, 0, _B), (_below(_TINY), 0.25, -1, _B), (_above(766.0), 0.0, 1, _B)),
        _TINY,
        620.0,
        _sigmoid_prime,
        (620.0, 766.0, 1.0, -1.0),
    ),
}


def split64(function: str, x: np.ndarray) -> Split64:
    """Sort the finite float64 inputs ``x`` of ``function`` (a name of :data:`KERNELS64`)
    into the four kinds of the module docstring, with their values."""
    spec = KERNELS64[function]
    x = np.asarray(x, dtype=np.float64)
    t = x if spec.parity < 0 else np.abs(x)
    sign = np.where(np.signbit(x), -1, 1)
    kind = np.full(x.shape, KIND_OPEN, dtype=np.int8)
    c = np.zeros(x.shape)
    side = np.zeros(x.shape, dtype=np.int8)
    free = np.ones(x.shape, dtype=bool)
    for test, value, s, k in spec.rules:
        hit = free & test(t)
        if not hit.any():
            continue
        kind[hit] = k
        c[hit] = t[hit] if value is None else value
        side[hit] = sign[hit] if s == 2 else s
        free &= ~hit
    h = np.zeros(x.shape)
    lo = np.zeros(x.shape)
    e = np.zeros(x.shape, dtype=np.int32)
    inside = free & (t >= spec.low) & (t <= spec.high)
    idx = np.flatnonzero(inside)
    if len(idx):
        h[idx], lo[idx] = spec.evaluate(t[idx])
        kind[idx] = KIND_VALUE
    if spec.tiny is not None:
        low, high, factor, scale = spec.tiny
        idx = np.flatnonzero(free & ~inside & (t >= low) & (t <= high))
        if len(idx):
            th, tl, e[idx] = exp_scaled(scale * t[idx])
            h[idx], lo[idx] = factor * th, factor * tl
            kind[idx] = KIND_SCALED
    if spec.parity == 1:  # odd: f(x) = sign(x) f(|x|)
        negative = sign < 0
        h[negative] = -h[negative]
        lo[negative] = -lo[negative]
        c[negative] = -c[negative]
        side[negative] = -side[negative]
    return Split64(kind, h, lo, c, side, e)

"""Float64 values with a rigorous absolute error bound, operation by operation.

A :class:`Bounded` holds, per element, a float64 ``v``, a bound ``e >= 0`` with
``|exact - v| <= e``, and ``bad``: the elements where no bound is claimed (a domain or
range the rules below do not cover, an overflow, a NaN); the caller sends those to the
arb Ziv loop. :mod:`tanhproof.numeric._exprref` composes these operations along an
expression tree.

Explanation
===========

``u = 2**-53``. IEEE 754 binary64 ``+ - * / sqrt`` round to nearest: the computed
``fl(r)`` is within ``u |fl(r)| + 2**-1075`` of the exact ``r`` (the second term covers
subnormal results), so every rounded value adds :func:`rounding` ``= 2**-52 |v| +
2**-1074`` (twice that: margin). The bounds themselves are computed in float64 on
non-negative numbers, at most eight operations each; :func:`up` multiplies the result
by ``1 + 2**-46`` and adds ``2**-1068``, which covers those roundings (each a relative
``u`` or an absolute ``2**-1075``) many times over. A bound that overflows is ``inf``
and the element is bad.

**Arithmetic** (``A``, ``B`` the exact operands, ``a``, ``b`` their values, ``ea``, ``eb``
their bounds):

* ``A + B``: ``ea + eb`` plus the rounding;
* ``A B - a b = a (B - b) + b (A - a) + (A - a)(B - b)``: ``|a| eb + |b| ea + ea eb``
  plus the rounding;
* ``A/B - a/b = ((A - a) b - a (B - b)) / (B b)``: at most ``ea/(|b| - eb) + |a/b|
  eb/(|b| - eb)``, required ``eb <= |b|/2`` (else bad) plus the rounding; computed as
  quotients first (``|a/b| <= |v| (1 + 2**-52)``), so no intermediate product overflows;
* ``sqrt(A) - sqrt(a) = (A - a) / (sqrt(A) + sqrt(a))``: at most ``ea / sqrt(a)``,
  required ``a - ea > 0`` (else bad; ``a = ea = 0`` is the exact 0);
* ``|A| - |a|``: at most ``ea`` (``|a|`` is exact).

**Catalog functions** ``g(A)``: ``|g(A) - v| <= |g(a) - v| + ea max |g'|`` over ``[a -
ea, a + ea]``. The first term comes from the binary64 double-double kernels of
:mod:`tanhproof.numeric._ddkernels` (proved relative ``2**-98``, or a constant range:
:func:`kernel_value`). For the second, ``|g'| <= k |h|`` with ``|(log |h|)'| <= L``
everywhere, so ``max |g'| <= k |h(a)| e**(L ea) <= k |h(a)| (1 + 2 L ea)`` for ``L ea <=
2**-10`` (else bad), with ``|h(a)|`` bounded above by a kernel (:func:`kernel_upper`):

==========  ======================  ===  ====================================================
g           h (``|g'| <= k |h|``)    L    why ``|(log |h|)'| <= L``
==========  ======================  ===  ====================================================
exp         exp                     1    ``(log e**t)' = 1``
tanh        tanh' = sech**2         2    ``(log sech**2)' = -2 tanh``
sinh        cosh (``g' = cosh``)    1    ``(log cosh)' = tanh``
cosh        cosh (``|sinh| <= cosh``) 1  as above
sech        sech (``|sech tanh| <= sech``) 1  ``(log sech)' = -tanh``
sigmoid     sigmoid'                1    ``(log s(1 - s))' = 1 - 2s``
softplus    sigmoid                 1    ``(log s)' = 1 - s``
erf         erf' = C e**(-t**2)     L    ``(log erf')' = -2t``, ``L = 2 (|a| + ea)`` on the interval
==========  ======================  ===  ====================================================

Where ``L ea`` is larger (``exp(-x**2/2)`` at ``x = 1e30``), the monotone functions are
enclosed by their values at the ends of ``[a - ea, a + ea]`` instead (:func:`ends_enclosure`;
erf is increasing too).

``log(A)``: ``g' = 1/t``, so the second term is at most ``ea / (a - ea)`` (``a - ea > 0``
required). The first terms of ``log`` and ``softplus`` are checked after the fact
(:func:`log_bounded`, :func:`softplus_bounded`): a candidate from numpy (whose accuracy
is not assumed) is measured against the proved ``exp``/``expm1`` double-double.

Examples
========

>>> import numpy as np
>>> x = exact(np.array([0.5, 2.0]))
>>> y = divide(add(x, constant(1.0, 0.0, x)), multiply(x, x))
>>> y.v.tolist(), bool((y.e < 1e-14).all()), y.bad.tolist()
([6.0, 0.75], True, [False, False])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tanhproof.numeric._ddexp import EXP_RANGE, exp_dd, expm1_dd
from tanhproof.numeric._ddkernels import KIND_BESIDE, KIND_SCALED, KIND_VALUE, split64

__all__ = [
    "Bounded",
    "absolute",
    "add",
    "constant",
    "divide",
    "ends_enclosure",
    "exact",
    "function",
    "kernel_upper",
    "kernel_value",
    "log1p_bounded",
    "log_bounded",
    "multiply",
    "negate",
    "rounding",
    "signed",
    "softplus_bounded",
    "square_root",
    "up",
]

_TINY = 2.0**-1074


@dataclass(frozen=True)
class Bounded:
    """Per element: the value ``v``, the bound ``e`` on ``|exact - v|``, the mask
    ``bad`` of elements with no claim (their ``v`` and ``e`` mean nothing) and ``sign``:
    +1 or -1 where the exact value is known to be positive or negative, 0 where not
    known (:func:`signed`)."""

    v: np.ndarray
    e: np.ndarray
    bad: np.ndarray
    sign: np.ndarray


def up(t: np.ndarray) -> np.ndarray:
    """A bound computed in float64 (at most eight roundings), made an upper bound."""
    return t * (1 + 2.0**-46) + 2.0**-1068


def rounding(v: np.ndarray) -> np.ndarray:
    """The error of one IEEE rounding to nearest that gave ``v`` (with margin)."""
    return np.abs(v) * 2.0**-52 + _TINY


def _make(v: np.ndarray, e: np.ndarray, bad: np.ndarray, sign: np.ndarray | None = None) -> Bounded:
    with np.errstate(invalid="ignore"):
        bad = bad | ~np.isfinite(v) | ~np.isfinite(e)
    return Bounded(v, e, bad, signed(v, e, sign))


def signed(v: np.ndarray, e: np.ndarray, sign: np.ndarray | None = None) -> np.ndarray:
    """The known sign: ``sign`` (from the operation: ``exp`` is positive, a product of two
    known signs has their product), or where ``v - e > 0`` (``v + e < 0``) +1 (-1):
    rounding is monotone and keeps 0, so ``fl(v - e) > 0`` implies ``v - e > 0``."""
    with np.errstate(invalid="ignore"):
        known = np.where(v - e > 0, 1.0, np.where(v + e < 0, -1.0, 0.0))
    return known if sign is None else np.where(sign != 0, sign, known)


def exact(x: np.ndarray) -> Bounded:
    """The variable: float64 values, exact."""
    x = np.asarray(x, dtype=np.float64)
    return Bounded(x, np.zeros_like(x), np.zeros(x.shape, dtype=bool), np.sign(x))


def constant(value: float, error: float, like: Bounded) -> Bounded:
    """A constant ``value`` within ``error``, broadcast to ``like``'s shape."""
    v = np.full(like.v.shape, value)
    return _make(v, np.full(v.shape, error), np.zeros(v.shape, dtype=bool))


def negate(a: Bounded) -> Bounded:
    """``-A``: exact."""
    return Bounded(-a.v, a.e, a.bad, -a.sign)


def add(a: Bounded, b: Bounded) -> Bounded:
    """``A + B``."""
    with np.errstate(over="ignore", invalid="ignore"):
        v = a.v + b.v
        e = up(a.e + b.e + rounding(v))
    return _make(v, e, a.bad | b.bad, np.where(a.sign == b.sign, a.sign, 0.0))


def multiply(a: Bounded, b: Bounded) -> Bounded:
    """``A B``."""
    with np.errstate(over="ignore", invalid="ignore"):
        v = a.v * b.v
        e = up(np.abs(a.v) * b.e + np.abs(b.v) * a.e + a.e * b.e + rounding(v))
    return _make(v, e, a.bad | b.bad, a.sign * b.sign)


def divide(a: Bounded, b: Bounded) -> Bounded:
    """``A / B`` where ``eb <= |b|/2``."""
    ab = np.abs(b.v)
    bad = a.bad | b.bad | ~(b.e <= ab / 2) | (ab == 0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        v = a.v / np.where(bad, 1.0, b.v)
        low = (ab - b.e) * (1 - 2.0**-50)  # a lower bound of |B| (|b| - eb >= |b|/2)
        # ea/|B| + |a/b| eb/|B|, each quotient formed before any product: |b| * low
        # overflowed to inf for |b| ~ 1e170 and made the bound 0 (2/exp(x/3)**3 at x = 391).
        # A quotient that underflows is below 2**-1075 (covered by up()), and |v| times an
        # eb/low below 2**-1075 is far below rounding(v).
        e = up(a.e / low + np.abs(v) * (1 + 2.0**-50) * (b.e / low) + rounding(v))
    return _make(v, e, bad, a.sign * b.sign)


def square_root(a: Bounded) -> Bounded:
    """``sqrt(A)`` where ``a - ea > 0``, or ``A = 0`` exactly."""
    zero = (a.v == 0) & (a.e == 0)
    bad = a.bad | ~((a.v - a.e) * (1 - 2.0**-50) > 0) & ~zero
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.sqrt(np.where(bad, 1.0, a.v))
        e = up(np.where(zero, 0.0, a.e / np.where(zero, 1.0, v * (1 - 2.0**-50))) + rounding(v))
    return _make(v, np.where(zero, 0.0, e), bad, np.where(zero, 0.0, 1.0))


def absolute(a: Bounded) -> Bounded:
    """``|A|``."""
    return Bounded(np.abs(a.v), a.e, a.bad, np.abs(a.sign))


def kernel_value(name: str, a: np.ndarray) -> Bounded:
    """``g(a)`` at float64 points from :func:`~tanhproof.numeric._ddkernels.split64`.

    A value kind ``h + l`` (within ``2**-98`` relative) gives ``v = fl(h + l)``, within
    ``(u + 2**-97) |v|``; a constant range ``c`` (within ``2**-30`` of the gap from ``c``
    to its neighbour, a gap of at most ``2**-52 |c|`` or ``2**-1074``) gives ``v = c``
    within ``2**-80 |c| + 2**-1074``; a scaled one ``2**e (h + l)`` (below ``2**-894``)
    ``v = ldexp(h + l, e)``, within ``2**-51 |v| + 2**-1073`` (a subnormal ``ldexp``
    rounds by at most ``2**-1075``). Overflow and open inputs are bad.
    """
    s = split64(name, a)
    v = np.zeros(a.shape)
    e = np.zeros(a.shape)
    bad = np.ones(a.shape, dtype=bool)
    k = s.kind == KIND_VALUE
    v[k] = s.h[k] + s.lo[k]
    e[k] = rounding(v[k])
    bad[k] = False
    k = s.kind == KIND_BESIDE
    v[k] = s.c[k]
    e[k] = np.abs(s.c[k]) * 2.0**-80 + _TINY
    bad[k] = False
    k = s.kind == KIND_SCALED
    v[k] = np.ldexp(s.h[k] + s.lo[k], s.e[k].astype(np.int64))
    e[k] = np.abs(v[k]) * 2.0**-51 + 2 * _TINY
    bad[k] = False
    return _make(v, up(e), bad)


def kernel_upper(name: str, a: np.ndarray) -> np.ndarray:
    """An upper bound of ``|g(a)|`` (``inf`` where the kernel claims nothing)."""
    k = kernel_value(name, a)
    return np.where(k.bad, np.inf, up(np.abs(k.v) + k.e))


# g -> (h, k, L): |g'| <= k |h| and |(log |h|)'| <= L (the table of the module docstring;
# L = None: 2 (|a| + ea), erf's).
_SLOPES: dict[str, tuple[str, float, float | None]] = {
    "exp": ("exp", 1.0, 1.0),
    "tanh": ("tanh'", 1.0, 2.0),
    "sinh": ("cosh", 1.0, 1.0),
    "cosh": ("cosh", 1.0, 1.0),
    "sech": ("sech", 1.0, 1.0),
    "sigmoid": ("sigmoid'", 1.0, 1.0),
    "softplus": ("sigmoid", 1.0, 1.0),
    "erf": ("erf'", 1.0, None),
}


# Positive everywhere; odd, increasing and zero only at 0 (the sign of the argument).
_POSITIVE = ("cosh", "exp", "sech", "sigmoid", "softplus")
_ODD_INCREASING = ("erf", "sinh", "tanh")


def _propagated(name: str, a: Bounded, value: Bounded) -> Bounded:
    """``value`` (``g`` at the float ``a.v``) with the argument's error ``ea`` carried
    through ``max |g'|`` (the table of the module docstring)."""
    if name in _POSITIVE:
        sign = np.ones(a.v.shape)
    elif name in _ODD_INCREASING:
        sign = a.sign
    else:
        sign = None
    if not a.e.any():
        return _make(value.v, value.e, value.bad | a.bad, sign)
    h, k, rate = _SLOPES[name]
    with np.errstate(over="ignore", invalid="ignore"):
        lip = up(2 * (np.abs(a.v) + a.e)) if rate is None else rate
        far = ~(lip * a.e <= 2.0**-10)
    slope = k * kernel_upper(h, np.where(a.bad, 0.0, a.v)) * up(1 + 2 * lip * a.e)
    with np.errstate(over="ignore", invalid="ignore"):
        e = up(value.e + slope * a.e)
    v, bad = value.v, value.bad | far
    idx = np.flatnonzero(far & ~a.bad)
    if len(idx):  # a wide argument: the function's values at its ends, where it is monotone
        ends = ends_enclosure(name, a.v[idx], a.e[idx])
        v, e, bad = v.copy(), e.copy(), bad.copy()
        v[idx], e[idx], bad[idx] = ends.v, ends.e, ends.bad
    return _make(v, e, bad | a.bad, sign)


def _value_at(name: str, t: np.ndarray) -> Bounded:
    return softplus_bounded(t) if name == "softplus" else kernel_value(name, t)


def ends_enclosure(name: str, a: np.ndarray, ea: np.ndarray) -> Bounded:
    """``g`` over ``[a - ea, a + ea]`` from its values at the ends (outward-rounded floats),
    for ``g`` monotone there: exp, tanh, sinh, sigmoid, softplus, erf everywhere; cosh and sech
    on one side of 0 (an interval holding 0 is bad). The exact value lies between the
    lower end's value minus its bound and the upper end's plus its bound; ``v`` is the
    midpoint, ``e`` the half-width, each rounding covered by :func:`rounding`."""
    with np.errstate(over="ignore", invalid="ignore"):
        lo = a - ea
        lo = lo - rounding(lo)
        hi = a + ea
        hi = hi + rounding(hi)
        bad = ~(np.isfinite(lo) & np.isfinite(hi))
        lo, hi = np.where(bad, 0.0, lo), np.where(bad, 0.0, hi)
        at_lo, at_hi = _value_at(name, lo), _value_at(name, hi)
        low_first = np.ones(a.shape, dtype=bool)  # g increasing: g(lo) is the lower end
        if name in ("cosh", "sech"):
            increasing_right = name == "cosh"
            right, left = lo >= 0, hi <= 0
            bad |= ~(right | left)
            low_first = np.where(right, increasing_right, not increasing_right)
        first = np.where(low_first, at_lo.v - at_lo.e, at_hi.v - at_hi.e)
        last = np.where(low_first, at_hi.v + at_hi.e, at_lo.v + at_lo.e)
        first = first - rounding(first)
        last = last + rounding(last)
        v = first / 2 + last / 2
        e = up(np.maximum(last - v, v - first) + rounding(v))
    return _make(v, e, bad | at_lo.bad | at_hi.bad | ~(first <= last))


def function(name: str, a: Bounded) -> Bounded:
    """``g(A)`` for ``g`` one of exp, tanh, sinh, cosh, sech, sigmoid, softplus, erf, log."""
    x = np.where(a.bad, 0.0, a.v)
    if name == "log":
        return log_bounded(a)
    value = softplus_bounded(x) if name == "softplus" else kernel_value(name, x)
    return _propagated(name, a, value)


def _difference(xh: np.ndarray, xl: np.ndarray, yh: np.ndarray, yl: np.ndarray, rel: float):
    """``(t, bound)``: ``t`` approximates ``X - Y`` for reals within ``rel`` (relative) of
    the double-doubles ``xh + xl`` and ``yh + yl``, and ``|X - Y - t| <= bound``. ``xh -
    yh`` is exact where ``yh`` is in ``[xh/2, 2 xh]`` (Sterbenz; other elements are
    flagged in the third result)."""
    near = (yh >= xh / 2) & (yh <= 2 * xh) & (xh > 0)
    t = (xh - yh) + (xl - yl)  # xh - yh exact where near; two more roundings
    bound = up(
        rounding(t) + rounding(xl - yl) + rel * (np.abs(xh) + np.abs(xl) + np.abs(yh) + np.abs(yl)) * 2
    )
    return t, bound, ~near


def log_bounded(a: Bounded) -> Bounded:
    """``log(A)``: a numpy candidate ``L`` corrected by one Newton step against ``exp_dd``.

    With ``E = e**L`` (``exp_dd(L)`` within ``21.3 u**2 < 2**-101`` relative, so the pair
    is taken within ``2**-100``), ``log a = L + log(1 + d)``, ``d = (a - E)/E``. ``t``
    approximates ``a - E`` within ``bt`` (:func:`_difference`), ``q = fl(t / E_h)``; so
    ``|d - q| <= |t|/E_h * 2**-51 + bt / E_h * (1 + 2**-50) + rounding(q)`` (``d - t/E_h =
    ((a - E) - t)/E + t (1/E - 1/E_h)``, and ``E`` and ``E_h`` differ by at most ``|E_l| +
    2**-100 E``, below ``2**-52.9`` relative), and
    ``|log(1 + d) - d| <= d**2`` for ``|d| <= 1/2``. The value is ``fl(L + q)``.
    """
    x = np.where(a.bad, 1.0, a.v)
    low = (x - a.e) * (1 - 2.0**-50)
    bad = a.bad | ~(low > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lx = np.log(np.where(bad, 1.0, x))
        bad = bad | ~((lx >= EXP_RANGE[0]) & (lx <= EXP_RANGE[1]))
        lx = np.where(bad, 0.0, lx)
        eh, el = exp_dd(lx)
        t, bt, far = _difference(x, np.zeros_like(x), eh, el, 2.0**-100)
        q = t / eh
        dq = up(np.abs(t) / eh * 2.0**-51 + bt / eh * (1 + 2.0**-50) + rounding(q))
        dmax = up(np.abs(q) + dq)
        bad = bad | far | ~(dmax <= 2.0**-10)
        v = lx + q
        e = up(dmax * dmax + dq + rounding(v))
        slope = np.where(a.e > 0, a.e / low, 0.0)  # max |1/t| on [a - ea, a + ea] is 1/(a - ea)
        e = up(e + slope * (1 + 2.0**-50))
    return _make(v, e, bad)


def softplus_bounded(x: np.ndarray) -> Bounded:
    """``softplus(x) = max(x, 0) + log1p(w)``, ``w = e**-|x|``, at float64 points.

    ``w`` from ``exp_dd`` (within ``2**-100`` relative); ``P`` = numpy's ``log1p(w_h)``,
    checked: ``M = expm1(P)`` from ``expm1_dd`` (``|P| <= log 2 < 0.75``; within ``54 u**2
    < 2**-99`` relative) and ``log1p(w) - P = log(1 + d)``, ``d = (w - M)/(1 + M)``;
    ``1 + M >= 1`` so ``|d| <= |w - M|``, and ``|log(1 + d)| <= 2 |d|`` for ``|d| <= 1/2``.
    For ``x > 620`` the value is ``x`` within ``w < 2**-894``; for ``x < -620`` it is
    ``w = e**x`` (the exp kernel, scaled or a constant range there) within ``w**2/2 <
    2**-890 w``.
    """
    a = np.abs(x)
    inside = a <= 620
    big = (~inside) & (x > 0)
    with np.errstate(over="ignore", invalid="ignore"):
        wh, wl = exp_dd(-np.where(inside, a, 0.0))
        p = np.log1p(wh)
        mh, ml = expm1_dd(np.where(inside, p, 0.0))
        t, bt, far = _difference(wh, wl, mh, ml, 2.0**-99)
        d = up(np.abs(t) + bt)
        v = np.maximum(x, 0.0) + p
        e = up(2 * d + rounding(v))
    bad = inside & (far | ~(d <= 0.5))
    v = np.where(big, x, v)
    e = np.where(big, 2.0**-890, e)
    small = ~inside & ~big
    if small.any():  # x < -620: log1p(w) with w = e**x < 2**-894 lies in (w - w**2/2, w)
        tiny = kernel_value("exp", x[small])
        v[small] = tiny.v
        e[small] = up(tiny.e + np.abs(tiny.v) * 2.0**-890 + 2.0**-1074)
        bad[small] = tiny.bad
    return _make(v, e, bad)


def log1p_bounded(u: Bounded) -> Bounded:
    """``log(1 + U)`` without forming ``1 + U`` where ``|u| <= 1/4``: numpy's ``log1p(u)`` as
    ``P``, checked like softplus's: ``M = expm1(P)`` from ``expm1_dd`` (``|P| < 0.29``),
    ``log1p(u) - P = log(1 + d)``, ``d = (u - M)/(1 + M)`` with ``1 + M = e**P > 0.74``, so
    ``|d| <= 2 |u - M|`` and ``|log(1 + d)| <= 2 |d|`` for ``|d| <= 1/2``. The argument's
    error goes through ``max 1/(1 + t) = 1/(1 + u - eu)`` (required above 1/4). Elsewhere
    ``log(1 + U)`` as :func:`log_bounded` of the sum."""
    small = ~u.bad & (np.abs(u.v) <= 0.25)
    wide = log_bounded(add(Bounded(np.ones(u.v.shape), np.zeros(u.v.shape), u.bad, np.ones(u.v.shape)), u))
    if not small.any():
        return wide
    x = np.where(small, u.v, 0.0)
    flip = np.where(x < 0, -1.0, 1.0)  # _difference wants positive operands: |u - M| either way
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        p = np.log1p(x)
        mh, ml = expm1_dd(p)
        t, bt, far = _difference(flip * x, np.zeros_like(x), flip * mh, flip * ml, 2.0**-99)
        d = up(2 * (np.abs(t) + bt))
        low = (1 + x - u.e) * (1 - 2.0**-50)
        e = up(2 * d + rounding(p) + u.e / low)
    zero = x == 0
    bad = far & ~zero | ~(d <= 0.5) | ~(low > 0.25)
    e = np.where(zero, u.e / np.where(low > 0, low, 1.0) * (1 + 2.0**-50), e)
    v = np.where(small, p, wide.v)
    e = np.where(small, e, wide.e)
    return _make(v, e, np.where(small, bad | u.bad, wide.bad), np.where(small, u.sign, wide.sign))

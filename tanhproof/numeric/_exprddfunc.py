"""Catalog functions of a double-double argument with a rigorous error bound.

:func:`function` gives ``g(A)`` for an argument ``A = h + l +- e``
(a :class:`~tanhproof.numeric._exprdd.DDBounded`) by the proved binary64 kernel of
``g`` at the float64 ``h`` (:func:`~tanhproof.numeric._ddkernels.split64`) corrected to
first order, with the remainder bounded by the second derivative.

Explanation
===========

**The value at h.** A value kind ``h_g + l_g`` is within ``B = 2**-98`` relative of
``g(h)`` (:data:`~tanhproof.numeric._ddkernels.BOUND64`), so within ``B (|h_g| + |l_g|)
(1 + 2**-50)``; a constant range ``c`` (beside kind) is within ``2**-30`` of the gap from
``c`` to its neighbour, at most ``2**-82 |c| + 2**-1074``; a scaled kind ``2**k (h_g +
l_g)`` (below ``2**-894``) is taken as 0 within ``fl(2**k (|h_g| + |l_g|)) (1 + 2**-50) +
2**-1074`` (``ldexp`` into the subnormals rounds by at most ``2**-1075``), so that
``-1 + e**x`` far left still rounds to nearest. Other kinds are bad. Where
``g`` is beside a float64 (``sigmoid(40) = 1 - 4e-18``), a bound relative to ``g`` hides
on which side; there the value is written so that the small part carries its own
relative error (each ``(1, -s)`` below is normalised, ``|s| <= u``):

* ``sigmoid(t) = 1 - s(-t)`` for ``t >= 37`` and ``tanh(a) = 1 - 2 s(-2a)`` for ``a >=
  19`` (``s(-37) < 2**-53``): ``(1, -s_h)``, within ``|s_l| + e_s`` (twice for tanh);
* ``softplus(t) = t + softplus(-t)`` for ``t > 40``: ``two_sum(t, p_h)`` (exact), within
  ``|p_l| + e_p``;
* ``|t| < 2**-30``: ``e**t = 1 + t + t**2/2 + r``, ``|r| <= |t|**3/5``, as ``two_sum(1,
  t) = (s, r')`` (exact), ``fl(r' + fl(t**2)/2)`` (within ``u`` of ``|r'| + t**2`` twice)
  and ``two_sum`` again; ``sigmoid(t) = 1/2 + t/4 + r``, ``|r| <= |t|**3/48``
  (``r = (tanh(t/2) - t/2)/2``, below); ``tanh(t) = t - t**3/3 + r``, ``0 <= r sgn(t) <=
  2 |t|**5/15``, since ``f = tanh t - t + t**3/3`` has ``f' = t**2 - tanh(t)**2`` in
  ``[0, 2 t**4/3]`` for ``0 <= t <= 1`` (``t - t**3/3 <= tanh t <= t``); ``fl(t**3)/3``
  is within ``3.01 u`` of ``t**3/3`` plus ``2**-1074`` per underflowing operation.

**First order.** With ``d = |l| + e`` and ``t = A - h`` (so ``|t - l| <= e``, ``|t| <=
d``), Taylor's theorem gives ``g(A) = g(h) + g'(h) l + g'(h)(t - l) + R``, ``|R| <= M
d**2`` for ``M`` at least half the largest ``|g''|`` on ``[h - d, h + d]``. ``g'(h)`` is
a double-double ``p_h + p_l`` within ``e'`` (the derivative's kernel by :func:`kernel_dd`,
``g``'s own value for exp; ``g (1 - g)`` from it for sigmoid in float64, ``p_l = 0``
(``_logistic_slope``); or a product of kernels by
:mod:`tanhproof.numeric._exprerror`'s float64 rules, ``p_l = 0``), so with ``two_prod(p_h,
l) = (q, r)`` (exact but for an underflow, ``2**-1070``) and ``s = fl(r + fl(p_l l))``, ``q + s`` is
within ``e' |l| + u (|fl(p_l l)| + |s|) + 2**-1070`` of ``g'(h) l`` (exact products matter
where ``g(h)`` is small beside ``g'(h) l``: ``log(1 + x**2)`` at ``h = 1``). It is added
as :func:`~tanhproof.numeric._ddarith.add_dd_d` does: ``two_sum(h_g, q) = (S, R)``, ``c =
fl(fl(R + l_g) + s)``, ``two_sum(S, c)``: two roundings, at most ``u`` of each result.
The total:

``e_out = e_g + (that) + u (|fl(R + l_g)| + |c|) + |g'(h)| e + M d**2``.

An exact argument (``l = e = 0``) is the kernel's value alone.

**Second derivatives.** Where ``|g''| <= K w`` with ``w > 0`` and ``|(log w)'| <=
L``, ``w(xi) <= w(h) e**(L d) <= 2 w(h)`` for ``L d <= 1/2`` (required, else bad), so
``M = K w(h)`` bounds half of ``max |g''|``; ``w(h)`` is bounded above by a kernel:

==========  =========================  ==========================  =====  =======
g           g'                         w, K                        L      why
==========  =========================  ==========================  =====  =======
exp         exp                        exp, 1                      1      g'' = g
expm1       exp                        exp, 1                      1      as exp
tanh        tanh' = sech**2            sech**2, 2                  2      g'' = -2 tanh sech**2
tanh'       -2 tanh sech**2            sech**2, 4                  2      g'' = 4 sech**2 tanh**2 - 2 sech**4
sigmoid     sigmoid' = s (1 - s)       s', 1                       1      g'' = s' (1 - 2s)
sigmoid'    -s' tanh(h/2)              s', 2                       1      g'' = s' (1 - 2s)**2 - 2 s'**2
softplus    sigmoid                    s', 1                       1      g'' = s'
sinh        cosh                       cosh, 1                     1      g'' = sinh
cosh        sinh                       cosh, 1                     1      g'' = cosh
sech        -sech tanh                 sech, 1                     1      g'' = sech (tanh**2 - sech**2)
erf         erf' = C e**(-t**2)        erf', 2 (|h| + d)           2 (|h| + d)   g'' = -2 t g'
erfc        -erf'                      erf', 2 (|h| + d)           2 (|h| + d)   as erf
==========  =========================  ==========================  =====  =======

(``(log sech**2)' = -2 tanh``, ``(log s')' = 1 - 2s``, ``(log cosh)' = tanh``,
``(log sech)' = -tanh``, ``(log erf')' = -2t``.) ``log``, ``sqrt``: ``g'' = -1/t**2``,
``-1/(4 t**1.5)`` decrease in magnitude, so with ``m = h - d > 0`` (required, and ``d <=
h/2``) ``M = 1/m**2`` and ``1/(4 m**1.5)``.

``erfc`` (what ``1 + erf(u)`` and ``1 - erf(u)`` compile to) at ``h``:
:func:`~tanhproof.numeric._dderfc.erfc_dd` (``80 u**2``) for ``0 <= h <= 24.9`` (beyond,
below ``2**-900``: bad), ``1 + erf(-h)`` for ``-6 < h < 0`` (no cancellation, ``two_sum``
around one rounding ``c``: ``e_erf + u |c|``), ``(2, -erfc(-h))`` for ``-24.9 <= h <= -6``.

``expm1`` (what ``exp(u) - 1`` compiles to: no cancellation near 0): its value at ``h``
is :func:`~tanhproof.numeric._ddexp.expm1_dd` (relative ``54 u**2``, taken as
``2**-100``) for ``|h| <= 3/4``; for ``h < -37`` ``two_sum(-1, g_h)`` (exact, normalised:
``e**h < u``), within ``e_g + |g_l|``; elsewhere the exp kernel's value plus -1 by
:func:`~tanhproof.numeric._ddarith.add_dd_d` (``2 u**2 (|h_g| + 1)``).

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._exprdd import add, constant_of, exact
>>> x = exact(np.array([0.5]))
>>> from fractions import Fraction
>>> y = function("tanh", add(x, constant_of(Fraction(1, 3), x)))  # tanh(5/6) = 0.68226179023816969725 (mpmath)
>>> float(y.h[0]), bool(y.e[0] < 2.0**-96)
(0.6822617902381697, True)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tanhproof.numeric._ddarith import add_dd_d, two_prod, two_sum
from tanhproof.numeric._dderfc import ERFC_BOUND, ERFC_HIGH, erfc_dd
from tanhproof.numeric._ddexp import EXPM1_RANGE, expm1_dd
from tanhproof.numeric._ddkernels import BOUND64, KIND_BESIDE, KIND_SCALED, KIND_VALUE, split64
from tanhproof.numeric._exprdd import DDBounded, finish
from tanhproof.numeric._exprerror import Bounded, constant, kernel_value, multiply, rounding, up

__all__ = ["DD_FUNCTIONS", "function", "function_parts", "kernel_dd"]

_U2 = 2.0**-106
_SLACK = 1 + 2.0**-50

# Positive everywhere; odd and increasing (the sign of the argument).
_POSITIVE = ("cosh", "erfc", "exp", "sech", "sigmoid", "softplus", "tanh'", "sigmoid'")
_ODD_INCREASING = ("sinh", "tanh", "erf", "expm1")


def _plain(name: str, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    s = split64(name, t)
    value = s.kind == KIND_VALUE
    beside = s.kind == KIND_BESIDE
    with np.errstate(invalid="ignore", over="ignore"):
        h, lo = two_sum(np.where(value, s.h, 0.0), np.where(value, s.lo, 0.0))
        e = np.where(value, BOUND64 * (np.abs(h) + np.abs(lo)) * _SLACK, 0.0)
    h = np.where(beside, s.c, h)
    lo = np.where(beside, 0.0, lo)
    e = up(np.where(beside, np.abs(s.c) * 2.0**-82 + 2.0**-1074, e))
    scaled = s.kind == KIND_SCALED
    if scaled.any():  # below 2**-894: 0 within an upper bound of the magnitude
        with np.errstate(invalid="ignore", over="ignore", under="ignore"):
            size = np.ldexp(np.abs(s.h) + np.abs(s.lo), np.where(scaled, s.e, 0).astype(np.int32))
        e = np.where(scaled, up(size * _SLACK + 2.0**-1074), e)
    ok = (value | beside | scaled) & np.isfinite(h) & np.isfinite(lo) & np.isfinite(e)
    return h, lo, e, ok


_Kernel = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _merge(where: np.ndarray, new: _Kernel, old: _Kernel) -> _Kernel:
    use = where & new[3]
    return tuple(np.where(use, n, o) for n, o in zip(new, old, strict=True))  # type: ignore[return-value]


def _merge_at(idx: np.ndarray, new: _Kernel, old: _Kernel) -> _Kernel:
    """``old`` with ``new`` (computed at ``old``'s elements ``idx`` only) where new's ``ok``."""
    use = new[3]
    out = tuple(o.copy() for o in old)
    for o, n in zip(out, new, strict=True):
        o[idx[use]] = n[use]
    return out  # type: ignore[return-value]


def _complement(t: np.ndarray, where: np.ndarray, scale: float) -> _Kernel:
    """``1 - scale sigmoid(-scale t)`` (sigmoid for ``scale = 1``, tanh for 2) as ``(1,
    -scale s_h)``, dropping ``s_l``."""
    sh, sl, se, ok = _plain("sigmoid", np.where(where, -scale * t, 0.0))
    return np.ones(t.shape), -scale * sh, up(scale * (np.abs(sl) + se)), ok & where


def _erfc(t: np.ndarray) -> _Kernel:
    """``erfc(t)``: :func:`~tanhproof.numeric._dderfc.erfc_dd` for ``0 <= t <= 24.9``;
    ``1 + erf(|t|)`` for ``-6 < t < 0`` (``two_sum(1, erf_h)``, one rounding ``c``);
    ``2 - erfc(|t|)`` as ``(2, -r_h)`` for ``-24.9 <= t <= -6`` (normalised: ``erfc(6) <
    2**-55``), within ``|r_l| + e_r``."""
    right = (t >= 0) & (t <= ERFC_HIGH)
    far = (t <= -6) & (t >= -ERFC_HIGH)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        rh, rl = erfc_dd(np.where(right | far, np.abs(t), 0.0))
        re = up(ERFC_BOUND * (np.abs(rh) + np.abs(rl)) * _SLACK)
        fe = up(re + np.abs(rl))
        rh, rl, re = np.where(far, 2.0, rh), np.where(far, -rh, rl), np.where(far, fe, re)
        right |= far
        gh, gl, ge, ok = _plain("erf", np.where(t < 0, -t, 0.0))
        sh, sl = two_sum(1.0, gh)
        c = sl + gl
        lh, ll = two_sum(sh, c)
        le = up(ge + np.abs(c) * 2.0**-53)
    left = (t < 0) & ok
    return (np.where(right, rh, lh), np.where(right, rl, ll), np.where(right, re, le), right | left)


def kernel_dd(name: str, t: np.ndarray) -> _Kernel:
    """``(h, l, e, ok)``: ``g(t)`` at float64 points as a double-double within ``e``
    (value and beside kinds, refined as the module docstring says; ``ok`` false elsewhere)."""
    if name == "erfc":
        return _erfc(t)
    if name == "expm1":
        return _expm1_dd(t)
    out = _plain(name, t)
    a = np.abs(t)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        tiny = a < 2.0**-30
        if name == "sigmoid":
            far = np.flatnonzero(t >= 37)
            if len(far):
                out = _merge_at(far, _complement(t[far], np.ones(len(far), dtype=bool), 1.0), out)
            if tiny.any():
                h, lo = two_sum(0.5, t / 4)
                out = _merge(tiny, (h, lo, up(a * a * a / 32), tiny), out)
        elif name == "tanh":
            far = np.flatnonzero(a >= 19)
            if len(far):
                h, lo, e, ok = _complement(a[far], np.ones(len(far), dtype=bool), 2.0)
                sgn = np.where(t[far] < 0, -1.0, 1.0)
                out = _merge_at(far, (sgn * h, sgn * lo, e, ok), out)
            if tiny.any():
                lo = -(t * t * t) / 3
                e = up(np.abs(lo) * 2.0**-51 + 0.14 * (a * a * a * a * a) + 2.0**-1072)  # no pow: the twin's
                out = _merge(tiny, (t, lo, e, tiny), out)
        elif name == "exp":
            if tiny.any():  # e**t = 1 + t + t**2/2 + r, |r| <= |t|**3/6 e**|t| <= |t|**3/5
                sh, sl = two_sum(1.0, t)
                lo = sl + (t * t) / 2
                h, lo = two_sum(sh, lo)
                e = up((np.abs(sl) + t * t) * 2.0**-52 + a * a * a / 5 + 2.0**-1073)
                out = _merge(tiny, (h, lo, e, tiny), out)
        elif name == "softplus":
            far = np.flatnonzero(t > 40)
            if len(far):
                ph, pl, pe, ok = _plain("softplus", -t[far])
                h, lo = two_sum(t[far], ph)
                out = _merge_at(far, (h, lo, up(np.abs(pl) + pe), ok), out)
    return out


def _expm1_dd(t: np.ndarray) -> _Kernel:
    """``expm1(t)``: :func:`~tanhproof.numeric._ddexp.expm1_dd` inside
    :data:`~tanhproof.numeric._ddexp.EXPM1_RANGE` (relative ``2**-100``), else ``e**t - 1``
    from the exp kernel (``-1 + e**t`` as ``(-1, g_h)`` below -37, where ``e**t < u``);
    each branch computed on its own elements only."""
    small = np.abs(t) <= EXPM1_RANGE[1]
    h, lo, e = np.zeros(t.shape), np.zeros(t.shape), np.zeros(t.shape)
    ok = small.copy()
    inner = np.flatnonzero(small)
    with np.errstate(invalid="ignore", over="ignore"):
        if len(inner):
            sh, sl = expm1_dd(t[inner])
            h[inner], lo[inner] = sh, sl
            e[inner] = up(2.0**-100 * (np.abs(sh) + np.abs(sl)))
        outer = np.flatnonzero(~small)
        if len(outer):
            gh, gl, eg, good = _plain("exp", t[outer])
            bh, bl = add_dd_d(gh, gl, -1.0)
            be = up(eg + 2 * _U2 * (np.abs(gh) + 1))
            far = t[outer] < -37  # e**t < u: -1 + e**t as (-1, g_h), g_l dropped
            fh, fl = two_sum(-1.0, gh)
            h[outer] = np.where(far, fh, bh)
            lo[outer] = np.where(far, fl, bl)
            e[outer] = np.where(far, up(eg + np.abs(gl)), be)
            ok[outer] = good
    return h, lo, e, ok


def _upper(b: Bounded) -> np.ndarray:
    return np.where(b.bad, np.inf, up(np.abs(b.v) + b.e))


_Deriv = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (h, l, e, bad)
_DerivRule = Callable[[np.ndarray, _Kernel], _Deriv]  # (h, g's value at h) -> g'(h)


def _k(name: str) -> _DerivRule:
    """``g'`` is the kernel ``name`` (``"g"``: ``g`` itself, as for exp; ``"-name"``: its negation)."""

    def run(h: np.ndarray, g: _Kernel) -> _Deriv:
        dh, dl, de, ok = g if name == "g" else kernel_dd(name.lstrip("-"), h)
        if name.startswith("-"):
            dh, dl = -dh, -dl
        return dh, dl, de, ~ok

    return run


def _logistic_slope(h: np.ndarray, g: _Kernel) -> _Deriv:
    """``sigmoid'(h) = G (1 - G)`` from sigmoid's own value ``g = g_h + g_l`` (within
    ``e_g`` of ``G``), in float64: ``d = fl(g_h fl(fl(1 - g_h) - g_l))``, no second kernel.

    ``|G (1 - G) - g (1 - g)| = |G - g| |1 - G - g| <= e_g (1 + 3 e_g)``. ``m = fl(fl(1 -
    g_h) - g_l)`` is ``(1 - g)(1 + a)(1 + b)``, ``|a| <= u (1 + u)``, ``|b| <= u``: ``1 -
    g_h`` is exact for ``g_h`` in ``[1/2, 2]`` (Sterbenz), and below ``1/2`` its rounding
    is within ``u (1 - g_h) <= u (1 + u)(1 - g)`` (``|g_l| <= u g_h``, ``1 - g >= 1/2 - u``).
    Far right, where ``g = (1, -s)``, ``m = s`` exactly: ``1 - g`` does not cancel. With
    ``g_h = g (1 + c)``, ``|c| <= u/(1 - u)``, and the product's rounding, ``d`` is within
    ``4.02 u |d| < 2**-50 |d|`` of ``g (1 - g)``; ``2**-1070`` covers an underflow (none
    happens: sigmoid's values and ``s`` are above ``2**-900`` where they are of the value
    kind). Only ``|g'(h)| |l|`` with ``|l| <= u |h|`` reads this bound, so ``u |d|`` costs
    ``u**2 |h d|`` where ``add_parts`` and ``mul_parts`` cost three times the time."""
    gh, gl, eg, ok = g
    with np.errstate(under="ignore"):
        d = gh * ((1.0 - gh) - gl)
    e = up(eg * (1 + 3 * eg) + np.abs(d) * 2.0**-50 + 2.0**-1070)
    return d, np.zeros_like(d), e, ~ok


def _times(*names: str, factor: float = 1.0, half: bool = False) -> _DerivRule:
    """``g'`` is ``factor`` times the product of kernels (``"g"``: ``g``'s own value; the
    last at ``h/2`` when ``half``), by :mod:`tanhproof.numeric._exprerror`'s float64 rules."""

    def one(name: str, at: np.ndarray, g: _Kernel) -> Bounded:
        if name != "g":
            return kernel_value(name, at)
        gh, gl, eg, ok = g
        v = gh + gl
        return Bounded(v, up(eg + rounding(v)), ~ok, np.zeros_like(v))

    def run(h: np.ndarray, g: _Kernel) -> _Deriv:
        out = one(names[0], h, g)
        for i, name in enumerate(names[1:]):
            out = multiply(out, one(name, h / 2 if half and i == len(names) - 2 else h, g))
        if factor != 1.0:
            out = multiply(out, constant(factor, 0.0, out))
        return out.v, np.zeros_like(out.v), out.e, out.bad

    return run


# g -> (g' at h, w kernel ("" means g itself, "d" g'), K, L); the table of the docstring.
_RULES: dict[str, tuple[_DerivRule, str, float, float]] = {
    "exp": (_k("g"), "", 1.0, 1.0),
    "expm1": (_k("exp"), "d", 1.0, 1.0),
    "tanh": (_k("tanh'"), "d", 2.0, 2.0),
    "tanh'": (_times("tanh", "g", factor=-2.0), "", 4.0, 2.0),
    "sigmoid": (_logistic_slope, "d", 1.0, 1.0),
    "sigmoid'": (_times("g", "tanh", factor=-1.0, half=True), "", 2.0, 1.0),
    "softplus": (_k("sigmoid"), "sigmoid'", 1.0, 1.0),
    "sinh": (_k("cosh"), "d", 1.0, 1.0),
    "cosh": (_k("sinh"), "", 1.0, 1.0),
    "sech": (_times("g", "tanh", factor=-1.0), "", 1.0, 1.0),
    "erf": (_k("erf'"), "d", 0.0, 0.0),  # K, L depend on h (docstring)
    "erfc": (_k("-erf'"), "d", 0.0, 0.0),
    "log": (_k("log'"), "", 0.0, 0.0),
    "sqrt": (_k("sqrt'"), "", 0.0, 0.0),
}

#: The functions :func:`function` evaluates.
DD_FUNCTIONS = tuple(sorted(_RULES))


def _curvature(
    name: str, h: np.ndarray, d: np.ndarray, g_upper: np.ndarray, d_upper: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(M, ok)``: ``|R| <= M d**2`` where ``ok`` (docstring); ``g_upper``, ``d_upper``
    bound ``|g(h)|`` and ``|g'(h)|``."""
    _, w, k, lip = _RULES[name]
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        if name in ("log", "sqrt"):
            m = (h - d) * (1 - 2.0**-50)
            ok = (m > 0) & (d <= h / 2)
            m = np.where(ok, m, 1.0)
            big = 1 / (m * m) if name == "log" else 1 / (4 * m * np.sqrt(m) * (1 - 2.0**-50))
            return up(big), ok
        if name in ("erf", "erfc"):
            reach = up(np.abs(h) + d)
            return up(2 * reach * d_upper), 2 * reach * d <= 0.5
        size = {"": g_upper, "d": d_upper}.get(w)
        if size is None:
            size = _upper(kernel_value(w, h))
        return up(k * size), lip * d <= 0.5


def function_parts(
    name: str, ah: np.ndarray, al: np.ndarray, ae: np.ndarray, abad: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e, bad)`` of ``g(A)`` from the parts of ``A`` (where ``bad``, 0 unless every
    argument is exact), for ``g`` one of :data:`DD_FUNCTIONS`: :func:`function` without the
    known sign (what the activations' formulas of :mod:`tanhproof.numeric._activationgelu`
    use, and :mod:`tanhproof.numeric._activationjit` computes again per element)."""
    t = np.where(abad, 1.0, ah)
    gh, gl, eg, ok = kernel_dd(name, t)
    bad = abad | ~ok
    exact = (al == 0) & (ae == 0)
    if exact.all():  # the kernel's own values, as they are where bad
        return gh, gl, eg, bad
    dh, dl, de, dbad = _RULES[name][0](t, (gh, gl, eg, ok))
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        d = up(np.abs(al) + ae)
        q, qe = two_prod(dh, al)  # g'(h) l = q + qe + dl l exactly, but for underflow
        c1 = dl * al
        qe = qe + c1
        eq = up(de * np.abs(al) + (np.abs(c1) + np.abs(qe)) * 2.0**-53 + 2.0**-1070)
        sh, sl = two_sum(gh, q)  # as add_dd_d: exact two_sum around two roundings
        c2 = sl + gl
        c = c2 + qe
        h, lo = two_sum(sh, c)
        g_upper = up(np.abs(gh) + np.abs(gl) + eg)
        d_upper = np.where(dbad, np.inf, up(np.abs(dh) + np.abs(dl) + de))
        m, near = _curvature(name, t, d, g_upper, d_upper)
        e = up(eg + eq + (np.abs(c2) + np.abs(c)) * 2.0**-53 + d_upper * ae + m * d * d)
    bad_inexact = dbad | ~near
    h = np.where(exact, gh, h)
    lo = np.where(exact, gl, lo)
    e = np.where(exact, eg, e)
    bad = bad | (~exact & bad_inexact)
    return np.where(bad, 0.0, h), np.where(bad, 0.0, lo), np.where(bad, 0.0, e), bad


def function(name: str, a: DDBounded) -> DDBounded:
    """``g(A)`` for ``g`` one of :data:`DD_FUNCTIONS`."""
    if name == "sqrt":  # positive where the argument is, 0 at 0
        sign = np.where(a.sign > 0, 1.0, 0.0)
    elif name in _POSITIVE:
        sign = np.ones(a.h.shape)
    elif name in _ODD_INCREASING:
        sign = a.sign
    else:
        sign = None
    return finish(*function_parts(name, a.h, a.l, a.e, a.bad), sign)

"""Double-double values with a rigorous absolute error bound, operation by operation.

The binary64 counterpart of :mod:`tanhproof.numeric._exprerror`: a :class:`DDBounded`
holds, per element, a double-double ``h + l`` (``|l| <= u |h|``, ``u = 2**-53``), a bound
``e >= 0`` with ``|exact - (h + l)| <= e``, the mask ``bad`` of elements with no claim
(the caller sends those to the arb Ziv loop) and a known ``sign`` (+1, -1, or 0 where not
known). :func:`decide_dd` rounds such values to binary64 in every mode where the bound
allows it. The catalog functions are in :mod:`tanhproof.numeric._exprddfunc`.

Explanation
===========

``u = 2**-53``. Bounds are computed in float64 on non-negative numbers and made upper
bounds by :func:`~tanhproof.numeric._exprerror.up` (a factor ``1 + 2**-46`` and
``2**-1068`` cover their few roundings). Every operation requires its operands and its
result to be 0 or of magnitude in ``[2**-900, 2**990]`` (else the element is bad): the
range where :mod:`tanhproof.numeric._ddarith`'s products are exact and its stated
relative bounds hold (a low part that underflows loses at most ``2**-1075``, absorbed by
the factors below, which exceed the stated constants).

**Arithmetic** (``A``, ``B`` exact, ``a``, ``b`` their double-doubles, ``ea``, ``eb`` bounds):

* ``A + B``: :func:`~tanhproof.numeric._ddarith.add_dd` is Algorithm 6
  (AccurateDWPlusDW) of Joldes, Muller and Popescu, "Tight and rigorous error bounds for
  basic building blocks of double-word arithmetic", ACM TOMS 44(2), 2017, Theorem 3.1:
  relative error at most ``3u**2 + 13u**3`` of ``|a + b|`` whatever the signs (sums are
  exact when subnormal, so the bound holds there too). Rather than that bound (``4 u**2
  |h|``), which hides the sign of a tiny part beside a float64 (``1 - 2**-125``), the
  error is bounded a posteriori (:func:`add_with_error`): the algorithm's only two
  roundings, each at most ``u`` of its computed result. It is 0 where ``a`` and ``b`` are
  doubles (``two_sum`` is exact and the renormalisations then are too). Total ``ea +
  eb +`` that.
* ``A B - a b = a (B - b) + b (A - a) + (A - a)(B - b)``: ``|a| eb + |b| ea + ea eb`` plus
  the rounding of :func:`~tanhproof.numeric._ddarith.mul_dd` (relative ``8.1 u**2``),
  bounded a posteriori by :func:`mul_with_error`; 0 where ``a`` and ``b`` are doubles
  (Dekker's product is exact, ``x_l = y_l = 0``).
* ``A/B - a/b = ((A - a) b - a (B - b)) / (B b)``: at most ``ea/|B| + |a/b| eb/|B|``
  with ``|B| >= |b| - eb``, required ``eb <= |b|/2``, plus
  :func:`~tanhproof.numeric._ddarith.div_dd`'s ``15.5 u**2`` (taken as ``16 u**2 |h|``);
  ``|b| >= |b_h| - |b_l|``, ``|a/b| <= |h| (1 + 2**-50)``; quotients are formed before
  products, so nothing overflows on the way (``|b|**2`` did for ``|b| ~ 1e170``).
* ``|A|``: ``ea`` (``|a|`` is exact); ``-A``: exact.
* constants: a rational ``q`` as ``h = fl(q)``, ``l = fl(q - h)``, ``e = |q - h - l|``
  (exact rationals, rounded up); any other constant from an arb ball at 256 bits (its
  midpoint's double-double, ``e`` the radius plus the distance, rounded up).

**Decision** (:func:`decide_dd`): the tests of
:func:`~tanhproof.numeric._dddecide.decide64` with the absolute bound ``E = e``:
``(H, L) = two_sum(h, l)`` is exact, the exact value lies in ``[H + L - E, H + L + E]``,
and since rounding to nearest is monotone ``fl(L + E) < g`` for a float64 ``g`` implies
``L + E < g``; so nearest is decided where ``L + E < gu/2`` and ``L - E > -gd/2`` (``gu``,
``gd`` the exact gaps from ``H`` to its neighbours), a directed mode where ``0 < L - E``
and ``L + E < gu`` (or the mirror) or ``L = E = 0``. Only ``2**-900 <= |H| < 2**1023``
is decided, never a zero (whose sign is left to the loop). With ``residual=True`` the
element must also have ``e`` below ``2**-20`` of an ulp; the residual is ``((H - value)
+ L) / ulp``.

Examples
========

>>> import numpy as np
>>> x = exact(np.array([3.0]))
>>> third = divide(constant_of(1, x), x)
>>> float(third.h[0]), bool(third.e[0] < 2.0**-102)
(0.3333333333333333, True)
>>> values, decided, _ = decide_dd(third, "up")
>>> bool(decided[0]), float(values[0]) == float(np.nextafter(1 / 3, 1))
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tanhproof.numeric._ddarith import div_dd, fast_two_sum, two_prod, two_sum
from tanhproof.numeric._exprerror import Bounded, rounding, up
from tanhproof.numeric._ulps import ulp_array

__all__ = [
    "DDBounded",
    "absolute",
    "add",
    "add_parts",
    "add_with_error",
    "as_bounded",
    "constant",
    "constant_of",
    "dd_of_fraction",
    "decide_dd",
    "div_parts",
    "divide",
    "exact",
    "finish",
    "float_bounds",
    "mul_parts",
    "mul_with_error",
    "multiply",
    "negate",
]

_LOW = 2.0**-900
_HIGH = 2.0**990
_U2 = 2.0**-106
_U = 2.0**-53


@dataclass(frozen=True)
class DDBounded:
    """Per element: ``h + l`` (a double-double), ``e`` bounding ``|exact - (h + l)|``,
    ``bad`` (no claim: ``h``, ``l``, ``e`` mean nothing) and the known ``sign``."""

    h: np.ndarray
    l: np.ndarray  # noqa: E741
    e: np.ndarray
    bad: np.ndarray
    sign: np.ndarray


def _sign(h: np.ndarray, lo: np.ndarray, e: np.ndarray, sign: np.ndarray | None) -> np.ndarray:
    """The known sign: ``sign`` where given, else that of ``h`` where ``fl(|l| + e) <=
    |h|/2`` (so ``|l| + e < |h|``)."""
    with np.errstate(invalid="ignore", over="ignore"):
        sure = (np.abs(lo) + e) <= np.abs(h) / 2
        known = np.where(sure & (h != 0), np.sign(h), 0.0)
        zero = (h == 0) & (lo == 0) & (e == 0)
    known = np.where(zero, 0.0, known)
    return known if sign is None else np.where(sign != 0, sign, known)


def finish(h: np.ndarray, lo: np.ndarray, e: np.ndarray, bad: np.ndarray, sign=None) -> DDBounded:
    """A :class:`DDBounded`, with the elements outside the range of the module docstring
    (or not finite) marked bad."""
    with np.errstate(invalid="ignore", over="ignore"):
        m = np.abs(h)
        ok = ((m >= _LOW) & (m <= _HIGH) | (h == 0) & (lo == 0)) & np.isfinite(e) & np.isfinite(lo)
    bad = bad | ~ok
    return DDBounded(h, lo, e, bad, _sign(h, lo, e, sign))


def exact(x: np.ndarray) -> DDBounded:
    """The variable: float64 values, exact."""
    x = np.asarray(x, dtype=np.float64)
    z = np.zeros_like(x)
    return finish(x, z, z.copy(), np.zeros(x.shape, dtype=bool), np.sign(x))


def dd_of_fraction(q: Fraction) -> tuple[float, float, float]:
    """``(h, l, e)``: the double-double nearest ``q`` and an upper bound of ``|q - h - l|``.

    >>> dd_of_fraction(Fraction(1, 10))
    (0.1, -5.551115123125783e-18, 3.0814879110195775e-34)
    """
    h = float(q)
    lo = float(q - Fraction(h))
    rest = abs(q - Fraction(h) - Fraction(lo))
    err = float(rest)
    if Fraction(err) < rest:
        err = float(np.nextafter(err, np.inf))
    return h, lo, err


def constant(h: float, lo: float, err: float, like: DDBounded) -> DDBounded:
    """A constant ``h + l`` within ``err``, broadcast to ``like``'s shape."""
    shape = like.h.shape
    return finish(np.full(shape, h), np.full(shape, lo), np.full(shape, err), np.zeros(shape, dtype=bool))


def constant_of(q: int | Fraction, like: DDBounded) -> DDBounded:
    """The rational ``q`` (:func:`dd_of_fraction`), broadcast to ``like``'s shape."""
    return constant(*dd_of_fraction(Fraction(q)), like)


def negate(a: DDBounded) -> DDBounded:
    """``-A``: exact."""
    return DDBounded(-a.h, -a.l, a.e, a.bad, -a.sign)


def absolute(a: DDBounded) -> DDBounded:
    """``|A|``: the sign of ``h`` is that of ``h + l``."""
    flip = np.where(a.h < 0, -1.0, 1.0)
    return DDBounded(a.h * flip, a.l * flip, a.e, a.bad, np.abs(a.sign))


def _doubles(a: DDBounded, b: DDBounded) -> np.ndarray:
    return (a.l == 0) & (b.l == 0)


def add_with_error(xh, xl, yh, yl) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, r)``: :func:`~tanhproof.numeric._ddarith.add_dd` (AccurateDWPlusDW) with
    ``r`` bounding its rounding error a posteriori: its two ``two_sum`` and two
    ``fast_two_sum`` are exact, its two additions ``c = fl(s_l + t_h)`` and ``w = fl(t_l +
    v_l)`` err by at most ``u |c|`` and ``u |w|`` (round to nearest; exact when subnormal)."""
    sh, sl = two_sum(xh, yh)
    th, tl = two_sum(xl, yl)
    c = sl + th
    vh, vl = fast_two_sum(sh, c)
    w = tl + vl
    h, lo = fast_two_sum(vh, w)
    return h, lo, (np.abs(c) + np.abs(w)) * _U


def mul_with_error(xh, xl, yh, yl) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, r)``: :func:`~tanhproof.numeric._ddarith.mul_dd` with ``r`` bounding its
    error a posteriori: ``two_prod`` and ``fast_two_sum`` are exact (in the range of the
    module docstring), the products ``c = fl(x_h y_l)``, ``d = fl(x_l y_h)`` and the sums
    ``s = fl(c + d)``, ``w = fl(p_l + s)`` err by at most ``u`` of their magnitude plus
    ``2**-1075`` (an underflowing product), and the dropped ``x_l y_l`` is below
    ``|x_l| |y_l|``."""
    ph, pl = two_prod(xh, yh)
    c = xh * yl
    d = xl * yh
    s = c + d
    w = pl + s
    h, lo = fast_two_sum(ph, w)
    r = (np.abs(c) + np.abs(d) + np.abs(s) + np.abs(w)) * _U + np.abs(xl) * np.abs(yl) + 2.0**-1073
    return h, lo, r


def add_parts(ah, al, ae, bh, bl, be) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e)`` of ``A + B`` from the parts of ``A`` and ``B`` (module docstring)."""
    with np.errstate(over="ignore", invalid="ignore"):
        h, lo, r = add_with_error(ah, al, bh, bl)
        rnd = np.where((al == 0) & (bl == 0), 0.0, r)
        return h, lo, up(ae + be + rnd)


def mul_parts(ah, al, ae, bh, bl, be) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e, overflow)`` of ``A B`` from the parts (module docstring); ``h`` and ``l``
    are 0 where the product is not finite (``overflow``)."""
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        h, lo, r = mul_with_error(ah, al, bh, bl)
        ma = np.abs(ah) + np.abs(al)
        mb = np.abs(bh) + np.abs(bl)
        rnd = np.where((al == 0) & (bl == 0), 0.0, r)
        e = up(ma * be + mb * ae + ae * be + rnd)
    overflow = ~np.isfinite(h)
    return np.where(overflow, 0.0, h), np.where(overflow, 0.0, lo), e, overflow


def div_parts(ah, al, ae, bh, bl, be) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, e, bad)`` of ``A / B`` from the parts (module docstring); ``bad`` where
    ``eb <= |b|/2`` fails, ``b_h = 0`` or the quotient is not finite (``h``, ``l`` 0 there)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        low = (np.abs(bh) - np.abs(bl)) * (1 - 2.0**-50)  # below |b|
        bad = ~(be <= low / 2) | (bh == 0)
        h, lo = div_dd(ah, al, np.where(bad, 1.0, bh), np.where(bad, 0.0, bl))
        # ea/|B| + |a/b| eb/|B| with |B| >= low_b, as quotients before any product (a
        # product of two magnitudes overflowed to inf for |b| ~ 1e170, making the bound 0);
        # |a/b| <= |h| (1 + 2**-50) since div_dd errs by at most 16 u**2 relative.
        low_b = (low - be) * (1 - 2.0**-50)
        prop = ae / low_b + np.abs(h) * (1 + 2.0**-50) * (be / low_b)
        e = up(prop + 16 * _U2 * np.abs(h))
    bad = bad | ~np.isfinite(h)
    return np.where(bad, 0.0, h), np.where(bad, 0.0, lo), e, bad


def add(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A + B``."""
    h, lo, e = add_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    return finish(h, lo, e, a.bad | b.bad, np.where(a.sign == b.sign, a.sign, 0.0))


def multiply(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A B``."""
    h, lo, e, overflow = mul_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    bad = a.bad | b.bad | overflow
    return finish(np.where(bad, 0.0, h), np.where(bad, 0.0, lo), e, bad, a.sign * b.sign)


def divide(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A / B`` where ``eb <= |b|/2``."""
    h, lo, e, failed = div_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    bad = a.bad | b.bad | failed
    return finish(np.where(bad, 0.0, h), np.where(bad, 0.0, lo), e, bad, a.sign * b.sign)


def decide_dd(
    b: DDBounded, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)``: the binary64 rounding of the exact values under
    ``mode`` where the bound decides it (module docstring)."""
    ok = ~b.bad & np.isfinite(b.e) & (b.h != 0)
    h = np.where(ok, b.h, 1.0)
    lo = np.where(ok, b.l, 0.0)
    E = np.where(ok, b.e, 1.0)
    H, L = two_sum(h, lo)
    with np.errstate(invalid="ignore", over="ignore"):
        above_h = np.nextafter(H, np.inf)
        below_h = np.nextafter(H, -np.inf)
        gu = above_h - H
        gd = H - below_h
        top = L + E
        bottom = L - E
        magnitude = np.abs(H)
        ok &= (magnitude >= _LOW) & (magnitude < 2.0**1023)
        if mode == "nearest":
            decided = ok & (top < 0.5 * gu) & (bottom > -0.5 * gd)
            values = H
        else:
            above = (bottom > 0) & (top < gu)
            below = (top < 0) & (bottom > -gd)
            exact = (L == 0) & (E == 0)
            decided = ok & (above | below | exact)
            lower = np.where(below, below_h, H)
            upper = np.where(above, above_h, H)
            if mode == "up":
                values = upper
            elif mode == "down":
                values = lower
            else:  # toward zero: the smaller magnitude (H and the value have one sign here)
                values = np.where(H > 0, lower, upper)
    res = None
    if residual:
        with np.errstate(over="ignore", invalid="ignore"):
            ulp = ulp_array(values, "binary64")
            res = ((H - values) + L) / ulp
            decided &= np.isfinite(values) & (b.e <= ulp * 2.0**-20)
        res = np.where(decided, res, np.nan)
    return values, decided, res


def as_bounded(b: DDBounded) -> Bounded:
    """The float64 value ``fl(h + l)`` within ``e + rounding``, as a
    :class:`~tanhproof.numeric._exprerror.Bounded` (for the narrower formats: the
    double-double path's rewritings, ``erfc`` for ``1 + erf``, carry over)."""
    with np.errstate(over="ignore", invalid="ignore"):
        v = b.h + b.l
        e = up(b.e + rounding(v))
    return Bounded(v, e, b.bad | ~np.isfinite(v) | ~np.isfinite(e), b.sign)


def float_bounds(b: DDBounded) -> tuple[np.ndarray, np.ndarray]:
    """``(lo, hi)``: float64 values with ``lo <= exact <= hi``, as tight as float64 allows:
    ``s = fl(l + e)`` is within half an ulp of ``l + e``, and ``s' = fl(s + 2**-52 |s| +
    2**-1074)`` is at least the float64 after ``s`` (the increment is at least an ulp of
    ``s``; rounding is monotone), so ``s' >= l + e`` and ``h + s'`` is above the exact
    value; ``two_sum(h, s')`` (exact) tells whether its rounded sum is below it, and then
    the next float64 up is taken (mirrored for ``lo``). A value just below a float64
    ``c`` (GELU's ``x - tiny``) keeps ``hi = c``."""
    with np.errstate(over="ignore", invalid="ignore"):
        s_hi = b.l + b.e
        s_hi = s_hi + (np.abs(s_hi) * 2.0**-52 + 2.0**-1074)
        t, r = two_sum(b.h, s_hi)
        hi = np.where(r > 0, np.nextafter(t, np.inf), t)
        s_lo = b.l - b.e
        s_lo = s_lo - (np.abs(s_lo) * 2.0**-52 + 2.0**-1074)
        t, r = two_sum(b.h, s_lo)
        lo = np.where(r < 0, np.nextafter(t, -np.inf), t)
    return lo, hi

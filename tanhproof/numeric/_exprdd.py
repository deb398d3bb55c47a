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
  exact when subnormal, so the bound holds there too); with ``|a + b| <= |h| (1 + 2u)``
  the rounding is at most ``4 u**2 |h|``. It is 0 where ``a`` and ``b`` are doubles
  (``two_sum`` is exact and the renormalisations then are too). Total ``ea + eb +`` that.
* ``A B - a b = a (B - b) + b (A - a) + (A - a)(B - b)``: ``|a| eb + |b| ea + ea eb`` plus
  the rounding of :func:`~tanhproof.numeric._ddarith.mul_dd`, relative ``8.1 u**2``
  (:mod:`tanhproof.numeric._ddarith`), taken as ``9 u**2 |h|``; 0 where ``a`` and ``b``
  are doubles (Dekker's product is exact, ``x_l = y_l = 0``).
* ``A/B - a/b = ((A - a) b - a (B - b)) / (B b)``: at most ``(ea |b| + |a| eb) / (|b|
  (|b| - eb))``, required ``eb <= |b|/2``, plus :func:`~tanhproof.numeric._ddarith.div_dd`'s
  ``15.5 u**2`` (taken as ``16 u**2 |h|``); ``|a| <= |a_h| + |a_l|``, ``|b| >= |b_h| - |b_l|``.
* ``|A|``: ``ea`` (``|a|`` is exact); ``-A``: exact.
* constants: a rational ``q`` as ``h = fl(q)``, ``l = fl(q - h)``, ``e = |q - h - l|``
  (exact rationals, rounded up); any other constant from an arb ball at 256 bits (its
  midpoint's double-double, ``e`` the radius plus the distance, rounded up).

**Decision** (:func:`decide_dd`): the bound ``e`` is handed to
:func:`~tanhproof.numeric._dddecide.decide64` as the relative bound ``B = fl(fl(e/|h|)
(1 + 2**-50))`` per element, so ``E = fl(|h| B (1 + 2**-40)) >= e`` (three roundings
of relative ``u`` at most, far inside the two factors): its tests are exact and decide
only ``2**-900 <= |h + l| < 2**1023``, never a zero (whose sign is left to the loop).
With ``residual=True`` the element must also have ``e`` below ``2**-20`` of an ulp; the
residual is ``((h - value) + l) / ulp`` (``h - value`` exact by Sterbenz).

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

from tanhproof.numeric._ddarith import add_dd, div_dd, mul_dd
from tanhproof.numeric._dddecide import decide64
from tanhproof.numeric._exprerror import up
from tanhproof.numeric._ulps import ulp_array

__all__ = [
    "DDBounded",
    "absolute",
    "add",
    "constant",
    "constant_of",
    "dd_of_fraction",
    "decide_dd",
    "divide",
    "exact",
    "finish",
    "multiply",
    "negate",
]

_LOW = 2.0**-900
_HIGH = 2.0**990
_U2 = 2.0**-106


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


def add(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A + B``."""
    with np.errstate(over="ignore", invalid="ignore"):
        h, lo = add_dd(a.h, a.l, b.h, b.l)
        rnd = np.where(_doubles(a, b), 0.0, 4 * _U2 * np.abs(h))
        e = up(a.e + b.e + rnd)
    return finish(h, lo, e, a.bad | b.bad, np.where(a.sign == b.sign, a.sign, 0.0))


def multiply(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A B``."""
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        h, lo = mul_dd(a.h, a.l, b.h, b.l)
        ma = np.abs(a.h) + np.abs(a.l)
        mb = np.abs(b.h) + np.abs(b.l)
        rnd = np.where(_doubles(a, b), 0.0, 9 * _U2 * np.abs(h))
        e = up(ma * b.e + mb * a.e + a.e * b.e + rnd)
    bad = a.bad | b.bad | ~np.isfinite(h)
    return finish(np.where(bad, 0.0, h), np.where(bad, 0.0, lo), e, bad, a.sign * b.sign)


def divide(a: DDBounded, b: DDBounded) -> DDBounded:
    """``A / B`` where ``eb <= |b|/2``."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        low = (np.abs(b.h) - np.abs(b.l)) * (1 - 2.0**-50)  # below |b|
        bad = a.bad | b.bad | ~(b.e <= low / 2) | (b.h == 0)
        bh = np.where(bad, 1.0, b.h)
        h, lo = div_dd(a.h, a.l, bh, np.where(bad, 0.0, b.l))
        ma = np.abs(a.h) + np.abs(a.l)
        mb = np.abs(b.h) + np.abs(b.l)
        prop = (a.e * mb + ma * b.e) / (low * (low - b.e) * (1 - 2.0**-50))
        e = up(prop + 16 * _U2 * np.abs(h))
    bad = bad | ~np.isfinite(h)
    return finish(np.where(bad, 0.0, h), np.where(bad, 0.0, lo), e, bad, a.sign * b.sign)


def decide_dd(
    b: DDBounded, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)``: the binary64 rounding of the exact values under
    ``mode`` where the bound decides it (module docstring)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ok = ~b.bad & np.isfinite(b.e) & (b.h != 0)
        h = np.where(ok, b.h, 1.0)
        lo = np.where(ok, b.l, 0.0)
        rel = np.where(ok, b.e / np.abs(h), 0.0) * (1 + 2.0**-50)
        ok &= np.isfinite(rel)
        values, decided = decide64(h, lo, np.where(ok, rel, 0.0), mode)
    decided = decided & ok
    res = None
    if residual:
        with np.errstate(over="ignore", invalid="ignore"):
            ulp = ulp_array(values, "binary64")
            res = ((h - values) + lo) / ulp
            decided &= np.isfinite(values) & (b.e <= ulp * 2.0**-20)
        res = np.where(decided, res, np.nan)
    return values, decided, res
